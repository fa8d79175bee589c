//! What a campaign as typed must keep to: a name, a period of at most a year
//! that does not run backwards, at least one kind of touch, and a registry
//! filter of known codes; and the day and note of a tick by hand.

use super::TouchKinds;
use crate::Msg;
use crate::fellows::{Category, FormError};
use crate::liaison::EARLIEST_CONTACT;
use crate::text::TextField;
use chrono::NaiveDate;
use uuid::Uuid;

/// A campaign's name (2025年春节"四个一"走访慰问); unique within the county.
pub const NAME: TextField = TextField::line("活动名称", "campaign name", 100).required();
/// The note a tick by hand carries (how the touch was made).
pub const TICK_NOTE: TextField = TextField::line("说明", "note", 200);
/// A campaign's filter on the fellows' current city.
const CITY: TextField = TextField::line("所在城市", "city", 50);
/// A campaign's filter on one tag.
const TAG: TextField = TextField::line("标签", "tag", 30);
/// The longest period a campaign may run: a little over a year.
pub const MAX_PERIOD_DAYS: i64 = 400;

/// A campaign as the form or the API sends it. The fellows it covers are
/// chosen by the filter (the townships of its scope, a category, a city, a
/// tag) and frozen when it is launched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kinds: TouchKinds,
    /// The townships it covers; none for the whole county.
    pub township_ids: Vec<Uuid>,
    /// A category code (`industry_commerce`...), or none for every category.
    pub category: Option<String>,
    pub city: String,
    pub tag: String,
}

fn field(field: &'static str, message: Msg) -> FormError {
    FormError { field, message }
}

impl CampaignDraft {
    /// The draft with its rules applied: text trimmed, townships named once.
    /// Every broken rule is returned under the field the form and the API
    /// name (`name`, `end`, `category`...).
    pub fn check(&self) -> Result<CampaignDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut text = |f: &'static str, rule: TextField, value: &str| match rule.check(value) {
            Ok(v) => v,
            Err(m) => {
                errors.push(field(f, m));
                String::new()
            }
        };
        let name = text("name", NAME, &self.name);
        let city = text("city", CITY, &self.city);
        let tag = text("tag", TAG, &self.tag);
        if tag.contains(char::is_whitespace) {
            errors.push(field("tag", Msg::new("标签不能含空格", "A tag has no spaces")));
        }
        if self.start < EARLIEST_CONTACT {
            errors.push(field("start", Msg::new("开始日期不能早于2000年1月1日", "The start is before 1 January 2000")));
        }
        if self.end < self.start {
            errors.push(field("end", Msg::new("结束日期不能早于开始日期", "The end is before the start")));
        } else if (self.end - self.start).num_days() > MAX_PERIOD_DAYS {
            errors.push(field(
                "end",
                Msg::new(
                    format!("活动时间不能超过{MAX_PERIOD_DAYS}天"),
                    format!("A campaign runs at most {MAX_PERIOD_DAYS} days"),
                ),
            ));
        }
        let category = match self.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(code) => match Category::parse(code) {
                Some(c) => Some(c.code().to_string()),
                None => {
                    errors.push(field("category", Msg::new("乡友类别无法识别", "Unknown fellow category")));
                    None
                }
            },
        };
        let mut township_ids = Vec::with_capacity(self.township_ids.len());
        for id in &self.township_ids {
            if !township_ids.contains(id) {
                township_ids.push(*id);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CampaignDraft { name, city, tag, category, township_ids, ..self.clone() })
    }

    /// Whether `day` lies in the campaign's period (both ends included).
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// A tick by hand is for a day of the campaign's period that has come.
pub fn check_tick_date(day: NaiveDate, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Result<(), Msg> {
    if day > today {
        return Err(Msg::new("登记日期不能晚于今天", "The day is in the future"));
    }
    if day < start || day > end {
        return Err(Msg::new(
            format!("登记日期须在活动期间（{start} 至 {end}）"),
            format!("The day lies outside the campaign ({start} to {end})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft() -> CampaignDraft {
        CampaignDraft {
            name: " 2025年春节“四个一”走访慰问 ".into(),
            start: day(2025, 1, 1),
            end: day(2025, 2, 12),
            kinds: TouchKinds::default(),
            township_ids: vec![Uuid::from_u128(1), Uuid::from_u128(1), Uuid::from_u128(2)],
            category: Some(" industry_commerce ".into()),
            city: " 深圳 ".into(),
            tag: String::new(),
        }
    }

    #[test]
    fn a_good_draft_is_trimmed() {
        let d = draft().check().unwrap();
        assert_eq!(d.name, "2025年春节“四个一”走访慰问");
        assert_eq!(d.city, "深圳");
        assert_eq!(d.category.as_deref(), Some("industry_commerce"));
        assert_eq!(d.township_ids, [Uuid::from_u128(1), Uuid::from_u128(2)]);
        assert!(d.covers(day(2025, 2, 12)) && !d.covers(day(2025, 2, 13)));
    }

    #[test]
    fn every_broken_rule_names_its_field() {
        let bad = CampaignDraft {
            name: " ".into(),
            end: day(2024, 12, 1),
            category: Some("pirates".into()),
            tag: "两 个".into(),
            ..draft()
        };
        let fields: Vec<&str> = bad.check().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "tag", "end", "category"]);
        let long = CampaignDraft { end: day(2026, 3, 1), ..draft() };
        assert!(long.check().unwrap_err()[0].message.zh.contains("400"));
    }

    #[test]
    fn a_tick_is_dated_inside_the_period_and_not_ahead() {
        let (start, end) = (day(2025, 1, 1), day(2025, 2, 12));
        assert!(check_tick_date(day(2025, 1, 5), start, end, day(2025, 1, 5)).is_ok());
        assert!(check_tick_date(day(2025, 1, 6), start, end, day(2025, 1, 5)).unwrap_err().zh.contains("晚于今天"));
        assert!(check_tick_date(day(2024, 12, 31), start, end, day(2025, 3, 1)).unwrap_err().zh.contains("活动期间"));
    }
}
