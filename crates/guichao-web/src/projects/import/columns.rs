//! The columns of a project ledger as the import pages describe them: what
//! each column is called, what the import does with it (or without it),
//! and how the uploaded file's own columns were read.

use guichao_domain::Lang;
use guichao_sheets::projects::{LedgerColumn, LedgerHeader, LedgerLayout, header_unit};

/// A column's name on the pages.
pub fn name(column: LedgerColumn, lang: Lang) -> &'static str {
    use LedgerColumn as C;
    match column {
        C::Name => lang.pick("项目名称", "Project name"),
        C::Company => lang.pick("投资方", "Investor company"),
        C::CreditCode => lang.pick("统一社会信用代码", "Credit code"),
        C::Kind => lang.pick("项目类型", "Kind"),
        C::Investment => lang.pick("协议投资", "Agreed investment"),
        C::FixedAsset => lang.pick("固定资产投资", "Fixed-asset investment"),
        C::Foreign => lang.pick("外资", "Foreign investment"),
        C::Jobs => lang.pick("计划用工", "Planned jobs"),
        C::Land => lang.pick("用地（亩）", "Land (mu)"),
        C::Factory => lang.pick("厂房（㎡）", "Factory (m²)"),
        C::Unit => lang.pick("责任单位", "Responsible unit"),
        C::Officer => lang.pick("项目警官", "Project officer"),
        C::Source => lang.pick("来源", "Source"),
        C::Chamber => lang.pick("来源商会", "Source chamber"),
        C::Inspected => lang.pick("首次考察日期", "First inspection"),
        C::Negotiating => lang.pick("在谈日期", "Negotiating since"),
        C::Signed => lang.pick("签约日期", "Signed"),
        C::Registered => lang.pick("注册日期", "Registered"),
        C::Started => lang.pick("开工日期", "Started"),
        C::InProduction => lang.pick("投产日期", "In production"),
        C::Dropped => lang.pick("终止日期", "Dropped"),
        C::DropReason => lang.pick("终止原因", "Drop reason"),
        C::Introducer => lang.pick("引荐乡友", "Introducing fellows"),
        C::IntroducerTownship => lang.pick("引荐人乡镇", "Introducer's township"),
        C::InvestorFellow => lang.pick("投资乡友", "Investing fellows"),
        C::InvestorTownship => lang.pick("投资人乡镇", "Investor's township"),
        C::Notes => lang.pick("备注", "Notes"),
    }
}

/// What the import does with a column.
pub fn rule(column: LedgerColumn, lang: Lang) -> &'static str {
    use LedgerColumn as C;
    match column {
        C::Name => lang.pick(
            "必填；您已有的同名项目跳过不写，文件内重复的名称按错误处理",
            "Required; a project you already have is skipped, a name repeated in the file is refused",
        ),
        C::Company => lang.pick(
            "可选；按信用代码（没有时按名称）使用已有企业，没有则新建",
            "Optional; a known company is reused by credit code (else by name), otherwise added",
        ),
        C::CreditCode => lang.pick("可选；18位，校验位须正确", "Optional; 18 characters with a valid check character"),
        C::Kind => lang.pick(
            "工业制造、现代农业、现代服务业、房地产、文化旅游或其他；不填为“其他”",
            "Manufacturing, agriculture, services, real estate, tourism or other; blank is other",
        ),
        C::Investment => lang.pick(
            "单位写在表头，如“协议投资（亿元）”，或写在数字后，如 3.5亿、12000万；没有单位的数字不导入",
            "The unit in the header, as in 协议投资（亿元）, or after the number, as in 3.5亿 or 12000万; a number without a unit is refused",
        ),
        C::FixedAsset | C::Foreign => {
            lang.pick("单位同协议投资；不能超过协议投资", "Units as the agreed investment; at most the agreed investment")
        }
        C::Jobs => lang.pick("整数，如 300 或 300人", "A whole number, as 300 or 300人"),
        C::Land => lang.pick("亩，最多两位小数，如 120.5", "In mu, at most two decimals, as 120.5"),
        C::Factory => lang.pick("平方米，整数", "Square metres, a whole number"),
        C::Unit => lang.pick(
            "须在您的工作范围内；写不写“镇”“乡”均可；不填为您所在单位",
            "Within your scope; with or without 镇/乡; blank is your own unit",
        ),
        C::Officer => lang.pick("用户名或姓名", "Username or name"),
        C::Source => lang.pick(
            "商会引荐、活动洽谈、招商专班、网络招商或其他；填了来源商会可不填",
            "Chamber, event, task force, online or other; may be left out when a source chamber is given",
        ),
        C::Chamber => lang.pick("商会名称；来源须为商会引荐", "The chamber's name; the source is then a chamber"),
        C::Inspected | C::Negotiating | C::Signed | C::Registered | C::Started | C::InProduction => lang.pick(
            "如 2023年5月8日、2023.5.8、2023/5/8、20230508；按阶段先后，不晚于今天",
            "As 2023年5月8日, 2023.5.8, 2023/5/8 or 20230508; in stage order, not after today",
        ),
        C::Dropped => lang.pick("日期同上；须填终止原因", "A date as above; give the reason"),
        C::DropReason => lang.pick("有终止日期时必填", "Required with a drop date"),
        C::Introducer | C::InvestorFellow => lang.pick(
            "姓名（乡镇），如 张三（新墙镇），多人用“、”隔开；同名时须注明乡镇；只能是您能查看的乡友",
            "Name (township), as 张三（新墙镇）, several separated by 、; give the township for namesakes; only fellows you may see",
        ),
        C::IntroducerTownship | C::InvestorTownship => {
            lang.pick("姓名后没有注明乡镇时使用", "Used when the name gives no township")
        }
        C::Notes => lang.pick("可选", "Optional"),
    }
}

/// One column of the uploaded file as the check read it.
pub struct ReadColumn {
    pub header: String,
    /// What it was read as, or why it was not read.
    pub read_as: String,
    pub used: bool,
}

/// How each column of `layout` was read; an amount column says its unit.
pub fn read_columns(layout: &LedgerLayout, lang: Lang) -> Vec<ReadColumn> {
    layout
        .header
        .iter()
        .zip(&layout.columns)
        .filter(|(header, _)| !header.is_empty())
        .map(|(header, kind)| {
            let (read_as, used) = match kind {
                LedgerHeader::Column(c) if c.is_money() => {
                    let unit = match header_unit(header) {
                        Some(u) => format!("{}{}", lang.pick("，单位：", ", in "), u.label(lang)),
                        None => lang.pick("，单位须写在每个数字后", ", the unit after each number").to_string(),
                    };
                    (format!("{}{unit}", name(*c, lang)), true)
                }
                LedgerHeader::Column(c) => (name(*c, lang).to_string(), true),
                LedgerHeader::Ignored => (lang.pick("不读取（序号等）", "Not read (row numbers…)").to_string(), false),
                LedgerHeader::Unknown => (lang.pick("不读取", "Not read").to_string(), false),
            };
            ReadColumn { header: header.clone(), read_as, used }
        })
        .collect()
}

/// The columns the file lacks that change what the import does, each with what happens without it.
pub fn missing(layout: &LedgerLayout, lang: Lang) -> Vec<(&'static str, &'static str)> {
    [
        (LedgerColumn::Unit, lang.pick("每个项目的责任单位为您所在单位", "each project's unit is your own")),
        (LedgerColumn::Investment, lang.pick("协议投资记为0", "the agreed investment is 0")),
        (LedgerColumn::Signed, lang.pick("不登记签约日期", "no signing dates are recorded")),
    ]
    .into_iter()
    .filter(|(c, _)| layout.column(*c).is_none())
    .map(|(c, without)| (name(c, lang), without))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(header: &[&str]) -> LedgerLayout {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let columns = header.iter().map(|h| guichao_sheets::projects::columns::classify(h)).collect();
        LedgerLayout { title_rows: vec![], header_row: 1, header, columns }
    }

    #[test]
    fn the_file_s_columns_are_shown_as_read_with_their_units() {
        let l = layout(&["序号", "项目名称", "协议投资（亿元）", "外资", "天气", ""]);
        let read: Vec<(String, bool)> = read_columns(&l, Lang::Zh).into_iter().map(|c| (c.read_as, c.used)).collect();
        assert_eq!(
            read,
            [
                ("不读取（序号等）".to_string(), false),
                ("项目名称".to_string(), true),
                ("协议投资，单位：亿元".to_string(), true),
                ("外资，单位须写在每个数字后".to_string(), true),
                ("不读取".to_string(), false),
            ]
        );
        let lacking: Vec<&str> = missing(&l, Lang::Zh).iter().map(|(n, _)| *n).collect();
        assert_eq!(lacking, ["责任单位", "签约日期"]);
    }

    #[test]
    fn every_column_has_a_name_and_a_rule_in_both_languages() {
        for c in LedgerColumn::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!name(c, lang).is_empty() && !rule(c, lang).is_empty(), "{c:?}");
            }
        }
    }
}
