//! What every page's base layout needs: the user, the language, the navigation
//! (only the areas the user may enter, from the area list), and helpers for
//! showing times.

use crate::areas;
use crate::extract::PageUser;
use chrono::{DateTime, Utc};
use guichao_domain::Lang;
use guichao_domain::date::china_time;

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// The part of every page that the base layout renders.
pub struct Ctx {
    pub lang: Lang,
    pub user_name: String,
    pub unit_name: String,
    pub tenant_name: String,
    pub nav: Vec<NavItem>,
}

impl Ctx {
    /// The layout for `user` on the page at `active` (the href of its area).
    pub fn new(user: &PageUser, active: &str) -> Ctx {
        let lang = user.lang;
        // A session held at a step of signing in (its second factor, or
        // enrolling one) opens no area: it gets no navigation either.
        let actor = &user.actor;
        let held = actor.second_factor_pending() || (actor.two_factor_required() && !actor.two_factor_enrolled());
        let nav = areas::open_to(&user.actor)
            .filter(|a| a.in_nav && !held)
            .map(|a| NavItem { href: a.href, label: a.area.name(lang), active: a.href == active })
            .collect();
        Ctx {
            lang,
            user_name: user.actor.display_name().to_string(),
            unit_name: user.actor.unit_name().to_string(),
            tenant_name: user.actor.tenant_name().to_string(),
            nav,
        }
    }

    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }
}

/// A time as shown to users: Beijing time, to the minute.
pub fn show_time(at: &DateTime<Utc>) -> String {
    china_time(*at).format("%Y-%m-%d %H:%M").to_string()
}

/// An optional time, or a dash.
pub fn show_opt_time(at: &Option<DateTime<Utc>>) -> String {
    at.as_ref().map(show_time).unwrap_or_else(|| "—".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_show_in_beijing_time() {
        let at = Utc.with_ymd_and_hms(2026, 1, 31, 20, 5, 0).unwrap();
        assert_eq!(show_time(&at), "2026-02-01 04:05");
        assert_eq!(show_opt_time(&None), "—");
    }
}
