//! Chamber membership: a fellow joins a chamber with a position and a date, and
//! leaves on a date (a membership is ended, never deleted: it is history).
//!
//! Members are fellows, so the fellow's scope rules first: a fellow the actor
//! may not see answers `NotFound` before any permission is looked at, so the
//! answer tells nothing about other townships' fellows.

use super::Chambers;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::chamber_member;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::chambers::{MemberPosition, check_joined, check_left};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

impl Chambers<'_> {
    /// Records that a fellow is a member of a chamber. The actor needs
    /// `chamber.write` and must be able to write the fellow.
    pub async fn add_member(
        &self,
        chamber_id: Uuid,
        fellow_id: Uuid,
        position: MemberPosition,
        since: Option<NaiveDate>,
    ) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let chamber = self.named(chamber_id).await?;
        self.fellows(Permission::FellowRead)?.model(fellow_id).await?;
        self.0.need(Permission::ChamberWrite)?;
        if !self.keeps_members(chamber_id).await? {
            return Err(StoreError::Forbidden);
        }
        check_joined(since, today()).map_err(StoreError::Invalid)?;
        let tx = store.begin_write().await?;
        let live = chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(actor.tenant_id))
            .filter(chamber_member::Column::ChamberId.eq(chamber_id))
            .filter(chamber_member::Column::FellowId.eq(fellow_id))
            .filter(chamber_member::Column::Until.is_null())
            .count(&*tx)
            .await?;
        if live > 0 {
            return Err(StoreError::conflict(
                "该乡友已是本商会会员",
                "This fellow is already a member of this chamber",
            ));
        }
        let id = new_id();
        chamber_member::Entity::insert(chamber_member::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(id),
            chamber_id: Set(chamber_id),
            fellow_id: Set(fellow_id),
            position: Set(position.code().to_string()),
            since: Set(since),
            until: Set(None),
        })
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({"after": {
            "member_id": id, "chamber_id": chamber_id, "chamber": chamber, "position": position.code(), "since": since,
        }});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::ChamberMemberAdd, "fellow", fellow_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Ends a membership on `until`.
    pub async fn end_membership(&self, member_id: Uuid, until: NaiveDate) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let m = chamber_member::Entity::find_by_id((actor.tenant_id, member_id))
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.fellows(Permission::FellowRead)?.model(m.fellow_id).await?;
        self.0.need(Permission::ChamberWrite)?;
        if !self.keeps_members(m.chamber_id).await? {
            return Err(StoreError::Forbidden);
        }
        if m.until.is_some() {
            return Err(StoreError::conflict("该会员资格已经结束", "This membership has already ended"));
        }
        check_left(m.since, until).map_err(StoreError::Invalid)?;
        let tx = store.begin_write().await?;
        // Only a live membership is ended, so two people ending it at once end it once.
        let done = chamber_member::Entity::update_many()
            .col_expr(chamber_member::Column::Until, Expr::value(Some(until)))
            .filter(chamber_member::Column::TenantId.eq(actor.tenant_id))
            .filter(chamber_member::Column::Id.eq(member_id))
            .filter(chamber_member::Column::Until.is_null())
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(StoreError::conflict("该会员资格已经结束", "This membership has already ended"));
        }
        let detail = json!({
            "member_id": member_id, "chamber_id": m.chamber_id,
            "before": {"until": null}, "after": {"until": until},
        });
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::ChamberMemberEnd, "fellow", m.fellow_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A chamber's name, for an actor who may read chambers; `NotFound` for an
    /// unknown id.
    async fn named(&self, chamber_id: Uuid) -> StoreResult<String> {
        let (store, actor) = (self.store(), self.actor());
        crate::entities::chamber::Entity::find_by_id((actor.tenant_id, chamber_id))
            .one(&store.db)
            .await?
            .map(|c| c.name)
            .ok_or(StoreError::NotFound)
    }
}
