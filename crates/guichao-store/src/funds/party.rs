//! Who a grant goes to, a loan is lent to or a donation comes from: a fellow
//! of the registry, a company, or a returnee named as typed with the
//! township they live in. Resolved once when written: the name shown and the
//! org unit that scopes the row are stored with it.

use super::Funds;
use crate::entities::{company, fellow, org_unit};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::funds::PartyKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

/// A party as a form or the API names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    Fellow(Uuid),
    /// A company, filed under `unit_id` (a township, or the county).
    Company {
        id: Uuid,
        unit_id: Uuid,
    },
    /// A returnee not in the registry, by name, living in `unit_id`.
    Person {
        name: String,
        unit_id: Uuid,
    },
}

/// A party as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyRow {
    pub kind: PartyKind,
    pub fellow_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub name: String,
    pub unit_id: Uuid,
    /// The unit's name.
    pub unit: String,
}

impl Funds<'_> {
    /// Resolves a party within the tenant: the fellow or company must exist
    /// (and the fellow be one the writer may see), the unit be the tenant's.
    pub(crate) async fn resolve(&self, db: &impl ConnectionTrait, party: &Party) -> StoreResult<PartyRow> {
        let t = self.actor().tenant_id;
        let unit_name = |id: Uuid| async move {
            org_unit::Entity::find_by_id((t, id))
                .one(db)
                .await?
                .map(|u| u.name)
                .ok_or_else(|| StoreError::field("unit_id", "所选单位不存在", "No such unit"))
        };
        match party {
            Party::Fellow(id) => {
                let read = self.0.also(Permission::FellowRead)?;
                let f = fellow::Entity::find()
                    .filter(fellow::Column::Id.eq(*id))
                    .filter(crate::fellows::scope::visible(&read))
                    .one(db)
                    .await?
                    .ok_or_else(|| StoreError::field("fellow_id", "所选乡友不存在", "No such fellow"))?;
                let unit_id = f.township_id.unwrap_or(f.unit_id);
                Ok(PartyRow {
                    kind: PartyKind::Fellow,
                    fellow_id: Some(f.id),
                    company_id: None,
                    name: f.name,
                    unit: unit_name(unit_id).await?,
                    unit_id,
                })
            }
            Party::Company { id, unit_id } => {
                let c = company::Entity::find_by_id((t, *id))
                    .one(db)
                    .await?
                    .ok_or_else(|| StoreError::field("company_id", "所选企业不存在", "No such company"))?;
                Ok(PartyRow {
                    kind: PartyKind::Company,
                    fellow_id: None,
                    company_id: Some(c.id),
                    name: c.name,
                    unit: unit_name(*unit_id).await?,
                    unit_id: *unit_id,
                })
            }
            Party::Person { name, unit_id } => {
                let name = super::text("name", name, 50, true)?;
                Ok(PartyRow {
                    kind: PartyKind::Person,
                    fellow_id: None,
                    company_id: None,
                    name,
                    unit: unit_name(*unit_id).await?,
                    unit_id: *unit_id,
                })
            }
        }
    }
}

/// The stored kind of a row, read back.
pub(crate) fn kind_of(code: &str) -> PartyKind {
    PartyKind::parse(code).unwrap_or(PartyKind::Person)
}

impl Funds<'_> {
    /// The county and its townships the reader reaches, county first then
    /// townships by creation: what a party or branch is filed under.
    pub async fn units(&self) -> StoreResult<Vec<(Uuid, String)>> {
        use guichao_domain::org::UnitLevel;
        use sea_orm::QueryOrder;
        let rows = org_unit::Entity::find()
            .filter(self.reading().units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .filter(org_unit::Column::Level.is_in([UnitLevel::County.code(), UnitLevel::Township.code()]))
            .order_by_asc(org_unit::Column::Path)
            .all(&self.store().db)
            .await?;
        Ok(rows.into_iter().map(|u| (u.id, u.name)).collect())
    }
}
