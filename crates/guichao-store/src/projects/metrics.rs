//! The program's project figures for the projects the reader sees, computed
//! by the domain ([`project_metrics`]) from the records as they stand: the
//! events, the funds in place and the fellows' credits. Nothing is a stored
//! total. The facts of every visible project are read in four statements,
//! whatever the number of projects.

use super::Projects;
use super::facts::{events_by_project, funds_by_project};
use super::rules::rules_in;
use super::scope::{visible, visible_ids};
use crate::entities::{company, project, project_fellow, project_fund, project_stage_event};
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::projects::{Period, ProjectFacts, ProjectKind, ProjectMetrics, ProjectRole, project_metrics};
use sea_orm::{ColumnTrait, Condition, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationDef};
use std::collections::HashSet;
use uuid::Uuid;

/// A project's investor company: `(tenant_id, company_id)` to the company.
fn investor() -> RelationDef {
    project::Entity::belongs_to(company::Entity)
        .from((project::Column::TenantId, project::Column::CompanyId))
        .to((company::Column::TenantId, company::Column::Id))
        .into()
}

impl Projects<'_> {
    /// The figures of the projects signed in `period` as known on `as_of`,
    /// among those the reader sees; with `only_via_fellows`, of those a
    /// fellow invested in or introduced only.
    pub async fn metrics(
        &self,
        period: Period,
        as_of: NaiveDate,
        only_via_fellows: bool,
    ) -> StoreResult<ProjectMetrics> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        if period.to < period.from {
            return Err(StoreError::field("to", "结束日期不能早于开始日期", "The period ends before it starts"));
        }
        let projects: Vec<(Uuid, String, i64, i64, Option<String>)> = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .column(project::Column::Kind)
            .column(project::Column::InvestmentFen)
            .column(project::Column::JobsPlanned)
            .column_as(company::Column::City, "investor_city")
            .join(JoinType::LeftJoin, investor())
            .filter(visible(read))
            .into_tuple()
            .all(db)
            .await?;
        let mut events = events_by_project(
            db,
            t,
            Condition::all().add(project_stage_event::Column::ProjectId.in_subquery(visible_ids(read))),
        )
        .await?;
        let mut funds = funds_by_project(
            db,
            t,
            Condition::all().add(project_fund::Column::ProjectId.in_subquery(visible_ids(read))),
        )
        .await?;
        let credited = ProjectRole::ALL.into_iter().filter(|r| r.credits_fellows()).map(ProjectRole::code);
        let via: HashSet<Uuid> = project_fellow::Entity::find()
            .select_only()
            .column(project_fellow::Column::ProjectId)
            .distinct()
            .filter(project_fellow::Column::TenantId.eq(t))
            .filter(project_fellow::Column::Role.is_in(credited))
            .filter(project_fellow::Column::ProjectId.in_subquery(visible_ids(read)))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let facts: Vec<ProjectFacts> = projects
            .into_iter()
            .map(|(id, kind, investment_fen, jobs_planned, city)| ProjectFacts {
                id,
                kind: ProjectKind::parse(&kind).unwrap_or(ProjectKind::Other),
                investor_city: city.unwrap_or_default(),
                investment_fen,
                jobs_planned,
                via_fellows: via.contains(&id),
                events: events.remove(&id).unwrap_or_default(),
                funds: funds.remove(&id).unwrap_or_default(),
            })
            .collect();
        let rules = rules_in(db, t).await?;
        Ok(project_metrics(&rules.keep(facts), period, as_of, only_via_fellows))
    }
}
