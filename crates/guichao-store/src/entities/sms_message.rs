//! The `sms_messages` table: the outbox.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The message's own id, sent to the provider with it (OutId, SessionContext).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The messages queued together.
    pub batch_id: Uuid,
    pub fellow_id: Uuid,
    pub campaign_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    /// The text as rendered for the fellow, opt-out line included.
    pub body: String,
    /// The template's parameters as JSON `[[name, value], ...]`, in the template's order.
    pub params: String,
    pub provider_template: String,
    pub segments: i32,
    /// `guichao_domain::sms::SmsStatus` code.
    pub status: String,
    /// `guichao_domain::sms::FailReason` code of a failed message.
    pub reason: String,
    /// The provider's words, when it gave any.
    pub detail: String,
    pub attempts: i32,
    pub provider_id: Option<String>,
    pub phone_idx: Option<String>,
    pub queued_by: Option<Uuid>,
    pub queued_at: DateTimeUtc,
    pub sending_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
