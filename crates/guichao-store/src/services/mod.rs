//! Service requests from returnees (服务诉求): the county's time limits and
//! holiday calendar, requests with their status trail, replies and the
//! requester's satisfaction, the lists (mine, my unit's, overdue, all), the
//! report by kind and unit, and the public form's submit and lookup.
//!
//! A request is seen through its handling unit: a reader whose
//! `service.read` reaches that unit (the unit itself, a unit above it with
//! `unit_and_below`, or the county office with `tenant`), and its assignee.
//! Outside that, a request is `NotFound`. The public form and lookup have no
//! actor: they go through [`PublicServices`], which can only submit a
//! request to the county office and read back what the requester may see.

#[cfg(feature = "system")]
mod bulk;
mod calendar;
mod create;
mod documents;
mod public;
mod public_rate;
mod read;
mod report;
mod steps;

pub use calendar::MAX_CALENDAR_DAYS;
pub use documents::{DocumentFile, DocumentRow};
pub use report::ServiceReportPage;

#[cfg(feature = "system")]
pub use bulk::BulkRequest;
pub use public::{PublicLookup, PublicServices, PublicSubmitted};

use crate::entities::service_request;
use crate::{Actor, Scope, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::services::{ServiceKind, ServiceStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition};
use serde::Serialize;
use uuid::Uuid;

/// The permissions a [`Services`] handle is made with.
const AREA: [Permission; 2] = [Permission::ServiceRead, Permission::ServiceWrite];

/// The most rows one page of a list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// Service requests as one actor reaches them with one permission.
pub struct Services<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// Service requests for work that needs `permission` (`service.read` or
    /// `service.write`), or `Forbidden`.
    pub fn services<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Services<'a>> {
        Ok(Services(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Services<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// The requests `scope` sees: those its units cover, and those assigned to
/// its user.
pub(crate) fn visible(scope: &Scope) -> Condition {
    use service_request::Column as C;
    if scope.reach() == guichao_domain::access::DataScope::Tenant {
        return Condition::all().add(C::TenantId.eq(scope.tenant_id()));
    }
    Condition::all()
        .add(C::TenantId.eq(scope.tenant_id()))
        .add(Condition::any().add(scope.units_condition(C::TenantId, C::UnitId)).add(C::AssigneeId.eq(scope.user_id())))
}

/// Which requests a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFilter {
    /// Assigned to the reader.
    #[default]
    Mine,
    /// Handled by the reader's own unit.
    Unit,
    /// Past their deadline as of `today`, not done or declined.
    Overdue,
    /// Every request the reader sees.
    All,
}

impl ListFilter {
    pub fn code(self) -> &'static str {
        match self {
            ListFilter::Mine => "mine",
            ListFilter::Unit => "unit",
            ListFilter::Overdue => "overdue",
            ListFilter::All => "all",
        }
    }

    pub fn parse(code: &str) -> Option<ListFilter> {
        [ListFilter::Mine, ListFilter::Unit, ListFilter::Overdue, ListFilter::All]
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// A page of a list: newest received first, then by id.
#[derive(Debug, Clone, Copy)]
pub struct ServiceQuery {
    pub filter: ListFilter,
    pub kind: Option<ServiceKind>,
    /// The day "overdue" is counted on.
    pub today: NaiveDate,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// One line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    pub id: Uuid,
    pub number: String,
    pub kind: ServiceKind,
    /// The fellow's name, or the returnee's as typed.
    pub requester: String,
    pub fellow_id: Option<Uuid>,
    pub subject: String,
    pub unit_id: Uuid,
    pub unit: String,
    pub assignee_id: Option<Uuid>,
    pub assignee: Option<String>,
    pub received_on: NaiveDate,
    pub deadline: NaiveDate,
    pub status: ServiceStatus,
    pub closed_on: Option<NaiveDate>,
    /// Past its deadline and still open, as of the day asked.
    pub overdue: bool,
    /// Done later than its time limit.
    pub late: bool,
    pub score: Option<u8>,
}

/// One step of a trail, for the page.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub id: Uuid,
    pub status: ServiceStatus,
    pub on: NaiveDate,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A reply or an internal note.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyRow {
    pub id: Uuid,
    pub body: String,
    /// Shown to the requester on the lookup page.
    pub public: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A request with its trail and replies.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub row: ServiceRow,
    pub details: String,
    /// The returnee's phone masked (138****5678), when not a fellow.
    pub phone_masked: Option<String>,
    pub township_id: Option<Uuid>,
    pub limit_days: u32,
    pub days_taken: Option<u32>,
    pub score_comment: String,
    pub rated_on: Option<NaiveDate>,
    /// `staff` or `public`.
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub steps: Vec<StepRow>,
    pub replies: Vec<ReplyRow>,
}

/// A returnee's details to fill the new-fellow form with.
#[derive(Debug, Clone, Serialize)]
pub struct ReturneePrefill {
    pub name: String,
    /// In full: the new-fellow form stores it encrypted again.
    pub phone: String,
    pub township_id: Option<Uuid>,
}

/// One kind's time limit as the county has it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LimitRow {
    pub kind: ServiceKind,
    pub days: u32,
    /// Whether the county set it (else it is the default).
    pub set: bool,
}

/// A marked day of the county's calendar.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub mark: guichao_domain::services::DayMark,
    pub name: String,
}

/// A user a request may be assigned to, or a unit it may be handled by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

/// Open requests (no day closed) whose deadline is before `today`.
pub(crate) fn overdue_condition(today: NaiveDate) -> Condition {
    use service_request::Column as C;
    Condition::all().add(C::ClosedOn.is_null()).add(Expr::col(C::Deadline).lt(today))
}

fn kind_of(code: &str) -> ServiceKind {
    ServiceKind::parse(code).unwrap_or(ServiceKind::Other)
}

fn status_of(code: &str) -> ServiceStatus {
    ServiceStatus::parse(code).unwrap_or(ServiceStatus::Received)
}
