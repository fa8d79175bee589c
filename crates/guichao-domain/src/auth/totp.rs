//! Two-factor sign-in: time-based one-time passwords (TOTP, RFC 6238) and
//! recovery codes.
//!
//! A code is HMAC-SHA1 over the number of 30-second steps since the Unix
//! epoch, truncated to 6 digits (RFC 4226 dynamic truncation), so any
//! authenticator app reads the same code from the same secret. A code is
//! taken from the step before, the current step or the step after (a phone's
//! clock may be a little off), and never for a step at or before the last one
//! the user signed in with (a code seen over a shoulder cannot be used again).
//!
//! Randomness comes from the caller (the store), so everything here is pure.

use crate::access::BuiltinRole;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds in one step.
pub const STEP_SECONDS: i64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Bytes in a secret (160 bits, the size RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// How many recovery codes a user gets at a time.
pub const RECOVERY_CODES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Guichao";

/// The step a Unix time (seconds) falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The 6-digit code of `secret` for `step`, as an app shows it (leading zeros kept).
pub fn code_at(secret: &[u8], step: i64) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:06}", bin % 10u32.pow(DIGITS))
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Not six digits.
    Malformed,
    /// No step of the window gives this code.
    Wrong,
    /// The code is right but its step was already used to sign in.
    Replayed,
}

/// Checks a typed code against `secret` at Unix time `now`, given the last
/// step accepted for the user (`None` before the first). Returns the step the
/// code belongs to, which the caller stores as the new last step.
///
/// Spaces inside the code are ignored (apps show `123 456`).
pub fn verify(secret: &[u8], typed: &str, now: i64, last_step: Option<i64>) -> Result<i64, CodeRefusal> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeRefusal::Malformed);
    }
    let current = step_at(now);
    let mut replayed = false;
    for step in [current - 1, current, current + 1] {
        if constant_time_eq(code_at(secret, step).as_bytes(), code.as_bytes()) {
            if last_step.is_some_and(|last| step <= last) {
                replayed = true;
                continue;
            }
            return Ok(step);
        }
    }
    Err(if replayed { CodeRefusal::Replayed } else { CodeRefusal::Wrong })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as `otpauth://` URIs carry secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 (upper or lower case; spaces, hyphens and `=` padding
/// ignored). `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let value = BASE32.iter().position(|&b| b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The secret as a person types it into an app: base32 in groups of four.
pub fn grouped(secret_base32: &str) -> String {
    secret_base32.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
}

/// The `otpauth://` URI an authenticator app reads from the enrolment QR
/// code. `account` is what the app lists the entry under (the county and the
/// username).
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let label = format!("{}:{}", percent(ISSUER), percent(account));
    format!(
        "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        base32_encode(secret),
        percent(ISSUER)
    )
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The alphabet of recovery codes: digits and lower-case letters without
/// the ones read for each other (0/o, 1/l/i) — 31 symbols.
const RECOVERY_ALPHABET: &[u8; 31] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A recovery code made from 8 random bytes: `xxxx-xxxx` (about 40 bits).
pub fn recovery_code(random: [u8; 8]) -> String {
    let chars: String =
        random.iter().map(|b| RECOVERY_ALPHABET[*b as usize % RECOVERY_ALPHABET.len()] as char).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// A typed recovery code in its stored form: lower case, without spaces or
/// the hyphen.
/// `None` when it cannot be a recovery code (so it is not looked up at all).
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    (code.len() == 8 && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(code)
}

/// Whether a user holding these roles, each given as its code and whether
/// the county marked it as requiring a second factor, must have one.
pub fn required_by_roles<'a>(roles: impl IntoIterator<Item = (&'a str, bool)>) -> bool {
    roles
        .into_iter()
        .any(|(code, marked)| marked || BuiltinRole::parse(code).is_some_and(|r| r.always_requires_two_factor()))
}

/// Which step of signing in a session stands at, in the order they are
/// asked for: each one closes every page but its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The password was right; the second factor is still to be given.
    SecondFactor,
    /// The user must have a second factor and has none: enrol first.
    Enrol,
    /// The password is past its age: change it first.
    ChangePassword,
}

/// The gate a session must pass before anything else, if any.
pub fn gate(second_factor_pending: bool, required: bool, enrolled: bool, password_expired: bool) -> Option<Gate> {
    if second_factor_pending {
        Some(Gate::SecondFactor)
    } else if required && !enrolled {
        Some(Gate::Enrol)
    } else if password_expired {
        Some(Gate::ChangePassword)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_appendix_b_sha1_vectors_truncated_to_six_digits() {
        // RFC 6238 gives 8 digits; an app shows the last 6 of the same number.
        let vectors = [
            (59, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ];
        for (time, eight) in vectors {
            assert_eq!(code_at(RFC_SECRET, step_at(time)), eight[2..], "at {time}");
        }
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_no_further() {
        let now = 1_111_111_111;
        let step = step_at(now);
        for offset in [-1, 0, 1] {
            let code = code_at(RFC_SECRET, step + offset);
            assert_eq!(verify(RFC_SECRET, &code, now, None), Ok(step + offset));
        }
        for offset in [-2, 2] {
            let code = code_at(RFC_SECRET, step + offset);
            assert_eq!(verify(RFC_SECRET, &code, now, None), Err(CodeRefusal::Wrong));
        }
        // As an app shows it, with a space.
        let code = code_at(RFC_SECRET, step);
        assert_eq!(verify(RFC_SECRET, &format!("{} {}", &code[..3], &code[3..]), now, None), Ok(step));
    }

    #[test]
    fn a_step_already_used_is_refused() {
        let now = 1_234_567_890;
        let step = step_at(now);
        let code = code_at(RFC_SECRET, step);
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step)), Err(CodeRefusal::Replayed));
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step + 1)), Err(CodeRefusal::Replayed));
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step - 1)), Ok(step));
        // The next step's code still works after this one was used.
        assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, step + 1), now, Some(step)), Ok(step + 1));
    }

    #[test]
    fn malformed_codes_are_refused_before_any_check() {
        for typed in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(verify(RFC_SECRET, typed, 59, None), Err(CodeRefusal::Malformed), "{typed:?}");
        }
    }

    #[test]
    fn base32_matches_rfc4648_and_round_trips() {
        // RFC 4648 section 10, without padding.
        let cases = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base32_encode(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq").unwrap(), RFC_SECRET);
        assert_eq!(base32_decode("MZXW6===").unwrap(), b"foo");
        assert_eq!(base32_decode("MZ1W"), None, "1 is not base32");
        assert_eq!(grouped("GEZDGNBVGY"), "GEZD GNBV GY");
    }

    #[test]
    fn the_uri_is_what_authenticator_apps_read() {
        assert_eq!(
            otpauth_uri(RFC_SECRET, "岳阳县 admin"),
            "otpauth://totp/Guichao:%E5%B2%B3%E9%98%B3%E5%8E%BF%20admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Guichao&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn recovery_codes_use_the_unambiguous_alphabet_and_read_back() {
        let code = recovery_code([0, 1, 30, 31, 255, 100, 7, 62]);
        assert_eq!(code, "23z2-9992");
        assert_eq!(normalise_recovery_code(&code).as_deref(), Some("23z29992"));
        assert_eq!(normalise_recovery_code(" 23Z2 9992 ").as_deref(), Some("23z29992"));
        for bad in ["", "23z2-999", "23z2-99922", "23z2-9991", "23z2-999l", "123456"] {
            assert_eq!(normalise_recovery_code(bad), None, "{bad:?}");
        }
        for b in 0..=255u8 {
            let code = recovery_code([b; 8]);
            assert!(normalise_recovery_code(&code).is_some(), "{code}");
            assert!(!code.contains(['0', '1', 'o', 'l', 'i']), "{code}");
        }
    }

    #[test]
    fn administrators_and_marked_roles_require_a_second_factor() {
        assert!(required_by_roles([("system_admin", false)]));
        assert!(required_by_roles([("township_staff", false), ("system_admin", false)]));
        assert!(!required_by_roles([("township_staff", false), ("leader", false)]));
        assert!(required_by_roles([("township_staff", true)]));
        assert!(required_by_roles([("custom_role", true)]));
        assert!(!required_by_roles([("custom_role", false)]));
        assert!(!required_by_roles([]));
    }

    #[test]
    fn the_gates_come_in_order() {
        assert_eq!(gate(true, true, false, true), Some(Gate::SecondFactor));
        assert_eq!(gate(false, true, false, true), Some(Gate::Enrol));
        assert_eq!(gate(false, true, true, true), Some(Gate::ChangePassword));
        assert_eq!(gate(false, false, false, true), Some(Gate::ChangePassword));
        assert_eq!(gate(false, true, true, false), None);
        assert_eq!(gate(false, false, false, false), None);
    }
}
