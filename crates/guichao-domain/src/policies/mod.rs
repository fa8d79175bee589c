//! Policy documents (政策文件): their document number (岳政发〔2023〕5号),
//! validity, tags, and who benefited from them. Whether a policy is in
//! force on a day and the totals of its beneficiaries are counted here from
//! the dated records; nothing is stored as a total.

mod number;
mod totals;

pub use number::normalize_number;
pub use totals::{BeneficiaryFact, Totals, totals};

use crate::vocab::vocabulary;
use chrono::NaiveDate;

vocabulary! {
    /// What benefited from a policy.
    pub enum BeneficiaryKind {
        Project = "project", "项目", "Project", ["招商项目"];
        Fellow = "fellow", "乡友", "Fellow", ["在外乡友"];
        Company = "company", "企业", "Company", ["公司"];
    }
}

/// When a policy applies: from a day, until a day or open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// A validity as typed: the end, when given, is not before the start.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Result<Validity, crate::Msg> {
        if to.is_some_and(|to| to < from) {
            return Err(crate::Msg::new("失效日期不能早于生效日期", "The end cannot be before the start"));
        }
        Ok(Validity { from, to })
    }

    /// Whether the policy is in force on `day` (both ends included).
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// Tags as typed, split on commas (either width), spaces or 、; trimmed,
/// without repeats, in the order typed; each at most 20 characters.
pub fn parse_tags(text: &str) -> Result<Vec<String>, crate::Msg> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split([',', '，', '、', ' ', '　', ';', '；']).map(str::trim).filter(|t| !t.is_empty()) {
        if t.chars().count() > 20 {
            return Err(crate::Msg::new(format!("标签“{t}”太长（最多20个字）"), format!("The tag {t} is too long")));
        }
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    if tags.len() > 10 {
        return Err(crate::Msg::new("标签最多10个", "At most 10 tags"));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn in_force_includes_both_ends_and_open_ends_never_end() {
        let v = Validity::new(d(2022, 1, 1), Some(d(2024, 12, 31))).unwrap();
        assert!(!v.in_force_on(d(2021, 12, 31)));
        assert!(v.in_force_on(d(2022, 1, 1)));
        assert!(v.in_force_on(d(2024, 12, 31)));
        assert!(!v.in_force_on(d(2025, 1, 1)));
        let open = Validity::new(d(2022, 1, 1), None).unwrap();
        assert!(open.in_force_on(d(2099, 1, 1)));
        assert!(Validity::new(d(2022, 1, 2), Some(d(2022, 1, 1))).is_err());
    }

    #[test]
    fn tags_split_on_either_comma_and_drop_repeats() {
        assert_eq!(parse_tags("创业, 贷款，贴息、创业").unwrap(), ["创业", "贷款", "贴息"]);
        assert!(parse_tags("").unwrap().is_empty());
        assert!(parse_tags(&"长".repeat(21)).is_err());
    }
}
