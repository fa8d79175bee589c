//! The making of one demo project, before it has ids in a county: its
//! investor company and name, its size (jobs, land, factory space, fixed
//! assets), its history of dated stage events and its funds in place.
//! Dates climb the stages in order, so every history keeps the rules of
//! `guichao_domain::projects::check_new`; funds stay within the agreed
//! investment. `projects` composes these into the county's ledger.

use super::pick::{Weighted, one, pick};
use super::project_names::{BRAND_HEADS, BRAND_TAILS, DROP_REASONS, INDUSTRIES, INVESTOR_CITIES, Industry, LEAD_NOTES};
use chrono::{Days, NaiveDate};
use guichao_domain::ids::new_id;
use guichao_domain::projects::{FEN_PER_WAN, FundEvidence, ProjectKind, ProjectSource, Stage, StageEvent};
use guichao_store::projects::BulkFunds;
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashSet;

/// The last day the demo's ledger records anything.
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2024, 12, 31).expect("a real date");

/// Amounts are planned in lots of 100万元.
pub const LOT_FEN: i64 = 100 * FEN_PER_WAN;

/// An investor company to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyPlan {
    pub name: String,
    /// The city as fellows record it (深圳市).
    pub city: &'static str,
    pub industry: &'static str,
}

/// A demo project, planned.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub industry: &'static Industry,
    pub kind: ProjectKind,
    pub investment_fen: i64,
    pub fixed_asset_fen: i64,
    pub foreign_fen: i64,
    pub jobs_planned: i64,
    pub land_need_hundredths_mu: i64,
    pub factory_need_m2: i64,
    /// The investor company: an index into the ledger's companies.
    pub company: Option<usize>,
    /// The responsible township; `None`: the county.
    pub township: Option<&'static str>,
    pub source: ProjectSource,
    /// The chamber that brought it, by name.
    pub chamber: Option<String>,
    /// The fellows credited: an investor, an introducer, an advisor.
    pub investor: bool,
    pub introducer: bool,
    pub advisor: bool,
    /// The project officer once signed: 0 is the demo user `officer`, then
    /// the officers the demo adds.
    pub officer: Option<usize>,
    /// Its history in the order it was recorded.
    pub events: Vec<StageEvent>,
    pub funds: Vec<BulkFunds>,
    /// One of the five fellow projects of 2023 the park holds.
    pub park_2023: bool,
    /// The lead (an index into the ledger's plans) this project grew from.
    pub follows_lead: Option<usize>,
    pub notes: String,
}

impl Plan {
    /// By or via fellows: a fellow invested in it or introduced it.
    pub fn via_fellows(&self) -> bool {
        self.investor || self.introducer
    }

    /// The first effective event of `stage`.
    pub fn first(&self, stage: Stage) -> Option<NaiveDate> {
        guichao_domain::projects::first_date(&self.events, stage, NaiveDate::MAX)
    }
}

/// What becomes of a signed project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// It goes on at its own pace.
    Goes,
    /// It starts by the day: registration and start come sooner if need be.
    StartsBy(NaiveDate),
    /// It starts only after the day, or, when `ever` is false, not at all by
    /// the end of the ledger.
    StartsAfter(NaiveDate, bool),
    /// It is dropped after signing, before it starts.
    Dropped,
}

/// One stage event of a plan.
pub fn event(stage: Stage, on: NaiveDate, note: &str) -> StageEvent {
    StageEvent { id: new_id(), stage, on, note: note.into(), supersedes: None, reason: String::new() }
}

fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    day.checked_add_days(Days::new(days as u64)).expect("a demo date")
}

fn minus(day: NaiveDate, days: i64) -> NaiveDate {
    day.checked_sub_days(Days::new(days as u64)).expect("a demo date")
}

/// Makes companies, names, sizes and histories from one seeded generator.
pub struct Maker {
    pub rng: StdRng,
    names: HashSet<String>,
    company_names: HashSet<String>,
}

impl Maker {
    pub fn new(rng: StdRng) -> Maker {
        Maker { rng, names: HashSet::new(), company_names: HashSet::new() }
    }

    /// An industry, as often as its weight.
    pub fn industry(&mut self) -> &'static Industry {
        let weights: Vec<(usize, u32)> = INDUSTRIES.iter().enumerate().map(|(i, x)| (i, x.weight)).collect();
        &INDUSTRIES[pick(&mut self.rng, &Weighted(&weights))]
    }

    /// A day of `year`, away from the new year.
    pub fn day_in(&mut self, year: i32) -> NaiveDate {
        let first = NaiveDate::from_ymd_opt(year, 1, 8).expect("a real date");
        plus(first, self.rng.random_range(0..=348))
    }

    /// A typical agreed investment for the industry, in whole lots.
    pub fn amount(&mut self, industry: &Industry) -> i64 {
        let wan = self.rng.random_range(industry.wan.0..=industry.wan.1);
        (wan * FEN_PER_WAN / LOT_FEN).max(1) * LOT_FEN
    }

    /// A new investor company of the industry: 深圳市华源电子科技有限公司.
    pub fn company(&mut self, industry: &'static Industry) -> CompanyPlan {
        let weights: Vec<(usize, u32)> = INVESTOR_CITIES.iter().enumerate().map(|(i, c)| (i, c.2)).collect();
        let (prefix, city, _) = INVESTOR_CITIES[pick(&mut self.rng, &Weighted(&weights))];
        loop {
            let brand = format!("{}{}", one(&mut self.rng, &BRAND_HEADS), one(&mut self.rng, &BRAND_TAILS));
            let name = format!("{prefix}{brand}{}有限公司", industry.company_word);
            if self.company_names.insert(name.clone()) {
                return CompanyPlan { name, city, industry: industry.label };
            }
        }
    }

    /// A project name not yet taken: the brand of its company (or its
    /// township, for farms and resorts) and what it builds.
    pub fn name(&mut self, industry: &Industry, company: Option<&CompanyPlan>, township: Option<&str>) -> String {
        let place = township.map(|t| t.trim_end_matches(['镇', '乡']).to_string());
        let brand = company.map(|c| c.name.chars().skip(2).take(2).collect::<String>());
        let local = matches!(industry.kind, ProjectKind::Agriculture | ProjectKind::Tourism);
        let head = if local { place.or(brand) } else { brand.or(place) }.unwrap_or_default();
        for phase in ["", "二期", "三期"] {
            let product = one(&mut self.rng, industry.products);
            let name = format!("{head}{product}{phase}项目");
            if self.names.insert(name.clone()) {
                return name;
            }
        }
        let name = format!("{head}{}扩建项目", industry.products[0]);
        self.names.insert(name.clone());
        name
    }

    /// Marks a name as taken (a headline project's).
    pub fn take_name(&mut self, name: &str) {
        self.names.insert(name.to_string());
    }

    /// Fills the plan's fixed assets, foreign capital, jobs, land and
    /// factory space from its kind and investment. A park project takes
    /// standard factory units instead of land.
    pub fn size(&mut self, p: &mut Plan) {
        let rng = &mut self.rng;
        let wan = p.investment_fen / FEN_PER_WAN;
        let spread = |rng: &mut StdRng, x: i64| x * rng.random_range(80..=120) / 100;
        let manufacturing = p.kind == ProjectKind::Manufacturing;
        let fixed_pct = if manufacturing { rng.random_range(75..=90) } else { rng.random_range(55..=80) };
        p.fixed_asset_fen = p.investment_fen * fixed_pct / 100 / LOT_FEN * LOT_FEN;
        p.foreign_fen = if rng.random_range(0..12) == 0 {
            p.investment_fen * rng.random_range(20..=40) / 100 / LOT_FEN * LOT_FEN
        } else {
            0
        };
        let per_job = match p.kind {
            ProjectKind::Manufacturing => 40,
            ProjectKind::Services => 50,
            _ => 60,
        };
        p.jobs_planned = (spread(rng, wan / per_job) / 5 * 5).max(10);
        let mu = match p.kind {
            _ if p.park_2023 => 0,
            ProjectKind::Manufacturing => spread(rng, wan / 300),
            ProjectKind::Agriculture => rng.random_range(300..=3_000),
            ProjectKind::Tourism => spread(rng, wan / 200),
            _ => spread(rng, wan / 500),
        };
        p.land_need_hundredths_mu = mu.max(if p.park_2023 { 0 } else { 5 }) * 100;
        p.factory_need_m2 = match p.kind {
            _ if p.park_2023 => rng.random_range(30..=200) * 100,
            ProjectKind::Manufacturing => spread(rng, wan * 3 / 2) / 100 * 100,
            ProjectKind::Services => spread(rng, wan) / 100 * 100,
            _ => 0,
        };
    }

    /// The history of a project signed on `signed`: a lead, one or two
    /// inspections, talks, the signing, then registration, start and
    /// production as `fate` allows, up to [`LAST_DAY`].
    pub fn signed_history(&mut self, signed: NaiveDate, fate: Fate) -> Vec<StageEvent> {
        let rng = &mut self.rng;
        let gap = rng.random_range(15..=150);
        let first = minus(signed, gap);
        let mut events = vec![
            event(Stage::Lead, minus(first, rng.random_range(7..=60)), one::<&str>(rng, LEAD_NOTES)),
            event(Stage::Inspected, first, "投资方实地考察"),
        ];
        let mut last = first;
        if gap >= 40 && rng.random_range(0..10) < 4 {
            last = plus(first, rng.random_range(10..=gap - 10));
            events.push(event(Stage::Inspected, last, "投资方再次考察选址"));
        }
        if rng.random_range(0..10) < 7 {
            let talks = minus(signed, rng.random_range(1..=(signed - last).num_days().clamp(1, 40)));
            events.push(event(Stage::Negotiating, talks.max(last), "就用地、厂房和政策进行洽谈"));
        }
        events.push(event(Stage::Signed, signed, "签订投资合同"));
        let mut registered = plus(signed, rng.random_range(7..=45));
        let mut started = plus(registered, rng.random_range(15..=100));
        // Most projects build in four months to a year; some take two.
        let produced =
            if rng.random_range(0..100) < 15 { rng.random_range(450..=800) } else { rng.random_range(120..=420) };
        let mut ever = true;
        match fate {
            Fate::Goes => {}
            Fate::StartsBy(day) if started > day => {
                let span = (day - signed).num_days();
                (registered, started) = (plus(signed, span / 3), plus(signed, span * 2 / 3));
            }
            Fate::StartsBy(_) => {}
            Fate::StartsAfter(day, starts) => {
                if started <= day {
                    started = plus(day, rng.random_range(10..=90));
                }
                registered = registered.min(started);
                ever = starts;
            }
            Fate::Dropped => {
                if rng.random_range(0..2) == 0 {
                    events.push(event(Stage::Registered, registered, "完成工商注册"));
                }
                let reason = one(rng, DROP_REASONS).to_string();
                let dropped = plus(signed, rng.random_range(60..=200));
                events.push(StageEvent { reason, ..event(Stage::Dropped, dropped, "") });
                events.retain(|e| e.on <= LAST_DAY);
                return events;
            }
        }
        events.push(event(Stage::Registered, registered, "完成工商注册"));
        if ever {
            events.push(event(Stage::Started, started, "项目开工建设"));
            events.push(event(Stage::InProduction, plus(started, produced), "建成投产"));
        }
        events.retain(|e| e.on <= LAST_DAY);
        events
    }

    /// The history of a lead that was never signed, first heard of on
    /// `heard`: `steps` of lead, inspection and talks, then dropped unless
    /// it is still open at the end of the ledger.
    pub fn lead_history(&mut self, heard: NaiveDate, steps: usize, open: bool) -> Vec<StageEvent> {
        let rng = &mut self.rng;
        let mut events = vec![event(Stage::Lead, heard, one::<&str>(rng, LEAD_NOTES))];
        let mut day = heard;
        for (stage, note) in [(Stage::Inspected, "投资方实地考察"), (Stage::Negotiating, "洽谈合作条件")]
            .into_iter()
            .take(steps.saturating_sub(1))
        {
            day = plus(day, rng.random_range(10..=60));
            events.push(event(stage, day, note));
        }
        if !open && steps > 1 {
            let reason = one(rng, DROP_REASONS).to_string();
            let dropped = plus(day, rng.random_range(30..=150));
            events.push(StageEvent { reason, ..event(Stage::Dropped, dropped, "") });
        }
        events.retain(|e| e.on <= LAST_DAY);
        events
    }

    /// Funds in place of a signed project: capital verified at registration,
    /// money in the bank after the start, equipment at production, a last
    /// payment after; up to [`LAST_DAY`] and within the investment.
    pub fn funds(&mut self, p: &Plan) -> Vec<BulkFunds> {
        let rng = &mut self.rng;
        let farm = p.kind == ProjectKind::Agriculture;
        let steps = [
            (p.first(Stage::Registered), 0, (15, 30), FundEvidence::CapitalVerification, "注册资本验资"),
            (p.first(Stage::Started), 30, (10, 25), FundEvidence::BankReceipt, "项目建设资金到账"),
            (
                p.first(Stage::InProduction),
                0,
                (15, 30),
                if farm { FundEvidence::Other } else { FundEvidence::EquipmentList },
                if farm { "土地流转及基础设施投入凭证" } else { "生产设备购置到位" },
            ),
            (p.first(Stage::InProduction), 120, (5, 10), FundEvidence::BankReceipt, "流动资金到账"),
        ];
        let mut funds = Vec::new();
        for (day, after, (least, most), evidence, note) in steps {
            let Some(day) = day else { continue };
            let on = plus(day, if after > 0 { rng.random_range(after / 2..=after) } else { 0 });
            let share = rng.random_range(least..=most);
            let amount_fen = p.investment_fen * share / 100 / (10 * FEN_PER_WAN) * (10 * FEN_PER_WAN);
            if on <= LAST_DAY && amount_fen > 0 {
                funds.push(BulkFunds { amount_fen, on, evidence, note: note.into() });
            }
        }
        funds
    }
}
