//! Policy documents (政策文件), their attachments and who benefited, reached
//! through one handle made with `policy.read` or `policy.write`. Every
//! built-in role reads policies county-wide; the fellows among a policy's
//! beneficiaries are shown only to a reader who sees those fellows
//! (`fellows::scope::visible_ids`), and the totals count what the reader sees.

mod attachments;
mod beneficiaries;
mod choices;
mod read;
mod write;

pub use attachments::{AttachmentFile, AttachmentRow};
pub use beneficiaries::{Beneficiary, BeneficiaryRow, FellowPolicyRow};
pub use read::{PolicyQuery, PolicyRow};
pub use write::PolicyDraft;

use crate::{Actor, Scoped, Store, StoreError, StoreResult};
use guichao_domain::access::Permission;

/// The permissions a [`Policies`] handle is made with.
const AREA: [Permission; 2] = [Permission::PolicyRead, Permission::PolicyWrite];

/// The most rows one page of the policy list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// The policies as one actor reaches them with one permission.
pub struct Policies<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The policies for work that needs `permission` (`policy.read` or
    /// `policy.write`), or `Forbidden`.
    pub fn policies<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Policies<'a>> {
        Ok(Policies(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Policies<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// A field error from the domain's message.
fn field(name: &'static str, msg: guichao_domain::Msg) -> StoreError {
    StoreError::Fields(vec![guichao_domain::fellows::FormError { field: name, message: msg }])
}
