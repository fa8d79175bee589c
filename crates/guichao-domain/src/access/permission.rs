//! Permissions and the reach (data scope) with which a role grants each one.

use crate::Lang;
use serde::{Deserialize, Serialize};

/// Something a user may do. Stored by its code, e.g. `admin.users`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Read the org tree.
    OrgRead,
    /// Add, rename and remove org units.
    OrgWrite,
    /// List and view user accounts.
    UsersRead,
    /// Create, edit and disable user accounts and set their unit. Outside the
    /// three administrators it also gives roles and resets passwords within
    /// what the holder could grant (see `access::separation`).
    UsersWrite,
    /// The security administrator's duty: give and take away roles, reset
    /// passwords (which unlocks an account). Not limited by the holder's own
    /// grants; see `access::separation`.
    SecurityWrite,
    /// Read the audit log.
    AuditRead,
    FellowRead,
    FellowWrite,
    /// See a fellow's phone, ID number, WeChat and email unmasked.
    FellowReveal,
    ChamberRead,
    ChamberWrite,
    LiaisonRead,
    LiaisonWrite,
    ProjectRead,
    ProjectWrite,
    DashboardRead,
    /// See the SMS outbox, templates and opt-outs.
    SmsRead,
    /// Queue greeting SMS and keep templates and opt-outs.
    SmsWrite,
    /// See returnees' service requests (those of the user's unit, or all for the county office).
    ServiceRead,
    /// Accept, assign, answer and close service requests; keep the holiday calendar.
    ServiceWrite,
    /// See the special fund, guarantee loans, the education fund and 211 households.
    FundRead,
    /// Record grants, loans, donations, disbursements and households; import the ledgers.
    FundWrite,
    /// Read policy documents and download their attachments.
    PolicyRead,
    /// Add and edit policy documents and who benefited from them.
    PolicyWrite,
}

impl Permission {
    pub const ALL: [Permission; 24] = [
        Permission::OrgRead,
        Permission::OrgWrite,
        Permission::UsersRead,
        Permission::UsersWrite,
        Permission::SecurityWrite,
        Permission::AuditRead,
        Permission::FellowRead,
        Permission::FellowWrite,
        Permission::FellowReveal,
        Permission::ChamberRead,
        Permission::ChamberWrite,
        Permission::LiaisonRead,
        Permission::LiaisonWrite,
        Permission::ProjectRead,
        Permission::ProjectWrite,
        Permission::DashboardRead,
        Permission::SmsRead,
        Permission::SmsWrite,
        Permission::ServiceRead,
        Permission::ServiceWrite,
        Permission::FundRead,
        Permission::FundWrite,
        Permission::PolicyRead,
        Permission::PolicyWrite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::OrgRead => "org.read",
            Permission::OrgWrite => "org.write",
            Permission::UsersRead => "admin.users.read",
            Permission::UsersWrite => "admin.users",
            Permission::SecurityWrite => "admin.security",
            Permission::AuditRead => "audit.read",
            Permission::FellowRead => "fellow.read",
            Permission::FellowWrite => "fellow.write",
            Permission::FellowReveal => "fellow.reveal",
            Permission::ChamberRead => "chamber.read",
            Permission::ChamberWrite => "chamber.write",
            Permission::LiaisonRead => "liaison.read",
            Permission::LiaisonWrite => "liaison.write",
            Permission::ProjectRead => "project.read",
            Permission::ProjectWrite => "project.write",
            Permission::DashboardRead => "dashboard.read",
            Permission::SmsRead => "sms.read",
            Permission::SmsWrite => "sms.write",
            Permission::ServiceRead => "service.read",
            Permission::ServiceWrite => "service.write",
            Permission::FundRead => "fund.read",
            Permission::FundWrite => "fund.write",
            Permission::PolicyRead => "policy.read",
            Permission::PolicyWrite => "policy.write",
        }
    }

    pub fn parse(code: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Permission::OrgRead => lang.pick("查看组织架构", "View org tree"),
            Permission::OrgWrite => lang.pick("维护组织架构", "Edit org tree"),
            Permission::UsersRead => lang.pick("查看用户", "View users"),
            Permission::UsersWrite => lang.pick("管理用户", "Manage users"),
            Permission::SecurityWrite => {
                lang.pick("安全管理（授予角色、重置密码与解锁）", "Security (grant roles, reset passwords, unlock)")
            }
            Permission::AuditRead => lang.pick("查看审计日志", "View audit log"),
            Permission::FellowRead => lang.pick("查看乡友", "View fellows"),
            Permission::FellowWrite => lang.pick("维护乡友", "Edit fellows"),
            Permission::FellowReveal => lang.pick("查看乡友敏感信息", "Reveal fellow personal data"),
            Permission::ChamberRead => lang.pick("查看商会", "View chambers"),
            Permission::ChamberWrite => lang.pick("维护商会", "Edit chambers"),
            Permission::LiaisonRead => lang.pick("查看联系工作", "View liaison"),
            Permission::LiaisonWrite => lang.pick("维护联系工作", "Edit liaison"),
            Permission::ProjectRead => lang.pick("查看项目", "View projects"),
            Permission::ProjectWrite => lang.pick("维护项目", "Edit projects"),
            Permission::DashboardRead => lang.pick("查看驾驶舱", "View cockpit"),
            Permission::SmsRead => lang.pick("查看慰问短信", "View greeting SMS"),
            Permission::SmsWrite => lang.pick("发送慰问短信", "Send greeting SMS"),
            Permission::ServiceRead => lang.pick("查看服务诉求", "View service requests"),
            Permission::ServiceWrite => lang.pick("办理服务诉求", "Handle service requests"),
            Permission::FundRead => lang.pick("查看资金与贷款", "View funds and loans"),
            Permission::FundWrite => lang.pick("维护资金与贷款", "Edit funds and loans"),
            Permission::PolicyRead => lang.pick("查看政策文件", "View policies"),
            Permission::PolicyWrite => lang.pick("维护政策文件", "Edit policies"),
        }
    }
}

/// How far a granted permission reaches. Ordered from narrowest to widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    /// Only records the user is assigned to (a liaison assignment, a project they run).
    Assigned,
    /// Records of the user's own unit, plus assigned ones.
    Unit,
    /// Records of the user's unit and every unit below it, plus assigned ones.
    UnitAndBelow,
    /// Every record of the tenant (county).
    Tenant,
}

impl DataScope {
    pub const ALL: [DataScope; 4] = [DataScope::Assigned, DataScope::Unit, DataScope::UnitAndBelow, DataScope::Tenant];

    pub fn code(self) -> &'static str {
        match self {
            DataScope::Assigned => "assigned",
            DataScope::Unit => "unit",
            DataScope::UnitAndBelow => "unit_and_below",
            DataScope::Tenant => "tenant",
        }
    }

    pub fn parse(code: &str) -> Option<DataScope> {
        DataScope::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DataScope::Assigned => lang.pick("仅联系对象", "Assigned only"),
            DataScope::Unit => lang.pick("本单位", "Own unit"),
            DataScope::UnitAndBelow => lang.pick("本单位及下级", "Unit and below"),
            DataScope::Tenant => lang.pick("全县", "Whole county"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.code()), Some(p));
        }
        for s in DataScope::ALL {
            assert_eq!(DataScope::parse(s.code()), Some(s));
        }
        assert_eq!(Permission::parse("admin.everything"), None);
    }

    #[test]
    fn scopes_order_from_narrow_to_wide() {
        assert!(DataScope::Assigned < DataScope::Unit);
        assert!(DataScope::Unit < DataScope::UnitAndBelow);
        assert!(DataScope::UnitAndBelow < DataScope::Tenant);
    }
}
