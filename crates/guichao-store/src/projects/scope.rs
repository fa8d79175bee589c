//! Who may see a project — the rule, in one place. A user sees a project of
//! their county when
//! - they hold the permission for the whole county (`Tenant`): every project;
//! - their scope covers units (`UnitAndBelow`, `Unit`): the projects whose
//!   responsible unit it covers ([`Scope::units_condition`]);
//! - and, whatever their reach, the projects they carry (as the project
//!   officer or on the team) and the projects a chamber they staff brought
//!   (chamber liaison staff, `chamber_staff`). For the `Assigned` grants of
//!   officers and chamber liaisons, which cover no unit, these are all they
//!   see.
//!
//! The same rule gives the write scope with `project.write`. Everything that
//! hangs off a project (events, credits, funds, the figures) is read through
//! [`visible_ids`].

use crate::Scope;
use crate::entities::{chamber_staff, project, project_team};
use guichao_domain::access::DataScope;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// The projects visible in `scope`.
pub(crate) fn visible(scope: &Scope) -> Condition {
    let tenant = Condition::all().add(project::Column::TenantId.eq(scope.tenant_id()));
    if scope.reach() == DataScope::Tenant {
        return tenant;
    }
    tenant.add(
        Condition::any()
            .add(scope.units_condition(project::Column::TenantId, project::Column::UnitId))
            .add(project::Column::OfficerId.eq(scope.user_id()))
            .add(project::Column::Id.in_subquery(on_team(scope.tenant_id(), scope.user_id())))
            .add(project::Column::SourceChamberId.in_subquery(staffed(scope.tenant_id(), scope.user_id()))),
    )
}

/// The ids of the projects visible in `scope`, as a subquery.
pub(crate) fn visible_ids(scope: &Scope) -> SelectStatement {
    Query::select().column(project::Column::Id).from(project::Entity).cond_where(visible(scope)).to_owned()
}

/// The chambers `user` is liaison staff of.
fn staffed(tenant_id: Uuid, user: Uuid) -> SelectStatement {
    Query::select()
        .column(chamber_staff::Column::ChamberId)
        .from(chamber_staff::Entity)
        .and_where(chamber_staff::Column::TenantId.eq(tenant_id))
        .and_where(chamber_staff::Column::UserId.eq(user))
        .to_owned()
}

/// The projects whose team `user` is on.
pub(crate) fn on_team(tenant_id: Uuid, user: Uuid) -> SelectStatement {
    Query::select()
        .column(project_team::Column::ProjectId)
        .from(project_team::Entity)
        .and_where(project_team::Column::TenantId.eq(tenant_id))
        .and_where(project_team::Column::UserId.eq(user))
        .to_owned()
}
