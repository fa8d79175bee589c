//! Greeting SMS (慰问短信): templates, the county's settings, the outbox and
//! the opt-out list, and the sender that drains the outbox through a
//! [`provider::SmsProvider`].
//!
//! A message hangs off a fellow, so the outbox is seen through
//! `fellows::scope::visible_ids`: township staff queue for, and see the
//! messages of, their township's fellows. Templates, settings and the opt-out
//! list by number are county-wide. Phones are never in a message row: the
//! sender reads the fellow's sealed phone when it sends (see [`sender`]),
//! and pages show a fellow's name, never the number.

mod opt_outs;
mod outbox;
pub mod provider;
mod queue;
mod receipts;
mod resolve;
#[cfg(feature = "system")]
mod sender;
mod templates;
mod ticks;

pub use opt_outs::{OptOutDraft, OptOutRow};
pub use outbox::{MessageEvent, MessageRow, MessageView, OutboxQuery, StatusCount};
pub use queue::{QueueReport, QueueRequest, Recipients};
pub use receipts::{MAX_RECEIPTS, Receipt, ReceiptReport};
#[cfg(feature = "system")]
pub use sender::{SendOptions, SendReport, StuckMessage};
pub use templates::{SmsSettings, TemplateDraft, TemplateRow};
pub use ticks::DeliveredSms;

use crate::{Actor, Scoped, Store, StoreResult};
use guichao_domain::access::Permission;

/// The permissions an [`Sms`] handle is made with.
const AREA: [Permission; 2] = [Permission::SmsRead, Permission::SmsWrite];

/// Most messages one queue request writes (one transaction).
pub const MAX_BATCH: usize = 20_000;

/// The SMS area as one actor reaches it with one permission.
pub struct Sms<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The SMS area for work that needs `permission` (`sms.read` or
    /// `sms.write`), or `Forbidden`.
    pub fn sms<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Sms<'a>> {
        Ok(Sms(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Sms<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// Appends a step to a message's status trail.
pub(crate) fn trail(
    tenant_id: uuid::Uuid,
    message_id: uuid::Uuid,
    status: guichao_domain::sms::SmsStatus,
    reason: &str,
    detail: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> crate::entities::sms_message_event::Model {
    crate::entities::sms_message_event::Model {
        tenant_id,
        id: guichao_domain::ids::new_id(),
        message_id,
        status: status.code().to_string(),
        reason: reason.to_string(),
        detail: detail.to_string(),
        at,
    }
}
