//! Liaison duty in the demo county (县乡村三级干部联系在外乡友): a village
//! cadre for each village, township staff for each township and a few county
//! cadres, generated as users who share the demo password; and assignments at
//! the three levels for most fellows, with gaps left for the coverage pages to
//! find (about 90% have a village cadre, 80% a township one, 40% a county one).

use super::names::name;
use super::pick::one;
use chrono::{DateTime, TimeZone, Utc};
use guichao_domain::access::BuiltinRole;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use guichao_domain::search::name_pinyin;
use guichao_store::Store;
use guichao_store::entities::{org_unit, user};
use guichao_store::fellows::{BulkAssignment, BulkFellow, BulkUser};
use rand::Rng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How many cadres are generated: per village, per township, and at the
/// county in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staffing {
    pub per_village: usize,
    pub per_township: usize,
    pub county: usize,
}

impl Staffing {
    /// The demo county's: a village cadre a village, two township staff a
    /// township, four county cadres.
    pub const DEMO: Staffing = Staffing { per_village: 1, per_township: 2, county: 4 };

    /// A county of `fellows`: the demo's staffing for a real county's size
    /// (13,000 fellows, PROGRAM.md), scaled up with a larger one, so that a
    /// cadre's load stays what it is in a real county (about 50 fellows for a
    /// village cadre, 370 for a township one, 870 for a county one).
    pub fn for_fellows(fellows: u64) -> Staffing {
        let scale = usize::try_from(fellows.div_ceil(13_000)).unwrap_or(usize::MAX).max(1);
        let d = Staffing::DEMO;
        Staffing { per_village: d.per_village * scale, per_township: d.per_township * scale, county: d.county * scale }
    }
}
/// Demo users at the county who also keep in touch with fellows.
const COUNTY_USERS: [&str; 2] = ["county", "leader"];

/// Who can be assigned, by unit.
#[derive(Debug, Default)]
pub struct Cadres {
    pub village: HashMap<Uuid, Vec<Uuid>>,
    pub township: HashMap<Uuid, Vec<Uuid>>,
    pub county: Vec<Uuid>,
    /// The villages of each township.
    villages_of: HashMap<Uuid, Vec<Uuid>>,
    /// Accounts made by this seeding.
    pub created: usize,
}

/// The cadres of the tenant: users already at a village or township, the
/// county demo users and generated county cadres; creates the ones missing
/// (each unit topped up to `staffing`),
/// named by the pinyin of the cadre's name (`wangjianguo`, `wangjianguo2` on a
/// clash), with the password of the user `password_of`.
pub async fn ensure_cadres(
    store: &Store,
    tenant_id: Uuid,
    units: &[org_unit::Model],
    password_of: Uuid,
    staffing: Staffing,
    rng: &mut impl Rng,
) -> anyhow::Result<Cadres> {
    let users =
        user::Entity::find().filter(user::Column::TenantId.eq(tenant_id)).all(store.system().connection()).await?;
    let mut taken: HashSet<String> = users.iter().map(|u| u.username.clone()).collect();
    let mut cadres = Cadres::default();
    // (id, unit, role, title) of the accounts to make.
    let mut wanted: Vec<(Uuid, &org_unit::Model, BuiltinRole, &str)> = Vec::new();
    let mut want = |unit, role, title, ids: &mut Vec<Uuid>| {
        let id = new_id();
        wanted.push((id, unit, role, title));
        ids.push(id);
    };
    for unit in units {
        let here: Vec<&user::Model> = users.iter().filter(|u| u.unit_id == unit.id).collect();
        // Each unit is topped up to its staffing.
        let generated = here.iter().filter(|u| is_generated(u)).count();
        let missing = |wanted: usize| wanted.saturating_sub(generated);
        let mut ids: Vec<Uuid> = here.iter().map(|u| u.id).collect();
        match UnitLevel::parse(&unit.level) {
            Some(UnitLevel::Village) => {
                cadres.villages_of.entry(unit.parent_id.unwrap_or_default()).or_default().push(unit.id);
                for _ in 0..missing(staffing.per_village) {
                    want(unit, BuiltinRole::VillageCadre, "村干部", &mut ids);
                }
                cadres.village.insert(unit.id, ids);
            }
            Some(UnitLevel::Township) => {
                for _ in 0..missing(staffing.per_township) {
                    want(unit, BuiltinRole::TownshipStaff, "干部", &mut ids);
                }
                cadres.township.insert(unit.id, ids);
            }
            Some(UnitLevel::County) => {
                ids.retain(|id| {
                    here.iter().any(|u| u.id == *id && (COUNTY_USERS.contains(&u.username.as_str()) || is_generated(u)))
                });
                for _ in 0..missing(staffing.county) {
                    want(unit, BuiltinRole::CountyStaff, "县直单位干部", &mut ids);
                }
                cadres.county = ids;
            }
            None => {}
        }
    }
    let new: Vec<BulkUser> = wanted
        .into_iter()
        .map(|(id, unit, role, title)| {
            let male = rng.random_range(0..10) < 7;
            let person = name(rng, male).written;
            BulkUser {
                id,
                username: unique_username(&person, &mut taken),
                display_name: format!("{person}（{}{title}）", unit.name),
                unit_id: unit.id,
                role,
            }
        })
        .collect();
    cadres.created = new.len();
    if !new.is_empty() {
        store.system().bulk_insert_users(tenant_id, new, password_of).await?;
    }
    Ok(cadres)
}

/// Whether a user is one this seeding generates rather than one of the
/// README's demo users.
fn is_generated(u: &user::Model) -> bool {
    !super::USERS.iter().any(|(name, ..)| *name == u.username)
}

/// The pinyin of `person`, with a number from 2 on when it is taken.
pub(super) fn unique_username(person: &str, taken: &mut HashSet<String>) -> String {
    let base = name_pinyin(person);
    let base = if base.is_empty() { "cadre".to_string() } else { base };
    let name = (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
        .find(|candidate| !taken.contains(candidate))
        .expect("some number is free");
    taken.insert(name.clone());
    name
}

/// Assigns cadres at the three levels, leaving gaps: village 90%, township
/// 80%, county 40% of fellows.
pub fn assign(fellows: &mut [BulkFellow], cadres: &Cadres, rng: &mut impl Rng) {
    for f in fellows {
        let township = f.draft.township_id;
        if rng.random_range(0..100) < 90 {
            let village = f.draft.village_id.or_else(|| cadres.villages_of.get(&township).map(|v| *one(rng, v)));
            if let Some(ids) = village.and_then(|v| cadres.village.get(&v)).filter(|ids| !ids.is_empty()) {
                let cadre_id = *one(rng, ids);
                f.assignments.push(assignment(cadre_id, LiaisonLevel::Village, 30, started(rng)));
            }
        }
        if rng.random_range(0..100) < 80
            && let Some(ids) = cadres.township.get(&township).filter(|ids| !ids.is_empty())
        {
            let cadre_id = *one(rng, ids);
            f.assignments.push(assignment(cadre_id, LiaisonLevel::Township, 60, started(rng)));
        }
        if rng.random_range(0..100) < 40 && !cadres.county.is_empty() {
            let cadre_id = *one(rng, &cadres.county);
            f.assignments.push(assignment(cadre_id, LiaisonLevel::County, 90, started(rng)));
        }
    }
}

/// A start between 2023 and mid-2025.
fn started(rng: &mut impl Rng) -> DateTime<Utc> {
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).single().expect("a valid time");
    start + chrono::Days::new(rng.random_range(0..900))
}

fn assignment(cadre_id: Uuid, level: LiaisonLevel, cycle_days: i32, started_at: DateTime<Utc>) -> BulkAssignment {
    BulkAssignment { cadre_id, level, cycle_days, started_at }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_larger_county_has_more_cadres_with_a_real_countys_load() {
        assert_eq!(Staffing::for_fellows(3_200), Staffing::DEMO);
        assert_eq!(Staffing::for_fellows(13_000), Staffing::DEMO);
        let big = Staffing::for_fellows(1_000_000);
        assert_eq!((big.per_village, big.per_township, big.county), (77, 154, 308));
    }

    #[test]
    fn usernames_are_the_pinyin_of_the_name_numbered_on_a_clash() {
        let mut taken: HashSet<String> = ["admin".to_string()].into();
        assert_eq!(unique_username("王建国", &mut taken), "wangjianguo");
        assert_eq!(unique_username("王建国", &mut taken), "wangjianguo2");
        assert_eq!(unique_username("王建国", &mut taken), "wangjianguo3");
        assert_eq!(unique_username("单雄", &mut taken), "shanxiong");
    }
}
