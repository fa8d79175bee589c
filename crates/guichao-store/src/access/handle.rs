//! Scoped handles: the only way outside the store to read or write an area's
//! records. A handle is made from the signed-in [`Actor`] and the permission
//! the work needs; making it fails with `Forbidden` when the actor does not
//! hold the permission, and every query behind it starts from the [`Scope`]
//! the actor holds the permission with. Code outside the store has no
//! connection, no entities and no way to build a `Scope`, so it cannot write
//! an unscoped query (CONTRIBUTING.md says how to check this).

use super::{Actor, Scope};
use crate::{Store, StoreError, StoreResult};
use guichao_domain::access::Permission;

/// What every area handle holds: the store, the actor, the permission the
/// handle was made for and the scope the actor holds it with.
#[derive(Clone)]
pub struct Scoped<'a> {
    pub(crate) store: &'a Store,
    pub(crate) actor: &'a Actor,
    permission: Permission,
    scope: Scope,
}

impl<'a> Scoped<'a> {
    /// A handle for work that needs `permission`, which must be one of
    /// `area` (the permissions an area's handle is made with).
    pub(crate) fn new(
        store: &'a Store,
        actor: &'a Actor,
        permission: Permission,
        area: &[Permission],
    ) -> StoreResult<Scoped<'a>> {
        if !area.contains(&permission) {
            return Err(StoreError::Forbidden);
        }
        let scope = actor.scope(permission)?;
        Ok(Scoped { store, actor, permission, scope })
    }

    /// The scope of the permission the handle was made for.
    pub(crate) fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The handle's scope, when the work needs the permission the handle was
    /// made for; `Forbidden` otherwise (a read handle cannot write).
    pub(crate) fn need(&self, permission: Permission) -> StoreResult<&Scope> {
        if permission == self.permission { Ok(&self.scope) } else { Err(StoreError::Forbidden) }
    }

    /// The actor's scope for a second permission some work also checks (a
    /// write that must tell "not there" from "not yours" asks for the read
    /// scope too).
    pub(crate) fn also(&self, permission: Permission) -> StoreResult<Scope> {
        if permission == self.permission { Ok(self.scope.clone()) } else { self.actor.scope(permission) }
    }
}
