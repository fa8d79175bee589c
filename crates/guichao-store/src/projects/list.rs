//! Lists of projects: the pipeline, paged with an exact total, by name or by
//! signing date and optionally at one stage; a fellow's projects; a
//! chamber's projects. Stages and signing dates are the projects' kept
//! standing ([`super::standing`]), so a filter or an order on them is one
//! indexed statement.

use super::scope::{visible, visible_ids};
use super::standing::{standing, standings};
use super::{
    FellowProject, MAX_PAGE_ROWS, ProjectQuery, ProjectRow, ProjectSort, Projects, kind_of, role_of, role_rank,
};
use crate::entities::{chamber, project, project_fellow, project_standing};
use crate::names::{unit_names, user_names};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::Stage;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// The list lines of `projects`, in their order.
async fn rows(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    projects: Vec<project::Model>,
) -> StoreResult<Vec<ProjectRow>> {
    let standing = standings(db, tenant_id, projects.iter().map(|p| p.id)).await?;
    let units = unit_names(db, tenant_id, projects.iter().map(|p| p.unit_id)).await?;
    let officers = user_names(db, tenant_id, projects.iter().filter_map(|p| p.officer_id)).await?;
    let day = today();
    Ok(projects
        .into_iter()
        .map(|p| {
            let s = standing.get(&p.id).copied().unwrap_or_default();
            ProjectRow {
                unit: units.get(&p.unit_id).cloned().unwrap_or_default(),
                officer: p.officer_id.and_then(|o| officers.get(&o).cloned()).unwrap_or_default(),
                kind: kind_of(&p.kind),
                stage: s.stage,
                signed_on: s.milestones.on(Stage::Signed, day),
                id: p.id,
                name: p.name,
                investment_fen: p.investment_fen,
                unit_id: p.unit_id,
                officer_id: p.officer_id,
            }
        })
        .collect())
}

impl Projects<'_> {
    /// The projects the reader sees that meet `q`, one page of them, and how
    /// many there are. Sorted by signing date, the unsigned come last.
    pub async fn list(&self, q: &ProjectQuery) -> StoreResult<(Vec<ProjectRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let limit = q.limit.clamp(1, MAX_PAGE_ROWS);
        let order = if q.descending { Order::Desc } else { Order::Asc };
        let mut find = project::Entity::find().filter(visible(read));
        if let Some(stage) = q.stage {
            find = find.join(JoinType::InnerJoin, standing()).filter(project_standing::Column::Stage.eq(stage.code()));
        }
        let total = find.clone().count(db);
        if q.sort == ProjectSort::Signed {
            if q.stage.is_none() {
                find = find.join(JoinType::InnerJoin, standing());
            }
            let signed = Expr::col((project_standing::Entity, project_standing::Column::SignedOn));
            find = find.order_by(signed.clone().is_null(), Order::Asc).order_by(signed, order.clone());
        }
        let page = find
            .order_by(project::Column::SortKey, order.clone())
            .order_by(project::Column::Id, order)
            .offset(q.offset)
            .limit(limit)
            .all(db);
        // The count and the page side by side on the pool's connections.
        let (total, page) = tokio::try_join!(total, page)?;
        Ok((rows(db, read.tenant_id(), page).await?, total))
    }

    /// The projects the reader sees that credit fellow `fellow_id`, with the
    /// fellow's role, by project name; `NotFound` when the reader may not see
    /// the fellow.
    pub async fn fellow_projects(&self, fellow_id: Uuid) -> StoreResult<Vec<FellowProject>> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        self.seen_fellow(fellow_id).await?;
        let links = project_fellow::Entity::find()
            .filter(project_fellow::Column::TenantId.eq(read.tenant_id()))
            .filter(project_fellow::Column::FellowId.eq(fellow_id))
            .filter(project_fellow::Column::ProjectId.in_subquery(visible_ids(read)))
            .all(db)
            .await?;
        let projects = project::Entity::find()
            .filter(project::Column::TenantId.eq(read.tenant_id()))
            .filter(project::Column::Id.is_in(links.iter().map(|l| l.project_id)))
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        let rows = rows(db, read.tenant_id(), projects).await?;
        Ok(rows
            .iter()
            .flat_map(|row| {
                let roles = links.iter().filter(|l| l.project_id == row.id).map(|l| role_of(&l.role));
                let mut roles: Vec<_> = roles.collect();
                roles.sort_by_key(|r| role_rank(*r));
                roles.into_iter().map(|role| FellowProject { project: row.clone(), role })
            })
            .collect())
    }

    /// The projects the reader sees that chamber `chamber_id` brought, by
    /// name; `NotFound` for a chamber the county does not have.
    pub async fn chamber_projects(&self, chamber_id: Uuid) -> StoreResult<Vec<ProjectRow>> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        chamber::Entity::find_by_id((read.tenant_id(), chamber_id)).one(db).await?.ok_or(StoreError::NotFound)?;
        let projects = project::Entity::find()
            .filter(visible(read))
            .filter(project::Column::SourceChamberId.eq(chamber_id))
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        rows(db, read.tenant_id(), projects).await
    }
}
