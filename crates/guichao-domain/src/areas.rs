//! The areas of the app (工作台, 乡友, 商会...) and what is pure about each: the
//! permission that opens it, its name in the navigation, its card on the home
//! page and the audit actions it records.
//!
//! The web crate pairs each area with its routes and links in one list
//! (`guichao-web/src/areas.rs`); navigation, home cards, the audit filter and
//! the role descriptions are all built from these two places, so a new area is
//! declared once and shows up everywhere or nowhere.

use crate::Lang;
use crate::access::{Grants, Permission};
use crate::audit::AuditAction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Home,
    Fellows,
    Chambers,
    Liaison,
    Events,
    Campaigns,
    Sms,
    Projects,
    Services,
    Funds,
    Policies,
    Org,
    Users,
    Audit,
    Account,
    ApiDocs,
}

/// An area's card on the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HomeCard {
    pub title: &'static str,
    pub text: &'static str,
}

impl Area {
    /// Every area, in the order of the navigation and the home page.
    pub const ALL: [Area; 16] = [
        Area::Home,
        Area::Fellows,
        Area::Chambers,
        Area::Liaison,
        Area::Events,
        Area::Campaigns,
        Area::Sms,
        Area::Projects,
        Area::Services,
        Area::Funds,
        Area::Policies,
        Area::Org,
        Area::Users,
        Area::Audit,
        Area::Account,
        Area::ApiDocs,
    ];

    /// A stable name for tests and logs.
    pub fn code(self) -> &'static str {
        match self {
            Area::Home => "home",
            Area::Fellows => "fellows",
            Area::Chambers => "chambers",
            Area::Liaison => "liaison",
            Area::Events => "events",
            Area::Campaigns => "campaigns",
            Area::Projects => "projects",
            Area::Funds => "funds",
            Area::Policies => "policies",
            Area::Sms => "sms",
            Area::Services => "services",
            Area::Org => "org",
            Area::Users => "users",
            Area::Audit => "audit",
            Area::Account => "account",
            Area::ApiDocs => "api_docs",
        }
    }

    /// The permission a user needs to enter the area; `None` when every
    /// signed-in user may.
    pub fn permission(self) -> Option<Permission> {
        match self {
            Area::Home | Area::Account | Area::ApiDocs => None,
            Area::Fellows => Some(Permission::FellowRead),
            Area::Chambers => Some(Permission::ChamberRead),
            Area::Liaison | Area::Events | Area::Campaigns => Some(Permission::LiaisonRead),
            Area::Projects => Some(Permission::ProjectRead),
            Area::Funds => Some(Permission::FundRead),
            Area::Policies => Some(Permission::PolicyRead),
            Area::Sms => Some(Permission::SmsRead),
            Area::Services => Some(Permission::ServiceRead),
            Area::Org => Some(Permission::OrgRead),
            Area::Users => Some(Permission::UsersRead),
            Area::Audit => Some(Permission::AuditRead),
        }
    }

    /// Whether a holder of `grants` may enter the area.
    pub fn open_to(self, grants: &Grants) -> bool {
        self.permission().is_none_or(|p| grants.has(p))
    }

    /// The area's name: its navigation entry and its heading in the audit filter.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Area::Home => lang.pick("工作台", "Home"),
            Area::Fellows => lang.pick("乡友", "Fellows"),
            Area::Chambers => lang.pick("商会", "Chambers"),
            Area::Liaison => lang.pick("我的联系", "My fellows"),
            Area::Events => lang.pick("活动", "Events"),
            Area::Campaigns => lang.pick("四个一", "Four ones"),
            Area::Projects => lang.pick("招商项目", "Projects"),
            Area::Funds => lang.pick("资金与贷款", "Funds and loans"),
            Area::Policies => lang.pick("政策文件", "Policies"),
            Area::Sms => lang.pick("慰问短信", "Greeting SMS"),
            Area::Services => lang.pick("服务诉求", "Services"),
            Area::Org => lang.pick("组织架构", "Org tree"),
            Area::Users => lang.pick("用户管理", "Users"),
            Area::Audit => lang.pick("审计日志", "Audit log"),
            Area::Account => lang.pick("我的账户", "My account"),
            Area::ApiDocs => lang.pick("接口文档", "API docs"),
        }
    }

    /// The area's card on the home page; the home page itself has none.
    pub fn card(self, lang: Lang) -> Option<HomeCard> {
        let (title, text) = match self {
            Area::Home => return None,
            Area::Fellows => (
                lang.pick("乡友信息库", "Fellow registry"),
                lang.pick("查找、登记、维护在外乡友", "Find, register and keep fellows"),
            ),
            Area::Chambers => (
                lang.pick("商会", "Chambers"),
                lang.pick("异地商会、乡镇商会与联络处", "Remote and township chambers, liaison offices"),
            ),
            Area::Liaison => {
                (lang.pick("我的联系", "My fellows"), lang.pick("我负责联系的乡友", "The fellows I keep in touch with"))
            }
            Area::Events => (
                lang.pick("联谊活动", "Events"),
                lang.pick("座谈会、考察、推介会与节日联谊", "Forums, inspection tours, promotions, gatherings"),
            ),
            Area::Campaigns => (
                lang.pick("“四个一”走访慰问", "Four-ones greetings"),
                lang.pick("登门拜访、慰问信、短信与慰问物资的完成情况", "Visits, letters, SMS and gifts: who is done"),
            ),
            Area::Projects => (
                lang.pick("招商项目", "Investment projects"),
                lang.pick("项目进展、到位资金与乡友贡献", "Stages, funds in place and fellows' part"),
            ),
            Area::Funds => (
                lang.pick("资金与贷款", "Funds and loans"),
                lang.pick("返乡创业专项资金、创业担保贷款与教育基金", "Special fund, guarantee loans, education fund"),
            ),
            Area::Policies => (
                lang.pick("扶持政策", "Support policies"),
                lang.pick("返乡创业政策文件及其受益项目、乡友与企业", "Policy documents and who benefited"),
            ),
            Area::Sms => (
                lang.pick("慰问短信", "Greeting SMS"),
                lang.pick("短信模板、发送队列与退订名单", "Templates, outbox and opt-outs"),
            ),
            Area::Services => (
                lang.pick("返乡服务诉求", "Returnee services"),
                lang.pick(
                    "政务、住房、医疗、子女入学等诉求的办理与时效",
                    "Requests for help, their deadlines and answers",
                ),
            ),
            Area::Org => {
                (lang.pick("组织架构", "Org tree"), lang.pick("县、乡镇、村三级单位", "County, townships and villages"))
            }
            Area::Users => (lang.pick("用户管理", "Users"), lang.pick("账号、单位与角色", "Accounts, units and roles")),
            Area::Audit => {
                (lang.pick("审计日志", "Audit log"), lang.pick("登录与每一次修改的记录", "Sign-ins and every change"))
            }
            Area::Account => {
                (lang.pick("我的账户", "My account"), lang.pick("修改密码、API 令牌", "Password and API tokens"))
            }
            Area::ApiDocs => {
                (lang.pick("接口文档", "API docs"), lang.pick("供脚本与系统对接使用", "For scripts and integrations"))
            }
        };
        Some(HomeCard { title, text })
    }

    /// The audit actions that belong to the area.
    pub fn audit_actions(self) -> impl Iterator<Item = AuditAction> {
        AuditAction::ALL.into_iter().filter(move |a| a.area() == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::BuiltinRole;

    #[test]
    fn every_area_has_names_and_a_card_but_home() {
        for area in Area::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!area.name(lang).is_empty(), "{area:?}");
                if let Some(card) = area.card(lang) {
                    assert!(!card.title.is_empty() && !card.text.is_empty(), "{area:?}");
                }
            }
            assert_eq!(area.card(Lang::Zh).is_none(), area == Area::Home, "{area:?}");
        }
    }

    #[test]
    fn every_audit_action_belongs_to_exactly_one_listed_area() {
        let listed: usize = Area::ALL.iter().map(|a| a.audit_actions().count()).sum();
        assert_eq!(listed, AuditAction::ALL.len());
        assert_eq!(Area::Chambers.audit_actions().count(), 9);
        assert!(Area::Liaison.audit_actions().any(|a| a == AuditAction::LiaisonAssign));
        assert!(Area::Projects.audit_actions().any(|a| a == AuditAction::ProjectCreate));
    }

    #[test]
    fn roles_open_the_areas_their_grants_allow() {
        let open = |role: BuiltinRole| -> Vec<&str> {
            Area::ALL.into_iter().filter(|a| a.open_to(&role.grants())).map(Area::code).collect()
        };
        assert_eq!(open(BuiltinRole::SystemAdmin), ["home", "org", "users", "account", "api_docs"]);
        assert_eq!(open(BuiltinRole::SecurityAdmin), ["home", "org", "users", "account", "api_docs"]);
        assert_eq!(open(BuiltinRole::AuditAdmin), ["home", "audit", "account", "api_docs"]);
        let county_admin = open(BuiltinRole::CountyAdmin);
        assert_eq!(county_admin.len(), Area::ALL.len() - 1);
        assert!(!county_admin.contains(&"audit"));
        assert_eq!(
            open(BuiltinRole::VillageCadre),
            ["home", "fellows", "liaison", "events", "campaigns", "policies", "org", "account", "api_docs"]
        );
        assert_eq!(
            open(BuiltinRole::ProjectOfficer),
            ["home", "fellows", "projects", "policies", "org", "account", "api_docs"]
        );
    }
}
