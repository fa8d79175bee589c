//! A user's effective permissions: for each permission, the widest scope any of
//! their roles grants it with.

use super::{DataScope, Permission};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants(BTreeMap<Permission, DataScope>);

impl Grants {
    /// Combines grants from several roles, keeping the widest scope per permission.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Permission, DataScope)>) -> Grants {
        let mut map = BTreeMap::new();
        for (permission, scope) in pairs {
            let entry = map.entry(permission).or_insert(scope);
            if scope > *entry {
                *entry = scope;
            }
        }
        Grants(map)
    }

    pub fn scope_of(&self, permission: Permission) -> Option<DataScope> {
        self.0.get(&permission).copied()
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.0.contains_key(&permission)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Permission, DataScope)> + '_ {
        self.0.iter().map(|(p, s)| (*p, *s))
    }

    /// Whether a holder of these grants may hand out `other`: every permission in
    /// `other` must be held here with at least the same reach. This is the one rule
    /// that stops anyone from granting themselves or others more than they hold.
    pub fn covers(&self, other: &Grants) -> bool {
        other.iter().all(|(permission, scope)| self.scope_of(permission).is_some_and(|own| own >= scope))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grants(pairs: &[(Permission, DataScope)]) -> Grants {
        Grants::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn widest_scope_wins() {
        let g = grants(&[
            (Permission::FellowRead, DataScope::Unit),
            (Permission::FellowRead, DataScope::Tenant),
            (Permission::FellowRead, DataScope::Assigned),
        ]);
        assert_eq!(g.scope_of(Permission::FellowRead), Some(DataScope::Tenant));
        assert_eq!(g.scope_of(Permission::FellowWrite), None);
    }

    #[test]
    fn cannot_grant_a_missing_permission_or_a_wider_scope() {
        let own = grants(&[(Permission::FellowRead, DataScope::UnitAndBelow)]);
        assert!(own.covers(&grants(&[(Permission::FellowRead, DataScope::Unit)])));
        assert!(!own.covers(&grants(&[(Permission::FellowRead, DataScope::Tenant)])));
        assert!(!own.covers(&grants(&[(Permission::UsersWrite, DataScope::Unit)])));
        assert!(own.covers(&Grants::default()));
    }

    fn any_grants() -> impl Strategy<Value = Grants> {
        proptest::collection::vec((0..Permission::ALL.len(), 0..DataScope::ALL.len()), 0..10)
            .prop_map(|v| Grants::from_pairs(v.into_iter().map(|(p, s)| (Permission::ALL[p], DataScope::ALL[s]))))
    }

    proptest! {
        #[test]
        fn covering_is_reflexive_and_transitive(a in any_grants(), b in any_grants(), c in any_grants()) {
            prop_assert!(a.covers(&a));
            if a.covers(&b) && b.covers(&c) {
                prop_assert!(a.covers(&c));
            }
        }
    }
}
