//! Exporting the fellow list: the same filters and scope as the list page,
//! every field, personal data masked unless the user asks to reveal it and may
//! (`fellow.reveal` covering the fellow). Each export is one audit event.

use super::Fellows;
use super::personal::{PersonalField, shown};
use super::read::{FellowQuery, after, unit_names};
use super::scope::visible;
use crate::StoreResult;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::fellow;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

/// One fellow as an export writes them: display values, in the import's columns.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: Uuid,
    pub name: String,
    /// Where the row stands in the export's order (the next page's cursor).
    pub sort_key: String,
    pub gender: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub township: String,
    pub village: String,
    pub category: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    /// Phone, ID number, WeChat, email: masked unless revealed.
    pub personal: [Option<String>; 4],
    pub tags: Vec<String>,
    pub status: String,
    pub notes: String,
}

impl Fellows<'_> {
    /// A page of the export (in pinyin order, after `q.after`). With `reveal`, the
    /// personal data of the fellows the actor may reveal is written in full.
    pub async fn export_page(&self, q: &FellowQuery, reveal: bool) -> StoreResult<Vec<ExportRow>> {
        let (store, actor) = (self.store(), self.actor());
        let mut find = q.apply(self.visible(Permission::FellowRead)?, actor.tenant_id);
        find = after(find, fellow::Column::SortKey, &q.after);
        let rows = find
            .order_by_asc(fellow::Column::SortKey)
            .order_by_asc(fellow::Column::Id)
            .limit(q.limit.clamp(1, 5_000))
            .all(&store.db)
            .await?;
        let revealable: HashSet<Uuid> = if reveal && !rows.is_empty() {
            let scope = self.0.also(Permission::FellowReveal)?;
            fellow::Entity::find()
                .select_only()
                .column(fellow::Column::Id)
                .filter(visible(&scope))
                .filter(fellow::Column::Id.is_in(rows.iter().map(|f| f.id)))
                .into_tuple::<Uuid>()
                .all(&store.db)
                .await?
                .into_iter()
                .collect()
        } else {
            HashSet::new()
        };
        let units = rows.iter().flat_map(|f| [f.township_id, f.village_id]).flatten().collect();
        let names = unit_names(&store.db, actor.tenant_id, units).await?;
        let key = store.field_key()?;
        let name_of = |id: Option<Uuid>| id.and_then(|u| names.get(&u).cloned()).unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|f| {
                let full = revealable.contains(&f.id);
                let personal = PersonalField::ALL.map(|field| {
                    if full { field.sealed(&f).and_then(|s| key.decrypt(s)) } else { shown(key, &f, field) }
                });
                ExportRow {
                    id: f.id,
                    sort_key: f.sort_key.clone(),
                    township: name_of(f.township_id),
                    village: name_of(f.village_id),
                    tags: f.tags.split_whitespace().map(str::to_string).collect(),
                    personal,
                    name: f.name,
                    gender: f.gender,
                    birth_date: f.birth_date,
                    category: f.category,
                    province: f.province,
                    city: f.city,
                    district: f.district,
                    employer: f.employer,
                    title: f.title,
                    industry: f.industry,
                    status: f.status,
                    notes: f.notes,
                }
            })
            .collect())
    }

    /// Records that `actor` exported `rows` fellows (`filters` as given), and
    /// whether personal data was revealed.
    pub async fn record_export(&self, filters: serde_json::Value, rows: usize, revealed: bool) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowRead)?;
        let tx = store.begin_write().await?;
        let detail = json!({"rows": rows, "revealed": revealed, "filters": filters});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::FellowExport, "tenant", actor.tenant_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
