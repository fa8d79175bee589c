//! What the project form offers: the units a project may be given to, the
//! county's users (for the officer and the team) and its chambers (for the
//! source).

use super::Projects;
use crate::StoreResult;
use crate::entities::{chamber, org_unit, user};
use crate::events::Choice;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The choices of the project form.
#[derive(Debug, Clone, Default)]
pub struct ProjectChoices {
    /// The county and township units the writer's scope covers, and `keep`.
    pub units: Vec<Choice>,
    /// The county's active users, by name.
    pub users: Vec<Choice>,
    pub chambers: Vec<Choice>,
}

impl Projects<'_> {
    /// The form's choices for a writer; `keep` is the unit a project being
    /// edited already has, offered even outside the writer's units.
    pub async fn choices(&self, keep: Option<Uuid>) -> StoreResult<ProjectChoices> {
        let write = self.0.need(Permission::ProjectWrite)?;
        let t = write.tenant_id();
        let db = &self.store().db;
        let mut units = Condition::any().add(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id));
        if let Some(unit) = keep {
            units = units.add(org_unit::Column::Id.eq(unit));
        }
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .filter(units)
            .filter(org_unit::Column::Level.ne("village"))
            .order_by_asc(org_unit::Column::Path)
            .all(db)
            .await?;
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::SortKey)
            .all(db)
            .await?;
        let chambers = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .order_by_asc(chamber::Column::Name)
            .all(db)
            .await?;
        Ok(ProjectChoices {
            units: units.into_iter().map(|u| Choice { id: u.id, name: u.name }).collect(),
            users: users.into_iter().map(|u| Choice { id: u.id, name: u.display_name }).collect(),
            chambers: chambers.into_iter().map(|c| Choice { id: c.id, name: c.name }).collect(),
        })
    }
}
