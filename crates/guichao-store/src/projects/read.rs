//! Reading one project with everything recorded about it: its history
//! (superseded events marked), its stage today, the fellows credited (named
//! only when the reader may see them), its funds in place and its team.

use super::facts::stage_event;
use super::scope::visible;
use super::{
    FundRow, ProjectDetail, ProjectFellowRow, Projects, StageEventRow, TeamMember, kind_of, role_of, role_rank,
    source_of,
};
use crate::entities::{
    chamber, company, fellow, project, project_fellow, project_fund, project_stage_event, project_team,
};
use crate::fellows::scope::visible_ids;
use crate::names::{unit_names, user_names};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::{FundEvidence, StageEvent, stage_as_of};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

impl Projects<'_> {
    /// One project the reader sees, or `NotFound`.
    pub async fn get(&self, id: Uuid) -> StoreResult<ProjectDetail> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let p = project::Entity::find()
            .filter(project::Column::Id.eq(id))
            .filter(visible(read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let rows = project_stage_event::Entity::find()
            .filter(project_stage_event::Column::TenantId.eq(t))
            .filter(project_stage_event::Column::ProjectId.eq(id))
            .order_by_asc(project_stage_event::Column::OnDate)
            .order_by_asc(project_stage_event::Column::RecordedAt)
            .all(db)
            .await?;
        let history: Vec<StageEvent> = rows.iter().map(stage_event).collect();
        let superseded: HashSet<Uuid> = rows.iter().filter_map(|e| e.supersedes).collect();
        let team: Vec<Uuid> = project_team::Entity::find()
            .select_only()
            .column(project_team::Column::UserId)
            .filter(project_team::Column::TenantId.eq(t))
            .filter(project_team::Column::ProjectId.eq(id))
            .into_tuple()
            .all(db)
            .await?;
        let users = user_names(
            db,
            t,
            team.iter().copied().chain(p.officer_id).chain(rows.iter().filter_map(|e| e.recorded_by)),
        )
        .await?;
        let name_of = |id: Option<Uuid>| id.and_then(|u| users.get(&u).cloned()).unwrap_or_default();
        let events = rows
            .iter()
            .map(|e| StageEventRow {
                id: e.id,
                stage: stage_event(e).stage,
                on: e.on_date,
                note: e.note.clone(),
                supersedes: e.supersedes,
                reason: e.reason.clone(),
                superseded: superseded.contains(&e.id),
                recorded_by: e.recorded_by,
                recorded_by_name: name_of(e.recorded_by),
                recorded_at: e.recorded_at,
            })
            .collect();
        let mut team: Vec<TeamMember> =
            team.into_iter().map(|user_id| TeamMember { user_id, name: name_of(Some(user_id)) }).collect();
        team.sort_by(|a, b| (&a.name, a.user_id).cmp(&(&b.name, b.user_id)));
        let funds = self.funds(db, id).await?;
        let lead = match p.follows_lead_id {
            Some(lead) => {
                project::Entity::find().filter(project::Column::Id.eq(lead)).filter(visible(read)).one(db).await?
            }
            None => None,
        };
        let company = match p.company_id {
            Some(c) => company::Entity::find_by_id((t, c)).one(db).await?.map(|c| c.name),
            None => None,
        };
        let chamber = match p.source_chamber_id {
            Some(c) => chamber::Entity::find_by_id((t, c)).one(db).await?.map(|c| c.name),
            None => None,
        };
        let unit = unit_names(db, t, [p.unit_id]).await?.remove(&p.unit_id).unwrap_or_default();
        let can_write = match self.actor().scope(Permission::ProjectWrite) {
            Ok(write) => {
                project::Entity::find().filter(project::Column::Id.eq(id)).filter(visible(&write)).count(db).await? > 0
            }
            Err(_) => false,
        };
        Ok(ProjectDetail {
            stage: stage_as_of(&history, today()),
            events,
            fellows: self.credited(db, id).await?,
            funds_in_place_fen: funds.iter().map(|f| f.amount_fen).sum(),
            funds,
            team,
            officer: name_of(p.officer_id),
            unit,
            company: company.unwrap_or_default(),
            source_chamber: chamber.unwrap_or_default(),
            follows_lead: lead.map(|l| l.name),
            kind: kind_of(&p.kind),
            source: source_of(&p.source),
            can_write,
            id: p.id,
            name: p.name,
            company_id: p.company_id,
            investment_fen: p.investment_fen,
            fixed_asset_fen: p.fixed_asset_fen,
            foreign_fen: p.foreign_fen,
            jobs_planned: p.jobs_planned,
            land_need_hundredths_mu: p.land_need_hundredths_mu,
            factory_need_m2: p.factory_need_m2,
            unit_id: p.unit_id,
            officer_id: p.officer_id,
            source_chamber_id: p.source_chamber_id,
            follows_lead_id: p.follows_lead_id,
            notes: p.notes,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        })
    }

    /// The project's funds in place, by date.
    async fn funds(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<Vec<FundRow>> {
        Ok(project_fund::Entity::find()
            .filter(project_fund::Column::TenantId.eq(self.actor().tenant_id))
            .filter(project_fund::Column::ProjectId.eq(id))
            .order_by_asc(project_fund::Column::OnDate)
            .order_by_asc(project_fund::Column::RecordedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|f| FundRow {
                id: f.id,
                amount_fen: f.amount_fen,
                on: f.on_date,
                evidence: FundEvidence::parse(&f.evidence).unwrap_or(FundEvidence::Other),
                note: f.note,
                recorded_by: f.recorded_by,
                recorded_at: f.recorded_at,
            })
            .collect())
    }

    /// The fellows credited with the project whom the reader may see, by
    /// name: the others are left out, not even counted (a fellow outside the
    /// reader's scope is not found, here as anywhere).
    async fn credited(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<Vec<ProjectFellowRow>> {
        let t = self.actor().tenant_id;
        let links = project_fellow::Entity::find()
            .filter(project_fellow::Column::TenantId.eq(t))
            .filter(project_fellow::Column::ProjectId.eq(id))
            .all(db)
            .await?;
        let names: HashMap<Uuid, String> = match self.actor().scope(Permission::FellowRead) {
            Ok(scope) => fellow::Entity::find()
                .select_only()
                .column(fellow::Column::Id)
                .column(fellow::Column::Name)
                .filter(fellow::Column::TenantId.eq(t))
                .filter(fellow::Column::Id.is_in(links.iter().map(|l| l.fellow_id)))
                .filter(fellow::Column::Id.in_subquery(visible_ids(&scope)))
                .into_tuple::<(Uuid, String)>()
                .all(db)
                .await?
                .into_iter()
                .collect(),
            Err(_) => HashMap::new(),
        };
        let mut rows: Vec<ProjectFellowRow> = links
            .into_iter()
            .filter_map(|l| {
                let name = names.get(&l.fellow_id)?.clone();
                Some(ProjectFellowRow { name, fellow_id: l.fellow_id, role: role_of(&l.role) })
            })
            .collect();
        rows.sort_by(|a, b| (&a.name, role_rank(a.role), a.fellow_id).cmp(&(&b.name, role_rank(b.role), b.fellow_id)));
        Ok(rows)
    }
}
