//! Writes the demo ledger (`projects::ledger`) into the demo county, in one
//! bulk write: the project officers it needs (the demo user `officer` and
//! four more from county departments, made like the demo's cadres), the
//! investor companies with synthetic credit codes, and each project with
//! its responsible unit, team (the county's task force and, for a
//! township's project, a cadre of the township), and the fellows of the
//! county credited by role: an investor from the project's trade, a
//! chamber's leader introducing what the chamber brought, an industry
//! advisor advising. Fellows and chambers are looked up in the database,
//! in a fixed order, so the same county gets the same credits.

use super::liaison::unique_username;
use super::names::name;
use super::project_names::OFFICER_DEPARTMENTS;
use super::project_plan::Plan;
use super::projects::{Ledger, SEED, ledger};
use super::records::credit_code;
use anyhow::Context;
use chrono::NaiveDate;
use guichao_domain::access::BuiltinRole;
use guichao_domain::chambers::MemberPosition;
use guichao_domain::date::today;
use guichao_domain::fellows::{Category, FellowStatus, HeldRole};
use guichao_domain::ids::new_id;
use guichao_domain::projects::{ProjectDraft, ProjectKind, ProjectRole, Stage, stage_as_of};
use guichao_store::Store;
use guichao_store::entities::{chamber, chamber_member, fellow, fellow_role, org_unit, user};
use guichao_store::fellows::{BulkUser, CompanyDraft};
use guichao_store::projects::{BulkProject, BulkProjectCompany, BulkProjectCounts};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The made-up area of the investor companies' credit codes (no city's).
const CREDIT_AREA: &str = "0621";

/// A project the demo wrote, as later demo data (park allocations, agency
/// tasks) needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoProject {
    pub id: Uuid,
    pub officer_id: Option<Uuid>,
    pub kind: ProjectKind,
    pub signed_on: Option<NaiveDate>,
    /// The stage today.
    pub stage: Stage,
}

/// What [`add`] wrote.
#[derive(Debug, Clone, Default)]
pub struct DemoProjects {
    /// The five fellow projects of 2023 the park holds.
    pub park_2023: Vec<Uuid>,
    pub all: Vec<DemoProject>,
    pub counts: BulkProjectCounts,
}

/// Writes the demo ledger into the county `tenant_id` of `units`, with the
/// project officers it needs; `password_of` is the user whose password the
/// new officers share (the demo's admin).
pub async fn add(
    store: &Store,
    tenant_id: Uuid,
    units: &[org_unit::Model],
    password_of: Uuid,
) -> anyhow::Result<DemoProjects> {
    let ledger = ledger();
    let root = units.iter().find(|u| u.parent_id.is_none()).context("the county has no root unit")?;
    let officers = officers(store, tenant_id, root.id, password_of).await?;
    let people = People::load(store, tenant_id, units).await?;
    let mut credits = Credits::load(store, tenant_id).await?;
    let (companies, company_ids) = companies(&ledger);
    let ids: Vec<Uuid> = ledger.plans.iter().map(|_| new_id()).collect();
    let mut rows = Vec::with_capacity(ledger.plans.len());
    for (i, p) in ledger.plans.iter().enumerate() {
        let unit_id = match p.township {
            Some(t) => *people.township.get(t).with_context(|| format!("no township {t}"))?,
            None => root.id,
        };
        let chamber_id = match &p.chamber {
            Some(name) => Some(*credits.chambers.get(name).with_context(|| format!("no chamber {name}"))?),
            None => None,
        };
        let draft = ProjectDraft {
            name: p.name.clone(),
            company_id: p.company.map(|c| company_ids[&c]),
            kind: p.kind,
            investment_fen: p.investment_fen,
            fixed_asset_fen: p.fixed_asset_fen,
            foreign_fen: p.foreign_fen,
            jobs_planned: p.jobs_planned,
            land_need_hundredths_mu: p.land_need_hundredths_mu,
            factory_need_m2: p.factory_need_m2,
            unit_id,
            officer_id: p.officer.map(|o| officers[o]),
            team: people.team(p.township, i),
            source: p.source,
            source_chamber_id: chamber_id,
            follows_lead_id: p.follows_lead.map(|lead| ids[lead]),
            notes: p.notes.clone(),
        };
        let fellows = credits.of(p, chamber_id, &ledger)?;
        rows.push(BulkProject { id: ids[i], draft, events: p.events.clone(), fellows, funds: p.funds.clone() });
    }
    let counts = store.system().insert_projects(tenant_id, &companies, &rows).await?;
    let day = today();
    let all = rows
        .iter()
        .map(|r| DemoProject {
            id: r.id,
            officer_id: r.draft.officer_id,
            kind: r.draft.kind,
            signed_on: guichao_domain::projects::first_date(&r.events, Stage::Signed, day),
            stage: stage_as_of(&r.events, day),
        })
        .collect();
    let park_2023 = ledger.plans.iter().zip(&ids).filter(|(p, _)| p.park_2023).map(|(_, id)| *id).collect();
    Ok(DemoProjects { park_2023, all, counts })
}

/// The companies the projects name, with credit codes; and the id of each
/// by its index in the ledger.
fn companies(ledger: &Ledger) -> (Vec<BulkProjectCompany>, HashMap<usize, Uuid>) {
    let used: HashSet<usize> = ledger.plans.iter().filter_map(|p| p.company).collect();
    let mut rows = Vec::new();
    let mut ids = HashMap::new();
    for (i, c) in ledger.companies.iter().enumerate().filter(|(i, _)| used.contains(i)) {
        let id = new_id();
        ids.insert(i, id);
        let company = CompanyDraft {
            name: c.name.clone(),
            credit_code: Some(credit_code(CREDIT_AREA, i as u64)),
            industry: c.industry.to_string(),
            city: c.city.to_string(),
        };
        rows.push(BulkProjectCompany { id, company });
    }
    (rows, ids)
}

/// The project officers: the demo user `officer` first, then officers from
/// the county departments, made when missing and sharing `password_of`'s
/// password.
async fn officers(store: &Store, tenant_id: Uuid, county: Uuid, password_of: Uuid) -> anyhow::Result<Vec<Uuid>> {
    let db = store.system().connection();
    let demo = store.system().user_id_by_name(tenant_id, "officer").await?.context("no demo officer")?;
    let users = user::Entity::find().filter(user::Column::TenantId.eq(tenant_id)).all(db).await?;
    let mut taken: HashSet<String> = users.iter().map(|u| u.username.clone()).collect();
    let mut rng = StdRng::seed_from_u64(SEED ^ 0x6f66);
    let mut new = Vec::new();
    let mut ids = vec![demo];
    for dept in OFFICER_DEPARTMENTS {
        let male = rng.random_range(0..10) < 7;
        let person = name(&mut rng, male).written;
        let display_name = format!("{person}（{dept}项目警官）");
        match users.iter().find(|u| u.display_name == display_name) {
            Some(u) => ids.push(u.id),
            None => {
                let id = new_id();
                let username = unique_username(&person, &mut taken);
                new.push(BulkUser { id, username, display_name, unit_id: county, role: BuiltinRole::ProjectOfficer });
                ids.push(id);
            }
        }
    }
    if !new.is_empty() {
        store.system().bulk_insert_users(tenant_id, new, password_of).await?;
    }
    Ok(ids)
}

/// The county's users a team is made of.
struct People {
    /// The task force's demo user `county`.
    county: Uuid,
    township: HashMap<String, Uuid>,
    /// The users of each township unit, by username.
    cadres: HashMap<String, Vec<Uuid>>,
}

impl People {
    async fn load(store: &Store, tenant_id: Uuid, units: &[org_unit::Model]) -> anyhow::Result<People> {
        let db = store.system().connection();
        let county = store.system().user_id_by_name(tenant_id, "county").await?.context("no demo county user")?;
        let level = guichao_domain::org::UnitLevel::Township.code();
        let township: HashMap<String, Uuid> =
            units.iter().filter(|u| u.level == level).map(|u| (u.name.clone(), u.id)).collect();
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant_id))
            .filter(user::Column::UnitId.is_in(township.values().copied()))
            .order_by_asc(user::Column::Username)
            .all(db)
            .await?;
        let mut cadres: HashMap<String, Vec<Uuid>> = HashMap::new();
        for (name, id) in &township {
            cadres.insert(name.clone(), users.iter().filter(|u| u.unit_id == *id).map(|u| u.id).collect());
        }
        Ok(People { county, township, cadres })
    }

    /// The team of project `i`: the task force, and a cadre of its township.
    fn team(&self, township: Option<&str>, i: usize) -> Vec<Uuid> {
        let local = township.and_then(|t| self.cadres.get(t)).filter(|c| !c.is_empty());
        let mut team = vec![self.county];
        team.extend(local.map(|c| c[i % c.len()]));
        team
    }
}

/// The fellows projects are credited to, in a fixed order.
struct Credits {
    /// Active 工商企 fellows: (id, industry, city), by name.
    business: Vec<(Uuid, String, String)>,
    used: HashSet<Uuid>,
    chambers: HashMap<String, Uuid>,
    /// Each chamber's president and vice presidents, president first.
    leaders: HashMap<Uuid, Vec<Uuid>>,
    /// Every chamber's leaders in one list, and the next to introduce.
    introducers: Vec<Uuid>,
    next_introducer: usize,
    advisors: Vec<Uuid>,
    next_advisor: usize,
}

impl Credits {
    async fn load(store: &Store, t: Uuid) -> anyhow::Result<Credits> {
        let db = store.system().connection();
        let business: Vec<(Uuid, String, String)> = fellow::Entity::find()
            .select_only()
            .columns([fellow::Column::Id, fellow::Column::Industry, fellow::Column::City])
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Category.eq(Category::IndustryCommerce.code()))
            .filter(fellow::Column::Status.eq(FellowStatus::Active.code()))
            .filter(fellow::Column::MergedInto.is_null())
            .filter(fellow::Column::ArchivedAt.is_null())
            .order_by_asc(fellow::Column::SortKey)
            .order_by_asc(fellow::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let chambers = chamber::Entity::find().filter(chamber::Column::TenantId.eq(t)).all(db).await?;
        let positions = [MemberPosition::President, MemberPosition::VicePresident].map(MemberPosition::code);
        let mut members = chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(t))
            .filter(chamber_member::Column::Position.is_in(positions))
            .filter(chamber_member::Column::Until.is_null())
            .all(db)
            .await?;
        members.sort_by_key(|m| (m.position != MemberPosition::President.code(), m.fellow_id));
        let mut leaders: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for m in &members {
            leaders.entry(m.chamber_id).or_default().push(m.fellow_id);
        }
        let mut by_name: Vec<&chamber::Model> = chambers.iter().collect();
        by_name.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
        let introducers = by_name.iter().flat_map(|c| leaders.get(&c.id).cloned().unwrap_or_default()).collect();
        let advisors = fellow_role::Entity::find()
            .select_only()
            .column(fellow_role::Column::FellowId)
            .filter(fellow_role::Column::TenantId.eq(t))
            .filter(fellow_role::Column::Role.eq(HeldRole::IndustryAdvisor.code()))
            .filter(fellow_role::Column::EndDate.is_null())
            .order_by_asc(fellow_role::Column::FellowId)
            .into_tuple()
            .all(db)
            .await?;
        Ok(Credits {
            business,
            used: HashSet::new(),
            chambers: chambers.iter().map(|c| (c.name.clone(), c.id)).collect(),
            leaders,
            introducers,
            next_introducer: 0,
            advisors,
            next_advisor: 0,
        })
    }

    /// An investor not yet credited: from the project's trade, else living
    /// where the investor company is, else anyone in business.
    fn investor(&mut self, p: &Plan, ledger: &Ledger) -> Option<Uuid> {
        let city = p.company.map(|c| ledger.companies[c].city);
        let free = |f: &&(Uuid, String, String)| !self.used.contains(&f.0);
        let found = self
            .business
            .iter()
            .filter(free)
            .find(|f| f.1 == p.industry.label)
            .or_else(|| self.business.iter().filter(free).find(|f| Some(f.2.as_str()) == city))
            .or_else(|| self.business.iter().find(free))?
            .0;
        self.used.insert(found);
        Some(found)
    }

    /// The next of `pool` from `*next` on that is not in `except`.
    fn next(pool: &[Uuid], next: &mut usize, except: &[Uuid]) -> Option<Uuid> {
        for _ in 0..pool.len() {
            let candidate = pool[*next % pool.len()];
            *next += 1;
            if !except.contains(&candidate) {
                return Some(candidate);
            }
        }
        None
    }

    /// The fellows credited with plan `p` brought through `chamber`. A
    /// plan by or via fellows gets its investor and introducer, or the
    /// county has too few fellows and nothing is written.
    fn of(&mut self, p: &Plan, chamber: Option<Uuid>, ledger: &Ledger) -> anyhow::Result<Vec<(Uuid, ProjectRole)>> {
        let mut credits = Vec::new();
        let taken = |credits: &Vec<(Uuid, ProjectRole)>| credits.iter().map(|c| c.0).collect::<Vec<_>>();
        if p.investor {
            let investor = self.investor(p, ledger).context("no fellow in business left to invest")?;
            credits.push((investor, ProjectRole::Investor));
        }
        if p.introducer {
            let president = chamber.and_then(|c| self.leaders.get(&c)).and_then(|l| l.first().copied());
            let introducer = president
                .filter(|f| !taken(&credits).contains(f))
                .or_else(|| Credits::next(&self.introducers, &mut self.next_introducer, &taken(&credits)))
                .context("no chamber leader to introduce a project")?;
            credits.push((introducer, ProjectRole::Introducer));
        }
        if p.advisor {
            let advisor = Credits::next(&self.advisors, &mut self.next_advisor, &taken(&credits));
            credits.extend(advisor.map(|f| (f, ProjectRole::Advisor)));
        }
        Ok(credits)
    }
}
