//! The project benchmark's county: `--fellows` generated fellows (as the
//! liaison benchmark makes them) and `--projects` generated projects written
//! with the store's bulk writer, each with a dated history in stage order,
//! some fellows credited and some funds in place. Built once per database
//! and reused.

use crate::demo::scale::ScaleCounty;
use chrono::{Duration, NaiveDate};
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use guichao_domain::projects::{
    FEN_PER_WAN, FundEvidence, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage, StageEvent,
};
use guichao_store::Store;
use guichao_store::entities::{fellow, project};
use guichao_store::projects::{BulkFunds, BulkProject};
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Projects written per transaction.
const BATCH: usize = 5_000;

/// Adds generated projects to the county up to `n`.
pub async fn projects(
    store: &Store,
    county: &ScaleCounty,
    n: u64,
    officer: Uuid,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let t = county.tenant.id;
    let db = store.system().connection();
    let have = project::Entity::find().filter(project::Column::TenantId.eq(t)).count(db).await?;
    if have >= n {
        return Ok(());
    }
    let fellows: Vec<Uuid> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .filter(fellow::Column::TenantId.eq(t))
        .limit(20_000)
        .into_tuple()
        .all(db)
        .await?;
    let township = UnitLevel::Township.code();
    let units: Vec<Uuid> = county.units.iter().filter(|u| u.level == township).map(|u| u.id).collect();
    let mut left = n - have;
    while left > 0 {
        let size = left.min(BATCH as u64) as usize;
        let batch: Vec<BulkProject> =
            (0..size).map(|i| one(have as usize + i, &units, &fellows, officer, rng)).collect();
        store.system().insert_projects(t, &[], &batch).await?;
        left -= size as u64;
    }
    Ok(())
}

/// One project: a lead from 2021 to 2025 climbing a random number of stages.
fn one(n: usize, units: &[Uuid], fellows: &[Uuid], officer: Uuid, rng: &mut StdRng) -> BulkProject {
    let investment_fen = rng.random_range(500..200_000) * FEN_PER_WAN;
    let draft = ProjectDraft {
        name: format!("生成项目{n:06}"),
        company_id: None,
        kind: [ProjectKind::Manufacturing, ProjectKind::Agriculture, ProjectKind::Services, ProjectKind::Tourism]
            [n % 4],
        investment_fen,
        fixed_asset_fen: investment_fen / 2,
        foreign_fen: 0,
        jobs_planned: rng.random_range(10..800),
        land_need_hundredths_mu: rng.random_range(0..20_000),
        factory_need_m2: rng.random_range(0..50_000),
        unit_id: units[n % units.len()],
        officer_id: n.is_multiple_of(5).then_some(officer),
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    };
    let start = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default() + Duration::days(rng.random_range(0..1_700));
    let climbed = rng.random_range(0..=6usize);
    let ladder =
        [Stage::Inspected, Stage::Negotiating, Stage::Signed, Stage::Registered, Stage::Started, Stage::InProduction];
    let mut day = start;
    let mut events = Vec::new();
    for stage in ladder.into_iter().take(climbed) {
        day += Duration::days(rng.random_range(3..90));
        events.push(StageEvent {
            id: new_id(),
            stage,
            on: day,
            note: String::new(),
            supersedes: None,
            reason: String::new(),
        });
    }
    let events: Vec<StageEvent> = events.into_iter().filter(|e| e.on <= guichao_domain::date::today()).collect();
    let signed = events.iter().find(|e| e.stage == Stage::Signed).map(|e| e.on);
    let fellows = match fellows.is_empty() || n.is_multiple_of(3) {
        true => vec![],
        false => vec![(fellows[rng.random_range(0..fellows.len())], ProjectRole::Investor)],
    };
    let funds = match signed {
        Some(on) if on + Duration::days(30) <= guichao_domain::date::today() => vec![BulkFunds {
            amount_fen: investment_fen / 4,
            on: on + Duration::days(30),
            evidence: FundEvidence::BankReceipt,
            note: String::new(),
        }],
        _ => vec![],
    };
    BulkProject { id: new_id(), draft, events, fellows, funds }
}
