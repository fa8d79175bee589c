//! Synthetic personal data that is nobody's: phone numbers of the shape
//! 1xx000nnnnn (a block of zeros no operator hands out in sequence, starting
//! at 13800000000), resident ID numbers under the area code 99xxxx, which
//! belongs to no province (GB/T 2260 has none above 82), e-mail at
//! example.com (reserved by RFC 2606), and WeChat ids that say `demo`.

use chrono::NaiveDate;
use guichao_domain::fellows::{Email, IdNumber, Phone, WeChatId};
use rand::Rng;

/// The `k`-th synthetic mobile number: `13800000000`, `13800000001`, ...
/// 100,000 numbers per prefix, prefixes 138, 139, ..., 199, 130, ... give
/// seven million distinct numbers.
pub fn phone(k: u64) -> Phone {
    let prefix = 30 + (8 + k / 100_000) % 70;
    Phone::parse(&format!("1{prefix}000{:05}", k % 100_000)).expect("1[3-9]x numbers of 11 digits are mobiles")
}

/// The `k`-th synthetic ID number for a person born on `birth`: area code
/// 99nnnn, a sequence number odd for men; distinct for distinct `k` below
/// five million whatever the birth dates.
pub fn id_number(k: u64, birth: NaiveDate, male: bool) -> IdNumber {
    let area = (k / 500) % 10_000;
    let sequence = (k % 500) * 2 + u64::from(male);
    let body = format!("99{area:04}{}{sequence:03}", birth.format("%Y%m%d"));
    let check = IdNumber::check_char(&body).expect("17 digits");
    IdNumber::parse(&format!("{body}{check}")).expect("a valid synthetic ID number")
}

/// A birth date between 1950 and 2000, most between 1960 and 1990.
pub fn birth_date(rng: &mut impl Rng) -> NaiveDate {
    // The sum of two uniform draws peaks in the middle.
    let year = 1950 + rng.random_range(0..=25) + rng.random_range(0..=25);
    let day = rng.random_range(0..365);
    NaiveDate::from_yo_opt(year, day + 1).expect("a day of the year")
}

/// `demo.<k>@example.com`.
pub fn email(k: u64) -> Email {
    Email::parse(&format!("demo.{k}@example.com")).expect("a valid address")
}

/// `demo_<k>` (at least six characters).
pub fn wechat(k: u64) -> WeChatId {
    WeChatId::parse(&format!("demo_{k:04}")).expect("a valid WeChat id")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::collections::HashSet;

    #[test]
    fn phones_are_valid_distinct_and_synthetic() {
        assert_eq!(phone(0).as_str(), "13800000000");
        assert_eq!(phone(1234).as_str(), "13800001234");
        let mut seen = HashSet::new();
        for k in (0..7_000_000).step_by(997) {
            let p = phone(k);
            assert_eq!(&p.as_str()[3..6], "000", "{}", p.as_str());
            assert!(Phone::parse(p.as_str()).is_ok());
            assert!(seen.insert(p.as_str().to_string()));
        }
    }

    #[test]
    fn id_numbers_parse_and_agree_with_the_person() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut seen = HashSet::new();
        for k in 0..20_000 {
            let birth = birth_date(&mut rng);
            let male = k % 3 != 0;
            let id = id_number(k, birth, male);
            let parsed = IdNumber::parse(id.as_str()).unwrap();
            assert_eq!(parsed.birth_date(), birth);
            assert_eq!(parsed.gender() == guichao_domain::fellows::Gender::Male, male);
            assert!(parsed.area_code().starts_with("99"));
            assert!(seen.insert(id.as_str().to_string()));
        }
    }

    #[test]
    fn birth_dates_stay_in_range() {
        let mut rng = StdRng::seed_from_u64(5);
        for _ in 0..10_000 {
            let age = 2025 - birth_date(&mut rng).year();
            assert!((25..=76).contains(&age), "{age}");
        }
    }

    #[test]
    fn emails_and_wechat_ids_parse() {
        assert_eq!(email(7).as_str(), "demo.7@example.com");
        assert_eq!(wechat(7).as_str(), "demo_0007");
    }
}
