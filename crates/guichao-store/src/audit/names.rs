//! The names people read in place of the ids an audit event holds: who did
//! it (display name and unit), what it was done to, and the ids in its before
//! and after images. A fellow is named only when the reader may see them (by
//! the registry's rule); an event about a fellow out of sight keeps neither
//! the name nor the details.

use super::list::AuditEntry;
use crate::entities::{
    api_token, chain, chain_node, chamber, event, fellow, org_unit, park_parcel, park_unit, project, role, tenant, user,
};
use crate::fellows::scope::visible;
use crate::{Scoped, StoreResult};
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// A record an event may be about.
pub(super) struct ObjectRef {
    pub kind: &'static str,
    pub id: Uuid,
}

/// The names for one page of events.
#[derive(Default)]
pub(super) struct Names {
    fellows: HashMap<Uuid, String>,
    /// Display name and unit of each user.
    users: HashMap<Uuid, (String, String)>,
    units: HashMap<Uuid, String>,
    chambers: HashMap<Uuid, String>,
    roles: HashMap<Uuid, String>,
    tokens: HashMap<Uuid, String>,
    /// Projects, chains and the park's land (with `project.read`, projects
    /// in the reader's sight only) and liaison events (likewise).
    records: HashMap<Uuid, String>,
    county: String,
    /// Whether the reader may see fellows at all.
    reads_fellows: bool,
}

/// Every id an event holds: its actor, its target and the ids in its detail.
fn ids_of(e: &AuditEntry, out: &mut HashSet<Uuid>) {
    out.extend(e.actor_id);
    out.extend(Uuid::parse_str(&e.target_id).ok());
    ids_of_detail(&e.detail, out);
}

impl Names {
    /// Looks up every id of `rows` once, table by table.
    pub(super) async fn resolve(scoped: &Scoped<'_>, rows: &[AuditEntry]) -> StoreResult<Names> {
        let (db, t) = (&scoped.store.db, scoped.actor.tenant_id);
        let mut ids = HashSet::new();
        for e in rows {
            ids_of(e, &mut ids);
        }
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let mut names = Names::default();
        let mut unit_ids: Vec<Uuid> = ids.clone();
        let users =
            user::Entity::find().filter(user::Column::TenantId.eq(t)).filter(user::Column::Id.is_in(ids.clone()));
        let users = users.all(db).await?;
        unit_ids.extend(users.iter().map(|u| u.unit_id));
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .filter(org_unit::Column::Id.is_in(unit_ids))
            .all(db)
            .await?;
        names.units = units.into_iter().map(|u| (u.id, u.name)).collect();
        for u in users {
            let unit = names.units.get(&u.unit_id).cloned().unwrap_or_default();
            names.users.insert(u.id, (format!("{}（{}）", u.display_name, u.username), unit));
        }
        let chambers = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .filter(chamber::Column::Id.is_in(ids.clone()));
        names.chambers = chambers.all(db).await?.into_iter().map(|c| (c.id, c.name)).collect();
        let roles =
            role::Entity::find().filter(role::Column::TenantId.eq(t)).filter(role::Column::Id.is_in(ids.clone()));
        names.roles = roles.all(db).await?.into_iter().map(|r| (r.id, r.name)).collect();
        let tokens = api_token::Entity::find()
            .filter(api_token::Column::TenantId.eq(t))
            .filter(api_token::Column::Id.is_in(ids.clone()));
        names.tokens = tokens.all(db).await?.into_iter().map(|k| (k.id, k.name)).collect();
        names.county = tenant::Entity::find_by_id(t).one(db).await?.map(|c| c.name).unwrap_or_default();
        names.records = records(scoped, &ids).await?;
        if let Ok(read) = reading(scoped, Permission::FellowRead) {
            names.reads_fellows = true;
            names.fellows = fellow::Entity::find()
                .select_only()
                .column(fellow::Column::Id)
                .column(fellow::Column::Name)
                .filter(visible(&read))
                .filter(fellow::Column::Id.is_in(ids))
                .into_tuple::<(Uuid, String)>()
                .all(db)
                .await?
                .into_iter()
                .collect();
        }
        Ok(names)
    }

    /// The records called `name` that events may be about: fellows the reader
    /// may see, chambers, users (display name or username) and units.
    pub(super) async fn named(scoped: &Scoped<'_>, name: &str) -> StoreResult<Vec<ObjectRef>> {
        let (db, t) = (&scoped.store.db, scoped.actor.tenant_id);
        let mut found = Vec::new();
        if let Ok(read) = reading(scoped, Permission::FellowRead) {
            let ids: Vec<Uuid> = fellow::Entity::find()
                .select_only()
                .column(fellow::Column::Id)
                .filter(visible(&read))
                .filter(fellow::Column::Name.eq(name))
                .into_tuple()
                .all(db)
                .await?;
            found.extend(ids.into_iter().map(|id| ObjectRef { kind: "fellow", id }));
        }
        let chambers =
            chamber::Entity::find().filter(chamber::Column::TenantId.eq(t)).filter(chamber::Column::Name.eq(name));
        found.extend(chambers.all(db).await?.into_iter().map(|c| ObjectRef { kind: "chamber", id: c.id }));
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(Condition::any().add(user::Column::DisplayName.eq(name)).add(user::Column::Username.eq(name)));
        found.extend(users.all(db).await?.into_iter().map(|u| ObjectRef { kind: "user", id: u.id }));
        let units =
            org_unit::Entity::find().filter(org_unit::Column::TenantId.eq(t)).filter(org_unit::Column::Name.eq(name));
        found.extend(units.all(db).await?.into_iter().map(|u| ObjectRef { kind: "unit", id: u.id }));
        Ok(found)
    }

    /// The name of any id the reader may read.
    fn name(&self, id: Uuid) -> Option<String> {
        self.fellows
            .get(&id)
            .or_else(|| self.units.get(&id))
            .or_else(|| self.users.get(&id).map(|(name, _)| name))
            .or_else(|| self.chambers.get(&id))
            .or_else(|| self.roles.get(&id))
            .or_else(|| self.records.get(&id))
            .cloned()
    }

    /// The events as the reader reads them.
    pub(super) fn entries(&self, entries: Vec<AuditEntry>) -> Vec<AuditEntry> {
        entries.into_iter().map(|e| self.entry(e)).collect()
    }

    fn entry(&self, mut entry: AuditEntry) -> AuditEntry {
        let target = Uuid::parse_str(&entry.target_id).ok();
        if let Some((display, unit)) = entry.actor_id.and_then(|id| self.users.get(&id)) {
            entry.actor_display = Some(display.clone());
            entry.actor_unit = Some(unit.clone());
        }
        entry.target_name = match (entry.target_type.as_str(), target) {
            ("fellow", Some(id)) => self.fellows.get(&id).cloned(),
            ("user", Some(id)) => self.users.get(&id).map(|(name, _)| name.clone()),
            ("unit", Some(id)) => self.units.get(&id).cloned(),
            ("chamber", Some(id)) => self.chambers.get(&id).cloned(),
            ("api_token", Some(id)) => self.tokens.get(&id).cloned(),
            ("project" | "chain" | "chain_node" | "park_parcel" | "park_unit" | "event", Some(id)) => {
                self.records.get(&id).cloned()
            }
            ("tenant", _) => Some(self.county.clone()),
            _ => None,
        };
        let hidden = entry.target_type == "fellow" && (!self.reads_fellows || entry.target_name.is_none());
        if hidden {
            entry.detail = Value::Null;
            return entry;
        }
        let mut ids = HashSet::new();
        ids_of_detail(&entry.detail, &mut ids);
        entry.names =
            ids.into_iter().filter_map(|id| Some((id.to_string(), self.name(id)?))).collect::<BTreeMap<_, _>>();
        entry
    }
}

/// The names of the projects, chains, chain nodes, park parcels and units
/// and liaison events among `ids` that the reader may read.
async fn records(scoped: &Scoped<'_>, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, String>> {
    let (db, t) = (&scoped.store.db, scoped.actor.tenant_id);
    let mut out = HashMap::new();
    if let Ok(read) = reading(scoped, Permission::ProjectRead) {
        let projects = project::Entity::find()
            .filter(crate::projects::scope::visible(&read))
            .filter(project::Column::Id.is_in(ids.iter().copied()));
        out.extend(projects.all(db).await?.into_iter().map(|p| (p.id, p.name)));
        let chains = chain::Entity::find()
            .filter(chain::Column::TenantId.eq(t))
            .filter(chain::Column::Id.is_in(ids.iter().copied()));
        out.extend(chains.all(db).await?.into_iter().map(|c| (c.id, c.name)));
        let nodes = chain_node::Entity::find()
            .filter(chain_node::Column::TenantId.eq(t))
            .filter(chain_node::Column::Id.is_in(ids.iter().copied()));
        out.extend(nodes.all(db).await?.into_iter().map(|n| (n.id, n.name)));
        let parcels = park_parcel::Entity::find()
            .filter(park_parcel::Column::TenantId.eq(t))
            .filter(park_parcel::Column::Id.is_in(ids.iter().copied()));
        out.extend(parcels.all(db).await?.into_iter().map(|p| (p.id, p.name)));
        let units = park_unit::Entity::find()
            .filter(park_unit::Column::TenantId.eq(t))
            .filter(park_unit::Column::Id.is_in(ids.iter().copied()));
        out.extend(units.all(db).await?.into_iter().map(|u| (u.id, format!("{} {}", u.building, u.unit_no))));
    }
    if let Ok(read) = reading(scoped, Permission::LiaisonRead) {
        let events = event::Entity::find()
            .filter(crate::events::visible_events(&read))
            .filter(event::Column::Id.is_in(ids.iter().copied()));
        out.extend(events.all(db).await?.into_iter().map(|e| (e.id, e.title)));
    }
    Ok(out)
}

/// The scope within which the reader sees the names and details of the
/// records of `permission` in the log: their own scope for it; a county-wide
/// reader of the log (the audit admin, 三员分立, who holds no registry data)
/// sees every record's, since auditing them is their duty.
fn reading(scoped: &Scoped<'_>, permission: Permission) -> StoreResult<crate::Scope> {
    let audit = scoped.need(Permission::AuditRead)?;
    if audit.reach() == guichao_domain::access::DataScope::Tenant {
        return Ok(audit.clone());
    }
    scoped.also(permission)
}

fn ids_of_detail(detail: &Value, out: &mut HashSet<Uuid>) {
    match detail {
        Value::String(s) => out.extend(Uuid::parse_str(s).ok()),
        Value::Array(items) => items.iter().for_each(|i| ids_of_detail(i, out)),
        Value::Object(map) => map.values().for_each(|i| ids_of_detail(i, out)),
        _ => {}
    }
}
