//! Delivery reports (回执): the provider says, message by message (by the
//! message's own id, its OutId / SessionContext), whether the phone got it.
//! A report moves a `sent` message to `delivered` or failed (undelivered);
//! it also settles a message left `sending`, since a report proves the
//! provider took it. Many reports are written in one transaction, with one
//! audit event of counts.

use super::{Sms, trail};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{sms_message, sms_message_event};
use crate::fellows::scope::visible_ids;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::sms::{FailReason, SmsStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// Most reports one call takes.
pub const MAX_RECEIPTS: usize = 1_000;

/// One delivery report.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub message_id: Uuid,
    pub delivered: bool,
    /// The provider's words (an error code for an undelivered message).
    pub detail: String,
}

/// What a batch of reports did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReceiptReport {
    pub delivered: u64,
    pub undelivered: u64,
    /// Reports of messages unknown to the caller, or already settled.
    pub ignored: u64,
}

impl Sms<'_> {
    /// Records delivery reports, all in one transaction.
    pub async fn record_receipts(&self, receipts: &[Receipt]) -> StoreResult<ReceiptReport> {
        let (store, actor) = (self.store(), self.actor());
        let scope = self.0.need(Permission::SmsWrite)?;
        if receipts.len() > MAX_RECEIPTS {
            return Err(StoreError::invalid(
                format!("一次最多登记 {MAX_RECEIPTS} 条回执"),
                format!("At most {MAX_RECEIPTS} reports a call"),
            ));
        }
        let mut report = ReceiptReport::default();
        let at = now();
        let tx = store.begin_write().await?;
        for r in receipts {
            let (status, reason) = if r.delivered {
                (SmsStatus::Delivered, "")
            } else {
                (SmsStatus::Failed, FailReason::Undelivered.code())
            };
            let mut update = sms_message::Entity::update_many()
                .col_expr(sms_message::Column::Status, Expr::value(status.code()))
                .col_expr(sms_message::Column::Reason, Expr::value(reason))
                .col_expr(sms_message::Column::UpdatedAt, Expr::value(at));
            if r.delivered {
                update = update.col_expr(sms_message::Column::DeliveredAt, Expr::value(at));
            } else {
                update = update.col_expr(sms_message::Column::Detail, Expr::value(r.detail.as_str()));
            }
            let done = update
                .filter(sms_message::Column::TenantId.eq(actor.tenant_id))
                .filter(sms_message::Column::Id.eq(r.message_id))
                .filter(sms_message::Column::Status.is_in([SmsStatus::Sending.code(), SmsStatus::Sent.code()]))
                .filter(sms_message::Column::FellowId.in_subquery(visible_ids(scope)))
                .exec(&*tx)
                .await?;
            if done.rows_affected == 0 {
                report.ignored += 1;
                continue;
            }
            if r.delivered
                && let Some(m) = sms_message::Entity::find_by_id((actor.tenant_id, r.message_id)).one(&*tx).await?
            {
                super::ticks::tick_campaign(&*tx, &m, at).await?;
            }
            let step: sms_message_event::ActiveModel =
                trail(actor.tenant_id, r.message_id, status, reason, &r.detail, at).into();
            sms_message_event::Entity::insert(step).exec_without_returning(&*tx).await?;
            if r.delivered {
                report.delivered += 1;
            } else {
                report.undelivered += 1;
            }
        }
        let detail =
            json!({"delivered": report.delivered, "undelivered": report.undelivered, "ignored": report.ignored});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::SmsReceipt, "tenant", actor.tenant_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }
}
