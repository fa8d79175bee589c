//! Entrepreneurship guarantee loans (创业担保贷款): the repayment schedule a
//! loan's terms give, its standing on a day (current, repaid, overdue by so
//! many days) from that schedule and the repayments recorded, the interest
//! subsidy, and the totals by year, bank and township.
//!
//! A schedule is monthly from the month after disbursement, with a month's
//! interest on the principal still owed, rounded to the fen: either the
//! principal at maturity (按月付息、到期还本, the usual plan of these loans)
//! or equal principal each month (等额本金), the odd fen on the last.

use crate::Msg;
use crate::vocab::vocabulary;
use chrono::{Datelike, Months, NaiveDate};

vocabulary! {
    /// How a loan's principal is repaid.
    pub enum RepaymentPlan {
        AtMaturity = "maturity", "按月付息、到期还本", "Interest monthly, principal at maturity", ["到期还本", "到期一次还本"];
        EqualPrincipal = "equal_principal", "等额本金", "Equal principal monthly", ["按月等额本金"];
    }
}
use std::collections::BTreeMap;

/// The longest term taken: 10 years.
pub const MAX_TERM_MONTHS: i32 = 120;
/// The highest annual rate taken: 24% (the legal ceiling on private loans).
pub const MAX_RATE_BP: i32 = 2_400;

/// What a loan was lent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanTerms {
    pub amount_fen: i64,
    /// Annual rate in basis points (3.45% is 345).
    pub rate_bp: i32,
    /// The part of the rate the treasury pays (财政贴息), in basis points.
    pub subsidy_bp: i32,
    pub term_months: i32,
    pub disbursed: NaiveDate,
    pub plan: RepaymentPlan,
}

impl LoanTerms {
    /// Refuses terms a bank would not lend on, each under its field.
    pub fn check(&self) -> Vec<(&'static str, Msg)> {
        let mut errors = Vec::new();
        if let Err(m) = super::check_amount(self.amount_fen) {
            errors.push(("amount", m));
        }
        if !(0..=MAX_RATE_BP).contains(&self.rate_bp) {
            errors.push(("rate_bp", Msg::new("年利率应在0至24%之间", "The annual rate must be from 0 to 24%")));
        }
        if self.subsidy_bp < 0 || self.subsidy_bp > self.rate_bp {
            errors.push((
                "subsidy_bp",
                Msg::new("贴息利率不能为负，也不能高于年利率", "The subsidy must be from 0 to the rate"),
            ));
        }
        if !(1..=MAX_TERM_MONTHS).contains(&self.term_months) {
            errors.push(("term_months", Msg::new("期限应为1至120个月", "The term must be 1 to 120 months")));
        }
        errors
    }

    /// The day the last instalment falls due.
    pub fn matures(&self) -> NaiveDate {
        due(self.disbursed, self.term_months)
    }
}

/// One instalment of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Instalment {
    /// 1, 2, ...
    pub no: i32,
    pub due: NaiveDate,
    pub principal_fen: i64,
    pub interest_fen: i64,
    /// Of the interest, what the treasury pays.
    pub subsidy_fen: i64,
}

/// The day `months` months after `from` (the month's last day when shorter).
fn due(from: NaiveDate, months: i32) -> NaiveDate {
    from.checked_add_months(Months::new(months.max(0) as u32)).unwrap_or(NaiveDate::MAX)
}

/// `a * b / c` rounded half up, in i128 so no product overflows.
fn share(a: i64, b: i64, c: i64) -> i64 {
    if c == 0 {
        return 0;
    }
    ((a as i128 * b as i128 * 2 + c as i128) / (2 * c as i128)) as i64
}

/// The repayment schedule of a loan on `terms`.
pub fn schedule(terms: &LoanTerms) -> Vec<Instalment> {
    let n = terms.term_months.max(1) as i64;
    let each = match terms.plan {
        RepaymentPlan::EqualPrincipal => terms.amount_fen / n,
        RepaymentPlan::AtMaturity => 0,
    };
    let mut owed = terms.amount_fen;
    (1..=n)
        .map(|i| {
            let principal = if i == n { owed } else { each };
            let interest = share(owed, terms.rate_bp as i64, 120_000);
            let subsidy = share(interest, terms.subsidy_bp as i64, terms.rate_bp as i64);
            owed -= principal;
            Instalment {
                no: i as i32,
                due: due(terms.disbursed, i as i32),
                principal_fen: principal,
                interest_fen: interest,
                subsidy_fen: subsidy,
            }
        })
        .collect()
}

/// A repayment recorded against a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repayment {
    pub date: NaiveDate,
    pub principal_fen: i64,
}

/// Where a loan stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Standing {
    /// Not disbursed yet on the day.
    NotYet,
    /// Every instalment due so far is repaid.
    Current { owed_fen: i64 },
    /// The whole principal is repaid, the last of it on `on`.
    Repaid { on: NaiveDate },
    /// Principal due is unpaid: `days` since the first instalment not
    /// covered fell due, `overdue_fen` of principal behind.
    Overdue { days: i64, overdue_fen: i64, owed_fen: i64 },
}

impl Standing {
    pub fn code(&self) -> &'static str {
        match self {
            Standing::NotYet => "not_yet",
            Standing::Current { .. } => "current",
            Standing::Repaid { .. } => "repaid",
            Standing::Overdue { .. } => "overdue",
        }
    }

    pub fn label(&self, lang: crate::Lang) -> String {
        match self {
            Standing::NotYet => lang.pick("未放款", "Not disbursed").into(),
            Standing::Current { .. } => lang.pick("正常", "Current").into(),
            Standing::Repaid { .. } => lang.pick("已结清", "Repaid").into(),
            Standing::Overdue { days, .. } => {
                if lang == crate::Lang::Zh {
                    format!("逾期{days}天")
                } else {
                    format!("Overdue {days} days")
                }
            }
        }
    }
}

/// The loan's standing on `as_of`, from its schedule and the repayments
/// recorded (those after `as_of` are passed over).
pub fn standing(terms: &LoanTerms, repayments: &[Repayment], as_of: NaiveDate) -> Standing {
    if as_of < terms.disbursed {
        return Standing::NotYet;
    }
    let mut paid: Vec<Repayment> = repayments.iter().copied().filter(|r| r.date <= as_of).collect();
    paid.sort_by_key(|r| r.date);
    let mut repaid = 0;
    for r in &paid {
        repaid += r.principal_fen;
        if repaid >= terms.amount_fen {
            return Standing::Repaid { on: r.date };
        }
    }
    let owed = terms.amount_fen - repaid;
    let mut due_so_far = 0;
    let mut first_short = None;
    for i in schedule(terms).iter().filter(|i| i.due <= as_of) {
        due_so_far += i.principal_fen;
        if first_short.is_none() && due_so_far > repaid {
            first_short = Some(i.due);
        }
    }
    match first_short {
        Some(day) => {
            Standing::Overdue { days: (as_of - day).num_days(), overdue_fen: due_so_far - repaid, owed_fen: owed }
        }
        None => Standing::Current { owed_fen: owed },
    }
}

/// A loan as the totals read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanFacts {
    pub amount_fen: i64,
    pub disbursed: NaiveDate,
    pub bank: String,
    pub township: String,
}

/// A count and an amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub count: i64,
    pub amount_fen: i64,
}

impl Tally {
    fn add(&mut self, fen: i64) {
        self.count += 1;
        self.amount_fen += fen;
    }
}

/// The loans disbursed on or before `as_of`: their count and amount.
pub fn total(loans: &[LoanFacts], as_of: NaiveDate) -> Tally {
    let mut t = Tally::default();
    loans.iter().filter(|l| l.disbursed <= as_of).for_each(|l| t.add(l.amount_fen));
    t
}

/// Totals of the loans disbursed on or before `as_of`, by year, by bank and
/// by township, each in order of its key.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub all: Tally,
    pub by_year: Vec<(i32, Tally)>,
    pub by_bank: Vec<(String, Tally)>,
    pub by_township: Vec<(String, Tally)>,
}

pub fn totals(loans: &[LoanFacts], as_of: NaiveDate) -> Totals {
    let (mut years, mut banks, mut towns) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for l in loans.iter().filter(|l| l.disbursed <= as_of) {
        years.entry(l.disbursed.year()).or_insert_with(Tally::default).add(l.amount_fen);
        banks.entry(l.bank.clone()).or_insert_with(Tally::default).add(l.amount_fen);
        towns.entry(l.township.clone()).or_insert_with(Tally::default).add(l.amount_fen);
    }
    Totals {
        all: total(loans, as_of),
        by_year: years.into_iter().collect(),
        by_bank: banks.into_iter().collect(),
        by_township: towns.into_iter().collect(),
    }
}

/// A repayment as typed: a principal above zero on a day between
/// disbursement and today, that does not repay more than is owed.
pub fn check_repayment(
    terms: &LoanTerms,
    repaid_fen: i64,
    principal_fen: i64,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), (&'static str, Msg)> {
    if principal_fen <= 0 {
        return Err(("principal", Msg::new("还款本金必须大于零", "The principal repaid must be above zero")));
    }
    if principal_fen > terms.amount_fen - repaid_fen {
        return Err((
            "principal",
            Msg::new(
                format!("还款本金超过尚欠本金（{}）", super::show_fen(terms.amount_fen - repaid_fen, crate::Lang::Zh)),
                format!(
                    "More than the principal owed ({})",
                    super::show_fen(terms.amount_fen - repaid_fen, crate::Lang::En)
                ),
            ),
        ));
    }
    if date < terms.disbursed || date > today {
        return Err(("date", Msg::new("还款日期应在放款日与今天之间", "The day must be from disbursement to today")));
    }
    Ok(())
}

/// 3.45, 3.45% or ３．４５ as 345 basis points; at most two decimals.
pub fn parse_percent_bp(text: &str) -> Option<i32> {
    let t = crate::fellows::text::fold_width(text);
    let t = t.trim().trim_end_matches('%').trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i32 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i32 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_as_basis_points() {
        assert_eq!(parse_percent_bp("3.45"), Some(345));
        assert_eq!(parse_percent_bp("3.45%"), Some(345));
        assert_eq!(parse_percent_bp("4"), Some(400));
        assert_eq!(parse_percent_bp("0.5"), Some(50));
        assert_eq!(parse_percent_bp("３．４５"), Some(345));
        assert_eq!(parse_percent_bp("3.456"), None);
        assert_eq!(parse_percent_bp("-1"), None);
        assert_eq!(parse_percent_bp(""), None);
        assert_eq!(parse_percent_bp("abc"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn terms() -> LoanTerms {
        LoanTerms {
            amount_fen: 20_000_000,
            rate_bp: 345,
            subsidy_bp: 345,
            term_months: 24,
            disbursed: d(2023, 1, 31),
            plan: RepaymentPlan::EqualPrincipal,
        }
    }

    #[test]
    fn the_schedule_repays_equal_principal_with_interest_on_what_is_owed() {
        let s = schedule(&LoanTerms { amount_fen: 1_000, term_months: 3, ..terms() });
        assert_eq!(s.iter().map(|i| i.principal_fen).collect::<Vec<_>>(), [333, 333, 334]);
        assert_eq!(s.iter().map(|i| i.due).collect::<Vec<_>>(), [d(2023, 2, 28), d(2023, 3, 31), d(2023, 4, 30)]);
        let full = schedule(&terms());
        assert_eq!(full.len(), 24);
        assert_eq!(full.iter().map(|i| i.principal_fen).sum::<i64>(), 20_000_000);
        // 200,000 yuan at 3.45% for the first month: 575 yuan.
        assert_eq!(full[0].interest_fen, 57_500);
        assert_eq!(full[0].subsidy_fen, 57_500, "fully subsidised");
        let half = schedule(&LoanTerms { subsidy_bp: 172, ..terms() });
        assert_eq!(half[0].subsidy_fen, 28_667);
    }

    #[test]
    fn at_maturity_the_whole_principal_falls_due_on_the_last_day() {
        let t = LoanTerms { amount_fen: 1_200, term_months: 12, plan: RepaymentPlan::AtMaturity, ..terms() };
        let s = schedule(&t);
        assert_eq!(s.iter().map(|i| i.principal_fen).collect::<Vec<_>>(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1_200]);
        assert!(s.iter().all(|i| i.interest_fen == share(1_200, 345, 120_000)), "interest on the whole amount");
        assert_eq!(standing(&t, &[], d(2023, 12, 30)), Standing::Current { owed_fen: 1_200 });
        assert_eq!(
            standing(&t, &[], d(2024, 2, 1)),
            Standing::Overdue { days: 1, overdue_fen: 1_200, owed_fen: 1_200 }
        );
        let paid = [Repayment { date: d(2024, 1, 31), principal_fen: 1_200 }];
        assert_eq!(standing(&t, &paid, d(2024, 2, 1)), Standing::Repaid { on: d(2024, 1, 31) });
        crate::vocab::assert_round_trips!(RepaymentPlan);
    }

    #[test]
    fn standing_follows_the_schedule_and_the_repayments() {
        let t = LoanTerms { amount_fen: 1_200, term_months: 12, ..terms() };
        assert_eq!(standing(&t, &[], d(2023, 1, 1)), Standing::NotYet);
        assert_eq!(standing(&t, &[], d(2023, 2, 27)), Standing::Current { owed_fen: 1_200 });
        assert_eq!(standing(&t, &[], d(2023, 3, 5)), Standing::Overdue { days: 5, overdue_fen: 100, owed_fen: 1_200 });
        let paid = [Repayment { date: d(2023, 2, 28), principal_fen: 100 }];
        assert_eq!(standing(&t, &paid, d(2023, 3, 5)), Standing::Current { owed_fen: 1_100 });
        // Two months behind counts from the first missed instalment.
        assert_eq!(
            standing(&t, &paid, d(2023, 4, 30)),
            Standing::Overdue { days: 30, overdue_fen: 200, owed_fen: 1_100 }
        );
        let all = [paid[0], Repayment { date: d(2023, 6, 1), principal_fen: 1_100 }];
        assert_eq!(standing(&t, &all, d(2023, 6, 1)), Standing::Repaid { on: d(2023, 6, 1) });
        assert_eq!(standing(&t, &all, d(2023, 5, 31)).code(), "overdue", "a later repayment is not counted yet");
        assert_eq!(standing(&t, &paid, d(2023, 4, 30)).label(crate::Lang::Zh), "逾期30天");
    }

    #[test]
    fn totals_group_by_year_bank_and_township() {
        let loan = |amount_fen, y, bank: &str, township: &str| LoanFacts {
            amount_fen,
            disbursed: d(y, 6, 1),
            bank: bank.into(),
            township: township.into(),
        };
        let loans = [
            loan(10, 2022, "农商行", "新墙镇"),
            loan(20, 2023, "农商行", "筻口镇"),
            loan(30, 2023, "邮储银行", "新墙镇"),
            loan(40, 2024, "邮储银行", "新墙镇"),
        ];
        let t = totals(&loans, d(2023, 12, 31));
        assert_eq!(t.all, Tally { count: 3, amount_fen: 60 });
        assert_eq!(t.by_year, [(2022, Tally { count: 1, amount_fen: 10 }), (2023, Tally { count: 2, amount_fen: 50 })]);
        assert_eq!(t.by_bank[0], ("农商行".to_string(), Tally { count: 2, amount_fen: 30 }));
        assert_eq!(t.by_township[1], ("筻口镇".to_string(), Tally { count: 1, amount_fen: 20 }));
    }

    #[test]
    fn bad_terms_and_repayments_are_refused() {
        let bad = LoanTerms { amount_fen: 0, rate_bp: 3_000, subsidy_bp: -1, term_months: 0, ..terms() };
        let fields: Vec<_> = bad.check().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["amount", "rate_bp", "subsidy_bp", "term_months"]);
        assert!(terms().check().is_empty());
        let today = d(2024, 1, 1);
        assert!(check_repayment(&terms(), 0, 1, d(2023, 3, 1), today).is_ok());
        assert_eq!(check_repayment(&terms(), 19_999_999, 2, d(2023, 3, 1), today).unwrap_err().0, "principal");
        assert_eq!(check_repayment(&terms(), 0, 1, d(2023, 1, 1), today).unwrap_err().0, "date");
        assert_eq!(check_repayment(&terms(), 0, 0, d(2023, 3, 1), today).unwrap_err().0, "principal");
    }
}
