//! Exporting a node's matches: every match in rank order with the columns
//! the page shows and the phone, masked unless the actor asks to reveal it
//! and may (`fellow.reveal` covering the fellow), as the fellow export does.
//! Each export is one audit event (the fellow export's action).

use super::Chains;
use super::matches::{MAX_MATCH_PAGE, MatchQuery, NodeMatch};
use crate::StoreResult;
use crate::entities::fellow;
use crate::fellows::PersonalField;
use crate::fellows::scope::visible;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The most rows one export holds (a spreadsheet's worth of targets).
pub const MAX_EXPORT_ROWS: u64 = 100_000;

/// One match as the export writes it.
#[derive(Debug, Clone)]
pub struct MatchExportRow {
    pub rank: u64,
    pub row: NodeMatch,
    /// Masked unless revealed.
    pub phone: Option<String>,
}

impl Chains<'_> {
    /// Every match of the node in `city` (as [`Chains::matches`] ranks
    /// them), with phones in full where `reveal` is asked and allowed;
    /// recorded as one export. `Forbidden` when `reveal` is asked without
    /// `fellow.reveal`.
    pub async fn export_matches(&self, node_id: Uuid, city: &str, reveal: bool) -> StoreResult<Vec<MatchExportRow>> {
        let (store, actor) = (self.store(), self.actor());
        let reveal_scope = if reveal { Some(actor.scope(Permission::FellowReveal)?) } else { None };
        let mut out: Vec<MatchExportRow> = Vec::new();
        let mut q = MatchQuery { city: city.to_string(), offset: 0, limit: MAX_MATCH_PAGE };
        loop {
            let page = self.matches(node_id, &q).await?;
            let n = page.rows.len() as u64;
            let ids: Vec<Uuid> = page.rows.iter().map(|r| r.fellow.id).collect();
            let sealed = phones(store, actor.tenant_id(), &ids).await?;
            let revealable: HashSet<Uuid> = match &reveal_scope {
                Some(scope) if !ids.is_empty() => fellow::Entity::find()
                    .filter(visible(scope))
                    .filter(fellow::Column::Id.is_in(ids.clone()))
                    .all(&store.db)
                    .await?
                    .into_iter()
                    .map(|f| f.id)
                    .collect(),
                _ => HashSet::new(),
            };
            let key = store.field_key()?;
            for row in page.rows {
                let plain = sealed.get(&row.fellow.id).and_then(|s| key.decrypt(s));
                let phone =
                    plain.map(|p| if revealable.contains(&row.fellow.id) { p } else { PersonalField::Phone.mask(&p) });
                out.push(MatchExportRow { rank: out.len() as u64 + 1, row, phone });
            }
            q.offset += n;
            if n < MAX_MATCH_PAGE || q.offset >= MAX_EXPORT_ROWS {
                break;
            }
        }
        let filters = json!({"chain_node": node_id, "city": city});
        store.fellows(actor, Permission::FellowRead)?.record_export(filters, out.len(), reveal).await?;
        Ok(out)
    }
}

/// The sealed phones of the fellows `ids`.
async fn phones(store: &crate::Store, tenant_id: Uuid, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(fellow::Entity::find()
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .filter(fellow::Column::Id.is_in(ids.iter().copied()))
        .all(&store.db)
        .await?
        .into_iter()
        .filter_map(|f| PersonalField::Phone.sealed(&f).map(|s| (f.id, s.to_string())))
        .collect())
}
