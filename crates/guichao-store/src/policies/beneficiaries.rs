//! Who benefited from a policy: projects, fellows and companies, each on a
//! day and with an amount where money. A fellow is written and read only
//! through the fellows the actor sees (`fellows::scope::visible`); the
//! policy's totals count the rows the reader sees.

use super::{Policies, field};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{company, fellow, policy, policy_beneficiary, project};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::funds::check_amount;
use guichao_domain::ids::new_id;
use guichao_domain::policies::{BeneficiaryFact, BeneficiaryKind, Totals, totals};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A beneficiary as a form or the API names it.
#[derive(Debug, Clone)]
pub struct Beneficiary {
    pub kind: BeneficiaryKind,
    /// The project's, fellow's or company's id.
    pub id: Uuid,
    /// Fen, where the benefit was money.
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
    pub note: String,
}

/// A beneficiary as the policy's page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct BeneficiaryRow {
    pub id: Uuid,
    pub kind: BeneficiaryKind,
    pub target_id: Uuid,
    pub name: String,
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
    pub note: String,
}

/// A policy a fellow benefited from, as the fellow's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FellowPolicyRow {
    pub policy_id: Uuid,
    pub title: String,
    pub number: String,
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
}

fn target(b: &policy_beneficiary::Model) -> Option<Uuid> {
    b.project_id.or(b.fellow_id).or(b.company_id)
}

impl Policies<'_> {
    /// Which fellows the actor sees, as a condition on the beneficiary rows:
    /// rows of other kinds pass, fellow rows only for visible fellows (none
    /// without `fellow.read`).
    fn fellows_seen(&self) -> Condition {
        let other = policy_beneficiary::Column::FellowId.is_null();
        match self.0.also(Permission::FellowRead) {
            Ok(read) => Condition::any()
                .add(other)
                .add(policy_beneficiary::Column::FellowId.in_subquery(crate::fellows::scope::visible_ids(&read))),
            Err(_) => Condition::all().add(other),
        }
    }

    /// Records a beneficiary of a policy; answers its id.
    pub async fn add_beneficiary(&self, policy_id: Uuid, b: &Beneficiary) -> StoreResult<Uuid> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let p = self.get(policy_id).await?;
        let amount = b.amount_fen.map(check_amount).transpose().map_err(|m| field("amount_fen", m))?;
        let note = b.note.trim().to_string();
        if note.chars().count() > 200 {
            return Err(StoreError::field("note", "说明不能超过200个字", "The note is at most 200 characters"));
        }
        let db = &self.store().db;
        let none = || field("target_id", Msg::new("所选受益对象不存在", "No such beneficiary"));
        let name = match b.kind {
            BeneficiaryKind::Project => project::Entity::find_by_id((t, b.id)).one(db).await?.ok_or_else(none)?.name,
            BeneficiaryKind::Company => company::Entity::find_by_id((t, b.id)).one(db).await?.ok_or_else(none)?.name,
            BeneficiaryKind::Fellow => {
                let read = self.0.also(Permission::FellowRead).map_err(|_| none())?;
                fellow::Entity::find()
                    .filter(fellow::Column::Id.eq(b.id))
                    .filter(crate::fellows::scope::visible(&read))
                    .one(db)
                    .await?
                    .ok_or_else(none)?
                    .name
            }
        };
        let pick = |k| (b.kind == k).then_some(b.id);
        let m = policy_beneficiary::Model {
            tenant_id: t,
            id: new_id(),
            policy_id,
            kind: b.kind.code().to_string(),
            project_id: pick(BeneficiaryKind::Project),
            fellow_id: pick(BeneficiaryKind::Fellow),
            company_id: pick(BeneficiaryKind::Company),
            amount_fen: amount,
            benefit_date: b.date,
            note,
            created_by: Some(self.actor().user_id()),
            created_at: now(),
        };
        let tx = self.store().begin_write().await?;
        policy_beneficiary::Entity::insert(policy_beneficiary::ActiveModel::from(m.clone()))
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({"number": p.number, "after": {
            "kind": m.kind, "beneficiary": name, "amount_fen": m.amount_fen, "date": m.benefit_date, "note": m.note,
        }});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::PolicyBeneficiary, "policy", policy_id, detail))
            .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Takes a beneficiary off a policy, audited with what it held; a row
    /// of another policy, or of a fellow the actor does not see, is `NotFound`.
    pub async fn remove_beneficiary(&self, policy_id: Uuid, beneficiary_id: Uuid) -> StoreResult<()> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let p = self.get(policy_id).await?;
        let tx = self.store().begin_write().await?;
        let row = policy_beneficiary::Entity::find()
            .filter(policy_beneficiary::Column::TenantId.eq(t))
            .filter(policy_beneficiary::Column::Id.eq(beneficiary_id))
            .filter(policy_beneficiary::Column::PolicyId.eq(policy_id))
            .filter(self.fellows_seen())
            .one(&*tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let name = match (row.project_id, row.fellow_id, row.company_id) {
            (Some(id), _, _) => project::Entity::find_by_id((t, id)).one(&*tx).await?.map(|m| m.name),
            (_, Some(id), _) => fellow::Entity::find_by_id((t, id)).one(&*tx).await?.map(|m| m.name),
            (_, _, Some(id)) => company::Entity::find_by_id((t, id)).one(&*tx).await?.map(|m| m.name),
            _ => None,
        };
        policy_beneficiary::Entity::delete_many()
            .filter(policy_beneficiary::Column::TenantId.eq(t))
            .filter(policy_beneficiary::Column::Id.eq(row.id))
            .exec(&*tx)
            .await?;
        let detail = json!({"number": p.number, "before": {
            "kind": row.kind, "beneficiary": name.unwrap_or_default(), "amount_fen": row.amount_fen,
            "date": row.benefit_date, "note": row.note,
        }});
        let event = AuditEvent::new(AuditAction::PolicyBeneficiaryRemove, "policy", policy_id, detail);
        record(&*tx, t, self.actor(), event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The beneficiaries of a policy the reader sees, by date, and their
    /// totals (every row, whatever its date).
    pub async fn beneficiaries(&self, policy_id: Uuid) -> StoreResult<(Vec<BeneficiaryRow>, Totals)> {
        self.get(policy_id).await?;
        let t = self.actor().tenant_id;
        let db = &self.store().db;
        let rows = policy_beneficiary::Entity::find()
            .filter(policy_beneficiary::Column::TenantId.eq(t))
            .filter(policy_beneficiary::Column::PolicyId.eq(policy_id))
            .filter(self.fellows_seen())
            .order_by_asc(policy_beneficiary::Column::BenefitDate)
            .order_by_asc(policy_beneficiary::Column::CreatedAt)
            .all(db)
            .await?;
        let ids = |f: fn(&policy_beneficiary::Model) -> Option<Uuid>| rows.iter().filter_map(f).collect::<Vec<_>>();
        let mut names: HashMap<Uuid, String> = HashMap::new();
        for p in project::Entity::find()
            .filter(project::Column::TenantId.eq(t))
            .filter(project::Column::Id.is_in(ids(|r| r.project_id)))
            .all(db)
            .await?
        {
            names.insert(p.id, p.name);
        }
        for c in company::Entity::find()
            .filter(company::Column::TenantId.eq(t))
            .filter(company::Column::Id.is_in(ids(|r| r.company_id)))
            .all(db)
            .await?
        {
            names.insert(c.id, c.name);
        }
        for f in fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.is_in(ids(|r| r.fellow_id)))
            .all(db)
            .await?
        {
            names.insert(f.id, f.name);
        }
        let rows: Vec<BeneficiaryRow> = rows
            .into_iter()
            .filter_map(|r| {
                let target_id = target(&r)?;
                Some(BeneficiaryRow {
                    id: r.id,
                    kind: BeneficiaryKind::parse(&r.kind)?,
                    target_id,
                    name: names.get(&target_id).cloned().unwrap_or_default(),
                    amount_fen: r.amount_fen,
                    date: r.benefit_date,
                    note: r.note,
                })
            })
            .collect();
        let facts: Vec<BeneficiaryFact> =
            rows.iter().map(|r| BeneficiaryFact { kind: r.kind, amount_fen: r.amount_fen, date: r.date }).collect();
        Ok((rows, totals(&facts, None)))
    }

    /// The policies a fellow the reader sees benefited from, newest first;
    /// `NotFound` for a fellow outside the reader's scope.
    pub async fn of_fellow(&self, fellow_id: Uuid) -> StoreResult<Vec<FellowPolicyRow>> {
        self.0.also(Permission::PolicyRead)?;
        let read = self.0.also(Permission::FellowRead)?;
        let db = &self.store().db;
        fellow::Entity::find()
            .filter(fellow::Column::Id.eq(fellow_id))
            .filter(crate::fellows::scope::visible(&read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let t = read.tenant_id();
        let rows = policy_beneficiary::Entity::find()
            .filter(policy_beneficiary::Column::TenantId.eq(t))
            .filter(policy_beneficiary::Column::FellowId.eq(fellow_id))
            .order_by_desc(policy_beneficiary::Column::BenefitDate)
            .all(db)
            .await?;
        let policies: HashMap<Uuid, policy::Model> = policy::Entity::find()
            .filter(policy::Column::TenantId.eq(t))
            .filter(policy::Column::Id.is_in(rows.iter().map(|r| r.policy_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let p = policies.get(&r.policy_id)?;
                Some(FellowPolicyRow {
                    policy_id: p.id,
                    title: p.title.clone(),
                    number: p.number.clone(),
                    amount_fen: r.amount_fen,
                    date: r.benefit_date,
                })
            })
            .collect())
    }
}
