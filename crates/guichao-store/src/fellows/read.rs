//! Reading fellows: the filtered, scoped list with keyset pagination, its count,
//! and the rows a list shows.

use super::scope::visible;
use crate::entities::{chamber_member, fellow, fellow_role, liaison_assignment, org_unit};
use crate::{Actor, Store, StoreResult};
use guichao_domain::access::Permission;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
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
    pub tag: Option<String>,
    /// A held-role code (`industry_advisor`, ...), live today.
    pub held_role: Option<String>,
    /// Fellows this cadre (user) holds a live assignment to.
    pub cadre_id: Option<Uuid>,
    /// Fellows with no live assignment at this level (`county`, `township`, `village`).
    pub missing_level: Option<String>,
    /// Archived fellows instead of current ones.
    pub archived: bool,
    /// Keyset cursor: the (name, id) of the last row of the previous page.
    pub after: Option<(String, Uuid)>,
    pub limit: u64,
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
        let live = |extra: Condition| {
            Query::select()
                .column(liaison_assignment::Column::FellowId)
                .from(liaison_assignment::Entity)
                .cond_where(
                    Condition::all()
                        .add(liaison_assignment::Column::TenantId.eq(tenant_id))
                        .add(liaison_assignment::Column::EndedAt.is_null())
                        .add(extra),
                )
                .to_owned()
        };
        if let Some(cadre) = self.cadre_id {
            find = find.filter(
                fellow::Column::Id
                    .in_subquery(live(Condition::all().add(liaison_assignment::Column::CadreId.eq(cadre)))),
            );
        }
        if let Some(level) = &self.missing_level {
            find = find.filter(
                fellow::Column::Id
                    .not_in_subquery(live(Condition::all().add(liaison_assignment::Column::Level.eq(level.as_str())))),
            );
        }
        find = if self.archived {
            find.filter(fellow::Column::ArchivedAt.is_not_null()).filter(fellow::Column::MergedInto.is_null())
        } else {
            find.filter(fellow::Column::ArchivedAt.is_null())
        };
        find
    }
}

impl Store {
    /// A page of fellows the actor may see, by name.
    pub async fn fellows(&self, actor: &Actor, q: &FellowQuery) -> StoreResult<Vec<FellowRow>> {
        let scope = actor.scope(Permission::FellowRead)?;
        let mut find = q.apply(fellow::Entity::find().filter(visible(&scope)), actor.tenant_id);
        find = after(find, &q.after);
        let rows = find
            .order_by_asc(fellow::Column::Name)
            .order_by_asc(fellow::Column::Id)
            .limit(q.limit.clamp(1, 200))
            .all(&self.db)
            .await?;
        self.fellow_rows(actor.tenant_id, rows).await
    }

    /// How many fellows the list would hold in all (the same filters and scope).
    pub async fn count_fellows(&self, actor: &Actor, q: &FellowQuery) -> StoreResult<u64> {
        let scope = actor.scope(Permission::FellowRead)?;
        Ok(q.apply(fellow::Entity::find().filter(visible(&scope)), actor.tenant_id).count(&self.db).await?)
    }

    /// List rows for fellow records: unit names resolved, phone masked.
    pub(crate) async fn fellow_rows(&self, tenant_id: Uuid, rows: Vec<fellow::Model>) -> StoreResult<Vec<FellowRow>> {
        let ids: Vec<Uuid> = rows.iter().flat_map(|f| [f.township_id, f.village_id]).flatten().collect();
        let names = unit_names(&self.db, tenant_id, ids).await?;
        let key = self.field_key()?;
        Ok(rows
            .into_iter()
            .map(|f| FellowRow {
                phone: f.phone_enc.as_deref().and_then(|p| key.decrypt(p)).map(|p| super::personal::mask_phone(&p)),
                township: f.township_id.and_then(|t| names.get(&t).cloned()).unwrap_or_default(),
                village: f.village_id.and_then(|v| names.get(&v).cloned()).unwrap_or_default(),
                tags: f.tags.split_whitespace().map(str::to_string).collect(),
                id: f.id,
                name: f.name,
                gender: f.gender,
                birth_year: f.birth_year,
                category: f.category,
                city: f.city,
                employer: f.employer,
                title: f.title,
                status: f.status,
            })
            .collect())
    }
}

/// Rows after the keyset cursor `(name, id)`, as a row value: PostgreSQL
/// reads `(name, id) > (?, ?)` as a range of the (…, name, id) indexes, but
/// not `name > ? OR (name = ? AND id > ?)`.
pub(crate) fn after(find: Select<fellow::Entity>, cursor: &Option<(String, Uuid)>) -> Select<fellow::Entity> {
    let Some((name, id)) = cursor else { return find };
    let key = Expr::tuple([
        Expr::col((fellow::Entity, fellow::Column::Name)),
        Expr::col((fellow::Entity, fellow::Column::Id)),
    ]);
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
