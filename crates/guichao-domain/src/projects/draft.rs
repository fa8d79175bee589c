//! A project as typed, and the rules it keeps before the store writes it:
//! a name, amounts that are not negative and not absurd, the parts of the
//! investment within the whole, and a team of reasonable size. What needs
//! the database (the unit in the writer's scope, the officer a user of the
//! county, the company and chamber records) the store checks.

use super::{MAX_FEN, ProjectKind, ProjectSource, format_amount};
use crate::fellows::FormError;
use crate::text::TextField;
use uuid::Uuid;

/// The project's name, e.g. 汽车内饰件生产线项目.
pub const NAME: TextField = TextField::line("项目名称", "project name", 100).required();
/// The project's notes, typed into a textarea.
pub const NOTES: TextField = TextField::notes("备注", "notes", 2000);
/// The most jobs a project may plan: more is a typing mistake.
pub const MAX_JOBS: i64 = 1_000_000;
/// The largest land need, in hundredths of a mu (100,000 亩).
pub const MAX_LAND_HUNDREDTHS_MU: i64 = 10_000_000;
/// The largest factory need, in m² (10 km²).
pub const MAX_FACTORY_M2: i64 = 10_000_000;
/// The most users on a project's team.
pub const MAX_TEAM: usize = 50;

/// A project as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectDraft {
    pub name: String,
    /// The investor company (a company record of the county).
    pub company_id: Option<Uuid>,
    pub kind: ProjectKind,
    /// The agreed investment (协议投资额).
    pub investment_fen: i64,
    /// Of the investment, fixed assets (固定资产投资).
    pub fixed_asset_fen: i64,
    /// Of the investment, foreign capital (外资).
    pub foreign_fen: i64,
    pub jobs_planned: i64,
    /// Land the project needs, in hundredths of a mu (12.5亩 is 1250).
    pub land_need_hundredths_mu: i64,
    pub factory_need_m2: i64,
    /// The org unit responsible for the project (责任单位).
    pub unit_id: Uuid,
    /// The project officer (项目警官), a user of the county.
    pub officer_id: Option<Uuid>,
    /// The users who work on it besides the officer.
    pub team: Vec<Uuid>,
    pub source: ProjectSource,
    /// The chamber the project came through; kept only when the source is a chamber.
    pub source_chamber_id: Option<Uuid>,
    /// The lead (a project at stage 线索) this project grew from.
    pub follows_lead_id: Option<Uuid>,
    pub notes: String,
}

/// Refuses a negative amount or one above [`MAX_FEN`].
fn money(name: &'static str, zh: &str, en: &str, fen: i64) -> Option<FormError> {
    if fen < 0 {
        Some(FormError::new(name, format!("{zh}不能为负数"), format!("The {en} cannot be negative")))
    } else if fen > MAX_FEN {
        Some(FormError::new(
            name,
            format!("{zh}超过1万亿元，请检查单位"),
            format!("The {en} is over 1 trillion yuan; check the unit"),
        ))
    } else {
        None
    }
}

/// Refuses a negative count or one above `max`.
fn count(name: &'static str, zh: &str, en: &str, value: i64, max: i64) -> Option<FormError> {
    if value < 0 {
        Some(FormError::new(name, format!("{zh}不能为负数"), format!("The {en} cannot be negative")))
    } else if value > max {
        Some(FormError::new(name, format!("{zh}超出合理范围"), format!("The {en} is out of range")))
    } else {
        None
    }
}

/// Refuses a part of the investment larger than the whole.
fn part(name: &'static str, zh: &str, en: &str, fen: i64, investment: i64) -> Option<FormError> {
    (fen > investment).then(|| {
        FormError::new(
            name,
            format!("{zh}（{}）不能超过协议投资额（{}）", format_amount(fen), format_amount(investment)),
            format!(
                "The {en} ({}) cannot exceed the agreed investment ({})",
                format_amount(fen),
                format_amount(investment)
            ),
        )
    })
}

impl ProjectDraft {
    /// The draft with its rules applied, text trimmed, the team without
    /// repeats and a chamber only for a project a chamber brought. Every
    /// broken rule is returned under the field the form and the API name.
    pub fn check(&self) -> Result<ProjectDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut text = |name: &'static str, rule: TextField, value: &str| {
            rule.check(value).unwrap_or_else(|message| {
                errors.push(FormError { field: name, message });
                String::new()
            })
        };
        let name = text("name", NAME, &self.name);
        let notes = text("notes", NOTES, &self.notes);
        errors.extend(
            [
                money("investment_fen", "协议投资额", "agreed investment", self.investment_fen),
                money("fixed_asset_fen", "固定资产投资", "fixed-asset investment", self.fixed_asset_fen),
                money("foreign_fen", "外资", "foreign investment", self.foreign_fen),
                count("jobs_planned", "计划用工", "planned jobs", self.jobs_planned, MAX_JOBS),
                count(
                    "land_need_hundredths_mu",
                    "用地需求",
                    "land need",
                    self.land_need_hundredths_mu,
                    MAX_LAND_HUNDREDTHS_MU,
                ),
                count("factory_need_m2", "厂房需求", "factory need", self.factory_need_m2, MAX_FACTORY_M2),
            ]
            .into_iter()
            .flatten(),
        );
        if errors.iter().all(|e| !e.field.ends_with("_fen")) {
            let fixed = part(
                "fixed_asset_fen",
                "固定资产投资",
                "fixed-asset investment",
                self.fixed_asset_fen,
                self.investment_fen,
            );
            let foreign = part("foreign_fen", "外资", "foreign investment", self.foreign_fen, self.investment_fen);
            errors.extend([fixed, foreign].into_iter().flatten());
        }
        let mut team = self.team.clone();
        team.sort_unstable();
        team.dedup();
        if team.len() > MAX_TEAM {
            errors.push(FormError::new(
                "team",
                format!("项目团队最多{MAX_TEAM}人"),
                format!("A team has at most {MAX_TEAM} members"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let source_chamber_id = self.source_chamber_id.filter(|_| self.source == ProjectSource::Chamber);
        Ok(ProjectDraft { name, notes, team, source_chamber_id, ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::FEN_PER_YI;

    fn draft() -> ProjectDraft {
        ProjectDraft {
            name: " 汽车内饰件生产线 ".into(),
            company_id: None,
            kind: ProjectKind::Manufacturing,
            investment_fen: 10 * FEN_PER_YI,
            fixed_asset_fen: 8 * FEN_PER_YI,
            foreign_fen: 0,
            jobs_planned: 300,
            land_need_hundredths_mu: 12_050,
            factory_need_m2: 20_000,
            unit_id: Uuid::from_u128(1),
            officer_id: None,
            team: vec![Uuid::from_u128(3), Uuid::from_u128(2), Uuid::from_u128(3)],
            source: ProjectSource::TaskForce,
            source_chamber_id: Some(Uuid::from_u128(9)),
            follows_lead_id: None,
            notes: String::new(),
        }
    }

    fn fields(errors: Vec<FormError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_draft_is_cleaned() {
        let checked = draft().check().unwrap();
        assert_eq!(checked.name, "汽车内饰件生产线");
        assert_eq!(checked.team, [Uuid::from_u128(2), Uuid::from_u128(3)], "no repeats");
        assert_eq!(checked.source_chamber_id, None, "a chamber only for a chamber's project");
        let chamber = ProjectDraft { source: ProjectSource::Chamber, ..draft() }.check().unwrap();
        assert_eq!(chamber.source_chamber_id, Some(Uuid::from_u128(9)));
    }

    #[test]
    fn a_name_is_required_and_limited() {
        assert_eq!(fields(ProjectDraft { name: "  ".into(), ..draft() }.check().unwrap_err()), ["name"]);
        assert_eq!(fields(ProjectDraft { name: "项".repeat(101), ..draft() }.check().unwrap_err()), ["name"]);
    }

    #[test]
    fn amounts_and_areas_are_not_negative() {
        let bad = ProjectDraft { investment_fen: -1, jobs_planned: -3, factory_need_m2: -1, ..draft() };
        let errors = bad.check().unwrap_err();
        assert_eq!(errors[0].message.zh, "协议投资额不能为负数");
        assert_eq!(fields(errors), ["investment_fen", "jobs_planned", "factory_need_m2"]);
        let absurd = ProjectDraft {
            investment_fen: MAX_FEN + 1,
            land_need_hundredths_mu: MAX_LAND_HUNDREDTHS_MU + 1,
            ..draft()
        };
        assert_eq!(fields(absurd.check().unwrap_err()), ["investment_fen", "land_need_hundredths_mu"]);
    }

    #[test]
    fn the_parts_stay_within_the_investment() {
        let over = ProjectDraft { fixed_asset_fen: 11 * FEN_PER_YI, foreign_fen: 11 * FEN_PER_YI, ..draft() };
        let errors = over.check().unwrap_err();
        assert_eq!(errors[0].message.zh, "固定资产投资（11亿元）不能超过协议投资额（10亿元）");
        assert_eq!(fields(errors), ["fixed_asset_fen", "foreign_fen"]);
        let whole = ProjectDraft { fixed_asset_fen: 10 * FEN_PER_YI, foreign_fen: 10 * FEN_PER_YI, ..draft() };
        assert!(whole.check().is_ok(), "each part may be the whole");
    }

    #[test]
    fn a_team_is_limited() {
        let big = ProjectDraft { team: (0..=MAX_TEAM as u128).map(Uuid::from_u128).collect(), ..draft() };
        assert_eq!(fields(big.check().unwrap_err()), ["team"]);
    }
}
