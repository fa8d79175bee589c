//! The project form as typed: kept as text so a refused form shows again with
//! what the user wrote, and read into a draft with every field's problem
//! named under that field. Amounts are typed in 万元 (or 亿元, as chosen),
//! land in 亩; each input is named as the draft's field its problems name.

use crate::extract::FormData;
use guichao_domain::fellows::FormError;
use guichao_domain::park::{format_mu, parse_mu};
use guichao_domain::projects::{
    AmountUnit, CompanyRef, FEN_PER_WAN, ProjectDraft, ProjectKind, ProjectSource, parse_amount,
};
use guichao_store::projects::ProjectDetail;
use uuid::Uuid;

/// The project form's fields, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProjectForm {
    pub name: String,
    pub company_name: String,
    pub company_credit_code: String,
    pub company_city: String,
    pub kind: String,
    /// The unit the amounts are typed in: `wan` or `yi`.
    pub money_unit: String,
    pub investment: String,
    pub fixed_asset: String,
    pub foreign: String,
    pub jobs_planned: String,
    pub land_mu: String,
    pub factory_m2: String,
    pub unit_id: String,
    pub officer_id: String,
    pub team: Vec<String>,
    pub source: String,
    pub source_chamber_id: String,
    pub notes: String,
    /// The version the edit started from.
    pub version: String,
}

/// An amount of fen in 万元 as a person types it: 12000, 0.5.
pub(super) fn in_wan(fen: i64) -> String {
    let text = format!("{}.{:06}", fen / FEN_PER_WAN, fen % FEN_PER_WAN);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A field's problem.
fn problem(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FormError {
    FormError::new(field, zh, en)
}

impl ProjectForm {
    /// A blank form for a project of `unit`.
    pub fn new(unit: Uuid) -> ProjectForm {
        ProjectForm {
            kind: ProjectKind::Manufacturing.code().into(),
            money_unit: AmountUnit::Wan.code().into(),
            source: ProjectSource::TaskForce.code().into(),
            unit_id: unit.to_string(),
            ..Default::default()
        }
    }

    pub fn from_form(f: &FormData) -> ProjectForm {
        ProjectForm {
            name: f.get("name"),
            company_name: f.get("company_name"),
            company_credit_code: f.get("company_credit_code"),
            company_city: f.get("company_city"),
            kind: f.get("kind"),
            money_unit: f.get("money_unit"),
            investment: f.get("investment_fen"),
            fixed_asset: f.get("fixed_asset_fen"),
            foreign: f.get("foreign_fen"),
            jobs_planned: f.get("jobs_planned"),
            land_mu: f.get("land_need_hundredths_mu"),
            factory_m2: f.get("factory_need_m2"),
            unit_id: f.get("unit_id"),
            officer_id: f.get("officer_id"),
            team: f.all("team").into_iter().filter(|t| !t.is_empty()).collect(),
            source: f.get("source"),
            source_chamber_id: f.get("source_chamber_id"),
            notes: f.get("notes"),
            version: f.get("version"),
        }
    }

    /// The form filled with a stored project, for editing.
    pub fn from_detail(p: &ProjectDetail) -> ProjectForm {
        let opt = |id: Option<Uuid>| id.map(|i| i.to_string()).unwrap_or_default();
        ProjectForm {
            name: p.name.clone(),
            company_name: p.company.clone(),
            kind: p.kind.code().into(),
            money_unit: AmountUnit::Wan.code().into(),
            investment: in_wan(p.investment_fen),
            fixed_asset: in_wan(p.fixed_asset_fen),
            foreign: in_wan(p.foreign_fen),
            jobs_planned: p.jobs_planned.to_string(),
            land_mu: format_mu(p.land_need_hundredths_mu),
            factory_m2: p.factory_need_m2.to_string(),
            unit_id: p.unit_id.to_string(),
            officer_id: opt(p.officer_id),
            team: p.team.iter().map(|m| m.user_id.to_string()).collect(),
            source: p.source.code().into(),
            source_chamber_id: opt(p.source_chamber_id),
            notes: p.notes.clone(),
            version: p.version.to_string(),
            ..Default::default()
        }
    }

    /// The draft, the named company and the version the form carries, or
    /// every field's problem. An empty amount is zero (a lead may have none).
    pub fn parse(&self) -> Result<(ProjectDraft, Option<CompanyRef>, Option<i32>), Vec<FormError>> {
        let mut errors = Vec::new();
        let unit = AmountUnit::parse(&self.money_unit).unwrap_or(AmountUnit::Wan);
        let mut money = |field: &'static str, text: &str| match text.trim() {
            "" => 0,
            t => parse_amount(t, unit).unwrap_or_else(|message| {
                errors.push(FormError { field, message });
                0
            }),
        };
        let investment_fen = money("investment_fen", &self.investment);
        let fixed_asset_fen = money("fixed_asset_fen", &self.fixed_asset);
        let foreign_fen = money("foreign_fen", &self.foreign);
        let mut whole = |field: &'static str, zh: &str, en: &str, text: &str| match text.trim() {
            "" => 0,
            t => t.parse::<i64>().unwrap_or_else(|_| {
                errors.push(problem(field, format!("{zh}应为整数"), format!("The {en} is a whole number")));
                0
            }),
        };
        let jobs_planned = whole("jobs_planned", "计划用工", "planned jobs", &self.jobs_planned);
        let factory_need_m2 = whole("factory_need_m2", "厂房需求", "factory need", &self.factory_m2);
        let land_need_hundredths_mu = match self.land_mu.trim() {
            "" => 0,
            t => parse_mu(t).unwrap_or_else(|message| {
                errors.push(FormError { field: "land_need_hundredths_mu", message });
                0
            }),
        };
        let mut id = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            t => Uuid::parse_str(t).map(Some).unwrap_or_else(|_| {
                errors.push(problem(field, "请从列表中选择", "Please choose from the list"));
                None
            }),
        };
        let unit_id = id("unit_id", &self.unit_id);
        let officer_id = id("officer_id", &self.officer_id);
        let source_chamber_id = id("source_chamber_id", &self.source_chamber_id);
        let team: Vec<Uuid> = self.team.iter().filter_map(|t| id("team", t)).collect();
        if unit_id.is_none() && self.unit_id.trim().is_empty() {
            errors.push(problem("unit_id", "请选择责任单位", "Please choose the responsible unit"));
        }
        let kind = ProjectKind::parse(&self.kind).unwrap_or_else(|| {
            errors.push(problem("kind", "请选择项目类型", "Please choose the kind of project"));
            ProjectKind::Other
        });
        let source = ProjectSource::parse(&self.source).unwrap_or_else(|| {
            errors.push(problem("source", "请选择项目来源", "Please choose the source"));
            ProjectSource::Other
        });
        if source == ProjectSource::Chamber && source_chamber_id.is_none() {
            errors.push(problem(
                "source_chamber_id",
                "商会引荐的项目请选择来源商会",
                "Choose the chamber that brought it",
            ));
        }
        let version = self.version.trim().parse::<i32>().ok();
        let company = CompanyRef::parse(&self.company_name, &self.company_credit_code, &self.company_city)
            .unwrap_or_else(|e| {
                errors.extend(e);
                None
            });
        let draft = ProjectDraft {
            name: self.name.clone(),
            company_id: None,
            kind,
            investment_fen,
            fixed_asset_fen,
            foreign_fen,
            jobs_planned,
            land_need_hundredths_mu,
            factory_need_m2,
            unit_id: unit_id.unwrap_or_default(),
            officer_id,
            team,
            source,
            source_chamber_id,
            follows_lead_id: None,
            notes: self.notes.clone(),
        };
        // The draft's own rules, named under their fields with the rest.
        if let Err(rules) = draft.check() {
            let named: Vec<&'static str> = errors.iter().map(|e| e.field).collect();
            errors.extend(rules.into_iter().filter(|r| !named.contains(&r.field)));
        }
        if errors.is_empty() { Ok((draft, company, version)) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProjectForm {
        ProjectForm {
            name: "汽车内饰件生产线项目".into(),
            investment: "3.5".into(),
            money_unit: "yi".into(),
            ..ProjectForm::new(Uuid::from_u128(7))
        }
    }

    fn fields(f: &ProjectForm) -> Vec<&'static str> {
        f.parse().unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn amounts_read_in_the_chosen_unit() {
        let (d, company, _) = form().parse().unwrap();
        assert_eq!(d.investment_fen, 35_000_000_000);
        assert_eq!(company, None);
        let wan = ProjectForm { investment: "12000".into(), money_unit: "wan".into(), ..form() };
        assert_eq!(wan.parse().unwrap().0.investment_fen, 12_000 * FEN_PER_WAN);
    }

    #[test]
    fn every_problem_is_named_under_its_field() {
        let bad = ProjectForm {
            name: String::new(),
            investment: "-1".into(),
            land_mu: "12.345".into(),
            jobs_planned: "很多".into(),
            source: "chamber".into(),
            ..form()
        };
        let mut got = fields(&bad);
        got.sort_unstable();
        assert_eq!(got, ["investment_fen", "jobs_planned", "land_need_hundredths_mu", "name", "source_chamber_id"]);
    }

    #[test]
    fn a_stored_project_fills_the_form_back() {
        assert_eq!(in_wan(12_000 * FEN_PER_WAN), "12000");
        assert_eq!(in_wan(FEN_PER_WAN / 2), "0.5");
        assert_eq!(in_wan(0), "0");
    }
}
