//! The demo county's investment projects, 2021-2024 (issue 11, item 9): a
//! ledger whose records alone give the figures the county reports
//! (PROGRAM.md parts 3, 9 and 10 and the headline figures) through the
//! project metrics, as of any day.
//!
//! The targets are the constants below and the projects the county names
//! are [`HEADLINES`]; the rest of the ledger is generated around them,
//! deterministic in [`SEED`] and built so that every target holds exactly:
//! the fellow projects of 2022-2023 are sized to total the reported
//! investment, and those that had not started by the end of 2023 are the
//! ones dropped after signing and the last signed that year. The unit tests
//! compute the figures from the plans with the domain's metrics;
//! `tests/demo.rs` computes them again from the database. `project_load`
//! writes the ledger into a county.

use super::pick::{Weighted, one, pick};
use super::project_names::{Industry, industry};
use super::project_plan::{CompanyPlan, Fate, LOT_FEN, Maker, Plan, event};
use super::units::TOWNSHIPS;
use chrono::{Datelike, NaiveDate};
use guichao_domain::projects::{FEN_PER_WAN, FEN_PER_YI, ProjectKind, ProjectRole, ProjectSource, Stage, StageEvent};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The seed of the ledger.
pub const SEED: u64 = 0x7072_6f6a_6563_7473;

/// Projects brought in by or via fellows, signed 2022-2023 (引进乡友项目 84 个).
pub const FELLOW_PROJECTS_2022_23: usize = 84;
/// Their agreed investment (总投资 110亿元).
pub const FELLOW_INVESTMENT_2022_23_FEN: i64 = 110 * FEN_PER_YI;
/// Of them, started by the end of 2023 (开工率 87%, 73 of 84).
pub const FELLOW_STARTED_BY_END_2023: usize = 73;
/// The auto-interior plant's days from first inspection to signing: the fastest.
pub const FASTEST_INSPECTION_TO_SIGNING_DAYS: i64 = 7;
/// The equipment plant that went from signing to production in a year.
pub const EQUIPMENT_PLANT_FEN: i64 = 106 * FEN_PER_YI / 10;
/// Fellow projects of 2023 the park holds, and their agreed investment.
pub const PARK_2023_PROJECTS: usize = 5;
pub const PARK_2023_FEN: i64 = 189 * FEN_PER_YI / 10;

/// Projects signed each year: (year, by or via fellows, others). By or via
/// fellows "over 80% from 2023 on": 44 of 52 (84.6%) in 2023, 22 of 27
/// (81.5%) in 2024; 40 of 54 (74.1%) in 2022.
pub const SIGNED: [(i32, usize, usize); 4] = [(2021, 11, 7), (2022, 40, 14), (2023, 44, 8), (2024, 22, 5)];
/// The years of the fellow projects of 2022-2023 dropped after signing.
const DROPPED_AFTER_SIGNING: [i32; 2] = [2022, 2023];
/// Leads never signed, by the year they came: (year, how many).
pub const LEADS: [(i32, usize); 4] = [(2021, 5), (2022, 6), (2023, 7), (2024, 9)];
/// Leads dropped in 2021-2022 that a later project took up again.
const TAKEN_UP_AGAIN: usize = 2;
/// The project officers: the demo user `officer` (0) and the officers the
/// demo adds, with how many of the signed projects each carries.
pub const OFFICER_WEIGHTS: [(usize, u32); 5] = [(0, 7), (1, 3), (2, 3), (3, 3), (4, 3)];

pub const AUTO_INTERIOR: &str = "年产80万套汽车内饰件生产项目";
pub const EQUIPMENT_PLANT: &str = "智能农机装备制造基地项目";

/// A project the county names in its reports.
struct Headline {
    name: &'static str,
    industry: &'static str,
    wan: i64,
    /// The part a fellow played; `None`: not by or via fellows.
    credit: Option<ProjectRole>,
    source: ProjectSource,
    chamber: Option<&'static str>,
    township: Option<&'static str>,
    officer: usize,
    park: bool,
    notes: &'static str,
    /// Lead, first inspection, talks, signing, registration, start,
    /// production; "" when it did not happen by the end of the ledger.
    dates: [&'static str; 7],
}

const HEADLINES: [Headline; 11] = [
    Headline {
        name: AUTO_INTERIOR,
        industry: "汽车零部件",
        wan: 32_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::Event,
        chamber: None,
        township: None,
        officer: 0,
        park: true,
        notes: "乡友企业家回乡考察后7天签约落地，入驻标准厂房拎包入住",
        dates: ["2023-03-20", "2023-04-11", "", "2023-04-18", "2023-05-06", "2023-06-12", "2023-11-28"],
    },
    Headline {
        name: EQUIPMENT_PLANT,
        industry: "装备制造",
        wan: 106_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::TaskForce,
        chamber: None,
        township: None,
        officer: 0,
        park: false,
        notes: "项目警官全程帮代办，签约到投产用时一年",
        dates: ["2021-09-15", "2021-10-26", "2021-12-08", "2022-03-18", "2022-04-08", "2022-05-16", "2023-03-20"],
    },
    Headline {
        name: "临港产业园项目",
        industry: "园区开发",
        wan: 225_000,
        credit: None,
        source: ProjectSource::TaskForce,
        chamber: None,
        township: None,
        officer: 1,
        park: false,
        notes: "产业链招商引进，依托港口建设临港产业园",
        dates: ["2022-11-02", "2023-01-09", "2023-03-02", "2023-06-28", "2023-08-01", "2023-10-18", ""],
    },
    Headline {
        name: "巴陵工匠职业技术学院建设项目",
        industry: "职业教育",
        wan: 210_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::Event,
        chamber: None,
        township: None,
        officer: 2,
        park: false,
        notes: "乡友投资兴办职业院校，服务县域产业用工",
        dates: ["2022-10-08", "2022-11-15", "2023-02-10", "2023-05-26", "2023-07-03", "2023-09-20", ""],
    },
    Headline {
        name: "生物医药产业基地项目",
        industry: "生物医药",
        wan: 85_000,
        credit: Some(ProjectRole::Introducer),
        source: ProjectSource::TaskForce,
        chamber: None,
        township: None,
        officer: 0,
        park: false,
        notes: "乡友引荐，医药产业链招商",
        dates: ["2022-10-20", "2022-12-06", "2023-01-30", "2023-03-09", "2023-04-02", "2023-05-15", ""],
    },
    Headline {
        name: "重组胶原蛋白生产项目",
        industry: "生物医药",
        wan: 50_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::Event,
        chamber: None,
        township: None,
        officer: 0,
        park: true,
        notes: "入驻标准厂房",
        dates: ["2023-01-05", "2023-02-14", "2023-03-10", "2023-03-30", "2023-04-20", "2023-05-25", "2023-12-15"],
    },
    Headline {
        name: "电商仓储物流中心项目",
        industry: "现代物流",
        wan: 26_000,
        credit: Some(ProjectRole::Introducer),
        source: ProjectSource::Chamber,
        chamber: Some("深圳市岳阳县商会"),
        township: Some("荣家湾镇"),
        officer: 3,
        park: false,
        notes: "商会引荐的仓储项目",
        dates: ["2023-04-10", "2023-05-08", "2023-06-06", "2023-07-12", "2023-08-05", "2023-09-16", ""],
    },
    Headline {
        name: "工艺礼品及祭祀用品生产项目",
        industry: "工艺礼品",
        wan: 15_000,
        credit: Some(ProjectRole::Introducer),
        source: ProjectSource::Chamber,
        chamber: Some("长沙岳阳县商会"),
        township: Some("新墙镇"),
        officer: 4,
        park: false,
        notes: "商会引荐的工艺礼品、祭祀用品制造项目",
        dates: ["2023-05-04", "2023-06-02", "2023-07-10", "2023-08-15", "2023-09-01", "2023-10-10", ""],
    },
    Headline {
        name: "高分子新材料生产项目",
        industry: "新材料",
        wan: 42_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::TaskForce,
        chamber: None,
        township: None,
        officer: 0,
        park: true,
        notes: "入驻标准厂房",
        dates: ["2022-12-12", "2023-01-12", "2023-02-01", "2023-02-21", "2023-03-15", "2023-04-20", "2023-10-26"],
    },
    Headline {
        name: "智能终端电子元器件生产项目",
        industry: "电子信息",
        wan: 38_000,
        credit: Some(ProjectRole::Investor),
        source: ProjectSource::Event,
        chamber: None,
        township: None,
        officer: 1,
        park: true,
        notes: "入驻标准厂房",
        dates: ["2023-04-06", "2023-05-18", "2023-06-05", "2023-06-20", "2023-07-08", "2023-08-15", ""],
    },
    Headline {
        name: "运动鞋材生产项目",
        industry: "鞋材制造",
        wan: 27_000,
        credit: Some(ProjectRole::Introducer),
        source: ProjectSource::Event,
        chamber: None,
        township: None,
        officer: 2,
        park: true,
        notes: "入驻标准厂房",
        dates: ["2023-06-01", "2023-07-06", "2023-08-01", "2023-08-28", "2023-09-12", "2023-10-20", ""],
    },
];

/// The stages of a headline's dates, in order.
const HEADLINE_STAGES: [(Stage, &str); 7] = [
    (Stage::Lead, "乡友提出投资意向"),
    (Stage::Inspected, "投资方实地考察"),
    (Stage::Negotiating, "就用地、厂房和政策进行洽谈"),
    (Stage::Signed, "签订投资合同"),
    (Stage::Registered, "完成工商注册"),
    (Stage::Started, "项目开工建设"),
    (Stage::InProduction, "建成投产"),
];

fn date(text: &str) -> NaiveDate {
    guichao_domain::date::parse_date(text).expect("a date in the table")
}

impl Headline {
    fn signed(&self) -> NaiveDate {
        date(self.dates[3])
    }

    fn fen(&self) -> i64 {
        self.wan * FEN_PER_WAN
    }

    fn fellows_2022_23(&self) -> bool {
        self.credit.is_some() && (2022..=2023).contains(&self.signed().year())
    }
}

/// The ledger: investor companies and projects.
#[derive(Debug, Default)]
pub struct Ledger {
    pub companies: Vec<CompanyPlan>,
    pub plans: Vec<Plan>,
}

/// A signed project to generate.
struct Spec {
    year: i32,
    via: bool,
    industry: &'static Industry,
    fen: i64,
    signed: NaiveDate,
    fate: Fate,
}

/// The last day of 2023, by which the reported start rate is counted.
const END_2023: NaiveDate = NaiveDate::from_ymd_opt(2023, 12, 31).expect("a real date");

/// The demo county's ledger.
pub fn ledger() -> Ledger {
    let mut m = Maker::new(StdRng::seed_from_u64(SEED));
    let mut l = Ledger::default();
    for h in &HEADLINES {
        m.take_name(h.name);
    }
    for h in &HEADLINES {
        l.headline(&mut m, h);
    }
    let leads = l.leads(&mut m);
    let mut specs = specs(&mut m);
    for s in specs.iter_mut() {
        let plan = l.signed(&mut m, s);
        l.plans.push(plan);
    }
    l.take_up_again(&leads);
    l.correct();
    for i in 0..l.plans.len() {
        let funds = m.funds(&l.plans[i]);
        l.plans[i].funds = funds;
    }
    l
}

/// The signed projects to generate around the headlines: how many each year
/// as [`SIGNED`] says, the fellow projects of 2022-2023 sized to total
/// [`FELLOW_INVESTMENT_2022_23_FEN`] with the headlines, and their fates.
fn specs(m: &mut Maker) -> Vec<Spec> {
    let mut specs = Vec::new();
    for (year, fellows, others) in SIGNED {
        let named =
            |via: bool| HEADLINES.iter().filter(|h| h.signed().year() == year && h.credit.is_some() == via).count();
        for (via, n) in [(true, fellows - named(true)), (false, others - named(false))] {
            for _ in 0..n {
                let industry = m.industry();
                let (fen, signed) = (m.amount(industry), m.day_in(year));
                specs.push(Spec { year, via, industry, fen, signed, fate: Fate::Goes });
            }
        }
    }
    let counted = |s: &Spec| s.via && (2022..=2023).contains(&s.year);
    let named: i64 = HEADLINES.iter().filter(|h| h.fellows_2022_23()).map(Headline::fen).sum();
    let mut amounts: Vec<&mut i64> = specs.iter_mut().filter(|s| counted(s)).map(|s| &mut s.fen).collect();
    scale(&mut amounts, FELLOW_INVESTMENT_2022_23_FEN - named);

    let mut by_date: Vec<usize> = (0..specs.len()).filter(|&i| counted(&specs[i])).collect();
    by_date.sort_by_key(|&i| specs[i].signed);
    for year in DROPPED_AFTER_SIGNING {
        let spring = |d: NaiveDate| d.year() == year && (3..=8).contains(&d.month());
        let i = *by_date.iter().find(|&&i| spring(specs[i].signed)).expect("a spring signing to drop");
        specs[i].fate = Fate::Dropped;
    }
    let late = FELLOW_PROJECTS_2022_23 - FELLOW_STARTED_BY_END_2023 - DROPPED_AFTER_SIGNING.len();
    let going: Vec<usize> = by_date.into_iter().filter(|&i| specs[i].fate == Fate::Goes).collect();
    let (on_time, last) = going.split_at(going.len() - late);
    for &i in on_time {
        specs[i].fate = Fate::StartsBy(END_2023);
    }
    for (k, &i) in last.iter().enumerate() {
        specs[i].fate = Fate::StartsAfter(END_2023, k % 4 != 3);
    }
    specs
}

/// Sets `amounts` to total `total` in proportion to what they were, in
/// whole lots; what rounding leaves goes to the largest.
fn scale(amounts: &mut [&mut i64], total: i64) {
    let lots = total / LOT_FEN;
    let before: i128 = amounts.iter().map(|a| i128::from(**a)).sum();
    for a in amounts.iter_mut() {
        **a = (i128::from(**a) * i128::from(lots) / before) as i64 * LOT_FEN;
    }
    let rest = total - amounts.iter().map(|a| **a).sum::<i64>();
    if let Some(largest) = amounts.iter_mut().max_by_key(|a| ***a) {
        **largest += rest;
    }
}

impl Ledger {
    fn company(&mut self, m: &mut Maker, industry: &'static Industry) -> usize {
        self.companies.push(m.company(industry));
        self.companies.len() - 1
    }

    fn blank(industry: &'static Industry, fen: i64) -> Plan {
        Plan {
            name: String::new(),
            industry,
            kind: industry.kind,
            investment_fen: fen,
            fixed_asset_fen: 0,
            foreign_fen: 0,
            jobs_planned: 0,
            land_need_hundredths_mu: 0,
            factory_need_m2: 0,
            company: None,
            township: None,
            source: ProjectSource::Other,
            chamber: None,
            investor: false,
            introducer: false,
            advisor: false,
            officer: None,
            events: Vec::new(),
            funds: Vec::new(),
            park_2023: false,
            follows_lead: None,
            notes: String::new(),
        }
    }

    fn headline(&mut self, m: &mut Maker, h: &Headline) {
        let industry = industry(h.industry);
        let mut p = Ledger::blank(industry, h.fen());
        p.name = h.name.to_string();
        p.company = Some(self.company(m, industry));
        p.township = h.township;
        p.source = h.source;
        p.chamber = h.chamber.map(str::to_string);
        p.investor = h.credit == Some(ProjectRole::Investor);
        p.introducer = h.credit == Some(ProjectRole::Introducer);
        p.officer = Some(h.officer);
        p.park_2023 = h.park;
        p.notes = h.notes.to_string();
        p.events = HEADLINE_STAGES
            .iter()
            .zip(h.dates)
            .filter(|(_, day)| !day.is_empty())
            .map(|((stage, note), day)| event(*stage, date(day), note))
            .collect();
        m.size(&mut p);
        self.plans.push(p);
    }

    /// Where a project is run from: farms and resorts in a township, large
    /// projects by the county, others either.
    fn township(m: &mut Maker, kind: ProjectKind, fen: i64) -> Option<&'static str> {
        let local = matches!(kind, ProjectKind::Agriculture | ProjectKind::Tourism);
        if !local && (fen >= 3 * FEN_PER_YI || m.rng.random_range(0..2) == 0) {
            return None;
        }
        Some(pick(&mut m.rng, &Weighted(&TOWNSHIPS)))
    }

    /// Who brought a project and through what: a fellow investing or
    /// introducing it (sometimes both), a chamber for some, an industry
    /// advisor on a few of any kind.
    fn credit(m: &mut Maker, p: &mut Plan, via: bool) {
        let rng = &mut m.rng;
        if via {
            p.investor = rng.random_range(0..100) < 60;
            p.introducer = !p.investor || rng.random_range(0..100) < 15;
            p.source = match rng.random_range(0..100) {
                0..15 => ProjectSource::Chamber,
                15..45 => ProjectSource::Event,
                45..80 => ProjectSource::TaskForce,
                80..85 => ProjectSource::Online,
                _ => ProjectSource::Other,
            };
            if p.source == ProjectSource::Chamber {
                p.introducer = true;
                p.chamber = Some(one(rng, &super::ties::names()).clone());
            }
        } else {
            p.source = match rng.random_range(0..100) {
                0..60 => ProjectSource::TaskForce,
                60..75 => ProjectSource::Online,
                75..85 => ProjectSource::Event,
                _ => ProjectSource::Other,
            };
        }
        p.advisor = rng.random_range(0..100) < 12;
    }

    fn signed(&mut self, m: &mut Maker, s: &Spec) -> Plan {
        let mut p = Ledger::blank(s.industry, s.fen);
        p.township = Ledger::township(m, s.industry.kind, s.fen);
        let company = self.company(m, s.industry);
        p.company = Some(company);
        p.name = m.name(s.industry, Some(&self.companies[company]), p.township);
        Ledger::credit(m, &mut p, s.via);
        p.officer = Some(pick(&mut m.rng, &Weighted(&OFFICER_WEIGHTS)));
        p.events = m.signed_history(s.signed, s.fate);
        m.size(&mut p);
        p
    }

    /// The leads never signed, as [`LEADS`] says: some only heard of, some
    /// inspected or talked over and dropped, some of 2024 still open.
    /// Returns the indices of those dropped in 2021-2022 after a visit.
    fn leads(&mut self, m: &mut Maker) -> Vec<usize> {
        let mut dropped = Vec::new();
        for (year, count) in LEADS {
            for k in 0..count {
                let industry = m.industry();
                let mut p = Ledger::blank(industry, m.amount(industry));
                p.township = Ledger::township(m, industry.kind, p.investment_fen);
                if p.township.is_none() || m.rng.random_range(0..10) < 7 {
                    p.company = Some(self.company(m, industry));
                }
                let company = p.company.map(|c| self.companies[c].clone());
                p.name = m.name(industry, company.as_ref(), p.township);
                let via = m.rng.random_range(0..2) == 0;
                Ledger::credit(m, &mut p, via);
                let steps = [1, 2, 3, 3][k % 4];
                let open = year == 2024 && k % 4 == 3;
                let heard = m.day_in(year);
                p.events = m.lead_history(heard, steps, open);
                if year <= 2022 && steps > 1 && p.company.is_some() {
                    dropped.push(self.plans.len());
                }
                m.size(&mut p);
                self.plans.push(p);
            }
        }
        dropped
    }

    /// [`TAKEN_UP_AGAIN`] of the leads dropped in 2021-2022 come back: a
    /// project signed in 2024 by the same company follows each.
    fn take_up_again(&mut self, dropped: &[usize]) {
        let mut leads = dropped.iter().take(TAKEN_UP_AGAIN);
        let Some(mut lead) = leads.next().copied() else { return };
        for i in 0..self.plans.len() {
            let p = &self.plans[i];
            let signed_2024 = p.first(Stage::Signed).is_some_and(|d| d.year() == 2024);
            if !signed_2024 || p.follows_lead.is_some() || p.industry.kind != self.plans[lead].kind {
                continue;
            }
            let ended = self.plans[lead].events.iter().map(|e| e.on).max();
            let began = p.events.iter().map(|e| e.on).min();
            if began > ended {
                self.plans[i].company = self.plans[lead].company;
                self.plans[i].follows_lead = Some(lead);
                match leads.next() {
                    Some(next) => lead = *next,
                    None => return,
                }
            }
        }
    }

    /// Two entries corrected the way a county does: a signing date typed
    /// wrong in 2022 and a start date in 2021, each superseded by the right
    /// date with the reason. The figures read the right dates.
    fn correct(&mut self) {
        let fixes = [
            (2022, Stage::Signed, "合同签订日期录入有误，以合同文本为准"),
            (2021, Stage::Started, "开工日期以施工许可证为准"),
        ];
        for (year, stage, reason) in fixes {
            let found = self.plans.iter_mut().skip(HEADLINES.len()).find(|p| {
                p.first(Stage::Signed).is_some_and(|d| d.year() == year && d.month() <= 11)
                    && p.first(stage).is_some_and(|d| d.month() <= 11)
                    && p.first(Stage::Dropped).is_none()
            });
            let Some(p) = found else { continue };
            let at = p.events.iter().position(|e| e.stage == stage).expect("the stage is recorded");
            let right = p.events[at].clone();
            let wrong =
                StageEvent { id: guichao_domain::ids::new_id(), on: right.on + chrono::Days::new(5), ..right.clone() };
            let fixed = StageEvent { supersedes: Some(wrong.id), reason: reason.into(), ..right };
            p.events.splice(at..=at, [wrong, fixed]);
        }
    }
}

#[cfg(test)]
mod tests;
