//! The columns of a contact log (联系台账) and the header words county
//! offices use for them, and the words a log uses for how a contact was made.
//!
//! Headers are compared by [`crate::columns::header_key`], as the roster's are: `联系日期`,
//! `*联系日期（必填）` and `聯繫日期` all find the date column.

use crate::table::{self, Heading, SheetColumn};
use guichao_domain::liaison::ContactKind;

/// What a column of a contact log holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogColumn {
    /// The fellow's name.
    Fellow,
    Township,
    Phone,
    /// The cadres who made the contact, by username or name.
    Cadre,
    Date,
    /// How: 电话, 上门走访, 微信...
    Kind,
    Notes,
    Place,
}

impl SheetColumn for LogColumn {
    const SYNONYMS: &'static [(LogColumn, &'static [&'static str])] = &[
        (LogColumn::Fellow, &["姓名", "乡友", "乡友姓名", "联系对象", "对象姓名", "名字"]),
        (LogColumn::Township, &["乡镇", "所属乡镇", "籍贯乡镇", "乡镇街道", "籍贯"]),
        (LogColumn::Phone, &["电话", "手机", "手机号码", "手机号", "联系电话", "电话号码"]),
        (LogColumn::Cadre, &["联系干部", "干部", "联系人", "干部姓名", "责任干部", "经办人"]),
        (LogColumn::Date, &["联系日期", "日期", "时间", "联系时间"]),
        (LogColumn::Kind, &["联系方式", "方式", "联系形式", "形式", "类型"]),
        (LogColumn::Notes, &["联系内容", "内容", "备注", "主要内容", "情况说明"]),
        (LogColumn::Place, &["地点", "联系地点"]),
    ];

    fn is_long_number(self) -> bool {
        self == LogColumn::Phone
    }
}

impl LogColumn {
    /// Every column, in the order a log usually has them.
    pub const ALL: [LogColumn; 8] = [
        LogColumn::Fellow,
        LogColumn::Township,
        LogColumn::Phone,
        LogColumn::Cadre,
        LogColumn::Date,
        LogColumn::Kind,
        LogColumn::Notes,
        LogColumn::Place,
    ];
}

/// How a header cell of a log reads.
pub type LogHeader = Heading<LogColumn>;

/// Reads a header cell: by its whole text, then without a bracketed remark.
pub fn classify(text: &str) -> LogHeader {
    table::classify(text)
}

/// The kind a log's word for it means. The program's own words and codes
/// first (`上门拜访`, `wechat`), then the words logs use, most specific first
/// (短信 and 微信 before 信); anything else is [`ContactKind::Other`].
pub fn kind_of(text: &str) -> ContactKind {
    let text = guichao_domain::search::normalize(text.trim());
    if text.is_empty() {
        return ContactKind::Other;
    }
    if let Some(kind) = ContactKind::parse(&text).or_else(|| ContactKind::from_words(&text)) {
        return kind;
    }
    const WORDS: &[(&str, ContactKind)] = &[
        ("短信", ContactKind::Sms),
        ("微信", ContactKind::WeChat),
        ("座谈", ContactKind::Forum),
        ("考察", ContactKind::Inspection),
        ("上门", ContactKind::Visit),
        ("走访", ContactKind::Visit),
        ("拜访", ContactKind::Visit),
        ("电话", ContactKind::Call),
        ("慰问", ContactKind::Gift),
        ("礼品", ContactKind::Gift),
        ("信", ContactKind::Letter),
    ];
    WORDS.iter().find(|(word, _)| text.contains(word)).map_or(ContactKind::Other, |(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_their_synonyms() {
        for (text, want) in [
            ("姓名", LogColumn::Fellow),
            ("乡友", LogColumn::Fellow),
            ("乡友姓名", LogColumn::Fellow),
            ("乡镇", LogColumn::Township),
            ("所属乡镇", LogColumn::Township),
            ("电话", LogColumn::Phone),
            ("手机", LogColumn::Phone),
            ("干部", LogColumn::Cadre),
            ("联系人", LogColumn::Cadre),
            ("联系干部", LogColumn::Cadre),
            ("日期", LogColumn::Date),
            ("联系日期", LogColumn::Date),
            ("*联系日期（必填）", LogColumn::Date),
            ("聯繫日期", LogColumn::Date),
            ("方式", LogColumn::Kind),
            ("联系方式", LogColumn::Kind),
            ("内容", LogColumn::Notes),
            ("备注", LogColumn::Notes),
            ("地点", LogColumn::Place),
            (" 地 点 ", LogColumn::Place),
        ] {
            assert_eq!(classify(text), LogHeader::Column(want), "{text}");
        }
        assert_eq!(classify("序号"), LogHeader::Ignored);
        assert_eq!(classify("错误原因"), LogHeader::Ignored);
        assert_eq!(classify("天气"), LogHeader::Unknown);
        assert_eq!(classify(""), LogHeader::Unknown);
        assert_eq!(LogColumn::Date.header(), "联系日期");
    }

    #[test]
    fn every_column_is_listed_once_with_its_synonyms() {
        assert_eq!(LogColumn::ALL.len(), LogColumn::SYNONYMS.len());
        for column in LogColumn::ALL {
            assert_eq!(LogColumn::ALL.iter().filter(|c| **c == column).count(), 1);
            assert!(column.synonyms().iter().all(|w| classify(w) == LogHeader::Column(column)), "{column:?}");
        }
    }

    #[test]
    fn kind_words_map_to_kinds() {
        for (text, want) in [
            ("上门", ContactKind::Visit),
            ("上门走访", ContactKind::Visit),
            ("走访", ContactKind::Visit),
            ("上门拜访", ContactKind::Visit),
            ("电话", ContactKind::Call),
            ("打电话", ContactKind::Call),
            ("座谈", ContactKind::Forum),
            ("乡友座谈会", ContactKind::Forum),
            ("信", ContactKind::Letter),
            ("寄信", ContactKind::Letter),
            ("慰问信", ContactKind::Letter),
            ("短信", ContactKind::Sms),
            ("发短信", ContactKind::Sms),
            ("慰问", ContactKind::Gift),
            ("送礼品", ContactKind::Gift),
            ("考察", ContactKind::Inspection),
            ("回乡考察", ContactKind::Inspection),
            ("微信", ContactKind::WeChat),
            ("微信语音", ContactKind::WeChat),
            ("wechat", ContactKind::WeChat),
            ("電話", ContactKind::Call),
            ("吃饭", ContactKind::Other),
            ("", ContactKind::Other),
        ] {
            assert_eq!(kind_of(text), want, "{text}");
        }
    }
}
