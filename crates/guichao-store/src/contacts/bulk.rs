//! Many contacts at once (the demo county, benchmarks, imports of old
//! contact logs): records with their fellows, cadres, pairs and follow-ups
//! as multi-row inserts in one transaction and one audit event. The system
//! handle's loader is here; the scoped import of a user is in `import`.

use super::facts;
#[cfg(feature = "system")]
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{contact_cadre, contact_fellow, contact_pair, contact_record, followup};
use crate::fellows::{insert_models, size_cache};
use crate::{StoreError, StoreResult, now};
#[cfg(feature = "system")]
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactDraft;
use sea_orm::{ConnectionTrait, DbBackend};
#[cfg(feature = "system")]
use serde_json::json;
use std::collections::BTreeSet;
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

/// The rows of the tables a batch of contacts fills.
#[derive(Default)]
pub(super) struct Batch {
    tenant_id: Uuid,
    records: Vec<contact_record::Model>,
    fellows: Vec<contact_fellow::Model>,
    cadres: Vec<contact_cadre::Model>,
    pairs: Vec<contact_pair::Model>,
    followups: Vec<followup::Model>,
}

impl Batch {
    /// The rows of `rows` checked by [`ContactDraft::check`] on `day`; the
    /// first bad row fails the batch, named by its place in `rows`.
    pub(super) fn build(t: Uuid, rows: &[BulkContact], day: chrono::NaiveDate) -> StoreResult<Batch> {
        let at = now();
        let mut b = Batch { tenant_id: t, ..Batch::default() };
        for (i, row) in rows.iter().enumerate() {
            let d = row.draft.check(day).map_err(|errors| {
                let m = StoreError::joined(&errors);
                StoreError::invalid(format!("第{}条：{}", i + 1, m.zh), format!("Row {}: {}", i + 1, m.en))
            })?;
            let id = new_id();
            b.records.push(contact_record::Model {
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
                b.fellows.push(contact_fellow::Model {
                    tenant_id: t,
                    contact_id: id,
                    fellow_id: *f,
                    contact_date: d.date,
                });
                for c in &d.cadre_ids {
                    b.pairs.push(contact_pair::Model {
                        tenant_id: t,
                        contact_id: id,
                        fellow_id: *f,
                        cadre_id: *c,
                        contact_date: d.date,
                    });
                }
            }
            b.cadres.extend(d.cadre_ids.iter().map(|c| contact_cadre::Model {
                tenant_id: t,
                contact_id: id,
                user_id: *c,
            }));
            if let Some(f) = d.follow_up {
                b.followups.push(followup::Model {
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
        Ok(b)
    }

    /// Writes the batch inside the caller's transaction; returns what it wrote.
    /// The liaison facts of the batch's fellows are set once a fellow after
    /// the pairs are in, not once a pair by the trigger.
    pub(super) async fn write(&self, db: &impl ConnectionTrait) -> StoreResult<BulkContactCounts> {
        if db.get_database_backend() == DbBackend::Sqlite {
            let rows = self.records.len() + self.fellows.len() + self.cadres.len() + self.pairs.len();
            size_cache(db, rows).await?;
        }
        let set_aside = facts::set_aside(db, facts::PAIR_INSERTED).await?;
        insert_models(db, &self.records).await?;
        insert_models(db, &self.fellows).await?;
        insert_models(db, &self.cadres).await?;
        insert_models(db, &self.pairs).await?;
        insert_models(db, &self.followups).await?;
        if let Some(set_aside) = set_aside {
            let fellows: BTreeSet<Uuid> = self.pairs.iter().map(|p| p.fellow_id).collect();
            facts::settle(db, self.tenant_id, &fellows, set_aside).await?;
        }
        let fellows: Vec<Uuid> = self.fellows.iter().map(|f| f.fellow_id).collect();
        crate::campaigns::kept::recount_fellows(db, self.tenant_id, &fellows).await?;
        Ok(BulkContactCounts { contacts: self.records.len(), pairs: self.pairs.len(), followups: self.followups.len() })
    }
}

#[cfg(feature = "system")]
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
        let batch = Batch::build(tenant_id, rows, today())?;
        let tx = self.begin_write().await?;
        let counts = batch.write(&*tx).await?;
        let detail = json!({"contacts": counts.contacts, "followups": counts.followups});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::ContactBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        self.after_bulk_write(counts.contacts as u64).await;
        Ok(counts)
    }
}
