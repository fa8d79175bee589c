//! When a fellow's home changes, the cadres who served the old home stop
//! serving them: every live assignment whose serving unit (the township at
//! the township level, the village at the village level) is no longer the
//! fellow's ends in the same transaction as the edit, dated and audited, and
//! the old cadres lose sight of the fellow with it.

use super::assign::{county_unit, image};
use super::serving_unit;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, liaison_assignment, user};
use crate::{Actor, StoreResult, now};
use guichao_domain::liaison::LiaisonLevel;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Ends the live assignments of `before` that no longer fit `after` (the same
/// fellow, edited). Returns how many ended. The caller refreshes the fellow's
/// scope tokens afterwards.
pub(crate) async fn end_moved(
    db: &impl ConnectionTrait,
    actor: &Actor,
    before: &fellow::Model,
    after: &fellow::Model,
) -> StoreResult<usize> {
    if (before.township_id, before.village_id) == (after.township_id, after.village_id) {
        return Ok(0);
    }
    let t = actor.tenant_id;
    let county = county_unit(db, t).await?.id;
    let live = liaison_assignment::Entity::find()
        .filter(liaison_assignment::Column::TenantId.eq(t))
        .filter(liaison_assignment::Column::FellowId.eq(before.id))
        .filter(liaison_assignment::Column::EndedAt.is_null())
        .all(db)
        .await?;
    let moved: Vec<_> = live
        .into_iter()
        .filter(|a| {
            let level = LiaisonLevel::parse(&a.level).unwrap_or(LiaisonLevel::Village);
            serving_unit(level, before, county) != serving_unit(level, after, county)
        })
        .collect();
    let at = now();
    for a in &moved {
        liaison_assignment::Entity::update_many()
            .col_expr(liaison_assignment::Column::EndedAt, Expr::value(Some(at)))
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::Id.eq(a.id))
            .exec(db)
            .await?;
        let cadre = user::Entity::find_by_id((t, a.cadre_id)).one(db).await?.map(|u| u.display_name);
        let detail = json!({"before": image(a, &cadre.unwrap_or_default()), "after": null, "reason": "moved"});
        record(db, t, actor, AuditEvent::new(AuditAction::LiaisonEnd, "fellow", before.id, detail)).await?;
    }
    Ok(moved.len())
}
