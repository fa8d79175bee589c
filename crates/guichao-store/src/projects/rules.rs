//! The county's counting rules (统计口径) as stored: read by every reader of
//! the figures, set only by a writer whose reach is the whole county.

use super::Projects;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::project_counting_rules as row;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::projects::{CountingRules, MAX_FEN, ProjectKind};
use guichao_domain::text::TextField;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

/// The prefecture city's name, e.g. 岳阳.
const HOME_CITY: TextField = TextField::line("所在地级市", "home city", 20);

fn rules_of(r: row::Model) -> CountingRules {
    CountingRules {
        min_investment_fen: r.min_investment_fen,
        excluded_kinds: r.excluded_kinds.split(',').filter_map(ProjectKind::parse).collect(),
        outside_city_only: r.outside_city_only,
        home_city: r.home_city,
    }
}

/// The rules of `tenant_id`; none set means every project counts.
pub(super) async fn rules_in(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<CountingRules> {
    Ok(row::Entity::find_by_id(tenant_id).one(db).await?.map(rules_of).unwrap_or_default())
}

impl Projects<'_> {
    /// The county's counting rules.
    pub async fn counting_rules(&self) -> StoreResult<CountingRules> {
        let read = self.0.need(Permission::ProjectRead)?;
        rules_in(&self.store().db, read.tenant_id()).await
    }

    /// Sets the county's counting rules: a writer for the whole county only.
    pub async fn set_counting_rules(&self, rules: CountingRules) -> StoreResult<()> {
        let write = self.0.need(Permission::ProjectWrite)?;
        if write.reach() != DataScope::Tenant {
            return Err(StoreError::Forbidden);
        }
        if !(0..=MAX_FEN).contains(&rules.min_investment_fen) {
            return Err(StoreError::field(
                "min_investment_fen",
                "最低投资额应在0到1万亿元之间",
                "The minimum investment is 0 to 1 trillion yuan",
            ));
        }
        let home_city = HOME_CITY.check(&rules.home_city).map_err(|message| {
            StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "home_city", message }])
        })?;
        if rules.outside_city_only && home_city.is_empty() {
            return Err(StoreError::field(
                "home_city",
                "只计市外投资时，请填写本县所在的地级市",
                "Give the county's city to count only investment from outside it",
            ));
        }
        let actor = self.actor();
        let mut kinds: Vec<&str> = rules.excluded_kinds.iter().map(|k| k.code()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let tx = self.store().begin_write().await?;
        let before = rules_in(&*tx, actor.tenant_id).await?;
        let model = row::Model {
            tenant_id: actor.tenant_id,
            min_investment_fen: rules.min_investment_fen,
            excluded_kinds: kinds.join(","),
            outside_city_only: rules.outside_city_only,
            home_city,
            updated_by: Some(actor.user_id),
            updated_at: now(),
        };
        row::Entity::delete_by_id(actor.tenant_id).exec(&*tx).await?;
        row::Entity::insert(row::ActiveModel::from(model.clone())).exec(&*tx).await?;
        let image = |r: &CountingRules| {
            let kinds: Vec<&str> = r.excluded_kinds.iter().map(|k| k.code()).collect();
            json!({"min_investment_fen": r.min_investment_fen, "excluded_kinds": kinds,
                   "outside_city_only": r.outside_city_only, "home_city": r.home_city})
        };
        let detail = json!({"before": image(&before), "after": image(&rules_of(model))});
        let event = AuditEvent::new(AuditAction::ProjectRules, "tenant", actor.tenant_id, detail);
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }
}
