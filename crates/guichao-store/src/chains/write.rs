//! Changing the chain tree: a chain, and a node added, changed or removed.
//! Only a county-wide project writer may (`Chains::county_writer`); each
//! change is one transaction with its audit event.

use super::read::load_node;
use super::{Chains, NodeView};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{chain, chain_node};
use crate::fellows::insert_models;
use crate::{StoreError, StoreResult, now};
use guichao_domain::chains::{ChainDraft, NodeDraft};
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::search::sort_key;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

/// A node's image in the audit chain.
fn image(d: &NodeDraft, chain_id: Uuid) -> Value {
    json!({
        "chain": chain_id, "name": d.name, "segment": d.segment.code(), "gap": d.gap, "gap_note": d.gap_note,
        "codes": d.codes, "keywords": d.keywords,
    })
}

fn stored_image(n: &NodeView) -> Value {
    json!({
        "chain": n.chain_id, "name": n.name, "segment": n.segment.code(), "gap": n.gap, "gap_note": n.gap_note,
        "codes": n.codes, "keywords": n.keywords,
    })
}

/// Refuses a node name the chain already has (other than `except`).
async fn name_free(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    chain_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> StoreResult<()> {
    let mut find = chain_node::Entity::find()
        .filter(chain_node::Column::TenantId.eq(tenant_id))
        .filter(chain_node::Column::ChainId.eq(chain_id))
        .filter(chain_node::Column::Name.eq(name));
    if let Some(id) = except {
        find = find.filter(chain_node::Column::Id.ne(id));
    }
    if find.count(db).await? > 0 {
        return Err(StoreError::Fields(vec![FormError::new(
            "name",
            format!("本产业链已有环节“{name}”"),
            format!("The chain already has a node named {name}"),
        )]));
    }
    Ok(())
}

impl Chains<'_> {
    /// Adds a chain; returns its id.
    pub async fn create_chain(&self, draft: ChainDraft) -> StoreResult<Uuid> {
        let t = self.county_writer()?;
        let d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let taken = chain::Entity::find()
            .filter(chain::Column::TenantId.eq(t))
            .filter(chain::Column::Name.eq(d.name.as_str()))
            .count(&*tx)
            .await?;
        if taken > 0 {
            return Err(StoreError::Fields(vec![FormError::new(
                "name",
                format!("已有产业链“{}”", d.name),
                format!("There is already a chain named {}", d.name),
            )]));
        }
        let position = chain::Entity::find().filter(chain::Column::TenantId.eq(t)).count(&*tx).await? as i32;
        let at = now();
        let row = chain::Model {
            tenant_id: t,
            id: new_id(),
            sort_key: sort_key(&d.name),
            name: d.name,
            notes: d.notes,
            position,
            created_at: at,
            updated_at: at,
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"after": {"name": row.name, "notes": row.notes}});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ChainCreate, "chain", row.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Adds a node to the chain `chain_id`; returns its id.
    pub async fn add_node(&self, chain_id: Uuid, draft: NodeDraft) -> StoreResult<Uuid> {
        let t = self.county_writer()?;
        let tx = self.store().begin_write().await?;
        chain::Entity::find_by_id((t, chain_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let d = draft.check().map_err(StoreError::Fields)?;
        name_free(&*tx, t, chain_id, &d.name, None).await?;
        let position = chain_node::Entity::find()
            .filter(chain_node::Column::TenantId.eq(t))
            .filter(chain_node::Column::ChainId.eq(chain_id))
            .count(&*tx)
            .await? as i32;
        let at = now();
        let row = chain_node::Model {
            tenant_id: t,
            id: new_id(),
            chain_id,
            segment: d.segment.code().to_string(),
            name: d.name.clone(),
            position,
            gap: d.gap,
            gap_note: d.gap_note.clone(),
            codes: d.codes.join(" "),
            keywords: d.keywords.join(" "),
            created_at: at,
            updated_at: at,
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"op": "add", "after": image(&d, chain_id)});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ChainNode, "chain_node", row.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Changes the node `id` (its chain stays).
    pub async fn update_node(&self, id: Uuid, draft: NodeDraft) -> StoreResult<()> {
        let t = self.county_writer()?;
        let tx = self.store().begin_write().await?;
        let before = load_node(&*tx, t, id).await?;
        let d = draft.check().map_err(StoreError::Fields)?;
        name_free(&*tx, t, before.chain_id, &d.name, Some(id)).await?;
        chain_node::Entity::update_many()
            .col_expr(chain_node::Column::Segment, Expr::value(d.segment.code()))
            .col_expr(chain_node::Column::Name, Expr::value(d.name.as_str()))
            .col_expr(chain_node::Column::Gap, Expr::value(d.gap))
            .col_expr(chain_node::Column::GapNote, Expr::value(d.gap_note.as_str()))
            .col_expr(chain_node::Column::Codes, Expr::value(d.codes.join(" ")))
            .col_expr(chain_node::Column::Keywords, Expr::value(d.keywords.join(" ")))
            .col_expr(chain_node::Column::UpdatedAt, Expr::value(now()))
            .filter(chain_node::Column::TenantId.eq(t))
            .filter(chain_node::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({"op": "edit", "before": stored_image(&before), "after": image(&d, before.chain_id)});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ChainNode, "chain_node", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the node `id`.
    pub async fn remove_node(&self, id: Uuid) -> StoreResult<()> {
        let t = self.county_writer()?;
        let tx = self.store().begin_write().await?;
        let before = load_node(&*tx, t, id).await?;
        chain_node::Entity::delete_many()
            .filter(chain_node::Column::TenantId.eq(t))
            .filter(chain_node::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({"op": "remove", "before": stored_image(&before)});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ChainNode, "chain_node", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
