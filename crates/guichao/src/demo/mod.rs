//! The demo county: 岳阳县 with its 14 townships (PROGRAM.md), generated
//! villages, one demo user per built-in role, and its records: 3,200 fellows
//! with companies, chambers, public roles, liaison cadres and assignments,
//! two years of contact history (`contacts`), a few deliberate duplicates
//! for the review page, the investment projects of 2021-2024 that give the
//! program's reported figures (`projects`), and the county's industrial park
//! (`park`) holding five of them, two Spring Festival four-ones campaigns
//! (`campaigns`), a Spring Festival greeting sent by SMS to two
//! townships (`sms`), two years of returnees' service requests with the
//! 2023-2025 holiday calendar (`services`), and the support money
//! (`funds`): the special fund, 279 guarantee loans of 6,800万元 and the
//! education fund growing from 7,500万元 to 1亿元. Every person, phone, ID
//! number and company
//! is synthetic. Also scale data (`scale`): generated counties with as many
//! fellows as a benchmark wants.

pub mod agency;
pub mod campaigns;
pub mod chains;
mod contact_text;
mod contacts;
mod duplicates;
mod events;
mod festivals;
pub mod funds;
pub mod gifts;
pub mod holidays;
pub mod households;
mod letters;
pub mod liaison;
pub mod names;
pub mod park;
pub mod people;
mod pick;
pub mod places;
pub mod policies;
pub mod project_load;
mod project_names;
mod project_plan;
pub mod projects;
pub mod records;
pub mod scale;
pub mod services;
pub mod sms;
mod ties;
pub mod units;

pub use units::{TOWNSHIPS, units};

use anyhow::Context;
use guichao_domain::access::BuiltinRole;
use guichao_store::Store;
use guichao_store::entities::{chamber, fellow, org_unit};
use guichao_store::fellows::BulkCounts;
use guichao_store::org::TenantInfo;
use rand::SeedableRng;
use rand::rngs::StdRng;
use records::{Generator, Home};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub const CODE: &str = "430621";
pub const NAME: &str = "岳阳县";

/// How many fellows one seeding adds (PROGRAM.md: "3,000+").
pub const FELLOWS: usize = 3_200;

/// (username, display name, role, unit): `None` unit is the county. The
/// three administrators (三员分立) come first.
pub const USERS: [(&str, &str, BuiltinRole, Option<&str>); 8] = [
    ("admin", "系统管理员", BuiltinRole::SystemAdmin, None),
    ("security", "安全管理员", BuiltinRole::SecurityAdmin, None),
    ("auditor", "审计管理员", BuiltinRole::AuditAdmin, None),
    ("county", "县招商专班", BuiltinRole::CountyStaff, None),
    ("xinqiang", "新墙镇干部", BuiltinRole::TownshipStaff, Some("新墙镇")),
    ("village", "新墙村干部", BuiltinRole::VillageCadre, Some("新墙村")),
    ("officer", "项目警官", BuiltinRole::ProjectOfficer, None),
    ("leader", "县领导", BuiltinRole::Leader, None),
];

/// The demo user whose name the seeded records bear: the county's staff (the
/// system admin holds no registry data, 三员分立).
pub const SEEDER: &str = "county";

/// What a seeding wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeded {
    pub counts: BulkCounts,
    pub chambers: usize,
    pub offices: usize,
    pub cadres: usize,
    pub contacts: usize,
    pub projects: usize,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        write!(
            f,
            "乡友 {} 人，企业 {} 家，商会 {} 个（联络处 {} 个），会员 {} 人次，任职 {} 项，联系干部 {} 名，联系分工 {} 条，联系记录 {} 条，招商项目 {} 个 / \
             {} fellows, {} companies, {} chambers ({} offices), {} memberships, {} roles, {} cadres, {} assignments, \
             {} contacts, {} projects",
            c.fellows,
            c.companies,
            self.chambers,
            self.offices,
            c.memberships,
            c.roles,
            self.cadres,
            c.assignments,
            self.contacts,
            self.projects,
            c.fellows,
            c.companies,
            self.chambers,
            self.offices,
            c.memberships,
            c.roles,
            self.cadres,
            c.assignments,
            self.contacts,
            self.projects,
        )
    }
}

/// Creates the demo county with its records if the database has no county
/// yet. Returns what was seeded, or `None` when there was a county already.
pub async fn ensure(store: &Store, password: &str) -> anyhow::Result<Option<Seeded>> {
    if !store.tenants().await?.is_empty() {
        return Ok(None);
    }
    let tenant = create_county(store, password).await?;
    Ok(Some(seed(store, &tenant, FELLOWS).await?))
}

/// The demo county with its units and demo users, without records.
pub async fn create_county(store: &Store, password: &str) -> anyhow::Result<TenantInfo> {
    let tenant = store.system().create_tenant(CODE, NAME).await?;
    store.system().import_units(tenant.id, &units()).await?;
    for (username, name, role, unit) in USERS {
        let unit_id = match unit {
            None => tenant.root_unit_id,
            Some(unit) => {
                let ids = store.system().unit_ids_by_name(tenant.id, unit).await?;
                *ids.first().ok_or_else(|| anyhow::anyhow!("demo unit {unit} missing"))?
            }
        };
        store.system().bootstrap_user(tenant.id, username, name, unit_id, &[role], password).await?;
    }
    Ok(tenant)
}

/// Adds `count` generated fellows to the demo county, with companies, cadres
/// (made when missing) and liaison assignments. The first seeding also makes
/// the chambers with their members, the held roles, the duplicates, the
/// events and the investment projects (`projects`); later ones add people
/// only. Deterministic for a given number of fellows already in the county.
pub async fn seed(store: &Store, tenant: &TenantInfo, count: usize) -> anyhow::Result<Seeded> {
    let mut units = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant.id))
        .all(store.system().connection())
        .await?;
    // Ids are time-ordered, so paths sort in the order the units were made.
    units.sort_by(|a, b| a.path.cmp(&b.path));
    let existing = fellow::Entity::find()
        .filter(fellow::Column::TenantId.eq(tenant.id))
        .count(store.system().connection())
        .await?;
    let first_run = chamber::Entity::find()
        .filter(chamber::Column::TenantId.eq(tenant.id))
        .count(store.system().connection())
        .await?
        == 0;
    let admin =
        store.system().user_id_by_name(tenant.id, SEEDER).await?.context("the demo county has no county staff")?;
    let mut rng = StdRng::seed_from_u64(0x6775_6963_6861_6f00 ^ existing);
    let cadres = liaison::ensure_cadres(store, tenant.id, &units, admin, liaison::Staffing::DEMO, &mut rng).await?;
    let mut generator = Generator::new(2024 + existing, existing, homes(&units));
    let mut fellows: Vec<_> = (0..count).map(|_| generator.fellow()).collect();
    let mut seeded = Seeded { cadres: cadres.created, ..Seeded::default() };
    if first_run {
        let by_name: HashMap<&str, Uuid> = units.iter().map(|u| (u.name.as_str(), u.id)).collect();
        let chambers = ties::chambers(|name| by_name.get(name).copied());
        ties::enrol(&mut fellows, &chambers, &mut rng);
        ties::hold_roles(&mut fellows, &mut rng);
        let rows: Vec<_> = chambers.into_iter().map(|c| c.row).collect();
        (seeded.chambers, seeded.offices) = store.system().bulk_insert_chambers(tenant.id, rows).await?;
        duplicates::add(&mut fellows, &mut rng);
    }
    liaison::assign(&mut fellows, &cadres, &mut rng);
    let people = contacts::people(&fellows);
    seeded.counts = store.system().bulk_insert_fellows_counted(tenant.id, fellows, &|_| {}).await?;
    seeded.contacts = contacts::add(store, tenant.id, &units, &people, first_run, &mut rng).await?;
    if first_run {
        events::add(store, tenant.id).await?;
        let projects = project_load::add(store, tenant.id, &units, admin).await?;
        seeded.projects = projects.all.len();
        park::add(store, tenant.id).await?;
        park::allocate(
            store,
            tenant.id,
            projects.park_2023.clone().try_into().map_err(|_| anyhow::anyhow!("the demo has five park projects"))?,
        )
        .await?;
        agency::load(store, tenant.id, &projects.all, guichao_domain::date::today()).await?;
        chains::add(store, tenant.id).await?;
        campaigns::add(store, tenant.id, admin, guichao_domain::date::today(), &mut rng).await?;
        gifts::add(store, tenant.id, admin, guichao_domain::date::today(), &mut rng).await?;
        sms::add(store, tenant.id).await?;
        services::add(store, tenant.id, admin, &mut rng).await?;
        funds::add(store, tenant.id).await?;
        households::add(store, tenant.id).await?;
        policies::add(store, tenant.id).await?;
    }
    Ok(seeded)
}

/// The townships of a county as homes for the generator: the demo county's
/// weighted as `TOWNSHIPS` says, any other county's alike.
pub fn homes(units: &[org_unit::Model]) -> Vec<Home> {
    let township = guichao_domain::org::UnitLevel::Township.code();
    units
        .iter()
        .filter(|u| u.level == township)
        .map(|t| Home {
            township_id: t.id,
            weight: TOWNSHIPS.iter().find(|(name, _)| *name == t.name).map_or(6, |(_, w)| *w),
            villages: units.iter().filter(|v| v.parent_id == Some(t.id)).map(|v| v.id).collect(),
        })
        .collect()
}
