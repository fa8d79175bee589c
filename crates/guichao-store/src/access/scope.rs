//! The data-scope rule, in one place: which org units a user reaches with a
//! permission. A user with reach `Tenant` sees every unit of their county;
//! `UnitAndBelow` their unit and its descendants; `Unit` their unit only;
//! `Assigned` no unit at all (only records assigned to them, which each area
//! adds with [`Scope::or_assigned`]).

use crate::entities::org_unit;
use crate::{Store, StoreResult};
use guichao_domain::access::DataScope;
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Scope {
    tenant_id: Uuid,
    user_id: Uuid,
    unit_id: Uuid,
    unit_path: String,
    reach: DataScope,
}

impl Scope {
    pub(super) fn new(tenant_id: Uuid, user_id: Uuid, unit_id: Uuid, unit_path: String, reach: DataScope) -> Scope {
        Scope { tenant_id, user_id, unit_id, unit_path, reach }
    }

    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
    }

    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    pub fn reach(&self) -> DataScope {
        self.reach
    }

    /// The township (the second unit of a county's path, `/county/township/…`)
    /// every unit this scope reaches lies in, when it reaches less than the
    /// whole county.
    pub(crate) fn township(&self) -> Option<Uuid> {
        match self.reach {
            DataScope::UnitAndBelow | DataScope::Unit => {
                self.unit_path.split('/').filter(|p| !p.is_empty()).nth(1).and_then(|p| Uuid::parse_str(p).ok())
            }
            DataScope::Tenant | DataScope::Assigned => None,
        }
    }

    /// A condition on a column holding an org unit id: true when the unit lies in
    /// this scope. Always also restricts to the scope's tenant through `tenant_col`.
    pub(crate) fn units_condition(&self, tenant_col: impl ColumnTrait, unit_col: impl ColumnTrait) -> Condition {
        let tenant = tenant_col.eq(self.tenant_id);
        let units: SimpleExpr = match self.reach {
            DataScope::Tenant => Expr::value(true),
            DataScope::UnitAndBelow => unit_col.in_subquery(
                Query::select()
                    .column(org_unit::Column::Id)
                    .from(org_unit::Entity)
                    .and_where(org_unit::Column::TenantId.eq(self.tenant_id))
                    .and_where(org_unit::Column::Path.starts_with(&self.unit_path))
                    .to_owned(),
            ),
            DataScope::Unit => unit_col.eq(self.unit_id),
            DataScope::Assigned => Expr::value(false),
        };
        Condition::all().add(tenant).add(units)
    }

    /// The same rule asked of a unit of the scope's tenant whose path is
    /// known, without a query (for checking the many rows of an import).
    pub(crate) fn covers_path(&self, unit_id: Uuid, unit_path: &str) -> bool {
        match self.reach {
            DataScope::Tenant => true,
            DataScope::UnitAndBelow => unit_path.starts_with(&self.unit_path),
            DataScope::Unit => unit_id == self.unit_id,
            DataScope::Assigned => false,
        }
    }

    /// Whether the org unit `unit_id` lies in this scope (the same rule as
    /// [`Scope::units_condition`], asked of one unit).
    pub async fn covers_unit(&self, store: &Store, unit_id: Uuid) -> StoreResult<bool> {
        let found = org_unit::Entity::find()
            .filter(org_unit::Column::Id.eq(unit_id))
            .filter(self.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .count(&store.db)
            .await?;
        Ok(found > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_inside_a_township_names_it() {
        let (county, township, village) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let at = |unit: Uuid, path: String, reach| Scope::new(county, Uuid::from_u128(9), unit, path, reach);
        let path = |units: &[Uuid]| units.iter().map(|u| format!("/{u}")).collect::<String>() + "/";
        let below = DataScope::UnitAndBelow;
        assert_eq!(at(county, path(&[county]), below).township(), None);
        assert_eq!(at(township, path(&[county, township]), below).township(), Some(township));
        assert_eq!(at(village, path(&[county, township, village]), DataScope::Unit).township(), Some(township));
        assert_eq!(at(village, path(&[county, township, village]), DataScope::Tenant).township(), None);
        assert_eq!(at(village, path(&[county, township, village]), DataScope::Assigned).township(), None);
    }
}
