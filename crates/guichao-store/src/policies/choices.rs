//! What the beneficiary form offers a policy writer: the county's projects
//! by name (fellows are found by the fellow search, companies by id).

use super::Policies;
use crate::StoreResult;
use crate::entities::project;
use crate::events::Choice;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The most projects the form lists.
const MAX_PROJECTS: u64 = 1000;

impl Policies<'_> {
    /// The tenant's projects a beneficiary may name, by name.
    pub async fn project_choices(&self) -> StoreResult<Vec<Choice>> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let rows = project::Entity::find()
            .filter(project::Column::TenantId.eq(t))
            .order_by_asc(project::Column::Name)
            .limit(MAX_PROJECTS)
            .all(&self.store().db)
            .await?;
        Ok(rows.into_iter().map(|p| Choice { id: p.id, name: p.name }).collect())
    }
}
