//! The JSON bodies of the project writes, with their OpenAPI schemas, and
//! how each becomes what the store takes: codes read with a message naming
//! the codes allowed, under the field that held them.

use crate::api::fields::FieldApiError;
use crate::api::vocab::{FundEvidenceCode, ProjectKindCode, ProjectRoleCode, ProjectSourceCode, StageCode};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::fellows::FormError;
use guichao_domain::projects::{
    CompanyRef, FundEvidence, NewStageEvent, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage,
};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The investor company by name, found by its code or name or recorded when new.
#[derive(Deserialize, ToSchema)]
pub struct CompanyBody {
    pub name: String,
    /// The 18-character unified social credit code.
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub city: String,
}

/// A project as created or replaced. Amounts in fen (1万元 = 1,000,000),
/// land in hundredths of a mu.
#[derive(Deserialize, ToSchema)]
pub struct ProjectBody {
    pub name: String,
    /// The investor company, by id; or give `company`.
    pub company_id: Option<Uuid>,
    pub company: Option<CompanyBody>,
    /// Default `other`.
    #[schema(value_type = Option<ProjectKindCode>)]
    pub kind: Option<String>,
    /// The agreed investment (协议投资额); default 0 (a lead).
    #[serde(default)]
    pub investment_fen: i64,
    #[serde(default)]
    pub fixed_asset_fen: i64,
    #[serde(default)]
    pub foreign_fen: i64,
    #[serde(default)]
    pub jobs_planned: i64,
    #[serde(default)]
    pub land_need_hundredths_mu: i64,
    #[serde(default)]
    pub factory_need_m2: i64,
    /// The responsible unit; default the caller's own.
    pub unit_id: Option<Uuid>,
    pub officer_id: Option<Uuid>,
    #[serde(default)]
    pub team: Vec<Uuid>,
    /// Default `other`.
    #[schema(value_type = Option<ProjectSourceCode>)]
    pub source: Option<String>,
    pub source_chamber_id: Option<Uuid>,
    /// The lead this project grew from.
    pub follows_lead_id: Option<Uuid>,
    #[serde(default)]
    pub notes: String,
    /// On a replace: the version read; a later save by someone else is a 409.
    pub version: Option<i32>,
}

/// A code of a vocabulary (`default` when absent, or required when there is
/// none), or a field error listing the codes.
fn code<T: Copy>(
    field: &'static str,
    value: Option<&str>,
    default: Option<T>,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Result<T, FieldApiError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    if let (None, Some(d)) = (value, default) {
        return Ok(d);
    }
    value.and_then(|value| all.iter().copied().find(|v| code(*v) == value)).ok_or_else(|| {
        let codes: Vec<&str> = all.iter().map(|v| code(*v)).collect();
        let message = Msg::new(
            format!("{field} 应为 {} 之一", codes.join("、")),
            format!("{field} is one of {}", codes.join(", ")),
        );
        FieldApiError::Fields(vec![FormError { field, message }])
    })
}

impl ProjectBody {
    /// The draft and the named company; the unit defaults to `own_unit`.
    pub fn draft(self, own_unit: Uuid) -> Result<(ProjectDraft, Option<CompanyRef>, Option<i32>), FieldApiError> {
        let kind = code("kind", self.kind.as_deref(), Some(ProjectKind::Other), &ProjectKind::ALL, ProjectKind::code)?;
        let source = code(
            "source",
            self.source.as_deref(),
            Some(ProjectSource::Other),
            &ProjectSource::ALL,
            ProjectSource::code,
        )?;
        let company = match &self.company {
            Some(c) => CompanyRef::parse(&c.name, &c.credit_code, &c.city).map_err(FieldApiError::Fields)?,
            None => None,
        };
        let draft = ProjectDraft {
            name: self.name,
            company_id: self.company_id,
            kind,
            investment_fen: self.investment_fen,
            fixed_asset_fen: self.fixed_asset_fen,
            foreign_fen: self.foreign_fen,
            jobs_planned: self.jobs_planned,
            land_need_hundredths_mu: self.land_need_hundredths_mu,
            factory_need_m2: self.factory_need_m2,
            unit_id: self.unit_id.unwrap_or(own_unit),
            officer_id: self.officer_id,
            team: self.team,
            source,
            source_chamber_id: self.source_chamber_id,
            follows_lead_id: self.follows_lead_id,
            notes: self.notes,
        };
        Ok((draft, company, self.version))
    }
}

/// A stage reached (or a correction of an earlier event, or a drop).
#[derive(Deserialize, ToSchema)]
pub struct StageEventBody {
    /// `inspected`, `negotiating`, `signed`, `registered`, `started`,
    /// `in_production` or `dropped`.
    #[schema(value_type = StageCode)]
    pub stage: String,
    /// The day it happened, not after today.
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
    /// The event this one corrects.
    pub supersedes: Option<Uuid>,
    /// Why: required for a correction, a date out of order, or a drop.
    #[serde(default)]
    pub reason: String,
}

impl StageEventBody {
    pub fn event(self) -> Result<NewStageEvent, FieldApiError> {
        let stages: Vec<Stage> = Stage::ALL.into_iter().filter(|s| *s != Stage::Lead).collect();
        let stage = code("stage", Some(&self.stage), None, &stages, Stage::code)?;
        Ok(NewStageEvent { stage, on: self.date, note: self.note, supersedes: self.supersedes, reason: self.reason })
    }
}

/// A fellow credited with the project.
#[derive(Deserialize, ToSchema)]
pub struct CreditBody {
    pub fellow_id: Uuid,
    /// `investor`, `introducer` or `advisor`.
    #[schema(value_type = ProjectRoleCode)]
    pub role: String,
}

impl CreditBody {
    pub fn role(&self) -> Result<ProjectRole, FieldApiError> {
        role_of(Some(&self.role))
    }
}

/// A credit's role as a query parameter or body field.
pub fn role_of(value: Option<&str>) -> Result<ProjectRole, FieldApiError> {
    code("role", value, None, &ProjectRole::ALL, ProjectRole::code)
}

/// Funds that arrived.
#[derive(Deserialize, ToSchema)]
pub struct FundsBody {
    /// In fen, more than 0.
    pub amount_fen: i64,
    /// The day they arrived, not after today.
    pub date: NaiveDate,
    /// Default `other`.
    #[schema(value_type = Option<FundEvidenceCode>)]
    pub evidence: Option<String>,
    /// Required when the total would pass the agreed investment.
    #[serde(default)]
    pub note: String,
}

impl FundsBody {
    pub fn evidence(&self) -> Result<FundEvidence, FieldApiError> {
        code("evidence", self.evidence.as_deref(), Some(FundEvidence::Other), &FundEvidence::ALL, FundEvidence::code)
    }
}
