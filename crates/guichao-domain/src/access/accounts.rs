//! Which accounts the county must keep: it never loses its last active user
//! able to manage an administrative role (one that grants `admin.users`
//! county-wide, such as the county admin): such a user can neither lose the
//! role nor be disabled. (Who may act on whose account, and the three
//! administrators' own last-holder rule, are in `separation`.)

use super::{DataScope, Grants, Permission};

/// An administrative role: it grants `admin.users` over the whole tenant.
pub fn is_administrative(role: &Grants) -> bool {
    role.scope_of(Permission::UsersWrite) == Some(DataScope::Tenant)
}

/// Whether a user holding `user` can manage (grant, take away) the role `role`
/// county-wide: the security administrator any role, a holder of
/// `admin.users` county-wide the roles within their own grants.
pub fn can_manage(user: &Grants, role: &Grants) -> bool {
    user.scope_of(Permission::SecurityWrite) == Some(DataScope::Tenant)
        || (user.scope_of(Permission::UsersWrite) == Some(DataScope::Tenant) && user.covers(role))
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
    fn the_administrative_roles_are_the_system_and_county_admin() {
        let admin: Vec<BuiltinRole> = BuiltinRole::ALL.into_iter().filter(|r| is_administrative(&r.grants())).collect();
        assert_eq!(admin, [SystemAdmin, CountyAdmin]);
    }

    #[test]
    fn the_last_county_admin_cannot_lose_the_role() {
        let roles = all_roles();
        let before = [union(&[CountyAdmin]), union(&[CountyStaff])];
        let stripped = [union(&[]), union(&[CountyStaff])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &stripped), [&SystemAdmin, &CountyAdmin]);
    }

    #[test]
    fn the_last_county_admin_cannot_be_disabled() {
        let roles = all_roles();
        let before = [union(&[CountyAdmin]), union(&[Leader])];
        // Disabled users drop out of the list of active users.
        let after = [union(&[Leader])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &after), [&SystemAdmin, &CountyAdmin]);
    }

    #[test]
    fn a_second_admin_lets_the_first_go() {
        let roles = all_roles();
        let before = [union(&[CountyAdmin]), union(&[CountyAdmin])];
        assert!(roles_left_unmanaged(&roles, &before, &[union(&[CountyAdmin])]).is_empty());
        assert!(roles_left_unmanaged(&roles, &before, &[union(&[CountyAdmin]), union(&[Leader])]).is_empty());
    }

    #[test]
    fn the_last_county_admin_may_go_while_a_security_admin_can_give_the_role_back() {
        let roles = all_roles();
        let before = [union(&[SecurityAdmin]), union(&[CountyAdmin])];
        let after = [union(&[SecurityAdmin]), union(&[CountyStaff])];
        assert!(roles_left_unmanaged(&roles, &before, &after).is_empty());
        // The narrowed system admin gives no county admin back.
        let before = [union(&[SystemAdmin]), union(&[CountyAdmin])];
        let after = [union(&[SystemAdmin]), union(&[CountyStaff])];
        assert_eq!(roles_left_unmanaged(&roles, &before, &after), [&CountyAdmin]);
    }

    #[test]
    fn a_role_nobody_managed_before_is_no_reason_to_refuse() {
        // A county run by system admins only has never had anyone to manage the
        // county admin role; editing them must not be blocked for it.
        let roles = all_roles();
        let before = [union(&[SystemAdmin]), union(&[SystemAdmin])];
        let after = [union(&[SystemAdmin]), union(&[CountyStaff])];
        assert!(roles_left_unmanaged(&roles, &before, &after).is_empty());
    }
}
