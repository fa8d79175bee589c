//! The system handle: work that is rightly unscoped because no signed-in user
//! does it (migrations, `guichao init`, the demo county, benchmarks, the CLI
//! acting as a named user, `audit verify`). It exists only with the store's
//! `system` feature, which the binary and the tests turn on and the web crate
//! does not: `cargo check -p guichao-web` proves that no page or API answer
//! reaches the database around an actor's scope.

use crate::{Actor, Store, StoreResult};
use sea_orm::DatabaseConnection;
use std::ops::Deref;
use uuid::Uuid;

/// The store without a user's scope (see the module comment).
pub struct System<'a>(&'a Store);

impl Store {
    /// The system handle, for work no signed-in user does.
    pub fn system(&self) -> System<'_> {
        System(self)
    }
}

impl Deref for System<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.0
    }
}

impl<'a> System<'a> {
    /// The raw connection: for the demo loader and benchmarks that count rows,
    /// and for tests that must tamper with rows.
    pub fn connection(&self) -> &'a DatabaseConnection {
        &self.0.db
    }

    /// The actor for an active user, or `NotFound` for a missing or disabled
    /// one: the CLI acting as a named user, and tests.
    pub async fn actor(&self, tenant_id: Uuid, user_id: Uuid) -> StoreResult<Actor> {
        crate::access::load::active_actor(&self.0.db, tenant_id, user_id).await
    }
}
