//! The event form as typed: kept as text so a refused form shows again with
//! what the user wrote, and turned into a store draft (with a clear message
//! for what cannot be read) only on save.

use crate::error::AppError;
use crate::extract::FormData;
use chrono::NaiveDate;
use guichao_domain::date::{parse_optional_date, today};
use guichao_domain::events::{EventDraft, EventKind};
use guichao_store::events::EventView;
use uuid::Uuid;

pub use crate::select::Opt;

/// The new/edit form of an event.
#[derive(Debug, Clone, Default)]
pub struct EventForm {
    pub title: String,
    /// An `EventKind` code.
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub place: String,
    pub organiser_unit_id: String,
    pub outcomes: String,
    pub leads: String,
}

impl EventForm {
    /// A blank form: a forum today, organised by `unit`.
    pub fn new(unit: Uuid) -> EventForm {
        let day = today().to_string();
        EventForm {
            kind: EventKind::Forum.code().into(),
            start_date: day.clone(),
            end_date: day,
            organiser_unit_id: unit.to_string(),
            ..Default::default()
        }
    }

    pub fn from_form(f: &FormData) -> EventForm {
        EventForm {
            title: f.get("title"),
            kind: f.get("kind"),
            start_date: f.get("start_date"),
            end_date: f.get("end_date"),
            place: f.get("place"),
            organiser_unit_id: f.get("organiser_unit_id"),
            outcomes: f.get("outcomes"),
            leads: f.get("leads"),
        }
    }

    /// The form filled with a stored event, for editing.
    pub fn from_view(e: &EventView) -> EventForm {
        EventForm {
            title: e.title.clone(),
            kind: e.kind.code().into(),
            start_date: e.start_date.to_string(),
            end_date: e.end_date.to_string(),
            place: e.place.clone(),
            organiser_unit_id: e.organiser_unit_id.to_string(),
            outcomes: e.outcomes.clone(),
            leads: e.leads.clone(),
        }
    }

    pub fn draft(&self) -> Result<EventDraft, AppError> {
        let kind = EventKind::parse(&self.kind)
            .ok_or_else(|| AppError::invalid("请选择活动类型", "Please choose the kind of event"))?;
        let start_date = date(&self.start_date, "开始日期", "start date")?;
        let end_date = match self.end_date.trim() {
            "" => start_date,
            _ => date(&self.end_date, "结束日期", "end date")?,
        };
        let organiser_unit_id = Uuid::parse_str(self.organiser_unit_id.trim())
            .map_err(|_| AppError::invalid("请选择主办单位", "Please choose the organising unit"))?;
        Ok(EventDraft {
            title: self.title.clone(),
            kind,
            start_date,
            end_date,
            place: self.place.clone(),
            organiser_unit_id,
            outcomes: self.outcomes.clone(),
            leads: self.leads.clone(),
        })
    }

    /// The kinds for the select, this form's chosen.
    pub fn kinds(&self, lang: guichao_domain::Lang) -> Vec<Opt> {
        EventKind::ALL
            .iter()
            .map(|k| Opt { value: k.code().into(), label: k.label(lang).into(), selected: self.kind == k.code() })
            .collect()
    }
}

/// A required date as a date input sends it, or as a person types it.
fn date(text: &str, zh: &str, en: &str) -> Result<NaiveDate, AppError> {
    match parse_optional_date(text) {
        Ok(Some(day)) => Ok(day),
        Ok(None) => Err(AppError::invalid(format!("请填写{zh}"), format!("Please give the {en}"))),
        Err(e) => Err(AppError::Invalid(e.msg(zh, en, text))),
    }
}
