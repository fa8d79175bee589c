//! The JSON shapes of `/api/v1/projects` and `/api/v1/metrics/projects`,
//! with their OpenAPI schemas. Amounts are in fen (分), land in hundredths
//! of a mu.

use crate::api::vocab::{FundEvidenceCode, ProjectKindCode, ProjectRoleCode, ProjectSourceCode, StageCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::projects::{DaysFigure, ProjectMetrics};
use guichao_store::projects::{FundRow, ProjectDetail, ProjectFellowRow, ProjectRow, StageEventRow, TeamMember};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One project of a list.
#[derive(Serialize, ToSchema)]
pub struct ProjectItem {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = ProjectKindCode)]
    pub kind: String,
    /// The agreed investment (协议投资额).
    pub investment_fen: i64,
    /// The responsible unit (责任单位).
    pub unit_id: Uuid,
    pub unit: String,
    /// The project officer (项目警官); empty when none.
    pub officer_id: Option<Uuid>,
    pub officer: String,
    /// The stage today, derived from the events.
    #[schema(value_type = StageCode)]
    pub stage: String,
    /// The signing milestone as known today.
    pub signed_on: Option<NaiveDate>,
}

impl From<ProjectRow> for ProjectItem {
    fn from(p: ProjectRow) -> ProjectItem {
        ProjectItem {
            id: p.id,
            name: p.name,
            kind: p.kind.code().into(),
            investment_fen: p.investment_fen,
            unit_id: p.unit_id,
            unit: p.unit,
            officer_id: p.officer_id,
            officer: p.officer,
            stage: p.stage.code().into(),
            signed_on: p.signed_on,
        }
    }
}

/// A page of projects and how many there are in all.
#[derive(Serialize, ToSchema)]
pub struct ProjectList {
    pub items: Vec<ProjectItem>,
    pub total: u64,
}

/// One event of a project's history.
#[derive(Serialize, ToSchema)]
pub struct StageEventItem {
    pub id: Uuid,
    #[schema(value_type = StageCode)]
    pub stage: String,
    pub on: NaiveDate,
    pub note: String,
    /// The event this one corrects.
    pub supersedes: Option<Uuid>,
    /// Why it corrects another, is out of order or drops the project.
    pub reason: String,
    /// Whether a later correction replaced it (it then counts on no day).
    pub superseded: bool,
    /// Who recorded it; empty for the system.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<StageEventRow> for StageEventItem {
    fn from(e: StageEventRow) -> StageEventItem {
        StageEventItem {
            id: e.id,
            stage: e.stage.code().into(),
            on: e.on,
            note: e.note,
            supersedes: e.supersedes,
            reason: e.reason,
            superseded: e.superseded,
            recorded_by: e.recorded_by_name,
            recorded_at: e.recorded_at,
        }
    }
}

/// A fellow credited with a project, whom the caller may see (the others are
/// not listed).
#[derive(Serialize, ToSchema)]
pub struct ProjectFellowItem {
    pub fellow_id: Uuid,
    pub name: String,
    #[schema(value_type = ProjectRoleCode)]
    pub role: String,
}

impl From<ProjectFellowRow> for ProjectFellowItem {
    fn from(f: ProjectFellowRow) -> ProjectFellowItem {
        ProjectFellowItem { fellow_id: f.fellow_id, name: f.name, role: f.role.code().into() }
    }
}

/// Funds that arrived (到位资金).
#[derive(Serialize, ToSchema)]
pub struct FundItem {
    pub id: Uuid,
    pub amount_fen: i64,
    pub on: NaiveDate,
    #[schema(value_type = FundEvidenceCode)]
    pub evidence: String,
    pub note: String,
}

impl From<FundRow> for FundItem {
    fn from(f: FundRow) -> FundItem {
        FundItem { id: f.id, amount_fen: f.amount_fen, on: f.on, evidence: f.evidence.code().into(), note: f.note }
    }
}

/// A user on a project's team.
#[derive(Serialize, ToSchema)]
pub struct TeamItem {
    pub user_id: Uuid,
    pub name: String,
}

impl From<TeamMember> for TeamItem {
    fn from(m: TeamMember) -> TeamItem {
        TeamItem { user_id: m.user_id, name: m.name }
    }
}

/// A project with everything recorded about it.
#[derive(Serialize, ToSchema)]
pub struct ProjectView {
    pub id: Uuid,
    pub name: String,
    /// The investor company; empty when none.
    pub company_id: Option<Uuid>,
    pub company: String,
    #[schema(value_type = ProjectKindCode)]
    pub kind: String,
    pub investment_fen: i64,
    /// Of the investment, fixed assets (固定资产投资).
    pub fixed_asset_fen: i64,
    /// Of the investment, foreign capital (外资).
    pub foreign_fen: i64,
    pub jobs_planned: i64,
    /// Land needed, in hundredths of a mu (12.5亩 is 1250).
    pub land_need_hundredths_mu: i64,
    pub factory_need_m2: i64,
    pub unit_id: Uuid,
    pub unit: String,
    pub officer_id: Option<Uuid>,
    pub officer: String,
    #[schema(value_type = ProjectSourceCode)]
    pub source: String,
    pub source_chamber_id: Option<Uuid>,
    pub source_chamber: String,
    /// The lead this project grew from; its name is null when the caller may not see it.
    pub follows_lead_id: Option<Uuid>,
    pub follows_lead: Option<String>,
    pub notes: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The stage today, derived from the events.
    #[schema(value_type = StageCode)]
    pub stage: String,
    /// Every event, superseded ones marked, by date then time recorded.
    pub events: Vec<StageEventItem>,
    pub fellows: Vec<ProjectFellowItem>,
    pub funds: Vec<FundItem>,
    pub funds_in_place_fen: i64,
    pub team: Vec<TeamItem>,
    /// Whether the caller may record events, credits and funds on it.
    pub can_write: bool,
}

impl From<ProjectDetail> for ProjectView {
    fn from(p: ProjectDetail) -> ProjectView {
        ProjectView {
            id: p.id,
            name: p.name,
            company_id: p.company_id,
            company: p.company,
            kind: p.kind.code().into(),
            investment_fen: p.investment_fen,
            fixed_asset_fen: p.fixed_asset_fen,
            foreign_fen: p.foreign_fen,
            jobs_planned: p.jobs_planned,
            land_need_hundredths_mu: p.land_need_hundredths_mu,
            factory_need_m2: p.factory_need_m2,
            unit_id: p.unit_id,
            unit: p.unit,
            officer_id: p.officer_id,
            officer: p.officer,
            source: p.source.code().into(),
            source_chamber_id: p.source_chamber_id,
            source_chamber: p.source_chamber,
            follows_lead_id: p.follows_lead_id,
            follows_lead: p.follows_lead,
            notes: p.notes,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
            stage: p.stage.code().into(),
            events: p.events.into_iter().map(Into::into).collect(),
            fellows: p.fellows.into_iter().map(Into::into).collect(),
            funds: p.funds.into_iter().map(Into::into).collect(),
            funds_in_place_fen: p.funds_in_place_fen,
            team: p.team.into_iter().map(Into::into).collect(),
            can_write: p.can_write,
        }
    }
}

/// How many days a step took across the projects that took it.
#[derive(Serialize, ToSchema)]
pub struct DaysBody {
    /// The median; the mean of the middle two for an even count.
    pub median: Option<f64>,
    pub fastest: Option<i64>,
    pub fastest_project_id: Option<Uuid>,
}

impl From<DaysFigure> for DaysBody {
    fn from(d: DaysFigure) -> DaysBody {
        DaysBody { median: d.median, fastest: d.fastest, fastest_project_id: d.fastest_project_id }
    }
}

/// The figures of the projects signed in a period, as known on a day. Rates
/// are shares from 0 to 1, null when there is nothing to divide by.
#[derive(Serialize, ToSchema)]
pub struct ProjectMetricsBody {
    /// Projects brought in (引进项目): signed in the period.
    pub projects_signed: u64,
    /// Their agreed investment.
    pub investment_fen: i64,
    /// Of them, invested in or introduced by fellows.
    pub via_fellows: u64,
    pub fellow_share: Option<f64>,
    /// Of them, started by the as-of date.
    pub started: u64,
    /// 开工率.
    pub start_rate: Option<f64>,
    /// 注册率.
    pub registration_rate: Option<f64>,
    /// 投产率.
    pub production_rate: Option<f64>,
    /// Their funds in place by the as-of date.
    pub funds_in_place_fen: i64,
    /// 资金到位率: funds in place over agreed investment.
    pub funds_in_place_rate: Option<f64>,
    /// From the first inspection to signing (考察到落地).
    pub inspection_to_signing_days: DaysBody,
    /// From signing to production (签约到投产).
    pub signing_to_production_days: DaysBody,
    pub jobs_planned: i64,
    /// The county's counting rules the figures applied, in words (empty
    /// when every project counts).
    pub counting_rules: Vec<String>,
}

impl From<ProjectMetrics> for ProjectMetricsBody {
    fn from(m: ProjectMetrics) -> ProjectMetricsBody {
        ProjectMetricsBody {
            projects_signed: m.projects_signed,
            investment_fen: m.investment_fen,
            via_fellows: m.via_fellows,
            fellow_share: m.fellow_share,
            started: m.started,
            start_rate: m.start_rate,
            registration_rate: m.registration_rate,
            production_rate: m.production_rate,
            funds_in_place_fen: m.funds_in_place_fen,
            funds_in_place_rate: m.funds_in_place_rate,
            inspection_to_signing_days: m.inspection_to_signing_days.into(),
            signing_to_production_days: m.signing_to_production_days.into(),
            jobs_planned: m.jobs_planned,
            counting_rules: vec![],
        }
    }
}
