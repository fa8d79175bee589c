//! The 18-character resident ID number of GB 11643: 6-digit area code, birth date,
//! 3-digit sequence (odd for men) and an ISO 7064 MOD 11-2 check character.
//!
//! An ID that Excel turned into a float has lost its last digits for good; it is
//! refused with a reason, never guessed back.

use super::text::{ExcelNumber, cell_text, excel_number};
use super::{FieldError, Gender};
use chrono::NaiveDate;

/// A resident ID number whose check character and birth date are valid.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

impl IdNumber {
    /// Reads an ID number as of today in China (UTC+8).
    pub fn parse(text: &str) -> Result<IdNumber, FieldError> {
        IdNumber::parse_at(text, crate::date::today())
    }

    /// Reads an ID number, checking that its birth date lies between 1900-01-01 and
    /// `today`. Excel's leading apostrophe and spaces are dropped, full-width characters
    /// folded, `x` upper-cased.
    pub fn parse_at(text: &str, today: NaiveDate) -> Result<IdNumber, FieldError> {
        let text: String = cell_text(text).chars().filter(|c| !c.is_whitespace()).collect();
        if text.is_empty() {
            return Err(FieldError::IdEmpty);
        }
        if excel_number(&text) != ExcelNumber::No {
            return Err(FieldError::IdDigitsLost);
        }
        let text = text.to_ascii_uppercase();
        if text.len() == 15 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::IdOldFormat);
        }
        if text.chars().count() != 18 {
            return Err(FieldError::IdLength);
        }
        if !text.is_ascii() {
            return Err(FieldError::IdCharacters);
        }
        let (body, check) = text.split_at(17);
        if !body.bytes().all(|b| b.is_ascii_digit()) || !(check == "X" || check.as_bytes()[0].is_ascii_digit()) {
            return Err(FieldError::IdCharacters);
        }
        let birth = birth_date(body).ok_or(FieldError::IdBirthDate)?;
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
        if birth < earliest || birth > today {
            return Err(FieldError::IdBirthRange);
        }
        if IdNumber::check_char(body) != Some(check.as_bytes()[0] as char) {
            return Err(if text.ends_with("000") { FieldError::IdTruncated } else { FieldError::IdChecksum });
        }
        Ok(IdNumber(text))
    }

    /// The check character for the first 17 digits, or `None` if `body` is not 17
    /// ASCII digits. Demo data and tests use it to make valid numbers.
    pub fn check_char(body: &str) -> Option<char> {
        if body.len() != 17 || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        Some(CHECK_CHARS[(sum % 11) as usize] as char)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date(&self.0).expect("checked when parsed")
    }

    /// Odd 17th digit: male; even: female.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// The 6-digit administrative area code where the number was issued.
    pub fn area_code(&self) -> &str {
        &self.0[..6]
    }

    /// The area code and last four shown, the birth date hidden: `430621********1234`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

/// The date in characters 7-14 of an ID number made of ASCII digits there.
fn birth_date(id: &str) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| id[range].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(number(6..10)? as i32, number(10..12)?, number(12..14)?)
}

impl std::fmt::Debug for IdNumber {
    // Masked so that a stray `{:?}` in a log never prints a number.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldError::*;
    use proptest::prelude::*;

    // Area code 99xxxx belongs to no province, so these numbers are nobody's.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn valid(body: &str) -> String {
        format!("{body}{}", IdNumber::check_char(body).unwrap())
    }

    fn parse(text: &str) -> Result<IdNumber, FieldError> {
        IdNumber::parse_at(text, today())
    }

    #[test]
    fn accepts_a_valid_number_and_reads_it() {
        let text = valid("99010219750305123");
        let id = parse(&text).unwrap();
        assert_eq!(id.as_str(), text);
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1975, 3, 5).unwrap());
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.area_code(), "990102");
        assert_eq!(id.masked(), format!("990102********{}", &text[14..]));
        assert_eq!(parse(&valid("99010219750305124")).unwrap().gender(), Gender::Female);
    }

    #[test]
    fn folds_case_width_and_spaces() {
        // Find a sequence whose check character is X.
        let body = (0..1000).map(|n| format!("99010219800101{n:03}")).find(|b| IdNumber::check_char(b) == Some('X'));
        let body = body.unwrap();
        assert_eq!(parse(&format!("{body}x")).unwrap().as_str(), format!("{body}X"));
        let text = valid("99010219800101002");
        let wide: String = text.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        assert_eq!(parse(&wide).unwrap().as_str(), text);
        let spaced = format!(" {} {} {}\u{3000}", &text[..6], &text[6..14], &text[14..]);
        assert_eq!(parse(&spaced).unwrap().as_str(), text);
        assert_eq!(parse(&format!("'{text}")).unwrap().as_str(), text);
        assert_eq!(parse(&format!("张{}", &text[1..])), Err(IdCharacters));
    }

    #[test]
    fn refuses_floats_from_excel() {
        assert_eq!(parse("4.30621E+17"), Err(IdDigitsLost));
        assert_eq!(parse("9.90102197503051E17"), Err(IdDigitsLost));
        assert_eq!(parse("990102197503051234.0"), Err(IdDigitsLost));
        assert_eq!(parse("990102197503051000"), Err(IdTruncated));
    }

    #[test]
    fn refuses_broken_numbers() {
        assert_eq!(parse(" "), Err(IdEmpty));
        assert_eq!(parse("990102750305123"), Err(IdOldFormat));
        assert_eq!(parse("9901021975030512"), Err(IdLength));
        assert_eq!(parse(&format!("{}1", valid("99010219750305123"))), Err(IdLength));
        assert_eq!(parse("99010219750305123Y"), Err(IdCharacters));
        assert_eq!(parse("9901021975O305123X"), Err(IdCharacters));
        assert_eq!(parse(&valid("99010219750230123")), Err(IdBirthDate));
        assert_eq!(parse(&valid("99010219751301123")), Err(IdBirthDate));
        assert_eq!(parse(&valid("99010218991231123")), Err(IdBirthRange));
        assert_eq!(parse(&valid("99010220250602123")), Err(IdBirthRange));
        assert!(parse(&valid("99010220250601123")).is_ok());
        assert!(parse(&valid("99010219000101123")).is_ok());
        let mut wrong = valid("99010219750305123");
        let last = if wrong.ends_with('1') { "2" } else { "1" };
        wrong.replace_range(17.., last);
        assert_eq!(parse(&wrong), Err(IdChecksum));
    }

    #[test]
    fn parse_uses_the_clock() {
        assert!(IdNumber::parse(&valid("99010219750305123")).is_ok());
        assert_eq!(IdNumber::check_char("1234"), None);
    }

    fn any_valid_body() -> impl Strategy<Value = String> {
        let days = (today() - NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).num_days();
        ("[1-9][0-9]{5}", 0..=days, "[0-9]{3}").prop_map(|(area, day, seq)| {
            let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(day as u64);
            format!("{area}{}{seq}", birth.format("%Y%m%d"))
        })
    }

    proptest! {
        #[test]
        fn any_17_digits_with_their_check_char_fail_only_on_the_date(body in "[0-9]{17}") {
            match parse(&valid(&body)) {
                Ok(id) => prop_assert_eq!(id.as_str(), valid(&body)),
                Err(e) => prop_assert!(matches!(e, IdBirthDate | IdBirthRange), "{e:?}"),
            }
        }

        #[test]
        fn any_valid_body_with_its_check_char_parses(body in any_valid_body()) {
            let id = parse(&valid(&body)).unwrap();
            prop_assert_eq!(id.birth_date().format("%Y%m%d").to_string(), &body[6..14]);
            prop_assert_eq!(id.area_code(), &body[..6]);
        }

        #[test]
        fn one_changed_digit_is_caught(body in any_valid_body(), at in 0usize..17, delta in 1u8..10) {
            let mut bytes = valid(&body).into_bytes();
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(parse(&changed).is_err(), "{}", changed);
        }

        #[test]
        fn masked_ids_hide_the_birth_date(body in any_valid_body()) {
            let id = parse(&valid(&body)).unwrap();
            let masked = id.masked();
            prop_assert_eq!(&masked[..6], &body[..6]);
            prop_assert_eq!(&masked[6..14], "********");
            prop_assert_eq!(&masked[14..], &id.as_str()[14..]);
        }
    }
}
