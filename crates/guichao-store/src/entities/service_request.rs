//! The `service_requests` table: a returnee's request, with what follows
//! from its trail (status, day closed, working days taken) kept beside it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub kind: String,
    pub fellow_id: Option<Uuid>,
    pub requester_name: String,
    pub phone_sealed: Option<String>,
    pub phone_index: Option<String>,
    pub township_id: Option<Uuid>,
    pub subject: String,
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub received_on: Date,
    pub limit_days: i32,
    pub deadline: Date,
    pub status: String,
    pub closed_on: Option<Date>,
    pub days_taken: Option<i32>,
    pub score: Option<i16>,
    pub score_comment: String,
    pub rated_on: Option<Date>,
    pub origin: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
