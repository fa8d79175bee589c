//! The demo county's support money, written through the funds handle as
//! the county's admin (so every record is audited as a user's would be):
//!
//! - the special fund: 500万元 a year from 2021, with grants applied for,
//!   reviewed, approved and paid (a few rejected), never past the budget;
//! - 279 guarantee loans disbursed 2021-2023 totalling exactly 6,800万元
//!   (the program's figure), principal at maturity, repaid then except five
//!   left overdue;
//! - the education fund: the county fund and a branch in every township;
//!   donations and scholarships that make the fund 7,500万元 at the end of
//!   2021 and 1亿元 at the end of 2023 (paid in less paid out), with a few
//!   pledges still unpaid.

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::education::DisbursementKind;
use guichao_domain::funds::loans::{LoanTerms, RepaymentPlan};
use guichao_domain::funds::special::GrantStep;
use guichao_store::funds::education::{DisbursementDraft, DonationDraft};
use guichao_store::funds::loans::LoanDraft;
use guichao_store::funds::special::GrantDraft;
use guichao_store::funds::{Funds, Party};
use guichao_store::{Actor, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// 1万元 in fen.
const WAN: i64 = 1_000_000;
/// The loans and their total, in 万元.
pub const LOANS: usize = 279;
pub const LOANS_WAN: i64 = 6_800;
/// Loans disbursed each year 2021, 2022, 2023.
const LOANS_BY_YEAR: [(i32, usize); 3] = [(2021, 80), (2022, 95), (2023, 104)];
/// Amounts in 万元, taken in turn and trimmed to the total.
const AMOUNTS: [i64; 10] = [20, 30, 15, 25, 50, 20, 30, 10, 25, 20];
/// Banks, each taken for a share of twenty loans.
const BANKS: [(&str, usize); 4] = [
    ("岳阳县农村商业银行", 10),
    ("中国邮政储蓄银行岳阳县支行", 5),
    ("中国农业银行岳阳县支行", 3),
    ("中国建设银行岳阳县支行", 2),
];
/// Loans left unpaid at maturity.
const OVERDUE: usize = 5;
/// The special fund's budget each year, in 万元.
pub const BUDGET_WAN: i64 = 500;
/// The education fund's size at the end of 2021 and 2023, in 万元.
pub const EDUCATION_2021_WAN: i64 = 7_500;
pub const EDUCATION_2023_WAN: i64 = 10_000;

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a demo date")
}

async fn admin(store: &Store, tenant_id: Uuid) -> anyhow::Result<Actor> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    Ok(store.system().actor(tenant_id, admin).await?)
}

/// What [`add`] wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub grants: usize,
    pub loans: usize,
    pub donations: usize,
    pub disbursements: usize,
}

/// Adds the county's special fund, loans and education fund.
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<Written> {
    let actor = admin(store, tenant_id).await?;
    let funds = store.funds(&actor, Permission::FundWrite)?;
    let units = funds.units().await?;
    let (county, townships) = units.split_first().context("the demo county has no units")?;
    let townships: Vec<Uuid> = townships.iter().map(|(id, _)| *id).collect();
    anyhow::ensure!(!townships.is_empty(), "the demo county has no townships");
    let mut rng = StdRng::seed_from_u64(0x66_756e_6473);
    let grants = special(&funds, &townships, &mut rng).await?;
    let loans = loans(&funds, &townships, &mut rng).await?;
    let (donations, disbursements) = education(&funds, county, &units[1..], &mut rng).await?;
    Ok(Written { grants, loans, donations, disbursements })
}

fn person(rng: &mut StdRng, townships: &[Uuid]) -> Party {
    let male = rng.random_bool(0.7);
    let name = super::names::name(rng, male).written;
    Party::Person { name, unit_id: townships[rng.random_range(0..townships.len())] }
}

/// 500万元 a year; each year from 2021 to last year 14-18 grants of 10-50万
/// applied for, most approved and paid while the budget lasts.
async fn special(funds: &Funds<'_>, townships: &[Uuid], rng: &mut StdRng) -> anyhow::Result<usize> {
    const PURPOSES: [&str; 6] = [
        "返乡创办农产品加工企业",
        "返乡开办电商服务站",
        "返乡发展特色种养殖",
        "返乡创办乡村民宿",
        "返乡创办小微制造企业",
        "返乡创业带动就业奖补",
    ];
    let this_year = today().year();
    let mut written = 0;
    for year in 2021..=this_year {
        funds.set_budget(year, BUDGET_WAN * WAN, "县财政年度预算").await?;
        if year == this_year {
            continue;
        }
        let mut left = BUDGET_WAN;
        for i in 0..rng.random_range(14..=18) {
            let wan = [10, 15, 20, 30, 50][rng.random_range(0..5)];
            let applied = day(year, 1 + (i % 11) as u32, 1 + rng.random_range(0..27))?;
            let draft = GrantDraft {
                party: person(rng, townships),
                amount_fen: wan * WAN,
                date: applied,
                purpose: PURPOSES[rng.random_range(0..PURPOSES.len())].into(),
                policy: format!("岳政发〔{}〕5号", year.min(2023)),
            };
            let id = funds.apply_grant(draft).await?;
            written += 1;
            let reviewed = applied + chrono::Days::new(7);
            funds.record_step(id, GrantStep::Reviewed, reviewed, "").await?;
            let decided = reviewed + chrono::Days::new(10);
            if wan > left || rng.random_range(0..10) == 0 {
                funds.record_step(id, GrantStep::Rejected, decided, "不符合扶持条件或年度额度已用完").await?;
                continue;
            }
            funds.record_step(id, GrantStep::Approved, decided, "").await?;
            funds.record_step(id, GrantStep::Paid, decided + chrono::Days::new(15), "").await?;
            left -= wan;
        }
    }
    Ok(written)
}

/// The loans' amounts in 万元: [`AMOUNTS`] in turn, the largest trimmed by
/// 5万 at a time until they add up to [`LOANS_WAN`].
pub fn loan_amounts() -> Vec<i64> {
    let mut amounts: Vec<i64> = (0..LOANS).map(|i| AMOUNTS[i % AMOUNTS.len()]).collect();
    let mut over: i64 = amounts.iter().sum::<i64>() - LOANS_WAN;
    let mut i = 0;
    while over > 0 {
        if amounts[i % LOANS] >= 30 {
            amounts[i % LOANS] -= 5;
            over -= 5;
        }
        i += 7;
    }
    amounts
}

async fn loans(funds: &Funds<'_>, townships: &[Uuid], rng: &mut StdRng) -> anyhow::Result<usize> {
    let banks: Vec<&str> = BANKS.iter().flat_map(|(b, n)| std::iter::repeat_n(*b, *n)).collect();
    let amounts = loan_amounts();
    let mut drafts = Vec::with_capacity(LOANS);
    let mut k = 0usize;
    for (year, n) in LOANS_BY_YEAR {
        let rate_bp = match year {
            2021 => 385,
            2022 => 365,
            _ => 345,
        };
        for i in 0..n {
            let wan = amounts[k];
            let male = rng.random_bool(0.7);
            let birth = super::people::birth_date(rng);
            let disbursed = day(year, 1 + (i * 12 / n) as u32, 1 + rng.random_range(0..28))?;
            drafts.push(LoanDraft {
                party: person(rng, townships),
                phone: super::people::phone(6_000_000 + k as u64).as_str().into(),
                id_number: super::people::id_number(6_000_000 + k as u64, birth, male).as_str().into(),
                bank: banks[k % banks.len()].into(),
                contract_no: format!("DBDK{year}{:04}", i + 1),
                amount_fen: wan * WAN,
                rate_bp,
                subsidy_bp: rate_bp,
                // The last few, left overdue, all have two years.
                term_months: if wan >= 50 && k + OVERDUE < LOANS { 36 } else { 24 },
                disbursed,
                plan: RepaymentPlan::AtMaturity,
                guarantor: "岳阳县创业担保贷款担保基金".into(),
                note: String::new(),
            });
            k += 1;
        }
    }
    let ids = funds.add_loans_in_bulk(drafts.clone()).await?;
    // Repaid at maturity, but the last few of 2023: overdue.
    let today = today();
    for (i, (id, d)) in ids.iter().zip(&drafts).enumerate() {
        let terms = LoanTerms {
            amount_fen: d.amount_fen,
            rate_bp: d.rate_bp,
            subsidy_bp: d.subsidy_bp,
            term_months: d.term_months,
            disbursed: d.disbursed,
            plan: d.plan,
        };
        let due = terms.matures();
        if i + OVERDUE >= LOANS || due > today {
            continue;
        }
        let interest = d.amount_fen * i64::from(d.rate_bp) / 120_000;
        funds.repay(*id, due, d.amount_fen, interest, "到期结清").await?;
    }
    Ok(ids.len())
}

/// (donor, 万元, pledged, paid) of the education fund's donations; the
/// county fund takes those with no township.
async fn education(
    funds: &Funds<'_>,
    county: &(Uuid, String),
    townships: &[(Uuid, String)],
    rng: &mut StdRng,
) -> anyhow::Result<(usize, usize)> {
    let fund = funds.open_branch(county.0, &format!("{}教育基金会", county.1)).await?;
    let mut branches = vec![fund];
    for (id, name) in townships {
        branches.push(funds.open_branch(*id, &format!("{name}教育基金分会")).await?);
    }
    let unit_of = |b: usize| if b == 0 { county.0 } else { townships[b - 1].0 };
    // Paid in by 2021: 8,000万元 (the county fund 5,200万, each of the 14
    // branches 200万); paid out by 2021: 500万. 2022-2023: 3,200万 in (the
    // county fund 2,780万, each branch 30万), 700万 out.
    let mut donations = 0;
    let mut gift = |rng: &mut StdRng, b: usize, wan: i64, pledged: NaiveDate, paid: Option<NaiveDate>| {
        let male = rng.random_bool(0.7);
        let name = super::names::name(rng, male).written;
        donations += 1;
        DonationDraft {
            branch_id: branches[b],
            donor: Party::Person { name, unit_id: unit_of(b) },
            amount_fen: wan * WAN,
            pledged,
            paid,
            purpose: "奖教助学".into(),
        }
    };
    let mut drafts = Vec::new();
    for (i, wan) in [1_000, 800, 800, 600, 500, 500, 400, 300, 300].into_iter().enumerate() {
        let pledged = day(2015 + (i as i32 % 7), 9, 10)?;
        drafts.push(gift(rng, 0, wan, pledged, Some(pledged + chrono::Days::new(20))));
    }
    for b in 1..branches.len() {
        drafts.push(gift(rng, b, 120, day(2018, 2, 10)?, Some(day(2018, 3, 1)?)));
        drafts.push(gift(rng, b, 80, day(2021, 2, 5)?, Some(day(2021, 2, 20)?)));
    }
    for (i, wan) in [800, 600, 500, 400, 300, 180].into_iter().enumerate() {
        let pledged = day(2022 + (i as i32 % 2), 1 + i as u32 * 2, 8)?;
        drafts.push(gift(rng, 0, wan, pledged, Some(pledged + chrono::Days::new(30))));
    }
    for b in 1..branches.len() {
        let pledged = day(2023, 8, 15)?;
        drafts.push(gift(rng, b, 30, pledged, Some(pledged + chrono::Days::new(10))));
    }
    // Pledged at the end of 2023, paid in only in 2024.
    for b in [1, 2, 3] {
        drafts.push(gift(rng, b, 50, day(2023, 12, 20)?, Some(day(2024, 1, 18)?)));
    }
    for d in drafts {
        funds.add_donation(d).await?;
    }
    let mut disbursements = 0;
    let mut pay = |b: usize, kind: DisbursementKind, wan: i64, date: NaiveDate, who: &str| {
        disbursements += 1;
        DisbursementDraft {
            branch_id: branches[b],
            kind,
            recipient: who.into(),
            amount_fen: wan * WAN,
            date,
            note: String::new(),
        }
    };
    let mut outs = Vec::new();
    for year in [2019, 2020, 2021] {
        let amounts: [i64; 2] = match year {
            2019 => [100, 50],
            2020 => [100, 50],
            _ => [150, 50],
        };
        outs.push(pay(
            0,
            DisbursementKind::Scholarship,
            amounts[0],
            day(year, 8, 28)?,
            &format!("{year}年考入大学的家庭困难学生"),
        ));
        outs.push(pay(
            0,
            DisbursementKind::TeacherAward,
            amounts[1],
            day(year, 9, 10)?,
            &format!("{year}年教师节优秀教师"),
        ));
    }
    for year in [2022, 2023] {
        outs.push(pay(
            0,
            DisbursementKind::Scholarship,
            200,
            day(year, 8, 28)?,
            &format!("{year}年考入大学的家庭困难学生"),
        ));
        outs.push(pay(0, DisbursementKind::TeacherAward, 150, day(year, 9, 10)?, &format!("{year}年教师节优秀教师")));
    }
    for d in outs {
        funds.disburse(d).await?;
    }
    Ok((donations, disbursements))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loan_amounts_add_up_to_the_programs_figure() {
        let amounts = loan_amounts();
        assert_eq!(amounts.len(), LOANS);
        assert_eq!(amounts.iter().sum::<i64>(), LOANS_WAN);
        assert!(amounts.iter().all(|a| (10..=50).contains(a)));
        assert_eq!(LOANS_BY_YEAR.iter().map(|(_, n)| n).sum::<usize>(), LOANS);
    }
}
