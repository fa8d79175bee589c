//! What keeps scripts off the public form: a small arithmetic question
//! whose answer is checked against a token the server signed (HMAC-SHA256
//! with a key made at start-up, valid for [`CHALLENGE_TTL`], each token
//! answered once), and a per-address limit of submissions a minute and a
//! day, kept in memory. Neither needs a service outside the app.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

type HmacSha256 = Hmac<Sha256>;

/// How long a question may be answered after it was asked.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(30 * 60);
/// Submissions from one address in a minute, and in a day.
pub const PER_MINUTE: u32 = 5;
pub const PER_DAY: u32 = 20;
/// Lookups from one address in a minute, and in a day.
pub const LOOKUPS_PER_MINUTE: u32 = 10;
pub const LOOKUPS_PER_DAY: u32 = 100;
/// Addresses kept before old windows are first swept; after a sweep the
/// next one waits until the map has doubled, so that a day with more
/// addresses than this does not rescan the whole map on every request.
const SWEEP_AT: usize = 100_000;

/// A question to show and the token to send back with its answer.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub a: u32,
    pub b: u32,
    pub token: String,
}

/// Why a submission is refused before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The answer is wrong, or the token is forged, expired or used.
    Challenge,
    /// The address sent too many.
    Limit,
}

/// One address's submissions: the start and count of its minute and day.
#[derive(Debug, Clone, Copy)]
struct Window {
    minute: (u64, u32),
    day: (u64, u32),
}

/// The public form's guard, one per app.
pub struct PublicGuard {
    key: [u8; 32],
    used: Mutex<Swept<u64>>,
    windows: Mutex<Swept<Window>>,
}

/// A map swept when it reaches `next`.
struct Swept<V> {
    map: HashMap<String, V>,
    next: usize,
}

impl<V> Default for Swept<V> {
    fn default() -> Self {
        Swept { map: HashMap::new(), next: SWEEP_AT }
    }
}

impl<V> Swept<V> {
    /// Drops what `keep` refuses once the map is due, and sets the next sweep.
    fn sweep(&mut self, keep: impl FnMut(&String, &mut V) -> bool) {
        if self.map.len() >= self.next {
            self.map.retain(keep);
            self.next = SWEEP_AT.max(self.map.len() * 2);
        }
    }
}

/// The part of an address the limits count by: an IPv4 address whole, an
/// IPv6 address by its /64 (one household or phone gets a whole /64, and
/// could otherwise take a fresh address for every post).
fn limit_key(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        _ => address.to_string(),
    }
}

impl Default for PublicGuard {
    fn default() -> Self {
        PublicGuard { key: rand::rng().random(), used: Mutex::default(), windows: Mutex::default() }
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl PublicGuard {
    fn sign(&self, expires: u64, nonce: &str, answer: u32) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("any key length works");
        mac.update(format!("{expires}.{nonce}.{answer}").as_bytes());
        mac
    }

    /// A new question: the sum of two numbers from 1 to 20.
    pub fn challenge(&self) -> Challenge {
        self.challenge_at(now_secs())
    }

    fn challenge_at(&self, now: u64) -> Challenge {
        let mut rng = rand::rng();
        let (a, b) = (rng.random_range(1..=20), rng.random_range(1..=20));
        let nonce = hex::encode(rng.random::<[u8; 12]>());
        let expires = now + CHALLENGE_TTL.as_secs();
        let mac = hex::encode(self.sign(expires, &nonce, a + b).finalize().into_bytes());
        Challenge { a, b, token: format!("{expires}.{nonce}.{mac}") }
    }

    /// Checks an answer against its token; a token passes once.
    pub fn check(&self, token: &str, answer: &str) -> Result<(), Refusal> {
        self.check_at(token, answer, now_secs())
    }

    fn check_at(&self, token: &str, answer: &str, now: u64) -> Result<(), Refusal> {
        let mut parts = token.splitn(3, '.');
        let (Some(expires), Some(nonce), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Refusal::Challenge);
        };
        let expires: u64 = expires.parse().map_err(|_| Refusal::Challenge)?;
        let answer: u32 = answer.trim().parse().map_err(|_| Refusal::Challenge)?;
        let mac = hex::decode(mac).map_err(|_| Refusal::Challenge)?;
        if expires < now || nonce.len() != 24 || answer > 40 {
            return Err(Refusal::Challenge);
        }
        self.sign(expires, nonce, answer).verify_slice(&mac).map_err(|_| Refusal::Challenge)?;
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.sweep(|_, until| *until >= now);
        if used.map.insert(nonce.to_string(), expires).is_some() {
            return Err(Refusal::Challenge);
        }
        Ok(())
    }

    /// Counts a submission from `address`, or refuses it past the limits.
    pub fn admit(&self, address: &str) -> Result<(), Refusal> {
        self.admit_at(&format!("send {}", limit_key(address)), now_secs(), (PER_MINUTE, PER_DAY))
    }

    /// Counts a lookup from `address`, or refuses it past the limits.
    pub fn admit_lookup(&self, address: &str) -> Result<(), Refusal> {
        self.admit_at(&format!("lookup {}", limit_key(address)), now_secs(), (LOOKUPS_PER_MINUTE, LOOKUPS_PER_DAY))
    }

    fn admit_at(&self, key: &str, now: u64, (per_minute, per_day): (u32, u32)) -> Result<(), Refusal> {
        let (minute, day) = (now / 60, now / 86_400);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.sweep(|_, w| w.day.0 == day);
        let w = windows.map.entry(key.to_string()).or_insert(Window { minute: (minute, 0), day: (day, 0) });
        if w.minute.0 != minute {
            w.minute = (minute, 0);
        }
        if w.day.0 != day {
            w.day = (day, 0);
        }
        if w.minute.1 >= per_minute || w.day.1 >= per_day {
            return Err(Refusal::Limit);
        }
        w.minute.1 += 1;
        w.day.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_answer_passes_once_and_nothing_else_does() {
        let guard = PublicGuard::default();
        let c = guard.challenge_at(1_000);
        let right = (c.a + c.b).to_string();
        let wrong = (c.a + c.b + 1).to_string();
        assert_eq!(guard.check_at(&c.token, &wrong, 1_000), Err(Refusal::Challenge));
        assert_eq!(guard.check_at(&c.token, &right, 1_000), Ok(()));
        assert_eq!(guard.check_at(&c.token, &right, 1_000), Err(Refusal::Challenge), "used");
        let late = guard.challenge_at(1_000);
        let answer = (late.a + late.b).to_string();
        assert_eq!(guard.check_at(&late.token, &answer, 1_000 + CHALLENGE_TTL.as_secs() + 1), Err(Refusal::Challenge));
        for forged in ["", "x", "1.2.3", "99999999999.aaaaaaaaaaaaaaaaaaaaaaaa.00", &c.token.replace('.', "")] {
            assert_eq!(guard.check_at(forged, "3", 1_000), Err(Refusal::Challenge), "{forged:?}");
        }
        let other = PublicGuard::default();
        let theirs = other.challenge_at(1_000);
        assert_eq!(guard.check_at(&theirs.token, &(theirs.a + theirs.b).to_string(), 1_000), Err(Refusal::Challenge));
    }

    #[test]
    fn an_address_gets_its_minute_and_day_and_others_are_untouched() {
        let guard = PublicGuard::default();
        let t = 86_400 * 100;
        const L: (u32, u32) = (PER_MINUTE, PER_DAY);
        for _ in 0..PER_MINUTE {
            assert_eq!(guard.admit_at("1.2.3.4", t, L), Ok(()));
        }
        assert_eq!(guard.admit_at("1.2.3.4", t, L), Err(Refusal::Limit));
        assert_eq!(guard.admit_at("5.6.7.8", t, L), Ok(()));
        let mut sent = PER_MINUTE;
        let mut minute = 1;
        while sent < PER_DAY {
            if guard.admit_at("1.2.3.4", t + minute * 60, L).is_ok() {
                sent += 1;
            } else {
                minute += 1;
            }
        }
        assert_eq!(guard.admit_at("1.2.3.4", t + (minute + 1) * 60, L), Err(Refusal::Limit), "the day is spent");
        assert_eq!(guard.admit_at("1.2.3.4", t + 86_400, L), Ok(()), "a new day");
    }

    #[test]
    fn an_ipv6_household_is_one_address_and_a_crowd_is_swept_rarely() {
        assert_eq!(limit_key("2408:8207:1:2:aaaa::1"), limit_key("2408:8207:1:2:bbbb:cccc:dddd:eeee"));
        assert_ne!(limit_key("2408:8207:1:2::1"), limit_key("2408:8207:1:3::1"));
        assert_eq!(limit_key("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(limit_key("10.1.2.3"), "10.1.2.3");
        assert_eq!(limit_key(""), "");
        let guard = PublicGuard::default();
        for host in 0..PER_MINUTE {
            assert_eq!(guard.admit(&format!("2408:8207:1:2::{host:x}")), Ok(()));
        }
        assert_eq!(guard.admit("2408:8207:1:2::ffff"), Err(Refusal::Limit), "a new host of the same /64");
        assert_eq!(guard.admit("2408:8207:1:3::1"), Ok(()));

        let t = 86_400 * 100;
        let crowd = SWEEP_AT + 10;
        for n in 0..crowd {
            assert_eq!(guard.admit_at(&n.to_string(), t, (PER_MINUTE, PER_DAY)), Ok(()));
        }
        let windows = guard.windows.lock().unwrap();
        assert!(windows.map.len() > SWEEP_AT, "today's windows are all kept");
        assert!(
            windows.next > windows.map.len() && windows.next > SWEEP_AT + 10,
            "the next sweep waits for the map to double"
        );
    }
}
