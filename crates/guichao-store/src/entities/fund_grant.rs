//! The `fund_grants` table: a grant of the special fund, to a fellow, a company or a returnee named as typed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub amount_fen: i64,
    pub grant_date: Date,
    pub purpose: String,
    pub policy: String,
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
