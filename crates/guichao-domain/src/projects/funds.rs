//! Funds in place (到位资金): the rules of one dated entry of capital that
//! arrived. The total in place may pass the agreed investment only when the
//! entry's note says why (a capital increase not yet recorded, say).

use super::{MAX_FEN, format_amount};
use crate::fellows::FormError;
use crate::text::TextField;
use chrono::NaiveDate;

/// What the entry is, or why the total passes the agreed investment.
pub const FUND_NOTE: TextField = TextField::notes("说明", "note", 500);

/// One entry of funds in place, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewFunds<'a> {
    pub amount_fen: i64,
    /// The day the funds arrived, in China.
    pub on: NaiveDate,
    pub note: &'a str,
}

/// Whether `new` may be recorded on `today` for a project whose agreed
/// investment is `investment_fen` and whose funds in place so far total
/// `in_place_fen`: a positive amount, not dated in the future, a note within
/// its limits, and a total within the investment unless the note explains.
/// Returns the note trimmed.
pub fn check_funds(
    new: NewFunds<'_>,
    in_place_fen: i64,
    investment_fen: i64,
    today: NaiveDate,
) -> Result<String, FormError> {
    if new.amount_fen <= 0 {
        return Err(FormError::new("amount_fen", "到位金额须大于零", "The amount must be more than zero"));
    }
    if new.amount_fen > MAX_FEN {
        return Err(FormError::new(
            "amount_fen",
            "到位金额超过1万亿元，请检查单位",
            "The amount is over 1 trillion yuan; check the unit",
        ));
    }
    if new.on > today {
        return Err(FormError::new("on", "到账日期不能晚于今天", "The date is in the future"));
    }
    let note = FUND_NOTE.check(new.note).map_err(|message| FormError { field: "note", message })?;
    let total = in_place_fen.saturating_add(new.amount_fen);
    if total > investment_fen && note.is_empty() {
        let (total, agreed) = (format_amount(total), format_amount(investment_fen));
        return Err(FormError::new(
            "amount_fen",
            format!("到位资金合计（{total}）将超过协议投资额（{agreed}）；如属实，请在说明中写明原因"),
            format!(
                "Funds in place would total {total}, above the agreed investment of {agreed}; if right, explain in the note"
            ),
        ));
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::FEN_PER_WAN;

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();

    fn new(amount_fen: i64, note: &str) -> NewFunds<'_> {
        NewFunds { amount_fen, on: TODAY, note }
    }

    #[test]
    fn a_positive_amount_of_a_day_that_has_come() {
        assert_eq!(check_funds(new(500 * FEN_PER_WAN, " 验资 "), 0, 1000 * FEN_PER_WAN, TODAY), Ok("验资".into()));
        assert_eq!(check_funds(new(0, ""), 0, FEN_PER_WAN, TODAY).unwrap_err().field, "amount_fen");
        assert_eq!(check_funds(new(-5, ""), 0, FEN_PER_WAN, TODAY).unwrap_err().field, "amount_fen");
        let later = NewFunds { on: TODAY.succ_opt().unwrap(), ..new(5, "") };
        assert_eq!(check_funds(later, 0, FEN_PER_WAN, TODAY).unwrap_err().field, "on");
        assert_eq!(check_funds(new(5, "说\u{0}明"), 0, FEN_PER_WAN, TODAY).unwrap_err().field, "note");
    }

    #[test]
    fn above_the_investment_only_with_a_reason() {
        let agreed = 1000 * FEN_PER_WAN;
        assert!(check_funds(new(400 * FEN_PER_WAN, ""), 600 * FEN_PER_WAN, agreed, TODAY).is_ok(), "exactly the whole");
        let err = check_funds(new(401 * FEN_PER_WAN, ""), 600 * FEN_PER_WAN, agreed, TODAY).unwrap_err();
        assert_eq!(err.field, "amount_fen");
        assert!(
            err.message.zh.starts_with("到位资金合计（1001万元）将超过协议投资额（1000万元）"),
            "{}",
            err.message.zh
        );
        assert!(check_funds(new(401 * FEN_PER_WAN, "增资扩股"), 600 * FEN_PER_WAN, agreed, TODAY).is_ok());
    }
}
