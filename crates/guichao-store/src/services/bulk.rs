//! The system's loader of requests (the demo county, the benchmark): many
//! requests with their whole trail, replies and ratings in one
//! transaction. Each trail is checked by the same rule as a step typed in,
//! and the status, day closed, working days taken and deadline come from
//! the domain's functions, as they do for a request worked by hand.

use super::calendar::load_calendar;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{service_event, service_limit, service_reply, service_request};
use crate::fellows::MAX_PARAMS;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::ids::new_id;
use guichao_domain::services::{
    ServiceKind, ServiceStatus, TrailEvent, check_move, closed_on, current_status, request_number,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// A request as the loader takes it.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    pub kind: ServiceKind,
    pub fellow_id: Option<Uuid>,
    /// A returnee's name and phone (for a request with no fellow).
    pub returnee: Option<(String, String)>,
    pub subject: String,
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub received_on: NaiveDate,
    /// From the public form rather than typed by staff.
    pub public: bool,
    /// The trail after `received`: status, day, note.
    pub steps: Vec<(ServiceStatus, NaiveDate, String)>,
    /// Replies: body, shown to the requester.
    pub replies: Vec<(String, bool)>,
    /// The requester's score, comment and day rated.
    pub rating: Option<(u8, String, NaiveDate)>,
}

impl crate::System<'_> {
    /// Writes `requests` as `user_id` recorded and worked them; answers the
    /// number written. Refused whole when a trail breaks the rules.
    pub async fn insert_service_requests(
        &self,
        tenant_id: Uuid,
        user_id: Uuid,
        requests: &[BulkRequest],
    ) -> StoreResult<u64> {
        let key = self.field_key()?;
        let tx = self.begin_write().await?;
        let calendar = load_calendar(&*tx, tenant_id).await?;
        let limits =
            service_limit::Entity::find().filter(service_limit::Column::TenantId.eq(tenant_id)).all(&*tx).await?;
        let limit_of = |kind: ServiceKind| {
            limits.iter().find(|l| l.kind == kind.code()).map_or(kind.default_days(), |l| l.days as u32)
        };
        let at = now();
        let (mut rows, mut steps, mut replies) = (Vec::new(), Vec::new(), Vec::new());
        for r in requests {
            let id = new_id();
            let mut trail = vec![TrailEvent { on: r.received_on, status: ServiceStatus::Received, seq: 0 }];
            let by = (!r.public).then_some(user_id);
            steps.push(service_event::Model {
                tenant_id,
                id: new_id(),
                request_id: id,
                status: ServiceStatus::Received.code().to_string(),
                event_on: r.received_on,
                note: String::new(),
                user_id: by,
                created_at: at + chrono::Duration::microseconds(0),
            });
            for (i, (status, on, note)) in r.steps.iter().enumerate() {
                check_move(&trail, *status, *on, note).map_err(|e| StoreError::Invalid(e.message))?;
                trail.push(TrailEvent { on: *on, status: *status, seq: trail.len() as i64 });
                steps.push(service_event::Model {
                    tenant_id,
                    id: new_id(),
                    request_id: id,
                    status: status.code().to_string(),
                    event_on: *on,
                    note: note.clone(),
                    user_id: Some(user_id),
                    created_at: at + chrono::Duration::microseconds(i as i64 + 1),
                });
            }
            let status = current_status(&trail);
            let closed = closed_on(&trail);
            let limit = limit_of(r.kind);
            let (name, phone) = r.returnee.clone().unzip();
            let phone = phone.map(|p| (key.encrypt(&p), key.blind_index(tenant_id, "phone", &p)));
            let (phone_sealed, phone_index) = phone.unzip();
            let rated = r.rating.clone().filter(|_| status == ServiceStatus::Done);
            rows.push(service_request::Model {
                tenant_id,
                id,
                number: request_number(rand::random::<u64>()),
                kind: r.kind.code().to_string(),
                fellow_id: r.fellow_id,
                requester_name: name.unwrap_or_default(),
                phone_sealed,
                phone_index,
                township_id: None,
                subject: r.subject.clone(),
                details: r.details.clone(),
                unit_id: r.unit_id,
                assignee_id: r.assignee_id,
                received_on: r.received_on,
                limit_days: limit as i32,
                deadline: calendar.add_working_days(r.received_on, limit),
                status: status.code().to_string(),
                closed_on: closed,
                days_taken: closed.map(|c| calendar.working_days_between(r.received_on, c) as i32),
                score: rated.as_ref().map(|(s, _, _)| *s as i16),
                score_comment: rated.as_ref().map(|(_, c, _)| c.clone()).unwrap_or_default(),
                rated_on: rated.as_ref().map(|(_, _, d)| *d),
                origin: if r.public { "public" } else { "staff" }.to_string(),
                created_by: by,
                created_at: at,
            });
            for (i, (body, public)) in r.replies.iter().enumerate() {
                replies.push(service_reply::Model {
                    tenant_id,
                    id: new_id(),
                    request_id: id,
                    body: body.clone(),
                    public: *public,
                    user_id: Some(user_id),
                    created_at: at + chrono::Duration::microseconds(i as i64),
                });
            }
        }
        for chunk in rows.chunks(MAX_PARAMS / 27) {
            let models = chunk.iter().cloned().map(service_request::ActiveModel::from);
            service_request::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        for chunk in steps.chunks(MAX_PARAMS / 8) {
            let models = chunk.iter().cloned().map(service_event::ActiveModel::from);
            service_event::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        for chunk in replies.chunks(MAX_PARAMS / 7) {
            let models = chunk.iter().cloned().map(service_reply::ActiveModel::from);
            service_reply::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        let detail = json!({"requests": rows.len(), "steps": steps.len(), "replies": replies.len()});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::ServiceBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        // Statistics for the planner, as every bulk writer leaves them: on
        // PostgreSQL, without them a year's report was sorted on disk
        // (3.8 s at 1,000,000 requests) instead of hashed.
        self.after_bulk_write_to(crate::maintenance::SERVICE_TABLES, rows.len() as u64).await;
        Ok(rows.len() as u64)
    }

    /// Marks days of a county's calendar (the demo's public holidays),
    /// replacing marks already there.
    pub async fn insert_service_calendar(
        &self,
        tenant_id: Uuid,
        days: &[(NaiveDate, guichao_domain::services::DayMark, String)],
    ) -> StoreResult<()> {
        use crate::entities::service_calendar;
        let tx = self.begin_write().await?;
        let list: Vec<NaiveDate> = days.iter().map(|d| d.0).collect();
        service_calendar::Entity::delete_many()
            .filter(service_calendar::Column::TenantId.eq(tenant_id))
            .filter(service_calendar::Column::Day.is_in(list))
            .exec(&*tx)
            .await?;
        let models = days.iter().map(|(day, mark, name)| {
            service_calendar::ActiveModel::from(service_calendar::Model {
                tenant_id,
                day: *day,
                mark: mark.code().to_string(),
                name: name.clone(),
            })
        });
        if !days.is_empty() {
            service_calendar::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        let detail = json!({"count": days.len()});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(
            &*tx,
            tenant_id,
            who,
            AuditEvent::new(AuditAction::ServiceCalendar, "service_calendar", tenant_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
