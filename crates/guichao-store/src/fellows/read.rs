//! Reading fellows: the filtered, scoped list in pinyin order (or by last
//! change), paged by number or by keyset, its exact count, and the rows a
//! list shows.

use super::Fellows;
use super::scope::{assigned_to, live_assignments, visible};
use crate::crypto::FieldKey;
use crate::entities::{chamber_member, fellow, fellow_role, import_fellow, liaison_assignment, org_unit};
use crate::{Store, StoreResult};
use guichao_domain::access::Permission;
use sea_orm::sea_query::{Expr, ExprTrait, Query, QueryStatementBuilder};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// What a list of fellows is filtered by. Every filter narrows; none widens
/// past the user's scope.
#[derive(Debug, Clone, Default)]
pub struct FellowQuery {
    pub township_id: Option<Uuid>,
    pub village_id: Option<Uuid>,
    /// A category code (`industry_commerce`, ...).
    pub category: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub chamber_id: Option<Uuid>,
    /// Fellows one import wrote (created, updated or merged into): its job's id.
    pub import: Option<Uuid>,
    pub tag: Option<String>,
    /// A held-role code (`industry_advisor`, ...), live today.
    pub held_role: Option<String>,
    /// Fellows this cadre (user) holds a live assignment to.
    pub cadre_id: Option<Uuid>,
    /// Fellows with no live assignment at this level (`county`, `township`, `village`).
    pub missing_level: Option<String>,
    /// Archived fellows instead of current ones.
    pub archived: bool,
    /// Keyset cursor: the (sort key, id) of the last row of the previous
    /// page, in the ascending name order.
    pub after: Option<(String, Uuid)>,
    pub sort: FellowSort,
    pub descending: bool,
    /// Rows skipped before the page (paging by page number).
    pub offset: u64,
    pub limit: u64,
}

/// The orders a fellow list can take, each served by an index of m0007 (with
/// the tenant, and the township for a township's list). Ties go by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FellowSort {
    /// By name in pinyin order (`guichao_domain::search::sort_key`).
    #[default]
    Name,
    /// By the time of the last change.
    Updated,
}

impl FellowSort {
    pub const ALL: [FellowSort; 2] = [FellowSort::Name, FellowSort::Updated];

    pub fn code(self) -> &'static str {
        match self {
            FellowSort::Name => "name",
            FellowSort::Updated => "updated",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    fn column(self) -> fellow::Column {
        match self {
            FellowSort::Name => fellow::Column::SortKey,
            FellowSort::Updated => fellow::Column::UpdatedAt,
        }
    }
}

/// One fellow as a list shows them. Personal data is masked.
#[derive(Debug, Clone, Serialize)]
pub struct FellowRow {
    pub id: Uuid,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub category: String,
    pub township: String,
    pub village: String,
    pub city: String,
    pub employer: String,
    pub title: String,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub status: String,
    /// Where the row stands in the name order (for a keyset cursor).
    #[serde(skip)]
    pub sort_key: String,
    #[serde(skip)]
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl FellowQuery {
    pub(crate) fn apply(&self, mut find: Select<fellow::Entity>, tenant_id: Uuid) -> Select<fellow::Entity> {
        if let Some(t) = self.township_id {
            find = find.filter(fellow::Column::TownshipId.eq(t));
        }
        if let Some(v) = self.village_id {
            find = find.filter(fellow::Column::VillageId.eq(v));
        }
        for (col, value) in [
            (fellow::Column::Category, &self.category),
            (fellow::Column::Province, &self.province),
            (fellow::Column::City, &self.city),
            (fellow::Column::Industry, &self.industry),
        ] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                find = find.filter(col.eq(v));
            }
        }
        if let Some(tag) = self.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            // Tags are stored space-separated with a space on each side.
            find = find.filter(fellow::Column::Tags.like(crate::like::contains(&format!(" {tag} "))));
        }
        if let Some(chamber) = self.chamber_id {
            find = find.filter(
                fellow::Column::Id.in_subquery(
                    Query::select()
                        .column(chamber_member::Column::FellowId)
                        .from(chamber_member::Entity)
                        .and_where(chamber_member::Column::TenantId.eq(tenant_id))
                        .and_where(chamber_member::Column::ChamberId.eq(chamber))
                        .and_where(chamber_member::Column::Until.is_null())
                        .to_owned(),
                ),
            );
        }
        if let Some(import) = self.import {
            // Created by the import, or updated or merged into by it.
            find = find.filter(
                Condition::any().add(fellow::Column::ImportId.eq(import)).add(
                    fellow::Column::Id.in_subquery(
                        Query::select()
                            .column(import_fellow::Column::FellowId)
                            .from(import_fellow::Entity)
                            .and_where(import_fellow::Column::TenantId.eq(tenant_id))
                            .and_where(import_fellow::Column::ImportId.eq(import))
                            .to_owned(),
                    ),
                ),
            );
        }
        if let Some(role) = &self.held_role {
            find = find.filter(
                fellow::Column::Id.in_subquery(
                    Query::select()
                        .column(fellow_role::Column::FellowId)
                        .from(fellow_role::Entity)
                        .and_where(fellow_role::Column::TenantId.eq(tenant_id))
                        .and_where(fellow_role::Column::Role.eq(role.as_str()))
                        .and_where(fellow_role::Column::EndDate.is_null())
                        .to_owned(),
                ),
            );
        }
        if let Some(cadre) = self.cadre_id {
            find = find.filter(fellow::Column::Id.in_subquery(assigned_to(tenant_id, cadre)));
        }
        if let Some(level) = &self.missing_level {
            let at_level = Condition::all().add(liaison_assignment::Column::Level.eq(level.as_str()));
            find = find.filter(fellow::Column::Id.not_in_subquery(live_assignments(tenant_id, at_level)));
        }
        find = if self.archived {
            find.filter(fellow::Column::ArchivedAt.is_not_null()).filter(fellow::Column::MergedInto.is_null())
        } else {
            find.filter(fellow::Column::ArchivedAt.is_null())
        };
        find
    }
}

impl Fellows<'_> {
    /// The fellows the actor reaches with `permission`, the handle's own
    /// (else `Forbidden`), as the start of a query: every query on fellows
    /// begins here.
    pub(crate) fn visible(&self, permission: Permission) -> StoreResult<Select<fellow::Entity>> {
        Ok(fellow::Entity::find().filter(visible(self.0.need(permission)?)))
    }

    /// A page of fellows the actor may see, in the query's order: after the
    /// cursor, skipping `offset` rows, at most `limit` (1-200).
    pub async fn list(&self, q: &FellowQuery) -> StoreResult<Vec<FellowRow>> {
        let find = q.apply(self.visible(Permission::FellowRead)?, self.actor().tenant_id);
        let order = if q.descending { Order::Desc } else { Order::Asc };
        let find = after(find, fellow::Column::SortKey, &q.after)
            .order_by(q.sort.column(), order.clone())
            .order_by(fellow::Column::Id, order)
            .offset((q.offset > 0).then_some(q.offset))
            .limit(q.limit.clamp(1, 200));
        self.store().shown_rows(find).await
    }

    /// How many fellows the list would hold in all (the same filters and scope).
    pub async fn count(&self, q: &FellowQuery) -> StoreResult<u64> {
        Ok(q.apply(self.visible(Permission::FellowRead)?, self.actor().tenant_id).count(&self.store().db).await?)
    }
}

impl Store {
    /// List rows of the fellows `ids`, in that order.
    pub(crate) async fn fellow_rows(&self, tenant_id: Uuid, ids: &[Uuid]) -> StoreResult<Vec<FellowRow>> {
        let order: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let find = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(tenant_id))
            .filter(fellow::Column::Id.is_in(order.keys().copied()));
        let mut rows = self.shown_rows(find).await?;
        rows.sort_by_key(|f| order[&f.id]);
        Ok(rows)
    }

    /// List rows of the fellows `find` selects, in its order. Only the columns
    /// a row shows are read, with the unit names, in one query: lists and
    /// searches move a few small rows instead of whole records.
    pub(crate) async fn shown_rows(&self, find: Select<fellow::Entity>) -> StoreResult<Vec<FellowRow>> {
        use fellow::Column as C;
        let unit_name = |unit: C| {
            let u = org_unit::Entity;
            Expr::SubQuery(
                None,
                Box::new(
                    Query::select()
                        .column((u, org_unit::Column::Name))
                        .from(u)
                        .and_where(Expr::col((u, org_unit::Column::TenantId)).equals((fellow::Entity, C::TenantId)))
                        .and_where(Expr::col((u, org_unit::Column::Id)).equals((fellow::Entity, unit)))
                        .to_owned()
                        .into_sub_query_statement(),
                ),
            )
        };
        let shown = find
            .select_only()
            .columns([
                C::Id,
                C::Name,
                C::SortKey,
                C::Gender,
                C::BirthYear,
                C::Category,
                C::City,
                C::Employer,
                C::Title,
                C::PhoneEnc,
                C::Tags,
                C::Status,
                C::UpdatedAt,
            ])
            .expr_as(unit_name(C::TownshipId), "township")
            .expr_as(unit_name(C::VillageId), "village")
            .into_model::<Shown>()
            .all(&self.db)
            .await?;
        let key = self.field_key()?;
        Ok(shown.into_iter().map(|f| f.row(key)).collect())
    }
}

/// The stored values a [`FellowRow`] is made of.
#[derive(Debug, FromQueryResult)]
struct Shown {
    id: Uuid,
    name: String,
    sort_key: String,
    gender: Option<String>,
    birth_year: Option<i32>,
    category: String,
    township: Option<String>,
    village: Option<String>,
    city: String,
    employer: String,
    title: String,
    phone_enc: Option<String>,
    tags: String,
    status: String,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl Shown {
    /// The row as shown: phone decrypted and masked, tags split.
    fn row(self, key: &FieldKey) -> FellowRow {
        FellowRow {
            phone: self.phone_enc.as_deref().and_then(|p| key.decrypt(p)).map(|p| super::personal::mask_phone(&p)),
            township: self.township.unwrap_or_default(),
            village: self.village.unwrap_or_default(),
            tags: self.tags.split_whitespace().map(str::to_string).collect(),
            id: self.id,
            name: self.name,
            sort_key: self.sort_key,
            gender: self.gender,
            birth_year: self.birth_year,
            category: self.category,
            city: self.city,
            employer: self.employer,
            title: self.title,
            status: self.status,
            updated_at: self.updated_at,
        }
    }
}

/// Rows after the keyset cursor `(value of column, id)`, as a row value:
/// PostgreSQL reads `(sort_key, id) > (?, ?)` as a range of the (…, sort_key,
/// id) indexes, but not `sort_key > ? OR (sort_key = ? AND id > ?)`.
pub(crate) fn after(
    find: Select<fellow::Entity>,
    column: fellow::Column,
    cursor: &Option<(String, Uuid)>,
) -> Select<fellow::Entity> {
    let Some((name, id)) = cursor else { return find };
    let key = Expr::tuple([Expr::col((fellow::Entity, column)), Expr::col((fellow::Entity, fellow::Column::Id))]);
    find.filter(key.gt(Expr::tuple([Expr::val(name.as_str()), Expr::val(*id)])))
}

pub(crate) async fn unit_names(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    mut ids: Vec<Uuid>,
) -> StoreResult<HashMap<Uuid, String>> {
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
