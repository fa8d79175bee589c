//! The `chain_nodes` table: a node of a chain, with what maps onto it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chain_nodes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub chain_id: Uuid,
    /// A [`guichao_domain::chains::Segment`] code.
    pub segment: String,
    pub name: String,
    /// The node's place in its chain (the order nodes were added in).
    pub position: i32,
    /// A gap the county wants to fill (补链).
    pub gap: bool,
    pub gap_note: String,
    /// GB/T 4754 major classes as `C39`, space-separated.
    pub codes: String,
    /// Registry terms, space-separated (a keyword holds no space).
    pub keywords: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
