//! The columns of a bank's loan ledger and the header words banks and the
//! county's employment office use for them.

use crate::SheetError;
use crate::cell::RawRow;
use crate::table::{self, Heading, SheetColumn, TableLayout};

/// What a column of a loan ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoanColumn {
    Borrower,
    IdNumber,
    Phone,
    Township,
    Bank,
    Contract,
    Amount,
    Rate,
    Subsidy,
    Term,
    Disbursed,
    Plan,
    Guarantor,
    Notes,
}

impl LoanColumn {
    pub const ALL: [LoanColumn; 14] = [
        LoanColumn::Borrower,
        LoanColumn::IdNumber,
        LoanColumn::Phone,
        LoanColumn::Township,
        LoanColumn::Bank,
        LoanColumn::Contract,
        LoanColumn::Amount,
        LoanColumn::Rate,
        LoanColumn::Subsidy,
        LoanColumn::Term,
        LoanColumn::Disbursed,
        LoanColumn::Plan,
        LoanColumn::Guarantor,
        LoanColumn::Notes,
    ];
}

impl SheetColumn for LoanColumn {
    const SYNONYMS: &'static [(LoanColumn, &'static [&'static str])] = &[
        (LoanColumn::Borrower, &["借款人", "借款人姓名", "姓名", "贷款人", "申请人", "borrower", "name"]),
        (LoanColumn::IdNumber, &["身份证号", "身份证号码", "证件号码", "id number"]),
        (LoanColumn::Phone, &["联系电话", "手机", "手机号", "手机号码", "电话", "phone"]),
        (LoanColumn::Township, &["所属乡镇", "乡镇", "户籍乡镇", "所在乡镇", "township"]),
        (LoanColumn::Bank, &["贷款银行", "经办银行", "放款银行", "银行", "承贷银行", "bank"]),
        (LoanColumn::Contract, &["合同编号", "借款合同号", "合同号", "借据号", "contract", "contract no"]),
        (LoanColumn::Amount, &["贷款金额", "放款金额", "借款金额", "金额", "amount"]),
        (LoanColumn::Rate, &["年利率", "执行利率", "贷款利率", "利率", "rate"]),
        (LoanColumn::Subsidy, &["贴息利率", "财政贴息", "贴息", "subsidy"]),
        (LoanColumn::Term, &["期限（月）", "贷款期限", "期限", "期限月", "term", "term months"]),
        (LoanColumn::Disbursed, &["放款日期", "发放日期", "贷款日期", "放款时间", "disbursed"]),
        (LoanColumn::Plan, &["还款方式", "repayment plan", "plan"]),
        (LoanColumn::Guarantor, &["担保基金", "担保机构", "担保单位", "guarantor"]),
        (LoanColumn::Notes, &["备注", "说明", "notes"]),
    ];

    fn is_long_number(self) -> bool {
        matches!(self, LoanColumn::IdNumber | LoanColumn::Phone | LoanColumn::Contract)
    }
}

/// How a loan ledger is laid out.
pub type LoanLayout = TableLayout<LoanColumn>;

/// Reads a header cell: an amount column may carry its unit
/// (`贷款金额（万元）`), read as the column with the unit set aside.
pub fn classify(text: &str) -> Heading<LoanColumn> {
    match table::classify::<LoanColumn>(text) {
        Heading::Unknown => {
            let bare: String = text.replace("万元", "").replace('元', "").replace("（）", "").replace("()", "");
            table::classify::<LoanColumn>(&bare)
        }
        known => known,
    }
}

/// Finds the header: the row naming the most columns that names the borrower.
pub fn detect(rows: &[RawRow]) -> Result<(LoanLayout, usize), SheetError> {
    TableLayout::detect(rows, classify, |kinds: &[Heading<LoanColumn>]| {
        kinds.contains(&Heading::Column(LoanColumn::Borrower))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_with_or_without_their_unit() {
        assert_eq!(classify("贷款金额（万元）"), Heading::Column(LoanColumn::Amount));
        assert_eq!(classify("放款金额(元)"), Heading::Column(LoanColumn::Amount));
        assert_eq!(classify("借款人姓名"), Heading::Column(LoanColumn::Borrower));
        assert_eq!(classify("期限（月）"), Heading::Column(LoanColumn::Term));
        assert_eq!(classify("序号"), Heading::Ignored);
        assert_eq!(classify("客户经理"), Heading::Unknown);
    }
}
