//! What the rows of a project ledger are matched against, as the importing
//! user reaches the county: every org unit marked in or out of their
//! project scope, the active users, the chambers, the fellows they may see
//! and the names of the projects they see (a row naming one is recorded
//! already). The spreadsheet pipeline matches names against it; the write
//! ([`super::import`]) checks every reference again.

use super::Projects;
use super::scope::visible;
use crate::StoreResult;
use crate::entities::{chamber, fellow, org_unit, project, user};
use guichao_domain::access::Permission;
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// An org unit of the county, and whether the importing user may make it
/// a project's responsible unit.
#[derive(Debug, Clone)]
pub struct LedgerUnit {
    pub id: Uuid,
    pub name: String,
    pub level: Option<UnitLevel>,
    pub in_scope: bool,
}

/// A user of the county who may be named as a project officer.
#[derive(Debug, Clone)]
pub struct LedgerUser {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
}

/// A fellow the importing user may see and so may credit.
#[derive(Debug, Clone)]
pub struct LedgerFellow {
    pub id: Uuid,
    pub name: String,
    pub township_id: Option<Uuid>,
}

/// What the rows of a project ledger are matched against.
#[derive(Debug, Clone, Default)]
pub struct ProjectDirectory {
    pub units: Vec<LedgerUnit>,
    /// Active users.
    pub users: Vec<LedgerUser>,
    /// The county's chambers: (id, name).
    pub chambers: Vec<(Uuid, String)>,
    /// Live fellows the importing user may see (none without `fellow.read`).
    pub fellows: Vec<LedgerFellow>,
    /// The names of the projects the importing user sees: a ledger row
    /// naming one of them is a project recorded already.
    pub projects: Vec<String>,
}

impl Projects<'_> {
    /// The units, users, chambers, fellows and known projects a ledger's rows
    /// are matched against. Needs `project.write`.
    pub async fn import_directory(&self) -> StoreResult<ProjectDirectory> {
        let write = self.0.need(Permission::ProjectWrite)?;
        let db = &self.store().db;
        let t = write.tenant_id();
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .all(db)
            .await?
            .into_iter()
            .map(|u| LedgerUnit {
                in_scope: write.covers_path(u.id, &u.path),
                level: UnitLevel::parse(&u.level),
                id: u.id,
                name: u.name,
            })
            .collect();
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|u| LedgerUser { id: u.id, username: u.username, display_name: u.display_name })
            .collect();
        let chambers = chamber::Entity::find()
            .select_only()
            .column(chamber::Column::Id)
            .column(chamber::Column::Name)
            .filter(chamber::Column::TenantId.eq(t))
            .into_tuple()
            .all(db)
            .await?;
        let fellows = match self.0.also(Permission::FellowRead) {
            Ok(read) => fellow::Entity::find()
                .select_only()
                .column(fellow::Column::Id)
                .column(fellow::Column::Name)
                .column(fellow::Column::TownshipId)
                .filter(crate::fellows::scope::visible(&read))
                .filter(fellow::Column::ArchivedAt.is_null())
                .into_tuple::<(Uuid, String, Option<Uuid>)>()
                .all(db)
                .await?
                .into_iter()
                .map(|(id, name, township_id)| LedgerFellow { id, name, township_id })
                .collect(),
            Err(_) => Vec::new(),
        };
        let read = self.0.also(Permission::ProjectRead).unwrap_or_else(|_| write.clone());
        let projects = project::Entity::find()
            .select_only()
            .column(project::Column::Name)
            .filter(visible(&read))
            .into_tuple()
            .all(db)
            .await?;
        Ok(ProjectDirectory { units, users, chambers, fellows, projects })
    }
}
