//! Reading liaison duty: the signed-in cadre's own fellows, a fellow's live
//! assignments, the fellows about to be assigned, and the cadres who may be
//! chosen for them.

use super::Liaison;
use super::assign::county_unit;
use super::{CadreChoice, MAX_BULK, MyFellowRow, serving_unit};
use crate::entities::{fellow, liaison_assignment, org_unit, user};
use crate::fellows::scope::{assigned_to, visible};
use crate::fellows::{AssignmentRow, FellowRow};
use crate::{Store, StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

fn level_of(code: &str) -> LiaisonLevel {
    LiaisonLevel::parse(code).unwrap_or(LiaisonLevel::Village)
}

fn rank(code: &str) -> usize {
    LiaisonLevel::ALL.iter().position(|l| l.code() == code).unwrap_or(usize::MAX)
}

impl Store {
    /// Active users of one unit, by name.
    async fn cadres_at(&self, tenant_id: Uuid, unit_id: Uuid) -> StoreResult<Vec<CadreChoice>> {
        let unit_name =
            org_unit::Entity::find_by_id((tenant_id, unit_id)).one(&self.db).await?.map(|u| u.name).unwrap_or_default();
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant_id))
            .filter(user::Column::UnitId.eq(unit_id))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::DisplayName)
            .order_by_asc(user::Column::Id)
            .limit(500)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| CadreChoice { user_id: u.id, display_name: u.display_name, unit_name: unit_name.clone() })
            .collect())
    }
}

impl Liaison<'_> {
    /// The fellows the signed-in cadre keeps in touch with (a live assignment to
    /// them), by name; one row per assignment. `after` is the (name, fellow id)
    /// of the last row of the previous page, and `limit` counts fellows.
    pub async fn mine(&self, limit: u64, after: Option<(String, Uuid)>) -> StoreResult<Vec<MyFellowRow>> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::LiaisonRead)?;
        let t = actor.tenant_id;
        let find = self
            .fellows()?
            .visible(Permission::FellowRead)?
            .filter(fellow::Column::Id.in_subquery(assigned_to(t, actor.user_id)))
            .filter(fellow::Column::ArchivedAt.is_null());
        let find = crate::fellows::after(find, fellow::Column::Name, &after)
            .order_by_asc(fellow::Column::Name)
            .order_by_asc(fellow::Column::Id)
            .limit(limit.clamp(1, 200));
        let rows = store.shown_rows(find).await?;
        let mut assignments = liaison_assignment::Entity::find()
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::CadreId.eq(actor.user_id))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .filter(liaison_assignment::Column::FellowId.is_in(rows.iter().map(|f| f.id)))
            .all(&store.db)
            .await?;
        assignments.sort_by_key(|a| rank(&a.level));
        Ok(rows
            .into_iter()
            .flat_map(|f| {
                assignments.iter().filter(move |a| a.fellow_id == f.id).map(move |a| MyFellowRow {
                    assignment_id: a.id,
                    fellow_id: f.id,
                    name: f.name.clone(),
                    township: f.township.clone(),
                    village: f.village.clone(),
                    city: f.city.clone(),
                    employer: f.employer.clone(),
                    level: level_of(&a.level),
                    cycle_days: a.cycle_days,
                    started_at: a.started_at,
                })
            })
            .collect())
    }

    /// A fellow's live assignments, county level first; `NotFound` when the
    /// actor may not see the fellow.
    pub async fn of_fellow(&self, fellow_id: Uuid) -> StoreResult<Vec<AssignmentRow>> {
        let (store, actor) = (self.store(), self.actor());
        self.fellows()?.model(fellow_id).await?;
        let t = actor.tenant_id;
        let mut live = liaison_assignment::Entity::find()
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::FellowId.eq(fellow_id))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .all(&store.db)
            .await?;
        live.sort_by_key(|a| rank(&a.level));
        let names: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Id.is_in(live.iter().map(|a| a.cadre_id)))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        Ok(live
            .into_iter()
            .map(|a| AssignmentRow {
                id: a.id,
                cadre_name: names.get(&a.cadre_id).cloned().unwrap_or_default(),
                cadre_id: a.cadre_id,
                level: a.level,
                cycle_days: a.cycle_days,
                started_at: a.started_at,
            })
            .collect())
    }

    /// The fellows about to be assigned, by name. Every id must be a fellow the
    /// actor may assign (liaison.write scope), else `NotFound`.
    pub async fn targets(&self, fellow_ids: &[Uuid]) -> StoreResult<Vec<FellowRow>> {
        let (store, actor) = (self.store(), self.actor());
        let fellows = self.assignable_fellows(fellow_ids).await?;
        store.fellow_rows(actor.tenant_id, &fellows.iter().map(|f| f.id).collect::<Vec<_>>()).await
    }

    async fn assignable_fellows(&self, fellow_ids: &[Uuid]) -> StoreResult<Vec<fellow::Model>> {
        let store = self.store();
        let write = self.0.need(Permission::LiaisonWrite)?;
        let mut ids = fellow_ids.to_vec();
        ids.sort();
        ids.dedup();
        if ids.len() > MAX_BULK {
            return Err(StoreError::invalid(
                format!("一次最多为{MAX_BULK}位乡友安排联系干部"),
                format!("At most {MAX_BULK} fellows at a time"),
            ));
        }
        let fellows = fellow::Entity::find()
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .filter(visible(write))
            .order_by_asc(fellow::Column::Name)
            .order_by_asc(fellow::Column::Id)
            .all(&store.db)
            .await?;
        if fellows.len() != ids.len() {
            return Err(StoreError::NotFound);
        }
        Ok(fellows)
    }

    /// The cadres who may be assigned at `level` to `target`: a fellow the actor
    /// may assign, or an org unit in the actor's liaison scope (a township, or a
    /// village for the village level). Active users of the serving unit, by name.
    pub async fn cadres(&self, target: Uuid, level: LiaisonLevel) -> StoreResult<Vec<CadreChoice>> {
        let (store, actor) = (self.store(), self.actor());
        let write = self.0.need(Permission::LiaisonWrite)?;
        let t = actor.tenant_id;
        let is_fellow =
            fellow::Entity::find().filter(fellow::Column::Id.eq(target)).filter(visible(write)).one(&store.db).await?;
        if is_fellow.is_some() {
            return self.cadres_for_fellows(&[target], level).await;
        }
        let unit = org_unit::Entity::find_by_id((t, target)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        if !write.covers_unit(store, unit.id).await? {
            return Err(StoreError::NotFound);
        }
        let serving = match (level, UnitLevel::parse(&unit.level)) {
            (LiaisonLevel::County, _) => Some(county_unit(&store.db, t).await?.id),
            (LiaisonLevel::Township, Some(UnitLevel::Township)) => Some(unit.id),
            (LiaisonLevel::Township, Some(UnitLevel::Village)) => unit.parent_id,
            (LiaisonLevel::Village, Some(UnitLevel::Village)) => Some(unit.id),
            _ => None,
        };
        match serving {
            Some(u) => store.cadres_at(t, u).await,
            None => Ok(vec![]),
        }
    }

    /// The cadres who may serve every one of `fellow_ids` at `level`: none when
    /// the fellows belong to different townships (or villages) at that level.
    pub async fn cadres_for_fellows(&self, fellow_ids: &[Uuid], level: LiaisonLevel) -> StoreResult<Vec<CadreChoice>> {
        let (store, actor) = (self.store(), self.actor());
        let fellows = self.assignable_fellows(fellow_ids).await?;
        let county = county_unit(&store.db, actor.tenant_id).await?;
        let mut units: Vec<Option<Uuid>> = fellows.iter().map(|f| serving_unit(level, f, county.id)).collect();
        units.sort();
        units.dedup();
        match units.as_slice() {
            [Some(unit)] => store.cadres_at(actor.tenant_id, *unit).await,
            _ => Ok(vec![]),
        }
    }

    /// The name of a cadre of the county (for saying who was just assigned).
    pub async fn cadre_name(&self, cadre_id: Uuid) -> StoreResult<String> {
        let store = self.store();
        self.0.need(Permission::LiaisonWrite)?;
        let cadre = user::Entity::find_by_id((self.actor().tenant_id, cadre_id)).one(&store.db).await?;
        cadre.map(|u| u.display_name).ok_or(StoreError::NotFound)
    }
}
