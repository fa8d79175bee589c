//! 三员分立: the separation of the three administrators.
//!
//! - The system administrator keeps units and users' existence (create,
//!   disable, name, unit); the security administrator roles, grants, password
//!   resets and unlocking; the audit administrator reads and exports the audit
//!   and login logs and verifies the chain. None reads the registry's data.
//! - No account holds two of the three roles ([`check_admin_roles`]).
//! - The last active holder of each cannot lose the role nor be disabled
//!   ([`duties_left_unheld`]).
//! - Which permission lets an actor do which work on an account
//!   ([`account_power`]): an administrator only its own duty; anyone else
//!   (a county admin, township staff) holds user administration as before,
//!   bounded by what they could grant ([`may_grant`], [`may_act_on`]).

use super::{BuiltinRole, Grants, Permission};
use crate::{Lang, Msg};

/// The duty of one of the three administrators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdminDuty {
    System,
    Security,
    Audit,
}

impl AdminDuty {
    pub const ALL: [AdminDuty; 3] = [AdminDuty::System, AdminDuty::Security, AdminDuty::Audit];

    /// The built-in role that carries the duty.
    pub fn role(self) -> BuiltinRole {
        match self {
            AdminDuty::System => BuiltinRole::SystemAdmin,
            AdminDuty::Security => BuiltinRole::SecurityAdmin,
            AdminDuty::Audit => BuiltinRole::AuditAdmin,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        self.role().name(lang)
    }

    /// The username `guichao init` and the demo give its account.
    pub fn default_username(self) -> &'static str {
        match self {
            AdminDuty::System => "admin",
            AdminDuty::Security => "security",
            AdminDuty::Audit => "auditor",
        }
    }
}

impl BuiltinRole {
    /// The administrator duty the role carries, if it is one of the three.
    pub fn admin_duty(self) -> Option<AdminDuty> {
        match self {
            BuiltinRole::SystemAdmin => Some(AdminDuty::System),
            BuiltinRole::SecurityAdmin => Some(AdminDuty::Security),
            BuiltinRole::AuditAdmin => Some(AdminDuty::Audit),
            BuiltinRole::CountyAdmin
            | BuiltinRole::CountyStaff
            | BuiltinRole::TownshipStaff
            | BuiltinRole::VillageCadre
            | BuiltinRole::ProjectOfficer
            | BuiltinRole::Leader
            | BuiltinRole::ChamberLiaison => None,
        }
    }

    /// One of the three administrators (系统管理员、安全管理员、审计管理员).
    pub fn is_administrator(self) -> bool {
        self.admin_duty().is_some()
    }
}

/// The administrator duties a set of roles carries, in order, without repeats.
pub fn duties_of(roles: &[BuiltinRole]) -> Vec<AdminDuty> {
    let mut duties: Vec<AdminDuty> = roles.iter().filter_map(|r| r.admin_duty()).collect();
    duties.sort();
    duties.dedup();
    duties
}

/// The one duty of an account, if it is an administrator's (an account never
/// holds two: see [`check_admin_roles`]; were it to, the first counts).
pub fn duty_of(roles: &[BuiltinRole]) -> Option<AdminDuty> {
    duties_of(roles).first().copied()
}

/// Refuses a set of roles for one account that holds two (or three) of the
/// administrators' roles.
pub fn check_admin_roles(roles: &[BuiltinRole]) -> Result<(), Msg> {
    match duties_of(roles).as_slice() {
        [a, b, ..] => Err(Msg::new(
            format!("同一账号不能同时担任「{}」和「{}」（三员分立）", a.name(Lang::Zh), b.name(Lang::Zh)),
            format!(
                "One account cannot be both {} and {} (separation of the three administrators)",
                a.name(Lang::En),
                b.name(Lang::En)
            ),
        )),
        _ => Ok(()),
    }
}

/// The duties that some active account held before a change and no active
/// account holds after it. `before` and `after` list the roles of each active
/// account. A change leaving any must be refused: the last holder of each
/// administrator role can neither lose it nor be disabled.
pub fn duties_left_unheld(before: &[Vec<BuiltinRole>], after: &[Vec<BuiltinRole>]) -> Vec<AdminDuty> {
    let held =
        |accounts: &[Vec<BuiltinRole>], duty: AdminDuty| accounts.iter().any(|roles| roles.contains(&duty.role()));
    AdminDuty::ALL.into_iter().filter(|d| held(before, *d) && !held(after, *d)).collect()
}

/// The message for [`duties_left_unheld`].
pub fn last_holder_message(duty: AdminDuty) -> Msg {
    Msg::new(
        format!(
            "本县只剩这一位启用的「{0}」：不能移除其角色或停用其账号，请先为另一账号授予「{0}」",
            duty.name(Lang::Zh)
        ),
        format!(
            "This is the county's last active {0}: the account can neither lose the role nor be disabled; make another account {0} first",
            duty.name(Lang::En)
        ),
    )
}

/// Work done on another account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountWork {
    /// Create an account, change its name or unit, disable or enable it.
    Existence,
    /// Give or take away roles.
    Roles,
    /// Reset its password (which also unlocks it).
    Password,
}

/// The permission (whose scope bounds the accounts reached) that lets an actor
/// with administrator duty `duty` do `work`, or `None` when the work is not
/// theirs. An administrator does only their own duty; anyone else does all
/// user administration through `admin.users`.
pub fn account_power(duty: Option<AdminDuty>, work: AccountWork) -> Option<Permission> {
    match (duty, work) {
        (None, _) => Some(Permission::UsersWrite),
        (Some(AdminDuty::System), AccountWork::Existence) => Some(Permission::UsersWrite),
        (Some(AdminDuty::Security), AccountWork::Roles | AccountWork::Password) => Some(Permission::SecurityWrite),
        (Some(AdminDuty::System), AccountWork::Roles | AccountWork::Password)
        | (Some(AdminDuty::Security), AccountWork::Existence)
        | (Some(AdminDuty::Audit), _) => None,
    }
}

/// Whether an actor (their grants and duty) may give the role `role`. The
/// security administrator gives any role: that is their duty, and the two
/// other administrators give none. Anyone else gives only roles that grant
/// nothing beyond what they hold ([`Grants::covers`]).
pub fn may_grant(actor: &Grants, duty: Option<AdminDuty>, role: &Grants) -> bool {
    match duty {
        Some(AdminDuty::Security) => actor.has(Permission::SecurityWrite),
        Some(AdminDuty::System | AdminDuty::Audit) => false,
        None => actor.covers(role),
    }
}

/// Whether an actor may act on an account holding `target_roles` (the unit
/// scope aside, which is the store's). An administrator doing their duty acts
/// on any account; anyone else only on accounts whose every role they could
/// grant, or a township's staff could reset a county admin's password and
/// sign in as them.
pub fn may_act_on<'a>(
    actor: &Grants,
    duty: Option<AdminDuty>,
    target_roles: impl IntoIterator<Item = &'a Grants>,
) -> bool {
    match duty {
        Some(_) => true,
        None => target_roles.into_iter().all(|role| actor.covers(role)),
    }
}

/// Whether an actor with duty `duty` may change their own roles. An
/// administrator may not: the security admin could otherwise give
/// themselves the registry's data, and the others do not give roles at all.
pub fn may_change_own_roles(duty: Option<AdminDuty>) -> bool {
    duty.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use BuiltinRole::*;

    #[test]
    fn the_three_roles_carry_the_three_duties() {
        let admins: Vec<BuiltinRole> = BuiltinRole::ALL.into_iter().filter(|r| r.is_administrator()).collect();
        assert_eq!(admins, [SystemAdmin, SecurityAdmin, AuditAdmin]);
        for duty in AdminDuty::ALL {
            assert_eq!(duty.role().admin_duty(), Some(duty));
        }
        assert_eq!(duty_of(&[CountyStaff, AuditAdmin]), Some(AdminDuty::Audit));
        assert_eq!(duty_of(&[CountyAdmin]), None);
    }

    #[test]
    fn no_account_holds_two_of_the_three() {
        assert!(check_admin_roles(&[SystemAdmin]).is_ok());
        assert!(check_admin_roles(&[SecurityAdmin, SecurityAdmin]).is_ok());
        assert!(check_admin_roles(&[AuditAdmin, Leader]).is_ok());
        assert!(check_admin_roles(&[]).is_ok());
        let err = check_admin_roles(&[SystemAdmin, AuditAdmin]).unwrap_err();
        assert!(err.zh.contains("系统管理员") && err.zh.contains("审计管理员"), "{}", err.zh);
        assert!(check_admin_roles(&[SecurityAdmin, CountyStaff, SystemAdmin]).is_err());
        assert!(check_admin_roles(&[SystemAdmin, SecurityAdmin, AuditAdmin]).is_err());
    }

    #[test]
    fn the_last_holder_of_each_duty_stays() {
        let before = vec![vec![SystemAdmin], vec![SecurityAdmin], vec![AuditAdmin], vec![CountyStaff]];
        // The security admin loses the role.
        let after = vec![vec![SystemAdmin], vec![], vec![AuditAdmin], vec![CountyStaff]];
        assert_eq!(duties_left_unheld(&before, &after), [AdminDuty::Security]);
        // The auditor is disabled: disabled accounts drop out of the list.
        let after = vec![vec![SystemAdmin], vec![SecurityAdmin], vec![CountyStaff]];
        assert_eq!(duties_left_unheld(&before, &after), [AdminDuty::Audit]);
        // A second system admin lets the first go.
        let before = vec![vec![SystemAdmin], vec![SystemAdmin]];
        assert!(duties_left_unheld(&before, &[vec![SystemAdmin], vec![Leader]]).is_empty());
        // A duty nobody held before (a county upgraded before the security
        // and audit admins existed) is no reason to refuse.
        let before = vec![vec![SystemAdmin], vec![CountyStaff]];
        let after = vec![vec![SystemAdmin], vec![Leader]];
        assert!(duties_left_unheld(&before, &after).is_empty());
    }

    #[test]
    fn each_administrator_does_only_their_own_work_on_accounts() {
        use AccountWork::*;
        let power = |duty, work| account_power(Some(duty), work);
        assert_eq!(power(AdminDuty::System, Existence), Some(Permission::UsersWrite));
        assert_eq!(power(AdminDuty::System, Roles), None);
        assert_eq!(power(AdminDuty::System, Password), None);
        assert_eq!(power(AdminDuty::Security, Existence), None);
        assert_eq!(power(AdminDuty::Security, Roles), Some(Permission::SecurityWrite));
        assert_eq!(power(AdminDuty::Security, Password), Some(Permission::SecurityWrite));
        for work in [Existence, Roles, Password] {
            assert_eq!(power(AdminDuty::Audit, work), None);
            assert_eq!(account_power(None, work), Some(Permission::UsersWrite));
        }
    }

    #[test]
    fn only_the_security_admin_grants_roles_beyond_their_own() {
        let sec = SecurityAdmin.grants();
        let sys = SystemAdmin.grants();
        for role in BuiltinRole::ALL {
            assert!(may_grant(&sec, Some(AdminDuty::Security), &role.grants()), "{role:?}");
            assert!(!may_grant(&sys, Some(AdminDuty::System), &role.grants()), "{role:?}");
            assert!(!may_grant(&AuditAdmin.grants(), Some(AdminDuty::Audit), &role.grants()), "{role:?}");
        }
        let township = TownshipStaff.grants();
        assert!(may_grant(&township, None, &VillageCadre.grants()));
        assert!(!may_grant(&township, None, &CountyStaff.grants()));
        assert!(!may_grant(&township, None, &SecurityAdmin.grants()));
    }

    #[test]
    fn administrators_do_not_change_their_own_roles() {
        for duty in AdminDuty::ALL {
            assert!(!may_change_own_roles(Some(duty)), "{duty:?}");
        }
        assert!(may_change_own_roles(None));
    }

    #[test]
    fn administrators_act_on_any_account_others_only_within_their_grants() {
        let targets = [CountyAdmin.grants(), AuditAdmin.grants()];
        assert!(may_act_on(&SystemAdmin.grants(), Some(AdminDuty::System), &targets));
        assert!(may_act_on(&SecurityAdmin.grants(), Some(AdminDuty::Security), &targets));
        assert!(!may_act_on(&CountyAdmin.grants(), None, &targets));
        assert!(!may_act_on(&CountyAdmin.grants(), None, &[SecurityAdmin.grants()]));
        assert!(may_act_on(&CountyAdmin.grants(), None, &[SystemAdmin.grants(), CountyStaff.grants()]));
        assert!(!may_act_on(&TownshipStaff.grants(), None, &[CountyAdmin.grants()]));
        assert!(may_act_on(&TownshipStaff.grants(), None, &[]));
    }
}
