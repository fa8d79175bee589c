//! Recording loans and their repayments: county work, each audited; a
//! repayment records the principal owed before and after.

use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{loan, loan_repayment};
use crate::fellows::PersonalField;
use crate::funds::{Funds, Party, fields, text};
use crate::{StoreError, StoreResult, now};
use chrono::{Datelike, NaiveDate};
use guichao_domain::date::today;
use guichao_domain::fellows::{IdNumber, Phone};
use guichao_domain::funds::loans::{LoanTerms, RepaymentPlan, check_repayment};
use guichao_domain::ids::new_id;
use guichao_domain::{Lang, Msg};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

/// What a ledger import checks its rows against.
#[derive(Debug, Clone, Default)]
pub struct LoanDirectory {
    /// The county's townships, by id and name.
    pub townships: Vec<(Uuid, String)>,
    /// (bank, contract number) of every loan recorded with a contract number.
    pub contracts: std::collections::HashSet<(String, String)>,
}

/// A loan as typed or read from a bank's ledger.
#[derive(Debug, Clone)]
pub struct LoanDraft {
    pub party: Party,
    /// Optional; checked as a fellow's phone is.
    pub phone: String,
    /// Optional; checked as a fellow's ID number is (GB 11643).
    pub id_number: String,
    pub bank: String,
    pub contract_no: String,
    pub amount_fen: i64,
    pub rate_bp: i32,
    pub subsidy_bp: i32,
    pub term_months: i32,
    pub disbursed: NaiveDate,
    pub plan: RepaymentPlan,
    /// The guarantee fund that backs it (县创业担保基金).
    pub guarantor: String,
    pub note: String,
}

/// What a draft's checked fields come to.
struct Checked {
    phone: Option<String>,
    id_number: Option<String>,
    bank: String,
    contract_no: String,
    guarantor: String,
    note: String,
    terms: LoanTerms,
}

fn check(d: &LoanDraft) -> StoreResult<Checked> {
    let terms = LoanTerms {
        amount_fen: d.amount_fen,
        rate_bp: d.rate_bp,
        subsidy_bp: d.subsidy_bp,
        term_months: d.term_months,
        disbursed: d.disbursed,
        plan: d.plan,
    };
    let mut errors = terms.check();
    let blank = |s: &str| s.trim().is_empty();
    let phone = (!blank(&d.phone))
        .then(|| Phone::parse(&d.phone))
        .transpose()
        .map_err(|e| errors.push(("phone", Msg::new(e.message(Lang::Zh), e.message(Lang::En)))))
        .ok()
        .flatten();
    let id_number = (!blank(&d.id_number))
        .then(|| IdNumber::parse(&d.id_number))
        .transpose()
        .map_err(|e| errors.push(("id_number", Msg::new(e.message(Lang::Zh), e.message(Lang::En)))))
        .ok()
        .flatten();
    if d.disbursed > today() || d.disbursed.year() < 2000 {
        errors.push((
            "disbursed",
            Msg::new("放款日期不能晚于今天，也不能早于2000年", "The day is in the future or before 2000"),
        ));
    }
    if !errors.is_empty() {
        return Err(fields(errors));
    }
    Ok(Checked {
        phone: phone.map(|p| p.as_str().to_string()),
        id_number: id_number.map(|i| i.as_str().to_string()),
        bank: text("bank", &d.bank, 50, true)?,
        contract_no: text("contract_no", &d.contract_no, 50, false)?,
        guarantor: text("guarantor", &d.guarantor, 50, false)?,
        note: text("note", &d.note, 200, false)?,
        terms,
    })
}

impl Funds<'_> {
    /// Records one loan; answers its id.
    pub async fn add_loan(&self, draft: LoanDraft) -> StoreResult<Uuid> {
        let ids = self.add_loans(vec![draft], AuditAction::LoanCreate).await?;
        Ok(ids[0])
    }

    /// Records loans in one transaction, all or none, audited as one event
    /// that counts them (the demo county's loans).
    pub async fn add_loans_in_bulk(&self, drafts: Vec<LoanDraft>) -> StoreResult<Vec<Uuid>> {
        self.add_loans(drafts, AuditAction::LoanBulkInsert).await
    }

    /// Writes the loans of a bank's ledger in one transaction, all or none,
    /// audited as one import naming the file (`source`). Answers how many.
    pub async fn import_loans(&self, drafts: Vec<LoanDraft>, source: serde_json::Value) -> StoreResult<usize> {
        Ok(self.write_loans(drafts, AuditAction::LoanImport, source).await?.len())
    }

    /// What an import checks a ledger against: the county's townships and
    /// the (bank, contract number) pairs recorded already.
    pub async fn loan_directory(&self) -> StoreResult<LoanDirectory> {
        self.county_writer()?;
        let t = self.actor().tenant_id;
        let pairs: Vec<(String, String)> = loan::Entity::find()
            .select_only()
            .column(loan::Column::Bank)
            .column(loan::Column::ContractNo)
            .filter(loan::Column::TenantId.eq(t))
            .filter(loan::Column::ContractNo.ne(""))
            .into_tuple()
            .all(&self.store().db)
            .await?;
        let mut townships = self.units().await?;
        // The county itself comes first; a borrower lives in a township.
        if !townships.is_empty() {
            townships.remove(0);
        }
        Ok(LoanDirectory { townships, contracts: pairs.into_iter().collect() })
    }

    /// Records loans in one transaction, all or none: each is audited with
    /// `action` when one, else one event counts them (an import). Answers
    /// their ids in order.
    pub(crate) async fn add_loans(&self, drafts: Vec<LoanDraft>, action: AuditAction) -> StoreResult<Vec<Uuid>> {
        self.write_loans(drafts, action, serde_json::Value::Null).await
    }

    async fn write_loans(
        &self,
        drafts: Vec<LoanDraft>,
        action: AuditAction,
        source: serde_json::Value,
    ) -> StoreResult<Vec<Uuid>> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let key = store.field_key()?;
        let checked = drafts.iter().map(check).collect::<StoreResult<Vec<_>>>()?;
        let tx = store.begin_write().await?;
        let mut ids = Vec::with_capacity(drafts.len());
        let mut total = 0i64;
        for (d, c) in drafts.iter().zip(checked) {
            let party = self.resolve(&*tx, &d.party).await?;
            let (phone_enc, phone_idx) = crate::fellows::seal_value(key, t, PersonalField::Phone, c.phone.as_deref());
            let (id_number_enc, id_number_idx) =
                crate::fellows::seal_value(key, t, PersonalField::IdNumber, c.id_number.as_deref());
            let id = new_id();
            let row = loan::Model {
                tenant_id: t,
                id,
                phone_enc,
                phone_idx,
                id_number_enc,
                id_number_idx,
                bank: c.bank.clone(),
                contract_no: c.contract_no.clone(),
                amount_fen: c.terms.amount_fen,
                rate_bp: c.terms.rate_bp,
                subsidy_bp: c.terms.subsidy_bp,
                term_months: c.terms.term_months,
                disbursed_on: c.terms.disbursed,
                plan: c.terms.plan.code().into(),
                guarantor: c.guarantor.clone(),
                note: c.note.clone(),
                party_kind: party.kind.code().into(),
                fellow_id: party.fellow_id,
                company_id: party.company_id,
                party_name: party.name.clone(),
                unit_id: party.unit_id,
                created_by: Some(actor.user_id),
                created_at: now(),
            };
            loan::Entity::insert(loan::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
            total += c.terms.amount_fen;
            if action == AuditAction::LoanCreate && drafts.len() == 1 {
                let detail = json!({"after": {
                    "borrower": party.name, "bank": c.bank, "amount_fen": c.terms.amount_fen,
                    "rate_bp": c.terms.rate_bp, "subsidy_bp": c.terms.subsidy_bp, "term_months": c.terms.term_months,
                    "date": c.terms.disbursed, "plan": c.terms.plan.code(), "guarantor": c.guarantor,
                }});
                record(&*tx, t, actor, AuditEvent::new(action, "loan", id, detail)).await?;
            }
            ids.push(id);
        }
        if action != AuditAction::LoanCreate || drafts.len() != 1 {
            let mut detail = json!({"loans": ids.len(), "after": {"amount_fen": total}});
            // An import names its file, rows and refusals beside the counts.
            if let (Some(d), Some(src)) = (detail.as_object_mut(), source.as_object()) {
                d.extend(src.clone());
            }
            record(&*tx, t, actor, AuditEvent::new(action, "loan", Uuid::nil(), detail)).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Records a repayment of loan `id`; refused when it repays more than is
    /// owed. The loan's row is locked while its repayments are counted.
    pub async fn repay(
        &self,
        id: Uuid,
        date: NaiveDate,
        principal_fen: i64,
        interest_fen: i64,
        note: &str,
    ) -> StoreResult<Uuid> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let note = text("note", note, 200, false)?;
        if interest_fen < 0 {
            return Err(StoreError::field("interest", "利息不能为负数", "The interest cannot be negative"));
        }
        let tx = store.begin_write().await?;
        let l = loan::Entity::find_by_id((t, id)).lock_exclusive().one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let repaid = repaid_fen(&*tx, t, id).await?;
        check_repayment(&super::terms_of(&l), repaid, principal_fen, date, today()).map_err(|e| fields(vec![e]))?;
        let row = loan_repayment::Model {
            tenant_id: t,
            id: new_id(),
            loan_id: id,
            paid_on: date,
            principal_fen,
            interest_fen,
            note: note.clone(),
            created_by: Some(actor.user_id),
            created_at: now(),
        };
        let repayment = row.id;
        loan_repayment::Entity::insert(loan_repayment::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let owed = l.amount_fen - repaid;
        let detail = json!({
            "borrower": l.party_name, "bank": l.bank, "date": date, "principal_fen": principal_fen, "note": note,
            "before": {"owed_fen": owed}, "after": {"owed_fen": owed - principal_fen},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::LoanRepay, "loan", id, detail)).await?;
        tx.commit().await?;
        Ok(repayment)
    }
}

/// The principal repaid on loan `id` so far.
async fn repaid_fen(db: &impl ConnectionTrait, t: Uuid, id: Uuid) -> StoreResult<i64> {
    let sum: Option<i64> = loan_repayment::Entity::find()
        .select_only()
        .expr(sea_orm::sea_query::Expr::cust("CAST(COALESCE(SUM(principal_fen), 0) AS BIGINT)"))
        .filter(loan_repayment::Column::TenantId.eq(t))
        .filter(loan_repayment::Column::LoanId.eq(id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.unwrap_or(0))
}
