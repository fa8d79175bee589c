//! Working a request: a step of its status trail, sending it to another
//! unit or assignee, a reply (to the requester or an internal note), and
//! the requester's satisfaction. Each in one transaction with its audit
//! event; the request's status, day closed and working days taken are
//! rewritten from the whole trail by the domain's rule.

use super::Services;
use super::calendar::load_calendar;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{service_event, service_reply, service_request};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::services::{
    COMMENT, REASON, REPLY, ServiceStatus, TrailEvent, check_move, check_rating, check_score, closed_on, current_status,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

fn field(field: &'static str, r: Result<String, guichao_domain::Msg>) -> StoreResult<String> {
    r.map_err(|message| StoreError::Fields(vec![FormError { field, message }]))
}

/// Takes the request's row lock (PostgreSQL) so that two writers of one
/// request go one after the other; SQLite's write lock already does.
async fn lock(db: &impl ConnectionTrait, tenant_id: Uuid, id: Uuid) -> StoreResult<()> {
    service_request::Entity::update_many()
        .col_expr(service_request::Column::Status, Expr::col(service_request::Column::Status))
        .filter(service_request::Column::TenantId.eq(tenant_id))
        .filter(service_request::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The trail of a request in the order recorded.
async fn trail(db: &impl ConnectionTrait, tenant_id: Uuid, id: Uuid) -> StoreResult<Vec<TrailEvent>> {
    let steps = service_event::Entity::find()
        .filter(service_event::Column::TenantId.eq(tenant_id))
        .filter(service_event::Column::RequestId.eq(id))
        .order_by_asc(service_event::Column::CreatedAt)
        .order_by_asc(service_event::Column::Id)
        .all(db)
        .await?;
    Ok(steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            Some(TrailEvent { on: s.event_on, status: ServiceStatus::parse(&s.status)?, seq: i as i64 })
        })
        .collect())
}

impl Services<'_> {
    /// Records a step of the trail on day `on`; a decline needs its reason in `note`.
    pub async fn move_to(&self, id: Uuid, to: ServiceStatus, on: NaiveDate, note: &str) -> StoreResult<ServiceStatus> {
        self.move_from(id, None, to, on, note).await
    }

    /// [`Self::move_to`], asked from the status `from` the asker saw (the
    /// request's page sends it): when another step has landed since, this
    /// one was meant for a request that no longer stands there, and is a
    /// conflict. Without `from`, the status read at the start of this call.
    pub async fn move_from(
        &self,
        id: Uuid,
        from: Option<ServiceStatus>,
        to: ServiceStatus,
        on: NaiveDate,
        note: &str,
    ) -> StoreResult<ServiceStatus> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, id).await?;
        let note = field("note", REASON.check(note))?;
        if on > guichao_domain::date::today() {
            return Err(StoreError::field("on", "日期不能晚于今天", "The day cannot be after today"));
        }
        if on < row.received_on {
            return Err(StoreError::field("on", "日期不能早于受理日期", "The day cannot be before the day received"));
        }
        let tx = self.store().begin_write().await?;
        lock(&*tx, t, id).await?;
        let mut events = trail(&*tx, t, id).await?;
        let before = current_status(&events);
        // The status the step was asked from: when another step landed in
        // between, it is refused rather than stacked.
        if before != from.unwrap_or_else(|| super::status_of(&row.status)) {
            return Err(StoreError::conflict(
                "该诉求刚被他人办理，状态已变化，请刷新后再操作",
                "Someone else just moved this request; reload it and try again",
            ));
        }
        check_move(&events, to, on, &note).map_err(|e| StoreError::Fields(vec![e]))?;
        let step = service_event::Model {
            tenant_id: t,
            id: new_id(),
            request_id: id,
            status: to.code().to_string(),
            event_on: on,
            note: note.clone(),
            user_id: Some(self.actor().user_id()),
            created_at: now(),
        };
        service_event::Entity::insert(service_event::ActiveModel::from(step)).exec_without_returning(&*tx).await?;
        events.push(TrailEvent { on, status: to, seq: events.len() as i64 });
        let status = current_status(&events);
        let closed = closed_on(&events);
        let days_taken = match closed {
            Some(day) => Some(load_calendar(&*tx, t).await?.working_days_between(row.received_on, day) as i32),
            None => None,
        };
        service_request::Entity::update_many()
            .col_expr(service_request::Column::Status, Expr::value(status.code()))
            .col_expr(service_request::Column::ClosedOn, Expr::value(closed))
            .col_expr(service_request::Column::DaysTaken, Expr::value(days_taken))
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({
            "number": row.number, "on": on, "note": note,
            "before": {"status": before.code()}, "after": {"status": status.code(), "days_taken": days_taken},
        });
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceMove, "service_request", id, detail)).await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Sends a request to another handling unit and assignee (both in the
    /// writer's reach). The deadline stays as promised.
    pub async fn assign(&self, id: Uuid, unit_id: Uuid, assignee_id: Option<Uuid>) -> StoreResult<()> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, id).await?;
        self.check_unit_and_assignee(unit_id, assignee_id).await?;
        let tx = self.store().begin_write().await?;
        service_request::Entity::update_many()
            .col_expr(service_request::Column::UnitId, Expr::value(unit_id))
            .col_expr(service_request::Column::AssigneeId, Expr::value(assignee_id))
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({
            "number": row.number,
            "before": {"unit_id": row.unit_id, "assignee_id": row.assignee_id},
            "after": {"unit_id": unit_id, "assignee_id": assignee_id},
        });
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceAssign, "service_request", id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a reply; `public` ones show on the requester's lookup page.
    pub async fn reply(&self, id: Uuid, body: &str, public: bool) -> StoreResult<Uuid> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, id).await?;
        let body = field("body", REPLY.check(body))?;
        let tx = self.store().begin_write().await?;
        let reply = service_reply::Model {
            tenant_id: t,
            id: new_id(),
            request_id: id,
            body: body.clone(),
            public,
            user_id: Some(self.actor().user_id()),
            created_at: now(),
        };
        let reply_id = reply.id;
        service_reply::Entity::insert(service_reply::ActiveModel::from(reply)).exec_without_returning(&*tx).await?;
        let detail = json!({"number": row.number, "after": {"body": body, "public": public}});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceReply, "service_request", id, detail))
            .await?;
        tx.commit().await?;
        Ok(reply_id)
    }

    /// Records the requester's satisfaction with a done request (1-5 and a
    /// comment), as they gave it on day `on`; a later one replaces it.
    pub async fn rate(&self, id: Uuid, score: i64, comment: &str, on: NaiveDate) -> StoreResult<()> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, id).await?;
        let score = check_score(score).map_err(|e| StoreError::Fields(vec![e]))?;
        let comment = field("comment", COMMENT.check(comment))?;
        check_rating(super::status_of(&row.status), row.closed_on, on, guichao_domain::date::today())
            .map_err(|e| StoreError::Fields(vec![e]))?;
        let tx = self.store().begin_write().await?;
        service_request::Entity::update_many()
            .col_expr(service_request::Column::Score, Expr::value(score as i16))
            .col_expr(service_request::Column::ScoreComment, Expr::value(comment.clone()))
            .col_expr(service_request::Column::RatedOn, Expr::value(on))
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({
            "number": row.number,
            "before": {"score": row.score, "comment": row.score_comment},
            "after": {"score": score, "comment": comment, "rated_on": on},
        });
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceRate, "service_request", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
