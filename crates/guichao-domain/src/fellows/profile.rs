//! The vocabularies that describe a fellow: the county's three categories of fellows,
//! gender and the record's status.

use crate::vocab::vocabulary;

vocabulary! {
    /// The three kinds of fellows the county's work is organised by.
    pub enum Category {
        /// 党政军: officials, civil servants, the military.
        PartyGovMilitary = "party_gov_military", "党政军", "Party, government and military",
            ["党政", "政界", "军界", "军", "军人", "部队", "政府", "机关", "党政机关", "公务员"];
        /// 文化教育艺术: teachers, scholars, writers, artists.
        CultureEducationArts = "culture_education_arts", "文化教育艺术", "Culture, education and arts",
            ["文教", "文化", "教育", "艺术", "文艺", "科教", "学界", "学术", "教师"];
        /// 工商企: entrepreneurs and business people.
        IndustryCommerce = "industry_commerce", "工商企", "Industry and commerce",
            ["企业家", "商界", "工商", "工商界", "企业", "企业界", "商人", "经商", "实业", "民营企业"];
    }
}

vocabulary! {
    /// Gender as recorded on the ID card.
    pub enum Gender {
        Male = "male", "男", "Male", ["m", "男性", "男士", "先生"];
        Female = "female", "女", "Female", ["f", "女性", "女士"];
    }
}

vocabulary! {
    /// Where a fellow's record stands. Only active fellows count in coverage and campaigns.
    pub enum FellowStatus {
        Active = "active", "正常", "Active", ["在册", "活跃", "有效"];
        Deceased = "deceased", "已故", "Deceased", ["去世", "逝世", "过世", "病故"];
        LostContact = "lost_contact", "失联", "Lost contact", ["联系不上", "无法联系", "失去联系"];
        Archived = "archived", "已归档", "Archived", ["归档", "存档"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn categories_read_the_words_of_a_roster() {
        use Category::*;
        for (text, category) in [
            ("企业家", IndustryCommerce),
            ("商界", IndustryCommerce),
            ("工商", IndustryCommerce),
            ("工商企", IndustryCommerce),
            ("企业", IndustryCommerce),
            ("工商企类", IndustryCommerce),
            ("文教", CultureEducationArts),
            ("文化", CultureEducationArts),
            ("教育", CultureEducationArts),
            ("艺术", CultureEducationArts),
            ("文化教育艺术", CultureEducationArts),
            ("文化、教育、艺术", CultureEducationArts),
            ("文化教育藝術", CultureEducationArts),
            ("政界", PartyGovMilitary),
            ("军人", PartyGovMilitary),
            ("党政", PartyGovMilitary),
            ("党政军", PartyGovMilitary),
            ("军", PartyGovMilitary),
            ("黨政軍", PartyGovMilitary),
            ("党/政/军", PartyGovMilitary),
            ("party_gov_military", PartyGovMilitary),
            ("Industry and commerce", IndustryCommerce),
        ] {
            assert_eq!(Category::from_words(text), Some(category), "{text}");
        }
        for text in ["", "农民", "其他", "党政军企"] {
            assert_eq!(Category::from_words(text), None, "{text}");
        }
    }

    #[test]
    fn genders_read_chinese_english_and_letters() {
        for text in ["男", "male", "M", "ｍ", "Male", "男性"] {
            assert_eq!(Gender::from_words(text), Some(Gender::Male), "{text}");
        }
        for text in ["女", "female", "F", "女士"] {
            assert_eq!(Gender::from_words(text), Some(Gender::Female), "{text}");
        }
        assert_eq!(Gender::from_words("未知"), None);
    }

    #[test]
    fn statuses_read_the_usual_words() {
        assert_eq!(FellowStatus::from_words("已故"), Some(FellowStatus::Deceased));
        assert_eq!(FellowStatus::from_words("失聯"), Some(FellowStatus::LostContact));
        assert_eq!(FellowStatus::from_words("已歸檔"), Some(FellowStatus::Archived));
        assert_eq!(FellowStatus::from_words("正常"), Some(FellowStatus::Active));
        assert_eq!(FellowStatus::from_words("lost contact"), Some(FellowStatus::LostContact));
    }

    #[test]
    fn codes_round_trip_and_labels_exist() {
        let cases = Category::ALL.iter().map(|c| (c.code(), Category::parse(c.code()).is_some(), c.label(Lang::Zh)));
        let cases = cases
            .chain(Gender::ALL.iter().map(|g| (g.code(), Gender::parse(g.code()).is_some(), g.label(Lang::Zh))))
            .chain(
                FellowStatus::ALL
                    .iter()
                    .map(|s| (s.code(), FellowStatus::parse(s.code()).is_some(), s.label(Lang::En))),
            );
        for (code, round_trips, label) in cases {
            assert!(round_trips, "{code}");
            assert!(!label.is_empty(), "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
        }
        assert_eq!(Category::IndustryCommerce.label(Lang::Zh), "工商企");
        assert_eq!(Category::ALL.len(), 3);
        assert_eq!(FellowStatus::LostContact.code(), "lost_contact");
    }
}
