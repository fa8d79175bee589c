//! The JSON shapes of `/api/v1/campaigns`: bodies and answers, built from
//! the store's views.

use crate::api::vocab::{CampaignStateCode, CategoryCode, ContactKindCode, TickSourceCode};
use crate::error::AppError;
use chrono::NaiveDate;
use guichao_domain::campaigns::{CampaignDraft, CompletionRow, TouchKinds};
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::{CampaignSummary, CampaignView, MatrixRow, TickView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A campaign's period, both days included.
#[derive(Serialize, ToSchema)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One campaign of the list.
#[derive(Serialize, ToSchema)]
pub struct CampaignItem {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = CampaignStateCode)]
    pub state: String,
    pub period: Period,
    /// The kinds of touch it requires.
    #[schema(value_type = Vec<ContactKindCode>)]
    pub kinds: Vec<String>,
    /// Its fellows the caller may see (0 for a draft).
    pub fellows: u64,
}

fn codes(kinds: &TouchKinds) -> Vec<String> {
    kinds.kinds().iter().map(|k| k.code().to_string()).collect()
}

impl From<CampaignSummary> for CampaignItem {
    fn from(c: CampaignSummary) -> CampaignItem {
        CampaignItem {
            id: c.id,
            name: c.name,
            state: c.state.code().into(),
            period: Period { start: c.start, end: c.end },
            kinds: codes(&c.kinds),
            fellows: c.fellows,
        }
    }
}

/// A campaign with its registry filter.
#[derive(Serialize, ToSchema)]
pub struct CampaignDetail {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = CampaignStateCode)]
    pub state: String,
    pub period: Period,
    #[schema(value_type = Vec<ContactKindCode>)]
    pub kinds: Vec<String>,
    /// The townships it covers; empty for the whole county.
    pub township_ids: Vec<Uuid>,
    #[schema(value_type = Option<CategoryCode>)]
    pub category: Option<String>,
    pub city: String,
    pub tag: String,
    pub fellows: u64,
    pub launched_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<CampaignView> for CampaignDetail {
    fn from(c: CampaignView) -> CampaignDetail {
        CampaignDetail {
            id: c.id,
            name: c.name,
            state: c.state.code().into(),
            period: Period { start: c.start, end: c.end },
            kinds: codes(&c.kinds),
            township_ids: c.townships.into_iter().map(|(id, _)| id).collect(),
            category: c.category,
            city: c.city,
            tag: c.tag,
            fellows: c.fellows,
            launched_at: c.launched_at,
            closed_at: c.closed_at,
        }
    }
}

/// A campaign as drafted or edited.
#[derive(Deserialize, ToSchema)]
pub struct CampaignBody {
    /// Unique in the county, 1-100 characters.
    pub name: String,
    pub start: NaiveDate,
    /// On or after `start`, at most 400 days later.
    pub end: NaiveDate,
    /// Default: `visit`, `letter`, `sms`, `gift`.
    #[schema(value_type = Option<Vec<ContactKindCode>>)]
    pub kinds: Option<Vec<String>>,
    /// Townships of the county; empty or absent for the whole county.
    #[serde(default)]
    pub township_ids: Vec<Uuid>,
    #[schema(value_type = Option<CategoryCode>)]
    pub category: Option<String>,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub tag: String,
}

impl CampaignBody {
    pub fn draft(self) -> Result<CampaignDraft, AppError> {
        let kinds = match self.kinds {
            None => TouchKinds::default(),
            Some(codes) => TouchKinds::parse(&codes.join(" ")).map_err(AppError::Invalid)?,
        };
        Ok(CampaignDraft {
            name: self.name,
            start: self.start,
            end: self.end,
            kinds,
            township_ids: self.township_ids,
            category: self.category,
            city: self.city,
            tag: self.tag,
        })
    }
}

/// One tick of a matrix row.
#[derive(Serialize, ToSchema)]
pub struct Tick {
    #[schema(value_type = ContactKindCode)]
    pub kind: String,
    pub date: NaiveDate,
    #[schema(value_type = TickSourceCode)]
    pub source: String,
    /// The contact record, SMS message, letter batch or hand-out that made it.
    pub source_id: Option<Uuid>,
    /// The stored tick (a tick by hand is removed by it); null for a contact record's.
    pub tick_id: Option<Uuid>,
    /// Who made the touch.
    pub by: String,
    pub note: String,
}

impl From<TickView> for Tick {
    fn from(t: TickView) -> Tick {
        Tick {
            kind: t.kind.code().into(),
            date: t.date,
            source: t.source.code().into(),
            source_id: t.source_id,
            tick_id: t.tick_id,
            by: t.by,
            note: t.note,
        }
    }
}

/// One fellow of the matrix.
#[derive(Serialize, ToSchema)]
pub struct MatrixItem {
    pub fellow_id: Uuid,
    pub name: String,
    /// The fellow's township at launch.
    pub township: String,
    pub ticks: Vec<Tick>,
}

impl From<MatrixRow> for MatrixItem {
    fn from(r: MatrixRow) -> MatrixItem {
        MatrixItem {
            fellow_id: r.fellow_id,
            name: r.name,
            township: r.township,
            ticks: r.ticks.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MatrixList {
    pub items: Vec<MatrixItem>,
    /// How many fellows the filters select in all.
    pub total: u64,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatrixParams {
    /// Fellows of this township (as at launch).
    pub township_id: Option<Uuid>,
    /// Fellows this cadre holds a live assignment to.
    pub cadre_id: Option<Uuid>,
    /// A required kind's code, or `any`: fellows still missing it.
    pub missing: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Fellows per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompletionParams {
    /// `township` (default) or `cadre`.
    pub by: Option<String>,
}

/// One row of a completion table.
#[derive(Serialize, ToSchema)]
pub struct CompletionItem {
    /// The township's or cadre's id, `none` for fellows without one, `total`.
    pub key: String,
    pub label: String,
    pub fellows: u64,
    pub ticks: u64,
    /// Fellows × kinds required.
    pub required: u64,
    /// Ticks ÷ required, 0 to 1.
    pub completion: f64,
    pub fellows_done: u64,
}

impl From<CompletionRow> for CompletionItem {
    fn from(r: CompletionRow) -> CompletionItem {
        CompletionItem {
            key: r.key,
            label: r.label,
            fellows: r.fellows,
            ticks: r.ticks,
            required: r.required,
            completion: r.completion,
            fellows_done: r.fellows_done,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Completion {
    /// `township` or `cadre`.
    pub by: String,
    pub rows: Vec<CompletionItem>,
    /// Over the fellows the caller may see, each once.
    pub total: CompletionItem,
}

/// A tick by hand.
#[derive(Deserialize, ToSchema)]
pub struct TickBody {
    pub fellow_id: Uuid,
    #[schema(value_type = ContactKindCode)]
    pub kind: String,
    /// A day of the period, not after today.
    pub date: NaiveDate,
    /// How the touch was made (at most 200 characters).
    #[serde(default)]
    pub note: String,
}

impl TickBody {
    pub fn kind(&self) -> Result<ContactKind, AppError> {
        ContactKind::parse(&self.kind)
            .ok_or_else(|| AppError::invalid("kind 不是有效的慰问方式", "kind is not a kind of touch"))
    }
}

#[derive(Deserialize, ToSchema)]
pub struct FellowBody {
    pub fellow_id: Uuid,
}

#[derive(Serialize, ToSchema)]
pub struct Launched {
    /// The fellows frozen into the campaign.
    pub fellows: u64,
}
