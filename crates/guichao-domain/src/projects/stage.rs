//! The stages of an investment project, from a lead to production, and the
//! ladder of progress they climb. A dropped project (终止) is off the ladder:
//! it is not further or less far than any stage, and a later progress event
//! revives it.

use crate::Lang;
use crate::vocab::vocabulary;

vocabulary! {
    /// Where a project stands. Signing is what the county reports as landing
    /// (落地): a project "brought in" is one signed.
    pub enum Stage {
        Lead = "lead", "线索", "Lead", ["项目线索", "招商线索"];
        Inspected = "inspected", "考察", "Inspected", ["已考察", "实地考察"];
        Negotiating = "negotiating", "在谈", "Negotiating", ["洽谈", "洽谈中", "在谈项目"];
        Signed = "signed", "签约", "Signed", ["已签约", "落地", "已落地"];
        Registered = "registered", "注册", "Registered", ["已注册", "注册落户"];
        Started = "started", "开工", "Started", ["已开工"];
        InProduction = "in_production", "投产", "In production", ["已投产"];
        Dropped = "dropped", "终止", "Dropped", ["已终止", "放弃"];
    }
}

impl Stage {
    /// The stages of progress in order; every stage but [`Stage::Dropped`].
    pub const LADDER: [Stage; 7] = [
        Stage::Lead,
        Stage::Inspected,
        Stage::Negotiating,
        Stage::Signed,
        Stage::Registered,
        Stage::Started,
        Stage::InProduction,
    ];

    /// The stage's place on [`Stage::LADDER`] (a lead is 0); `None` when dropped.
    pub fn rank(self) -> Option<usize> {
        Stage::LADDER.iter().position(|&s| s == self)
    }

    /// Whether this stage comes before `other` on the ladder (never, when
    /// either is off it).
    pub fn is_before(self, other: Stage) -> bool {
        matches!((self.rank(), other.rank()), (Some(a), Some(b)) if a < b)
    }

    /// The name of the stage's milestone date in messages: the first day the
    /// project was recorded at this stage (首次考察日期, 签约日期...).
    pub fn date_label(self, lang: Lang) -> &'static str {
        match self {
            Stage::Lead => lang.pick("线索登记日期", "lead date"),
            Stage::Inspected => lang.pick("首次考察日期", "first inspection date"),
            Stage::Negotiating => lang.pick("首次洽谈日期", "first negotiation date"),
            Stage::Signed => lang.pick("签约日期", "signing date"),
            Stage::Registered => lang.pick("注册日期", "registration date"),
            Stage::Started => lang.pick("开工日期", "start date"),
            Stage::InProduction => lang.pick("投产日期", "production date"),
            Stage::Dropped => lang.pick("终止日期", "drop date"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(Stage);
        let codes = Stage::ALL.map(Stage::code);
        let expected =
            ["lead", "inspected", "negotiating", "signed", "registered", "started", "in_production", "dropped"];
        assert_eq!(codes, expected);
        assert_eq!(Stage::parse("签约"), None, "a stored code, not a label");
        assert_eq!(serde_json::to_string(&Stage::InProduction).unwrap(), "\"in_production\"");
    }

    #[test]
    fn spreadsheet_words_are_understood() {
        assert_eq!(Stage::from_words("已落地"), Some(Stage::Signed));
        assert_eq!(Stage::from_words("投產"), Some(Stage::InProduction));
        assert_eq!(Stage::from_words("In production"), Some(Stage::InProduction));
        assert_eq!(Stage::from_words("搬迁"), None);
    }

    #[test]
    fn the_ladder_runs_from_lead_to_production() {
        assert!(Stage::Lead.is_before(Stage::Inspected));
        assert!(Stage::Signed.is_before(Stage::InProduction));
        assert!(!Stage::Started.is_before(Stage::Registered));
        assert!(!Stage::Signed.is_before(Stage::Signed));
        assert_eq!(Stage::Lead.rank(), Some(0));
        assert_eq!(Stage::InProduction.rank(), Some(6));
        assert_eq!(Stage::Dropped.rank(), None);
        for stage in Stage::LADDER {
            assert!(!stage.is_before(Stage::Dropped) && !Stage::Dropped.is_before(stage));
        }
    }

    #[test]
    fn every_milestone_has_a_name_in_both_languages() {
        for stage in Stage::ALL {
            assert!(!stage.date_label(Lang::Zh).is_ascii() && stage.date_label(Lang::En).is_ascii());
        }
    }
}
