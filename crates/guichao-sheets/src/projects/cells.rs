//! The cells of a project ledger read as values: amounts with their unit
//! from the cell or the header, whole numbers of jobs and square metres,
//! land in hundredths of a mu, stage dates, and the fellows a credit cell
//! names (`张三（新墙镇）、李四`). Each refusal says what to write instead.

use crate::cell::{Cell, number_text};
use crate::normalize::{day_cell, fold_width};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::projects::{AmountUnit, parse_amount_in};

/// The text of a cell as a number reads: a number cell as Excel shows it.
fn number(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => number_text(*n),
        other => fold_width(other.display().trim()).trim().to_string(),
    }
}

/// An amount in fen: blank is none; the unit is the cell's own (3.5亿,
/// 12000万) or else the header's (`header`, from 协议投资（亿元）), and with
/// neither the amount is refused.
pub fn amount(cell: &Cell, header: Option<AmountUnit>) -> Result<Option<i64>, Msg> {
    let text = number(cell);
    if text.is_empty() {
        return Ok(None);
    }
    parse_amount_in(&text, header).map(Some)
}

/// A whole number with an optional unit word after it (`300`, `300人`,
/// `20000㎡`); blank is none. Negative numbers pass, for the project's
/// rules to refuse in their words.
pub fn whole(cell: &Cell, units: &[&str]) -> Result<Option<i64>, Msg> {
    let text = number(cell);
    let digits = units.iter().find_map(|u| text.strip_suffix(u)).unwrap_or(&text).trim().replace(',', "");
    if text.is_empty() {
        return Ok(None);
    }
    digits.parse::<i64>().map(Some).map_err(|_| {
        Msg::new(format!("“{text}”应为整数，如 300"), format!("{text:?} is not a whole number such as 300"))
    })
}

/// Land in hundredths of a mu (`12.5` or `12.5亩` is 1250); blank is none.
pub fn land(cell: &Cell) -> Result<Option<i64>, Msg> {
    let text = number(cell);
    let shown = text.strip_suffix('亩').unwrap_or(&text).trim();
    if shown.is_empty() {
        return if text.is_empty() { Ok(None) } else { Err(unreadable(&text, "12.5")) };
    }
    let (sign, digits) = shown.strip_prefix('-').map_or((1, shown), |d| (-1, d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(unreadable(&text, "12.5"));
    }
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return Err(Msg::new(
            format!("“{text}”最多两位小数（0.01亩）"),
            format!("{text:?} has more than two decimals (0.01 mu)"),
        ));
    }
    let hundredths = format!("{whole}{:0<2}", &fraction[..fraction.len().min(2)]);
    let hundredths = hundredths.trim_start_matches('0');
    if hundredths.len() > 15 {
        return Err(unreadable(&text, "12.5"));
    }
    Ok(Some(sign * hundredths.parse::<i64>().unwrap_or(0)))
}

fn unreadable(text: &str, example: &str) -> Msg {
    Msg::new(format!("“{text}”不是数字，请写成 {example}"), format!("{text:?} is not a number; write {example}"))
}

/// A stage date: blank is none; otherwise a day in any form
/// [`day_cell`] reads, named `zh`/`en` when refused.
pub fn date(cell: &Cell, zh: &str, en: &str) -> Result<Option<NaiveDate>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    day_cell(cell).map(Some).map_err(|e| e.msg(zh, en, &cell.display()))
}

/// One fellow a credit cell names: the name, and the township written in
/// brackets after it or in the township column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFellow {
    pub name: String,
    pub township: Option<String>,
}

/// The fellows a cell names, separated by 、，,;；/: each a name with an
/// optional township in brackets (`张三（新墙镇）`, `张三(新墙)`). A name
/// without one takes `township` (the row's township column) when given.
pub fn fellows(text: &str, township: &str) -> Vec<NamedFellow> {
    let township = township.trim();
    fold_width(text)
        .split(['、', '，', ',', ';', '；', '/'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, own) = match part.split_once(['（', '(']) {
                Some((name, rest)) => (name.trim(), rest.trim_end_matches([')', '）']).trim()),
                None => (part, ""),
            };
            let place = if own.is_empty() { township } else { own };
            NamedFellow { name: name.to_string(), township: (!place.is_empty()).then(|| place.to_string()) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_domain::projects::{FEN_PER_WAN, FEN_PER_YI};

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn amounts_take_the_cell_s_unit_or_the_header_s() {
        let yi = Some(AmountUnit::Yi);
        let wan = Some(AmountUnit::Wan);
        assert_eq!(amount(&text("3.5"), yi), Ok(Some(35 * FEN_PER_YI / 10)), "3.5 in a 亿元 column is 3.5亿");
        assert_eq!(amount(&Cell::Number(3.5), yi), Ok(Some(35 * FEN_PER_YI / 10)), "as a number cell too");
        assert_eq!(amount(&text("3.5"), wan), Ok(Some(35 * FEN_PER_WAN / 10)));
        assert_eq!(amount(&text("3.5亿"), None), Ok(Some(35 * FEN_PER_YI / 10)));
        assert_eq!(amount(&text("12000万"), None), Ok(Some(12_000 * FEN_PER_WAN)));
        assert_eq!(amount(&text("12000万"), yi), Ok(Some(12_000 * FEN_PER_WAN)), "the cell's unit wins");
        assert_eq!(amount(&text("１２０００万元"), None), Ok(Some(12_000 * FEN_PER_WAN)), "full-width");
        assert_eq!(amount(&Cell::Empty, None), Ok(None));
        assert_eq!(amount(&text("  "), yi), Ok(None));
        assert!(amount(&text("3.5"), None).unwrap_err().zh.contains("没有单位"));
        assert!(amount(&Cell::Number(12000.0), None).unwrap_err().zh.contains("没有单位"));
        assert_eq!(amount(&text("-2亿"), None).unwrap_err().zh, "金额不能为负数");
        assert!(amount(&text("三亿"), None).is_err());
    }

    #[test]
    fn whole_numbers_and_land() {
        assert_eq!(whole(&text("300"), &["人"]), Ok(Some(300)));
        assert_eq!(whole(&text("300人"), &["人"]), Ok(Some(300)));
        assert_eq!(whole(&Cell::Number(20000.0), &["㎡"]), Ok(Some(20_000)));
        assert_eq!(whole(&text("20,000㎡"), &["㎡", "平方米"]), Ok(Some(20_000)));
        assert_eq!(whole(&text("-5"), &[]), Ok(Some(-5)), "the project's rules refuse it");
        assert_eq!(whole(&Cell::Empty, &[]), Ok(None));
        assert_eq!(whole(&text("三百"), &[]).unwrap_err().zh, "“三百”应为整数，如 300");
        assert!(whole(&text("12.5"), &[]).is_err());
        assert_eq!(land(&text("12.5")), Ok(Some(1250)));
        assert_eq!(land(&text("12.5亩")), Ok(Some(1250)));
        assert_eq!(land(&Cell::Number(120.0)), Ok(Some(12_000)));
        assert_eq!(land(&text("0.05")), Ok(Some(5)));
        assert_eq!(land(&text("7.500")), Ok(Some(750)));
        assert_eq!(land(&text("-3")), Ok(Some(-300)));
        assert_eq!(land(&text("")), Ok(None));
        assert!(land(&text("12.345")).unwrap_err().zh.contains("两位小数"));
        assert!(land(&text("一百亩")).is_err());
        assert!(land(&text("99999999999999999999")).is_err());
    }

    #[test]
    fn stage_dates_in_the_usual_forms() {
        let may8 = NaiveDate::from_ymd_opt(2023, 5, 8).unwrap();
        for t in ["2023年5月8日", "2023.5.8", "2023/5/8", "2023-05-08", "20230508"] {
            assert_eq!(date(&text(t), "签约日期", "signing date"), Ok(Some(may8)), "{t}");
        }
        assert_eq!(date(&Cell::Number(45054.0), "签约日期", "signing date"), Ok(Some(may8)));
        assert_eq!(date(&Cell::Empty, "签约日期", "signing date"), Ok(None));
        let bad = date(&text("五月"), "签约日期", "signing date").unwrap_err();
        assert!(bad.zh.starts_with("签约日期“五月”无法识别"), "{}", bad.zh);
    }

    #[test]
    fn fellows_by_name_and_township() {
        let f =
            |name: &str, township: Option<&str>| NamedFellow { name: name.into(), township: township.map(Into::into) };
        assert_eq!(fellows("张三（新墙镇）", ""), [f("张三", Some("新墙镇"))]);
        assert_eq!(fellows("张三(新墙)", ""), [f("张三", Some("新墙"))]);
        assert_eq!(fellows("张三", "新墙镇"), [f("张三", Some("新墙镇"))], "the township column");
        assert_eq!(fellows("张三（筻口镇）", "新墙镇"), [f("张三", Some("筻口镇"))], "the bracket wins");
        assert_eq!(fellows("张三", ""), [f("张三", None)]);
        assert_eq!(
            fellows("张三（新墙镇）、李四，王五", ""),
            [f("张三", Some("新墙镇")), f("李四", None), f("王五", None)]
        );
        assert!(fellows("  ", "新墙镇").is_empty());
    }
}
