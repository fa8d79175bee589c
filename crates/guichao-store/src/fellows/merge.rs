//! Merging two records of one person, and undoing it. The kept record gains the
//! dropped one's links (companies, chambers, assignments, relations, roles held)
//! and any field it lacked; the dropped record is archived with `merged_into`.
//! The merge event lists exactly what moved and what was filled, which is what
//! `unmerge_fellow` reads back to undo it.

use super::Fellows;
use super::links::refresh_search;
use super::scope::refresh_tokens;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{
    audit_event, chamber_member, fellow, fellow_company, fellow_relation, fellow_role, liaison_assignment,
};
use crate::{StoreError, StoreResult, WriteTx, now};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a merge changed, stored in its audit event.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Moved {
    keep: Uuid,
    drop: Uuid,
    companies: Vec<Uuid>,
    memberships: Vec<Uuid>,
    assignments: Vec<Uuid>,
    /// The dropped record's live assignments at levels the kept one already had.
    ended_assignments: Vec<Uuid>,
    relations: Vec<Uuid>,
    /// Relations between the two records themselves, removed by the merge.
    removed_relations: Vec<(Uuid, Uuid, Uuid, String, String)>,
    roles: Vec<Uuid>,
    /// Fields of the kept record that were empty and took the dropped one's value.
    filled: Vec<String>,
}

/// Fills the kept record's empty fields from the dropped one; returns their names.
fn fill(keep: &mut fellow::Model, drop: &fellow::Model) -> Vec<String> {
    let mut filled = Vec::new();
    macro_rules! take {
        ($($field:ident),*) => {$(
            if keep.$field.is_none() && drop.$field.is_some() {
                keep.$field = drop.$field.clone();
                filled.push(stringify!($field).to_string());
            }
        )*};
    }
    take!(
        gender,
        birth_date,
        birth_year,
        phone_enc,
        phone_idx,
        id_number_enc,
        id_number_idx,
        wechat_enc,
        wechat_idx,
        email_enc,
        email_idx
    );
    macro_rules! take_text {
        ($($field:ident),*) => {$(
            if keep.$field.is_empty() && !drop.$field.is_empty() {
                keep.$field = drop.$field.clone();
                filled.push(stringify!($field).to_string());
            }
        )*};
    }
    take_text!(province, city, district, employer, title, industry);
    filled
}

/// Clears the fields a merge filled, where they still hold the merged value.
fn unfill(keep: &mut fellow::Model, drop: &fellow::Model, filled: &[String]) {
    for name in filled {
        macro_rules! clear {
            ($($field:ident),*) => { match name.as_str() {
                $(stringify!($field) if keep.$field == drop.$field => keep.$field = None,)*
                "province" if keep.province == drop.province => keep.province.clear(),
                "city" if keep.city == drop.city => keep.city.clear(),
                "district" if keep.district == drop.district => keep.district.clear(),
                "employer" if keep.employer == drop.employer => keep.employer.clear(),
                "title" if keep.title == drop.title => keep.title.clear(),
                "industry" if keep.industry == drop.industry => keep.industry.clear(),
                _ => {}
            }};
        }
        clear!(
            gender,
            birth_date,
            birth_year,
            phone_enc,
            phone_idx,
            id_number_enc,
            id_number_idx,
            wechat_enc,
            wechat_idx,
            email_enc,
            email_idx
        );
    }
}

async fn save(tx: &WriteTx, f: fellow::Model) -> StoreResult<()> {
    let mut active = fellow::ActiveModel::from(f).reset_all();
    active.created_at = sea_orm::ActiveValue::NotSet;
    fellow::Entity::update(active).exec(&**tx).await?;
    Ok(())
}

macro_rules! move_rows {
    ($tx:expr, $entity:ident, $col:ident, $t:expr, $ids:expr, $to:expr) => {
        $entity::Entity::update_many()
            .col_expr($entity::Column::$col, Expr::value($to))
            .filter($entity::Column::TenantId.eq($t))
            .filter($entity::Column::Id.is_in($ids.iter().copied()))
            .exec(&*$tx)
            .await?
    };
}

impl Fellows<'_> {
    /// Merges `drop` into `keep`. Both must be records the actor may write.
    pub async fn merge(&self, keep: Uuid, drop: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        if keep == drop {
            return Err(StoreError::invalid("不能把记录合并到它自己", "A record cannot be merged into itself"));
        }
        let mut kept = self.writable(keep).await?;
        let dropped = self.writable(drop).await?;
        if kept.archived_at.is_some() || dropped.archived_at.is_some() {
            return Err(StoreError::invalid("已归档的记录不能合并", "Archived records cannot be merged"));
        }
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let mut moved = Moved { keep, drop, ..Default::default() };
        let ids = |rows: Vec<Uuid>| rows;
        moved.companies = ids(fellow_company::Entity::find()
            .filter(fellow_company::Column::TenantId.eq(t))
            .filter(fellow_company::Column::FellowId.eq(drop))
            .all(&*tx)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect());
        moved.memberships = ids(chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(t))
            .filter(chamber_member::Column::FellowId.eq(drop))
            .all(&*tx)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect());
        moved.roles = ids(fellow_role::Entity::find()
            .filter(fellow_role::Column::TenantId.eq(t))
            .filter(fellow_role::Column::FellowId.eq(drop))
            .all(&*tx)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect());
        let kept_levels: Vec<String> = liaison_assignment::Entity::find()
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::FellowId.eq(keep))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .all(&*tx)
            .await?
            .into_iter()
            .map(|a| a.level)
            .collect();
        for a in liaison_assignment::Entity::find()
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::FellowId.eq(drop))
            .all(&*tx)
            .await?
        {
            if a.ended_at.is_none() && kept_levels.contains(&a.level) {
                moved.ended_assignments.push(a.id);
            } else {
                moved.assignments.push(a.id);
            }
        }
        for r in fellow_relation::Entity::find()
            .filter(fellow_relation::Column::TenantId.eq(t))
            .filter(
                Condition::any()
                    .add(fellow_relation::Column::FellowA.eq(drop))
                    .add(fellow_relation::Column::FellowB.eq(drop)),
            )
            .all(&*tx)
            .await?
        {
            if r.fellow_a == keep || r.fellow_b == keep {
                moved.removed_relations.push((r.id, r.fellow_a, r.fellow_b, r.kind, r.note));
            } else {
                moved.relations.push(r.id);
            }
        }
        move_rows!(tx, fellow_company, FellowId, t, moved.companies, keep);
        move_rows!(tx, chamber_member, FellowId, t, moved.memberships, keep);
        move_rows!(tx, fellow_role, FellowId, t, moved.roles, keep);
        move_rows!(tx, liaison_assignment, FellowId, t, moved.assignments, keep);
        move_rows!(tx, liaison_assignment, EndedAt, t, moved.ended_assignments, Some(now()));
        for col in [fellow_relation::Column::FellowA, fellow_relation::Column::FellowB] {
            fellow_relation::Entity::update_many()
                .col_expr(col, Expr::value(keep))
                .filter(fellow_relation::Column::TenantId.eq(t))
                .filter(fellow_relation::Column::Id.is_in(moved.relations.iter().copied()))
                .filter(col.eq(drop))
                .exec(&*tx)
                .await?;
        }
        fellow_relation::Entity::delete_many()
            .filter(fellow_relation::Column::TenantId.eq(t))
            .filter(fellow_relation::Column::Id.is_in(moved.removed_relations.iter().map(|r| r.0)))
            .exec(&*tx)
            .await?;
        moved.filled = fill(&mut kept, &dropped);
        kept.version += 1;
        kept.updated_at = now();
        save(&tx, kept).await?;
        fellow::Entity::update_many()
            .col_expr(fellow::Column::ArchivedAt, Expr::value(Some(now())))
            .col_expr(fellow::Column::MergedInto, Expr::value(Some(keep)))
            .col_expr(fellow::Column::Version, Expr::value(dropped.version + 1))
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.eq(drop))
            .exec(&*tx)
            .await?;
        for id in [keep, drop] {
            refresh_tokens(&*tx, t, id).await?;
            refresh_search(&*tx, t, id).await?;
        }
        let detail = serde_json::to_value(&moved).expect("serialisable");
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FellowMerge, "fellow", drop, detail)).await?;
        tx.commit().await?;
        store.after_bulk_write(2).await;
        Ok(())
    }

    /// Undoes the merge of `drop` (a record merged into another), from the merge's
    /// audit event.
    pub async fn unmerge(&self, drop: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let dropped = self.writable(drop).await?;
        let Some(keep) = dropped.merged_into else {
            return Err(StoreError::invalid("该记录没有被合并", "This record was not merged"));
        };
        let mut kept = self.writable(keep).await?;
        let t = actor.tenant_id;
        let event = audit_event::Entity::find()
            .filter(audit_event::Column::TenantId.eq(t))
            .filter(audit_event::Column::Action.eq("fellow.merge"))
            .filter(audit_event::Column::TargetType.eq("fellow"))
            .filter(audit_event::Column::TargetId.eq(drop.to_string()))
            .order_by_desc(audit_event::Column::Seq)
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let moved: Moved =
            serde_json::from_str(&event.detail).map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
        if moved.keep != keep {
            return Err(StoreError::conflict(
                "合并记录与当前数据不一致，无法撤销",
                "The merge record does not match; cannot undo",
            ));
        }
        let tx = store.begin_write().await?;
        move_rows!(tx, fellow_company, FellowId, t, moved.companies, drop);
        move_rows!(tx, chamber_member, FellowId, t, moved.memberships, drop);
        move_rows!(tx, fellow_role, FellowId, t, moved.roles, drop);
        move_rows!(tx, liaison_assignment, FellowId, t, moved.assignments, drop);
        move_rows!(
            tx,
            liaison_assignment,
            EndedAt,
            t,
            moved.ended_assignments,
            Option::<chrono::DateTime<chrono::Utc>>::None
        );
        for col in [fellow_relation::Column::FellowA, fellow_relation::Column::FellowB] {
            fellow_relation::Entity::update_many()
                .col_expr(col, Expr::value(drop))
                .filter(fellow_relation::Column::TenantId.eq(t))
                .filter(fellow_relation::Column::Id.is_in(moved.relations.iter().copied()))
                .filter(col.eq(keep))
                .exec(&*tx)
                .await?;
        }
        for (id, a, b, kind, note) in &moved.removed_relations {
            fellow_relation::ActiveModel {
                tenant_id: sea_orm::ActiveValue::Set(t),
                id: sea_orm::ActiveValue::Set(*id),
                fellow_a: sea_orm::ActiveValue::Set(*a),
                fellow_b: sea_orm::ActiveValue::Set(*b),
                kind: sea_orm::ActiveValue::Set(kind.clone()),
                note: sea_orm::ActiveValue::Set(note.clone()),
            }
            .insert(&*tx)
            .await?;
        }
        unfill(&mut kept, &dropped, &moved.filled);
        kept.version += 1;
        kept.updated_at = now();
        save(&tx, kept).await?;
        fellow::Entity::update_many()
            .col_expr(fellow::Column::ArchivedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .col_expr(fellow::Column::MergedInto, Expr::value(Option::<Uuid>::None))
            .col_expr(fellow::Column::Version, Expr::value(dropped.version + 1))
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.eq(drop))
            .exec(&*tx)
            .await?;
        for id in [keep, drop] {
            refresh_tokens(&*tx, t, id).await?;
            refresh_search(&*tx, t, id).await?;
        }
        let detail = serde_json::json!({"keep": keep, "drop": drop, "merge_event": event.seq});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FellowUnmerge, "fellow", drop, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
