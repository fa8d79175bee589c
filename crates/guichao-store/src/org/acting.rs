//! The one check before acting on an account (its password, active flag, unit,
//! name, roles or tokens): the account's unit lies in the scope with which
//! the actor does that work (`admin.users`, or `admin.security` for the
//! security administrator), and every role it holds is one the actor could grant
//! (`guichao_domain::access::may_act_on`). Without the second half a township's
//! staff could reset the password of a county admin placed in their township.

use super::admins::grants_by_role;
use crate::{Actor, Store, StoreError, StoreResult};
use guichao_domain::access::{AccountWork, may_act_on};
use uuid::Uuid;

impl Store {
    /// `NotFound` when the account's unit is outside the actor's reach (as for
    /// any record out of scope; one's own account is always in reach),
    /// `Forbidden` when the account holds a role the actor could not grant.
    pub(crate) async fn check_may_act_on(
        &self,
        actor: &Actor,
        user_id: Uuid,
        unit_id: Uuid,
        role_ids: &[Uuid],
        work: AccountWork,
    ) -> StoreResult<()> {
        let scope = actor.account_scope(work)?;
        if user_id != actor.user_id && !scope.covers_unit(self, unit_id).await? {
            return Err(StoreError::NotFound);
        }
        let grants = grants_by_role(&self.db, actor.tenant_id).await?;
        // A role without grants (or gone) asks nothing of the actor.
        if !may_act_on(&actor.grants, actor.admin_duty(), role_ids.iter().filter_map(|id| grants.get(id))) {
            return Err(StoreError::Forbidden);
        }
        Ok(())
    }

    /// The same check as a yes or no, for pages that offer or withhold the
    /// editing controls.
    pub(crate) async fn may_act_on(
        &self,
        actor: &Actor,
        user_id: Uuid,
        unit_id: Uuid,
        role_ids: &[Uuid],
        work: AccountWork,
    ) -> StoreResult<bool> {
        match self.check_may_act_on(actor, user_id, unit_id, role_ids, work).await {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound | StoreError::Forbidden) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
