//! The program's project figures (ARCHITECTURE section 7), computed from
//! stage events as of any day, for any period. Each figure is one function;
//! [`project_metrics`] puts them together.
//!
//! The projects counted are those *signed in the period*: their signing
//! milestone (the first effective signing event) falls within the period and
//! on or before the as-of date. A project dropped since still counts: it was
//! brought in during the period, and the start, registration and production
//! rates are what show it went no further. A stage counts as reached when it
//! or a later stage of the ladder is recorded by the as-of date: a project
//! recorded in production has started, even if its start was never entered.

use super::{Milestones, ProjectKind, Stage};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// What the figures need to know about one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub id: Uuid,
    pub kind: ProjectKind,
    /// The city the investor company is registered in; empty when unknown.
    pub investor_city: String,
    /// The agreed investment.
    pub investment_fen: i64,
    pub jobs_planned: i64,
    /// Whether a fellow invested in it or introduced it.
    pub via_fellows: bool,
    /// Its milestones, from its stage events ([`Milestones::of`]).
    pub milestones: Milestones,
    /// Funds in place: the day they arrived and the amount.
    pub funds: Vec<(NaiveDate, i64)>,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// How many days a step took across the projects that took it: the median,
/// and the fastest case with its project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DaysFigure {
    pub median: Option<f64>,
    pub fastest: Option<i64>,
    pub fastest_project_id: Option<Uuid>,
}

impl DaysFigure {
    /// The figure of `(project, days)` samples. The median of an even count is
    /// the mean of the middle two; a tie for the fastest goes to the smaller
    /// project id, so the answer does not depend on the order of the samples.
    pub fn of(samples: impl IntoIterator<Item = (Uuid, i64)>) -> DaysFigure {
        let mut sorted: Vec<(i64, Uuid)> = samples.into_iter().map(|(id, days)| (days, id)).collect();
        sorted.sort_unstable();
        let n = sorted.len();
        let median = match n {
            0 => None,
            _ if n % 2 == 1 => Some(sorted[n / 2].0 as f64),
            _ => Some((sorted[n / 2 - 1].0 + sorted[n / 2].0) as f64 / 2.0),
        };
        let fastest = sorted.first();
        DaysFigure { median, fastest: fastest.map(|f| f.0), fastest_project_id: fastest.map(|f| f.1) }
    }
}

/// The figures of the projects signed in a period, as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectMetrics {
    /// Projects brought in (引进项目): signed in the period.
    pub projects_signed: u64,
    /// Their agreed investment.
    pub investment_fen: i64,
    /// Of them, invested in or introduced by fellows.
    pub via_fellows: u64,
    pub fellow_share: Option<f64>,
    /// Of them, started by the as-of date; and the start rate (开工率).
    pub started: u64,
    pub start_rate: Option<f64>,
    /// Of them, registered by the as-of date; and the registration rate (注册率).
    pub registered: u64,
    pub registration_rate: Option<f64>,
    /// Of them, in production by the as-of date; and the production rate (投产率).
    pub in_production: u64,
    pub production_rate: Option<f64>,
    /// Their funds in place by the as-of date, and the share of their agreed
    /// investment that makes (资金到位率).
    pub funds_in_place_fen: i64,
    pub funds_in_place_rate: Option<f64>,
    /// From the first inspection to signing (考察到落地).
    pub inspection_to_signing_days: DaysFigure,
    /// From signing to production (签约到投产).
    pub signing_to_production_days: DaysFigure,
    pub jobs_planned: i64,
}

/// Whether the project was signed within `period`, as known on `as_of`.
pub fn signed_in(project: &ProjectFacts, period: Period, as_of: NaiveDate) -> bool {
    project.milestones.on(Stage::Signed, as_of).is_some_and(|day| period.contains(day))
}

/// Whether the project had reached `stage` by `as_of`: an event of it or of
/// a later stage of the ladder is recorded by then.
pub fn reached(project: &ProjectFacts, stage: Stage, as_of: NaiveDate) -> bool {
    project.milestones.reached(stage, as_of)
}

/// The project's funds that arrived on or before `as_of`.
pub fn funds_in_place(project: &ProjectFacts, as_of: NaiveDate) -> i64 {
    project.funds.iter().filter(|(day, _)| *day <= as_of).map(|(_, fen)| fen).sum()
}

/// Days from the milestone of `from` to that of `to`, both known by `as_of`.
pub fn days_between(project: &ProjectFacts, from: Stage, to: Stage, as_of: NaiveDate) -> Option<i64> {
    let start = project.milestones.on(from, as_of)?;
    Some((project.milestones.on(to, as_of)? - start).num_days())
}

/// A part of a whole; `None` of an empty whole.
pub fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then_some(part / whole)
}

/// The figures of the projects signed in `period` as known on `as_of`; with
/// `only_via_fellows`, of those invested in or introduced by fellows only.
pub fn project_metrics(
    projects: &[ProjectFacts],
    period: Period,
    as_of: NaiveDate,
    only_via_fellows: bool,
) -> ProjectMetrics {
    let signed: Vec<&ProjectFacts> = projects
        .iter()
        .filter(|p| p.via_fellows || !only_via_fellows)
        .filter(|p| signed_in(p, period, as_of))
        .collect();
    let count = |keep: &dyn Fn(&ProjectFacts) -> bool| signed.iter().filter(|p| keep(p)).count() as u64;
    let projects_signed = signed.len() as u64;
    let of_signed = |part: u64| ratio(part as f64, projects_signed as f64);
    let days = |from, to| DaysFigure::of(signed.iter().filter_map(|p| Some((p.id, days_between(p, from, to, as_of)?))));
    let investment_fen = signed.iter().map(|p| p.investment_fen).sum();
    let funds_in_place_fen = signed.iter().map(|p| funds_in_place(p, as_of)).sum();
    let via_fellows = count(&|p| p.via_fellows);
    let started = count(&|p| reached(p, Stage::Started, as_of));
    let registered = count(&|p| reached(p, Stage::Registered, as_of));
    let in_production = count(&|p| reached(p, Stage::InProduction, as_of));
    ProjectMetrics {
        projects_signed,
        investment_fen,
        via_fellows,
        fellow_share: of_signed(via_fellows),
        started,
        start_rate: of_signed(started),
        registered,
        registration_rate: of_signed(registered),
        in_production,
        production_rate: of_signed(in_production),
        funds_in_place_fen,
        funds_in_place_rate: ratio(funds_in_place_fen as f64, investment_fen as f64),
        inspection_to_signing_days: days(Stage::Inspected, Stage::Signed),
        signing_to_production_days: days(Stage::Signed, Stage::InProduction),
        jobs_planned: signed.iter().map(|p| p.jobs_planned).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::{FEN_PER_YI, StageEvent, format_amount};
    use Stage::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ev(id: u128, stage: Stage, on: NaiveDate) -> StageEvent {
        StageEvent { id: Uuid::from_u128(id), stage, on, note: String::new(), supersedes: None, reason: String::new() }
    }

    /// The events of `stages`, numbered from `id`.
    fn events(id: u128, stages: &[(Stage, NaiveDate)]) -> Vec<StageEvent> {
        stages.iter().zip(1..).map(|(&(stage, on), n)| ev(id * 100 + n, stage, on)).collect()
    }

    /// A project with the given events, 1亿元 agreed, 10 jobs, not via fellows.
    fn project(id: u128, stages: &[(Stage, NaiveDate)]) -> ProjectFacts {
        ProjectFacts {
            id: Uuid::from_u128(id),
            kind: ProjectKind::Manufacturing,
            investor_city: String::new(),
            investment_fen: FEN_PER_YI,
            jobs_planned: 10,
            via_fellows: false,
            milestones: Milestones::of(&events(id, stages)),
            funds: vec![],
        }
    }

    const YEARS_22_23: Period = Period {
        from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
    };

    /// 84 projects signed in 2022-2023 for 110亿元, 70 via fellows, 73
    /// started; and three that do not count (signed before, signed after,
    /// never signed).
    fn portfolio() -> Vec<ProjectFacts> {
        let mut projects: Vec<ProjectFacts> = (0..84)
            .map(|i| {
                let signed = day(2022, 1, 1) + chrono::Days::new(i * 8);
                let mut stages = vec![(Signed, signed)];
                if i < 73 {
                    stages.push((Started, signed + chrono::Days::new(30)));
                }
                let mut p = project(u128::from(i) + 1, &stages);
                p.via_fellows = i < 70;
                p
            })
            .collect();
        projects[0].investment_fen = 27 * FEN_PER_YI;
        projects.push(project(100, &[(Signed, day(2021, 12, 31)), (Started, day(2022, 3, 1))]));
        projects.push(project(101, &[(Signed, day(2024, 1, 1))]));
        projects.push(project(102, &[(Inspected, day(2023, 5, 1))]));
        projects
    }

    #[test]
    fn the_headline_figures_of_a_portfolio() {
        let m = project_metrics(&portfolio(), YEARS_22_23, day(2024, 6, 30), false);
        assert_eq!((m.projects_signed, m.started, m.via_fellows), (84, 73, 70));
        assert_eq!(format_amount(m.investment_fen), "110亿元");
        assert!((m.start_rate.unwrap() - 0.869_047_6).abs() < 1e-6, "{:?}", m.start_rate);
        assert!((m.fellow_share.unwrap() - 70.0 / 84.0).abs() < 1e-12);
        assert_eq!((m.registered, m.registration_rate), (73, m.start_rate), "a started project was registered");
        assert_eq!(m.jobs_planned, 840);
        assert_eq!(m.inspection_to_signing_days, DaysFigure::default(), "no inspection recorded");
    }

    #[test]
    fn an_empty_period_has_no_rates() {
        let m = project_metrics(
            &portfolio(),
            Period { from: day(2025, 1, 1), to: day(2025, 12, 31) },
            day(2025, 12, 31),
            false,
        );
        assert_eq!((m.projects_signed, m.investment_fen, m.funds_in_place_fen, m.jobs_planned), (0, 0, 0, 0));
        assert_eq!(
            [m.fellow_share, m.start_rate, m.registration_rate, m.production_rate, m.funds_in_place_rate],
            [None; 5]
        );
        assert_eq!(m.signing_to_production_days, DaysFigure::default());
        assert_eq!(project_metrics(&[], YEARS_22_23, day(2024, 1, 1), false), m);
    }

    #[test]
    fn only_what_was_known_by_the_day_counts() {
        let as_of = day(2023, 6, 30);
        let mut projects = portfolio();
        let before = project_metrics(&projects, YEARS_22_23, as_of, false);
        assert_eq!(before.projects_signed, 69, "projects signed after the day are not yet brought in");
        let later = day(2023, 7, 1);
        // The project's milestones with events added on `later`.
        let add = |p: &mut ProjectFacts, added: &[Stage]| {
            let mut stages: Vec<_> =
                Stage::LADDER.into_iter().filter_map(|s| Some((s, p.milestones.on(s, NaiveDate::MAX)?))).collect();
            stages.extend(added.iter().map(|&s| (s, later)));
            p.milestones = Milestones::of(&events(p.id.as_u128(), &stages));
        };
        add(&mut projects[10], &[InProduction, Inspected]);
        projects[10].funds.push((later, FEN_PER_YI));
        add(&mut projects[80], &[Started]);
        assert_eq!(project_metrics(&projects, YEARS_22_23, as_of, false), before);
        let m = project_metrics(&projects, YEARS_22_23, day(2024, 6, 30), false);
        assert_eq!((m.in_production, m.started, m.funds_in_place_fen), (1, 74, FEN_PER_YI));
    }

    #[test]
    fn a_dropped_project_was_still_brought_in() {
        let dropped = project(1, &[(Signed, day(2023, 3, 1)), (Dropped, day(2023, 5, 1))]);
        let m = project_metrics(&[dropped], YEARS_22_23, day(2023, 12, 31), false);
        assert_eq!((m.projects_signed, m.started, m.start_rate), (1, 0, Some(0.0)));
    }

    #[test]
    fn fellow_projects_alone() {
        let m = project_metrics(&portfolio(), YEARS_22_23, day(2024, 6, 30), true);
        assert_eq!((m.projects_signed, m.via_fellows, m.fellow_share), (70, 70, Some(1.0)));
        assert_eq!(m.started, 70, "the first 70 all started");
        assert_eq!(m.investment_fen, 96 * FEN_PER_YI);
    }

    #[test]
    fn funds_in_place_against_the_agreed_investment() {
        let mut p = project(1, &[(Signed, day(2023, 3, 1))]);
        p.funds = vec![(day(2023, 4, 1), FEN_PER_YI / 4), (day(2023, 9, 1), FEN_PER_YI / 4), (day(2024, 2, 1), 1)];
        let m = project_metrics(std::slice::from_ref(&p), YEARS_22_23, day(2023, 12, 31), false);
        assert_eq!((m.funds_in_place_fen, m.funds_in_place_rate), (FEN_PER_YI / 2, Some(0.5)));
        p.investment_fen = 0;
        let m = project_metrics(&[p], YEARS_22_23, day(2023, 12, 31), false);
        assert_eq!(m.funds_in_place_rate, None, "no agreed investment, no rate");
    }

    #[test]
    fn days_from_inspection_to_landing_and_signing_to_production() {
        let projects = [
            project(9, &[(Inspected, day(2023, 3, 1)), (Signed, day(2023, 3, 8))]),
            project(4, &[(Inspected, day(2023, 5, 1)), (Signed, day(2023, 5, 8)), (InProduction, day(2024, 5, 7))]),
            project(5, &[(Inspected, day(2022, 1, 1)), (Inspected, day(2022, 12, 1)), (Signed, day(2023, 1, 30))]),
            project(6, &[(Inspected, day(2023, 1, 1)), (Signed, day(2023, 2, 15)), (InProduction, day(2025, 1, 1))]),
            project(7, &[(Signed, day(2023, 6, 1)), (InProduction, day(2023, 12, 1))]),
        ];
        let m = project_metrics(&projects, YEARS_22_23, day(2024, 12, 31), false);
        let inspection = m.inspection_to_signing_days;
        assert_eq!((inspection.fastest, inspection.fastest_project_id), (Some(7), Some(Uuid::from_u128(4))));
        assert_eq!(inspection.median, Some((7.0 + 45.0) / 2.0), "7, 7, 45, 394: the mean of the middle two");
        let production = m.signing_to_production_days;
        assert_eq!(production.median, Some((183.0 + 365.0) / 2.0), "project 6 not yet in production");
        assert_eq!((production.fastest, production.fastest_project_id), (Some(183), Some(Uuid::from_u128(7))));
        assert_eq!((m.in_production, m.production_rate), (2, Some(0.4)));
        assert_eq!(m.started, 2, "a project in production has started, though no start was entered");
        assert_eq!(m.registered, 2);
    }

    #[test]
    fn medians_and_ties() {
        let id = Uuid::from_u128;
        let odd = DaysFigure::of([(id(3), 30), (id(1), 10), (id(2), 20)]);
        assert_eq!((odd.median, odd.fastest, odd.fastest_project_id), (Some(20.0), Some(10), Some(id(1))));
        let tie = DaysFigure::of([(id(8), 5), (id(2), 5)]);
        assert_eq!((tie.median, tie.fastest_project_id), (Some(5.0), Some(id(2))));
        assert_eq!(DaysFigure::of([]), DaysFigure::default());
        assert_eq!(ratio(1.0, 0.0), None);
        let period = Period { from: day(2023, 1, 1), to: day(2023, 1, 31) };
        assert!(period.contains(day(2023, 1, 1)) && period.contains(day(2023, 1, 31)));
        assert!(!period.contains(day(2023, 2, 1)));
    }
}
