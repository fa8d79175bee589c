//! New market entities by township, year and kind: a year's figures from
//! the market-regulation bureau's sheet written in one transaction (a
//! township and kind given again replaces its count, before and after in
//! the audit), and the records the reader sees for the domain's yearly
//! table.

use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::market_entity;
use crate::funds::Funds;
use crate::{StoreError, StoreResult, now};
use guichao_domain::funds::market::{EntityKind, Registered};
use guichao_domain::ids::new_id;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

/// The most entities one township registers of a kind in a year.
pub const MAX_COUNT: i64 = 1_000_000;

/// Where a sheet's existing records are: (township, year, kind).
pub type EntityKey = (Uuid, i32, EntityKind);

impl Funds<'_> {
    /// Writes `records` (each a township's count of a kind for a year), all
    /// or none, in one audited event naming `source`; a key recorded already
    /// has its count replaced. Answers (added, replaced).
    pub async fn import_entities(
        &self,
        records: Vec<Registered<Uuid>>,
        source: serde_json::Value,
    ) -> StoreResult<(usize, usize)> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let townships: std::collections::HashSet<Uuid> =
            self.units().await?.into_iter().skip(1).map(|(id, _)| id).collect();
        for r in &records {
            if !townships.contains(&r.township) || r.count < 0 || r.count > MAX_COUNT || r.year < 2000 {
                return Err(StoreError::field("count", "乡镇、年度或户数有误", "A township, year or count is wrong"));
            }
        }
        let tx = store.begin_write().await?;
        let (mut added, mut replaced, mut changes) = (0, 0, Vec::new());
        for r in &records {
            let found = market_entity::Entity::find()
                .filter(market_entity::Column::TenantId.eq(t))
                .filter(market_entity::Column::TownshipId.eq(r.township))
                .filter(market_entity::Column::Year.eq(r.year))
                .filter(market_entity::Column::Kind.eq(r.kind.code()))
                .one(&*tx)
                .await?;
            match found {
                Some(old) if old.registered == r.count => {}
                Some(old) => {
                    changes.push(json!({"township": r.township, "year": r.year, "kind": r.kind.code(),
                        "before": old.registered, "after": r.count}));
                    let mut m: market_entity::ActiveModel = old.into();
                    m.registered = Set(r.count);
                    m.update(&*tx).await?;
                    replaced += 1;
                }
                None => {
                    let row = market_entity::Model {
                        tenant_id: t,
                        id: new_id(),
                        township_id: r.township,
                        year: r.year,
                        kind: r.kind.code().into(),
                        registered: r.count,
                        created_by: Some(actor.user_id),
                        created_at: now(),
                    };
                    market_entity::Entity::insert(market_entity::ActiveModel::from(row))
                        .exec_without_returning(&*tx)
                        .await?;
                    added += 1;
                }
            }
        }
        let total: i64 = records.iter().map(|r| r.count).sum();
        let mut detail = json!({"records": records.len(), "added": added, "replaced": replaced,
            "entities": total, "changes": changes});
        if let (Some(d), Some(src)) = (detail.as_object_mut(), source.as_object()) {
            d.extend(src.clone());
        }
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EntityImport, "market_entity", Uuid::nil(), detail))
            .await?;
        tx.commit().await?;
        Ok((added, replaced))
    }

    /// Every record of new entities in the townships the reader sees.
    pub async fn entity_records(&self) -> StoreResult<Vec<Registered<Uuid>>> {
        let rows = market_entity::Entity::find()
            .filter(self.reading().units_condition(market_entity::Column::TenantId, market_entity::Column::TownshipId))
            .all(&self.store().db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|m| {
                Some(Registered {
                    township: m.township_id,
                    year: m.year,
                    kind: EntityKind::parse(&m.kind)?,
                    count: m.registered,
                })
            })
            .collect())
    }
}
