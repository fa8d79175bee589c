//! Importing a county's project ledger (项目台账) as a signed-in user: the
//! write of every accepted project with its team, stage events, fellow
//! credits and investor company in one transaction with one audit event, or
//! nothing. What the rows are matched against first is in [`super::directory`].
//!
//! The rows come checked by the spreadsheet pipeline, and are checked again
//! here by the same rules the form and the stage events keep
//! ([`ProjectDraft::check`], [`check_new`]) and against the database (the
//! unit in the writer's scope, users and chambers of the county, fellows the
//! writer may see), so that nothing reaches the tables that a form could not write.

use super::Projects;
use super::standing;
use super::write::row_of;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{chamber, company, fellow, org_unit, project_fellow, project_stage_event, project_team, user};
use crate::fellows::insert_models;
use crate::{Scope, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::CreditCode;
use guichao_domain::ids::new_id;
use guichao_domain::projects::{NOTE, NewStageEvent, ProjectDraft, ProjectRole, REASON, StageEvent, check_new};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Select};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Ids per `IN (...)` list.
const IDS_PER_QUERY: usize = 500;

/// The investor company a ledger row names: an existing company of the
/// county with this credit code (or, without one, this name), else a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerCompany {
    pub name: String,
    pub credit_code: Option<CreditCode>,
}

/// One project of a ledger, as the spreadsheet pipeline accepted it.
#[derive(Debug, Clone)]
pub struct ImportedProject {
    /// The row of the file, for messages.
    pub row: u64,
    /// The project; its `company_id` comes from `company` on the write, and
    /// it follows no lead (a ledger names none).
    pub draft: ProjectDraft,
    pub company: Option<LedgerCompany>,
    /// Its milestones, in the order they are recorded (each checked against the earlier ones).
    pub events: Vec<NewStageEvent>,
    pub fellows: Vec<(Uuid, ProjectRole)>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProjectImportCounts {
    pub projects: usize,
    pub events: usize,
    pub credits: usize,
    /// Companies the import added (known ones are reused).
    pub companies: usize,
}

/// Checks a row's events one after the other as the form would record them
/// on `day`; the first refusal names the row and the stage.
fn check_events(row: u64, events: &[NewStageEvent], day: chrono::NaiveDate) -> StoreResult<Vec<StageEvent>> {
    let mut known: Vec<StageEvent> = Vec::with_capacity(events.len());
    for e in events {
        check_new(&known, e, day).map_err(|err| {
            let label = e.stage.date_label(guichao_domain::Lang::Zh);
            StoreError::invalid(
                format!("第{row}行{label}：{}", err.message.zh),
                format!("Row {row}, {}: {}", e.stage.date_label(guichao_domain::Lang::En), err.message.en),
            )
        })?;
        known.push(StageEvent {
            id: new_id(),
            stage: e.stage,
            on: e.on,
            note: NOTE.check(&e.note).map_err(StoreError::Invalid)?,
            supersedes: None,
            reason: REASON.check(&e.reason).map_err(StoreError::Invalid)?,
        });
    }
    Ok(known)
}

/// Whether `select` (the tenant's rows among a chunk of ids, as far as the
/// rule allows) finds every one of `ids`.
async fn found<E>(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
    select: impl Fn(Vec<Uuid>) -> Select<E>,
) -> StoreResult<bool>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    let ids: Vec<Uuid> = ids.iter().copied().collect();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        if select(chunk.to_vec()).count(db).await? != chunk.len() as u64 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A row checked by the domain's rules, ready to write.
struct Checked {
    draft: ProjectDraft,
    company: Option<LedgerCompany>,
    events: Vec<StageEvent>,
    fellows: Vec<(Uuid, ProjectRole)>,
}

impl Projects<'_> {
    /// Writes `rows` as the actor in one transaction, audited as one import
    /// whose detail carries `source` (the file's name, digest and row
    /// counts). Every row keeps the rules of the project form and of the
    /// stage events, names a responsible unit in the actor's scope, users
    /// and chambers of the county and fellows the actor may see; otherwise
    /// nothing is written.
    pub async fn import(
        &self,
        rows: Vec<ImportedProject>,
        source: serde_json::Value,
    ) -> StoreResult<ProjectImportCounts> {
        let (store, actor) = (self.store(), self.actor());
        let write = self.0.need(Permission::ProjectWrite)?;
        let t = actor.tenant_id;
        if rows.is_empty() {
            return Ok(ProjectImportCounts::default());
        }
        let (day, at) = (today(), now());
        let mut checked = Vec::with_capacity(rows.len());
        for r in rows {
            let draft = r.draft.check().map_err(|errors| {
                let m = StoreError::joined(&errors);
                StoreError::invalid(format!("第{}行：{}", r.row, m.zh), format!("Row {}: {}", r.row, m.en))
            })?;
            let events = check_events(r.row, &r.events, day)?;
            let mut fellows = r.fellows.clone();
            fellows.sort_by_key(|(id, role)| (*id, role.code()));
            fellows.dedup();
            checked.push(Checked { draft, company: r.company, events, fellows });
        }
        let tx = store.begin_write().await?;
        self.check_references(&*tx, write, &checked).await?;
        let (companies, new_companies) = companies(&*tx, t, checked.iter().filter_map(|c| c.company.as_ref())).await?;
        insert_models(&*tx, &new_companies).await?;
        let (mut projects, mut events, mut credits, mut team) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut standings = Vec::new();
        for Checked { draft: d, company, events: stages, fellows } in checked {
            let id = new_id();
            let company_id = company.as_ref().and_then(|c| companies.get(&key(c)).copied());
            standings.push(standing::row(t, id, &stages));
            events.extend(stages.into_iter().map(|e| project_stage_event::Model {
                tenant_id: t,
                id: e.id,
                project_id: id,
                stage: e.stage.code().to_string(),
                on_date: e.on,
                note: e.note,
                supersedes: None,
                reason: e.reason,
                recorded_by: Some(actor.user_id),
                recorded_at: at,
            }));
            credits.extend(fellows.into_iter().map(|(fellow_id, role)| project_fellow::Model {
                tenant_id: t,
                project_id: id,
                fellow_id,
                role: role.code().to_string(),
                created_at: at,
            }));
            team.extend(d.team.iter().map(|&user_id| project_team::Model { tenant_id: t, project_id: id, user_id }));
            projects.push(row_of(t, id, ProjectDraft { company_id, follows_lead_id: None, ..d }, 1, at));
        }
        insert_models(&*tx, &projects).await?;
        insert_models(&*tx, &team).await?;
        insert_models(&*tx, &events).await?;
        insert_models(&*tx, &standings).await?;
        insert_models(&*tx, &credits).await?;
        let counts = ProjectImportCounts {
            projects: projects.len(),
            events: events.len(),
            credits: credits.len(),
            companies: new_companies.len(),
        };
        let mut detail = json!(counts);
        if let (Some(detail), serde_json::Value::Object(source)) = (detail.as_object_mut(), source) {
            detail.extend(source);
        }
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectImport, "import", new_id(), detail)).await?;
        tx.commit().await?;
        store.after_bulk_write_to(crate::maintenance::PROJECT_TABLES, (counts.projects + counts.events) as u64).await;
        Ok(counts)
    }

    /// Refuses the whole import when a row names a unit outside the actor's
    /// scope, a user or chamber the county lacks, or a fellow the actor may not see.
    async fn check_references(&self, db: &impl ConnectionTrait, write: &Scope, rows: &[Checked]) -> StoreResult<()> {
        let t = write.tenant_id();
        let units: BTreeSet<Uuid> = rows.iter().map(|r| r.draft.unit_id).collect();
        let officers: BTreeSet<Uuid> =
            rows.iter().flat_map(|r| r.draft.officer_id.iter().chain(&r.draft.team).copied()).collect();
        let chambers: BTreeSet<Uuid> = rows.iter().filter_map(|r| r.draft.source_chamber_id).collect();
        let fellows: BTreeSet<Uuid> = rows.iter().flat_map(|r| r.fellows.iter().map(|(id, _)| *id)).collect();
        let in_scope = |ids: Vec<Uuid>| {
            org_unit::Entity::find()
                .filter(org_unit::Column::Id.is_in(ids))
                .filter(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
        };
        if !found(db, &units, in_scope).await? {
            return Err(StoreError::field(
                "unit_id",
                "有责任单位不在您的工作范围内，未导入任何项目",
                "A responsible unit is outside your scope; nothing was imported",
            ));
        }
        let users = |ids: Vec<Uuid>| {
            user::Entity::find().filter(user::Column::TenantId.eq(t)).filter(user::Column::Id.is_in(ids))
        };
        if !found(db, &officers, users).await? {
            return Err(StoreError::field(
                "officer_id",
                "有项目警官或团队成员不是本县用户，未导入任何项目",
                "A project officer or team member is not a user of this county; nothing was imported",
            ));
        }
        let known = |ids: Vec<Uuid>| {
            chamber::Entity::find().filter(chamber::Column::TenantId.eq(t)).filter(chamber::Column::Id.is_in(ids))
        };
        if !found(db, &chambers, known).await? {
            return Err(StoreError::field(
                "source_chamber_id",
                "有来源商会不存在，未导入任何项目",
                "A source chamber does not exist; nothing was imported",
            ));
        }
        let seen = match self.0.also(Permission::FellowRead) {
            Ok(read) => {
                let seen = |ids: Vec<Uuid>| {
                    fellow::Entity::find()
                        .filter(fellow::Column::Id.is_in(ids))
                        .filter(crate::fellows::scope::visible(&read))
                };
                found(db, &fellows, seen).await?
            }
            Err(_) => fellows.is_empty(),
        };
        if !seen {
            return Err(StoreError::field(
                "fellows",
                "有乡友不在您的查看范围内，未导入任何项目",
                "A fellow is outside your scope; nothing was imported",
            ));
        }
        Ok(())
    }
}

/// What identifies a company within a county: its credit code, else its name.
fn key(c: &LedgerCompany) -> String {
    match &c.credit_code {
        Some(code) => format!("code:{}", code.as_str()),
        None => format!("name:{}", c.name.trim()),
    }
}

/// The id of every company `named` (by [`key`]): the county's known ones,
/// and new models for the rest, first mention first.
async fn companies<'a>(
    db: &impl ConnectionTrait,
    t: Uuid,
    named: impl Iterator<Item = &'a LedgerCompany>,
) -> StoreResult<(HashMap<String, Uuid>, Vec<company::Model>)> {
    let mut wanted: Vec<&LedgerCompany> = Vec::new();
    for c in named {
        if !wanted.iter().any(|w| key(w) == key(c)) {
            wanted.push(c);
        }
    }
    let codes: Vec<String> =
        wanted.iter().filter_map(|c| c.credit_code.as_ref().map(|x| x.as_str().to_string())).collect();
    let names: Vec<String> =
        wanted.iter().filter(|c| c.credit_code.is_none()).map(|c| c.name.trim().to_string()).collect();
    let mut ids = HashMap::new();
    for chunk in codes.chunks(IDS_PER_QUERY) {
        let found: Vec<(Uuid, Option<String>)> = company::Entity::find()
            .select_only()
            .column(company::Column::Id)
            .column(company::Column::CreditCode)
            .filter(company::Column::TenantId.eq(t))
            .filter(company::Column::CreditCode.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(found.into_iter().filter_map(|(id, code)| Some((format!("code:{}", code?), id))));
    }
    for chunk in names.chunks(IDS_PER_QUERY) {
        let found: Vec<(Uuid, String)> = company::Entity::find()
            .select_only()
            .column(company::Column::Id)
            .column(company::Column::Name)
            .filter(company::Column::TenantId.eq(t))
            .filter(company::Column::Name.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, name) in found {
            ids.entry(format!("name:{name}")).or_insert(id);
        }
    }
    let mut new = Vec::new();
    for c in wanted {
        if ids.contains_key(&key(c)) {
            continue;
        }
        let name = c.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::invalid(
                "投资企业名称不能为空，且不超过100个字",
                "A company name is required, at most 100 characters",
            ));
        }
        let model = company::Model {
            tenant_id: t,
            id: new_id(),
            name,
            credit_code: c.credit_code.as_ref().map(|x| x.as_str().to_string()),
            industry: String::new(),
            city: String::new(),
            created_at: now(),
        };
        ids.insert(key(c), model.id);
        new.push(model);
    }
    Ok((ids, new))
}
