//! The JSON shapes of `/api/v1/funds` and `/api/v1/households`, with their
//! OpenAPI schemas. Money is in fen, rates in basis points (3.45% is 345),
//! days as `YYYY-MM-DD`.

use chrono::NaiveDate;
use guichao_domain::fellows::FormError;
use guichao_domain::funds::PartyKind;
use guichao_domain::funds::education::FundSize;
use guichao_domain::funds::loans::{Instalment, Standing, Tally, Totals};
use guichao_store::funds::education::{BranchRow, DisbursementRow, DonationRow};
use guichao_store::funds::loans::{LoanDetail, LoanRow, RepaymentRow};
use guichao_store::funds::special::{BudgetRow, GrantRow, StepRow};
use guichao_store::funds::{FundsSummary, Party, PartyRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The program's money figures on a day, counted from the records the
/// caller may see (the special fund's balance is the county's).
#[derive(Serialize, ToSchema)]
pub struct SummaryBody {
    pub as_of: NaiveDate,
    /// Guarantee loans disbursed by `as_of`.
    pub loans_count: i64,
    pub loans_amount_fen: i64,
    /// The budget of `as_of`'s year less its grants standing approved or paid.
    pub special_fund_balance_fen: i64,
    /// Donations paid in less disbursements, by `as_of`.
    pub education_fund_fen: i64,
    /// "211" households verified in `as_of`'s year or before.
    pub households: i64,
}

impl From<FundsSummary> for SummaryBody {
    fn from(s: FundsSummary) -> SummaryBody {
        SummaryBody {
            as_of: s.as_of,
            loans_count: s.loans_count,
            loans_amount_fen: s.loans_amount_fen,
            special_fund_balance_fen: s.special_fund_balance_fen,
            education_fund_fen: s.education_fund_fen,
            households: s.households,
        }
    }
}

/// Who a grant goes to, a loan is lent to or a donation comes from.
#[derive(Serialize, ToSchema)]
pub struct PartyView {
    /// `fellow`, `company` or `person` (a returnee not in the registry).
    pub kind: String,
    pub fellow_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub name: String,
    /// The township (or the county) the record is filed under.
    pub unit_id: Uuid,
    pub unit: String,
}

impl From<PartyRow> for PartyView {
    fn from(p: PartyRow) -> PartyView {
        PartyView {
            kind: p.kind.code().into(),
            fellow_id: p.fellow_id,
            company_id: p.company_id,
            name: p.name,
            unit_id: p.unit_id,
            unit: p.unit,
        }
    }
}

/// A party as sent: `kind` `fellow` with `fellow_id`; `company` with
/// `company_id` and `unit_id`; `person` with `name` and `unit_id`.
#[derive(Deserialize, ToSchema)]
pub struct PartyBody {
    pub kind: String,
    pub fellow_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub name: Option<String>,
    pub unit_id: Option<Uuid>,
}

impl PartyBody {
    pub fn party(&self) -> Result<Party, Vec<FormError>> {
        let need = |v: Option<Uuid>, field: &'static str, zh: &'static str, en: &'static str| {
            v.ok_or_else(|| vec![FormError::new(field, zh, en)])
        };
        let unit = || need(self.unit_id, "unit_id", "请选择所属乡镇", "unit_id is required");
        match PartyKind::parse(&self.kind) {
            Some(PartyKind::Fellow) => {
                Ok(Party::Fellow(need(self.fellow_id, "fellow_id", "请选择乡友", "fellow_id is required")?))
            }
            Some(PartyKind::Company) => Ok(Party::Company {
                id: need(self.company_id, "company_id", "请选择企业", "company_id is required")?,
                unit_id: unit()?,
            }),
            Some(PartyKind::Person) => {
                Ok(Party::Person { name: self.name.clone().unwrap_or_default(), unit_id: unit()? })
            }
            None => Err(vec![FormError::new(
                "kind",
                "对象类型应为 fellow、company 或 person",
                "kind is fellow, company or person",
            )]),
        }
    }
}

/// A year's budget of the special fund and its balance on the day asked.
#[derive(Serialize, ToSchema)]
pub struct BudgetView {
    pub year: i32,
    pub budget_fen: i64,
    /// Grants of the year standing approved or paid.
    pub committed_fen: i64,
    pub paid_fen: i64,
    /// Grants of the year waiting for a decision.
    pub pending_fen: i64,
    /// budget − committed; never below zero.
    pub left_fen: i64,
    pub note: String,
}

impl From<BudgetRow> for BudgetView {
    fn from(b: BudgetRow) -> BudgetView {
        BudgetView {
            year: b.year,
            budget_fen: b.balance.budget_fen,
            committed_fen: b.balance.committed_fen,
            paid_fen: b.balance.paid_fen,
            pending_fen: b.balance.pending_fen,
            left_fen: b.left_fen,
            note: b.note,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetBody {
    pub year: i32,
    pub amount_fen: i64,
    #[serde(default)]
    pub note: String,
}

/// A recorded step of a grant.
#[derive(Serialize, ToSchema)]
pub struct GrantStepView {
    /// `applied`, `reviewed`, `approved`, `paid` or `rejected`.
    pub step: String,
    pub date: NaiveDate,
    pub reason: String,
}

impl From<StepRow> for GrantStepView {
    fn from(s: StepRow) -> GrantStepView {
        GrantStepView { step: s.step.code().into(), date: s.date, reason: s.reason }
    }
}

/// A grant of the special fund with its steps.
#[derive(Serialize, ToSchema)]
pub struct GrantView {
    pub id: Uuid,
    pub recipient: PartyView,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub purpose: String,
    pub policy: String,
    /// Its last step.
    pub status: String,
    pub steps: Vec<GrantStepView>,
}

impl From<GrantRow> for GrantView {
    fn from(g: GrantRow) -> GrantView {
        GrantView {
            id: g.id,
            recipient: g.recipient.into(),
            amount_fen: g.amount_fen,
            date: g.date,
            purpose: g.purpose,
            policy: g.policy,
            status: g.status.code().into(),
            steps: g.steps.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GrantList {
    pub items: Vec<GrantView>,
    pub total: u64,
}

#[derive(Deserialize, ToSchema)]
pub struct GrantBody {
    pub recipient: PartyBody,
    pub amount_fen: i64,
    /// The day applied for: its year is the budget the grant draws on.
    pub date: NaiveDate,
    pub purpose: String,
    /// The policy it is granted under, as written (岳政发〔2023〕5号).
    #[serde(default)]
    pub policy: String,
}

#[derive(Deserialize, ToSchema)]
pub struct StepBody {
    /// `reviewed`, `approved`, `paid` or `rejected` (with `reason`).
    pub step: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub reason: String,
}

/// A guarantee loan with its standing on the day asked.
#[derive(Serialize, ToSchema)]
pub struct LoanView {
    pub id: Uuid,
    pub borrower: PartyView,
    /// Masked (138****5678).
    pub phone: Option<String>,
    pub bank: String,
    pub contract_no: String,
    pub amount_fen: i64,
    pub rate_bp: i32,
    pub subsidy_bp: i32,
    pub term_months: i32,
    pub disbursed: NaiveDate,
    pub matures: NaiveDate,
    /// `maturity` (interest monthly, principal at maturity) or `equal_principal`.
    pub plan: String,
    pub guarantor: String,
    pub repaid_fen: i64,
    /// `not_yet`, `current`, `repaid` or `overdue`.
    pub status: String,
    /// With `overdue`: days since the first instalment not covered fell due.
    pub days_overdue: Option<i64>,
    /// With `overdue`: principal due and unpaid.
    pub overdue_fen: Option<i64>,
}

impl From<LoanRow> for LoanView {
    fn from(l: LoanRow) -> LoanView {
        let (days_overdue, overdue_fen) = match l.standing {
            Standing::Overdue { days, overdue_fen, .. } => (Some(days), Some(overdue_fen)),
            _ => (None, None),
        };
        LoanView {
            id: l.id,
            borrower: l.borrower.into(),
            phone: l.phone,
            bank: l.bank,
            contract_no: l.contract_no,
            amount_fen: l.amount_fen,
            rate_bp: l.rate_bp,
            subsidy_bp: l.subsidy_bp,
            term_months: l.term_months,
            disbursed: l.disbursed,
            matures: l.matures,
            plan: l.plan.code().into(),
            guarantor: l.guarantor,
            repaid_fen: l.repaid_fen,
            status: l.standing.code().into(),
            days_overdue,
            overdue_fen,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LoanList {
    pub items: Vec<LoanView>,
    pub total: u64,
}

#[derive(Serialize, ToSchema)]
pub struct InstalmentView {
    pub no: i32,
    pub due: NaiveDate,
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub subsidy_fen: i64,
}

impl From<Instalment> for InstalmentView {
    fn from(i: Instalment) -> InstalmentView {
        InstalmentView {
            no: i.no,
            due: i.due,
            principal_fen: i.principal_fen,
            interest_fen: i.interest_fen,
            subsidy_fen: i.subsidy_fen,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RepaymentView {
    pub id: Uuid,
    pub date: NaiveDate,
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub note: String,
}

impl From<RepaymentRow> for RepaymentView {
    fn from(r: RepaymentRow) -> RepaymentView {
        RepaymentView {
            id: r.id,
            date: r.date,
            principal_fen: r.principal_fen,
            interest_fen: r.interest_fen,
            note: r.note,
        }
    }
}

/// A loan with its schedule (equal principal, monthly) and repayments.
#[derive(Serialize, ToSchema)]
pub struct LoanDetailView {
    pub loan: LoanView,
    /// Masked.
    pub id_number: Option<String>,
    pub note: String,
    /// The interest subsidy over the whole schedule.
    pub subsidy_fen: i64,
    pub schedule: Vec<InstalmentView>,
    pub repayments: Vec<RepaymentView>,
}

impl From<LoanDetail> for LoanDetailView {
    fn from(d: LoanDetail) -> LoanDetailView {
        LoanDetailView {
            loan: d.row.into(),
            id_number: d.id_number,
            note: d.note,
            subsidy_fen: d.subsidy_fen,
            schedule: d.schedule.into_iter().map(Into::into).collect(),
            repayments: d.repayments.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LoanBody {
    pub borrower: PartyBody,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub id_number: String,
    pub bank: String,
    #[serde(default)]
    pub contract_no: String,
    pub amount_fen: i64,
    pub rate_bp: i32,
    #[serde(default)]
    pub subsidy_bp: i32,
    pub term_months: i32,
    pub disbursed: NaiveDate,
    /// `maturity` (the default: interest monthly, principal at maturity) or
    /// `equal_principal`.
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub guarantor: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RepaymentBody {
    pub date: NaiveDate,
    pub principal_fen: i64,
    #[serde(default)]
    pub interest_fen: i64,
    #[serde(default)]
    pub note: String,
}

/// A count and an amount under a key (a year, a bank, a township).
#[derive(Serialize, ToSchema)]
pub struct TallyView {
    pub key: String,
    pub count: i64,
    pub amount_fen: i64,
}

fn tallies<K: ToString>(rows: Vec<(K, Tally)>) -> Vec<TallyView> {
    rows.into_iter().map(|(k, t)| TallyView { key: k.to_string(), count: t.count, amount_fen: t.amount_fen }).collect()
}

/// The loans disbursed by `as_of`, in all and by year, bank and township.
#[derive(Serialize, ToSchema)]
pub struct LoanTotalsView {
    pub as_of: NaiveDate,
    pub count: i64,
    pub amount_fen: i64,
    pub by_year: Vec<TallyView>,
    pub by_bank: Vec<TallyView>,
    pub by_township: Vec<TallyView>,
}

impl LoanTotalsView {
    pub fn new(as_of: NaiveDate, t: Totals) -> LoanTotalsView {
        LoanTotalsView {
            as_of,
            count: t.all.count,
            amount_fen: t.all.amount_fen,
            by_year: tallies(t.by_year),
            by_bank: tallies(t.by_bank),
            by_township: tallies(t.by_township),
        }
    }
}

/// A fund's paid-in, disbursed and pledged money on a day.
#[derive(Serialize, ToSchema)]
pub struct FundSizeView {
    pub paid_in_fen: i64,
    pub disbursed_fen: i64,
    /// paid in − disbursed.
    pub size_fen: i64,
    /// Pledged and not yet paid in.
    pub pledged_fen: i64,
}

impl From<FundSize> for FundSizeView {
    fn from(s: FundSize) -> FundSizeView {
        FundSizeView {
            paid_in_fen: s.paid_in_fen,
            disbursed_fen: s.disbursed_fen,
            size_fen: s.size_fen(),
            pledged_fen: s.pledged_fen,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BranchView {
    pub id: Uuid,
    pub name: String,
    pub unit_id: Uuid,
    pub size: FundSizeView,
}

impl From<BranchRow> for BranchView {
    fn from(b: BranchRow) -> BranchView {
        BranchView { id: b.id, name: b.name, unit_id: b.unit_id, size: b.size.into() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct YearSizeView {
    pub year: i32,
    pub size: FundSizeView,
}

/// The education fund on a day: in all, by branch, and at each year's end.
#[derive(Serialize, ToSchema)]
pub struct EducationView {
    pub as_of: NaiveDate,
    pub size: FundSizeView,
    pub branches: Vec<BranchView>,
    /// At the end of each year from `from`'s, the last on `as_of` itself.
    pub by_year: Vec<YearSizeView>,
}

#[derive(Deserialize, ToSchema)]
pub struct BranchBody {
    /// The county (its fund) or a township (a branch).
    pub unit_id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct DonationView {
    pub id: Uuid,
    pub branch_id: Uuid,
    pub branch: String,
    pub donor: PartyView,
    pub amount_fen: i64,
    pub pledged_on: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub purpose: String,
}

impl From<DonationRow> for DonationView {
    fn from(d: DonationRow) -> DonationView {
        DonationView {
            id: d.id,
            branch_id: d.branch_id,
            branch: d.branch,
            donor: d.donor.into(),
            amount_fen: d.amount_fen,
            pledged_on: d.pledged,
            paid_on: d.paid,
            purpose: d.purpose,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DonationList {
    pub items: Vec<DonationView>,
    pub total: u64,
}

#[derive(Deserialize, ToSchema)]
pub struct DonationBody {
    pub branch_id: Uuid,
    pub donor: PartyBody,
    pub amount_fen: i64,
    pub pledged_on: NaiveDate,
    /// Absent while only pledged.
    pub paid_on: Option<NaiveDate>,
    #[serde(default)]
    pub purpose: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PaidBody {
    pub paid_on: NaiveDate,
}

#[derive(Serialize, ToSchema)]
pub struct DisbursementView {
    pub id: Uuid,
    pub branch: String,
    /// `scholarship`, `teacher_award` or `other`.
    pub kind: String,
    pub recipient: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub note: String,
}

impl From<DisbursementRow> for DisbursementView {
    fn from(d: DisbursementRow) -> DisbursementView {
        DisbursementView {
            id: d.id,
            branch: d.branch,
            kind: d.kind.code().into(),
            recipient: d.recipient,
            amount_fen: d.amount_fen,
            date: d.date,
            note: d.note,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DisbursementList {
    pub items: Vec<DisbursementView>,
    pub total: u64,
}

#[derive(Deserialize, ToSchema)]
pub struct DisbursementBody {
    pub branch_id: Uuid,
    /// `scholarship`, `teacher_award` or `other`.
    pub kind: String,
    pub recipient: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}
