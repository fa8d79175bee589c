//! Reading loans within the reader's scope: a page of them with their
//! standing on a day, one with its schedule and repayments, and the totals.

use super::terms_of;
use crate::entities::{loan, loan_repayment};
use crate::fellows::{PersonalField, mask_value};
use crate::funds::party::kind_of;
use crate::funds::special::unit_names;
use crate::funds::{Funds, MAX_PAGE_ROWS, PartyRow};
use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::funds::loans::{
    Instalment, LoanFacts, Repayment, RepaymentPlan, Standing, Totals, schedule, standing, totals,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Which loans a list shows, and the day their standing is for.
#[derive(Debug, Clone)]
pub struct LoanQuery {
    pub as_of: NaiveDate,
    /// Disbursed in this year.
    pub year: Option<i32>,
    pub bank: Option<String>,
    /// A standing code: `current`, `repaid`, `overdue`, `not_yet`.
    pub status: Option<String>,
    /// By amount instead of by disbursement date; ties by id.
    pub by_amount: bool,
    pub descending: bool,
    pub offset: u64,
    pub limit: u64,
}

/// One loan as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LoanRow {
    pub id: Uuid,
    pub borrower: PartyRow,
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
    pub plan: RepaymentPlan,
    pub guarantor: String,
    pub repaid_fen: i64,
    pub standing: Standing,
}

/// A repayment as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct RepaymentRow {
    pub id: Uuid,
    pub date: NaiveDate,
    pub principal_fen: i64,
    pub interest_fen: i64,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
}

/// A loan with its schedule and repayments.
#[derive(Debug, Clone, Serialize)]
pub struct LoanDetail {
    #[serde(flatten)]
    pub row: LoanRow,
    /// Masked.
    pub id_number: Option<String>,
    pub note: String,
    pub schedule: Vec<Instalment>,
    /// Interest subsidy over the whole schedule.
    pub subsidy_fen: i64,
    pub repayments: Vec<RepaymentRow>,
}

async fn repayments_of(
    db: &impl ConnectionTrait,
    t: Uuid,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Vec<loan_repayment::Model>>> {
    let mut out: HashMap<Uuid, Vec<loan_repayment::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = loan_repayment::Entity::find()
            .filter(loan_repayment::Column::TenantId.eq(t))
            .filter(loan_repayment::Column::LoanId.is_in(chunk.to_vec()))
            .order_by_asc(loan_repayment::Column::PaidOn)
            .order_by_asc(loan_repayment::Column::Id)
            .all(db)
            .await?;
        for r in rows {
            out.entry(r.loan_id).or_default().push(r);
        }
    }
    Ok(out)
}

impl Funds<'_> {
    fn key(&self) -> Option<&crate::crypto::FieldKey> {
        self.store().field_key().ok()
    }

    fn loan_row(&self, l: &loan::Model, unit: String, paid: &[loan_repayment::Model], as_of: NaiveDate) -> LoanRow {
        let terms = terms_of(l);
        let reps: Vec<Repayment> =
            paid.iter().map(|r| Repayment { date: r.paid_on, principal_fen: r.principal_fen }).collect();
        LoanRow {
            id: l.id,
            borrower: PartyRow {
                kind: kind_of(&l.party_kind),
                fellow_id: l.fellow_id,
                company_id: l.company_id,
                name: l.party_name.clone(),
                unit_id: l.unit_id,
                unit,
            },
            phone: self.key().and_then(|k| mask_value(k, PersonalField::Phone, l.phone_enc.as_deref())),
            bank: l.bank.clone(),
            contract_no: l.contract_no.clone(),
            amount_fen: l.amount_fen,
            rate_bp: l.rate_bp,
            subsidy_bp: l.subsidy_bp,
            term_months: l.term_months,
            disbursed: l.disbursed_on,
            matures: terms.matures(),
            plan: terms.plan,
            guarantor: l.guarantor.clone(),
            repaid_fen: reps.iter().filter(|r| r.date <= as_of).map(|r| r.principal_fen).sum(),
            standing: standing(&terms, &reps, as_of),
        }
    }

    /// The loans the reader sees, filtered by year and bank in the query.
    async fn scoped_loans(&self, year: Option<i32>, bank: Option<&str>) -> StoreResult<Vec<loan::Model>> {
        let mut find =
            loan::Entity::find().filter(self.reading().units_condition(loan::Column::TenantId, loan::Column::UnitId));
        if let Some(y) = year {
            let from = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
            let to = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default();
            find = find.filter(loan::Column::DisbursedOn.between(from, to));
        }
        if let Some(b) = bank.filter(|b| !b.is_empty()) {
            find = find.filter(loan::Column::Bank.eq(b));
        }
        Ok(find.order_by_desc(loan::Column::DisbursedOn).order_by_desc(loan::Column::Id).all(&self.store().db).await?)
    }

    /// A page of the loans the reader sees with their standing on
    /// `q.as_of`, and how many there are.
    pub async fn loans(&self, q: &LoanQuery) -> StoreResult<(Vec<LoanRow>, u64)> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let mut all = self.scoped_loans(q.year, q.bank.as_deref()).await?;
        all.sort_by_key(|l| (if q.by_amount { l.amount_fen } else { 0 }, l.disbursed_on, l.id));
        if q.descending {
            all.reverse();
        }
        let reps = repayments_of(db, t, &all.iter().map(|l| l.id).collect::<Vec<_>>()).await?;
        let units = unit_names(db, t, all.iter().map(|l| l.unit_id)).await?;
        let rows: Vec<LoanRow> = all
            .iter()
            .map(|l| {
                let unit = units.get(&l.unit_id).cloned().unwrap_or_default();
                self.loan_row(l, unit, reps.get(&l.id).map_or(&[][..], |v| v), q.as_of)
            })
            .filter(|r| q.status.as_deref().is_none_or(|s| s.is_empty() || r.standing.code() == s))
            .collect();
        let total = rows.len() as u64;
        let page = rows.into_iter().skip(q.offset as usize).take(q.limit.clamp(1, MAX_PAGE_ROWS) as usize);
        Ok((page.collect(), total))
    }

    /// Loan `id` with its schedule and repayments, standing on `as_of`.
    pub async fn loan(&self, id: Uuid, as_of: NaiveDate) -> StoreResult<LoanDetail> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let l = loan::Entity::find()
            .filter(loan::Column::Id.eq(id))
            .filter(self.reading().units_condition(loan::Column::TenantId, loan::Column::UnitId))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let reps = repayments_of(db, t, &[id]).await?.remove(&id).unwrap_or_default();
        let unit = unit_names(db, t, [l.unit_id]).await?.remove(&l.unit_id).unwrap_or_default();
        let plan = schedule(&terms_of(&l));
        Ok(LoanDetail {
            row: self.loan_row(&l, unit, &reps, as_of),
            id_number: self.key().and_then(|k| mask_value(k, PersonalField::IdNumber, l.id_number_enc.as_deref())),
            note: l.note.clone(),
            subsidy_fen: plan.iter().map(|i| i.subsidy_fen).sum(),
            schedule: plan,
            repayments: reps
                .into_iter()
                .map(|r| RepaymentRow {
                    id: r.id,
                    date: r.paid_on,
                    principal_fen: r.principal_fen,
                    interest_fen: r.interest_fen,
                    note: r.note,
                    recorded_at: r.created_at,
                })
                .collect(),
        })
    }

    /// The totals of the loans the reader sees, disbursed by `as_of`.
    pub async fn loan_totals(&self, as_of: NaiveDate) -> StoreResult<Totals> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let all = self.scoped_loans(None, None).await?;
        let units = unit_names(db, t, all.iter().map(|l| l.unit_id)).await?;
        let facts: Vec<LoanFacts> = all
            .into_iter()
            .map(|l| LoanFacts {
                amount_fen: l.amount_fen,
                disbursed: l.disbursed_on,
                township: units.get(&l.unit_id).cloned().unwrap_or_default(),
                bank: l.bank,
            })
            .collect();
        Ok(totals(&facts, as_of))
    }

    /// The banks the reader's loans were lent by, for a filter.
    pub async fn loan_banks(&self) -> StoreResult<Vec<String>> {
        let mut banks: Vec<String> = self.scoped_loans(None, None).await?.into_iter().map(|l| l.bank).collect();
        banks.sort();
        banks.dedup();
        Ok(banks)
    }
}
