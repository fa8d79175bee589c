//! Likely duplicates: the same phone, the same ID number, or the same name with
//! the same birth year and home township. Found before saving (a warning), in a
//! review list across the registry, and resolved by merging — which is audited
//! and can be undone from the audit trail.

use super::Fellows;
use super::read::FellowRow;
use crate::StoreResult;
use crate::entities::fellow;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowDraft;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SamePhone,
    SameIdNumber,
    SameNameBirthYearTownship,
}

impl DuplicateReason {
    pub fn code(self) -> &'static str {
        match self {
            DuplicateReason::SamePhone => "same_phone",
            DuplicateReason::SameIdNumber => "same_id_number",
            DuplicateReason::SameNameBirthYearTownship => "same_name_birth_year_township",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DuplicateReason::SamePhone => lang.pick("手机号相同", "Same phone"),
            DuplicateReason::SameIdNumber => lang.pick("身份证号相同", "Same ID number"),
            DuplicateReason::SameNameBirthYearTownship => {
                lang.pick("姓名、出生年份和乡镇相同", "Same name, birth year and township")
            }
        }
    }
}

/// A record that looks like the one being saved.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateHit {
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub reasons: Vec<DuplicateReason>,
}

/// Two records of the registry that look like one person.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicatePair {
    pub a: FellowRow,
    pub b: FellowRow,
    pub reasons: Vec<DuplicateReason>,
}

/// The reasons two records match, from their stored keys.
pub(crate) fn reasons(a: &fellow::Model, b: &fellow::Model) -> Vec<DuplicateReason> {
    let same = |x: &Option<String>, y: &Option<String>| x.is_some() && x == y;
    let mut out = Vec::new();
    if same(&a.phone_idx, &b.phone_idx) {
        out.push(DuplicateReason::SamePhone);
    }
    if same(&a.id_number_idx, &b.id_number_idx) {
        out.push(DuplicateReason::SameIdNumber);
    }
    if a.name == b.name && a.birth_year.is_some() && a.birth_year == b.birth_year && a.township_id == b.township_id {
        out.push(DuplicateReason::SameNameBirthYearTownship);
    }
    out
}

impl Fellows<'_> {
    /// Records the actor may see that look like `draft` (excluding `except`, the
    /// record being edited). Records outside the actor's scope are not reported:
    /// a warning must not reveal who else is registered.
    pub async fn duplicates(&self, draft: &FellowDraft, except: Option<Uuid>) -> StoreResult<Vec<DuplicateHit>> {
        let (store, actor) = (self.store(), self.actor());
        let key = store.field_key()?;
        let t = actor.tenant_id;
        let probe =
            super::write::new_model(key, t, except.unwrap_or_else(Uuid::nil), draft.township_id, "", draft, None);
        let mut any = Condition::any();
        if let Some(p) = &probe.phone_idx {
            any = any.add(fellow::Column::PhoneIdx.eq(p.as_str()));
        }
        if let Some(i) = &probe.id_number_idx {
            any = any.add(fellow::Column::IdNumberIdx.eq(i.as_str()));
        }
        if let Some(year) = probe.birth_year {
            any = any.add(
                Condition::all()
                    .add(fellow::Column::Name.eq(probe.name.as_str()))
                    .add(fellow::Column::BirthYear.eq(year))
                    .add(fellow::Column::TownshipId.eq(draft.township_id)),
            );
        }
        if any.is_empty() {
            return Ok(vec![]);
        }
        let mut find = self.visible(Permission::FellowRead)?.filter(any).filter(fellow::Column::ArchivedAt.is_null());
        if let Some(id) = except {
            find = find.filter(fellow::Column::Id.ne(id));
        }
        let found = find.limit(20).all(&store.db).await?;
        let rows = store.fellow_rows(t, &found.iter().map(|f| f.id).collect::<Vec<_>>()).await?;
        Ok(found
            .iter()
            .zip(rows)
            .map(|(f, row)| DuplicateHit {
                fellow_id: f.id,
                name: row.name,
                township: row.township,
                reasons: reasons(&probe, f),
            })
            .collect())
    }

    /// Candidate pairs across the part of the registry the actor may see.
    pub async fn duplicate_pairs(&self, limit: usize) -> StoreResult<Vec<DuplicatePair>> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let mut groups: Vec<Vec<fellow::Model>> = Vec::new();
        for (col, kind) in [(fellow::Column::PhoneIdx, 0), (fellow::Column::IdNumberIdx, 1), (fellow::Column::Name, 2)]
        {
            // Keys that occur more than once, then the records holding them.
            let mut keys = self
                .visible(Permission::FellowRead)?
                .select_only()
                .column(col)
                .filter(fellow::Column::ArchivedAt.is_null())
                .filter(col.is_not_null())
                .group_by(col)
                .having(fellow::Column::Id.count().gt(1))
                .limit(limit as u64 * 2);
            if kind == 2 {
                keys = keys.filter(fellow::Column::BirthYear.is_not_null());
            }
            let keys: Vec<String> = keys.into_tuple().all(&store.db).await?;
            if keys.is_empty() {
                continue;
            }
            let holders = self
                .visible(Permission::FellowRead)?
                .filter(fellow::Column::ArchivedAt.is_null())
                .filter(col.is_in(keys))
                .order_by_asc(fellow::Column::Id)
                .all(&store.db)
                .await?;
            let mut by_key: BTreeMap<String, Vec<fellow::Model>> = BTreeMap::new();
            for f in holders {
                let k = match kind {
                    0 => f.phone_idx.clone().unwrap_or_default(),
                    1 => f.id_number_idx.clone().unwrap_or_default(),
                    _ => format!("{}|{:?}|{:?}", f.name, f.birth_year, f.township_id),
                };
                by_key.entry(k).or_default().push(f);
            }
            groups.extend(by_key.into_values().filter(|g| g.len() > 1));
        }
        let mut pairs: HashMap<(Uuid, Uuid), (fellow::Model, fellow::Model)> = HashMap::new();
        for g in groups {
            for i in 0..g.len() {
                for j in i + 1..g.len() {
                    if !reasons(&g[i], &g[j]).is_empty() {
                        pairs.entry((g[i].id, g[j].id)).or_insert_with(|| (g[i].clone(), g[j].clone()));
                    }
                }
            }
        }
        let mut pairs: Vec<_> = pairs.into_values().collect();
        pairs.sort_by(|x, y| (x.0.name.as_str(), x.0.id).cmp(&(y.0.name.as_str(), y.0.id)));
        pairs.truncate(limit);
        let mut out = Vec::new();
        for (a, b) in pairs {
            let why = reasons(&a, &b);
            let mut rows = store.fellow_rows(t, &[a.id, b.id]).await?;
            let b_row = rows.pop().expect("two rows");
            let a_row = rows.pop().expect("two rows");
            out.push(DuplicatePair { a: a_row, b: b_row, reasons: why });
        }
        Ok(out)
    }
}
