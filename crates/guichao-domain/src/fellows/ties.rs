//! The vocabularies of a fellow's ties: to companies, to other fellows and to
//! public roles. Chamber positions and liaison levels live with their areas
//! ([`crate::chambers`], [`crate::liaison`]).

use crate::vocab::vocabulary;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(CompanyRole, RelationKind, HeldRole);
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
    }
}
