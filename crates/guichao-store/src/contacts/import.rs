//! Importing a county's old contact log as a signed-in user (`guichao import
//! contacts --as USER`): the fellows, cadres and townships the rows are
//! matched against, the phone look-up by blind index (as the fellow import
//! finds duplicates), and the write of every accepted row in one transaction
//! with one audit event, or nothing.

use super::bulk::{Batch, BulkContact, BulkContactCounts};
use super::load::kind_of;
use super::{Contacts, visible_records};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{contact_fellow, contact_record, fellow, org_unit, user};
use crate::fellows::PersonalField;
use crate::fellows::scope::visible;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::Phone;
use guichao_domain::liaison::{ContactDraft, ContactKind};
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Ids per `IN (...)` list when checking a whole file's fellows.
const IDS_PER_QUERY: usize = 500;

/// A fellow the importing user may see and so may name in a contact.
#[derive(Debug, Clone)]
pub struct DirectoryFellow {
    pub id: Uuid,
    pub name: String,
    pub township_id: Option<Uuid>,
    /// The blind index of the phone, compared with [`Contacts::phone_index`].
    pub phone_index: Option<String>,
}

/// An active user of the county who may be named as a cadre.
#[derive(Debug, Clone)]
pub struct DirectoryCadre {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
}

/// What the rows of a contact log are matched against.
#[derive(Debug, Clone, Default)]
pub struct ContactDirectory {
    /// Live (not archived) fellows the importing user may see.
    pub fellows: Vec<DirectoryFellow>,
    pub cadres: Vec<DirectoryCadre>,
    /// The county's townships: (id, name).
    pub townships: Vec<(Uuid, String)>,
}

impl Contacts<'_> {
    /// The fellows the actor may record contacts with, the county's active
    /// users and its townships. Needs `liaison.write`.
    pub async fn directory(&self) -> StoreResult<ContactDirectory> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let db = &self.store().db;
        let t = write.tenant_id();
        let fellows = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .column(fellow::Column::Name)
            .column(fellow::Column::TownshipId)
            .column(fellow::Column::PhoneIdx)
            .filter(visible(write))
            .filter(fellow::Column::ArchivedAt.is_null())
            .into_tuple::<(Uuid, String, Option<Uuid>, Option<String>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name, township_id, phone_index)| DirectoryFellow { id, name, township_id, phone_index })
            .collect();
        let cadres = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|u| DirectoryCadre { id: u.id, username: u.username, display_name: u.display_name })
            .collect();
        let townships = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .filter(org_unit::Column::Level.eq(UnitLevel::Township.code()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(ContactDirectory { fellows, cadres, townships })
    }

    /// The blind index a fellow with `phone` is stored under in this county.
    pub fn phone_index(&self, phone: &Phone) -> StoreResult<String> {
        let key = self.store().field_key()?;
        Ok(key.blind_index(self.actor().tenant_id, PersonalField::Phone.code(), phone.as_str()))
    }

    /// The (fellow, day, kind) of every live record naming one of `fellows`:
    /// what an import finds recorded already, so that a log imported twice
    /// is written once.
    pub async fn recorded(&self, fellows: &[Uuid]) -> StoreResult<HashSet<(Uuid, NaiveDate, ContactKind)>> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let db = &self.store().db;
        let t = write.tenant_id();
        let mut out = HashSet::new();
        for chunk in fellows.chunks(IDS_PER_QUERY) {
            let links: Vec<(Uuid, Uuid, NaiveDate)> = contact_fellow::Entity::find()
                .select_only()
                .column(contact_fellow::Column::ContactId)
                .column(contact_fellow::Column::FellowId)
                .column(contact_fellow::Column::ContactDate)
                .filter(contact_fellow::Column::TenantId.eq(t))
                .filter(contact_fellow::Column::FellowId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            let mut ids: Vec<Uuid> = links.iter().map(|l| l.0).collect();
            ids.sort();
            ids.dedup();
            let mut kinds: HashMap<Uuid, ContactKind> = HashMap::new();
            for ids in ids.chunks(IDS_PER_QUERY) {
                let found: Vec<(Uuid, String)> = contact_record::Entity::find()
                    .select_only()
                    .column(contact_record::Column::Id)
                    .column(contact_record::Column::Kind)
                    .filter(contact_record::Column::Id.is_in(ids.to_vec()))
                    .filter(visible_records(write))
                    .into_tuple()
                    .all(db)
                    .await?;
                kinds.extend(found.into_iter().map(|(id, kind)| (id, kind_of(&kind))));
            }
            out.extend(links.into_iter().filter_map(|(c, f, d)| kinds.get(&c).map(|k| (f, d, *k))));
        }
        Ok(out)
    }

    /// Writes `drafts` recorded by the actor in one transaction, audited as
    /// one bulk event whose detail carries `source` (the file's name and
    /// digest). Every draft keeps the rules of [`ContactDraft::check`] and
    /// names only fellows the actor may see and active users as cadres;
    /// otherwise nothing is written.
    pub async fn import(&self, drafts: Vec<ContactDraft>, source: serde_json::Value) -> StoreResult<BulkContactCounts> {
        let (store, actor) = (self.store(), self.actor());
        let write = self.0.need(Permission::LiaisonWrite)?;
        let t = actor.tenant_id;
        if drafts.is_empty() {
            return Ok(BulkContactCounts::default());
        }
        let rows: Vec<BulkContact> =
            drafts.into_iter().map(|draft| BulkContact { draft, author_id: actor.user_id }).collect();
        let batch = Batch::build(t, &rows, today())?;
        let mut fellows: Vec<Uuid> = rows.iter().flat_map(|r| r.draft.fellow_ids.iter().copied()).collect();
        let mut cadres: Vec<Uuid> = rows.iter().flat_map(|r| r.draft.cadre_ids.iter().copied()).collect();
        for ids in [&mut fellows, &mut cadres] {
            ids.sort();
            ids.dedup();
        }
        let tx = store.begin_write().await?;
        for chunk in fellows.chunks(IDS_PER_QUERY) {
            let seen = fellow::Entity::find()
                .filter(fellow::Column::Id.is_in(chunk.to_vec()))
                .filter(visible(write))
                .count(&*tx)
                .await?;
            if seen != chunk.len() as u64 {
                return Err(StoreError::field(
                    "fellow_ids",
                    "有乡友不在您的联系工作范围内，未导入任何记录",
                    "Some fellows are outside your liaison scope; nothing was imported",
                ));
            }
        }
        for chunk in cadres.chunks(IDS_PER_QUERY) {
            let active = user::Entity::find()
                .filter(user::Column::TenantId.eq(t))
                .filter(user::Column::Id.is_in(chunk.to_vec()))
                .filter(user::Column::Active.eq(true))
                .count(&*tx)
                .await?;
            if active != chunk.len() as u64 {
                return Err(StoreError::field(
                    "cadre_ids",
                    "有联系干部不存在或账号已停用，未导入任何记录",
                    "A cadre does not exist or is disabled; nothing was imported",
                ));
            }
        }
        let counts = batch.write(&*tx).await?;
        let detail = serde_json::json!({"contacts": counts.contacts, "followups": counts.followups, "source": source});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ContactBulkInsert, "tenant", t, detail)).await?;
        tx.commit().await?;
        store.after_bulk_write(counts.contacts as u64).await;
        Ok(counts)
    }
}
