//! The dry run: each checked row's fate (refused, a duplicate of an earlier
//! row or of a registered fellow, or new), decided in file order.

use super::keys::{KeyHash, RegisteredKeys, draft_keys};
use super::{Fate, FellowHome, FileDuplicate, ImportPlan, REGISTRY_PAGE, RefusedRow, RegistryDuplicate};
use crate::crypto::FieldKey;
use crate::entities::{fellow, org_unit};
use crate::fellows::Fellows;
use crate::fellows::scope::visible;
use crate::{Actor, Store, StoreResult};
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{DuplicateAction, FellowDraft};
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The dry run of an import, fed one checked row at a time (in file order).
pub struct ImportPlanner {
    pub(super) actor: Actor,
    pub(super) key: FieldKey,
    pub(super) default: DuplicateAction,
    pub(super) homes: HashMap<Uuid, FellowHome>,
    pub(super) rows: Vec<u64>,
    pub(super) fates: Vec<Fate>,
    pub(super) actions: Vec<Option<DuplicateAction>>,
    /// Each key of an accepted row, to the first row that had it.
    pub(super) first_by_key: HashMap<KeyHash, usize>,
    /// The registered fellows matched, by index.
    pub(super) registered: Vec<(Uuid, String)>,
    pub(super) plan: ImportPlan,
}

impl ImportPlanner {
    /// Takes the next checked row of the file.
    pub fn add(&mut self, row: u64, draft: &FellowDraft, action: Option<DuplicateAction>) {
        let ordinal = self.rows.len();
        self.rows.push(row);
        self.actions.push(action);
        let fate = if let Err(reason) = self.home_managed(draft) {
            self.plan.refused.push(RefusedRow { row, name: draft.name.clone(), reason });
            Fate::Refused
        } else {
            let keys = draft_keys(&self.key, self.actor.tenant_id, draft);
            match keys.iter().find_map(|(k, reason)| self.first_by_key.get(k).map(|first| (*first, *reason))) {
                Some((first, reason)) => {
                    let action = action.unwrap_or(self.default);
                    let first_row = self.rows[first];
                    self.plan.in_file.push(FileDuplicate { row, first_row, reason, action });
                    Fate::SameAs(first)
                }
                None => {
                    for (k, _) in keys {
                        self.first_by_key.entry(k).or_insert(ordinal);
                    }
                    Fate::New
                }
            }
        };
        self.fates.push(fate);
    }

    /// The plan as it stands (complete after [`ImportPlanner::finish`]).
    pub fn plan(&self) -> &ImportPlan {
        &self.plan
    }

    /// Sets the action for the duplicate in row `row` (a choice made in the
    /// preview); rows that are not duplicates ignore it.
    pub fn set_action(&mut self, row: u64, action: DuplicateAction) {
        let Ok(ordinal) = self.rows.binary_search(&row) else { return };
        self.actions[ordinal] = Some(action);
        for d in self.plan.in_file.iter_mut().filter(|d| d.row == row) {
            d.action = action;
        }
        for d in self.plan.in_registry.iter_mut().filter(|d| d.row == row) {
            d.action = action;
        }
    }

    /// Whether the draft's home is a township of the tenant (and its village
    /// one of that township's) that the actor may add fellows to.
    fn home_managed(&self, d: &FellowDraft) -> Result<(), Msg> {
        let Some(township) = self.homes.get(&d.township_id).filter(|h| h.level == UnitLevel::Township) else {
            return Err(Msg::new("乡镇不在本县的乡镇名单中", "The township is not one of the county's"));
        };
        let home = match d.village_id {
            None => township,
            Some(v) => match self.homes.get(&v).filter(|h| h.parent_id == Some(township.id)) {
                Some(village) => village,
                None => return Err(Msg::new("该村（社区）不属于所填乡镇", "The village is not in that township")),
            },
        };
        if home.managed {
            return Ok(());
        }
        Err(Msg::new(
            format!("{}不在您的管理范围内，不能导入该乡镇的乡友", township.name),
            format!("{} is outside what you manage; you cannot import its fellows", township.name),
        ))
    }

    /// Looks for the rows still new among the registered fellows the actor
    /// may see, and returns the plan.
    pub async fn finish(&mut self, store: &Store) -> StoreResult<ImportPlan> {
        self.match_registry(&store.db).await?;
        Ok(self.plan.clone())
    }

    pub(super) async fn match_registry(&mut self, db: &impl ConnectionTrait) -> StoreResult<()> {
        for fate in &mut self.fates {
            if let Fate::Registered(_) = fate {
                *fate = Fate::New;
            }
        }
        self.registered.clear();
        self.plan.in_registry.clear();
        if !self.first_by_key.is_empty() {
            let read = self.actor.scope(Permission::FellowRead)?;
            let mut after: Option<Uuid> = None;
            loop {
                let mut find = fellow::Entity::find()
                    .select_only()
                    .columns([
                        fellow::Column::Id,
                        fellow::Column::Name,
                        fellow::Column::BirthYear,
                        fellow::Column::TownshipId,
                        fellow::Column::PhoneIdx,
                        fellow::Column::IdNumberIdx,
                    ])
                    .filter(visible(&read))
                    .filter(fellow::Column::ArchivedAt.is_null());
                if let Some(id) = after {
                    find = find.filter(fellow::Column::Id.gt(id));
                }
                let page: Vec<RegisteredKeys> =
                    find.order_by_asc(fellow::Column::Id).limit(REGISTRY_PAGE).into_model().all(db).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                for known in &page {
                    self.meet(known);
                }
            }
        }
        self.plan.in_registry.sort_by_key(|d| d.row);
        self.plan.rows = self.rows.len();
        self.plan.new = self.fates.iter().filter(|f| matches!(f, Fate::New)).count();
        Ok(())
    }

    /// Marks the new rows that share a key with a registered fellow.
    fn meet(&mut self, known: &RegisteredKeys) {
        for (k, reason) in known.hashes() {
            let Some(&ordinal) = self.first_by_key.get(&k) else { continue };
            if !matches!(self.fates[ordinal], Fate::New) {
                continue;
            }
            let index = self.registered.len();
            self.registered.push((known.id, known.name.clone()));
            self.fates[ordinal] = Fate::Registered(index);
            let action = self.actions[ordinal].unwrap_or(self.default);
            self.plan.in_registry.push(RegistryDuplicate {
                row: self.rows[ordinal],
                fellow_id: known.id,
                name: known.name.clone(),
                reason,
                action,
            });
        }
    }
}

impl Fellows<'_> {
    /// The tenant's townships and villages, each marked with whether `actor`
    /// may add fellows there.
    pub async fn homes(&self) -> StoreResult<Vec<FellowHome>> {
        let (store, actor) = (self.store(), self.actor());
        let write = self.0.need(Permission::FellowWrite)?;
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .order_by_asc(org_unit::Column::Path)
            .all(&store.db)
            .await?;
        Ok(units
            .into_iter()
            .filter_map(|u| {
                let level = UnitLevel::parse(&u.level).filter(|l| *l != UnitLevel::County)?;
                let managed = write.covers_path(u.id, &u.path);
                Some(FellowHome { id: u.id, name: u.name, level, parent_id: u.parent_id, managed })
            })
            .collect())
    }

    /// Starts the dry run of an import by `actor`; `default` is the action
    /// for duplicates whose row names none.
    pub async fn import_planner(&self, default: DuplicateAction) -> StoreResult<ImportPlanner> {
        let (store, actor) = (self.store(), self.actor());
        let homes = self.homes().await?.into_iter().map(|h| (h.id, h)).collect();
        Ok(ImportPlanner {
            actor: actor.clone(),
            key: store.field_key()?.clone(),
            default,
            homes,
            rows: Vec::new(),
            fates: Vec::new(),
            actions: Vec::new(),
            first_by_key: HashMap::new(),
            registered: Vec::new(),
            plan: ImportPlan::default(),
        })
    }
}
