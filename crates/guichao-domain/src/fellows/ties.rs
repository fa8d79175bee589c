//! The vocabularies of a fellow's ties: to companies, to other fellows, to public
//! roles, to chambers of commerce and to the cadres who keep in touch.

use super::vocab::vocabulary;
use crate::org::UnitLevel;

vocabulary! {
    /// What a fellow is to a company.
    pub enum CompanyRole {
        /// Legal representative or shareholder: the person who owns or answers for it.
        Owner = "owner", "法定代表人/股东", "Owner or legal representative",
            ["法定代表人", "法人", "法人代表", "股东", "董事长", "老板", "创始人", "实际控制人", "出资人"];
        Executive = "executive", "高管", "Executive",
            ["高级管理人员", "总经理", "副总经理", "经理", "总裁", "副总裁", "董事", "监事", "ceo"];
        Employee = "employee", "员工", "Employee", ["职员", "职工", "雇员"];
    }
}

vocabulary! {
    /// How two fellows know each other.
    pub enum RelationKind {
        Kin = "kin", "亲属", "Kin", ["亲戚", "家人", "亲人", "家属", "家庭成员"];
        Classmate = "classmate", "同学", "Classmate", ["校友", "同窗"];
        Partner = "partner", "合作伙伴", "Business partner", ["伙伴", "合伙人", "生意伙伴", "合作"];
        Fellow = "fellow", "同乡", "Fellow townsman", ["老乡", "乡友", "乡亲"];
    }
}

vocabulary! {
    /// A public role a fellow holds for a period.
    pub enum HeldRole {
        IndustryAdvisor = "industry_advisor", "产业顾问", "Industry advisor", ["招商顾问", "顾问", "经济顾问"];
        PartyCongress = "party_congress", "党代表", "Party congress delegate", ["党代会代表"];
        PeoplesCongress = "peoples_congress", "人大代表", "People's congress deputy", ["人大"];
        Cppcc = "cppcc", "政协委员", "CPPCC member", ["政协"];
    }
}

vocabulary! {
    /// Where a chamber of commerce sits: in a distant city, or in a home township.
    pub enum ChamberKind {
        Remote = "remote", "异地商会", "Chamber in another city", ["异地", "在外商会", "外地商会"];
        Township = "township", "乡镇商会", "Township chamber", ["乡镇", "本地商会"];
    }
}

vocabulary! {
    /// A member's position in a chamber of commerce.
    pub enum MemberPosition {
        President = "president", "会长", "President", ["商会会长"];
        VicePresident = "vice_president", "副会长", "Vice president", ["常务副会长", "执行副会长"];
        SecretaryGeneral = "secretary_general", "秘书长", "Secretary general", [];
        Member = "member", "会员", "Member", ["普通会员", "会员单位"];
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    /// Every value of every vocabulary here: its code round-trips, its labels read back.
    #[test]
    fn codes_and_labels_round_trip() {
        macro_rules! check {
            ($($vocabulary:ident),+) => {$(
                for value in $vocabulary::ALL {
                    assert_eq!($vocabulary::parse(value.code()), Some(value));
                    for lang in [Lang::Zh, Lang::En] {
                        assert_eq!($vocabulary::from_words(value.label(lang)), Some(value), "{}", value.label(lang));
                    }
                }
            )+};
        }
        check!(CompanyRole, RelationKind, HeldRole, ChamberKind, MemberPosition, LiaisonLevel);
    }

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
    fn spreadsheet_words_are_understood() {
        assert_eq!(CompanyRole::from_words("法人"), Some(CompanyRole::Owner));
        assert_eq!(CompanyRole::from_words("股東"), Some(CompanyRole::Owner));
        assert_eq!(CompanyRole::from_words("CEO"), Some(CompanyRole::Executive));
        assert_eq!(RelationKind::from_words("合作夥伴"), Some(RelationKind::Partner));
        assert_eq!(RelationKind::from_words("親屬"), Some(RelationKind::Kin));
        assert_eq!(HeldRole::from_words("政協委員"), Some(HeldRole::Cppcc));
        assert_eq!(HeldRole::from_words("人大代表"), Some(HeldRole::PeoplesCongress));
        assert_eq!(ChamberKind::from_words("異地商會"), Some(ChamberKind::Remote));
        assert_eq!(MemberPosition::from_words("副會長"), Some(MemberPosition::VicePresident));
        assert_eq!(MemberPosition::from_words("秘書長"), Some(MemberPosition::SecretaryGeneral));
        assert_eq!(MemberPosition::from_words("名誉会长"), None);
        assert_eq!(LiaisonLevel::from_words("村（社区）"), Some(LiaisonLevel::Village));
        assert_eq!(LiaisonLevel::from_words("鄉鎮級"), Some(LiaisonLevel::Township));
    }

    #[test]
    fn liaison_levels_match_unit_levels() {
        for level in LiaisonLevel::ALL {
            assert_eq!(level.unit_level().code(), level.code());
        }
    }
}
