//! The chamber forms as typed: kept as text so a refused form shows again with
//! what the user wrote, and turned into store drafts (with a clear message for
//! what cannot be read) only on save.

use crate::error::AppError;
use crate::extract::FormData;
use chrono::NaiveDate;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::date::parse_optional_date;
use guichao_store::chambers::{ChamberDraft, ChamberView};
use uuid::Uuid;

pub use crate::select::Opt;

/// The create/edit form of a chamber.
#[derive(Debug, Clone, Default)]
pub struct ChamberForm {
    pub name: String,
    /// A `ChamberKind` code.
    pub kind: String,
    pub city: String,
    pub township_id: String,
    pub founded: String,
    pub notes: String,
}

impl ChamberForm {
    pub fn new() -> ChamberForm {
        ChamberForm { kind: ChamberKind::Remote.code().into(), ..Default::default() }
    }

    pub fn from_form(f: &FormData) -> ChamberForm {
        ChamberForm {
            name: f.get("name"),
            kind: f.get("kind"),
            city: f.get("city"),
            township_id: f.get("township_id"),
            founded: f.get("founded"),
            notes: f.get("notes"),
        }
    }

    /// The form filled with a stored chamber, for editing.
    pub fn from_view(c: &ChamberView) -> ChamberForm {
        ChamberForm {
            name: c.name.clone(),
            kind: c.kind.code().into(),
            city: c.city.clone(),
            township_id: c.township_id.map(|t| t.to_string()).unwrap_or_default(),
            founded: c.founded.map(|d| d.to_string()).unwrap_or_default(),
            notes: c.notes.clone(),
        }
    }

    pub fn draft(&self) -> Result<ChamberDraft, AppError> {
        let kind = ChamberKind::parse(&self.kind)
            .ok_or_else(|| AppError::invalid("请选择商会类型", "Please choose the kind of chamber"))?;
        let township_id = match self.township_id.trim() {
            "" => None,
            id => {
                Some(Uuid::parse_str(id).map_err(|_| AppError::invalid("请选择所属乡镇", "Please choose a township"))?)
            }
        };
        Ok(ChamberDraft {
            name: self.name.clone(),
            kind,
            city: self.city.clone(),
            township_id,
            founded: date(&self.founded, "成立日期", "founding date")?,
            notes: self.notes.clone(),
        })
    }
}

/// The add-member form: a fellow (an id, pasted or chosen by the search box,
/// or a name that names exactly one fellow), a position and a date.
#[derive(Debug, Clone, Default)]
pub struct MemberForm {
    pub fellow: String,
    pub position: String,
    pub since: String,
}

impl MemberForm {
    pub fn from_form(f: &FormData) -> MemberForm {
        MemberForm { fellow: f.get("fellow_id"), position: f.get("position"), since: f.get("since") }
    }

    pub fn position(&self) -> Result<MemberPosition, AppError> {
        MemberPosition::parse(&self.position)
            .ok_or_else(|| AppError::invalid("请选择在商会中的职务", "Please choose the position in the chamber"))
    }

    pub fn since(&self) -> Result<Option<NaiveDate>, AppError> {
        date(&self.since, "入会日期", "joining date")
    }
}

/// The add-office form.
#[derive(Debug, Clone, Default)]
pub struct OfficeForm {
    pub name: String,
    pub city: String,
    pub address: String,
}

impl OfficeForm {
    pub fn from_form(f: &FormData) -> OfficeForm {
        OfficeForm { name: f.get("name"), city: f.get("city"), address: f.get("address") }
    }
}

/// An optional date as a date input sends it (`2024-03-01`) or as a person
/// types it where the browser offers a text box (2024/3/1, 2024年3月1日...).
/// `zh`/`en` name the field in the refusal.
pub fn date(text: &str, zh: &str, en: &str) -> Result<Option<NaiveDate>, AppError> {
    parse_optional_date(text).map_err(|e| AppError::Invalid(e.msg(zh, en, text)))
}
