//! The `fellows` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fellows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The unit the fellow belongs to: their home village, else their township.
    pub unit_id: Uuid,
    pub township_id: Option<Uuid>,
    pub village_id: Option<Uuid>,
    /// As written (names are never folded; search tokens are).
    pub name: String,
    /// The order of lists: `guichao_domain::search::sort_key` of the name.
    pub sort_key: String,
    pub gender: Option<String>,
    pub birth_date: Option<Date>,
    pub birth_year: Option<i32>,
    pub category: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    /// Personal data: AES-256-GCM ciphertext and HMAC blind index (see `crypto`).
    pub phone_enc: Option<String>,
    pub phone_idx: Option<String>,
    pub id_number_enc: Option<String>,
    pub id_number_idx: Option<String>,
    pub wechat_enc: Option<String>,
    pub wechat_idx: Option<String>,
    pub email_enc: Option<String>,
    pub email_idx: Option<String>,
    /// Space-separated.
    pub tags: String,
    pub status: String,
    pub source: String,
    pub notes: String,
    pub consent: bool,
    /// What the fellow is found by (see `guichao_domain::search`).
    pub search_tokens: String,
    /// Who may find them: their units and their assigned cadres.
    pub scope_tokens: String,
    /// The key of the SQLite full-text row (unused on PostgreSQL).
    pub search_rowid: Option<i64>,
    /// Set on a fellow merged into another.
    pub merged_into: Option<Uuid>,
    /// The import that created the fellow (`fellows?import=`), if one did.
    pub import_id: Option<Uuid>,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
