//! Creating a project, and finding one for a write. The draft's own rules
//! are the domain's ([`ProjectDraft::check`]); what needs the database is
//! checked here: the responsible unit lies in the writer's scope, the
//! officer and the team are users of the county, the company, the chamber
//! and the earlier lead exist (the lead among the projects the writer sees).

use super::company::company_id;
use super::scope::visible;
use super::standing;
use super::{ProjectDraft, Projects};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{chamber, company, org_unit, project, project_team, user};
use crate::fellows::insert_models;
use crate::{Scope, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::projects::CompanyRef;
use guichao_domain::search::sort_key;
use sea_orm::prelude::DateTimeUtc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

/// The image of a project in the audit chain.
pub(super) fn image(p: &project::Model, team: &[Uuid], company: Option<&str>) -> Value {
    json!({
        "name": p.name, "company": company, "kind": p.kind, "investment_fen": p.investment_fen,
        "fixed_asset_fen": p.fixed_asset_fen, "foreign_fen": p.foreign_fen, "jobs_planned": p.jobs_planned,
        "land_need_hundredths_mu": p.land_need_hundredths_mu, "factory_need_m2": p.factory_need_m2,
        "unit_id": p.unit_id, "officer_id": p.officer_id, "team": team, "source": p.source,
        "source_chamber_id": p.source_chamber_id, "follows_lead_id": p.follows_lead_id, "notes": p.notes,
    })
}

/// The row of a checked draft: project `id` of `tenant_id` at `version`,
/// created (or last changed) `at`.
pub(super) fn row_of(tenant_id: Uuid, id: Uuid, d: ProjectDraft, version: i32, at: DateTimeUtc) -> project::Model {
    project::Model {
        tenant_id,
        id,
        sort_key: sort_key(&d.name),
        name: d.name,
        company_id: d.company_id,
        kind: d.kind.code().to_string(),
        investment_fen: d.investment_fen,
        fixed_asset_fen: d.fixed_asset_fen,
        foreign_fen: d.foreign_fen,
        jobs_planned: d.jobs_planned,
        land_need_hundredths_mu: d.land_need_hundredths_mu,
        factory_need_m2: d.factory_need_m2,
        unit_id: d.unit_id,
        officer_id: d.officer_id,
        source: d.source.code().to_string(),
        source_chamber_id: d.source_chamber_id,
        follows_lead_id: d.follows_lead_id,
        notes: d.notes,
        version,
        created_at: at,
        updated_at: at,
    }
}

/// How many of `ids` the tenant's users are.
async fn users_found(db: &impl ConnectionTrait, tenant_id: Uuid, ids: &[Uuid]) -> StoreResult<usize> {
    let found = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .count(db)
        .await?;
    Ok(found as usize)
}

/// The references of a checked draft, each refused under its field when it
/// does not hold; the company's name when there is one. `kept_unit`, the
/// unit a project being edited already has, stands even outside the
/// writer's units (an officer edits the project they carry).
pub(super) async fn references(
    db: &impl ConnectionTrait,
    write: &Scope,
    d: &ProjectDraft,
    kept_unit: Option<Uuid>,
) -> StoreResult<Option<String>> {
    let t = write.tenant_id();
    let mut errors = Vec::new();
    let unit = org_unit::Entity::find()
        .filter(org_unit::Column::Id.eq(d.unit_id))
        .filter(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
        .count(db)
        .await?;
    if unit == 0 && kept_unit != Some(d.unit_id) {
        errors.push(FormError::new(
            "unit_id",
            "责任单位不在您的工作范围内",
            "The responsible unit is outside your scope",
        ));
    }
    if let Some(officer) = d.officer_id
        && users_found(db, t, &[officer]).await? == 0
    {
        errors.push(FormError::new(
            "officer_id",
            "项目警官须为本县用户",
            "The project officer must be a user of this county",
        ));
    }
    if users_found(db, t, &d.team).await? != d.team.len() {
        errors.push(FormError::new("team", "项目团队成员须为本县用户", "Team members must be users of this county"));
    }
    let company = match d.company_id {
        Some(id) => company::Entity::find_by_id((t, id)).one(db).await?.map(|c| c.name),
        None => None,
    };
    if d.company_id.is_some() && company.is_none() {
        errors.push(FormError::new("company_id", "投资企业不存在", "No such company"));
    }
    if let Some(id) = d.source_chamber_id
        && chamber::Entity::find_by_id((t, id)).one(db).await?.is_none()
    {
        errors.push(FormError::new("source_chamber_id", "来源商会不存在", "No such chamber"));
    }
    if let Some(id) = d.follows_lead_id {
        let seen = project::Entity::find().filter(project::Column::Id.eq(id)).filter(visible(write)).count(db).await?;
        if seen == 0 {
            errors.push(FormError::new("follows_lead_id", "来源线索不存在", "No such lead"));
        }
    }
    if errors.is_empty() { Ok(company) } else { Err(StoreError::Fields(errors)) }
}

impl Projects<'_> {
    /// The project `id` for a write, locked until `db`'s transaction ends:
    /// `Forbidden` on a read handle or when the actor sees the project but
    /// may not change it, `NotFound` when they may not see it. The park's
    /// allocations are written under the same rule.
    pub(crate) async fn writable(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<project::Model> {
        let write = self.0.need(Permission::ProjectWrite)?;
        let find = || project::Entity::find().filter(project::Column::Id.eq(id));
        if let Some(p) = find().filter(visible(write)).lock_exclusive().one(db).await? {
            return Ok(p);
        }
        let seen = match self.0.also(Permission::ProjectRead) {
            Ok(read) => find().filter(visible(&read)).count(db).await? > 0,
            Err(_) => false,
        };
        Err(if seen { StoreError::Forbidden } else { StoreError::NotFound })
    }

    /// Records a project with its team; returns its id. Its stages, credits
    /// and funds are recorded apart.
    pub async fn create(&self, draft: ProjectDraft) -> StoreResult<Uuid> {
        self.create_with_company(draft, None).await
    }

    /// [`Projects::create`], with the investor company named rather than
    /// chosen: found by its code or name, recorded when new.
    pub async fn create_with_company(&self, draft: ProjectDraft, company: Option<CompanyRef>) -> StoreResult<Uuid> {
        let actor = self.actor();
        let write = self.0.need(Permission::ProjectWrite)?;
        let mut d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        if let Some(c) = &company {
            d.company_id = Some(company_id(&*tx, actor.tenant_id, c).await?);
        }
        let company = references(&*tx, write, &d, None).await?;
        let row = row_of(actor.tenant_id, new_id(), d.clone(), 1, now());
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        insert_models(&*tx, &[standing::row(actor.tenant_id, row.id, &[])]).await?;
        let team: Vec<project_team::Model> = d
            .team
            .iter()
            .map(|&user_id| project_team::Model { tenant_id: actor.tenant_id, project_id: row.id, user_id })
            .collect();
        insert_models(&*tx, &team).await?;
        let detail = json!({"after": image(&row, &d.team, company.as_deref())});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::ProjectCreate, "project", row.id, detail))
            .await?;
        tx.commit().await?;
        Ok(row.id)
    }
}
