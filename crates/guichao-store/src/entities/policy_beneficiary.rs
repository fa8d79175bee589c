//! The `policy_beneficiaries` table: a project, fellow or company that
//! benefited from a policy on a day, with an amount where money.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_beneficiaries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub policy_id: Uuid,
    pub kind: String,
    pub project_id: Option<Uuid>,
    pub fellow_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub amount_fen: Option<i64>,
    pub benefit_date: Date,
    pub note: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
