//! What every page's base layout needs: the user, the language, the navigation
//! (only the areas the user may use), and helpers for showing times.

use crate::extract::PageUser;
use chrono::{DateTime, Utc};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
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

/// The areas of the app: (path, Chinese, English, permission needed).
const AREAS: [(&str, &str, &str, Option<Permission>); 8] = [
    ("/", "工作台", "Home", None),
    ("/fellows", "乡友", "Fellows", Some(Permission::FellowRead)),
    ("/chambers", "商会", "Chambers", Some(Permission::ChamberRead)),
    ("/liaison", "我的联系", "My fellows", Some(Permission::LiaisonRead)),
    ("/org", "组织架构", "Org tree", Some(Permission::OrgRead)),
    ("/users", "用户管理", "Users", Some(Permission::UsersRead)),
    ("/audit", "审计日志", "Audit log", Some(Permission::AuditRead)),
    ("/account", "我的账户", "My account", None),
];

impl Ctx {
    pub fn new(user: &PageUser, active: &str) -> Ctx {
        let lang = user.lang;
        let nav = AREAS
            .iter()
            .filter(|(_, _, _, need)| need.is_none_or(|p| user.actor.can(p)))
            .map(|(href, zh, en, _)| NavItem { href, label: lang.pick(zh, en), active: *href == active })
            .collect();
        Ctx {
            lang,
            user_name: user.actor.display_name.clone(),
            unit_name: user.actor.unit_name.clone(),
            tenant_name: user.actor.tenant_name.clone(),
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
