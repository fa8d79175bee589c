//! One fellow with everything that hangs off them, as the detail page shows it,
//! and the record's own audit trail.

use super::Fellows;
use super::personal::{PersonalField, shown};
use super::read::unit_names;
use super::scope::visible;
use crate::audit::AuditEntry;
use crate::entities::{
    audit_event, chamber, chamber_member, company, fellow, fellow_company, fellow_relation, fellow_role, import_fellow,
    liaison_assignment, user,
};
use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct CompanyLink {
    pub link_id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub industry: String,
    pub city: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChamberLink {
    pub chamber_id: Uuid,
    pub chamber: String,
    pub position: String,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
/// A relation of the fellow. When the viewer may not see the other fellow,
/// only that a relation of this kind exists is shown: no id, name or note.
pub struct RelationLink {
    pub id: Uuid,
    pub other_id: Option<Uuid>,
    pub other_name: Option<String>,
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeldRoleRow {
    pub id: Uuid,
    pub role: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub id: Uuid,
    pub cadre_id: Uuid,
    pub cadre_name: String,
    pub level: String,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

/// A fellow as the detail page and the API show them. Personal data is masked.
#[derive(Debug, Clone, Serialize)]
pub struct FellowView {
    pub id: Uuid,
    pub name: String,
    pub gender: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub category: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    pub village_id: Option<Uuid>,
    pub village: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub tags: Vec<String>,
    pub status: String,
    pub source: String,
    pub notes: String,
    pub consent: bool,
    pub version: i32,
    pub archived_at: Option<DateTime<Utc>>,
    pub merged_into: Option<Uuid>,
    pub companies: Vec<CompanyLink>,
    pub chambers: Vec<ChamberLink>,
    pub relations: Vec<RelationLink>,
    pub roles: Vec<HeldRoleRow>,
    /// Live liaison assignments.
    pub assignments: Vec<AssignmentRow>,
    /// Whether the viewer may edit, and reveal personal data.
    pub can_write: bool,
    pub can_reveal: bool,
}

impl Fellows<'_> {
    /// A fellow the actor may see (archived ones included), or `NotFound`.
    pub(crate) async fn model(&self, id: Uuid) -> StoreResult<fellow::Model> {
        let store = self.store();
        let scope = self.0.also(Permission::FellowRead)?;
        fellow::Entity::find()
            .filter(fellow::Column::Id.eq(id))
            .filter(visible(&scope))
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn may(&self, permission: Permission, id: Uuid) -> StoreResult<bool> {
        let (store, actor) = (self.store(), self.actor());
        let Ok(scope) = actor.scope(permission) else { return Ok(false) };
        Ok(fellow::Entity::find()
            .filter(fellow::Column::Id.eq(id))
            .filter(visible(&scope))
            .one(&store.db)
            .await?
            .is_some())
    }

    pub async fn get(&self, id: Uuid) -> StoreResult<FellowView> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowRead)?;
        let f = self.model(id).await?;
        let t = actor.tenant_id;
        let key = store.field_key()?;
        let units = unit_names(&store.db, t, [f.township_id, f.village_id].into_iter().flatten().collect()).await?;

        let links = fellow_company::Entity::find()
            .filter(fellow_company::Column::TenantId.eq(t))
            .filter(fellow_company::Column::FellowId.eq(id))
            .all(&store.db)
            .await?;
        let companies: HashMap<Uuid, company::Model> = company::Entity::find()
            .filter(company::Column::TenantId.eq(t))
            .filter(company::Column::Id.is_in(links.iter().map(|l| l.company_id)))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let companies = links
            .into_iter()
            .filter_map(|l| {
                let c = companies.get(&l.company_id)?;
                Some(CompanyLink {
                    link_id: l.id,
                    company_id: c.id,
                    name: c.name.clone(),
                    credit_code: c.credit_code.clone(),
                    industry: c.industry.clone(),
                    city: c.city.clone(),
                    role: l.role,
                })
            })
            .collect();

        let memberships = chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(t))
            .filter(chamber_member::Column::FellowId.eq(id))
            .filter(chamber_member::Column::Until.is_null())
            .all(&store.db)
            .await?;
        let chamber_names: HashMap<Uuid, String> = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .filter(chamber::Column::Id.is_in(memberships.iter().map(|m| m.chamber_id)))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let chambers = memberships
            .into_iter()
            .map(|m| ChamberLink {
                chamber: chamber_names.get(&m.chamber_id).cloned().unwrap_or_default(),
                chamber_id: m.chamber_id,
                position: m.position,
                since: m.since,
            })
            .collect();

        let relations = fellow_relation::Entity::find()
            .filter(fellow_relation::Column::TenantId.eq(t))
            .filter(
                Condition::any()
                    .add(fellow_relation::Column::FellowA.eq(id))
                    .add(fellow_relation::Column::FellowB.eq(id)),
            )
            .all(&store.db)
            .await?;
        let others: Vec<Uuid> =
            relations.iter().map(|r| if r.fellow_a == id { r.fellow_b } else { r.fellow_a }).collect();
        let visible_names: HashMap<Uuid, String> = self
            .visible(Permission::FellowRead)?
            .filter(fellow::Column::Id.is_in(others.clone()))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let relations = relations
            .into_iter()
            .zip(others)
            .map(|(r, other)| match visible_names.get(&other) {
                Some(name) => RelationLink {
                    id: r.id,
                    other_id: Some(other),
                    other_name: Some(name.clone()),
                    kind: r.kind,
                    note: r.note,
                },
                None => RelationLink { id: r.id, other_id: None, other_name: None, kind: r.kind, note: String::new() },
            })
            .collect();

        let roles = fellow_role::Entity::find()
            .filter(fellow_role::Column::TenantId.eq(t))
            .filter(fellow_role::Column::FellowId.eq(id))
            .order_by_asc(fellow_role::Column::StartDate)
            .all(&store.db)
            .await?
            .into_iter()
            .map(|r| HeldRoleRow {
                id: r.id,
                role: r.role,
                start_date: r.start_date,
                end_date: r.end_date,
                note: r.note,
            })
            .collect();

        let assignments = liaison_assignment::Entity::find()
            .filter(liaison_assignment::Column::TenantId.eq(t))
            .filter(liaison_assignment::Column::FellowId.eq(id))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .all(&store.db)
            .await?;
        let cadres: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Id.is_in(assignments.iter().map(|a| a.cadre_id)))
            .all(&store.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let assignments = assignments
            .into_iter()
            .map(|a| AssignmentRow {
                id: a.id,
                cadre_name: cadres.get(&a.cadre_id).cloned().unwrap_or_default(),
                cadre_id: a.cadre_id,
                level: a.level,
                cycle_days: a.cycle_days,
                started_at: a.started_at,
            })
            .collect();

        Ok(FellowView {
            phone: shown(key, &f, PersonalField::Phone),
            id_number: shown(key, &f, PersonalField::IdNumber),
            wechat: shown(key, &f, PersonalField::WeChat),
            email: shown(key, &f, PersonalField::Email),
            township: f.township_id.and_then(|u| units.get(&u).cloned()).unwrap_or_default(),
            village: f.village_id.and_then(|u| units.get(&u).cloned()).unwrap_or_default(),
            tags: f.tags.split_whitespace().map(str::to_string).collect(),
            can_write: self.may(Permission::FellowWrite, id).await?,
            can_reveal: self.may(Permission::FellowReveal, id).await?,
            id: f.id,
            name: f.name,
            gender: f.gender,
            birth_date: f.birth_date,
            category: f.category,
            township_id: f.township_id,
            village_id: f.village_id,
            province: f.province,
            city: f.city,
            district: f.district,
            employer: f.employer,
            title: f.title,
            industry: f.industry,
            status: f.status,
            source: f.source,
            notes: f.notes,
            consent: f.consent,
            version: f.version,
            archived_at: f.archived_at,
            merged_into: f.merged_into,
            companies,
            chambers,
            relations,
            roles,
            assignments,
        })
    }

    /// The audit events about one fellow, newest first, for anyone who may see
    /// the fellow (their record's history is part of the record): those that
    /// name the fellow, and those of the imports that wrote them (an import is
    /// one event: the import that created them, and those that updated or
    /// merged into them, linked by `import_fellows`).
    pub async fn history(&self, id: Uuid) -> StoreResult<Vec<AuditEntry>> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowRead)?;
        let fellow = self.model(id).await?;
        let linked = import_fellow::Entity::find()
            .filter(import_fellow::Column::TenantId.eq(actor.tenant_id))
            .filter(import_fellow::Column::FellowId.eq(id))
            .all(&store.db)
            .await?;
        let imports: Vec<String> = fellow
            .import_id
            .into_iter()
            .chain(linked.into_iter().map(|link| link.import_id))
            .map(|i| i.to_string())
            .collect();
        let about = Condition::any()
            .add(
                Condition::all()
                    .add(audit_event::Column::TargetType.eq("fellow"))
                    .add(audit_event::Column::TargetId.eq(id.to_string())),
            )
            .add(
                Condition::all()
                    .add(audit_event::Column::TargetType.eq("import"))
                    .add(audit_event::Column::TargetId.is_in(imports)),
            );
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::TenantId.eq(actor.tenant_id))
            .filter(about)
            .order_by_desc(audit_event::Column::Seq)
            .all(&store.db)
            .await?;
        Ok(rows.into_iter().map(AuditEntry::from_model).collect())
    }
}
