//! Mainland China phone numbers as people type them and as Excel mangles them.
//!
//! A mobile number is kept as its 11 digits, a landline as `0730-1234567`, so the
//! blind index used for duplicate detection sees one form per number.

use super::FieldError;
use super::text::{ExcelNumber, cell_text, excel_number};

/// A mainland mobile or landline number, normalised.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Whether a [`Phone`] is a mobile or a fixed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

impl Phone {
    /// Reads a number as typed or exported: full-width digits, spaces, dashes, dots,
    /// brackets, a leading +86 / 0086 / 86, or a float such as `13812345678.0`.
    pub fn parse(text: &str) -> Result<Phone, FieldError> {
        let text = cell_text(text);
        if text.is_empty() {
            return Err(FieldError::PhoneEmpty);
        }
        let text = match excel_number(&text) {
            ExcelNumber::Whole(digits) => digits,
            ExcelNumber::DigitsLost => return Err(FieldError::PhoneDigitsLost),
            ExcelNumber::No => text,
        };
        let mut digits = String::with_capacity(text.len());
        let mut plus = false;
        for c in text.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() && !plus => plus = true,
                '-' | '.' | '(' | ')' => {}
                c if c.is_whitespace() => {}
                _ => return Err(FieldError::PhoneCharacters),
            }
        }
        let (national, international) = if plus {
            (digits.strip_prefix("86").ok_or(FieldError::PhoneForeign)?, true)
        } else if let Some(rest) = digits.strip_prefix("0086") {
            (rest, true)
        } else if digits.len() == 13 && digits.starts_with("861") {
            (&digits[2..], true)
        } else {
            (digits.as_str(), false)
        };
        // Written internationally a landline drops its trunk 0: +86 730 1234567.
        let is_mobile = national.len() == 11 && national.starts_with('1');
        if international && !national.is_empty() && !national.starts_with('0') && !is_mobile {
            return classify(&format!("0{national}"));
        }
        classify(national)
    }

    /// The normalised number: `13812345678` or `0730-1234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn kind(&self) -> PhoneKind {
        if self.0.contains('-') { PhoneKind::Landline } else { PhoneKind::Mobile }
    }

    /// The number with its middle hidden: `138****5678`, `0730-***4567`.
    pub fn masked(&self) -> String {
        match self.0.split_once('-') {
            Some((area, local)) => format!("{area}-{}{}", "*".repeat(local.len() - 4), &local[local.len() - 4..]),
            None => format!("{}****{}", &self.0[..3], &self.0[7..]),
        }
    }
}

/// Sorts national digits (no country code) into a mobile or a landline number.
fn classify(national: &str) -> Result<Phone, FieldError> {
    let bytes = national.as_bytes();
    match bytes.first() {
        Some(b'1') => {
            if bytes.len() != 11 {
                Err(FieldError::PhoneMobileLength)
            } else if !(b'3'..=b'9').contains(&bytes[1]) {
                Err(FieldError::PhoneMobilePrefix)
            } else {
                Ok(Phone(national.to_string()))
            }
        }
        Some(b'0') if bytes.get(1) != Some(&b'0') => {
            // Beijing (010) and the 02x cities have 3-digit area codes, the rest 4.
            let area_len = if national.starts_with("010") || national.starts_with("02") { 3 } else { 4 };
            let local = national.get(area_len..).unwrap_or("");
            if (7..=8).contains(&local.len()) && !local.starts_with('0') {
                Ok(Phone(format!("{}-{local}", &national[..area_len])))
            } else {
                Err(FieldError::PhoneLandline)
            }
        }
        Some(b'2'..=b'9') if (7..=8).contains(&bytes.len()) => Err(FieldError::PhoneNoAreaCode),
        _ => Err(FieldError::PhoneFormat),
    }
}

impl std::fmt::Debug for Phone {
    // Masked so that a stray `{:?}` in a log never prints a number.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldError::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> String {
        Phone::parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).as_str().to_string()
    }

    #[test]
    fn reads_mobiles_as_typed() {
        for text in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "138.1234.5678",
            "(138)12345678",
            "+86 138 1234 5678",
            "+86-13812345678",
            "(+86)13812345678",
            "'13812345678",
            "138\u{A0}1234\u{A0}5678",
            "8613812345678",
            "008613812345678",
            "１３８１２３４５６７８",
            "＋８６　１３８－１２３４－５６７８",
        ] {
            assert_eq!(ok(text), "13812345678", "{text}");
        }
    }

    #[test]
    fn reads_mobiles_excel_stored_as_floats() {
        assert_eq!(ok("13812345678.0"), "13812345678");
        assert_eq!(ok("1.3812345678E10"), "13812345678");
        assert_eq!(ok("1.3812345678e+10"), "13812345678");
        assert_eq!(Phone::parse("1.38123E10"), Err(PhoneDigitsLost));
        assert_eq!(Phone::parse("1.38E+10"), Err(PhoneDigitsLost));
    }

    #[test]
    fn reads_landlines_with_area_codes() {
        assert_eq!(ok("0730-1234567"), "0730-1234567");
        assert_eq!(ok("07301234567"), "0730-1234567");
        assert_eq!(ok("(0730) 1234 567"), "0730-1234567");
        assert_eq!(ok("0730-12345678"), "0730-12345678");
        assert_eq!(ok("010-62345678"), "010-62345678");
        assert_eq!(ok("02187654321"), "021-87654321");
        assert_eq!(ok("+86 730 1234567"), "0730-1234567");
        assert_eq!(ok("+86 10 62345678"), "010-62345678");
        assert_eq!(Phone::parse("0730-1234567").unwrap().kind(), PhoneKind::Landline);
        assert_eq!(Phone::parse("13812345678").unwrap().kind(), PhoneKind::Mobile);
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        assert_eq!(Phone::parse("  "), Err(PhoneEmpty));
        assert_eq!(Phone::parse("138abc45678"), Err(PhoneCharacters));
        assert_eq!(Phone::parse("138 1234 5678 转 801"), Err(PhoneCharacters));
        assert_eq!(Phone::parse("138+12345678"), Err(PhoneCharacters));
        assert_eq!(Phone::parse("+1 415 555 0100"), Err(PhoneForeign));
        assert_eq!(Phone::parse("1381234567"), Err(PhoneMobileLength));
        assert_eq!(Phone::parse("138123456789"), Err(PhoneMobileLength));
        assert_eq!(Phone::parse("12345678901"), Err(PhoneMobilePrefix));
        assert_eq!(Phone::parse("0730-123456"), Err(PhoneLandline));
        assert_eq!(Phone::parse("0730-123456789"), Err(PhoneLandline));
        assert_eq!(Phone::parse("0730-0234567"), Err(PhoneLandline));
        assert_eq!(Phone::parse("1234567"), Err(PhoneMobileLength));
        assert_eq!(Phone::parse("8234567"), Err(PhoneNoAreaCode));
        assert_eq!(Phone::parse("00441234567890"), Err(PhoneFormat));
        assert_eq!(Phone::parse("+86"), Err(PhoneFormat));
        assert_eq!(Phone::parse("95588"), Err(PhoneFormat));
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
        assert_eq!(Phone::parse("0730-1234567").unwrap().masked(), "0730-***4567");
        assert_eq!(Phone::parse("010-62345678").unwrap().masked(), "010-****5678");
        assert_eq!(format!("{:?}", Phone::parse("13812345678").unwrap()), "Phone(\"138****5678\")");
    }

    fn noisy(digits: &str, prefix: &str, seps: (&str, &str), wide: bool) -> String {
        let text = format!("{prefix}{}{}{}{}{}", &digits[..3], seps.0, &digits[3..7], seps.1, &digits[7..]);
        if wide {
            text.chars()
                .map(|c| match c {
                    '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                    ' ' => '\u{3000}',
                    c => c,
                })
                .collect()
        } else {
            text
        }
    }

    proptest! {
        #[test]
        fn any_mobile_survives_formatting_noise(
            digits in "1[3-9][0-9]{9}",
            prefix in prop::sample::select(vec!["", "+86", "+86 ", "86", "0086", "(+86)", "+86-", " "]),
            first in prop::sample::select(vec!["", " ", "-", ".", " - "]),
            second in prop::sample::select(vec!["", " ", "-", ".", "  "]),
            wide in any::<bool>(),
        ) {
            let text = noisy(&digits, prefix, (first, second), wide);
            let phone = Phone::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(phone.as_str(), digits.as_str());
            prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
        }

        #[test]
        fn masked_mobiles_hide_the_middle_four(digits in "1[3-9][0-9]{9}") {
            let masked = Phone::parse(&digits).unwrap().masked();
            prop_assert_eq!(&masked[..3], &digits[..3]);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[7..], &digits[7..]);
        }

        #[test]
        fn masked_landlines_show_only_the_area_and_last_four(area in "0[3-9][0-9]{2}", local in "[1-9][0-9]{6,7}") {
            let masked = Phone::parse(&format!("{area}{local}")).unwrap().masked();
            let stars = "*".repeat(local.len() - 4);
            prop_assert_eq!(masked, format!("{area}-{stars}{}", &local[local.len() - 4..]));
        }
    }
}
