//! The investor company a project names: found by its credit code, else by
//! its exact name, else recorded, inside the project's own transaction so a
//! refused project leaves no company behind.

use crate::StoreResult;
use crate::entities::company;
use crate::fellows::insert_models;
use crate::now;
use guichao_domain::ids::new_id;
use guichao_domain::projects::CompanyRef;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The id of the company `c` names in the county, recording it when new.
pub(super) async fn company_id(db: &impl ConnectionTrait, tenant_id: Uuid, c: &CompanyRef) -> StoreResult<Uuid> {
    let of_tenant = || company::Entity::find().filter(company::Column::TenantId.eq(tenant_id));
    if let Some(code) = &c.credit_code
        && let Some(found) = of_tenant().filter(company::Column::CreditCode.eq(code.as_str())).one(db).await?
    {
        return Ok(found.id);
    }
    let by_name = of_tenant()
        .filter(company::Column::Name.eq(c.name.as_str()))
        .order_by_asc(company::Column::CreatedAt)
        .order_by_asc(company::Column::Id);
    // A name match with another code is another company.
    let by_name = match &c.credit_code {
        Some(_) => by_name.filter(company::Column::CreditCode.is_null()),
        None => by_name,
    };
    if let Some(found) = by_name.one(db).await? {
        return Ok(found.id);
    }
    let row = company::Model {
        tenant_id,
        id: new_id(),
        name: c.name.clone(),
        credit_code: c.credit_code.as_ref().map(|code| code.as_str().to_string()),
        industry: String::new(),
        city: c.city.clone(),
        created_at: now(),
    };
    insert_models(db, std::slice::from_ref(&row)).await?;
    Ok(row.id)
}
