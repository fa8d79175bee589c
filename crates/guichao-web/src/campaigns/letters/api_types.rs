//! The JSON shapes of the letters routes: templates, the merge preview, and
//! batches marked printed.

use chrono::{DateTime, NaiveDate, Utc};
use guichao_store::campaigns::letters::{BatchReport, BatchRow, Letter, LetterTemplateRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A letter template with the fields it uses.
#[derive(Serialize, ToSchema)]
pub struct LetterTemplateItem {
    pub id: Uuid,
    pub name: String,
    /// With fields in braces: `{称呼}`, `{姓名}`, `{乡镇}`, `{落款}`, `{日期}`.
    pub body: String,
    pub fields: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<LetterTemplateRow> for LetterTemplateItem {
    fn from(t: LetterTemplateRow) -> LetterTemplateItem {
        LetterTemplateItem {
            id: t.id,
            name: t.name,
            body: t.body,
            fields: t.fields.into_iter().map(str::to_string).collect(),
            updated_at: t.updated_at,
        }
    }
}

/// A letter template to create or replace.
#[derive(Deserialize, ToSchema)]
pub struct LetterTemplateBody {
    /// At most 50 characters, unique within the county.
    pub name: String,
    /// At most 5,000 characters; an unknown `{field}` is refused by name.
    pub body: String,
}

/// What to merge.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewParams {
    pub template_id: Uuid,
    /// Only this township's fellows.
    pub township_id: Option<Uuid>,
    /// Also fellows whose letter is ticked already (default false).
    pub all: Option<bool>,
    /// The sign-off (落款); default the county's government.
    pub sign_off: Option<String>,
    /// The letter's date (日期); default today.
    pub date: Option<NaiveDate>,
    /// At most this many letters (default 50).
    #[param(minimum = 1, maximum = 2000)]
    pub limit: Option<usize>,
}

/// One fellow's letter.
#[derive(Serialize, ToSchema)]
pub struct PreviewItem {
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub salutation: String,
    /// The letter, paragraphs separated by a blank line.
    pub text: String,
    /// Empty when none is recorded.
    pub address: String,
    pub postcode: String,
}

impl From<Letter> for PreviewItem {
    fn from(l: Letter) -> PreviewItem {
        PreviewItem {
            fellow_id: l.fellow_id,
            text: l.paragraphs.join("\n\n"),
            name: l.name,
            township: l.township,
            salutation: l.salutation,
            address: l.address,
            postcode: l.postcode,
        }
    }
}

/// The merge preview: the first letters in name order and how many fellows
/// the filters select in all.
#[derive(Serialize, ToSchema)]
pub struct Preview {
    pub items: Vec<PreviewItem>,
    pub total: u64,
}

/// A batch to mark printed.
#[derive(Deserialize, ToSchema)]
pub struct BatchBody {
    pub template_id: Uuid,
    /// The township filter the letters were merged with, if any.
    pub township_id: Option<Uuid>,
    /// Whether only fellows not yet ticked were merged (default true).
    pub only_unticked: Option<bool>,
    pub sign_off: String,
    pub date: NaiveDate,
    /// The fellows whose letters were printed (1-2000).
    pub fellow_ids: Vec<Uuid>,
}

/// What marking a batch did.
#[derive(Serialize, ToSchema)]
pub struct BatchDone {
    pub batch_id: Uuid,
    /// Fellows whose letter column it ticked.
    pub ticked: u64,
    /// Fellows already ticked, left as they were.
    pub skipped: u64,
}

impl From<BatchReport> for BatchDone {
    fn from(r: BatchReport) -> BatchDone {
        BatchDone { batch_id: r.batch_id, ticked: r.ticked, skipped: r.skipped }
    }
}

/// A batch marked printed.
#[derive(Serialize, ToSchema)]
pub struct BatchItem {
    pub id: Uuid,
    pub template_name: String,
    /// The township filter's name; empty for every township.
    pub township: String,
    pub sign_off: String,
    pub letter_date: NaiveDate,
    pub fellows: i32,
    pub skipped: i32,
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

impl From<BatchRow> for BatchItem {
    fn from(b: BatchRow) -> BatchItem {
        BatchItem {
            id: b.id,
            template_name: b.template_name,
            township: b.township,
            sign_off: b.sign_off,
            letter_date: b.letter_date,
            fellows: b.fellows,
            skipped: b.skipped,
            by: b.by,
            created_at: b.created_at,
            undone_at: b.undone_at,
        }
    }
}

/// How many ticks undoing a batch removed.
#[derive(Serialize, ToSchema)]
pub struct Undone {
    pub ticks: u64,
}
