//! The demo's agency loader over projects made here (the demo has no
//! projects of its own yet): checklists on every signed project, a spread
//! of statuses by stage (nearly all done in production, some in progress or
//! waiting, a few overdue and flagged), current tasks around today, and
//! problems open and resolved; nothing for leads or dropped projects.

use chrono::{Days, NaiveDate};
use guichao::demo;
use guichao::demo::agency::{DemoProject, load};
use guichao_domain::access::Permission;
use guichao_domain::agency::TaskStatus;
use guichao_domain::date::today;
use guichao_domain::projects::{FEN_PER_YI, NewStageEvent, ProjectDraft, ProjectKind, ProjectSource, Stage};
use guichao_store::testing::TestDb;
use guichao_store::{Actor, Backend, Store};
use std::time::Instant;
use uuid::Uuid;

async fn actor(store: &Store, tenant_id: Uuid, username: &str) -> Actor {
    let id = store.system().user_id_by_name(tenant_id, username).await.unwrap().unwrap();
    store.system().actor(tenant_id, id).await.unwrap()
}

fn ago(days: u64) -> NaiveDate {
    today() - Days::new(days)
}

/// The stages a project reaches, with days before today: inspected, then
/// each later stage a few months on.
fn ladder(stage: Stage, signed_ago: u64) -> Vec<(Stage, NaiveDate)> {
    let steps = [Stage::Signed, Stage::Registered, Stage::Started, Stage::InProduction];
    let mut out = vec![(Stage::Inspected, ago(signed_ago + 30))];
    if stage == Stage::Inspected {
        return out;
    }
    for (i, s) in steps.iter().enumerate() {
        out.push((*s, ago(signed_ago.saturating_sub(i as u64 * 90))));
        if *s == stage {
            break;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_projects_get_a_realistic_spread_of_agency_work() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store = &db.store;
    let tenant = demo::create_county(store, "Demo-pass-1").await.unwrap();
    let admin = actor(store, tenant.id, "county").await;
    let officer = actor(store, tenant.id, "officer").await;
    let write = store.projects(&admin, Permission::ProjectWrite).unwrap();
    let kinds = [ProjectKind::Manufacturing, ProjectKind::Agriculture, ProjectKind::Tourism, ProjectKind::Services];
    let plan: Vec<(Stage, u64)> = (0..32u64)
        .map(|i| match i % 8 {
            0..=2 => (Stage::InProduction, 700 + i * 10),
            3 | 4 => (Stage::Started, 300 + i * 5),
            5 => (Stage::Registered, 120 + i),
            6 => (Stage::Signed, 20 + i),
            _ => (Stage::Inspected, 10),
        })
        .collect();
    let mut projects = Vec::new();
    for (i, (stage, signed_ago)) in plan.iter().enumerate() {
        let draft = ProjectDraft {
            name: format!("演示项目{i:02}"),
            company_id: None,
            kind: kinds[i % kinds.len()],
            investment_fen: 2 * FEN_PER_YI,
            fixed_asset_fen: FEN_PER_YI,
            foreign_fen: 0,
            jobs_planned: 100,
            land_need_hundredths_mu: 2_000,
            factory_need_m2: 5_000,
            unit_id: tenant.root_unit_id,
            officer_id: (i % 4 != 3).then_some(officer.user_id()),
            team: vec![],
            source: ProjectSource::Chamber,
            source_chamber_id: None,
            follows_lead_id: None,
            notes: String::new(),
        };
        let id = write.create(draft.clone()).await.unwrap();
        for (s, on) in ladder(*stage, *signed_ago) {
            let event = NewStageEvent { stage: s, on, note: String::new(), supersedes: None, reason: String::new() };
            write.add_event(id, event).await.unwrap();
        }
        let signed = (*stage != Stage::Inspected).then(|| ago(*signed_ago));
        projects.push(DemoProject {
            id,
            officer_id: draft.officer_id,
            kind: draft.kind,
            signed_on: signed,
            stage: *stage,
        });
    }

    let started = Instant::now();
    let loaded = load(store, tenant.id, &projects, today()).await.unwrap();
    eprintln!("agency demo for {} projects in {:.2} s: {loaded:?}", projects.len(), started.elapsed().as_secs_f64());

    let read = store.agency(&admin, Permission::ProjectRead).unwrap();
    let (mut production, mut production_done, mut waiting, mut flagged, mut within_grace) = (0, 0, 0, 0, 0);
    let (mut open, mut resolved) = (0, 0);
    let mut tasks_seen = 0;
    for p in &projects {
        let a = read.project(p.id).await.unwrap();
        if p.signed_on.is_none() {
            assert!(a.tasks.is_empty() && a.problems.is_empty(), "a lead has no agency work");
            continue;
        }
        assert!(a.tasks.len() >= 9, "the whole checklist");
        assert!(a.checklist_left.is_empty());
        tasks_seen += a.tasks.len();
        for t in &a.tasks {
            if p.stage == Stage::InProduction && t.due < today() {
                production += 1;
                production_done += usize::from(t.status == TaskStatus::Done);
            }
            waiting += usize::from(t.status == TaskStatus::Waiting);
            flagged += usize::from(t.flagged);
            within_grace += usize::from(t.overdue && !t.flagged);
            let dates: Vec<NaiveDate> = t.trail.iter().map(|e| e.on).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]) && dates.iter().all(|d| *d <= today()), "{dates:?}");
        }
        open += a.problems.iter().filter(|q| q.resolved_on.is_none()).count();
        resolved += a.problems.iter().filter(|q| q.resolved_on.is_some()).count();
    }
    assert_eq!(tasks_seen, loaded.tasks);
    assert!(production_done * 10 >= production * 9, "{production_done} of {production} done in production");
    assert!(waiting > 0 && flagged > 0, "waiting {waiting}, flagged {flagged}");
    assert!(within_grace + flagged > 0);
    assert!(flagged * 5 < tasks_seen, "a few overdue, not most: {flagged} of {tasks_seen}");
    assert_eq!((open + resolved, resolved), (loaded.problems, loaded.resolved));
    assert!(open > 0 && resolved > 0, "open {open}, resolved {resolved}");
    let officer_bench = store.agency(&officer, Permission::ProjectRead).unwrap().workbench().await.unwrap();
    assert!(!officer_bench.mine.is_empty() && officer_bench.figure.overdue > 0);
    db.cleanup().await;
}
