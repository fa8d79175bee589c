//! The ledger's figures, computed from the plans with the domain's own
//! metrics, and the rules every plan keeps.

use super::*;
use crate::demo::project_plan::LAST_DAY;
use guichao_domain::projects::{
    Milestones, NewFunds, NewStageEvent, Period, ProjectFacts, check_funds, check_new, days_between, project_metrics,
};
use std::collections::HashSet;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn years(from: i32, to: i32) -> Period {
    Period { from: day(from, 1, 1), to: day(to, 12, 31) }
}

/// The plans as the metrics read them; plan `i` has the id `i + 1`.
fn facts(l: &Ledger) -> Vec<ProjectFacts> {
    let plans = l.plans.iter().zip(1u128..);
    plans
        .map(|(p, n)| ProjectFacts {
            id: Uuid::from_u128(n),
            kind: p.kind,
            investor_city: p.company.map(|c| l.companies[c].city.to_string()).unwrap_or_default(),
            investment_fen: p.investment_fen,
            jobs_planned: p.jobs_planned,
            via_fellows: p.via_fellows(),
            milestones: Milestones::of(&p.events),
            funds: p.funds.iter().map(|f| (f.on, f.amount_fen)).collect(),
        })
        .collect()
}

fn named<'a>(l: &'a Ledger, name: &str) -> (Uuid, &'a Plan) {
    let i = l.plans.iter().position(|p| p.name == name).unwrap_or_else(|| panic!("no {name}"));
    (Uuid::from_u128(i as u128 + 1), &l.plans[i])
}

#[test]
fn the_ledger_gives_the_reported_figures() {
    let l = ledger();
    let f = facts(&l);
    let m = project_metrics(&f, years(2022, 2023), END_2023, true);
    assert_eq!(m.projects_signed as usize, FELLOW_PROJECTS_2022_23);
    assert_eq!(m.investment_fen, FELLOW_INVESTMENT_2022_23_FEN);
    assert_eq!(m.started as usize, FELLOW_STARTED_BY_END_2023);
    assert!(m.registered >= m.started && m.in_production < m.started, "{m:?}");
    let funds = m.funds_in_place_rate.unwrap();
    assert!((0.4..=0.7).contains(&funds), "funds in place {funds}");

    let of_2023 = project_metrics(&f, years(2023, 2023), END_2023, false);
    assert_eq!((of_2023.projects_signed, of_2023.via_fellows), (52, 44));
    assert!(of_2023.fellow_share.unwrap() > 0.8);
    let of_2024 = project_metrics(&f, years(2024, 2024), LAST_DAY, false);
    assert!(of_2024.fellow_share.unwrap() > 0.8, "over 80% from 2023 on");
    let of_2022 = project_metrics(&f, years(2022, 2022), END_2023, false);
    assert!(of_2022.fellow_share.unwrap() < 0.8);

    let (auto, plan) = named(&l, AUTO_INTERIOR);
    let all = project_metrics(&f, years(2000, 2024), LAST_DAY, false);
    let fastest = all.inspection_to_signing_days;
    assert_eq!((fastest.fastest, fastest.fastest_project_id), (Some(FASTEST_INSPECTION_TO_SIGNING_DAYS), Some(auto)));
    let slower = f.iter().filter(|p| p.id != auto);
    assert!(slower.filter_map(|p| days_between(p, Stage::Inspected, Stage::Signed, LAST_DAY)).all(|d| d > 7));
    assert!(plan.park_2023 && plan.via_fellows());

    let (plant, plan) = named(&l, EQUIPMENT_PLANT);
    assert_eq!(plan.investment_fen, EQUIPMENT_PLANT_FEN);
    let plant = f.iter().find(|p| p.id == plant).unwrap();
    let year = days_between(plant, Stage::Signed, Stage::InProduction, LAST_DAY).unwrap();
    assert!((350..=380).contains(&year), "{year} days");

    let park: Vec<&Plan> = l.plans.iter().filter(|p| p.park_2023).collect();
    assert_eq!(park.len(), PARK_2023_PROJECTS);
    assert_eq!(park.iter().map(|p| p.investment_fen).sum::<i64>(), PARK_2023_FEN);
    assert!(park.iter().all(|p| p.via_fellows() && p.first(Stage::Signed).unwrap().year() == 2023));
}

#[test]
fn the_2023_signings_the_county_names() {
    let l = ledger();
    let signed_2023 = |p: &&Plan| p.first(Stage::Signed).is_some_and(|d| d.year() == 2023);
    let of_2023: Vec<&Plan> = l.plans.iter().filter(signed_2023).collect();
    let find = |word: &str| *of_2023.iter().find(|p| p.name.contains(word)).unwrap_or_else(|| panic!("{word}"));
    for word in ["临港产业园", "职业技术学院"] {
        assert!(find(word).investment_fen > 20 * FEN_PER_YI, "{word}");
    }
    for word in ["医药产业基地", "胶原蛋白", "汽车内饰"] {
        find(word);
    }
    for word in ["仓储", "祭祀用品"] {
        let p = find(word);
        assert!(p.source == ProjectSource::Chamber && p.chamber.is_some(), "{word}");
    }
}

#[test]
fn leads_and_the_years_around() {
    let l = ledger();
    let f = facts(&l);
    let never: Vec<&Plan> = l.plans.iter().filter(|p| p.first(Stage::Signed).is_none()).collect();
    assert_eq!(never.len(), LEADS.iter().map(|(_, n)| n).sum::<usize>());
    assert!(never.iter().any(|p| p.events.len() == 1), "a lead only");
    assert!(
        never
            .iter()
            .filter(|p| p.first(Stage::Dropped).is_some())
            .all(|p| p.events.iter().any(|e| !e.reason.is_empty()))
    );
    assert!(never.iter().any(|p| p.first(Stage::Negotiating).is_some() && p.first(Stage::Dropped).is_some()));
    assert!(never.iter().filter(|p| p.first(Stage::Lead).unwrap().year() == 2024).count() >= 5);
    assert!(never.iter().all(|p| p.officer.is_none() && p.funds.is_empty()));
    for year in [2021, 2024] {
        let m = project_metrics(&f, years(year, year), LAST_DAY, false);
        assert!(m.projects_signed > 10 && m.started > 0 && m.funds_in_place_fen > 0, "{year}: {m:?}");
    }
    let followers: Vec<&Plan> = l.plans.iter().filter(|p| p.follows_lead.is_some()).collect();
    assert_eq!(followers.len(), TAKEN_UP_AGAIN);
    for p in followers {
        let lead = &l.plans[p.follows_lead.unwrap()];
        assert_eq!(lead.company, p.company, "the same investor came back");
        assert!(lead.first(Stage::Dropped).unwrap() < p.first(Stage::Lead).unwrap());
    }
    let corrected = l.plans.iter().filter(|p| p.events.iter().any(|e| e.supersedes.is_some())).count();
    assert_eq!(corrected, 2);
}

#[test]
fn every_plan_keeps_the_rules_a_user_keeps() {
    let l = ledger();
    let today = day(2025, 1, 1);
    for p in &l.plans {
        let mut history = Vec::new();
        for e in &p.events {
            let new = NewStageEvent {
                stage: e.stage,
                on: e.on,
                note: e.note.clone(),
                supersedes: e.supersedes,
                reason: e.reason.clone(),
            };
            assert_eq!(check_new(&history, &new, today), Ok(()), "{} {e:?}", p.name);
            history.push(e.clone());
        }
        let mut in_place = 0;
        for funds in &p.funds {
            let new = NewFunds { amount_fen: funds.amount_fen, on: funds.on, note: &funds.note };
            assert!(check_funds(new, in_place, p.investment_fen, today).is_ok(), "{}", p.name);
            assert!(funds.on >= p.first(Stage::Signed).unwrap());
            in_place += funds.amount_fen;
        }
        assert!(p.fixed_asset_fen <= p.investment_fen && p.foreign_fen <= p.investment_fen);
        assert!(p.jobs_planned > 0 && p.company.is_none_or(|c| c < l.companies.len()));
        assert_eq!(p.officer.is_some(), p.first(Stage::Signed).is_some(), "{}", p.name);
        assert_eq!(p.chamber.is_some(), p.source == ProjectSource::Chamber);
    }
    let names: HashSet<&str> = l.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), l.plans.len(), "names are distinct");
    let companies: HashSet<&str> = l.companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(companies.len(), l.companies.len());
    let evidence: HashSet<_> = l.plans.iter().flat_map(|p| p.funds.iter().map(|f| f.evidence)).collect();
    assert_eq!(evidence.len(), 4, "every kind of evidence");
}

#[test]
fn the_ledger_is_the_same_every_time() {
    let shape = |l: &Ledger| {
        l.plans
            .iter()
            .map(|p| (p.name.clone(), p.investment_fen, p.events.iter().map(|e| (e.stage, e.on)).collect::<Vec<_>>()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&ledger()), shape(&ledger()));
}
