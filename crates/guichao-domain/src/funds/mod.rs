//! Support money for returnees (资金与贷款): the special fund for returnee
//! entrepreneurship with its yearly budget and grants (`special`), the
//! entrepreneurship guarantee loans with their schedules and standing
//! (`loans`), and the education fund with its donations and disbursements
//! (`education`).
//!
//! Every figure here is computed from dated records for an as-of date; no
//! balance or total is ever stored. Money is fen (分).

pub mod education;
pub mod households;
pub mod loans;
pub mod market;
pub mod special;

use crate::vocab::vocabulary;

vocabulary! {
    /// Who a grant goes to, a loan is lent to or a donation comes from.
    pub enum PartyKind {
        Fellow = "fellow", "乡友", "Fellow", ["在外乡友"];
        Company = "company", "企业", "Company", ["公司"];
        Person = "person", "返乡人员", "Returnee", ["个人", "返乡创业人员"];
    }
}

/// The largest single amount a fund record takes: 1亿元. More is a typing
/// slip in this program, not a grant, loan or donation.
pub const MAX_RECORD_FEN: i64 = 100 * crate::projects::FEN_PER_WAN * 100;

/// An amount as typed in a form: positive and at most [`MAX_RECORD_FEN`].
pub fn check_amount(fen: i64) -> Result<i64, crate::Msg> {
    if fen <= 0 {
        return Err(crate::Msg::new("金额必须大于零", "The amount must be above zero"));
    }
    if fen > MAX_RECORD_FEN {
        return Err(crate::Msg::new("金额不能超过1亿元", "The amount cannot exceed 100 million yuan"));
    }
    Ok(fen)
}

/// A fen amount as people read it: 12.5万元, 6,800万元, 350元, and 亿元 only
/// for whole 亿 (1亿元; 1.2亿 reads 12,000万元), as the program reports them.
pub fn show_fen(fen: i64, lang: crate::Lang) -> String {
    use crate::projects::{FEN_PER_WAN, FEN_PER_YI};
    let (unit, per) = if fen.abs() >= FEN_PER_YI && fen % FEN_PER_YI == 0 {
        (lang.pick("亿元", " yi yuan"), FEN_PER_YI)
    } else if fen.abs() >= FEN_PER_WAN {
        (lang.pick("万元", " wan yuan"), FEN_PER_WAN)
    } else {
        (lang.pick("元", " yuan"), 100)
    };
    let whole = fen / per;
    let rest = (fen % per).abs();
    let places = per.ilog10() as usize;
    let mut frac = format!("{rest:0places$}");
    // Up to two decimals: a reader wants 12.35万元, not 12.345678万元.
    frac.truncate(2);
    while frac.ends_with('0') {
        frac.pop();
    }
    let grouped = group(whole);
    if frac.is_empty() { format!("{grouped}{unit}") } else { format!("{grouped}.{frac}{unit}") }
}

/// 68000 as 68,000.
fn group(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn amounts_read_in_wan_and_yi() {
        assert_eq!(show_fen(6_800 * 1_000_000, Lang::Zh), "6,800万元");
        assert_eq!(show_fen(10_000_000_000, Lang::Zh), "1亿元");
        assert_eq!(show_fen(12_000_000_000, Lang::Zh), "12,000万元");
        assert_eq!(show_fen(12_350_000, Lang::Zh), "12.35万元");
        assert_eq!(show_fen(35_000, Lang::Zh), "350元");
        assert_eq!(show_fen(35_050, Lang::Zh), "350.5元");
        assert_eq!(show_fen(0, Lang::Zh), "0元");
    }

    #[test]
    fn amounts_are_positive_and_bounded() {
        assert!(check_amount(0).is_err());
        assert!(check_amount(-1).is_err());
        assert_eq!(check_amount(1), Ok(1));
        assert!(check_amount(MAX_RECORD_FEN + 1).is_err());
    }

    #[test]
    fn party_kinds_round_trip() {
        crate::vocab::assert_round_trips!(PartyKind);
    }
}
