//! The ties of bulk-written fellows, gathered while the fellows are built and
//! written after them (their foreign keys point at the fellows): companies
//! (reused when the tenant knows them), company links, chamber memberships,
//! held roles and liaison assignments.

use super::{BulkCounts, BulkFellow, insert_models};
use crate::contacts::facts;
use crate::entities::{chamber_member, company, fellow_company, fellow_role, liaison_assignment};
use crate::{StoreError, StoreResult, now};
use guichao_domain::ids::new_id;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// How many values go into one `IN (...)` look-up.
const LOOKUP_CHUNK: usize = 500;

/// What identifies a company within a tenant: its credit code, else its name.
#[derive(Clone, PartialEq, Eq, Hash)]
enum CompanyKey {
    Code(String),
    Name(String),
}

#[derive(Default)]
pub(super) struct Ties {
    /// Companies named in this call, first mention first.
    companies: Vec<(CompanyKey, company::Model)>,
    known: HashMap<CompanyKey, usize>,
    /// (fellow, index into `companies`, role code).
    links: Vec<(Uuid, usize, &'static str)>,
    memberships: Vec<chamber_member::Model>,
    roles: Vec<fellow_role::Model>,
    assignments: Vec<liaison_assignment::Model>,
}

impl Ties {
    /// Takes the ties of one fellow, checking what the database cannot.
    pub(super) fn add(&mut self, tenant_id: Uuid, n: usize, row: BulkFellow) -> StoreResult<()> {
        let fellow_id = row.id;
        for c in row.companies {
            let name = c.name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(StoreError::invalid(
                    format!("第{n}条：企业名称不能为空，且不超过100个字"),
                    format!("Row {n}: a company name is required, at most 100 characters"),
                ));
            }
            let key = match &c.credit_code {
                Some(code) => CompanyKey::Code(code.as_str().to_string()),
                None => CompanyKey::Name(name.clone()),
            };
            let index = *self.known.entry(key.clone()).or_insert_with(|| {
                let model = company::Model {
                    tenant_id,
                    id: new_id(),
                    name,
                    credit_code: c.credit_code.as_ref().map(|code| code.as_str().to_string()),
                    industry: c.industry.trim().to_string(),
                    city: c.city.trim().to_string(),
                    created_at: now(),
                };
                self.companies.push((key, model));
                self.companies.len() - 1
            });
            self.links.push((fellow_id, index, c.role.code()));
        }
        for m in row.memberships {
            self.memberships.push(chamber_member::Model {
                tenant_id,
                id: new_id(),
                chamber_id: m.chamber_id,
                fellow_id,
                position: m.position.code().to_string(),
                since: m.since,
                until: None,
            });
        }
        for r in row.roles {
            if let (Some(s), Some(e)) = (r.start, r.end)
                && e < s
            {
                return Err(StoreError::invalid(
                    format!("第{n}条：结束日期不能早于开始日期"),
                    format!("Row {n}: the end date is before the start date"),
                ));
            }
            self.roles.push(fellow_role::Model {
                tenant_id,
                id: new_id(),
                fellow_id,
                role: r.role.code().to_string(),
                start_date: r.start,
                end_date: r.end,
                note: r.note.trim().chars().take(200).collect(),
            });
        }
        for a in row.assignments {
            if a.cycle_days < 1 {
                return Err(StoreError::invalid(
                    format!("第{n}条：联系周期至少1天"),
                    format!("Row {n}: the contact cycle is at least one day"),
                ));
            }
            self.assignments.push(liaison_assignment::Model {
                tenant_id,
                id: new_id(),
                fellow_id,
                cadre_id: a.cadre_id,
                level: a.level.code().to_string(),
                cycle_days: a.cycle_days,
                started_at: a.started_at,
                ended_at: None,
            });
        }
        Ok(())
    }

    /// Writes everything gathered; the fellows must be written already.
    pub(super) async fn write(self, db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<BulkCounts> {
        let existing = existing_companies(db, tenant_id, &self.companies).await?;
        let ids: Vec<Uuid> = self.companies.iter().map(|(key, c)| existing.get(key).copied().unwrap_or(c.id)).collect();
        let new: Vec<company::Model> =
            self.companies.into_iter().filter(|(key, _)| !existing.contains_key(key)).map(|(_, c)| c).collect();
        insert_models(db, &new).await?;
        let mut seen = HashSet::new();
        let links: Vec<fellow_company::Model> = self
            .links
            .into_iter()
            .filter(|(fellow_id, index, _)| seen.insert((*fellow_id, *index)))
            .map(|(fellow_id, index, role)| fellow_company::Model {
                tenant_id,
                id: new_id(),
                fellow_id,
                company_id: ids[index],
                role: role.to_string(),
            })
            .collect();
        insert_models(db, &links).await?;
        insert_models(db, &self.memberships).await?;
        insert_models(db, &self.roles).await?;
        // The liaison facts once a fellow, not once an assignment.
        let set_aside = facts::set_aside(db, facts::ASSIGNMENT_INSERTED).await?;
        insert_models(db, &self.assignments).await?;
        if let Some(set_aside) = set_aside {
            let fellows: BTreeSet<Uuid> = self.assignments.iter().map(|a| a.fellow_id).collect();
            facts::settle(db, tenant_id, &fellows, set_aside).await?;
        }
        Ok(BulkCounts {
            fellows: 0,
            companies: new.len(),
            company_links: links.len(),
            memberships: self.memberships.len(),
            roles: self.roles.len(),
            assignments: self.assignments.len(),
        })
    }
}

/// The ids of the named companies the tenant has already.
async fn existing_companies(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    companies: &[(CompanyKey, company::Model)],
) -> StoreResult<HashMap<CompanyKey, Uuid>> {
    let mut found = HashMap::new();
    if companies.is_empty() {
        return Ok(found);
    }
    if db.get_database_backend() == DbBackend::Postgres {
        // Earlier calls may have grown the table far past what the planner
        // last saw (nothing analyses it when autovacuum is off, nor within a
        // long load): planned on stale statistics, each look-up below scanned
        // the tenant's whole name index (seconds at 200,000 companies).
        db.execute_unprepared("ANALYZE companies").await?;
    }
    let codes: Vec<&str> = companies
        .iter()
        .filter_map(|(key, _)| match key {
            CompanyKey::Code(code) => Some(code.as_str()),
            CompanyKey::Name(_) => None,
        })
        .collect();
    for chunk in codes.chunks(LOOKUP_CHUNK) {
        let rows = company::Entity::find()
            .filter(company::Column::TenantId.eq(tenant_id))
            .filter(company::Column::CreditCode.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for c in rows {
            if let Some(code) = c.credit_code {
                found.insert(CompanyKey::Code(code), c.id);
            }
        }
    }
    let names: Vec<&str> = companies
        .iter()
        .filter_map(|(key, _)| match key {
            CompanyKey::Name(name) => Some(name.as_str()),
            CompanyKey::Code(_) => None,
        })
        .collect();
    for chunk in names.chunks(LOOKUP_CHUNK) {
        let rows = company::Entity::find()
            .filter(company::Column::TenantId.eq(tenant_id))
            .filter(company::Column::Name.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for c in rows {
            found.entry(CompanyKey::Name(c.name)).or_insert(c.id);
        }
    }
    Ok(found)
}
