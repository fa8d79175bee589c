//! The program's project figures for the projects the reader sees, computed
//! by the domain ([`project_metrics`]) from the records as they stand: each
//! project's milestones (kept from its events, see [`super::standing`]), its
//! funds in place and the fellows' credits. Nothing is a stored total.
//!
//! Only the projects whose signing falls in the period can count, so the
//! kept signing date (indexed) picks them first: three statements, run side
//! by side, read the facts of those projects alone, whatever the number of
//! others.

use super::Projects;
use super::rules::rules_in;
use super::scope::visible;
use super::standing::{DATE_COLUMNS, standing};
use crate::entities::{company, project, project_fellow, project_fund, project_standing};
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::projects::{
    Milestones, Period, ProjectFacts, ProjectKind, ProjectMetrics, ProjectRole, project_metrics,
};
use sea_orm::sea_query::{Alias, Expr, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect, RelationDef};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A project's investor company: `(tenant_id, company_id)` to the company.
fn investor() -> RelationDef {
    project::Entity::belongs_to(company::Entity)
        .from((project::Column::TenantId, project::Column::CompanyId))
        .to((company::Column::TenantId, company::Column::Id))
        .into()
}

/// What the figures read of one project.
#[derive(FromQueryResult)]
struct FactsRow {
    id: Uuid,
    kind: String,
    investment_fen: i64,
    jobs_planned: i64,
    investor_city: Option<String>,
    lead_on: Option<NaiveDate>,
    inspected_on: Option<NaiveDate>,
    negotiating_on: Option<NaiveDate>,
    signed_on: Option<NaiveDate>,
    registered_on: Option<NaiveDate>,
    started_on: Option<NaiveDate>,
    in_production_on: Option<NaiveDate>,
}

/// The tenant's projects signed between `from` and `to` (any the reader
/// sees among them are the ones counted), as a condition on the kept standing.
fn signed_between(tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Condition {
    Condition::all()
        .add(project_standing::Column::TenantId.eq(tenant_id))
        .add(project_standing::Column::SignedOn.between(from, to))
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
        let signed = signed_between(t, period.from, period.to.min(as_of));
        let signed_ids: SelectStatement = Query::select()
            .column(project_standing::Column::ProjectId)
            .from(project_standing::Entity)
            .cond_where(signed.clone())
            .to_owned();
        let mut select = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .column(project::Column::Kind)
            .column(project::Column::InvestmentFen)
            .column(project::Column::JobsPlanned)
            .column_as(company::Column::City, "investor_city");
        for column in DATE_COLUMNS {
            select = select.column_as(Expr::col((project_standing::Entity, Alias::new(column))), column);
        }
        let projects = select
            .join(JoinType::InnerJoin, standing())
            .join(JoinType::LeftJoin, investor())
            .filter(signed)
            .filter(visible(read))
            .into_model::<FactsRow>()
            .all(db);
        // Funds by the day, summed a project: (the last day, the total).
        let funds = project_fund::Entity::find()
            .select_only()
            .column(project_fund::Column::ProjectId)
            .expr(Func::max(Expr::col(project_fund::Column::OnDate)))
            .expr(Func::cast_as(Func::sum(Expr::col(project_fund::Column::AmountFen)), Alias::new("BIGINT")))
            .filter(project_fund::Column::TenantId.eq(t))
            .filter(project_fund::Column::OnDate.lte(as_of))
            .filter(project_fund::Column::ProjectId.in_subquery(signed_ids.clone()))
            .group_by(project_fund::Column::ProjectId)
            .into_tuple::<(Uuid, NaiveDate, i64)>()
            .all(db);
        let credited = ProjectRole::ALL.into_iter().filter(|r| r.credits_fellows()).map(ProjectRole::code);
        let via = project_fellow::Entity::find()
            .select_only()
            .column(project_fellow::Column::ProjectId)
            .distinct()
            .filter(project_fellow::Column::TenantId.eq(t))
            .filter(project_fellow::Column::Role.is_in(credited))
            .filter(project_fellow::Column::ProjectId.in_subquery(signed_ids))
            .into_tuple::<Uuid>()
            .all(db);
        // Side by side on the pool's connections: none waits for another.
        let (projects, funds, via) = tokio::try_join!(projects, funds, via)?;
        let funds: HashMap<Uuid, (NaiveDate, i64)> =
            funds.into_iter().map(|(id, last, total)| (id, (last, total))).collect();
        let via: HashSet<Uuid> = via.into_iter().collect();
        let facts: Vec<ProjectFacts> = projects
            .into_iter()
            .map(|p| ProjectFacts {
                id: p.id,
                kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
                investor_city: p.investor_city.unwrap_or_default(),
                investment_fen: p.investment_fen,
                jobs_planned: p.jobs_planned,
                via_fellows: via.contains(&p.id),
                milestones: Milestones::from_dates([
                    p.lead_on,
                    p.inspected_on,
                    p.negotiating_on,
                    p.signed_on,
                    p.registered_on,
                    p.started_on,
                    p.in_production_on,
                ]),
                funds: funds.get(&p.id).map(|f| vec![*f]).unwrap_or_default(),
            })
            .collect();
        let rules = rules_in(db, t).await?;
        Ok(project_metrics(&rules.keep(facts), period, as_of, only_via_fellows))
    }
}
