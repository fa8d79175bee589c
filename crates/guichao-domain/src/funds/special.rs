//! The special fund for returnee entrepreneurship (返乡创业就业专项扶持资金):
//! a budget per year, grants drawn on the budget of their date's year, and
//! each grant's approval steps as dated events.
//!
//! A grant commits money from its approval on: the balance of a year is its
//! budget less the grants of that year that stand approved or paid on the day
//! asked, and an approval the balance cannot cover is refused, so the balance
//! never goes below zero.

use crate::Msg;
use crate::vocab::vocabulary;
use chrono::{Datelike, NaiveDate};

vocabulary! {
    /// A step of a grant's approval, recorded with its day.
    pub enum GrantStep {
        Applied = "applied", "已申请", "Applied", ["申请"];
        Reviewed = "reviewed", "已审核", "Reviewed", ["审核"];
        Approved = "approved", "已批准", "Approved", ["批准"];
        Paid = "paid", "已拨付", "Paid", ["拨付"];
        Rejected = "rejected", "未获批准", "Rejected", ["驳回", "不予批准"];
    }
}

impl GrantStep {
    /// The steps that may follow this one.
    pub fn next(self) -> &'static [GrantStep] {
        match self {
            GrantStep::Applied => &[GrantStep::Reviewed, GrantStep::Rejected],
            GrantStep::Reviewed => &[GrantStep::Approved, GrantStep::Rejected],
            GrantStep::Approved => &[GrantStep::Paid],
            GrantStep::Paid | GrantStep::Rejected => &[],
        }
    }

    /// Whether a grant at this step draws on its year's budget.
    pub fn commits(self) -> bool {
        matches!(self, GrantStep::Approved | GrantStep::Paid)
    }
}

/// One recorded step of a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepOn {
    pub step: GrantStep,
    pub date: NaiveDate,
}

/// The step a grant stands at on `as_of`: the last one recorded on or before
/// it, steps taken in the order given (the order they were recorded).
pub fn status_as_of(steps: &[StepOn], as_of: NaiveDate) -> Option<GrantStep> {
    steps.iter().filter(|s| s.date <= as_of).map(|s| s.step).next_back()
}

/// Whether `next` on `date` may follow the grant's last step `last`:
/// it must be one of `last.next()`, on or after `last`'s day.
pub fn check_step(last: StepOn, next: GrantStep, date: NaiveDate) -> Result<(), Msg> {
    if !last.step.next().contains(&next) {
        return Err(Msg::new(
            format!(
                "该资金申请当前为“{}”，不能登记为“{}”",
                last.step.label(crate::Lang::Zh),
                next.label(crate::Lang::Zh)
            ),
            format!(
                "The grant is {}; it cannot be marked {}",
                last.step.label(crate::Lang::En),
                next.label(crate::Lang::En)
            ),
        ));
    }
    if date < last.date {
        return Err(Msg::new(
            format!("日期不能早于上一步（{}）", last.date),
            format!("The day cannot be before the last step ({})", last.date),
        ));
    }
    Ok(())
}

/// A grant as the balance reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFacts {
    pub amount_fen: i64,
    /// The day it was applied for: its year is the budget it draws on.
    pub date: NaiveDate,
    pub steps: Vec<StepOn>,
}

/// A year's budget with what its grants commit on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Balance {
    pub budget_fen: i64,
    /// Grants of the year standing approved or paid.
    pub committed_fen: i64,
    /// Of those, paid out.
    pub paid_fen: i64,
    /// Grants of the year still waiting for a decision.
    pub pending_fen: i64,
}

impl Balance {
    /// What is left to approve: budget − committed.
    pub fn left_fen(&self) -> i64 {
        self.budget_fen - self.committed_fen
    }

    /// Refuses an approval of `amount_fen` the balance cannot cover.
    pub fn check_approval(&self, amount_fen: i64, year: i32) -> Result<(), Msg> {
        if amount_fen > self.left_fen() {
            return Err(Msg::new(
                format!("{year}年专项资金余额不足：剩余 {}", super::show_fen(self.left_fen(), crate::Lang::Zh)),
                format!("Not enough left in the {year} fund: {}", super::show_fen(self.left_fen(), crate::Lang::En)),
            ));
        }
        Ok(())
    }
}

/// The balance of year `year` on `as_of`, from its budget and every grant
/// (those of other years are passed over).
pub fn balance(year: i32, budget_fen: i64, grants: &[GrantFacts], as_of: NaiveDate) -> Balance {
    let mut b = Balance { budget_fen, ..Balance::default() };
    for g in grants.iter().filter(|g| g.date.year() == year) {
        match status_as_of(&g.steps, as_of) {
            Some(s) if s.commits() => {
                b.committed_fen += g.amount_fen;
                if s == GrantStep::Paid {
                    b.paid_fen += g.amount_fen;
                }
            }
            Some(GrantStep::Applied | GrantStep::Reviewed) => b.pending_fen += g.amount_fen,
            _ => {}
        }
    }
    b
}

/// A budget as typed: positive, at most 10亿元, for a year from 2000 to next year.
pub fn check_budget(year: i32, amount_fen: i64, this_year: i32) -> Result<(), Msg> {
    if !(2000..=this_year + 1).contains(&year) {
        return Err(Msg::new("年度应在2000年至明年之间", "The year must be from 2000 to next year"));
    }
    if amount_fen <= 0 || amount_fen > 10 * crate::projects::FEN_PER_YI {
        return Err(Msg::new(
            "预算金额应大于零且不超过10亿元",
            "The budget must be above zero and at most 1 billion yuan",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn on(step: GrantStep, date: NaiveDate) -> StepOn {
        StepOn { step, date }
    }

    #[test]
    fn steps_follow_their_order() {
        let applied = on(GrantStep::Applied, d(3, 1));
        assert!(check_step(applied, GrantStep::Reviewed, d(3, 2)).is_ok());
        assert!(check_step(applied, GrantStep::Rejected, d(3, 1)).is_ok());
        let skipped = check_step(applied, GrantStep::Paid, d(3, 2)).unwrap_err();
        assert_eq!(skipped.zh, "该资金申请当前为“已申请”，不能登记为“已拨付”");
        assert!(check_step(applied, GrantStep::Reviewed, d(2, 28)).unwrap_err().zh.contains("不能早于上一步"));
        assert!(check_step(on(GrantStep::Paid, d(3, 1)), GrantStep::Rejected, d(3, 2)).is_err());
        assert!(check_step(on(GrantStep::Rejected, d(3, 1)), GrantStep::Approved, d(3, 2)).is_err());
    }

    #[test]
    fn the_balance_counts_the_years_approved_and_paid_grants_on_the_day() {
        let grant = |amount_fen, date, steps: &[(GrantStep, NaiveDate)]| GrantFacts {
            amount_fen,
            date,
            steps: steps.iter().map(|&(s, d)| on(s, d)).collect(),
        };
        let grants = [
            grant(
                100,
                d(1, 5),
                &[(GrantStep::Applied, d(1, 5)), (GrantStep::Reviewed, d(1, 9)), (GrantStep::Approved, d(2, 1))],
            ),
            grant(
                30,
                d(1, 6),
                &[
                    (GrantStep::Applied, d(1, 6)),
                    (GrantStep::Reviewed, d(1, 9)),
                    (GrantStep::Approved, d(1, 10)),
                    (GrantStep::Paid, d(3, 1)),
                ],
            ),
            grant(50, d(1, 7), &[(GrantStep::Applied, d(1, 7)), (GrantStep::Rejected, d(1, 20))]),
            grant(7, d(4, 1), &[(GrantStep::Applied, d(4, 1))]),
            // Another year's grant draws on another budget.
            grant(999, NaiveDate::from_ymd_opt(2022, 12, 1).unwrap(), &[(GrantStep::Approved, d(1, 2))]),
        ];
        let jan = balance(2023, 1_000, &grants, d(1, 31));
        assert_eq!((jan.committed_fen, jan.paid_fen, jan.pending_fen, jan.left_fen()), (30, 0, 100, 970));
        let end = balance(2023, 1_000, &grants, d(12, 31));
        assert_eq!((end.committed_fen, end.paid_fen, end.pending_fen, end.left_fen()), (130, 30, 7, 870));
        assert!(end.check_approval(870, 2023).is_ok());
        assert_eq!(end.check_approval(871, 2023).unwrap_err().zh, "2023年专项资金余额不足：剩余 8.7元");
        assert_eq!(status_as_of(&grants[0].steps, d(1, 1)), None);
    }

    #[test]
    fn budgets_are_checked() {
        assert!(check_budget(2023, 500_000_000, 2026).is_ok());
        assert!(check_budget(1999, 500_000_000, 2026).is_err());
        assert!(check_budget(2028, 500_000_000, 2026).is_err());
        assert!(check_budget(2023, 0, 2026).is_err());
    }

    #[test]
    fn steps_round_trip() {
        crate::vocab::assert_round_trips!(GrantStep);
    }
}
