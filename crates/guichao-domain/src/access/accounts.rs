//! Who may act on whose account, and which accounts the county must keep.
//!
//! Two rules, both about user administration:
//! - An admin acts on another account (its password, active flag, unit, name,
//!   roles, tokens) only when every role the account holds is one the admin
//!   could grant. Otherwise a township's staff could reset the password of a
//!   county admin placed in their township and sign in as them.
//! - The county never loses its last active user able to manage an
//!   administrative role (one that grants `admin.users` county-wide, such as
//!   the system admin): such a user can neither lose the role nor be disabled.

use super::{DataScope, Grants, Permission};

/// Whether a holder of `actor` may act on an account whose roles grant
/// `target_roles` (one entry per role). The account's unit must also lie in
/// the actor's `admin.users` scope; that part needs the org tree and is the
/// store's.
pub fn may_act_on<'a>(actor: &Grants, target_roles: impl IntoIterator<Item = &'a Grants>) -> bool {
    target_roles.into_iter().all(|role| actor.covers(role))
}

/// An administrative role: it grants `admin.users` over the whole tenant.
pub fn is_administrative(role: &Grants) -> bool {
    role.scope_of(Permission::UsersWrite) == Some(DataScope::Tenant)
}

/// Whether a user holding `user` can manage (grant, take away) the role `role`
/// county-wide.
pub fn can_manage(user: &Grants, role: &Grants) -> bool {
    user.scope_of(Permission::UsersWrite) == Some(DataScope::Tenant) && user.covers(role)
}

/// The administrative roles (of `roles`, keyed by anything) that some active
/// user could manage before a change and no active user could manage after it.
/// `before` and `after` hold the grants of each active user, before and after.
/// A change that leaves any such role must be refused: nobody but the command
/// line could give that role back.
pub fn roles_left_unmanaged<'a, K>(roles: &'a [(K, Grants)], before: &[Grants], after: &[Grants]) -> Vec<&'a K> {
    let managed = |users: &[Grants], role: &Grants| users.iter().any(|user| can_manage(user, role));
    roles
        .iter()
        .filter(|(_, role)| is_administrative(role))
        .filter(|(_, role)| managed(before, role) && !managed(after, role))
        .map(|(key, _)| key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::BuiltinRole::{self, *};

    fn union(roles: &[BuiltinRole]) -> Grants {
        Grants::from_pairs(roles.iter().flat_map(|r| r.grants().iter().collect::<Vec<_>>()))
    }

    fn all_roles() -> Vec<(BuiltinRole, Grants)> {
        BuiltinRole::ALL.into_iter().map(|r| (r, r.grants())).collect()
    }

    #[test]
    fn township_staff_may_not_act_on_a_county_admin_in_their_township() {
        let staff = TownshipStaff.grants();
        assert!(!may_act_on(&staff, &[CountyAdmin.grants()]));
        // One role beyond reach is enough, whatever else the account holds.
        assert!(!may_act_on(&staff, &[VillageCadre.grants(), CountyStaff.grants()]));
        assert!(may_act_on(&staff, &[VillageCadre.grants(), TownshipStaff.grants()]));
        // An account without roles is anyone's to manage (within unit scope).
        assert!(may_act_on(&staff, &[]));
    }

    #[test]
    fn a_county_admin_may_not_act_on_a_system_admin() {
        assert!(!may_act_on(&CountyAdmin.grants(), &[SystemAdmin.grants()]));
        assert!(may_act_on(&SystemAdmin.grants(), &[SystemAdmin.grants(), CountyAdmin.grants()]));
    }

    #[test]
    fn everyone_may_act_on_their_own_roles() {
        for role in BuiltinRole::ALL {
            assert!(may_act_on(&role.grants(), &[role.grants()]), "{role:?}");
        }
    }

    #[test]
    fn the_administrative_roles_are_the_system_and_county_admin() {
        let admin: Vec<BuiltinRole> = BuiltinRole::ALL.into_iter().filter(|r| is_administrative(&r.grants())).collect();
        assert_eq!(admin, [SystemAdmin, CountyAdmin]);
    }

    #[test]
    fn the_last_system_admin_cannot_lose_the_role() {
        let roles = all_roles();
        let before = [union(&[SystemAdmin]), union(&[CountyStaff])];
        let demoted = [union(&[CountyAdmin]), union(&[CountyStaff])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &demoted), [&SystemAdmin]);
        let stripped = [union(&[]), union(&[CountyStaff])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &stripped), [&SystemAdmin, &CountyAdmin]);
    }

    #[test]
    fn the_last_system_admin_cannot_be_disabled() {
        let roles = all_roles();
        let before = [union(&[SystemAdmin]), union(&[CountyAdmin])];
        // Disabled users drop out of the list of active users.
        let after = [union(&[CountyAdmin])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &after), [&SystemAdmin]);
    }

    #[test]
    fn a_second_admin_lets_the_first_go() {
        let roles = all_roles();
        let before = [union(&[SystemAdmin]), union(&[SystemAdmin])];
        assert!(roles_left_unmanaged(&roles, &before, &[union(&[SystemAdmin])]).is_empty());
        assert!(roles_left_unmanaged(&roles, &before, &[union(&[SystemAdmin]), union(&[Leader])]).is_empty());
    }

    #[test]
    fn the_last_county_admin_may_go_while_a_system_admin_can_give_the_role_back() {
        let roles = all_roles();
        let before = [union(&[SystemAdmin]), union(&[CountyAdmin])];
        let after = [union(&[SystemAdmin]), union(&[CountyStaff])];
        assert!(roles_left_unmanaged(&roles, &before, &after).is_empty());
        // Without a system admin, the last county admin stays.
        let before = [union(&[CountyAdmin]), union(&[CountyStaff])];
        let after = [union(&[CountyStaff]), union(&[CountyStaff])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &after), [&CountyAdmin]);
    }

    #[test]
    fn a_role_nobody_managed_before_is_no_reason_to_refuse() {
        // A county run by county admins only has never had anyone to manage the
        // system admin role; editing them must not be blocked for it.
        let roles = all_roles();
        let before = [union(&[CountyAdmin]), union(&[CountyAdmin])];
        let after = [union(&[CountyAdmin]), union(&[CountyStaff])];
        assert!(roles_left_unmanaged(&roles, &before, &after).is_empty());
    }
}
