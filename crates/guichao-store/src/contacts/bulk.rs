//! The system handle's bulk loader of contacts (the demo county, benchmarks,
//! imports of old contact logs): many records with their fellows, cadres,
//! pairs and follow-ups as multi-row inserts in one transaction and one
//! audit event.

use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{contact_cadre, contact_fellow, contact_pair, contact_record, followup};
use crate::fellows::insert_models;
use crate::{StoreError, StoreResult, now};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactDraft;
use serde_json::json;
use uuid::Uuid;

/// One contact to write, by `author_id` (a user of the tenant).
#[derive(Debug, Clone)]
pub struct BulkContact {
    pub draft: ContactDraft,
    pub author_id: Uuid,
}

/// What a bulk call wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkContactCounts {
    pub contacts: usize,
    pub pairs: usize,
    pub followups: usize,
}

impl crate::System<'_> {
    /// Writes `rows` in one transaction; returns what was written. Every row
    /// keeps the rules of [`ContactDraft::check`]; a bad row, or a fellow,
    /// cadre, chamber or author that is not the tenant's (the foreign keys),
    /// fails the whole call and nothing is written. Fellows' scope is not
    /// asked: no signed-in user is writing.
    pub async fn insert_contacts(&self, tenant_id: Uuid, rows: &[BulkContact]) -> StoreResult<BulkContactCounts> {
        if rows.is_empty() {
            return Ok(BulkContactCounts::default());
        }
        let (t, at, day) = (tenant_id, now(), today());
        let mut records = Vec::with_capacity(rows.len());
        let (mut fellows, mut cadres, mut pairs, mut followups) = (vec![], vec![], vec![], vec![]);
        for (i, row) in rows.iter().enumerate() {
            let d = row.draft.check(day).map_err(|errors| {
                let m = StoreError::joined(&errors);
                StoreError::invalid(format!("第{}条：{}", i + 1, m.zh), format!("Row {}: {}", i + 1, m.en))
            })?;
            let id = new_id();
            records.push(contact_record::Model {
                tenant_id: t,
                id,
                kind: d.kind.code().to_string(),
                contact_date: d.date,
                place: d.place.clone(),
                chamber_id: d.chamber_id,
                notes: d.notes.clone(),
                outcome: d.outcome.clone(),
                author_id: row.author_id,
                created_at: at,
                updated_at: at,
                deleted_at: None,
                deleted_by: None,
            });
            for f in &d.fellow_ids {
                fellows.push(contact_fellow::Model {
                    tenant_id: t,
                    contact_id: id,
                    fellow_id: *f,
                    contact_date: d.date,
                });
                for c in &d.cadre_ids {
                    pairs.push(contact_pair::Model {
                        tenant_id: t,
                        contact_id: id,
                        fellow_id: *f,
                        cadre_id: *c,
                        contact_date: d.date,
                    });
                }
            }
            cadres.extend(d.cadre_ids.iter().map(|c| contact_cadre::Model {
                tenant_id: t,
                contact_id: id,
                user_id: *c,
            }));
            if let Some(f) = d.follow_up {
                followups.push(followup::Model {
                    tenant_id: t,
                    id: new_id(),
                    contact_id: id,
                    what: f.what,
                    owner_id: f.owner_id,
                    due: f.due,
                    done_at: None,
                    done_by: None,
                    result: String::new(),
                });
            }
        }
        let tx = self.begin_write().await?;
        insert_models(&*tx, &records).await?;
        insert_models(&*tx, &fellows).await?;
        insert_models(&*tx, &cadres).await?;
        insert_models(&*tx, &pairs).await?;
        insert_models(&*tx, &followups).await?;
        let counts = BulkContactCounts { contacts: records.len(), pairs: pairs.len(), followups: followups.len() };
        let detail = json!({"contacts": counts.contacts, "followups": counts.followups});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, t, who, AuditEvent::new(AuditAction::ContactBulkInsert, "tenant", t, detail)).await?;
        tx.commit().await?;
        Ok(counts)
    }
}
