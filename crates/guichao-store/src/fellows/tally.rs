//! Fellows counted by unit (for the org tree): how many of the fellows the
//! actor may see have their home in each unit or below it.

use super::Fellows;
use crate::StoreResult;
use crate::entities::{fellow, org_unit};
use guichao_domain::access::Permission;
use sea_orm::sea_query::{Alias, BinOper, Expr, ExprTrait, JoinType};
use sea_orm::{ColumnTrait, Condition, FromQueryResult, QueryFilter, QuerySelect, QueryTrait};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(FromQueryResult)]
struct UnitCount {
    unit_id: Uuid,
    n: i64,
}

impl Fellows<'_> {
    /// For each of `units`, the visible, unarchived fellows whose home unit is
    /// that unit or below it (a township counts its villages), in one grouped
    /// query. Units with none are left out of the map.
    pub async fn count_by_unit(&self, units: &[Uuid]) -> StoreResult<HashMap<Uuid, u64>> {
        if units.is_empty() {
            return Ok(HashMap::new());
        }
        let home = Alias::new("home");
        let counted = Alias::new("counted");
        let mut find = self
            .visible(Permission::FellowRead)?
            .filter(fellow::Column::ArchivedAt.is_null())
            .select_only()
            .expr_as(Expr::col((counted.clone(), org_unit::Column::Id)), "unit_id")
            .expr_as(Expr::col((fellow::Entity, fellow::Column::Id)).count(), "n");
        let under = Expr::col((home.clone(), org_unit::Column::Path)).binary(
            BinOper::Like,
            Expr::col((counted.clone(), org_unit::Column::Path)).binary(BinOper::Custom("||"), Expr::val("%")),
        );
        QueryTrait::query(&mut find)
            .join_as(
                JoinType::InnerJoin,
                org_unit::Entity,
                home.clone(),
                Condition::all()
                    .add(
                        Expr::col((home.clone(), org_unit::Column::TenantId))
                            .equals((fellow::Entity, fellow::Column::TenantId)),
                    )
                    .add(
                        Expr::col((home.clone(), org_unit::Column::Id))
                            .equals((fellow::Entity, fellow::Column::UnitId)),
                    ),
            )
            .join_as(
                JoinType::InnerJoin,
                org_unit::Entity,
                counted.clone(),
                Condition::all()
                    .add(
                        Expr::col((counted.clone(), org_unit::Column::TenantId))
                            .equals((home, org_unit::Column::TenantId)),
                    )
                    .add(Expr::col((counted.clone(), org_unit::Column::Id)).is_in(units.iter().copied()))
                    .add(under),
            )
            .group_by_col((counted, org_unit::Column::Id));
        let rows = find.into_model::<UnitCount>().all(&self.store().db).await?;
        Ok(rows.into_iter().map(|r| (r.unit_id, r.n as u64)).collect())
    }
}
