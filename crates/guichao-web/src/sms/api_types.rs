//! The JSON shapes of `/api/v1/sms`.

use crate::api::vocab::{OptOutSourceCode, SmsFailReasonCode, SmsStatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_store::sms::{
    DeliveredSms, MessageEvent, MessageRow, MessageView, OptOutRow, QueueReport, StatusCount, TemplateRow,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A template with a sample message and its length.
#[derive(Serialize, ToSchema)]
pub struct SmsTemplateItem {
    pub id: Uuid,
    pub name: String,
    /// With fields in braces: `{称呼}`, `{姓名}`, `{乡镇}`, `{落款}`, `{日期}`.
    pub body: String,
    pub provider_template: String,
    pub fields: Vec<String>,
    /// A message for a sample fellow, opt-out line included.
    pub sample: String,
    /// The sample's characters, with the 【signature】.
    pub chars: usize,
    /// Segments it is billed as (70 characters in one, 67 each when longer).
    pub segments: usize,
}

impl From<TemplateRow> for SmsTemplateItem {
    fn from(t: TemplateRow) -> Self {
        SmsTemplateItem {
            id: t.id,
            name: t.name,
            body: t.body,
            provider_template: t.provider_template,
            fields: t.fields.into_iter().map(str::to_string).collect(),
            sample: t.sample,
            chars: t.length.chars,
            segments: t.length.segments,
        }
    }
}

/// A template as created or changed.
#[derive(Deserialize, ToSchema)]
pub struct SmsTemplateBody {
    /// Unique in the county, 1-50 characters.
    pub name: String,
    /// 1-500 characters; only the five fields in braces.
    pub body: String,
    /// The provider's template id (for the HTTP provider).
    #[serde(default)]
    pub provider_template: String,
}

/// Who to queue a template for: `fellow_ids`, or else the registry's filter
/// (`township_id`, `category`, `city`, `tag`; none: every current fellow the
/// caller may send to).
#[derive(Deserialize, ToSchema)]
pub struct SmsQueueBody {
    pub template_id: Uuid,
    pub fellow_ids: Option<Vec<Uuid>>,
    pub township_id: Option<Uuid>,
    pub category: Option<String>,
    pub city: Option<String>,
    pub tag: Option<String>,
    /// The campaign that asks for the messages.
    pub campaign_id: Option<Uuid>,
    /// The sign-off (落款); the county's setting when absent.
    #[serde(default)]
    pub sign_off: String,
    /// The `{日期}` field; today when absent.
    pub date: Option<NaiveDate>,
}

/// What a queue request did.
#[derive(Serialize, ToSchema)]
pub struct SmsQueueResult {
    pub batch_id: Option<Uuid>,
    pub fellows: u64,
    pub queued: u64,
    pub opted_out: u64,
    pub no_phone: u64,
    pub no_consent: u64,
    pub already_queued: u64,
    pub archived: u64,
    pub segments: u64,
}

impl From<QueueReport> for SmsQueueResult {
    fn from(r: QueueReport) -> Self {
        SmsQueueResult {
            batch_id: r.batch_id,
            fellows: r.fellows,
            queued: r.queued,
            opted_out: r.opted_out,
            no_phone: r.no_phone,
            no_consent: r.no_consent,
            already_queued: r.already_queued,
            archived: r.archived,
            segments: r.segments,
        }
    }
}

/// A message of the outbox. No phone number: the fellow's page reveals it to
/// those who may see it.
#[derive(Serialize, ToSchema)]
pub struct SmsMessageItem {
    pub id: Uuid,
    pub fellow_id: Uuid,
    pub fellow: String,
    pub township: String,
    pub campaign_id: Option<Uuid>,
    pub body: String,
    pub segments: i32,
    #[schema(value_type = SmsStatusCode)]
    pub status: String,
    #[schema(value_type = Option<SmsFailReasonCode>)]
    pub reason: Option<String>,
    /// The provider's words, when it gave any.
    pub detail: String,
    pub attempts: i32,
    pub provider_id: Option<String>,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<MessageRow> for SmsMessageItem {
    fn from(m: MessageRow) -> Self {
        SmsMessageItem {
            id: m.id,
            fellow_id: m.fellow_id,
            fellow: m.fellow,
            township: m.township,
            campaign_id: m.campaign_id,
            body: m.body,
            segments: m.segments,
            status: m.status.code().into(),
            reason: m.reason.map(|r| r.code().into()),
            detail: m.detail,
            attempts: m.attempts,
            provider_id: m.provider_id,
            queued_at: m.queued_at,
            sent_at: m.sent_at,
            delivered_at: m.delivered_at,
        }
    }
}

/// How many messages stand at a status.
#[derive(Serialize, ToSchema)]
pub struct SmsStatusCount {
    #[schema(value_type = SmsStatusCode)]
    pub status: String,
    pub count: u64,
}

impl From<StatusCount> for SmsStatusCount {
    fn from(c: StatusCount) -> Self {
        SmsStatusCount { status: c.status.code().into(), count: c.count }
    }
}

/// A page of the outbox, how many there are in all, and the counts by status.
#[derive(Serialize, ToSchema)]
pub struct SmsMessageList {
    pub items: Vec<SmsMessageItem>,
    pub total: u64,
    pub by_status: Vec<SmsStatusCount>,
}

/// A step of a message's status trail.
#[derive(Serialize, ToSchema)]
pub struct SmsTrailStep {
    #[schema(value_type = SmsStatusCode)]
    pub status: String,
    #[schema(value_type = Option<SmsFailReasonCode>)]
    pub reason: Option<String>,
    pub detail: String,
    pub at: DateTime<Utc>,
}

impl From<MessageEvent> for SmsTrailStep {
    fn from(e: MessageEvent) -> Self {
        SmsTrailStep {
            status: e.status.code().into(),
            reason: e.reason.map(|r| r.code().into()),
            detail: e.detail,
            at: e.at,
        }
    }
}

/// A message with its status trail.
#[derive(Serialize, ToSchema)]
pub struct SmsMessageDetail {
    #[serde(flatten)]
    pub message: SmsMessageItem,
    pub trail: Vec<SmsTrailStep>,
}

impl From<MessageView> for SmsMessageDetail {
    fn from(v: MessageView) -> Self {
        SmsMessageDetail { message: v.message.into(), trail: v.trail.into_iter().map(Into::into).collect() }
    }
}

/// How a message left `sending` ended.
#[derive(Deserialize, ToSchema)]
pub struct SmsResolveBody {
    /// `true`: it was sent after all; `false`: it was not (it fails as abandoned).
    pub sent: bool,
}

/// An entry of the opt-out list.
#[derive(Serialize, ToSchema)]
pub struct SmsOptOutItem {
    pub id: Uuid,
    /// Masked (138****5678); empty when the entry names a fellow only.
    pub phone: String,
    pub fellow_id: Option<Uuid>,
    pub fellow: String,
    #[schema(value_type = OptOutSourceCode)]
    pub source: String,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<OptOutRow> for SmsOptOutItem {
    fn from(o: OptOutRow) -> Self {
        SmsOptOutItem {
            id: o.id,
            phone: o.phone,
            fellow_id: o.fellow_id,
            fellow: o.fellow,
            source: o.source.code().into(),
            note: o.note,
            created_by: o.created_by,
            created_at: o.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SmsOptOutList {
    pub items: Vec<SmsOptOutItem>,
    pub total: u64,
}

/// An opt-out: a mobile number, a fellow, or both.
#[derive(Deserialize, ToSchema)]
pub struct SmsOptOutBody {
    #[serde(default)]
    pub phone: String,
    pub fellow_id: Option<Uuid>,
    /// `call` (the default) or `reply`.
    #[schema(value_type = Option<OptOutSourceCode>)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A reply to a greeting, as the provider's upstream hands it on.
#[derive(Deserialize, ToSchema)]
pub struct SmsReplyBody {
    pub phone: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct SmsReplyResult {
    /// Whether the reply opted the number out (R, 退订...).
    pub opt_out: bool,
}

/// A fellow's first delivered message of a campaign.
#[derive(Serialize, ToSchema)]
pub struct SmsDeliveredItem {
    pub campaign_id: Uuid,
    pub fellow_id: Uuid,
    pub delivered_at: DateTime<Utc>,
}

impl From<DeliveredSms> for SmsDeliveredItem {
    fn from(d: DeliveredSms) -> Self {
        SmsDeliveredItem { campaign_id: d.campaign_id, fellow_id: d.fellow_id, delivered_at: d.delivered_at }
    }
}

/// One delivery report, by the message's own id (the OutId / SessionContext
/// the provider was given).
#[derive(Deserialize, ToSchema)]
pub struct SmsReceiptItem {
    pub message_id: Uuid,
    pub delivered: bool,
    /// The provider's words (an error code when not delivered).
    #[serde(default)]
    pub detail: String,
}

/// Delivery reports, at most 1,000 a call.
#[derive(Deserialize, ToSchema)]
pub struct SmsReceiptsBody {
    pub receipts: Vec<SmsReceiptItem>,
}

/// What the reports did.
#[derive(Serialize, ToSchema)]
pub struct SmsReceiptsResult {
    pub delivered: u64,
    pub undelivered: u64,
    /// Reports of unknown or already settled messages.
    pub ignored: u64,
}
