//! A county's counting rules (统计口径): which signed projects its figures
//! count. Counties differ: one counts only projects of at least 1000万元,
//! another leaves real estate out, a third counts only investment from
//! outside the city. The rules are settings the figures apply and show
//! beside themselves; with none set, every project counts.

use super::{ProjectFacts, ProjectKind, format_amount};
use crate::Lang;

/// The rules one county counts its projects by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountingRules {
    /// Projects whose agreed investment is below this are not counted.
    pub min_investment_fen: i64,
    /// Kinds not counted (real estate, typically).
    pub excluded_kinds: Vec<ProjectKind>,
    /// Only projects whose investor company is registered outside
    /// `home_city` count; a project with no known investor city does not.
    pub outside_city_only: bool,
    /// The county's prefecture city, e.g. 岳阳.
    pub home_city: String,
}

impl CountingRules {
    /// Whether the figures count project `p`.
    pub fn counts(&self, p: &ProjectFacts) -> bool {
        let city = p.investor_city.trim();
        p.investment_fen >= self.min_investment_fen
            && !self.excluded_kinds.contains(&p.kind)
            && (!self.outside_city_only
                || !city.is_empty() && (self.home_city.trim().is_empty() || !city.contains(self.home_city.trim())))
    }

    /// The projects of `all` the figures count.
    pub fn keep(&self, all: Vec<ProjectFacts>) -> Vec<ProjectFacts> {
        all.into_iter().filter(|p| self.counts(p)).collect()
    }

    /// The rules in words, one line each, to show beside the figures;
    /// empty when every project counts.
    pub fn describe(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        if self.min_investment_fen > 0 {
            let amount = format_amount(self.min_investment_fen);
            lines.push(match lang {
                Lang::Zh => format!("只计协议投资额{amount}及以上的项目"),
                Lang::En => format!("Only projects of {amount} or more are counted"),
            });
        }
        if !self.excluded_kinds.is_empty() {
            let kinds: Vec<&str> = self.excluded_kinds.iter().map(|k| k.label(lang)).collect();
            lines.push(match lang {
                Lang::Zh => format!("不计{}项目", kinds.join("、")),
                Lang::En => format!("{} projects are not counted", kinds.join(", ")),
            });
        }
        if self.outside_city_only {
            let city = self.home_city.trim();
            lines.push(match lang {
                Lang::Zh => format!("只计{city}市外企业的投资"),
                Lang::En => format!("Only investment by companies from outside {city} is counted"),
            });
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::FEN_PER_WAN;
    use uuid::Uuid;

    fn project(kind: ProjectKind, investment_fen: i64, city: &str) -> ProjectFacts {
        ProjectFacts {
            id: Uuid::from_u128(1),
            kind,
            investor_city: city.into(),
            investment_fen,
            jobs_planned: 0,
            via_fellows: false,
            milestones: Default::default(),
            funds: vec![],
        }
    }

    #[test]
    fn with_no_rules_every_project_counts() {
        let rules = CountingRules::default();
        assert!(rules.counts(&project(ProjectKind::RealEstate, 0, "")));
        assert!(rules.describe(Lang::Zh).is_empty());
    }

    #[test]
    fn each_rule_leaves_its_projects_out() {
        let rules = CountingRules {
            min_investment_fen: 1000 * FEN_PER_WAN,
            excluded_kinds: vec![ProjectKind::RealEstate],
            outside_city_only: true,
            home_city: "岳阳".into(),
        };
        assert!(rules.counts(&project(ProjectKind::Manufacturing, 1000 * FEN_PER_WAN, "深圳")));
        assert!(!rules.counts(&project(ProjectKind::Manufacturing, 999 * FEN_PER_WAN, "深圳")), "too small");
        assert!(!rules.counts(&project(ProjectKind::RealEstate, 5000 * FEN_PER_WAN, "深圳")), "real estate");
        assert!(!rules.counts(&project(ProjectKind::Manufacturing, 5000 * FEN_PER_WAN, "岳阳市")), "local");
        assert!(!rules.counts(&project(ProjectKind::Manufacturing, 5000 * FEN_PER_WAN, " ")), "unknown city");
        let kept = rules.keep(vec![
            project(ProjectKind::Tourism, 2000 * FEN_PER_WAN, "长沙"),
            project(ProjectKind::RealEstate, 2000 * FEN_PER_WAN, "长沙"),
        ]);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            rules.describe(Lang::Zh),
            ["只计协议投资额1000万元及以上的项目", "不计房地产项目", "只计岳阳市外企业的投资"]
        );
    }
}
