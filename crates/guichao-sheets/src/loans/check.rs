//! One import of a loan ledger, whoever starts it: read the file, check
//! every row (the dry run: nothing is written), then commit every accepted
//! loan in one transaction with one audit event, or nothing.

use super::columns::{LoanColumn, LoanLayout, detect};
use crate::cell::{Cell, RawRow};
use crate::checked::{CheckedSheet, Existing, ImportError};
use crate::normalize::{day_cell, id_number_text, phone_text, township_key};
use crate::projects::header_unit;
use crate::registry::import::{FileSource, Rejected};
use crate::table::read_rows;
use crate::{RowError, SheetError};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{IdNumber, Phone};
use guichao_domain::funds::check_amount;
use guichao_domain::funds::loans::{LoanTerms, RepaymentPlan, parse_percent_bp};
use guichao_domain::projects::parse_amount_in;
use guichao_domain::{Lang, Msg};
use guichao_store::funds::Party;
use guichao_store::funds::loans::{LoanDirectory, LoanDraft};
use guichao_store::{Actor, Store};
use std::collections::HashMap;

/// A loan the import would write.
#[derive(Debug, Clone)]
pub struct AcceptedLoan {
    pub row: u64,
    pub loan: LoanDraft,
}

/// A checked ledger: what it holds and what would be written.
#[derive(Debug, Clone)]
pub struct CheckedLoans {
    pub file_name: String,
    pub sha256: String,
    pub layout: LoanLayout,
    /// Data rows read; blank rows are not counted.
    pub rows_in_file: usize,
    pub accepted: Vec<AcceptedLoan>,
    pub rejected: Vec<Rejected>,
    /// Rows naming a contract recorded already: known by bank and contract.
    pub existing: Vec<Existing>,
}

/// Reads and checks a loan ledger as `actor` (a county `fund.write`) on
/// `today`. Nothing is written.
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
    today: NaiveDate,
) -> Result<CheckedLoans, ImportError> {
    let directory = store.funds(actor, Permission::FundWrite)?.loan_directory().await?;
    let (sha256, rows) = read_rows(source, file_name).await?;
    let mut checked = judge(&rows, &directory, today)
        .map_err(|e| ImportError::reading(e, Msg::new("贷款台账", "loan ledger"), &["借款人"]))?;
    checked.file_name = file_name.to_string();
    checked.sha256 = sha256;
    Ok(checked)
}

/// One row's reading: the problems pile up under their columns.
struct Row<'a> {
    layout: &'a LoanLayout,
    raw: &'a RawRow,
    errors: Vec<RowError>,
}

impl Row<'_> {
    fn cell(&self, c: LoanColumn) -> &Cell {
        static BLANK: Cell = Cell::Empty;
        self.layout.column(c).map_or(&BLANK, |i| self.raw.cell(i))
    }

    fn text(&self, c: LoanColumn) -> String {
        self.layout.text(self.raw, c)
    }

    fn refuse(&mut self, c: LoanColumn, reason: Msg) {
        self.errors.push(RowError { row: self.raw.row, column: self.layout.label(c), reason });
    }

    fn required(&mut self, c: LoanColumn, zh: &str, en: &str) -> String {
        let t = self.text(c);
        if t.is_empty() {
            self.refuse(c, Msg::new(format!("{zh}不能为空"), format!("The {en} is empty")));
        }
        t
    }

    fn percent(&mut self, c: LoanColumn, optional: bool) -> i32 {
        let read = match self.cell(c) {
            // An Excel percentage cell holds 0.0345 for 3.45%.
            Cell::Number(n) if *n < 1.0 && *n >= 0.0 => Some((n * 10_000.0).round() as i32),
            Cell::Number(n) => parse_percent_bp(&format!("{n}")),
            other if optional && other.is_blank() => Some(0),
            other => parse_percent_bp(&other.display()),
        };
        read.unwrap_or_else(|| {
            self.refuse(c, Msg::new("请填写百分比，如 3.45 或 3.45%", "Write a percentage such as 3.45 or 3.45%"));
            0
        })
    }
}

/// 24, 24个月, 24月 or 2年 as months.
pub fn term_months(text: &str) -> Option<i32> {
    let t = text.trim();
    if let Some(years) = t.strip_suffix('年') {
        return years.trim().parse::<i32>().ok()?.checked_mul(12);
    }
    t.trim_end_matches("个月").trim_end_matches('月').trim().parse().ok()
}

/// Judges a ledger's rows against the county's townships and recorded
/// contracts (`directory`) on `today`: the work of [`check`] once the file
/// is read, without the store.
pub fn judge(rows: &[RawRow], directory: &LoanDirectory, today: NaiveDate) -> Result<CheckedLoans, SheetError> {
    let (layout, first) = detect(rows)?;
    let townships: HashMap<String, uuid::Uuid> =
        directory.townships.iter().map(|(id, name)| (township_key(name), *id)).collect();
    let (mut accepted, mut rejected, mut existing) = (Vec::new(), Vec::new(), Vec::new());
    let mut contracts: HashMap<(String, String), u64> = HashMap::new();
    let mut rows_in_file = 0;
    for raw in rows[first..].iter().filter(|r| r.cells.iter().any(|c| !c.is_blank())) {
        if layout.text(raw, LoanColumn::Borrower) == layout.label(LoanColumn::Borrower) {
            continue;
        }
        rows_in_file += 1;
        let mut r = Row { layout: &layout, raw, errors: Vec::new() };
        let name = r.required(LoanColumn::Borrower, "借款人", "borrower");
        let township_text = r.required(LoanColumn::Township, "所属乡镇", "township");
        let township = townships.get(&township_key(&township_text)).copied();
        if township.is_none() && !township_text.is_empty() {
            r.refuse(
                LoanColumn::Township,
                Msg::new(
                    format!("“{township_text}”不是本县的乡镇"),
                    format!("{township_text:?} is not a township of the county"),
                ),
            );
        }
        let phone = phone_text(r.cell(LoanColumn::Phone));
        if !phone.trim().is_empty()
            && let Err(e) = Phone::parse(&phone)
        {
            r.refuse(LoanColumn::Phone, Msg::new(e.message(Lang::Zh), e.message(Lang::En)));
        }
        let id_number = match id_number_text(r.cell(LoanColumn::IdNumber)) {
            Ok(t) if t.trim().is_empty() => String::new(),
            Ok(t) => match IdNumber::parse(&t) {
                Ok(id) => id.as_str().to_string(),
                Err(e) => {
                    r.refuse(LoanColumn::IdNumber, Msg::new(e.message(Lang::Zh), e.message(Lang::En)));
                    String::new()
                }
            },
            Err(m) => {
                r.refuse(LoanColumn::IdNumber, m);
                String::new()
            }
        };
        let bank = r.required(LoanColumn::Bank, "贷款银行", "bank");
        let contract = r.text(LoanColumn::Contract);
        let unit = layout.column(LoanColumn::Amount).and_then(|c| header_unit(&layout.header[c]));
        let amount_fen = match parse_amount_in(&r.text(LoanColumn::Amount), unit).and_then(check_amount) {
            Ok(fen) => fen,
            Err(m) => {
                r.refuse(LoanColumn::Amount, m);
                0
            }
        };
        let rate_bp = r.percent(LoanColumn::Rate, false);
        let subsidy_bp = r.percent(LoanColumn::Subsidy, true);
        let term = term_months(&r.text(LoanColumn::Term)).unwrap_or_else(|| {
            r.refuse(
                LoanColumn::Term,
                Msg::new("期限应写成月数，如 24、24个月或 2年", "Write the term in months: 24, 24个月 or 2年"),
            );
            0
        });
        let disbursed = match day_cell(r.cell(LoanColumn::Disbursed)) {
            Ok(d) if d > today => {
                r.refuse(LoanColumn::Disbursed, Msg::new("放款日期不能晚于今天", "The day cannot be in the future"));
                d
            }
            Ok(d) => d,
            Err(e) => {
                r.refuse(LoanColumn::Disbursed, e.msg("放款日期", "disbursement day", &r.text(LoanColumn::Disbursed)));
                NaiveDate::MIN
            }
        };
        let plan_text = r.text(LoanColumn::Plan);
        let plan = match plan_text.is_empty() {
            true => RepaymentPlan::AtMaturity,
            false => RepaymentPlan::from_words(&plan_text).unwrap_or_else(|| {
                r.refuse(
                    LoanColumn::Plan,
                    Msg::new("还款方式应为“到期还本”或“等额本金”", "The plan is 到期还本 or 等额本金"),
                );
                RepaymentPlan::AtMaturity
            }),
        };
        let terms = LoanTerms { amount_fen, rate_bp, subsidy_bp, term_months: term, disbursed, plan };
        if r.errors.is_empty() {
            for (field, m) in terms.check() {
                let column = match field {
                    "rate_bp" => LoanColumn::Rate,
                    "subsidy_bp" => LoanColumn::Subsidy,
                    "term_months" => LoanColumn::Term,
                    _ => LoanColumn::Amount,
                };
                r.refuse(column, m);
            }
        }
        let key = (bank.clone(), contract.clone());
        if !contract.is_empty() && r.errors.is_empty() {
            if let Some(earlier) = contracts.get(&key) {
                let reason = Msg::new(
                    format!("与第{earlier}行的合同编号重复，同一笔贷款只能有一行"),
                    format!("The same contract as row {earlier}; a loan takes one row"),
                );
                r.refuse(LoanColumn::Contract, reason);
            } else {
                contracts.insert(key.clone(), raw.row);
            }
        }
        if !r.errors.is_empty() {
            rejected.push(Rejected { row: raw.row, name, raw: raw.display(), errors: r.errors });
            continue;
        }
        if !contract.is_empty() && directory.contracts.contains(&key) {
            existing.push(Existing { row: raw.row, name, key: contract });
            continue;
        }
        let loan = LoanDraft {
            party: Party::Person { name, unit_id: township.unwrap_or_default() },
            phone,
            id_number,
            bank,
            contract_no: contract,
            amount_fen,
            rate_bp,
            subsidy_bp,
            term_months: term,
            disbursed,
            plan,
            guarantor: r.text(LoanColumn::Guarantor),
            note: r.text(LoanColumn::Notes),
        };
        accepted.push(AcceptedLoan { row: raw.row, loan });
    }
    Ok(CheckedLoans {
        file_name: String::new(),
        sha256: String::new(),
        layout,
        rows_in_file,
        accepted,
        rejected,
        existing,
    })
}

impl CheckedSheet for CheckedLoans {
    fn what(&self) -> Msg {
        Msg::new("笔贷款", "loans")
    }
    fn file_name(&self) -> &str {
        &self.file_name
    }
    fn rows_in_file(&self) -> usize {
        self.rows_in_file
    }
    fn accepted(&self) -> usize {
        self.accepted.len()
    }
    fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }
    fn existing(&self) -> &[Existing] {
        &self.existing
    }
    fn accepted_amount_fen(&self) -> Option<i64> {
        Some(self.accepted.iter().map(|a| a.loan.amount_fen).sum())
    }
    /// The rejected rows as the file wrote them, under its title and header,
    /// with a 错误原因 column.
    fn error_file(&self) -> Result<Vec<u8>, SheetError> {
        crate::registry::import::error_file(&self.layout.as_layout(), &self.rejected)
    }

    /// Writes every accepted loan as `actor`, in one transaction with one
    /// audit event naming the file. Answers the loans written.
    async fn commit(&self, store: &Store, actor: &Actor) -> Result<usize, ImportError> {
        let rows = self.accepted.iter().map(|a| a.loan.clone()).collect();
        let source = serde_json::json!({
            "file": self.file_name, "sha256": self.sha256, "rows": self.rows_in_file,
            "rejected": self.rejected.len(), "existing": self.existing.len(),
        });
        Ok(store.funds(actor, Permission::FundWrite)?.import_loans(rows, source).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn row(n: u64, cells: &[&str]) -> RawRow {
        RawRow { row: n, cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect() }
    }

    #[test]
    fn a_ledger_is_read_checked_and_known_contracts_skipped() {
        let xinqiang = Uuid::from_u128(7);
        let directory = LoanDirectory {
            townships: vec![(xinqiang, "新墙镇".into())],
            contracts: [("岳阳县农商银行".to_string(), "DB002".to_string())].into_iter().collect(),
        };
        let rows = vec![
            row(1, &["岳阳县2023年创业担保贷款发放台账"]),
            row(
                2,
                &[
                    "序号",
                    "借款人",
                    "所属乡镇",
                    "联系电话",
                    "贷款银行",
                    "合同编号",
                    "贷款金额（万元）",
                    "年利率",
                    "期限",
                    "放款日期",
                    "还款方式",
                ],
            ),
            row(
                3,
                &[
                    "1",
                    "张创业",
                    "新墙",
                    "138 0013 8000",
                    "岳阳县农商银行",
                    "DB001",
                    "20",
                    "3.45%",
                    "24个月",
                    "2023年5月8日",
                    "到期还本",
                ],
            ),
            row(4, &["2", "李创业", "新墙镇", "", "岳阳县农商银行", "DB002", "30", "3.45", "2年", "2023-06-01", ""]),
            row(
                5,
                &["3", "王创业", "平江", "12345", "岳阳县农商银行", "DB003", "3.5", "abc", "", "2099-01-01", "分期"],
            ),
            row(6, &["4", "赵创业", "新墙镇", "", "岳阳县农商银行", "DB001", "10", "3.45", "12", "2023-07-01", ""]),
        ];
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let c = judge(&rows, &directory, today).unwrap();
        assert_eq!(c.rows_in_file, 4);
        assert_eq!(c.accepted.len(), 1);
        let l = &c.accepted[0].loan;
        assert_eq!((l.amount_fen, l.rate_bp, l.term_months, l.plan), (20_000_000, 345, 24, RepaymentPlan::AtMaturity));
        assert_eq!(l.party, Party::Person { name: "张创业".into(), unit_id: xinqiang });
        assert_eq!(c.existing, [Existing { row: 4, name: "李创业".into(), key: "DB002".into() }]);
        let columns: Vec<&str> = c.rejected[0].errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["所属乡镇", "联系电话", "年利率", "期限", "放款日期", "还款方式"]);
        assert_eq!(c.rejected[1].errors[0].reason.zh, "与第3行的合同编号重复，同一笔贷款只能有一行");
        assert!(!c.error_file().unwrap().is_empty());
        assert_eq!(term_months("36"), Some(36));
        assert_eq!(term_months("3年"), Some(36));
        assert_eq!(term_months("三年"), None);
    }
}
