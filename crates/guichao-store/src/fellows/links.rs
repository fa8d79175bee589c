//! What hangs off a fellow besides liaison: companies (with role), relations to
//! other fellows, and roles held with dates. Each is seen and written with the
//! fellow it belongs to.

use super::Fellows;
use super::write::search_tokens;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{company, fellow, fellow_company, fellow_relation, fellow_role};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::fellows::{CompanyRole, CreditCode, HeldRole, RelationKind};
use guichao_domain::ids::new_id;
use guichao_domain::text;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// A company as typed on a fellow's page or in a spreadsheet.
#[derive(Debug, Clone)]
pub struct CompanyDraft {
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub industry: String,
    pub city: String,
}

/// The names of a fellow's companies (for search tokens).
pub(crate) async fn company_names(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    fellow_id: Uuid,
) -> StoreResult<Vec<String>> {
    let ids: Vec<Uuid> = fellow_company::Entity::find()
        .filter(fellow_company::Column::TenantId.eq(tenant_id))
        .filter(fellow_company::Column::FellowId.eq(fellow_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.company_id)
        .collect();
    Ok(company::Entity::find()
        .filter(company::Column::TenantId.eq(tenant_id))
        .filter(company::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect())
}

/// Rebuilds a fellow's search tokens after their companies changed.
pub(crate) async fn refresh_search(db: &impl ConnectionTrait, tenant_id: Uuid, fellow_id: Uuid) -> StoreResult<()> {
    let f = fellow::Entity::find_by_id((tenant_id, fellow_id)).one(db).await?.ok_or(StoreError::NotFound)?;
    let tokens = search_tokens(&f, &company_names(db, tenant_id, fellow_id).await?);
    fellow::Entity::update_many()
        .col_expr(fellow::Column::SearchTokens, Expr::value(tokens))
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .filter(fellow::Column::Id.eq(fellow_id))
        .exec(db)
        .await?;
    Ok(())
}

impl Fellows<'_> {
    /// Links a company to a fellow, reusing a known company with the same credit
    /// code (or, without one, the same name).
    pub async fn link_company(&self, fellow_id: Uuid, draft: CompanyDraft, role: CompanyRole) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(fellow_id).await?;
        let name = draft.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::invalid(
                "企业名称不能为空，且不超过100个字",
                "A company name is required, at most 100 characters",
            ));
        }
        // The values as typed: `trim` would strip a leading NEL (U+0085).
        text::check_lines(&[
            (&draft.name, "企业名称", "company name"),
            (&draft.industry, "行业", "industry"),
            (&draft.city, "所在城市", "city"),
        ])
        .map_err(StoreError::Invalid)?;
        let tx = store.begin_write().await?;
        let same = match &draft.credit_code {
            Some(code) => company::Column::CreditCode.eq(code.as_str()),
            None => company::Column::Name.eq(name.as_str()),
        };
        let existing = company::Entity::find()
            .filter(company::Column::TenantId.eq(actor.tenant_id))
            .filter(same)
            .one(&*tx)
            .await?;
        let company_id = match existing {
            Some(c) => c.id,
            None => {
                let id = new_id();
                company::Entity::insert(company::ActiveModel {
                    tenant_id: Set(actor.tenant_id),
                    id: Set(id),
                    name: Set(name.clone()),
                    credit_code: Set(draft.credit_code.as_ref().map(|c| c.as_str().to_string())),
                    industry: Set(draft.industry.trim().to_string()),
                    city: Set(draft.city.trim().to_string()),
                    created_at: Set(now()),
                })
                .exec_without_returning(&*tx)
                .await?;
                id
            }
        };
        let link_id = new_id();
        fellow_company::Entity::insert(fellow_company::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(link_id),
            fellow_id: Set(fellow_id),
            company_id: Set(company_id),
            role: Set(role.code().to_string()),
        })
        .exec_without_returning(&*tx)
        .await?;
        refresh_search(&*tx, actor.tenant_id, fellow_id).await?;
        let detail = json!({"after": {"company": name, "company_id": company_id, "role": role.code()}});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::FellowCompanyLink, "fellow", fellow_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(link_id)
    }

    pub async fn unlink_company(&self, fellow_id: Uuid, link_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(fellow_id).await?;
        let tx = store.begin_write().await?;
        let link = fellow_company::Entity::find_by_id((actor.tenant_id, link_id))
            .one(&*tx)
            .await?
            .filter(|l| l.fellow_id == fellow_id)
            .ok_or(StoreError::NotFound)?;
        fellow_company::Entity::delete_by_id((actor.tenant_id, link_id)).exec(&*tx).await?;
        refresh_search(&*tx, actor.tenant_id, fellow_id).await?;
        let detail = json!({"before": {"company_id": link.company_id, "role": link.role}});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::FellowCompanyUnlink, "fellow", fellow_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that two fellows are related. The actor must be able to write the
    /// first and see the second.
    pub async fn relate(&self, a: Uuid, b: Uuid, kind: RelationKind, note: &str) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        if a == b {
            return Err(StoreError::invalid("不能与自己建立关系", "A fellow cannot be related to themselves"));
        }
        text::check_lines(&[(note, "关系备注", "note")]).map_err(StoreError::Invalid)?;
        self.writable(a).await?;
        self.model(b).await?;
        let tx = store.begin_write().await?;
        let exists = fellow_relation::Entity::find()
            .filter(fellow_relation::Column::TenantId.eq(actor.tenant_id))
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(fellow_relation::Column::FellowA.eq(a))
                            .add(fellow_relation::Column::FellowB.eq(b)),
                    )
                    .add(
                        Condition::all()
                            .add(fellow_relation::Column::FellowA.eq(b))
                            .add(fellow_relation::Column::FellowB.eq(a)),
                    ),
            )
            .filter(fellow_relation::Column::Kind.eq(kind.code()))
            .one(&*tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::conflict("这两位乡友已有该关系", "These fellows already have that relation"));
        }
        let id = new_id();
        fellow_relation::Entity::insert(fellow_relation::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(id),
            fellow_a: Set(a),
            fellow_b: Set(b),
            kind: Set(kind.code().to_string()),
            note: Set(note.trim().chars().take(200).collect()),
        })
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({"after": {"other": b, "kind": kind.code(), "note": note}});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::FellowRelate, "fellow", a, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn unrelate(&self, fellow_id: Uuid, relation_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(fellow_id).await?;
        let tx = store.begin_write().await?;
        let r = fellow_relation::Entity::find_by_id((actor.tenant_id, relation_id))
            .one(&*tx)
            .await?
            .filter(|r| r.fellow_a == fellow_id || r.fellow_b == fellow_id)
            .ok_or(StoreError::NotFound)?;
        fellow_relation::Entity::delete_by_id((actor.tenant_id, relation_id)).exec(&*tx).await?;
        let detail = json!({"before": {"a": r.fellow_a, "b": r.fellow_b, "kind": r.kind, "note": r.note}});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::FellowUnrelate, "fellow", fellow_id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a role a fellow holds (industry advisor, deputy, CPPCC member).
    pub async fn add_held_role(
        &self,
        fellow_id: Uuid,
        role: HeldRole,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        note: &str,
    ) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(fellow_id).await?;
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            return Err(StoreError::invalid("结束日期不能早于开始日期", "The end date is before the start date"));
        }
        text::check_lines(&[(note, "任职备注", "note")]).map_err(StoreError::Invalid)?;
        let tx = store.begin_write().await?;
        let id = new_id();
        fellow_role::Entity::insert(fellow_role::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(id),
            fellow_id: Set(fellow_id),
            role: Set(role.code().to_string()),
            start_date: Set(start),
            end_date: Set(end),
            note: Set(note.trim().chars().take(200).collect()),
        })
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({"after": {"role": role.code(), "start": start, "end": end, "note": note}});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::FellowRoleAdd, "fellow", fellow_id, detail))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Ends a held role on `end` (a role is never deleted: its dates are history).
    pub async fn end_held_role(&self, fellow_id: Uuid, role_id: Uuid, end: NaiveDate) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(fellow_id).await?;
        let tx = store.begin_write().await?;
        let r = fellow_role::Entity::find_by_id((actor.tenant_id, role_id))
            .one(&*tx)
            .await?
            .filter(|r| r.fellow_id == fellow_id)
            .ok_or(StoreError::NotFound)?;
        if r.start_date.is_some_and(|s| end < s) {
            return Err(StoreError::invalid("结束日期不能早于开始日期", "The end date is before the start date"));
        }
        fellow_role::Entity::update_many()
            .col_expr(fellow_role::Column::EndDate, Expr::value(Some(end)))
            .filter(fellow_role::Column::TenantId.eq(actor.tenant_id))
            .filter(fellow_role::Column::Id.eq(role_id))
            .exec(&*tx)
            .await?;
        let detail = json!({"before": {"end": r.end_date}, "after": {"end": end}});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::FellowRoleEnd, "fellow", fellow_id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
