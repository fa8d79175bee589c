//! The `households` table: a "211" household (a couple farming about 100 mu
//! of grain, earning over 100,000 yuan a year) as verified in a year.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "households")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub head_name: String,
    /// The household's village, else its township.
    pub unit_id: Uuid,
    pub township_id: Uuid,
    pub area_hundredths_mu: i64,
    pub income_fen: i64,
    pub year_verified: i32,
    pub note: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
