//! What a task or problem form offers as owners: the county and its
//! townships as units (the offices approvals go through), and the people
//! who carry the project (its officer, its team, the writer). The store
//! takes any unit or user of the county; these are the usual ones.

use super::Agency;
use crate::entities::{org_unit, project, project_team};
use crate::names::user_names;
use crate::projects::scope::visible;
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

/// An owner to choose, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

/// The owners a form of project `project_id` offers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OwnerChoices {
    /// The county, then its townships in the tree's order.
    pub units: Vec<Choice>,
    /// The officer, the team and the writer, by name.
    pub users: Vec<Choice>,
}

impl Agency<'_> {
    /// The owners to offer on project `project_id`'s forms; `NotFound` when
    /// the reader may not see it.
    pub async fn owner_choices(&self, project_id: Uuid) -> StoreResult<OwnerChoices> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let p = project::Entity::find()
            .filter(project::Column::Id.eq(project_id))
            .filter(visible(read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let team: Vec<Uuid> = project_team::Entity::find()
            .select_only()
            .column(project_team::Column::UserId)
            .filter(project_team::Column::TenantId.eq(t))
            .filter(project_team::Column::ProjectId.eq(project_id))
            .into_tuple()
            .all(db)
            .await?;
        let people = user_names(db, t, team.into_iter().chain(p.officer_id).chain([read.user_id()])).await?;
        let mut users: Vec<Choice> = people.into_iter().map(|(id, name)| Choice { id, name }).collect();
        users.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(OwnerChoices { units: self.unit_choices().await?, users })
    }

    /// The county and its townships, in the tree's order: the units a task,
    /// a problem or a checklist item is usually owned by.
    pub async fn unit_choices(&self) -> StoreResult<Vec<Choice>> {
        let read = self.0.need(Permission::ProjectRead).or_else(|_| self.0.need(Permission::ProjectWrite))?;
        let levels = [UnitLevel::County.code(), UnitLevel::Township.code()];
        let units: Vec<(Uuid, String)> = org_unit::Entity::find()
            .select_only()
            .column(org_unit::Column::Id)
            .column(org_unit::Column::Name)
            .filter(org_unit::Column::TenantId.eq(read.tenant_id()))
            .filter(org_unit::Column::Level.is_in(levels))
            .order_by_asc(org_unit::Column::Path)
            .into_tuple()
            .all(&self.store().db)
            .await?;
        Ok(units.into_iter().map(|(id, name)| Choice { id, name }).collect())
    }
}
