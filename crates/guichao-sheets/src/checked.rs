//! What the checked imports of the funds area (loan ledgers, households,
//! market entities) share, so the command line and the browser run any of them
//! the same way: counts, the rejected rows, the error file, the commit.

use crate::SheetError;
use crate::registry::import::Rejected;
use guichao_domain::Msg;
use guichao_store::{Actor, Store, StoreError};

/// Why a whole import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
    /// No header in the first rows: `sheet` names the file's kind,
    /// `columns` the columns its header row needs.
    #[error("no header in the first {scanned} rows")]
    NoHeader { scanned: usize, sheet: Msg, columns: &'static [&'static str] },
}

impl ImportError {
    /// A file that could not be read, with a missing header told as one of
    /// `sheet` needing `columns` (a loan ledger's 借款人).
    pub fn reading(e: SheetError, sheet: Msg, columns: &'static [&'static str]) -> ImportError {
        match e {
            SheetError::NoHeader { scanned } => ImportError::NoHeader { scanned, sheet, columns },
            e => ImportError::Sheet(e),
        }
    }

    /// What to tell the user.
    pub fn message(&self) -> Msg {
        match self {
            ImportError::NoHeader { scanned, sheet, columns } => Msg::new(
                format!("前 {scanned} 行中没有找到表头：{}的表头行应包含“{}”列", sheet.zh, columns.join("”“")),
                format!(
                    "No header in the first {scanned} rows: a {}'s header row needs the columns {}",
                    sheet.en,
                    columns.join(", ")
                ),
            ),
            ImportError::Sheet(e) => e.message(),
            ImportError::Store(StoreError::Fields(errors)) => StoreError::joined(errors),
            ImportError::Store(StoreError::Invalid(m) | StoreError::Conflict(m)) => m.clone(),
            ImportError::Store(StoreError::Forbidden | StoreError::NotFound) => {
                Msg::new("您没有导入的权限（需县级资金管理权限）", "You may not import (county fund.write needed)")
            }
            ImportError::Store(e) => {
                Msg::new(format!("导入失败，未写入任何数据：{e}"), format!("Import failed, nothing was written: {e}"))
            }
        }
    }
}

/// A row naming a record held already (a loan's bank and contract): not
/// written again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub row: u64,
    pub name: String,
    /// What it is known by.
    pub key: String,
}

/// A checked file of one of these imports.
pub trait CheckedSheet: Send + Sync + 'static {
    /// What its rows are, after a count in messages: 笔贷款, 户, 条市场主体记录.
    fn what(&self) -> Msg;
    fn file_name(&self) -> &str;
    /// Data rows read; blank rows are not counted.
    fn rows_in_file(&self) -> usize;
    /// Rows that would be written.
    fn accepted(&self) -> usize;
    fn rejected(&self) -> &[Rejected];
    /// Rows naming records held already, skipped.
    fn existing(&self) -> &[Existing] {
        &[]
    }
    /// What the accepted rows come to in fen, when they are money (loans).
    fn accepted_amount_fen(&self) -> Option<i64> {
        None
    }
    /// The rejected rows under the file's header with a 错误原因 column.
    fn error_file(&self) -> Result<Vec<u8>, SheetError>;
    /// Writes every accepted row in one transaction, audited as one import.
    fn commit(&self, store: &Store, actor: &Actor) -> impl Future<Output = Result<usize, ImportError>> + Send;
}
