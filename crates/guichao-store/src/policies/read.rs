//! The policy list (filters by tag, issuer, in force on a day, and a search
//! of title and number) and one policy.

use super::Policies;
use crate::entities::policy;
use crate::like::contains;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::policies::Validity;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

/// What the policy list is filtered by; empty fields filter nothing.
#[derive(Debug, Clone, Default)]
pub struct PolicyQuery {
    /// A piece of the title or number.
    pub q: String,
    pub tag: String,
    pub issuer: String,
    pub in_force_on: Option<NaiveDate>,
}

/// A policy as lists and its page show it.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyRow {
    pub id: Uuid,
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl PolicyRow {
    /// Whether the policy is in force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        Validity { from: self.valid_from, to: self.valid_to }.in_force_on(day)
    }
}

impl From<policy::Model> for PolicyRow {
    fn from(m: policy::Model) -> Self {
        PolicyRow {
            id: m.id,
            tags: m.tags.split('|').filter(|t| !t.is_empty()).map(str::to_string).collect(),
            title: m.title,
            issuer: m.issuer,
            number: m.number,
            issued_on: m.issued_on,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
        }
    }
}

impl Policies<'_> {
    fn filter(&self, q: &PolicyQuery) -> StoreResult<Condition> {
        let scope = self.0.also(Permission::PolicyRead)?;
        let mut c = Condition::all().add(policy::Column::TenantId.eq(scope.tenant_id()));
        let text = q.q.trim();
        if !text.is_empty() {
            c = c.add(
                Condition::any()
                    .add(policy::Column::Title.like(contains(text)))
                    .add(policy::Column::Number.like(contains(text))),
            );
        }
        if !q.tag.trim().is_empty() {
            c = c.add(policy::Column::Tags.like(contains(&format!("|{}|", q.tag.trim()))));
        }
        if !q.issuer.trim().is_empty() {
            c = c.add(policy::Column::Issuer.eq(q.issuer.trim()));
        }
        if let Some(day) = q.in_force_on {
            c = c
                .add(policy::Column::ValidFrom.lte(day))
                .add(Condition::any().add(policy::Column::ValidTo.is_null()).add(policy::Column::ValidTo.gte(day)));
        }
        Ok(c)
    }

    /// One page of the policies matching `q`, newest first, and how many match.
    pub async fn list(&self, q: &PolicyQuery, offset: u64, limit: u64) -> StoreResult<(Vec<PolicyRow>, u64)> {
        let cond = self.filter(q)?;
        let db = &self.store().db;
        let total = policy::Entity::find().filter(cond.clone()).count(db).await?;
        let rows = policy::Entity::find()
            .filter(cond)
            .order_by_desc(policy::Column::IssuedOn)
            .order_by_asc(policy::Column::Number)
            .offset(offset)
            .limit(limit.min(super::MAX_PAGE_ROWS))
            .all(db)
            .await?;
        Ok((rows.into_iter().map(PolicyRow::from).collect(), total))
    }

    /// The issuers of the tenant's policies, for the list's filter.
    pub async fn issuers(&self) -> StoreResult<Vec<String>> {
        let scope = self.0.also(Permission::PolicyRead)?;
        Ok(policy::Entity::find()
            .select_only()
            .column(policy::Column::Issuer)
            .distinct()
            .filter(policy::Column::TenantId.eq(scope.tenant_id()))
            .order_by_asc(Expr::col(policy::Column::Issuer))
            .into_tuple::<String>()
            .all(&self.store().db)
            .await?)
    }

    /// One policy, or `NotFound`.
    pub async fn get(&self, id: Uuid) -> StoreResult<PolicyRow> {
        let scope = self.0.also(Permission::PolicyRead)?;
        policy::Entity::find_by_id((scope.tenant_id(), id))
            .one(&self.store().db)
            .await?
            .map(PolicyRow::from)
            .ok_or(StoreError::NotFound)
    }
}
