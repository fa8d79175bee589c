//! A request's documents: files kept on disk under the data directory,
//! each named by the SHA-256 of its bytes (`service-documents/{tenant}/{sha256}`,
//! so the same file twice is kept once), with what they are in the
//! database. Read back only through a request the reader sees, and checked
//! against their SHA-256 on the way out.

use super::Services;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::service_document;
use crate::{StoreError, StoreResult, files, now};
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use guichao_domain::agency::{check_document, content_type_of};
use guichao_domain::ids::new_id;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A document as a request's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A document with its bytes, to serve.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Where the request documents' bytes are kept under the data directory.
const FILES: &str = "service-documents";

impl Services<'_> {
    /// Keeps a file with a request the writer sees; answers its id.
    pub async fn add_document(&self, id: Uuid, name: &str, content_type: &str, bytes: Vec<u8>) -> StoreResult<Uuid> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, id).await?;
        let name = check_document(name, bytes.len()).map_err(|e| StoreError::Fields(vec![e]))?;
        let sha256 = files::keep(self.store(), FILES, t, &bytes).await?;
        let doc = service_document::Model {
            tenant_id: t,
            id: new_id(),
            request_id: id,
            name,
            content_type: content_type_of(content_type),
            size_bytes: bytes.len() as i64,
            sha256,
            user_id: Some(self.actor().user_id()),
            created_at: now(),
        };
        let tx = self.store().begin_write().await?;
        service_document::Entity::insert(service_document::ActiveModel::from(doc.clone()))
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({"number": row.number, "after": {
            "name": doc.name, "size_bytes": doc.size_bytes, "sha256": doc.sha256,
        }});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceDocument, "service_request", id, detail))
            .await?;
        tx.commit().await?;
        Ok(doc.id)
    }

    /// The documents of a request the reader sees, oldest first.
    pub async fn documents(&self, id: Uuid) -> StoreResult<Vec<DocumentRow>> {
        let scope = self.0.also(Permission::ServiceRead)?;
        self.get_row(&scope, id).await?;
        let rows = service_document::Entity::find()
            .filter(service_document::Column::TenantId.eq(scope.tenant_id()))
            .filter(service_document::Column::RequestId.eq(id))
            .order_by_asc(service_document::Column::CreatedAt)
            .all(&self.store().db)
            .await?;
        let names = self.user_names(rows.iter().filter_map(|d| d.user_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|d| DocumentRow {
                id: d.id,
                by: d.user_id.and_then(|u| names.get(&u).cloned()).unwrap_or_default(),
                name: d.name,
                content_type: d.content_type,
                size_bytes: d.size_bytes,
                sha256: d.sha256,
                at: d.created_at,
            })
            .collect())
    }

    /// A document of a request the reader sees, with its bytes; a file
    /// whose bytes no longer match its SHA-256 is refused.
    pub async fn document(&self, id: Uuid, document_id: Uuid) -> StoreResult<DocumentFile> {
        let scope = self.0.also(Permission::ServiceRead)?;
        self.get_row(&scope, id).await?;
        let doc = service_document::Entity::find_by_id((scope.tenant_id(), document_id))
            .one(&self.store().db)
            .await?
            .filter(|d| d.request_id == id)
            .ok_or(StoreError::NotFound)?;
        let bytes = files::fetch(self.store(), FILES, scope.tenant_id(), &doc.sha256).await?;
        Ok(DocumentFile { name: doc.name, content_type: doc.content_type, bytes })
    }
}
