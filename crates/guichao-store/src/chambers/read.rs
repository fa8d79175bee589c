//! Reading chambers: the list with office and member counts, and one chamber
//! with its offices and members. Members are filtered by the viewer's fellow
//! scope here, so a count on the list never tells more than the detail shows.

use super::Chambers;
use super::{ChamberPage, ChamberSummary, ChamberView, MemberRow, OfficeRow, TownshipChoice};
use crate::entities::{chamber, chamber_member, chamber_office, fellow, org_unit};
use crate::fellows::scope::visible_ids;
use crate::names::unit_names;
use crate::{Actor, StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{ColumnTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use uuid::Uuid;

/// The ids of the current (not archived) fellows the actor may see, as a
/// subquery; `None` when the actor may see no fellows at all.
fn visible_fellow_ids(actor: &Actor) -> Option<SelectStatement> {
    let scope = actor.scope(Permission::FellowRead).ok()?;
    Some(visible_ids(&scope).and_where(fellow::Column::ArchivedAt.is_null()).to_owned())
}

fn kind_of(code: &str) -> ChamberKind {
    ChamberKind::parse(code).unwrap_or(ChamberKind::Remote)
}

impl Chambers<'_> {
    /// Every chamber of the actor's county, remote ones first, by name (pinyin).
    pub async fn list(&self) -> StoreResult<Vec<ChamberSummary>> {
        self.0.need(Permission::ChamberRead)?;
        let find = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(self.actor().tenant_id))
            .order_by_asc(chamber::Column::Kind)
            .order_by_asc(chamber::Column::SortKey)
            .order_by_asc(chamber::Column::Id);
        Ok(self.summaries(find).await?.0)
    }

    /// How many chambers the county has.
    pub async fn count(&self) -> StoreResult<u64> {
        self.0.need(Permission::ChamberRead)?;
        let all = chamber::Entity::find().filter(chamber::Column::TenantId.eq(self.actor().tenant_id));
        Ok(all.count(&self.store().db).await?)
    }

    /// A page of the chamber list by name in pinyin order (ties by id), with
    /// the number of members the viewer may see in all the chambers.
    pub async fn page(&self, offset: u64, limit: u64, descending: bool) -> StoreResult<ChamberPage> {
        self.0.need(Permission::ChamberRead)?;
        let order = if descending { Order::Desc } else { Order::Asc };
        let find = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(self.actor().tenant_id))
            .order_by(chamber::Column::SortKey, order.clone())
            .order_by(chamber::Column::Id, order)
            .offset((offset > 0).then_some(offset))
            .limit(limit.clamp(1, 200));
        let (rows, members) = self.summaries(find).await?;
        Ok(ChamberPage { rows, members })
    }

    /// The list lines of the chambers `find` selects, in its order, and the
    /// current members the viewer may see in all the county's chambers.
    async fn summaries(&self, find: Select<chamber::Entity>) -> StoreResult<(Vec<ChamberSummary>, u64)> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let rows = find.all(&store.db).await?;
        let offices: HashMap<Uuid, i64> = chamber_office::Entity::find()
            .select_only()
            .column(chamber_office::Column::ChamberId)
            .column_as(chamber_office::Column::Id.count(), "n")
            .filter(chamber_office::Column::TenantId.eq(t))
            .group_by(chamber_office::Column::ChamberId)
            .into_tuple::<(Uuid, i64)>()
            .all(&store.db)
            .await?
            .into_iter()
            .collect();
        let members: HashMap<Uuid, i64> = match visible_fellow_ids(actor) {
            None => HashMap::new(),
            Some(fellows) => chamber_member::Entity::find()
                .select_only()
                .column(chamber_member::Column::ChamberId)
                .column_as(chamber_member::Column::Id.count(), "n")
                .filter(chamber_member::Column::TenantId.eq(t))
                .filter(chamber_member::Column::Until.is_null())
                .filter(chamber_member::Column::FellowId.in_subquery(fellows))
                .group_by(chamber_member::Column::ChamberId)
                .into_tuple::<(Uuid, i64)>()
                .all(&store.db)
                .await?
                .into_iter()
                .collect(),
        };
        let townships = unit_names(&store.db, t, rows.iter().filter_map(|c| c.township_id)).await?;
        let all_members = members.values().sum::<i64>() as u64;
        let rows = rows
            .into_iter()
            .map(|c| ChamberSummary {
                offices: offices.get(&c.id).copied().unwrap_or(0) as u64,
                members: members.get(&c.id).copied().unwrap_or(0) as u64,
                township: c.township_id.and_then(|u| townships.get(&u).cloned()).unwrap_or_default(),
                kind: kind_of(&c.kind),
                id: c.id,
                name: c.name,
                city: c.city,
                township_id: c.township_id,
            })
            .collect();
        Ok((rows, all_members))
    }

    /// One chamber, or `NotFound` (also for another county's chamber).
    pub async fn get(&self, id: Uuid) -> StoreResult<ChamberView> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::ChamberRead)?;
        let t = actor.tenant_id;
        let c = chamber::Entity::find_by_id((t, id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        let offices = chamber_office::Entity::find()
            .filter(chamber_office::Column::TenantId.eq(t))
            .filter(chamber_office::Column::ChamberId.eq(id))
            .order_by_asc(chamber_office::Column::CreatedAt)
            .all(&store.db)
            .await?
            .into_iter()
            .map(|o| OfficeRow { id: o.id, name: o.name, city: o.city, address: o.address })
            .collect();
        let (members, former_members) = self.member_rows(id).await?;
        let township = unit_names(&store.db, t, c.township_id).await?;
        Ok(ChamberView {
            township: c.township_id.and_then(|u| township.get(&u).cloned()).unwrap_or_default(),
            kind: kind_of(&c.kind),
            id: c.id,
            name: c.name,
            city: c.city,
            township_id: c.township_id,
            founded: c.founded,
            notes: c.notes,
            created_at: c.created_at,
            offices,
            members,
            former_members,
            can_write: store.chambers(actor, Permission::ChamberWrite).is_ok_and(|w| w.county_wide()),
            can_keep_members: self.keeps_members(id).await?,
            staff: self.staff_of(id).await?,
        })
    }

    /// Every township of the county, in the tree's order: a township chamber may
    /// belong to any of them, whatever the writer's own unit.
    pub async fn townships(&self) -> StoreResult<Vec<TownshipChoice>> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::ChamberRead)?;
        Ok(org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .filter(org_unit::Column::Level.eq(UnitLevel::Township.code()))
            .order_by_asc(org_unit::Column::Sort)
            .order_by_asc(org_unit::Column::Name)
            .all(&store.db)
            .await?
            .into_iter()
            .map(|u| TownshipChoice { id: u.id, name: u.name })
            .collect())
    }

    /// The chamber's memberships whose fellow the actor may see: (current, former).
    async fn member_rows(&self, chamber_id: Uuid) -> StoreResult<(Vec<MemberRow>, Vec<MemberRow>)> {
        let (store, actor) = (self.store(), self.actor());
        let Some(visible_ids) = visible_fellow_ids(actor) else { return Ok((vec![], vec![])) };
        let t = actor.tenant_id;
        let rows = chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(t))
            .filter(chamber_member::Column::ChamberId.eq(chamber_id))
            .filter(chamber_member::Column::FellowId.in_subquery(visible_ids))
            .all(&store.db)
            .await?;
        let fellows: HashMap<Uuid, fellow::Model> = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.is_in(rows.iter().map(|m| m.fellow_id)))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
        let townships = unit_names(&store.db, t, fellows.values().filter_map(|f| f.township_id)).await?;
        let (mut current, mut former): (Vec<MemberRow>, Vec<MemberRow>) = rows
            .into_iter()
            .filter_map(|m| {
                let f = fellows.get(&m.fellow_id)?;
                Some(MemberRow {
                    id: m.id,
                    fellow_id: f.id,
                    name: f.name.clone(),
                    township: f.township_id.and_then(|u| townships.get(&u).cloned()).unwrap_or_default(),
                    position: MemberPosition::parse(&m.position).unwrap_or(MemberPosition::Member),
                    since: m.since,
                    until: m.until,
                })
            })
            .partition(|m| m.until.is_none());
        let rank = |p: MemberPosition| MemberPosition::ALL.iter().position(|x| *x == p).unwrap_or(usize::MAX);
        current.sort_by(|a, b| {
            (rank(a.position), a.since, &a.name, a.id).cmp(&(rank(b.position), b.since, &b.name, b.id))
        });
        former.sort_by(|a, b| (b.until, &a.name, a.id).cmp(&(a.until, &b.name, b.id)));
        Ok((current, former))
    }
}
