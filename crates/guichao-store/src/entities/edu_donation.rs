//! The `edu_donations` table: a donation to the education fund: pledged on a day, paid in on another (or not yet).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "edu_donations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub branch_id: Uuid,
    pub amount_fen: i64,
    pub pledged_on: Date,
    pub paid_on: Option<Date>,
    pub purpose: String,
    /// `fellow`, `company` or `person`.
    pub party_kind: String,
    pub fellow_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    /// The name as shown: the fellow's or company's, or as typed.
    pub party_name: String,
    /// The township (or county) whose users see the row.
    pub unit_id: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
