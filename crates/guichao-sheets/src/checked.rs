//! What the checked imports of the funds area (households, market
//! entities) share, so the command line and the browser run any of them
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
}

impl ImportError {
    /// What to tell the user.
    pub fn message(&self) -> Msg {
        match self {
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

/// A checked file of one of these imports.
pub trait CheckedSheet: Send + Sync + 'static {
    /// What its rows are, for messages: 211户, 市场主体记录.
    fn what(&self) -> Msg;
    fn file_name(&self) -> &str;
    /// Data rows read; blank rows are not counted.
    fn rows_in_file(&self) -> usize;
    /// Rows that would be written.
    fn accepted(&self) -> usize;
    fn rejected(&self) -> &[Rejected];
    /// The rejected rows under the file's header with a 错误原因 column.
    fn error_file(&self) -> Result<Vec<u8>, SheetError>;
    /// Writes every accepted row in one transaction, audited as one import.
    fn commit(&self, store: &Store, actor: &Actor) -> impl Future<Output = Result<usize, ImportError>> + Send;
}
