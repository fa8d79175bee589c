//! What a chamber, its offices and its memberships must keep to: the length
//! and characters of each text field, and dates that are neither in the future
//! nor out of order.

use crate::Msg;
use crate::text::TextField;
use chrono::NaiveDate;

/// A chamber's name; unique within the county (the store checks that).
pub const NAME: TextField = TextField::line("商会名称", "chamber name", 100).required();
/// The city a chamber or a liaison office sits in.
pub const CITY: TextField = TextField::line("所在城市", "city", 50);
/// A chamber's notes, typed into a textarea.
pub const NOTES: TextField = TextField::notes("备注", "notes", 2000);
/// A liaison office's name.
pub const OFFICE_NAME: TextField = TextField::line("联络处名称", "office name", 100).required();
/// A liaison office's address.
pub const ADDRESS: TextField = TextField::line("地址", "address", 200);

/// A chamber is founded on a day that has come.
pub fn check_founded(founded: Option<NaiveDate>, today: NaiveDate) -> Result<(), Msg> {
    match founded {
        Some(day) if day > today => Err(Msg::new("成立日期不能晚于今天", "The founding date is in the future")),
        _ => Ok(()),
    }
}

/// A fellow joins a chamber on a day that has come: a membership is recorded
/// once it begins, not planned ahead.
pub fn check_joined(since: Option<NaiveDate>, today: NaiveDate) -> Result<(), Msg> {
    match since {
        Some(day) if day > today => Err(Msg::new("入会日期不能晚于今天", "The joining date is in the future")),
        _ => Ok(()),
    }
}

/// A membership ends on or after the day it began. The end is not checked
/// against today: the form offers today, and the store has never refused a
/// later day.
pub fn check_left(since: Option<NaiveDate>, until: NaiveDate) -> Result<(), Msg> {
    match since {
        Some(since) if until < since => {
            Err(Msg::new("退会日期不能早于入会日期", "The end date is before the joining date"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, d).unwrap()
    }

    #[test]
    fn founding_and_joining_are_not_in_the_future() {
        let today = day(5);
        for check in [check_founded, check_joined] {
            assert_eq!(check(None, today), Ok(()));
            assert_eq!(check(Some(day(4)), today), Ok(()));
            assert_eq!(check(Some(today), today), Ok(()));
            assert!(check(Some(day(6)), today).is_err());
        }
        assert_eq!(check_joined(Some(day(6)), today).unwrap_err().zh, "入会日期不能晚于今天");
        assert_eq!(check_founded(Some(day(6)), today).unwrap_err().zh, "成立日期不能晚于今天");
    }

    #[test]
    fn a_membership_ends_after_it_began() {
        assert_eq!(check_left(None, day(1)), Ok(()));
        assert_eq!(check_left(Some(day(5)), day(5)), Ok(()));
        assert_eq!(check_left(Some(day(5)), day(20)), Ok(()));
        assert_eq!(check_left(Some(day(5)), day(4)).unwrap_err().zh, "退会日期不能早于入会日期");
    }

    #[test]
    fn fields_keep_their_limits() {
        assert_eq!(NAME.check(" 深圳商会 "), Ok("深圳商会".to_string()));
        assert!(NAME.check("").is_err());
        assert!(NAME.check(&"商".repeat(101)).is_err());
        assert!(NAME.check("深圳\u{0}商会").is_err());
        assert_eq!(CITY.check(""), Ok(String::new()));
        assert!(CITY.check("深圳\n").is_ok(), "trimmed before the check");
        assert!(CITY.check("深\n圳").is_err());
        assert_eq!(NOTES.check("第一行\r\n第二行"), Ok("第一行\r\n第二行".to_string()));
        assert!(NOTES.check("\u{1b}[2J").is_err());
        assert!(OFFICE_NAME.check(" ").is_err());
        assert!(ADDRESS.check(&"路".repeat(201)).is_err());
    }
}
