//! Assigning cadres to fellows and ending assignments. A bulk assignment is one
//! transaction: every fellow is checked before anything is written, and one
//! refusal writes nothing.

use super::Liaison;
use super::{AssignmentDraft, MAX_BULK, check_cycle, misfit, serving_unit};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, liaison_assignment, org_unit, user};
use crate::fellows::scope::{refresh_tokens, visible};
use crate::{Actor, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

pub(super) fn image(a: &liaison_assignment::Model, cadre_name: &str) -> Value {
    json!({
        "assignment_id": a.id, "cadre_id": a.cadre_id, "cadre": cadre_name, "level": a.level,
        "cycle_days": a.cycle_days,
    })
}

/// The county unit of a tenant (the root of its org tree).
pub(super) async fn county_unit(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<org_unit::Model> {
    org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Level.eq(UnitLevel::County.code()))
        .filter(org_unit::Column::ParentId.is_null())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Makes `cadre` the live assignment of `f` at the draft's level, inside the
/// caller's transaction. The same cadre again only changes the cycle (keeping
/// when the duty started); another cadre ends whoever held the level.
async fn assign_one(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &fellow::Model,
    cadre: &user::Model,
    d: AssignmentDraft,
) -> StoreResult<Uuid> {
    let t = actor.tenant_id;
    let live = liaison_assignment::Entity::find()
        .filter(liaison_assignment::Column::TenantId.eq(t))
        .filter(liaison_assignment::Column::FellowId.eq(f.id))
        .filter(liaison_assignment::Column::Level.eq(d.level.code()))
        .filter(liaison_assignment::Column::EndedAt.is_null())
        .all(db)
        .await?;
    if let [same] = live.as_slice()
        && same.cadre_id == cadre.id
    {
        if same.cycle_days != d.cycle_days {
            liaison_assignment::Entity::update_many()
                .col_expr(liaison_assignment::Column::CycleDays, Expr::value(d.cycle_days))
                .filter(liaison_assignment::Column::TenantId.eq(t))
                .filter(liaison_assignment::Column::Id.eq(same.id))
                .exec(db)
                .await?;
            let after = liaison_assignment::Model { cycle_days: d.cycle_days, ..same.clone() };
            let detail =
                json!({"before": image(same, &cadre.display_name), "after": image(&after, &cadre.display_name)});
            record(db, t, actor, AuditEvent::new(AuditAction::LiaisonCycle, "fellow", f.id, detail)).await?;
        }
        return Ok(same.id);
    }
    let at = now();
    liaison_assignment::Entity::update_many()
        .col_expr(liaison_assignment::Column::EndedAt, Expr::value(Some(at)))
        .filter(liaison_assignment::Column::TenantId.eq(t))
        .filter(liaison_assignment::Column::Id.is_in(live.iter().map(|a| a.id)))
        .exec(db)
        .await?;
    let new = liaison_assignment::Model {
        tenant_id: t,
        id: new_id(),
        fellow_id: f.id,
        cadre_id: cadre.id,
        level: d.level.code().to_string(),
        cycle_days: d.cycle_days,
        started_at: at,
        ended_at: None,
    };
    liaison_assignment::Entity::insert(liaison_assignment::ActiveModel {
        tenant_id: Set(new.tenant_id),
        id: Set(new.id),
        fellow_id: Set(new.fellow_id),
        cadre_id: Set(new.cadre_id),
        level: Set(new.level.clone()),
        cycle_days: Set(new.cycle_days),
        started_at: Set(new.started_at),
        ended_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    refresh_tokens(db, t, f.id).await?;
    let before: Vec<Value> = live.iter().map(|a| json!({"assignment_id": a.id, "cadre_id": a.cadre_id})).collect();
    let detail = json!({"before": before, "after": image(&new, &cadre.display_name)});
    record(db, t, actor, AuditEvent::new(AuditAction::LiaisonAssign, "fellow", f.id, detail)).await?;
    Ok(new.id)
}

impl Liaison<'_> {
    /// Assigns one cadre to one fellow; returns the live assignment's id.
    pub async fn assign(&self, fellow_id: Uuid, draft: AssignmentDraft) -> StoreResult<Uuid> {
        let mut ids = self.assign_bulk(&[fellow_id], draft).await?;
        Ok(ids.remove(0))
    }

    /// Assigns one cadre to many fellows at one level, all or nothing. Returns
    /// the live assignment ids in the order the fellows were given.
    pub async fn assign_bulk(&self, fellow_ids: &[Uuid], draft: AssignmentDraft) -> StoreResult<Vec<Uuid>> {
        let (store, actor) = (self.store(), self.actor());
        check_cycle(draft.cycle_days)?;
        let mut ids: Vec<Uuid> = Vec::with_capacity(fellow_ids.len());
        for id in fellow_ids {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        if ids.is_empty() {
            return Err(StoreError::invalid("请至少选择一位乡友", "Choose at least one fellow"));
        }
        if ids.len() > MAX_BULK {
            return Err(StoreError::invalid(
                format!("一次最多为{MAX_BULK}位乡友安排联系干部"),
                format!("At most {MAX_BULK} fellows at a time"),
            ));
        }
        let read = actor.scope(Permission::FellowRead)?;
        let write = self.0.need(Permission::LiaisonWrite)?;
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        // Locking the fellows (PostgreSQL; SQLite writers are already serialised)
        // keeps two assigners from both leaving a live assignment at one level.
        let fellows = fellow::Entity::find()
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .filter(visible(&read))
            .lock_exclusive()
            .all(&*tx)
            .await?;
        if fellows.len() != ids.len() {
            return Err(StoreError::NotFound);
        }
        let writable: Vec<Uuid> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .filter(visible(write))
            .into_tuple()
            .all(&*tx)
            .await?;
        if writable.len() != ids.len() || !draft.level.managed_from(actor.unit_level) {
            return Err(StoreError::Forbidden);
        }
        if let Some(f) = fellows.iter().find(|f| f.archived_at.is_some()) {
            return Err(StoreError::invalid(
                format!("乡友{}已归档，不能安排联系", f.name),
                format!("{} is archived", f.name),
            ));
        }
        let cadre = user::Entity::find_by_id((t, draft.cadre_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        if !cadre.active {
            return Err(StoreError::invalid("所选干部的账号已停用", "The chosen cadre's account is disabled"));
        }
        let cadre_unit =
            org_unit::Entity::find_by_id((t, cadre.unit_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let county = county_unit(&*tx, t).await?;
        if let Some(f) = fellows.iter().find(|f| serving_unit(draft.level, f, county.id) != Some(cadre.unit_id)) {
            return Err(misfit(draft.level, f, &cadre_unit.name));
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            let f = fellows.iter().find(|f| f.id == *id).expect("every id was loaded");
            out.push(assign_one(&*tx, actor, f, &cadre, draft).await?);
        }
        tx.commit().await?;
        store.after_bulk_write(out.len() as u64).await;
        Ok(out)
    }

    /// Ends a live assignment now. Returns the fellow it was to.
    pub async fn end(&self, id: Uuid) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let a = liaison_assignment::Entity::find_by_id((t, id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        // The fellow's scope first: another township's assignment is simply not there.
        self.fellows()?.model(a.fellow_id).await?;
        let write = self.0.need(Permission::LiaisonWrite)?;
        let writable = fellow::Entity::find()
            .filter(fellow::Column::Id.eq(a.fellow_id))
            .filter(visible(write))
            .one(&store.db)
            .await?;
        let level = LiaisonLevel::parse(&a.level).unwrap_or(LiaisonLevel::County);
        if writable.is_none() || !level.managed_from(actor.unit_level) {
            return Err(StoreError::Forbidden);
        }
        let ended = || StoreError::conflict("该联系安排已经结束", "This assignment has already ended");
        if a.ended_at.is_some() {
            return Err(ended());
        }
        let tx = store.begin_write().await?;
        let done = liaison_assignment::Entity::update_many()
            .col_expr(liaison_assignment::Column::EndedAt, Expr::value(Some(now())))
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::Id.eq(id))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(ended());
        }
        refresh_tokens(&*tx, t, a.fellow_id).await?;
        let cadre = user::Entity::find_by_id((t, a.cadre_id)).one(&*tx).await?.map(|u| u.display_name);
        let detail = json!({"before": image(&a, &cadre.unwrap_or_default()), "after": null});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::LiaisonEnd, "fellow", a.fellow_id, detail)).await?;
        tx.commit().await?;
        Ok(a.fellow_id)
    }
}
