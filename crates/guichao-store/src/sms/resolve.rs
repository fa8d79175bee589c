//! Closing a message left `sending`: the provider may or may not have sent
//! it, and only a person who checked (the provider's console, the fellow)
//! may say which. Sent closes it as `sent`; not sent fails it, and it may be
//! queued again.

use super::{Sms, trail};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{sms_message, sms_message_event};
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::sms::{FailReason, SmsStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

impl Sms<'_> {
    /// Closes a `sending` message as sent (`true`) or not sent.
    pub async fn resolve(&self, id: Uuid, sent: bool) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::SmsWrite)?;
        let view = self.message(id).await?;
        if view.message.status != SmsStatus::Sending {
            return Err(StoreError::conflict(
                "只有“发送中”的短信需要人工处理",
                "Only a message left sending needs closing",
            ));
        }
        let at = now();
        let (status, reason) =
            if sent { (SmsStatus::Sent, "") } else { (SmsStatus::Failed, FailReason::Abandoned.code()) };
        let tx = store.begin_write().await?;
        let mut update = sms_message::Entity::update_many()
            .col_expr(sms_message::Column::Status, Expr::value(status.code()))
            .col_expr(sms_message::Column::Reason, Expr::value(reason))
            .col_expr(sms_message::Column::UpdatedAt, Expr::value(at));
        if sent {
            update = update.col_expr(sms_message::Column::SentAt, Expr::value(at));
        }
        let done = update
            .filter(sms_message::Column::TenantId.eq(actor.tenant_id))
            .filter(sms_message::Column::Id.eq(id))
            .filter(sms_message::Column::Status.eq(SmsStatus::Sending.code()))
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(StoreError::conflict("这条短信已被他人处理", "Someone else has closed this message"));
        }
        let note = format!("由{}人工处理", actor.display_name);
        let step: sms_message_event::ActiveModel = trail(actor.tenant_id, id, status, reason, &note, at).into();
        sms_message_event::Entity::insert(step).exec_without_returning(&*tx).await?;
        let detail = json!({
            "message_id": id,
            "before": {"outcome": SmsStatus::Sending.code()},
            "after": {"outcome": status.code()},
        });
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::SmsResolve, "fellow", view.message.fellow_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
