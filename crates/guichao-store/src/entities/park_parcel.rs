//! The `park_parcels` table: a land parcel of the county's park. Its status
//! (reserve, allocated, built) is derived from its `park_allocations`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "park_parcels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique in the tenant: the parcel's name and code on the plan.
    pub name: String,
    /// The order of lists: `guichao_domain::search::sort_key` of the name.
    pub sort_key: String,
    pub area_hundredths_mu: i64,
    /// A [`guichao_domain::park::Zoning`] code.
    pub zoning: String,
    pub notes: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
