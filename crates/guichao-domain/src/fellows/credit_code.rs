//! The 18-character unified social credit code of GB 32100 that every company and
//! organisation carries, checked with its MOD 31 check character.

use super::FieldError;
use super::text::{ExcelNumber, cell_text, excel_number};

/// A unified social credit code whose check character is valid, in capitals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

/// The 31 characters a code is made of: digits and capitals without I, O, Z, S, V.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

impl CreditCode {
    /// Reads a code as typed: Excel's leading apostrophe and spaces dropped, full-width
    /// folded, lower case raised.
    pub fn parse(text: &str) -> Result<CreditCode, FieldError> {
        let text: String = cell_text(text).chars().filter(|c| !c.is_whitespace()).collect();
        if text.is_empty() {
            return Err(FieldError::CreditEmpty);
        }
        if excel_number(&text) != ExcelNumber::No {
            return Err(FieldError::CreditDigitsLost);
        }
        let text = text.to_ascii_uppercase();
        if text.chars().count() != 18 {
            return Err(FieldError::CreditLength);
        }
        if text.contains(['I', 'O', 'Z', 'S', 'V']) {
            return Err(FieldError::CreditLetters);
        }
        if !text.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(FieldError::CreditCharacters);
        }
        let (body, check) = text.split_at(17);
        if CreditCode::check_char(body) != check.chars().next() {
            return Err(FieldError::CreditChecksum);
        }
        Ok(CreditCode(text))
    }

    /// The check character for the first 17 characters, or `None` if `body` is not
    /// 17 characters of the code's alphabet. Demo data and tests use it.
    pub fn check_char(body: &str) -> Option<char> {
        if body.len() != 17 {
            return None;
        }
        let mut sum = 0;
        for (b, weight) in body.bytes().zip(WEIGHTS) {
            sum += ALPHABET.iter().position(|&a| a == b)? as u32 * weight;
        }
        Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit administrative area code of the registering authority (characters 3-8).
    pub fn area_code(&self) -> &str {
        &self.0[2..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldError::*;
    use proptest::prelude::*;

    // Area code 99xxxx belongs to no province, so these codes are no company's.
    fn valid(body: &str) -> String {
        format!("{body}{}", CreditCode::check_char(body).unwrap())
    }

    #[test]
    fn accepts_valid_codes_and_folds_them() {
        let code = valid("91990102MA4L0K7Q3");
        assert_eq!(CreditCode::parse(&code).unwrap().as_str(), code);
        assert_eq!(CreditCode::parse(&code).unwrap().area_code(), "990102");
        assert_eq!(CreditCode::parse(&format!(" {} ", code.to_lowercase())).unwrap().as_str(), code);
        let wide: String = code.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        assert_eq!(CreditCode::parse(&wide).unwrap().as_str(), code);
    }

    #[test]
    fn the_check_can_be_a_letter_or_zero() {
        let bodies: Vec<String> = (0..2000).map(|n| format!("9199010200000{n:04}")).collect();
        assert!(bodies.iter().any(|b| CreditCode::check_char(b) == Some('0')));
        assert!(bodies.iter().any(|b| CreditCode::check_char(b) == Some('Y')));
        for body in &bodies {
            assert!(CreditCode::parse(&valid(body)).is_ok(), "{body}");
        }
    }

    #[test]
    fn refuses_broken_codes() {
        let code = valid("91990102MA4L0K7Q3");
        assert_eq!(CreditCode::parse(""), Err(CreditEmpty));
        assert_eq!(CreditCode::parse(&code[..17]), Err(CreditLength));
        assert_eq!(CreditCode::parse(&format!("{code}1")), Err(CreditLength));
        assert_eq!(CreditCode::parse(&code.replacen('0', "O", 1)), Err(CreditLetters));
        assert_eq!(CreditCode::parse(&code.replacen('M', "#", 1)), Err(CreditCharacters));
        assert_eq!(CreditCode::parse(&code.replacen('M', "中", 1)), Err(CreditCharacters));
        assert_eq!(CreditCode::parse("9.19901021234E+17"), Err(CreditDigitsLost));
        let mut wrong = code.clone();
        let last = if wrong.ends_with('1') { "2" } else { "1" };
        wrong.replace_range(17.., last);
        assert_eq!(CreditCode::parse(&wrong), Err(CreditChecksum));
        assert_eq!(CreditCode::check_char("91990102MA4L0K7QI"), None);
        assert_eq!(CreditCode::check_char("123"), None);
    }

    fn alphabet_char() -> impl Strategy<Value = u8> {
        prop::sample::select(ALPHABET.to_vec())
    }

    proptest! {
        #[test]
        fn any_body_with_its_check_char_parses(body in prop::collection::vec(alphabet_char(), 17)) {
            let body = String::from_utf8(body).unwrap();
            let code = valid(&body);
            prop_assert_eq!(CreditCode::parse(&code).map(|c| c.as_str().to_string()), Ok(code));
        }

        #[test]
        fn one_changed_character_is_caught(
            body in prop::collection::vec(alphabet_char(), 17),
            at in 0usize..18,
            shift in 1usize..31,
        ) {
            let mut bytes = valid(&String::from_utf8(body).unwrap()).into_bytes();
            let was = ALPHABET.iter().position(|&a| a == bytes[at]).unwrap();
            bytes[at] = ALPHABET[(was + shift) % 31];
            prop_assert_eq!(CreditCode::parse(&String::from_utf8(bytes).unwrap()), Err(CreditChecksum));
        }
    }
}
