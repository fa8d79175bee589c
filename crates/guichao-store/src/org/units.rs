//! The org unit tree: reading it a level at a time, editing it, loading it in bulk.

use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{org_unit, user};
use crate::{Actor, Store, StoreError, StoreResult, now};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::ids::new_id;
use guichao_domain::org::{UnitLevel, unit_label, valid_unit_name};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct UnitNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    /// The name as shown out of the tree: a village whose name another
    /// village of the county bears carries its township (see [`unit_label`]).
    pub label: String,
    pub level: UnitLevel,
    pub child_count: u64,
}

/// One line of a units csv: a unit and the name of its parent (empty for townships
/// directly under the county).
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub name: String,
    pub level: UnitLevel,
    pub parent: Option<String>,
}

#[derive(FromQueryResult)]
struct ChildCount {
    parent_id: Option<Uuid>,
    n: i64,
}

#[derive(FromQueryResult)]
struct UnitCount {
    unit_id: Uuid,
    n: i64,
}

impl Store {
    /// The children of `parent` that the actor may see, or with no parent, the
    /// top of the tree as the actor sees it (the county, or their own unit).
    pub async fn unit_children(&self, actor: &Actor, parent: Option<Uuid>) -> StoreResult<Vec<UnitNode>> {
        let scope = actor.scope(Permission::OrgRead)?;
        let mut find =
            org_unit::Entity::find().filter(scope.units_condition(org_unit::Column::TenantId, org_unit::Column::Id));
        find = match parent {
            Some(p) => find.filter(org_unit::Column::ParentId.eq(p)),
            None if scope.reach() == DataScope::Tenant => find.filter(org_unit::Column::ParentId.is_null()),
            None => find.filter(org_unit::Column::Id.eq(actor.unit_id)),
        };
        let units =
            find.order_by_asc(org_unit::Column::Sort).order_by_asc(org_unit::Column::Name).all(&self.db).await?;
        let counts = child_counts(&self.db, actor.tenant_id, units.iter().map(|u| u.id).collect()).await?;
        // A unit-scoped user sees their unit but not below it.
        let show_children = scope.reach() >= DataScope::UnitAndBelow;
        let nodes = units
            .into_iter()
            .map(|u| {
                let child_count = if show_children { counts.get(&u.id).copied().unwrap_or(0) } else { 0 };
                node(u, child_count)
            })
            .collect();
        with_labels(&self.db, actor.tenant_id, nodes).await
    }

    /// One unit, if the actor may see it with `permission`.
    pub async fn unit(&self, actor: &Actor, permission: Permission, id: Uuid) -> StoreResult<UnitNode> {
        let scope = actor.scope(permission)?;
        let unit = org_unit::Entity::find()
            .filter(org_unit::Column::Id.eq(id))
            .filter(scope.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let counts = child_counts(&self.db, actor.tenant_id, vec![unit.id]).await?;
        let n = counts.get(&unit.id).copied().unwrap_or(0);
        Ok(node(unit, n))
    }

    /// A unit and those of its ancestors the actor may see, top first (a breadcrumb).
    pub async fn unit_trail(&self, actor: &Actor, id: Uuid) -> StoreResult<Vec<UnitNode>> {
        let scope = actor.scope(Permission::OrgRead)?;
        let unit = self.unit(actor, Permission::OrgRead, id).await?;
        let path = org_unit::Entity::find_by_id((actor.tenant_id, unit.id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?
            .path;
        let ids: Vec<Uuid> = path.split('/').filter_map(|p| Uuid::parse_str(p).ok()).collect();
        let mut units = org_unit::Entity::find()
            .filter(org_unit::Column::Id.is_in(ids))
            .filter(scope.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .all(&self.db)
            .await?;
        units.sort_by_key(|u| u.path.len());
        Ok(units.into_iter().map(|u| node(u, 0)).collect())
    }

    /// For each of `units` the actor sees in the tree, how many active users
    /// (cadres) belong to exactly that unit, in one grouped query. Units with
    /// none are left out of the map.
    pub async fn active_users_by_unit(&self, actor: &Actor, units: &[Uuid]) -> StoreResult<HashMap<Uuid, u64>> {
        let scope = actor.scope(Permission::OrgRead)?;
        if units.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = user::Entity::find()
            .select_only()
            .column_as(user::Column::UnitId, "unit_id")
            .column_as(user::Column::Id.count(), "n")
            .filter(scope.units_condition(user::Column::TenantId, user::Column::UnitId))
            .filter(user::Column::UnitId.is_in(units.iter().copied()))
            .filter(user::Column::Active.eq(true))
            .group_by(user::Column::UnitId)
            .into_model::<UnitCount>()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (r.unit_id, r.n as u64)).collect())
    }

    /// Units the actor reaches with `permission` at the given levels, by name
    /// (for choosing a unit on a form). At most `limit`.
    pub async fn units_at_levels(
        &self,
        actor: &Actor,
        permission: Permission,
        levels: &[UnitLevel],
        limit: u64,
    ) -> StoreResult<Vec<UnitNode>> {
        let scope = actor.scope(permission)?;
        let units = org_unit::Entity::find()
            .filter(scope.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .filter(org_unit::Column::Level.is_in(levels.iter().map(|l| l.code())))
            .order_by_asc(org_unit::Column::Path)
            .limit(limit)
            .all(&self.db)
            .await?;
        labelled(&self.db, actor.tenant_id, units).await
    }

    pub async fn create_unit(&self, actor: &Actor, parent_id: Uuid, name: &str) -> StoreResult<UnitNode> {
        let scope = actor.scope(Permission::OrgWrite)?;
        let name = valid_unit_name(name).map_err(|e| StoreError::invalid(e, "Invalid unit name"))?;
        if !scope.covers_unit(self, parent_id).await? {
            return Err(StoreError::NotFound);
        }
        let tx = self.begin_write().await?;
        let parent =
            org_unit::Entity::find_by_id((actor.tenant_id, parent_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let level = UnitLevel::parse(&parent.level).and_then(UnitLevel::child).ok_or_else(|| {
            StoreError::invalid("村（社区）下不能再设下级单位", "A village cannot have units below it")
        })?;
        let siblings = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .filter(org_unit::Column::ParentId.eq(parent_id))
            .count(&*tx)
            .await?;
        let created = insert_unit(&*tx, actor.tenant_id, &parent, level, &name, siblings as i32).await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(
                AuditAction::UnitCreate,
                "unit",
                created.id,
                json!({"after": {"name": name, "parent": parent_id, "level": level.code()}}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(node(created, 0))
    }

    pub async fn rename_unit(&self, actor: &Actor, id: Uuid, name: &str) -> StoreResult<()> {
        let before = self.unit(actor, Permission::OrgWrite, id).await?;
        let name = valid_unit_name(name).map_err(|e| StoreError::invalid(e, "Invalid unit name"))?;
        let tx = self.begin_write().await?;
        ensure_unique_name(&*tx, actor.tenant_id, before.parent_id, &name, Some(id)).await?;
        org_unit::Entity::update_many()
            .col_expr(org_unit::Column::Name, Expr::value(name.clone()))
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .filter(org_unit::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(
                AuditAction::UnitRename,
                "unit",
                id,
                json!({"before": {"name": before.name}, "after": {"name": name}}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an empty unit: one with no units and no users below it.
    pub async fn delete_unit(&self, actor: &Actor, id: Uuid) -> StoreResult<()> {
        let unit = self.unit(actor, Permission::OrgWrite, id).await?;
        if unit.parent_id.is_none() {
            return Err(StoreError::invalid("不能删除县级单位", "The county unit cannot be removed"));
        }
        if unit.child_count > 0 {
            return Err(StoreError::invalid("该单位下还有下级单位，不能删除", "The unit still has units below it"));
        }
        let tx = self.begin_write().await?;
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(actor.tenant_id))
            .filter(user::Column::UnitId.eq(id))
            .count(&*tx)
            .await?;
        if users > 0 {
            return Err(StoreError::invalid("该单位下还有用户，不能删除", "The unit still has users"));
        }
        org_unit::Entity::delete_by_id((actor.tenant_id, id)).exec(&*tx).await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(
                AuditAction::UnitDelete,
                "unit",
                id,
                json!({"before": {"name": unit.name, "parent": unit.parent_id}}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn node(u: org_unit::Model, child_count: u64) -> UnitNode {
    UnitNode {
        id: u.id,
        parent_id: u.parent_id,
        level: UnitLevel::parse(&u.level).unwrap_or(UnitLevel::Village),
        label: u.name.clone(),
        name: u.name,
        child_count,
    }
}

/// `units` as nodes (without child counts), labelled as [`with_labels`] does.
pub(super) async fn labelled(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    units: Vec<org_unit::Model>,
) -> StoreResult<Vec<UnitNode>> {
    with_labels(db, tenant_id, units.into_iter().map(|u| node(u, 0)).collect()).await
}

#[derive(FromQueryResult)]
struct SharedName {
    name: String,
}

/// Labels the villages among `nodes` whose name another village of the tenant
/// bears with their township: one grouped query for the shared names, one for
/// the townships.
async fn with_labels(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    mut nodes: Vec<UnitNode>,
) -> StoreResult<Vec<UnitNode>> {
    let names: Vec<String> = nodes.iter().filter(|n| n.level == UnitLevel::Village).map(|n| n.name.clone()).collect();
    if names.is_empty() {
        return Ok(nodes);
    }
    let village = || {
        org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(tenant_id))
            .filter(org_unit::Column::Level.eq(UnitLevel::Village.code()))
    };
    let shared: HashSet<String> = village()
        .select_only()
        .column(org_unit::Column::Name)
        .filter(org_unit::Column::Name.is_in(names))
        .group_by(org_unit::Column::Name)
        .having(sea_orm::sea_query::ExprTrait::gt(org_unit::Column::Id.count(), 1))
        .into_model::<SharedName>()
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let is_shared = |n: &UnitNode| n.level == UnitLevel::Village && shared.contains(&n.name);
    let parents: Vec<Uuid> = nodes.iter().filter(|n| is_shared(n)).filter_map(|n| n.parent_id).collect();
    if parents.is_empty() {
        return Ok(nodes);
    }
    let townships: HashMap<Uuid, String> = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Id.is_in(parents))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    for n in nodes.iter_mut().filter(|n| is_shared(n)) {
        let township = n.parent_id.and_then(|p| townships.get(&p)).map(String::as_str);
        n.label = unit_label(&n.name, township);
    }
    Ok(nodes)
}

async fn child_counts(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    parents: Vec<Uuid>,
) -> StoreResult<HashMap<Uuid, u64>> {
    if parents.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::ParentId)
        .column_as(org_unit::Column::Id.count(), "n")
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::ParentId.is_in(parents))
        .group_by(org_unit::Column::ParentId)
        .into_model::<ChildCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|r| Some((r.parent_id?, r.n as u64))).collect())
}

async fn ensure_unique_name(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    parent_id: Option<Uuid>,
    name: &str,
    except: Option<Uuid>,
) -> StoreResult<()> {
    let mut find = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Name.eq(name));
    find = match parent_id {
        Some(p) => find.filter(org_unit::Column::ParentId.eq(p)),
        None => find.filter(org_unit::Column::ParentId.is_null()),
    };
    if let Some(id) = except {
        find = find.filter(org_unit::Column::Id.ne(id));
    }
    if find.count(db).await? > 0 {
        return Err(StoreError::conflict(
            format!("同一上级下已有“{name}”"),
            format!("{name:?} already exists under this unit"),
        ));
    }
    Ok(())
}

async fn insert_unit(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    parent: &org_unit::Model,
    level: UnitLevel,
    name: &str,
    sort: i32,
) -> StoreResult<org_unit::Model> {
    ensure_unique_name(db, tenant_id, Some(parent.id), name, None).await?;
    let id = new_id();
    let model = org_unit::Model {
        tenant_id,
        id,
        parent_id: Some(parent.id),
        level: level.code().to_string(),
        name: name.to_string(),
        path: format!("{}{id}/", parent.path),
        sort,
        created_at: now(),
    };
    org_unit::Entity::insert(org_unit::ActiveModel {
        tenant_id: Set(model.tenant_id),
        id: Set(model.id),
        parent_id: Set(model.parent_id),
        level: Set(model.level.clone()),
        name: Set(model.name.clone()),
        path: Set(model.path.clone()),
        sort: Set(model.sort),
        created_at: Set(model.created_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(model)
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// The ids of a tenant's units with this name (for the CLI).
    pub async fn unit_ids_by_name(&self, tenant_id: Uuid, name: &str) -> StoreResult<Vec<Uuid>> {
        Ok(org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(tenant_id))
            .filter(org_unit::Column::Name.eq(name.trim()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect())
    }

    /// Loads townships and villages into a tenant in one transaction: all rows or
    /// none. Parents are named; a parent must be the county, or appear earlier in
    /// the rows or already in the tree. Returns the number of units created;
    /// units that already exist under the same parent are left as they are.
    pub async fn import_units(&self, tenant_id: Uuid, rows: &[UnitRow]) -> StoreResult<usize> {
        let tx = self.begin_write().await?;
        let mut all: Vec<org_unit::Model> =
            org_unit::Entity::find().filter(org_unit::Column::TenantId.eq(tenant_id)).all(&*tx).await?;
        let mut created = 0;
        for (i, row) in rows.iter().enumerate() {
            let line = i + 2; // after the header row
            let name = valid_unit_name(&row.name)
                .map_err(|e| StoreError::invalid(format!("第{line}行：{e}"), format!("Line {line}: invalid name")))?;
            let parent_level = match row.level {
                UnitLevel::County => {
                    return Err(StoreError::invalid(
                        format!("第{line}行：县级单位已存在，不能再导入"),
                        format!("Line {line}: the county unit exists already"),
                    ));
                }
                UnitLevel::Township => UnitLevel::County,
                UnitLevel::Village => UnitLevel::Township,
            };
            let parent_name = row.parent.as_deref().map(str::trim).filter(|p| !p.is_empty());
            let candidates: Vec<&org_unit::Model> = all
                .iter()
                .filter(|u| u.level == parent_level.code())
                .filter(|u| parent_name.is_none_or(|p| u.name == p))
                .collect();
            let parent = match candidates.as_slice() {
                [one] => (*one).clone(),
                [] => {
                    return Err(StoreError::invalid(
                        format!("第{line}行：找不到上级单位“{}”", parent_name.unwrap_or("")),
                        format!("Line {line}: parent unit {:?} not found", parent_name.unwrap_or("")),
                    ));
                }
                _ => {
                    return Err(StoreError::invalid(
                        format!("第{line}行：上级单位“{}”不唯一", parent_name.unwrap_or("")),
                        format!("Line {line}: parent unit {:?} is ambiguous", parent_name.unwrap_or("")),
                    ));
                }
            };
            if all.iter().any(|u| u.parent_id == Some(parent.id) && u.name == name) {
                continue;
            }
            // Units keep the order of the file (a county lists its townships its own way).
            let sort = all.iter().filter(|u| u.parent_id == Some(parent.id)).count() as i32;
            let unit = insert_unit(&*tx, tenant_id, &parent, row.level, &name, sort).await?;
            all.push(unit);
            created += 1;
        }
        let who = crate::audit::Who::Named { user_id: None, name: "system", ip: None };
        record(
            &*tx,
            tenant_id,
            who,
            AuditEvent::new(
                AuditAction::UnitImport,
                "tenant",
                tenant_id,
                json!({"rows": rows.len(), "created": created}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }
}
