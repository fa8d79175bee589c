//! The `loans` table: an entrepreneurship guarantee loan; the borrower's phone and ID number encrypted as a fellow's are.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub phone_enc: Option<String>,
    pub phone_idx: Option<String>,
    pub id_number_enc: Option<String>,
    pub id_number_idx: Option<String>,
    pub bank: String,
    pub contract_no: String,
    pub amount_fen: i64,
    pub rate_bp: i32,
    pub subsidy_bp: i32,
    pub term_months: i32,
    pub disbursed_on: Date,
    /// `maturity` or `equal_principal`.
    pub plan: String,
    pub guarantor: String,
    pub note: String,
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
