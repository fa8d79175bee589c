//! Support money (资金与贷款): the special fund (`special`), guarantee loans
//! (`loans`), the education fund (`education`) and the summary figures
//! (`summary`), all reached through one handle made with `fund.read` or
//! `fund.write`.
//!
//! Every money row carries the org unit that scopes it: a township user sees
//! the grants, loans and donations of their township, a county user all.
//! Writing is county work: a `fund.write` that does not reach the whole
//! county is refused. Balances and sizes are counted from the rows for the
//! day asked; a write that draws money (an approval, a disbursement) locks
//! the row of what it draws on first (the year's budget, the fund's branch),
//! so two draws at the same moment pass one at a time and never go below
//! zero.

pub mod education;
pub mod households;
pub mod loans;
pub mod market;
mod party;
pub mod special;
mod summary;

pub use party::{Party, PartyRow};
pub use summary::FundsSummary;

use crate::{Actor, Scoped, Store, StoreError, StoreResult};
use guichao_domain::access::{DataScope, Permission};

/// The permissions a [`Funds`] handle is made with.
const AREA: [Permission; 2] = [Permission::FundRead, Permission::FundWrite];

/// The most rows one page of a fund list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// The funds as one actor reaches them with one permission.
pub struct Funds<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The funds for work that needs `permission` (`fund.read` or
    /// `fund.write`), or `Forbidden`.
    pub fn funds<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Funds<'a>> {
        Ok(Funds(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Funds<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// The scope for reading: the handle's own.
    fn reading(&self) -> &crate::Scope {
        self.0.scope()
    }

    /// Refuses a write unless the handle is `fund.write` for the whole county.
    fn county_writer(&self) -> StoreResult<()> {
        let scope = self.0.need(Permission::FundWrite)?;
        if scope.reach() != DataScope::Tenant {
            return Err(StoreError::Forbidden);
        }
        Ok(())
    }

    /// Whether the handle reads the whole county.
    pub fn county_wide(&self) -> bool {
        self.0.scope().reach() == DataScope::Tenant
    }
}

/// Field errors from the domain's `(field, message)` pairs.
fn fields(errors: Vec<(&'static str, guichao_domain::Msg)>) -> StoreError {
    StoreError::Fields(
        errors.into_iter().map(|(field, message)| guichao_domain::fellows::FormError { field, message }).collect(),
    )
}

/// A free text as typed: trimmed, at most `max` characters.
fn text(field: &'static str, value: &str, max: usize, required: bool) -> StoreResult<String> {
    let t = value.trim().to_string();
    if required && t.is_empty() {
        return Err(StoreError::field(field, "此项不能为空", "This field is required"));
    }
    if t.chars().count() > max {
        return Err(StoreError::field(field, format!("不能超过{max}个字"), format!("At most {max} characters")));
    }
    Ok(t)
}
