//! The three levels of liaison duty and which org unit's cadres serve at each.

use crate::Msg;
use crate::org::UnitLevel;
use crate::vocab::vocabulary;
use uuid::Uuid;

vocabulary! {
    /// The level at which a cadre is assigned to keep in touch with a fellow.
    pub enum LiaisonLevel {
        County = "county", "县级", "County", ["县", "县里"];
        Township = "township", "乡镇级", "Township", ["乡镇", "镇", "乡", "街道"];
        Village = "village", "村级", "Village", ["村", "社区", "村社区"];
    }
}

impl LiaisonLevel {
    /// The level of the org units whose cadres serve at this liaison level.
    pub fn unit_level(self) -> UnitLevel {
        match self {
            LiaisonLevel::County => UnitLevel::County,
            LiaisonLevel::Township => UnitLevel::Township,
            LiaisonLevel::Village => UnitLevel::Village,
        }
    }

    /// Whether a user of a unit at level `own` may make, end or replace an
    /// assignment at this level: only at their own level or below (a village
    /// cadre may not end the county's assignment of a fellow they also serve).
    pub fn managed_from(self, own: UnitLevel) -> bool {
        self.unit_level() >= own
    }
}

/// The org unit whose cadres serve a fellow at `level`: the county, the
/// fellow's home township, or the fellow's home village (none when no village
/// is recorded, so no village cadre can serve them).
pub fn serving_unit(level: LiaisonLevel, county: Uuid, township: Option<Uuid>, village: Option<Uuid>) -> Option<Uuid> {
    match level {
        LiaisonLevel::County => Some(county),
        LiaisonLevel::Township => township,
        LiaisonLevel::Village => village,
    }
}

/// Why a cadre of `cadre_unit` cannot serve the fellow `fellow` at `level`,
/// in words for the user. `has_village` tells whether the fellow's home
/// village is recorded.
pub fn misfit(level: LiaisonLevel, fellow: &str, has_village: bool, cadre_unit: &str) -> Msg {
    match level {
        LiaisonLevel::County => Msg::new(
            format!("县级联系须选择县级单位的干部，{cadre_unit}的干部不能担任"),
            format!("A county-level liaison must be a county cadre, not one of {cadre_unit}"),
        ),
        LiaisonLevel::Township => Msg::new(
            format!("乡友{fellow}的籍贯乡镇不是{cadre_unit}，乡镇级联系须选择其所在乡镇的干部"),
            format!("{fellow} is not from {cadre_unit}: a township liaison must be a cadre of the fellow's township"),
        ),
        LiaisonLevel::Village if !has_village => Msg::new(
            format!("乡友{fellow}未登记所属村（社区），不能安排村级联系"),
            format!("{fellow} has no home village recorded, so no village liaison can be assigned"),
        ),
        LiaisonLevel::Village => Msg::new(
            format!("乡友{fellow}不是{cadre_unit}人，村级联系须选择其所在村（社区）的干部"),
            format!("{fellow} is not from {cadre_unit}: a village liaison must be a cadre of the fellow's village"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_are_managed_from_their_level_or_above() {
        use LiaisonLevel::*;
        let allowed =
            |own: UnitLevel| LiaisonLevel::ALL.into_iter().filter(|l| l.managed_from(own)).collect::<Vec<_>>();
        assert_eq!(allowed(UnitLevel::County), [County, Township, Village]);
        assert_eq!(allowed(UnitLevel::Township), [Township, Village]);
        assert_eq!(allowed(UnitLevel::Village), [Village]);
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(LiaisonLevel);
    }

    #[test]
    fn spreadsheet_words_are_understood() {
        assert_eq!(LiaisonLevel::from_words("村（社区）"), Some(LiaisonLevel::Village));
        assert_eq!(LiaisonLevel::from_words("鄉鎮級"), Some(LiaisonLevel::Township));
        assert_eq!(LiaisonLevel::from_words("省级"), None);
    }

    #[test]
    fn liaison_levels_match_unit_levels() {
        for level in LiaisonLevel::ALL {
            assert_eq!(level.unit_level().code(), level.code());
        }
    }

    #[test]
    fn each_level_is_served_from_its_own_unit() {
        let (county, township, village) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let serving = |level| serving_unit(level, county, Some(township), Some(village));
        assert_eq!(serving(LiaisonLevel::County), Some(county));
        assert_eq!(serving(LiaisonLevel::Township), Some(township));
        assert_eq!(serving(LiaisonLevel::Village), Some(village));
        assert_eq!(serving_unit(LiaisonLevel::Village, county, Some(township), None), None);
        assert_eq!(serving_unit(LiaisonLevel::County, county, None, None), Some(county));
    }

    #[test]
    fn a_misfit_says_what_would_fit() {
        let no_village = misfit(LiaisonLevel::Village, "张三", false, "荣家村");
        assert!(no_village.zh.contains("未登记所属村"), "{}", no_village.zh);
        let elsewhere = misfit(LiaisonLevel::Village, "张三", true, "荣家村");
        assert!(elsewhere.zh.contains("不是荣家村人"), "{}", elsewhere.zh);
        assert!(misfit(LiaisonLevel::Township, "张三", true, "新墙镇").zh.contains("籍贯乡镇不是新墙镇"));
        assert!(misfit(LiaisonLevel::County, "张三", true, "新墙镇").zh.starts_with("县级联系"));
    }
}
