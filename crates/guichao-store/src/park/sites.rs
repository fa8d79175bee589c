//! What every read of the park shares: the allocations of some sites, with
//! their projects named only to a reader who may see them and release
//! offered only to a writer of the project.

use super::{AllocationRow, Park, allocation};
use crate::entities::{park_allocation, project};
use crate::names::user_names;
use crate::projects::scope::visible;
use crate::{Scope, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::park::Allocation;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What the reader may know of the projects of some allocations.
pub(super) struct Seen {
    /// The projects the reader sees, by id, with their names.
    names: HashMap<Uuid, String>,
    /// The projects the reader may write.
    writable: HashSet<Uuid>,
    /// Who recorded the allocations.
    users: HashMap<Uuid, String>,
}

/// The ids and names of the projects among `ids` that `scope` sees.
async fn projects_seen(db: &impl ConnectionTrait, scope: &Scope, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .column(project::Column::Name)
        .filter(project::Column::Id.is_in(ids.iter().copied()))
        .filter(visible(scope))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

impl Park<'_> {
    /// The tenant's allocations that `which` selects, by start date.
    pub(super) async fn allocations_where(
        &self,
        db: &impl ConnectionTrait,
        which: Condition,
    ) -> StoreResult<Vec<park_allocation::Model>> {
        Ok(park_allocation::Entity::find()
            .filter(park_allocation::Column::TenantId.eq(self.actor().tenant_id))
            .filter(which)
            .order_by_asc(park_allocation::Column::FromDate)
            .order_by_asc(park_allocation::Column::Id)
            .all(db)
            .await?)
    }

    /// What the reader (with `read`) may know of the projects of `rows`.
    pub(super) async fn seen(
        &self,
        db: &impl ConnectionTrait,
        read: &Scope,
        rows: &[park_allocation::Model],
    ) -> StoreResult<Seen> {
        let mut ids: Vec<Uuid> = rows.iter().map(|a| a.project_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let names = projects_seen(db, read, &ids).await?;
        let writable = match self.actor().scope(Permission::ProjectWrite) {
            Ok(write) => projects_seen(db, &write, &ids).await?.into_keys().collect(),
            Err(_) => HashSet::new(),
        };
        let users = user_names(db, self.actor().tenant_id, rows.iter().filter_map(|a| a.recorded_by)).await?;
        Ok(Seen { names, writable, users })
    }
}

impl Seen {
    /// The allocation as the domain reads it, its project kept when seen.
    pub(super) fn domain(&self, a: &park_allocation::Model) -> Allocation {
        allocation(a, |id| self.names.contains_key(&id))
    }

    /// The allocation as the reader may know it.
    pub(super) fn row(&self, a: &park_allocation::Model) -> AllocationRow {
        let name = self.names.get(&a.project_id);
        AllocationRow {
            id: a.id,
            project_id: name.map(|_| a.project_id),
            project: name.cloned(),
            from: a.from_date,
            until: a.until_date,
            moved_in: a.moved_in,
            note: a.note.clone(),
            recorded_by: a.recorded_by.and_then(|u| self.users.get(&u).cloned()).unwrap_or_default(),
            recorded_at: a.recorded_at,
            can_release: a.until_date.is_none() && self.writable.contains(&a.project_id),
        }
    }
}
