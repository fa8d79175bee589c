//! Bulk writes of what fellows are tied to: chambers of commerce with their
//! liaison offices, and cadre accounts (the demo county's village and township
//! cadres). One transaction and one audit event per call.

use super::insert_models;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{chamber, chamber_office, role, user, user_role};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::BuiltinRole;
use guichao_domain::chambers::ChamberKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A chamber of commerce with its liaison offices.
#[derive(Debug, Clone)]
pub struct BulkChamber {
    pub id: Uuid,
    pub name: String,
    pub kind: ChamberKind,
    pub city: String,
    /// The home township of a township chamber.
    pub township_id: Option<Uuid>,
    pub founded: Option<NaiveDate>,
    pub notes: String,
    pub offices: Vec<BulkOffice>,
}

/// A liaison office set up under a chamber.
#[derive(Debug, Clone)]
pub struct BulkOffice {
    pub id: Uuid,
    pub name: String,
    pub city: String,
    pub address: String,
}

/// An account to create, with one built-in role.
#[derive(Debug, Clone)]
pub struct BulkUser {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub role: BuiltinRole,
}

impl crate::System<'_> {
    /// Writes chambers and their offices. Returns (chambers, offices) written.
    pub async fn bulk_insert_chambers(&self, tenant_id: Uuid, rows: Vec<BulkChamber>) -> StoreResult<(usize, usize)> {
        let at = now();
        let mut chambers = Vec::with_capacity(rows.len());
        let mut offices = Vec::new();
        for c in rows {
            let name = c.name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(StoreError::invalid("商会名称不能为空，且不超过100个字", "A chamber needs a short name"));
            }
            for o in c.offices {
                offices.push(chamber_office::Model {
                    tenant_id,
                    id: o.id,
                    chamber_id: c.id,
                    name: o.name.trim().to_string(),
                    city: o.city,
                    address: o.address,
                    created_at: at,
                });
            }
            chambers.push(chamber::Model {
                tenant_id,
                id: c.id,
                sort_key: guichao_domain::search::sort_key(&name),
                name,
                kind: c.kind.code().to_string(),
                city: c.city,
                township_id: c.township_id,
                founded: c.founded,
                notes: c.notes,
                created_at: at,
            });
        }
        let tx = self.begin_write().await?;
        insert_models(&*tx, &chambers).await?;
        insert_models(&*tx, &offices).await?;
        let detail = json!({"chambers": chambers.len(), "offices": offices.len()});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::ChamberBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        Ok((chambers.len(), offices.len()))
    }

    /// Creates accounts that share the password of the existing user
    /// `password_of`: the demo's generated cadres all get the one demo password,
    /// hashed once (argon2 is slow by design; hundreds of hashes would take
    /// most of a minute). Usernames must be free; returns how many were made.
    pub async fn bulk_insert_users(
        &self,
        tenant_id: Uuid,
        rows: Vec<BulkUser>,
        password_of: Uuid,
    ) -> StoreResult<usize> {
        let template =
            user::Entity::find_by_id((tenant_id, password_of)).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let role_ids: HashMap<String, Uuid> = role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.code, r.id))
            .collect();
        let at = now();
        let mut users = Vec::with_capacity(rows.len());
        let mut grants = Vec::with_capacity(rows.len());
        for u in rows {
            let username = u.username.trim().to_lowercase();
            let valid = (2..=32).contains(&username.len())
                && username.starts_with(|c: char| c.is_ascii_lowercase())
                && username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
            if !valid {
                return Err(StoreError::invalid(format!("用户名“{username}”不合规"), "Invalid username"));
            }
            let role_id = *role_ids.get(u.role.code()).ok_or(StoreError::NotFound)?;
            grants.push(user_role::Model { tenant_id, user_id: u.id, role_id });
            users.push(user::Model {
                tenant_id,
                id: u.id,
                username,
                sort_key: guichao_domain::search::sort_key(&u.display_name),
                display_name: u.display_name.trim().to_string(),
                unit_id: u.unit_id,
                password_hash: template.password_hash.clone(),
                active: true,
                failed_logins: 0,
                locked_until: None,
                password_changed_at: Some(at),
                last_used_at: Some(at),
                version: 1,
                updated_at: at,
                created_at: at,
            });
        }
        let tx = self.begin_write().await?;
        insert_models(&*tx, &users).await?;
        insert_models(&*tx, &grants).await?;
        let who = Who::Named { user_id: None, name: "system", ip: None };
        let detail = json!({"users": users.len()});
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::UserBulkInsert, "tenant", tenant_id, detail)).await?;
        tx.commit().await?;
        Ok(users.len())
    }
}
