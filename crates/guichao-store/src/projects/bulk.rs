//! Many projects at once (the demo county, benchmarks): investor companies,
//! and projects with their team, stage history, credited fellows and funds
//! in place, as multi-row inserts in one transaction and one audit event.
//!
//! Every project keeps the rules of one a user writes: the draft those of
//! [`ProjectDraft::check`], each event those of [`check_new`] against the
//! events before it, each entry of funds those of [`check_funds`] against
//! the entries before it. What needs the database (a unit, user, company,
//! chamber, lead or fellow that is not the tenant's) the foreign keys refuse.
//! The first bad row fails the call, named by its place, and nothing is
//! written. Nobody's scope is asked: no signed-in user is writing.

use super::standing;
use super::write::row_of;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{
    company, project, project_fellow, project_fund, project_stage_event, project_standing, project_team,
};
use crate::fellows::{CompanyDraft, insert_models};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::projects::{
    FundEvidence, NOTE, NewFunds, NewStageEvent, ProjectDraft, ProjectRole, REASON, StageEvent, check_funds, check_new,
};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

/// An investor company to write, with the id projects name it by.
#[derive(Debug, Clone)]
pub struct BulkProjectCompany {
    pub id: Uuid,
    pub company: CompanyDraft,
}

/// One entry of funds in place.
#[derive(Debug, Clone)]
pub struct BulkFunds {
    pub amount_fen: i64,
    pub on: NaiveDate,
    pub evidence: FundEvidence,
    pub note: String,
}

/// A project to write with everything recorded about it.
#[derive(Debug, Clone)]
pub struct BulkProject {
    pub id: Uuid,
    pub draft: ProjectDraft,
    /// Its history in the order it was recorded; a correction names an
    /// earlier event of the list by id.
    pub events: Vec<StageEvent>,
    pub fellows: Vec<(Uuid, ProjectRole)>,
    /// In the order the funds arrived.
    pub funds: Vec<BulkFunds>,
}

/// What a bulk call wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkProjectCounts {
    pub companies: usize,
    pub projects: usize,
    pub events: usize,
    pub credits: usize,
    pub funds: usize,
}

/// The rows of the tables a batch of projects fills.
#[derive(Default)]
struct Batch {
    companies: Vec<company::Model>,
    /// Projects that follow no lead of the batch come first, so that a lead
    /// is written before the project that names it.
    projects: Vec<project::Model>,
    team: Vec<project_team::Model>,
    events: Vec<project_stage_event::Model>,
    standing: Vec<project_standing::Model>,
    credits: Vec<project_fellow::Model>,
    funds: Vec<project_fund::Model>,
}

/// The refusal of row `n` (from 1) of `what`, with its messages.
fn refused(what: (&str, &str), n: usize, errors: &[FormError]) -> StoreError {
    let m = StoreError::joined(errors);
    StoreError::invalid(format!("{}第{n}条：{}", what.0, m.zh), format!("{} {n}: {}", what.1, m.en))
}

impl Batch {
    fn build(t: Uuid, companies: &[BulkProjectCompany], rows: &[BulkProject], day: NaiveDate) -> StoreResult<Batch> {
        let at = now();
        let mut b = Batch::default();
        for (i, c) in companies.iter().enumerate() {
            let name = c.company.name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                let error = FormError::new("name", "企业名称不能为空，且不超过100个字", "A company needs a short name");
                return Err(refused(("企业", "Company"), i + 1, &[error]));
            }
            b.companies.push(company::Model {
                tenant_id: t,
                id: c.id,
                name,
                credit_code: c.company.credit_code.as_ref().map(|code| code.as_str().to_string()),
                industry: c.company.industry.trim().to_string(),
                city: c.company.city.trim().to_string(),
                created_at: at,
            });
        }
        let mut later = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let project = ("项目", "Project");
            let d = row.draft.check().map_err(|errors| refused(project, i + 1, &errors))?;
            let mut history: Vec<StageEvent> = Vec::with_capacity(row.events.len());
            for e in &row.events {
                let new = NewStageEvent {
                    stage: e.stage,
                    on: e.on,
                    note: e.note.clone(),
                    supersedes: e.supersedes,
                    reason: e.reason.clone(),
                };
                check_new(&history, &new, day).map_err(|error| refused(project, i + 1, &[error]))?;
                let note = NOTE.check(&e.note).map_err(StoreError::Invalid)?;
                let reason = REASON.check(&e.reason).map_err(StoreError::Invalid)?;
                history.push(StageEvent { note, reason, ..e.clone() });
            }
            let mut in_place = 0i64;
            for f in &row.funds {
                let new = NewFunds { amount_fen: f.amount_fen, on: f.on, note: &f.note };
                let note = check_funds(new, in_place, d.investment_fen, day)
                    .map_err(|error| refused(project, i + 1, &[error]))?;
                in_place += f.amount_fen;
                b.funds.push(project_fund::Model {
                    tenant_id: t,
                    id: guichao_domain::ids::new_id(),
                    project_id: row.id,
                    amount_fen: f.amount_fen,
                    on_date: f.on,
                    evidence: f.evidence.code().to_string(),
                    note,
                    recorded_by: None,
                    recorded_at: at,
                });
            }
            let mut credited = HashSet::new();
            for (fellow_id, role) in &row.fellows {
                if !credited.insert((*fellow_id, *role)) {
                    let error = FormError::new(
                        "fellow_id",
                        "同一乡友以同一身份重复关联",
                        "A fellow is credited twice in one role",
                    );
                    return Err(refused(project, i + 1, &[error]));
                }
                b.credits.push(project_fellow::Model {
                    tenant_id: t,
                    project_id: row.id,
                    fellow_id: *fellow_id,
                    role: role.code().to_string(),
                    created_at: at,
                });
            }
            b.standing.push(standing::row(t, row.id, &history));
            b.events.extend(history.into_iter().map(|e| project_stage_event::Model {
                tenant_id: t,
                id: e.id,
                project_id: row.id,
                stage: e.stage.code().to_string(),
                on_date: e.on,
                note: e.note,
                supersedes: e.supersedes,
                reason: e.reason,
                recorded_by: None,
                recorded_at: at,
            }));
            b.team.extend(d.team.iter().map(|&user_id| project_team::Model {
                tenant_id: t,
                project_id: row.id,
                user_id,
            }));
            let model = row_of(t, row.id, d, 1, at);
            if model.follows_lead_id.is_some() { later.push(model) } else { b.projects.push(model) }
        }
        b.projects.extend(later);
        Ok(b)
    }
}

impl crate::System<'_> {
    /// Writes `companies` and `projects` in one transaction; returns what was
    /// written. A lead a project follows is one of `projects` or already
    /// the tenant's. See the module comment for what is checked.
    pub async fn insert_projects(
        &self,
        tenant_id: Uuid,
        companies: &[BulkProjectCompany],
        projects: &[BulkProject],
    ) -> StoreResult<BulkProjectCounts> {
        let b = Batch::build(tenant_id, companies, projects, today())?;
        let tx = self.begin_write().await?;
        insert_models(&*tx, &b.companies).await?;
        insert_models(&*tx, &b.projects).await?;
        insert_models(&*tx, &b.team).await?;
        insert_models(&*tx, &b.events).await?;
        insert_models(&*tx, &b.standing).await?;
        insert_models(&*tx, &b.credits).await?;
        insert_models(&*tx, &b.funds).await?;
        let counts = BulkProjectCounts {
            companies: b.companies.len(),
            projects: b.projects.len(),
            events: b.events.len(),
            credits: b.credits.len(),
            funds: b.funds.len(),
        };
        let detail = json!({
            "companies": counts.companies, "projects": counts.projects, "events": counts.events,
            "credits": counts.credits, "funds": counts.funds,
        });
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::ProjectBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        self.after_bulk_write_to(crate::maintenance::PROJECT_TABLES, (counts.projects + counts.events) as u64).await;
        Ok(counts)
    }
}
