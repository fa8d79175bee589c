//! The campaign draft form as typed: kept as text so a refused form shows
//! again with what the user wrote, and turned into a domain draft (with a
//! clear message for what cannot be read) only on save.

use crate::error::AppError;
use crate::extract::FormData;
use chrono::{Datelike, NaiveDate};
use guichao_domain::campaigns::{CampaignDraft, TouchKinds};
use guichao_domain::date::{parse_optional_date, today};
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::CampaignView;
use uuid::Uuid;

/// The new/edit form of a campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignForm {
    pub name: String,
    pub start: String,
    pub end: String,
    /// Contact kind codes ticked.
    pub kinds: Vec<String>,
    pub township_ids: Vec<String>,
    pub category: String,
    pub city: String,
    pub tag: String,
}

impl CampaignForm {
    /// A blank form: the four ones, from today to the next Spring Festival's
    /// Lantern Festival month.
    pub fn new() -> CampaignForm {
        let day = today();
        let year = if day.month() >= 11 { day.year() + 1 } else { day.year() };
        CampaignForm {
            name: format!("{year}年春节“四个一”走访慰问"),
            start: day.to_string(),
            end: NaiveDate::from_ymd_opt(year, 2, 28).map(|d| d.max(day)).unwrap_or(day).to_string(),
            kinds: TouchKinds::default().kinds().iter().map(|k| k.code().to_string()).collect(),
            ..Default::default()
        }
    }

    pub fn from_form(f: &FormData) -> CampaignForm {
        CampaignForm {
            name: f.get("name"),
            start: f.get("start"),
            end: f.get("end"),
            kinds: f.all("kinds"),
            township_ids: f.all("township_ids").into_iter().filter(|t| !t.trim().is_empty()).collect(),
            category: f.get("category"),
            city: f.get("city"),
            tag: f.get("tag"),
        }
    }

    pub fn from_view(c: &CampaignView) -> CampaignForm {
        CampaignForm {
            name: c.name.clone(),
            start: c.start.to_string(),
            end: c.end.to_string(),
            kinds: c.kinds.kinds().iter().map(|k| k.code().to_string()).collect(),
            township_ids: c.townships.iter().map(|(id, _)| id.to_string()).collect(),
            category: c.category.clone().unwrap_or_default(),
            city: c.city.clone(),
            tag: c.tag.clone(),
        }
    }

    pub fn draft(&self) -> Result<CampaignDraft, AppError> {
        let mut kinds = Vec::new();
        for code in &self.kinds {
            kinds.push(
                ContactKind::parse(code)
                    .ok_or_else(|| AppError::invalid("慰问方式无法识别", "Unknown kind of touch"))?,
            );
        }
        let kinds = TouchKinds::new(kinds).map_err(AppError::Invalid)?;
        let mut township_ids = Vec::new();
        for id in &self.township_ids {
            township_ids.push(
                Uuid::parse_str(id.trim())
                    .map_err(|_| AppError::invalid("所选乡镇无效", "A chosen township is unknown"))?,
            );
        }
        Ok(CampaignDraft {
            name: self.name.clone(),
            start: date(&self.start, "开始日期", "start date")?,
            end: date(&self.end, "结束日期", "end date")?,
            kinds,
            township_ids,
            category: Some(self.category.clone()).filter(|c| !c.trim().is_empty()),
            city: self.city.clone(),
            tag: self.tag.clone(),
        })
    }

    pub fn has_kind(&self, kind: &ContactKind) -> bool {
        self.kinds.iter().any(|k| k == kind.code())
    }

    pub fn has_township(&self, id: &Uuid) -> bool {
        self.township_ids.iter().any(|t| t.trim() == id.to_string())
    }
}

/// A required date as a date input sends it, or as a person types it.
pub(super) fn date(text: &str, zh: &str, en: &str) -> Result<NaiveDate, AppError> {
    match parse_optional_date(text) {
        Ok(Some(day)) => Ok(day),
        Ok(None) => Err(AppError::invalid(format!("请填写{zh}"), format!("Please give the {en}"))),
        Err(e) => Err(AppError::Invalid(e.msg(zh, en, text))),
    }
}
