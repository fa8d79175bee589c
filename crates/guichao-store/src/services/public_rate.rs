//! The requester's own satisfaction, from the lookup page: with the
//! request's number and their phone, once the request is done, a score of
//! 1-5 and a comment, once. The same rule as the staff's record
//! (`check_rating`), and the same answer as the lookup for a wrong number or
//! a wrong phone: `None`, nothing written.

use super::public::{PUBLIC_ACTOR, PublicServices};
use super::status_of;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::service_request;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::fellows::FormError;
use guichao_domain::services::{COMMENT, ServiceStatus, check_rating, check_score};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

impl PublicServices<'_> {
    /// Records the requester's rating of the request with `number` whose
    /// phone is `phone`, given `today`; `ip` is kept with its audit event.
    /// `None` when either half does not match; a request not done, already
    /// rated, or a score out of 1-5 is refused under its field.
    pub async fn rate(
        &self,
        number: &str,
        phone: &str,
        score: i64,
        comment: &str,
        today: NaiveDate,
        ip: Option<&str>,
    ) -> StoreResult<Option<()>> {
        let Some(row) = self.find(number, phone).await? else { return Ok(None) };
        let t = self.tenant.id;
        let mut errors = Vec::new();
        let score = check_score(score).map_err(|e| errors.push(e)).ok();
        let comment =
            COMMENT.check(comment).map_err(|message| errors.push(FormError { field: "comment", message })).ok();
        if let Err(e) = check_rating(status_of(&row.status), row.closed_on, today, today) {
            return Err(StoreError::Fields(vec![e]));
        }
        if row.score.is_some() {
            return Err(already_rated());
        }
        let (Some(score), Some(comment), true) = (score, comment, errors.is_empty()) else {
            return Err(StoreError::Fields(errors));
        };
        let tx = self.store.begin_write().await?;
        // Only a done request not yet rated, checked again in the write
        // itself: of two ratings sent at once, one lands.
        let done = service_request::Entity::update_many()
            .col_expr(service_request::Column::Score, Expr::value(score as i16))
            .col_expr(service_request::Column::ScoreComment, Expr::value(comment.clone()))
            .col_expr(service_request::Column::RatedOn, Expr::value(today))
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Id.eq(row.id))
            .filter(service_request::Column::Status.eq(ServiceStatus::Done.code()))
            .filter(service_request::Column::Score.is_null())
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(already_rated());
        }
        let detail = json!({
            "number": row.number, "by": "requester",
            "after": {"score": score, "comment": comment, "rated_on": today},
        });
        let who = Who::Named { user_id: None, name: PUBLIC_ACTOR, ip };
        record(&*tx, t, who, AuditEvent::new(AuditAction::ServiceRate, "service_request", row.id, detail)).await?;
        tx.commit().await?;
        Ok(Some(()))
    }
}

fn already_rated() -> StoreError {
    StoreError::field("score", "该诉求已评价过，感谢您的反馈", "This request has been rated already; thank you")
}
