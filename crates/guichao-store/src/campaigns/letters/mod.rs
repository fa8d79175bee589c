//! Greeting letters (慰问信件) of a campaign: the county's letter templates,
//! each fellow's mailing details (a salutation typed for them, postal
//! address, postcode), the mail merge of a launched campaign's fellows into
//! one letter each (and their address labels), and the batches marked
//! printed, which tick the letter column.
//!
//! Who may merge and print is who may tick: the campaign handle made with
//! `liaison.write`, over the fellows of its scope (a township's staff their
//! township, a village cadre their assigned fellows). Templates are the
//! county's: anyone with the campaigns sees them; keeping them takes
//! county-wide `liaison.write`, like drafting a campaign.

mod addresses;
mod batches;
#[cfg(feature = "system")]
mod bulk;
mod merge;
mod templates;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

pub use batches::{BatchDraft, BatchReport, BatchRow};
#[cfg(feature = "system")]
pub use bulk::BulkBatch;
pub use merge::{Letter, Merge, MergeQuery};

/// A letter template as typed into the form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct LetterTemplateDraft {
    pub name: String,
    pub body: String,
}

/// A letter template with the fields it uses.
#[derive(Debug, Clone, Serialize)]
pub struct LetterTemplateRow {
    pub id: Uuid,
    pub name: String,
    pub body: String,
    /// The fields it uses, as written (`称呼`, `姓名`...).
    pub fields: Vec<&'static str>,
    pub updated_at: DateTime<Utc>,
}

/// A fellow's mailing details as typed.
#[derive(Debug, Clone, Default)]
pub struct AddressDraft {
    /// Empty for the salutation derived from the name and gender.
    pub salutation: String,
    pub address: String,
    pub postcode: String,
}

/// A fellow's mailing details, with the salutation a letter will use.
#[derive(Debug, Clone, Serialize)]
pub struct AddressView {
    pub fellow_id: Uuid,
    pub name: String,
    /// The salutation derived from the name and gender.
    pub derived: String,
    /// The salutation typed for them, if any.
    pub salutation: String,
    pub address: String,
    pub postcode: String,
}
