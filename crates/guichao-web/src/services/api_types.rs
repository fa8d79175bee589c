//! The JSON shapes of `/api/v1/services`, with their OpenAPI schemas.
//! Dates are `YYYY-MM-DD`; days are working days of the county's calendar.

use crate::api::vocab::{ServiceKindCode, ServiceStatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::services::ReportLine;
use guichao_store::services::{ReplyRow, ServiceDetail, ServiceReportPage, ServiceRow, StepRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One request in a list.
#[derive(Serialize, ToSchema)]
pub struct ServiceItem {
    pub id: Uuid,
    /// The request number (受理编号) the requester looks it up by.
    pub number: String,
    #[schema(value_type = ServiceKindCode)]
    pub kind: String,
    pub requester: String,
    pub fellow_id: Option<Uuid>,
    pub subject: String,
    pub unit_id: Uuid,
    pub unit: String,
    pub assignee_id: Option<Uuid>,
    pub assignee: Option<String>,
    pub received_on: NaiveDate,
    /// The day received plus the kind's time limit in working days.
    pub deadline: NaiveDate,
    #[schema(value_type = ServiceStatusCode)]
    pub status: String,
    pub closed_on: Option<NaiveDate>,
    /// Past the deadline, neither done nor declined, as of today.
    pub overdue: bool,
    /// Done later than its time limit.
    pub late: bool,
    /// The requester's satisfaction, 1-5.
    pub score: Option<u8>,
}

impl From<ServiceRow> for ServiceItem {
    fn from(r: ServiceRow) -> ServiceItem {
        ServiceItem {
            id: r.id,
            number: r.number,
            kind: r.kind.code().into(),
            requester: r.requester,
            fellow_id: r.fellow_id,
            subject: r.subject,
            unit_id: r.unit_id,
            unit: r.unit,
            assignee_id: r.assignee_id,
            assignee: r.assignee,
            received_on: r.received_on,
            deadline: r.deadline,
            status: r.status.code().into(),
            closed_on: r.closed_on,
            overdue: r.overdue,
            late: r.late,
            score: r.score,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ServiceList {
    pub items: Vec<ServiceItem>,
    pub total: u64,
}

/// A step of the status trail.
#[derive(Serialize, ToSchema)]
pub struct StepView {
    #[schema(value_type = ServiceStatusCode)]
    pub status: String,
    pub on: NaiveDate,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl From<StepRow> for StepView {
    fn from(s: StepRow) -> StepView {
        StepView { status: s.status.code().into(), on: s.on, note: s.note, by: s.by, at: s.at }
    }
}

/// A reply to the requester (`public`) or an internal note.
#[derive(Serialize, ToSchema)]
pub struct ReplyView {
    pub id: Uuid,
    pub body: String,
    pub public: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl From<ReplyRow> for ReplyView {
    fn from(r: ReplyRow) -> ReplyView {
        ReplyView { id: r.id, body: r.body, public: r.public, by: r.by, at: r.at }
    }
}

/// One request with its trail and replies.
#[derive(Serialize, ToSchema)]
pub struct ServiceView {
    #[serde(flatten)]
    pub item: ServiceItem,
    pub details: String,
    /// A returnee's phone, masked.
    pub phone_masked: Option<String>,
    pub limit_days: u32,
    /// Working days from received to closed.
    pub days_taken: Option<u32>,
    pub score_comment: String,
    pub rated_on: Option<NaiveDate>,
    /// `staff` or `public` (the public form).
    pub origin: String,
    pub steps: Vec<StepView>,
    pub replies: Vec<ReplyView>,
}

impl From<ServiceDetail> for ServiceView {
    fn from(d: ServiceDetail) -> ServiceView {
        ServiceView {
            item: d.row.into(),
            details: d.details,
            phone_masked: d.phone_masked,
            limit_days: d.limit_days,
            days_taken: d.days_taken,
            score_comment: d.score_comment,
            rated_on: d.rated_on,
            origin: d.origin,
            steps: d.steps.into_iter().map(Into::into).collect(),
            replies: d.replies.into_iter().map(Into::into).collect(),
        }
    }
}

/// A returnee not in the registry.
#[derive(Deserialize, ToSchema)]
pub struct ReturneeBody {
    pub name: String,
    pub phone: String,
    pub township_id: Option<Uuid>,
}

/// A new request: exactly one of `fellow_id` and `returnee`.
#[derive(Deserialize, ToSchema)]
pub struct ServiceBody {
    #[schema(value_type = ServiceKindCode)]
    pub kind: String,
    pub fellow_id: Option<Uuid>,
    pub returnee: Option<ReturneeBody>,
    pub subject: String,
    #[serde(default)]
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    /// Default today.
    pub received_on: Option<NaiveDate>,
}

/// A step of the trail.
#[derive(Deserialize, ToSchema)]
pub struct TransitionBody {
    #[schema(value_type = ServiceStatusCode)]
    pub status: String,
    /// Default today.
    pub on: Option<NaiveDate>,
    /// Required when declining: the reason.
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ReplyBody {
    pub body: String,
    /// Shown to the requester on the lookup page; else an internal note.
    #[serde(default)]
    pub public: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct SatisfactionBody {
    /// 1 to 5.
    pub score: i64,
    #[serde(default)]
    pub comment: String,
    /// Default today.
    pub on: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
pub struct AssignBody {
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
}

/// One line of the report.
#[derive(Serialize, ToSchema)]
pub struct ReportLineBody {
    /// Received in the period.
    pub received: u64,
    /// Done in the period.
    pub done: u64,
    /// Of those, done within the kind's time limit.
    pub done_on_time: u64,
    /// Median working days to done.
    pub median_days: Option<f64>,
    /// Average satisfaction (1-5) of the requests done in the period that were rated.
    pub satisfaction: Option<f64>,
    pub rated: u64,
}

impl From<&ReportLine> for ReportLineBody {
    fn from(l: &ReportLine) -> ReportLineBody {
        ReportLineBody {
            received: l.received,
            done: l.done,
            done_on_time: l.done_on_time,
            median_days: l.median_days,
            satisfaction: l.satisfaction,
            rated: l.rated,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KindLine {
    #[schema(value_type = ServiceKindCode)]
    pub kind: String,
    #[serde(flatten)]
    pub line: ReportLineBody,
}

#[derive(Serialize, ToSchema)]
pub struct UnitLine {
    pub unit_id: Uuid,
    pub unit: String,
    #[serde(flatten)]
    pub line: ReportLineBody,
}

/// The service report for a period over the requests the caller sees.
#[derive(Serialize, ToSchema)]
pub struct ReportBody {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by_kind: Vec<KindLine>,
    pub by_unit: Vec<UnitLine>,
    pub total: ReportLineBody,
}

impl From<ServiceReportPage> for ReportBody {
    fn from(p: ServiceReportPage) -> ReportBody {
        ReportBody {
            from: p.period.from,
            to: p.period.to,
            by_kind: p.report.by_kind.iter().map(|(k, l)| KindLine { kind: k.code().into(), line: l.into() }).collect(),
            by_unit: p
                .report
                .by_unit
                .iter()
                .map(|(u, l)| UnitLine {
                    unit_id: *u,
                    unit: p.unit_names.get(u).cloned().unwrap_or_default(),
                    line: l.into(),
                })
                .collect(),
            total: (&p.report.total).into(),
        }
    }
}
