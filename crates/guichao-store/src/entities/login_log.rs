//! The `login_log` table (m0041): every sign-in attempt.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// The account, when the name typed matches one.
    pub user_id: Option<Uuid>,
    /// The name as typed (trimmed, at most 64 characters).
    pub username: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// `guichao_domain::auth::LoginResult::code`.
    pub result: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
