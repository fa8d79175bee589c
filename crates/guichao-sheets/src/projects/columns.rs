//! The columns of a project ledger (项目台账) and the header words county
//! offices use for them, English ones included. An amount column may carry
//! its unit in the header (`协议投资（万元）`, `投资额/亿元`, `总投资万元`):
//! the header reads as its column with the unit set aside, and
//! [`header_unit`] gives the unit.

use crate::columns::header_key;
use crate::table::{self, Heading, SheetColumn};
use guichao_domain::projects::AmountUnit;
use guichao_domain::search::normalize;

/// What a column of a project ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerColumn {
    Name,
    /// The investor company's name.
    Company,
    CreditCode,
    Kind,
    /// The agreed investment (协议投资).
    Investment,
    FixedAsset,
    Foreign,
    Jobs,
    /// Land need in 亩.
    Land,
    /// Factory need in m².
    Factory,
    /// The responsible org unit.
    Unit,
    Officer,
    Source,
    Chamber,
    Inspected,
    Negotiating,
    Signed,
    Registered,
    Started,
    InProduction,
    Dropped,
    DropReason,
    /// The introducing fellows, `张三（新墙镇）` or a name with [`LedgerColumn::IntroducerTownship`].
    Introducer,
    IntroducerTownship,
    /// The investing fellows, written as the introducers are.
    InvestorFellow,
    InvestorTownship,
    Notes,
}

impl SheetColumn for LedgerColumn {
    const SYNONYMS: &'static [(LedgerColumn, &'static [&'static str])] = &[
        (LedgerColumn::Name, &["项目名称", "项目", "项目名", "project name", "project", "name"]),
        (
            LedgerColumn::Company,
            &[
                "投资方",
                "投资企业",
                "投资主体",
                "投资单位",
                "投资商",
                "签约企业",
                "企业名称",
                "company",
                "investor company",
            ],
        ),
        (LedgerColumn::CreditCode, &["统一社会信用代码", "社会信用代码", "信用代码", "credit code"]),
        (LedgerColumn::Kind, &["项目类型", "项目类别", "类型", "类别", "产业类别", "kind", "type"]),
        (
            LedgerColumn::Investment,
            &["协议投资", "协议投资额", "投资额", "总投资", "计划总投资", "合同投资", "签约金额", "investment"],
        ),
        (LedgerColumn::FixedAsset, &["固定资产投资", "固定资产", "固投", "fixed asset investment", "fixed assets"]),
        (LedgerColumn::Foreign, &["外资", "利用外资", "外资金额", "foreign investment", "foreign"]),
        (LedgerColumn::Jobs, &["计划用工", "用工", "用工人数", "就业人数", "带动就业", "planned jobs", "jobs"]),
        (LedgerColumn::Land, &["用地", "用地面积", "用地需求", "用地亩数", "土地", "land need", "land"]),
        (LedgerColumn::Factory, &["厂房", "厂房面积", "厂房需求", "标准厂房", "factory need", "factory"]),
        (LedgerColumn::Unit, &["责任单位", "牵头单位", "责任乡镇", "承接单位", "承接乡镇", "responsible unit", "unit"]),
        (LedgerColumn::Officer, &["项目警官", "警官", "项目专员", "服务专员", "project officer", "officer"]),
        (LedgerColumn::Source, &["来源", "项目来源", "信息来源", "招商方式", "source"]),
        (LedgerColumn::Chamber, &["来源商会", "引荐商会", "商会", "source chamber", "chamber"]),
        (
            LedgerColumn::Inspected,
            &["首次考察", "考察日期", "首次考察日期", "考察时间", "first inspection", "inspected"],
        ),
        (LedgerColumn::Negotiating, &["在谈日期", "洽谈日期", "在谈时间", "negotiating"]),
        (LedgerColumn::Signed, &["签约日期", "签约时间", "signed"]),
        (LedgerColumn::Registered, &["注册日期", "注册时间", "注册落户日期", "registered"]),
        (LedgerColumn::Started, &["开工日期", "开工时间", "started"]),
        (LedgerColumn::InProduction, &["投产日期", "投产时间", "in production", "production"]),
        (LedgerColumn::Dropped, &["终止日期", "终止时间", "dropped"]),
        (LedgerColumn::DropReason, &["终止原因", "放弃原因", "drop reason"]),
        (LedgerColumn::Introducer, &["引荐乡友", "引荐人", "引荐人姓名", "介绍人", "introducer"]),
        (LedgerColumn::IntroducerTownship, &["引荐人乡镇", "引荐乡友乡镇", "引荐人籍贯", "introducer township"]),
        (LedgerColumn::InvestorFellow, &["投资乡友", "投资人", "投资乡友姓名", "investor fellow"]),
        (LedgerColumn::InvestorTownship, &["投资乡友乡镇", "投资人乡镇", "投资人籍贯", "investor township"]),
        (LedgerColumn::Notes, &["备注", "说明", "notes"]),
    ];

    fn is_long_number(self) -> bool {
        self == LedgerColumn::CreditCode
    }
}

impl LedgerColumn {
    /// Every column, in the order a ledger template lists them.
    pub const ALL: [LedgerColumn; 27] = [
        LedgerColumn::Name,
        LedgerColumn::Company,
        LedgerColumn::CreditCode,
        LedgerColumn::Kind,
        LedgerColumn::Investment,
        LedgerColumn::FixedAsset,
        LedgerColumn::Foreign,
        LedgerColumn::Jobs,
        LedgerColumn::Land,
        LedgerColumn::Factory,
        LedgerColumn::Unit,
        LedgerColumn::Officer,
        LedgerColumn::Source,
        LedgerColumn::Chamber,
        LedgerColumn::Inspected,
        LedgerColumn::Negotiating,
        LedgerColumn::Signed,
        LedgerColumn::Registered,
        LedgerColumn::Started,
        LedgerColumn::InProduction,
        LedgerColumn::Dropped,
        LedgerColumn::DropReason,
        LedgerColumn::Introducer,
        LedgerColumn::IntroducerTownship,
        LedgerColumn::InvestorFellow,
        LedgerColumn::InvestorTownship,
        LedgerColumn::Notes,
    ];

    /// Whether the column holds an amount of money.
    pub fn is_money(self) -> bool {
        matches!(self, LedgerColumn::Investment | LedgerColumn::FixedAsset | LedgerColumn::Foreign)
    }
}

/// How a header cell of a ledger reads.
pub type LedgerHeader = Heading<LedgerColumn>;

/// Units a header may end with, set aside to find its column (longest first).
const UNIT_WORDS: [&str; 10] = ["亿元", "万元", "亿", "万", "元", "平方米", "平米", "m2", "亩", "人"];

/// Reads a header cell: as written, then with a trailing unit set aside
/// (`总投资万元` is 总投资; `协议投资（万元）` already reads without its bracket).
pub fn classify(text: &str) -> LedgerHeader {
    match table::classify(text) {
        Heading::Unknown => {
            let key = header_key(text, true);
            UNIT_WORDS
                .iter()
                .find_map(|u| key.strip_suffix(u).filter(|k| !k.is_empty()))
                .map_or(Heading::Unknown, table::classify)
        }
        known => known,
    }
}

/// The unit of the amounts under a header: 亿元 when it says 亿, else 万元
/// when it says 万, else 元 when it says 元; `None` when it names none.
pub fn header_unit(header: &str) -> Option<AmountUnit> {
    let text = normalize(header);
    [("亿", AmountUnit::Yi), ("万", AmountUnit::Wan), ("元", AmountUnit::Yuan)]
        .into_iter()
        .find(|(word, _)| text.contains(word))
        .map(|(_, unit)| unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(text: &str) -> Option<LedgerColumn> {
        match classify(text) {
            Heading::Column(c) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn headers_and_their_variants_find_their_columns() {
        for (text, want) in [
            ("项目名称", LedgerColumn::Name),
            ("*项目名称（必填）", LedgerColumn::Name),
            ("項目名稱", LedgerColumn::Name),
            ("Project name", LedgerColumn::Name),
            ("投资方", LedgerColumn::Company),
            ("投资企业", LedgerColumn::Company),
            ("统一社会信用代码", LedgerColumn::CreditCode),
            ("项目类型", LedgerColumn::Kind),
            ("协议投资（万元）", LedgerColumn::Investment),
            ("协议投资(亿元)", LedgerColumn::Investment),
            ("投资额", LedgerColumn::Investment),
            ("总投资万元", LedgerColumn::Investment),
            ("协议投资额/亿元", LedgerColumn::Investment),
            ("固定资产投资（万元）", LedgerColumn::FixedAsset),
            ("外资（万元）", LedgerColumn::Foreign),
            ("计划用工（人）", LedgerColumn::Jobs),
            ("用地（亩）", LedgerColumn::Land),
            ("用地面积亩", LedgerColumn::Land),
            ("厂房（㎡）", LedgerColumn::Factory),
            ("厂房面积（平方米）", LedgerColumn::Factory),
            ("责任单位", LedgerColumn::Unit),
            ("项目警官", LedgerColumn::Officer),
            ("来源", LedgerColumn::Source),
            ("来源商会", LedgerColumn::Chamber),
            ("首次考察", LedgerColumn::Inspected),
            ("考察日期", LedgerColumn::Inspected),
            ("在谈日期", LedgerColumn::Negotiating),
            ("签约日期", LedgerColumn::Signed),
            ("注册日期", LedgerColumn::Registered),
            ("开工日期", LedgerColumn::Started),
            ("投产日期", LedgerColumn::InProduction),
            ("终止日期", LedgerColumn::Dropped),
            ("终止原因", LedgerColumn::DropReason),
            ("引荐乡友", LedgerColumn::Introducer),
            ("引荐人", LedgerColumn::Introducer),
            ("引荐人乡镇", LedgerColumn::IntroducerTownship),
            ("投资乡友", LedgerColumn::InvestorFellow),
            ("投资人乡镇", LedgerColumn::InvestorTownship),
            ("备注", LedgerColumn::Notes),
            ("Signed", LedgerColumn::Signed),
            ("Drop reason", LedgerColumn::DropReason),
        ] {
            assert_eq!(column(text), Some(want), "{text}");
        }
        assert_eq!(classify("序号"), Heading::Ignored);
        assert_eq!(classify("错误原因"), Heading::Ignored);
        for text in ["", "天气", "2023年招商项目台账", "万元", "元"] {
            assert_eq!(classify(text), Heading::Unknown, "{text}");
        }
    }

    #[test]
    fn every_column_is_listed_once_and_reads_back() {
        assert_eq!(LedgerColumn::ALL.len(), LedgerColumn::SYNONYMS.len());
        for c in LedgerColumn::ALL {
            assert!(c.synonyms().iter().all(|w| classify(w) == Heading::Column(c)), "{c:?}");
        }
    }

    #[test]
    fn the_header_gives_the_amounts_unit() {
        assert_eq!(header_unit("协议投资（亿元）"), Some(AmountUnit::Yi));
        assert_eq!(header_unit("协议投资（万元）"), Some(AmountUnit::Wan));
        assert_eq!(header_unit("总投资萬元"), Some(AmountUnit::Wan), "traditional");
        assert_eq!(header_unit("投资额(元)"), Some(AmountUnit::Yuan));
        assert_eq!(header_unit("投资额"), None);
        assert_eq!(header_unit("Investment"), None);
    }
}
