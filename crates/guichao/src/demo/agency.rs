//! The demo county's agency work (代办服务): every signed project gets its
//! kind's checklist on the days after signing, and a status trail that fits
//! where it stands on `today`: projects in production have nearly every
//! approval done, projects started or registered most of those past due,
//! with the rest in progress or waiting on the enterprise; a few approvals
//! are left overdue (most of them beyond their grace, being long past), and
//! projects still being built carry a current task or two due around
//! today. Some enterprises raise problems, most of them resolved.
//!
//! Written through the workbench handle as the project's officer (the
//! county's admin when the officer may not write), so every rule and audit
//! event applies as it would to a user. Deterministic for the same
//! projects and day.

use anyhow::Context;
use chrono::{Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::agency::{NewStatus, ProblemDraft, TaskDraft, TaskStatus};
use guichao_domain::projects::{ProjectKind, Stage};
use guichao_store::agency::Agency;
use guichao_store::{Actor, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

pub use super::project_load::DemoProject;

/// What the loader wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    pub tasks: usize,
    pub entries: usize,
    pub problems: usize,
    pub resolved: usize,
}

/// Tasks a project still being built works on now, beside its checklist.
const CURRENT: [&str; 5] =
    ["竣工验收备案", "规上工业企业入库申报", "安全生产条件审查", "排污许可登记", "高新技术企业认定申报"];

/// Problems enterprises raise, with how they were resolved, and the kinds
/// of project that raise them (any kind when none are named).
const PROBLEMS: [(&str, &str, &[ProjectKind]); 9] = [
    ("厂区道路未硬化，大型设备无法进场", "交通局已安排施工，道路硬化完成", &[ProjectKind::Manufacturing]),
    (
        "用电负荷不足，需增容至 800 千伏安",
        "供电公司已完成增容",
        &[ProjectKind::Manufacturing, ProjectKind::Agriculture],
    ),
    ("招工困难，急需熟练工 60 名", "人社局组织专场招聘会，已招录 52 人", &[]),
    ("天然气管道未接入厂区", "燃气公司已完成管道接入并通气", &[ProjectKind::Manufacturing]),
    ("员工子女入学需协调学位", "教育局已安排就近入学", &[]),
    ("标准厂房屋面漏水，影响设备安装", "园区管委会已完成屋面维修", &[ProjectKind::Manufacturing]),
    ("冷库建设用地需调整规划指标", "自然资源局已完成用地规划调整", &[ProjectKind::Agriculture]),
    ("景区连接道路需纳入交通规划", "交通局已将连接道路纳入年度计划", &[ProjectKind::Tourism, ProjectKind::Services]),
    ("贷款授信额度不足，流动资金紧张", "县金融办对接银行，新增授信 2000 万元", &[]),
];

fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 { day + Days::new(days as u64) } else { day - Days::new(days.unsigned_abs()) }
}

/// How likely an approval past due is done, by the project's stage.
fn done_share(stage: Stage) -> f64 {
    match stage {
        Stage::InProduction => 0.97,
        Stage::Started => 0.9,
        Stage::Registered => 0.8,
        _ => 0.7,
    }
}

/// The writer of a project: its officer when they may write, else the admin.
async fn writer(store: &Store, tenant_id: Uuid, officer: Option<Uuid>, admin: &Actor) -> anyhow::Result<Actor> {
    if let Some(id) = officer
        && let Ok(actor) = store.system().actor(tenant_id, id).await
        && actor.can(Permission::ProjectWrite)
    {
        return Ok(actor);
    }
    Ok(admin.clone())
}

/// Records the trail of a task added on `from` and due on `due`, as the
/// project at `stage` would have it on `today`. Returns the entries written.
async fn trail(
    agency: &Agency<'_>,
    rng: &mut StdRng,
    task: Uuid,
    (from, due, today): (NaiveDate, NaiveDate, NaiveDate),
    stage: Stage,
) -> anyhow::Result<usize> {
    let mut plan: Vec<(TaskStatus, NaiveDate, &str)> = Vec::new();
    let start = plus(due, -rng.random_range(10..40)).clamp(from, today);
    if due < today && rng.random_bool(done_share(stage)) {
        plan.push((TaskStatus::Doing, start, "材料已递交审批部门"));
        if rng.random_bool(0.3) {
            let wait = plus(start, rng.random_range(2..10)).min(today);
            plan.push((TaskStatus::Waiting, wait, "审批部门要求企业补充材料"));
        }
        plan.push((TaskStatus::Done, plus(due, rng.random_range(-15..8)).min(today), "已取得批复"));
    } else if start < today || rng.random_bool(0.4) {
        plan.push((TaskStatus::Doing, start, "正在办理"));
        if rng.random_bool(0.4) {
            let wait = plus(start, rng.random_range(3..20)).min(today);
            plan.push((TaskStatus::Waiting, wait, "待企业补充设计图纸"));
        }
    }
    let mut last = from;
    for (status, on, note) in &plan {
        last = last.max(*on);
        agency.set_status(task, NewStatus { status: *status, on: last, note }).await?;
    }
    Ok(plan.len())
}

/// Applies the checklists and records the tasks' trails and the problems of
/// `projects` as of `today` (today in China or earlier: the store refuses
/// days to come). Projects not signed, or dropped, get none.
pub async fn load(
    store: &Store,
    tenant_id: Uuid,
    projects: &[DemoProject],
    today: NaiveDate,
) -> anyhow::Result<Loaded> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let admin = store.system().actor(tenant_id, admin).await?;
    let mut loaded = Loaded::default();
    for p in projects {
        let Some(signed) = p.signed_on.filter(|_| p.stage.rank() >= Stage::Signed.rank()) else {
            continue;
        };
        let mut rng = StdRng::seed_from_u64(p.id.as_u64_pair().0 ^ p.id.as_u64_pair().1);
        let actor = writer(store, tenant_id, p.officer_id, &admin).await?;
        let write = store.agency(&actor, Permission::ProjectWrite)?;
        let applied = plus(signed, rng.random_range(0..4)).min(today);
        write.apply_checklist(p.id, applied).await?;
        let tasks = store.agency(&actor, Permission::ProjectRead)?.project(p.id).await?.tasks;
        loaded.tasks += tasks.len();
        for t in &tasks {
            loaded.entries += trail(&write, &mut rng, t.id, (applied, t.due, today), p.stage).await?;
        }
        if p.stage != Stage::InProduction && rng.random_bool(0.5) {
            loaded.tasks += 1;
            let name = CURRENT[rng.random_range(0..CURRENT.len())];
            let due = plus(today, rng.random_range(-25..7));
            let draft =
                TaskDraft { name: name.into(), due, owner_unit_id: None, owner_user_id: p.officer_id, grace_days: 7 };
            let id = write.add_task(p.id, draft).await?;
            // The store dates a task added by hand today, as it does a user's.
            if rng.random_bool(0.6) {
                let on = guichao_domain::date::today();
                write.set_status(id, NewStatus { status: TaskStatus::Doing, on, note: "已启动" }).await?;
                loaded.entries += 1;
            }
        }
        // Until one is left open, the next problem raised stays open.
        let open = loaded.problems - loaded.resolved;
        loaded.problems +=
            problems(&write, &mut rng, p, &actor, (signed, today), open == 0, &mut loaded.resolved).await?;
    }
    Ok(loaded)
}

/// Raises none to two problems of `p` between its signing and `today`, and
/// resolves most of those raised more than a few weeks ago; with
/// `keep_first_open`, the first raised is a recent one left open (so that
/// the county always has an open problem to show, whatever the draws).
async fn problems(
    write: &Agency<'_>,
    rng: &mut StdRng,
    p: &DemoProject,
    actor: &Actor,
    (signed, today): (NaiveDate, NaiveDate),
    keep_first_open: bool,
    resolved: &mut usize,
) -> anyhow::Result<usize> {
    let count = match rng.random_range(0..10) {
        0..5 => 0,
        5..8 => 1,
        _ => 2,
    };
    let span = (today - signed).num_days().max(1);
    let fitting: Vec<_> = PROBLEMS.iter().filter(|(_, _, kinds)| kinds.is_empty() || kinds.contains(&p.kind)).collect();
    for i in 0..count {
        let &(text, resolution, _) = fitting[rng.random_range(0..fitting.len())];
        // Open problems are recent; older ones were resolved.
        let recent = rng.random_bool(0.3) || (keep_first_open && i == 0);
        let back = if recent { rng.random_range(0..span.min(45)) } else { rng.random_range(0..span) };
        let raised_on = plus(today, -back);
        let deadline = plus(raised_on, rng.random_range(7..30));
        let owner = if p.officer_id.is_some() { (None, p.officer_id) } else { (Some(actor.unit_id()), None) };
        let draft =
            ProblemDraft { raised_on, text: text.into(), owner_unit_id: owner.0, owner_user_id: owner.1, deadline };
        let id = write.raise_problem(p.id, draft).await?;
        if !recent {
            let on = plus(raised_on, rng.random_range(2..40)).min(today);
            write.resolve_problem(id, resolution, on).await?;
            *resolved += 1;
        }
    }
    Ok(count)
}
