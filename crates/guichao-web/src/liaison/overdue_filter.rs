//! The overdue list's filters as a query gives them (the page and the API
//! read the same ones): the fellow's township, the cadre, the level and the
//! day asked about. Each bad value is a field error in words.

use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::date::{parse_date, today};
use guichao_domain::fellows::FormError;
use guichao_domain::liaison::LiaisonLevel;
use uuid::Uuid;

/// The filters as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct OverdueText {
    pub township_id: Option<String>,
    pub cadre_id: Option<String>,
    pub level: Option<String>,
    pub as_of: Option<String>,
}

/// The filters as read.
#[derive(Debug, Clone, Copy)]
pub(super) struct OverdueFilter {
    pub township_id: Option<Uuid>,
    pub cadre_id: Option<Uuid>,
    pub level: Option<LiaisonLevel>,
    pub as_of: NaiveDate,
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn id(field: &'static str, text: &Option<String>, zh: &str, en: &str, errors: &mut Vec<FormError>) -> Option<Uuid> {
    let text = given(text)?;
    Uuid::parse_str(text).map_err(|_| errors.push(FormError { field, message: Msg::new(zh, en) })).ok()
}

impl OverdueText {
    /// The filters, or every value that could not be read. A blank day is today.
    pub fn read(&self) -> Result<OverdueFilter, Vec<FormError>> {
        let mut errors = Vec::new();
        let township_id = id("township_id", &self.township_id, "乡镇选择无效", "Unknown township", &mut errors);
        let cadre_id = id("cadre_id", &self.cadre_id, "联系干部选择无效", "Unknown cadre", &mut errors);
        let level = given(&self.level).and_then(|t| {
            let level = LiaisonLevel::parse(t).or_else(|| LiaisonLevel::from_words(t));
            if level.is_none() {
                errors.push(FormError {
                    field: "level",
                    message: Msg::new("层级应为县级、乡镇级或村级", "The level is county, township or village"),
                });
            }
            level
        });
        let as_of = match given(&self.as_of) {
            None => today(),
            Some(t) => parse_date(t).unwrap_or_else(|e| {
                errors.push(FormError { field: "as_of", message: e.msg("统计日期", "as-of date", t) });
                today()
            }),
        };
        if errors.is_empty() { Ok(OverdueFilter { township_id, cadre_id, level, as_of }) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(township: &str, cadre: &str, level: &str, as_of: &str) -> OverdueText {
        let some = |s: &str| Some(s.to_string());
        OverdueText { township_id: some(township), cadre_id: some(cadre), level: some(level), as_of: some(as_of) }
    }

    #[test]
    fn blank_filters_mean_everything_today() {
        let read = text("", " ", "", "").read().unwrap();
        assert_eq!((read.township_id, read.cadre_id, read.level, read.as_of), (None, None, None, today()));
        let read = text("", "", "村级", "2024年3月5日").read().unwrap();
        assert_eq!(read.level, Some(LiaisonLevel::Village));
        assert_eq!(read.as_of, NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
    }

    #[test]
    fn each_bad_value_is_a_field_error_in_chinese() {
        let errors = text("新墙镇", "x", "省级", "2024-02-30").read().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["township_id", "cadre_id", "level", "as_of"]);
        assert_eq!(errors[2].message.zh, "层级应为县级、乡镇级或村级");
        assert!(errors[3].message.zh.starts_with("统计日期"), "{}", errors[3].message.zh);
        assert!(text("", "", "", "9999-01-01").read().is_err(), "an absurd year");
    }
}
