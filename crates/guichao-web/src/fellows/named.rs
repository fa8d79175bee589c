//! A fellow a user typed into a form (a chamber's new member, an event's
//! attendee): an id, or a name that exactly one fellow they may see has.

use crate::AppState;
use crate::error::AppError;
use guichao_domain::access::Permission;
use guichao_store::{Actor, StoreError};
use uuid::Uuid;

/// What to do when several fellows share the name typed, for forms that offer
/// the search box beside the field.
pub(crate) const CHOOSE_OR_PASTE: (&str, &str) =
    ("请从搜索结果中选择，或粘贴乡友编号", "choose one from the search, or paste the fellow id");

/// The fellow `text` names; `several` says, in Chinese and English, what to
/// do when more than one fellow the user may see has that name.
pub(crate) async fn fellow_named(
    state: &AppState,
    actor: &Actor,
    text: &str,
    several: (&str, &str),
) -> Result<Uuid, AppError> {
    let text = text.trim();
    if let Ok(id) = Uuid::parse_str(text) {
        return Ok(id);
    }
    if text.is_empty() {
        return Err(AppError::invalid("请选择要加入的乡友", "Please choose a fellow"));
    }
    let found = state.store.fellows(actor, Permission::FellowRead)?.search(text, 50).await.map_err(|e| match e {
        StoreError::Forbidden => AppError::NotFound,
        other => other.into(),
    })?;
    let exact: Vec<Uuid> = found.iter().filter(|f| f.name == text).map(|f| f.id).collect();
    match exact.as_slice() {
        [one] => Ok(*one),
        [] => Err(AppError::invalid(format!("没有找到名为“{text}”的乡友"), format!("No fellow is named {text:?}"))),
        many => Err(AppError::invalid(
            format!("有{}位乡友名为“{text}”，{}", many.len(), several.0),
            format!("{} fellows are named {text:?}: {}", many.len(), several.1),
        )),
    }
}
