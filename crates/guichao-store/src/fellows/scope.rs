//! Who may see a fellow — the rule of ARCHITECTURE section 3, in one place: a
//! user sees a fellow when their scope covers the fellow's unit (home village,
//! else home township), or when they hold a live liaison assignment to them.
//!
//! The rule has two renderings that must agree (a test below checks they do):
//! a SQL condition for lists and counts, and scope tokens in the full-text index
//! so that a search intersects "matches the query" and "may be seen" inside the
//! index instead of filtering thousands of matches afterwards.

use crate::Scope;
use crate::entities::{fellow, liaison_assignment, org_unit};
use guichao_domain::access::DataScope;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Fellows visible in `scope`: their unit is covered, or the user is assigned to them.
pub(crate) fn visible(scope: &Scope) -> Condition {
    let tenant = Condition::all().add(fellow::Column::TenantId.eq(scope.tenant_id()));
    // The whole county: the assigned fellows are among them, and the `OR`
    // of a subquery would cost PostgreSQL a scan of them on every read.
    if scope.reach() == DataScope::Tenant {
        return tenant;
    }
    let assigned = fellow::Column::Id.in_subquery(assigned_to(scope.tenant_id(), scope.user_id()));
    tenant.add(
        Condition::any().add(scope.units_condition(fellow::Column::TenantId, fellow::Column::UnitId)).add(assigned),
    )
}

/// [`visible`] for the fellows of live assignments (`ended_at IS NULL`)
/// of `cadre`: nothing to ask when the cadre is the scope's own user, whose
/// live assignments make their fellows visible by the rule's second half.
/// (PostgreSQL answers the `OR` of [`visible`] by scanning the county's
/// fellows even for a cadre's few hundred: 180 ms against 4.)
pub(crate) fn visible_for_live_assignments_of(scope: &Scope, cadre: Option<Uuid>) -> Option<Condition> {
    (cadre != Some(scope.user_id())).then(|| visible(scope))
}

/// [`visible`] as two disjoint parts whose union it is: the fellows the
/// scope's units cover, and those assigned to the user that they do not. A
/// fellow's unit is their township or one of its villages, so the first part
/// also names the scope's township when it lies inside one: a query over
/// each part can then start from the township (an index prefix) instead of
/// walking the county's fellows, which the planner does for the `OR` of
/// [`visible`]. The roll-ups of a whole scope union the two.
pub(crate) fn visible_parts(scope: &Scope) -> [Condition; 2] {
    let covered = || scope.units_condition(fellow::Column::TenantId, fellow::Column::UnitId);
    let mut first = covered();
    if let Some(township) = scope.township() {
        first = first.add(fellow::Column::TownshipId.eq(township));
    }
    let assigned = fellow::Column::Id.in_subquery(assigned_to(scope.tenant_id(), scope.user_id()));
    let second =
        Condition::all().add(fellow::Column::TenantId.eq(scope.tenant_id())).add(assigned).add(covered().not());
    [Condition::all().add(fellow::Column::TenantId.eq(scope.tenant_id())).add(first), second]
}

/// The ids of the fellows visible in `scope` (archived ones too), as a
/// subquery: what hangs off a fellow (memberships, relations, contact
/// records, ticks, donations, audit events) is seen through it.
pub(crate) fn visible_ids(scope: &Scope) -> SelectStatement {
    Query::select().column(fellow::Column::Id).from(fellow::Entity).cond_where(visible(scope)).to_owned()
}

/// The fellows with a live assignment of the tenant that also meets `extra`.
pub(crate) fn live_assignments(tenant_id: Uuid, extra: Condition) -> SelectStatement {
    Query::select()
        .column(liaison_assignment::Column::FellowId)
        .from(liaison_assignment::Entity)
        .cond_where(
            Condition::all()
                .add(liaison_assignment::Column::TenantId.eq(tenant_id))
                .add(liaison_assignment::Column::EndedAt.is_null())
                .add(extra),
        )
        .to_owned()
}

/// The fellows `cadre` holds a live assignment to ("assigned to me").
pub(crate) fn assigned_to(tenant_id: Uuid, cadre: Uuid) -> SelectStatement {
    live_assignments(tenant_id, Condition::all().add(liaison_assignment::Column::CadreId.eq(cadre)))
}

/// The tokens a query must meet (any of them) for `scope`.
pub(crate) fn query_tokens(scope: &Scope, unit_id: Uuid) -> Vec<String> {
    let mut tokens = vec![cadre_token(scope.user_id())];
    match scope.reach() {
        DataScope::Tenant => tokens.push(format!("t{}", scope.tenant_id().simple())),
        DataScope::UnitAndBelow => tokens.push(format!("u{}", unit_id.simple())),
        DataScope::Unit => tokens.push(format!("e{}", unit_id.simple())),
        DataScope::Assigned => {}
    }
    tokens
}

fn cadre_token(user_id: Uuid) -> String {
    format!("c{}", user_id.simple())
}

/// A fellow's scope tokens: the tenant, every unit on the path to their unit
/// (`u…`: "this unit or below"), their own unit (`e…`: "exactly this unit"),
/// and every cadre with a live assignment (`c…`).
pub(crate) fn fellow_tokens(tenant_id: Uuid, unit_path: &str, unit_id: Uuid, cadres: &[Uuid]) -> String {
    let mut tokens = vec![format!("t{}", tenant_id.simple())];
    tokens.extend(unit_path.split('/').filter_map(|p| Uuid::parse_str(p).ok()).map(|u| format!("u{}", u.simple())));
    tokens.push(format!("e{}", unit_id.simple()));
    tokens.extend(cadres.iter().map(|c| cadre_token(*c)));
    tokens.join(" ")
}

/// Recomputes and stores one fellow's scope tokens (after a move or a change of
/// assignments).
pub(crate) async fn refresh_tokens(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    fellow_id: Uuid,
) -> Result<(), sea_orm::DbErr> {
    let Some(f) = fellow::Entity::find_by_id((tenant_id, fellow_id)).one(db).await? else { return Ok(()) };
    let path = org_unit::Entity::find_by_id((tenant_id, f.unit_id)).one(db).await?.map(|u| u.path).unwrap_or_default();
    let cadres: Vec<Uuid> = liaison_assignment::Entity::find()
        .filter(liaison_assignment::Column::TenantId.eq(tenant_id))
        .filter(liaison_assignment::Column::FellowId.eq(fellow_id))
        .filter(liaison_assignment::Column::EndedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.cadre_id)
        .collect();
    let tokens = fellow_tokens(tenant_id, &path, f.unit_id, &cadres);
    fellow::Entity::update_many()
        .col_expr(fellow::Column::ScopeTokens, Expr::value(tokens))
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .filter(fellow::Column::Id.eq(fellow_id))
        .exec(db)
        .await?;
    Ok(())
}
