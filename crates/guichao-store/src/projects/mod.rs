//! Investment projects (招商项目): the project with its team and officer, its
//! stage history as dated events, the fellows credited with it, its funds in
//! place, and the program's project figures computed from those records.
//!
//! Who sees a project is decided in [`scope`]; the fellows credited with it
//! are named only to a reader who may see them (`fellows::scope::visible_ids`).
//! The current stage is derived from the events on every read, never stored.

#[cfg(feature = "system")]
mod bulk;
mod choices;
mod company;
mod credit;
mod directory;
mod edit;
pub(crate) mod facts;
mod import;
mod list;
mod metrics;
mod progress;
mod read;
mod rules;
pub(crate) mod scope;
pub(crate) mod standing;
mod write;

#[cfg(feature = "system")]
pub use bulk::{BulkFunds, BulkProject, BulkProjectCompany, BulkProjectCounts};
pub use choices::ProjectChoices;
pub use directory::{LedgerFellow, LedgerUnit, LedgerUser, ProjectDirectory};
pub use guichao_domain::projects::ProjectDraft;
pub use import::{ImportedProject, LedgerCompany, ProjectImportCounts};

use crate::{Actor, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::projects::{FundEvidence, ProjectKind, ProjectRole, ProjectSource, Stage};
use serde::Serialize;
use uuid::Uuid;

/// The permissions a [`Projects`] handle is made with.
const AREA: [Permission; 2] = [Permission::ProjectRead, Permission::ProjectWrite];

/// The most rows one page of the project list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// Projects as one actor reaches them with one permission.
pub struct Projects<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// Projects for work that needs `permission` (`project.read` or
    /// `project.write`), or `Forbidden`.
    pub fn projects<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Projects<'a>> {
        Ok(Projects(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Projects<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// The orders a project list can take; ties go by name, then id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProjectSort {
    /// By name in pinyin order.
    #[default]
    Name,
    /// By signing date as known today; projects not signed come last.
    Signed,
}

/// Which projects a list shows, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct ProjectQuery {
    /// Only projects at this stage today.
    pub stage: Option<Stage>,
    pub sort: ProjectSort,
    pub descending: bool,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// One line of a project list.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub id: Uuid,
    pub name: String,
    pub kind: ProjectKind,
    pub investment_fen: i64,
    pub unit_id: Uuid,
    pub unit: String,
    pub officer_id: Option<Uuid>,
    pub officer: String,
    /// The stage today, derived from the events.
    pub stage: Stage,
    /// The signing milestone as known today.
    pub signed_on: Option<NaiveDate>,
}

/// A project on a fellow's page: the project and the fellow's part in it.
#[derive(Debug, Clone, Serialize)]
pub struct FellowProject {
    pub project: ProjectRow,
    pub role: ProjectRole,
}

/// One event of a project's history.
#[derive(Debug, Clone, Serialize)]
pub struct StageEventRow {
    pub id: Uuid,
    pub stage: Stage,
    pub on: NaiveDate,
    pub note: String,
    pub supersedes: Option<Uuid>,
    pub reason: String,
    /// Whether a later correction replaced it (it then counts on no day).
    pub superseded: bool,
    pub recorded_by: Option<Uuid>,
    /// Who recorded it; empty for the system.
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// A fellow credited with a project, whom the reader may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectFellowRow {
    pub fellow_id: Uuid,
    pub name: String,
    pub role: ProjectRole,
}

/// One entry of funds in place.
#[derive(Debug, Clone, Serialize)]
pub struct FundRow {
    pub id: Uuid,
    pub amount_fen: i64,
    pub on: NaiveDate,
    pub evidence: FundEvidence,
    pub note: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// A user on a project's team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamMember {
    pub user_id: Uuid,
    pub name: String,
}

/// A project with everything recorded about it.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectDetail {
    pub id: Uuid,
    pub name: String,
    pub company_id: Option<Uuid>,
    pub company: String,
    pub kind: ProjectKind,
    pub investment_fen: i64,
    pub fixed_asset_fen: i64,
    pub foreign_fen: i64,
    pub jobs_planned: i64,
    pub land_need_hundredths_mu: i64,
    pub factory_need_m2: i64,
    pub unit_id: Uuid,
    pub unit: String,
    pub officer_id: Option<Uuid>,
    pub officer: String,
    pub source: ProjectSource,
    pub source_chamber_id: Option<Uuid>,
    pub source_chamber: String,
    pub follows_lead_id: Option<Uuid>,
    /// The lead's name, when the reader may see it.
    pub follows_lead: Option<String>,
    pub notes: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The stage today, derived from the events.
    pub stage: Stage,
    /// Every event, superseded ones marked, by date then time recorded.
    pub events: Vec<StageEventRow>,
    pub fellows: Vec<ProjectFellowRow>,
    /// Funds in place by date, and their total.
    pub funds: Vec<FundRow>,
    pub funds_in_place_fen: i64,
    pub team: Vec<TeamMember>,
    /// Whether the reader may record events, credits and funds on it.
    pub can_write: bool,
}

fn kind_of(code: &str) -> ProjectKind {
    ProjectKind::parse(code).unwrap_or(ProjectKind::Other)
}

fn source_of(code: &str) -> ProjectSource {
    ProjectSource::parse(code).unwrap_or(ProjectSource::Other)
}

fn role_of(code: &str) -> ProjectRole {
    ProjectRole::parse(code).unwrap_or(ProjectRole::Advisor)
}

/// A role's place in the order lists show roles in (investor first).
fn role_rank(role: ProjectRole) -> usize {
    ProjectRole::ALL.iter().position(|r| *r == role).unwrap_or(usize::MAX)
}
