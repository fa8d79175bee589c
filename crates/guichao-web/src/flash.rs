//! What a form leaves for the page it redirects to (post/redirect/get): a
//! revealed personal value, shown for a short while without a second reveal
//! (and a second audit event) on refresh; a new API token, shown once; a
//! notice such as "password changed", shown once.
//!
//! Held in this process's memory per session, never in a cookie or the
//! database, so a revealed value or a token never leaves the server; a
//! session's entries die with their time limit or with the process.

use guichao_store::fellows::PersonalField;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a revealed value stays on its fellow's page.
pub const REVEAL_SHOWN_FOR: Duration = Duration::from_secs(120);
/// How long a one-time item waits for the page that shows it.
const ONCE_KEPT_FOR: Duration = Duration::from_secs(300);

/// One kept item of a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// A personal value of a fellow revealed by this session.
    Revealed { fellow: Uuid, field: PersonalField, value: Option<String> },
    /// A token just created, to show in full once.
    NewToken(String),
    /// A sentence telling what a form did, to show once.
    Notice(String),
}

#[derive(Default)]
pub struct Flash {
    sessions: Mutex<HashMap<String, Vec<(Instant, Kept)>>>,
}

impl Flash {
    /// Keeps `item` for the session with cookie `session`. A newer reveal of
    /// the same value replaces the older one.
    pub fn keep(&self, session: &str, item: Kept) {
        self.keep_at(session, item, Instant::now());
    }

    fn keep_at(&self, session: &str, item: Kept, now: Instant) {
        let until = now
            + match item {
                Kept::Revealed { .. } => REVEAL_SHOWN_FOR,
                _ => ONCE_KEPT_FOR,
            };
        let mut sessions = self.lock(now);
        let items = sessions.entry(session.to_string()).or_default();
        items.retain(|(_, k)| !same_slot(k, &item));
        items.push((until, item));
    }

    /// The values of `fellow` this session revealed lately (they stay until
    /// their time is up, so a refresh shows them again).
    pub fn revealed(&self, session: &str, fellow: Uuid) -> Vec<(PersonalField, Option<String>)> {
        self.revealed_at(session, fellow, Instant::now())
    }

    fn revealed_at(&self, session: &str, fellow: Uuid, now: Instant) -> Vec<(PersonalField, Option<String>)> {
        let sessions = self.lock(now);
        let items = sessions.get(session).map(Vec::as_slice).unwrap_or_default();
        items
            .iter()
            .filter_map(|(_, k)| match k {
                Kept::Revealed { fellow: f, field, value } if *f == fellow => Some((*field, value.clone())),
                _ => None,
            })
            .collect()
    }

    /// The new token kept for this session, removed as it is read.
    pub fn take_token(&self, session: &str) -> Option<String> {
        self.take(session, Instant::now(), |k| match k {
            Kept::NewToken(t) => Some(t.clone()),
            _ => None,
        })
    }

    /// The notice kept for this session, removed as it is read.
    pub fn take_notice(&self, session: &str) -> Option<String> {
        self.take(session, Instant::now(), |k| match k {
            Kept::Notice(n) => Some(n.clone()),
            _ => None,
        })
    }

    fn take<T>(&self, session: &str, now: Instant, pick: impl Fn(&Kept) -> Option<T>) -> Option<T> {
        let mut sessions = self.lock(now);
        let items = sessions.get_mut(session)?;
        let at = items.iter().position(|(_, k)| pick(k).is_some())?;
        pick(&items.remove(at).1)
    }

    /// The map with every expired item (and emptied session) dropped.
    fn lock(&self, now: Instant) -> std::sync::MutexGuard<'_, HashMap<String, Vec<(Instant, Kept)>>> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        sessions.retain(|_, items| {
            items.retain(|(until, _)| *until > now);
            !items.is_empty()
        });
        sessions
    }
}

/// Whether two items hold the same thing (the later one replaces the earlier).
fn same_slot(a: &Kept, b: &Kept) -> bool {
    match (a, b) {
        (Kept::Revealed { fellow: f1, field: p1, .. }, Kept::Revealed { fellow: f2, field: p2, .. }) => {
            f1 == f2 && p1 == p2
        }
        (Kept::NewToken(_), Kept::NewToken(_)) | (Kept::Notice(_), Kept::Notice(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(fellow: Uuid, value: &str) -> Kept {
        Kept::Revealed { fellow, field: PersonalField::Phone, value: Some(value.into()) }
    }

    #[test]
    fn a_reveal_stays_for_its_session_until_its_time_is_up() {
        let flash = Flash::default();
        let (fellow, now) = (Uuid::now_v7(), Instant::now());
        flash.keep_at("s1", phone(fellow, "13800001111"), now);
        let shown = vec![(PersonalField::Phone, Some("13800001111".to_string()))];
        assert_eq!(flash.revealed_at("s1", fellow, now), shown);
        assert_eq!(flash.revealed_at("s1", fellow, now + Duration::from_secs(60)), shown, "a refresh shows it again");
        assert!(flash.revealed_at("s2", fellow, now).is_empty(), "another session sees nothing");
        assert!(flash.revealed_at("s1", Uuid::now_v7(), now).is_empty(), "another fellow shows nothing");
        assert!(flash.revealed_at("s1", fellow, now + REVEAL_SHOWN_FOR).is_empty(), "gone when time is up");
    }

    #[test]
    fn a_second_reveal_of_the_same_value_replaces_the_first() {
        let flash = Flash::default();
        let (fellow, now) = (Uuid::now_v7(), Instant::now());
        flash.keep_at("s", phone(fellow, "old"), now);
        flash.keep_at("s", phone(fellow, "new"), now);
        assert_eq!(flash.revealed_at("s", fellow, now), vec![(PersonalField::Phone, Some("new".to_string()))]);
    }

    #[test]
    fn a_token_and_a_notice_show_once() {
        let flash = Flash::default();
        flash.keep("s", Kept::NewToken("gc_secret".into()));
        flash.keep("s", Kept::Notice("done".into()));
        assert_eq!(flash.take_token("other"), None);
        assert_eq!(flash.take_token("s").as_deref(), Some("gc_secret"));
        assert_eq!(flash.take_token("s"), None, "a refresh shows it no more");
        assert_eq!(flash.take_notice("s").as_deref(), Some("done"));
        assert_eq!(flash.take_notice("s"), None);
    }
}
