//! The org tree's vocabulary: a county holds townships, a township holds villages.

mod label;
mod suggest;

pub use label::unit_label;
pub use suggest::{MAX_SUGGESTIONS, nearest_names};

use crate::Lang;
use serde::{Deserialize, Serialize};

/// The level of an org unit. The tree is exactly three levels deep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitLevel {
    County,
    Township,
    Village,
}

impl UnitLevel {
    pub const ALL: [UnitLevel; 3] = [UnitLevel::County, UnitLevel::Township, UnitLevel::Village];

    pub fn code(self) -> &'static str {
        match self {
            UnitLevel::County => "county",
            UnitLevel::Township => "township",
            UnitLevel::Village => "village",
        }
    }

    /// Reads a level as written in a csv or a form: the code or a Chinese word.
    pub fn parse(text: &str) -> Option<UnitLevel> {
        match text.trim().to_lowercase().as_str() {
            "county" | "县" | "县级" | "区" => Some(UnitLevel::County),
            "township" | "乡镇" | "镇" | "乡" | "街道" | "乡镇级" => Some(UnitLevel::Township),
            "village" | "村" | "社区" | "村（社区）" | "村(社区)" | "村级" => Some(UnitLevel::Village),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UnitLevel::County => lang.pick("县", "County"),
            UnitLevel::Township => lang.pick("乡镇", "Township"),
            UnitLevel::Village => lang.pick("村（社区）", "Village"),
        }
    }

    /// The level a child of a unit at this level must have, if it may have children.
    pub fn child(self) -> Option<UnitLevel> {
        match self {
            UnitLevel::County => Some(UnitLevel::Township),
            UnitLevel::Township => Some(UnitLevel::Village),
            UnitLevel::Village => None,
        }
    }
}

/// Checks a unit name as typed by an admin: trimmed, 1 to 50 characters, one
/// line without control characters.
pub fn valid_unit_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("单位名称不能为空");
    }
    if name.chars().count() > 50 {
        return Err("单位名称不能超过50个字");
    }
    if crate::text::find_control(name, crate::text::Lines::One).is_some() {
        return Err("单位名称不能包含换行、制表符等控制字符");
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_in_both_languages() {
        assert_eq!(UnitLevel::parse("乡镇"), Some(UnitLevel::Township));
        assert_eq!(UnitLevel::parse(" Village "), Some(UnitLevel::Village));
        assert_eq!(UnitLevel::parse("县"), Some(UnitLevel::County));
        assert_eq!(UnitLevel::parse("省"), None);
        for level in UnitLevel::ALL {
            assert_eq!(UnitLevel::parse(level.code()), Some(level));
        }
    }

    #[test]
    fn children_go_one_level_down() {
        assert_eq!(UnitLevel::County.child(), Some(UnitLevel::Township));
        assert_eq!(UnitLevel::Village.child(), None);
    }

    #[test]
    fn unit_names_are_checked() {
        assert_eq!(valid_unit_name(" 新墙镇 "), Ok("新墙镇".to_string()));
        assert!(valid_unit_name("  ").is_err());
        assert!(valid_unit_name(&"村".repeat(51)).is_err());
        assert_eq!(valid_unit_name("新墙\u{0}镇"), Err("单位名称不能包含换行、制表符等控制字符"));
        assert!(valid_unit_name("新墙\n镇").is_err());
    }
}
