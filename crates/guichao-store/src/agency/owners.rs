//! The owners a task or a problem names: a unit and a user of the county.

use crate::StoreResult;
use crate::entities::{org_unit, user};
use guichao_domain::fellows::FormError;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use uuid::Uuid;

/// The refusals of owners the county does not have, under `owner_unit_id`
/// and `owner_user_id`.
pub(super) async fn unknown_owners(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    unit: Option<Uuid>,
    user: Option<Uuid>,
) -> StoreResult<Vec<FormError>> {
    let mut errors = Vec::new();
    if let Some(u) = unit
        && org_unit::Entity::find_by_id((tenant_id, u)).count(db).await? == 0
    {
        errors.push(FormError::new("owner_unit_id", "责任单位不存在", "No such owner unit"));
    }
    if let Some(u) = user
        && user::Entity::find_by_id((tenant_id, u)).count(db).await? == 0
    {
        errors.push(FormError::new("owner_user_id", "责任人须为本县用户", "The owner must be a user of this county"));
    }
    Ok(errors)
}
