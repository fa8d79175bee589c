//! The vocabularies of projects: a project's kind and source, the part a
//! fellow played in it, and the evidence of funds in place.

use crate::vocab::vocabulary;

vocabulary! {
    /// What a project is. A county's counting rules may leave some kinds
    /// out (real estate, typically).
    pub enum ProjectKind {
        Manufacturing = "manufacturing", "工业制造", "Manufacturing", ["制造业", "工业", "工业项目"];
        Agriculture = "agriculture", "现代农业", "Agriculture", ["农业", "农业项目"];
        Services = "services", "现代服务业", "Services", ["服务业", "服务"];
        RealEstate = "real_estate", "房地产", "Real estate", ["地产", "房地产开发"];
        Tourism = "tourism", "文化旅游", "Tourism", ["文旅", "旅游"];
        Other = "other", "其他", "Other", [];
    }
}

vocabulary! {
    /// How the project came to the county.
    pub enum ProjectSource {
        Chamber = "chamber", "商会引荐", "Chamber", ["商会"];
        Event = "event", "活动洽谈", "Event", ["活动", "联谊活动"];
        TaskForce = "task_force", "招商专班", "Task force", ["专班"];
        Online = "online", "网络招商", "Online", ["网上", "线上"];
        Other = "other", "其他", "Other", [];
    }
}

vocabulary! {
    /// The part a fellow played in a project.
    pub enum ProjectRole {
        Investor = "investor", "投资", "Investor", ["投资人", "投资方"];
        Introducer = "introducer", "引荐", "Introducer", ["引荐人", "介绍人", "推荐人"];
        Advisor = "advisor", "顾问", "Advisor", ["参谋"];
    }
}

impl ProjectRole {
    /// Whether a fellow in this role makes the project one brought in "by or
    /// via fellows": an investor or an introducer does, an advisor does not.
    pub fn credits_fellows(self) -> bool {
        matches!(self, ProjectRole::Investor | ProjectRole::Introducer)
    }
}

vocabulary! {
    /// The document that shows funds arrived (到位资金的凭证).
    pub enum FundEvidence {
        CapitalVerification = "capital_verification", "验资报告", "Capital verification report", ["验资"];
        BankReceipt = "bank_receipt", "银行进账单", "Bank receipt", ["进账单", "银行回单"];
        EquipmentList = "equipment_list", "设备清单", "Equipment list", ["设备发票"];
        Other = "other", "其他", "Other", [];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(ProjectKind, ProjectSource, ProjectRole, FundEvidence);
        assert_eq!(ProjectRole::ALL.map(ProjectRole::code), ["investor", "introducer", "advisor"]);
        assert_eq!(serde_json::to_string(&FundEvidence::BankReceipt).unwrap(), "\"bank_receipt\"");
    }

    #[test]
    fn spreadsheet_words_are_understood() {
        assert_eq!(ProjectKind::from_words("制造业"), Some(ProjectKind::Manufacturing));
        assert_eq!(ProjectKind::from_words("文旅类"), Some(ProjectKind::Tourism));
        assert_eq!(ProjectSource::from_words("商會"), Some(ProjectSource::Chamber));
        assert_eq!(ProjectRole::from_words("引荐人"), Some(ProjectRole::Introducer));
        assert_eq!(FundEvidence::from_words("验资"), Some(FundEvidence::CapitalVerification));
        assert_eq!(ProjectKind::from_words("矿产"), None);
    }

    #[test]
    fn investors_and_introducers_credit_fellows() {
        let credited: Vec<ProjectRole> = ProjectRole::ALL.into_iter().filter(|r| r.credits_fellows()).collect();
        assert_eq!(credited, [ProjectRole::Investor, ProjectRole::Introducer]);
    }
}
