//! A policy's attachments: the bytes kept on disk by the shared file store
//! (`policy-attachments/{tenant}/{sha256}`), what they are in the database;
//! read back only by a `policy.read` holder and checked against their SHA-256.

use super::Policies;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::policy_attachment;
use crate::{StoreError, StoreResult, files, now};
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use guichao_domain::agency::{check_document, content_type_of};
use guichao_domain::ids::new_id;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// Where policy attachments' bytes are kept under the data directory.
const FILES: &str = "policy-attachments";

/// An attachment as a policy's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRow {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub at: DateTime<Utc>,
}

/// An attachment with its bytes, to serve.
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Policies<'_> {
    /// Keeps a file with a policy; answers its id.
    pub async fn attach(&self, id: Uuid, name: &str, content_type: &str, bytes: Vec<u8>) -> StoreResult<Uuid> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let policy = self.get(id).await?;
        let name = check_document(name, bytes.len()).map_err(|e| StoreError::Fields(vec![e]))?;
        let sha256 = files::keep(self.store(), FILES, t, &bytes).await?;
        let m = policy_attachment::Model {
            tenant_id: t,
            id: new_id(),
            policy_id: id,
            name,
            content_type: content_type_of(content_type),
            size_bytes: bytes.len() as i64,
            sha256,
            user_id: Some(self.actor().user_id()),
            created_at: now(),
        };
        let tx = self.store().begin_write().await?;
        policy_attachment::Entity::insert(policy_attachment::ActiveModel::from(m.clone()))
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({"number": policy.number, "after": {
            "name": m.name, "size_bytes": m.size_bytes, "sha256": m.sha256,
        }});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::PolicyAttach, "policy", id, detail)).await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// A policy's attachments, oldest first.
    pub async fn attachments(&self, id: Uuid) -> StoreResult<Vec<AttachmentRow>> {
        let t = self.get(id).await.map(|_| self.actor().tenant_id)?;
        let rows = policy_attachment::Entity::find()
            .filter(policy_attachment::Column::TenantId.eq(t))
            .filter(policy_attachment::Column::PolicyId.eq(id))
            .order_by_asc(policy_attachment::Column::CreatedAt)
            .all(&self.store().db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|a| AttachmentRow {
                id: a.id,
                name: a.name,
                content_type: a.content_type,
                size_bytes: a.size_bytes,
                sha256: a.sha256,
                at: a.created_at,
            })
            .collect())
    }

    /// One attachment of a policy with its bytes; a file whose bytes no
    /// longer match its SHA-256 is refused.
    pub async fn attachment(&self, id: Uuid, attachment_id: Uuid) -> StoreResult<AttachmentFile> {
        self.get(id).await?;
        let t = self.actor().tenant_id;
        let a = policy_attachment::Entity::find_by_id((t, attachment_id))
            .one(&self.store().db)
            .await?
            .filter(|a| a.policy_id == id)
            .ok_or(StoreError::NotFound)?;
        let bytes = files::fetch(self.store(), FILES, t, &a.sha256).await?;
        Ok(AttachmentFile { name: a.name, content_type: a.content_type, bytes })
    }
}
