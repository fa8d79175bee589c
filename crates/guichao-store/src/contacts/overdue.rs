//! Due and overdue assignments (issue 10, item 4), asked of many assignments
//! at once: the last contact of an assignment is the latest `contact_pairs`
//! row of its fellow and cadre (one index probe), a never-contacted one
//! counts from its start, and "overdue" is the domain's bound, the day
//! `as_of - cycle`, compared in SQL. The state and days overdue of the rows
//! shown come from the domain's rule itself.

use super::Contacts;
use super::facts::{self, Source};
use crate::entities::{contact_pair, fellow, liaison_assignment, user};
use crate::fellows::scope::visible_for_live_assignments_of;
use crate::names::unit_names;
use crate::{Backend, Scope, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::liaison::{self, ContactState, LiaisonLevel};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, QueryStatementBuilder, SelectStatement};
use sea_orm::{ColumnTrait, Condition, FromQueryResult, StatementBuilder};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Which overdue assignments a list shows.
#[derive(Debug, Clone)]
pub struct OverdueQuery {
    pub township_id: Option<Uuid>,
    pub cadre_id: Option<Uuid>,
    pub level: Option<LiaisonLevel>,
    pub as_of: NaiveDate,
    pub offset: u64,
    /// 1 to [`super::MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// An overdue assignment, most overdue first.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueRow {
    pub assignment_id: Uuid,
    pub fellow_id: Uuid,
    pub fellow_name: String,
    /// The fellow's home township.
    pub township: String,
    pub cadre_id: Uuid,
    pub cadre_name: String,
    pub level: LiaisonLevel,
    pub cycle_days: i32,
    /// `None` when never contacted.
    pub last_contact: Option<NaiveDate>,
    pub days_overdue: i64,
}

/// One of the actor's live assignments and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentState {
    pub assignment_id: Uuid,
    pub fellow_id: Uuid,
    pub fellow_name: String,
    pub township: String,
    pub level: LiaisonLevel,
    pub cycle_days: i32,
    /// The day the assignment started (China time).
    pub started_on: NaiveDate,
    pub last_contact: Option<NaiveDate>,
    pub state: ContactState,
    pub days_overdue: i64,
}

#[derive(FromQueryResult)]
struct Probe {
    assignment_id: Uuid,
    fellow_id: Uuid,
    fellow_name: String,
    township_id: Option<Uuid>,
    cadre_id: Uuid,
    cadre_name: String,
    level: String,
    cycle_days: i32,
    started_on: NaiveDate,
    last_contact: Option<NaiveDate>,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// The day (China time) an assignment started, per backend. (sea-query's
/// placeholders in a custom expression are the backend's: `?` in turn on
/// SQLite, `$n` on PostgreSQL.)
pub(super) fn started_on(backend: Backend) -> Expr {
    let at = Expr::col((liaison_assignment::Entity, liaison_assignment::Column::StartedAt));
    match backend {
        Backend::Sqlite => Expr::cust_with_exprs("date(?, '+8 hours')", [at]),
        Backend::Postgres => Expr::cust_with_exprs("CAST(($1 AT TIME ZONE 'Asia/Shanghai') AS date)", [at]),
    }
}

/// The domain's overdue bound (`as_of - cycle`) of each assignment, per backend.
pub(super) fn overdue_before(backend: Backend, as_of: NaiveDate) -> Expr {
    let cycle = Expr::col((liaison_assignment::Entity, liaison_assignment::Column::CycleDays));
    match backend {
        Backend::Sqlite => Expr::cust_with_exprs("date(?, '-' || ? || ' days')", [Expr::val(as_of), cycle]),
        Backend::Postgres => Expr::cust_with_exprs("(CAST($1 AS date) - $2)", [Expr::val(as_of), cycle]),
    }
}

/// Days overdue of a row of [`overdue_only`]: its bound less the day it is
/// counted from (`as_of - cycle - counted_from`), per backend. Assignments of
/// different cycles rank by this, not by how long ago they were contacted.
fn days_overdue(backend: Backend) -> Expr {
    match backend {
        Backend::Sqlite => Expr::cust(
            "CAST(julianday(o.overdue_before) - julianday(COALESCE(o.last_contact, o.started_on)) AS INTEGER)",
        ),
        Backend::Postgres => Expr::cust("(o.overdue_before - COALESCE(o.last_contact, o.started_on))"),
    }
}

fn level_of(code: &str) -> LiaisonLevel {
    LiaisonLevel::parse(code).unwrap_or(LiaisonLevel::Village)
}

/// The last contact on or before `as_of` of the outer query's assignment
/// (`liaison_assignments`) by its cadre, as a scalar subquery.
pub(super) fn last_contact(as_of: NaiveDate) -> SelectStatement {
    let (la, p) = (liaison_assignment::Entity, contact_pair::Entity);
    use liaison_assignment::Column as A;
    Query::select()
        .expr(Expr::col((p, contact_pair::Column::ContactDate)).max())
        .from(p)
        .and_where(Expr::col((p, contact_pair::Column::TenantId)).equals((la, A::TenantId)))
        .and_where(Expr::col((p, contact_pair::Column::FellowId)).equals((la, A::FellowId)))
        .and_where(Expr::col((p, contact_pair::Column::CadreId)).equals((la, A::CadreId)))
        .and_where(contact_pair::Column::ContactDate.lte(as_of))
        .to_owned()
}

/// Every live assignment to a fellow `scope` may see that meets `extra`
/// (of `cadre`, when the caller keeps one cadre's), with its last contact
/// on or before `as_of` and its overdue bound.
fn probe(backend: Backend, scope: &Scope, as_of: NaiveDate, cadre: Option<Uuid>, extra: Condition) -> SelectStatement {
    let (la, f, u) = (liaison_assignment::Entity, fellow::Entity, user::Entity);
    use liaison_assignment::Column as A;
    // The facts on the row from today on; a probe of the records before.
    let last = match Source::for_day(as_of) {
        Source::Facts => facts::assignment_last_contact(),
        Source::Records => Expr::SubQuery(None, Box::new(last_contact(as_of).into_sub_query_statement())),
    };
    Query::select()
        .expr_as(Expr::col((la, A::Id)), "assignment_id")
        .expr_as(Expr::col((la, A::FellowId)), "fellow_id")
        .expr_as(Expr::col((f, fellow::Column::Name)), "fellow_name")
        .expr_as(Expr::col((f, fellow::Column::TownshipId)), "township_id")
        .expr_as(Expr::col((la, A::CadreId)), "cadre_id")
        .expr_as(Expr::col((u, user::Column::DisplayName)), "cadre_name")
        .expr_as(Expr::col((la, A::Level)), "level")
        .expr_as(Expr::col((la, A::CycleDays)), "cycle_days")
        .expr_as(started_on(backend), "started_on")
        .expr_as(last, "last_contact")
        .expr_as(overdue_before(backend, as_of), "overdue_before")
        .expr_as(facts::assignment_due_on(), "due_on")
        .from(la)
        .inner_join(
            f,
            Condition::all()
                .add(Expr::col((f, fellow::Column::TenantId)).equals((la, A::TenantId)))
                .add(Expr::col((f, fellow::Column::Id)).equals((la, A::FellowId))),
        )
        .inner_join(
            u,
            Condition::all()
                .add(Expr::col((u, user::Column::TenantId)).equals((la, A::TenantId)))
                .add(Expr::col((u, user::Column::Id)).equals((la, A::CadreId))),
        )
        .cond_where(
            Condition::all()
                .add(A::TenantId.eq(scope.tenant_id()))
                .add(A::EndedAt.is_null())
                .add(fellow::Column::ArchivedAt.is_null())
                .add_option(visible_for_live_assignments_of(scope, cadre))
                .add(extra),
        )
        .to_owned()
}

/// The probe's rows that are overdue: counted from before their bound.
fn overdue_only(probe: SelectStatement) -> SelectStatement {
    let o = Alias::new("o");
    Query::select()
        .column(sea_orm::sea_query::Asterisk)
        .from_subquery(probe, o.clone())
        .and_where(Expr::cust("COALESCE(o.last_contact, o.started_on) < o.overdue_before"))
        .to_owned()
}

impl Contacts<'_> {
    /// The probe's rows, and the names of their fellows' townships (a few
    /// townships for many rows, looked up once).
    async fn probes(&self, statement: &impl StatementBuilder) -> StoreResult<(Vec<Probe>, HashMap<Uuid, String>)> {
        let db = &self.store().db;
        let rows = Probe::find_by_statement(db.get_database_backend().build(statement)).all(db).await?;
        let townships = unit_names(db, self.actor().tenant_id(), rows.iter().filter_map(|r| r.township_id)).await?;
        Ok((rows, townships))
    }

    /// The actor's own live assignments with their last contact and state on
    /// `as_of`, most overdue first.
    pub async fn my_assignments_state(&self, as_of: NaiveDate) -> StoreResult<Vec<AssignmentState>> {
        let read = self.0.need(Permission::LiaisonRead)?;
        let me = self.actor().user_id;
        let mine = Condition::all().add(liaison_assignment::Column::CadreId.eq(me));
        let (rows, townships) = self.probes(&probe(self.store().backend(), read, as_of, Some(me), mine)).await?;
        let mut out: Vec<AssignmentState> = rows
            .into_iter()
            .map(|r| AssignmentState {
                assignment_id: r.assignment_id,
                fellow_id: r.fellow_id,
                fellow_name: r.fellow_name,
                township: r.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                level: level_of(&r.level),
                cycle_days: r.cycle_days,
                started_on: r.started_on,
                last_contact: r.last_contact,
                state: liaison::state(r.cycle_days, r.started_on, r.last_contact, as_of),
                days_overdue: liaison::days_overdue(r.cycle_days, r.started_on, r.last_contact, as_of),
            })
            .collect();
        let lateness = |a: &AssignmentState| {
            liaison::days_since(liaison::counted_from(a.started_on, a.last_contact), as_of) - i64::from(a.cycle_days)
        };
        out.sort_by(|a, b| lateness(b).cmp(&lateness(a)).then_with(|| a.fellow_name.cmp(&b.fellow_name)));
        Ok(out)
    }

    /// The overdue assignments the actor may see on `q.as_of` (to fellows they
    /// may see), filtered by the fellow's township, the cadre and the level;
    /// most overdue first, and how many there are.
    pub async fn overdue(&self, q: &OverdueQuery) -> StoreResult<(Vec<OverdueRow>, u64)> {
        self.overdue_sorted(q, true).await
    }

    /// [`Contacts::overdue`], most days overdue first or, with
    /// `most_overdue_first` false, fewest first.
    pub async fn overdue_sorted(
        &self,
        q: &OverdueQuery,
        most_overdue_first: bool,
    ) -> StoreResult<(Vec<OverdueRow>, u64)> {
        let read = self.0.need(Permission::LiaisonRead)?;
        let db = &self.store().db;
        let mut extra = Condition::all();
        if let Some(t) = q.township_id {
            extra = extra.add(fellow::Column::TownshipId.eq(t));
        }
        if let Some(c) = q.cadre_id {
            extra = extra.add(liaison_assignment::Column::CadreId.eq(c));
        }
        if let Some(l) = q.level {
            extra = extra.add(liaison_assignment::Column::Level.eq(l.code()));
        }
        let facts = Source::for_day(q.as_of) == Source::Facts;
        if facts {
            // The same test as `overdue_only`, on the row's own due day (an
            // index range), so that only overdue assignments are joined.
            extra = extra.add(facts::assignment_due_on().lt(q.as_of));
        }
        let backend = self.store().backend();
        let overdue = overdue_only(probe(backend, read, q.as_of, q.cadre_id, extra));
        let count = Query::select()
            .expr_as(Expr::cust("COUNT(*)"), "n")
            .from_subquery(overdue.clone(), Alias::new("c"))
            .to_owned();
        let total = Count::find_by_statement(db.get_database_backend().build(&count)).one(db).await?.map_or(0, |c| c.n);
        // Days overdue are `as_of - due_on`: with the facts, the order of the
        // due day itself, which the index of live assignments holds, so the
        // first page is read in order and the walk stops there.
        let key = if facts { Expr::cust("o.due_on") } else { days_overdue(backend) };
        let ascending = most_overdue_first == facts;
        let page = overdue
            .clone()
            .order_by_expr(key, if ascending { Order::Asc } else { Order::Desc })
            .order_by_expr(Expr::cust("o.fellow_name"), Order::Asc)
            .order_by_expr(Expr::cust("o.assignment_id"), Order::Asc)
            .limit(q.limit.clamp(1, super::MAX_PAGE_ROWS))
            .offset(q.offset)
            .to_owned();
        let (rows, townships) = self.probes(&page).await?;
        Ok((
            rows.into_iter()
                .map(|r| OverdueRow {
                    days_overdue: liaison::days_overdue(r.cycle_days, r.started_on, r.last_contact, q.as_of),
                    assignment_id: r.assignment_id,
                    fellow_id: r.fellow_id,
                    fellow_name: r.fellow_name,
                    township: r.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                    cadre_id: r.cadre_id,
                    cadre_name: r.cadre_name,
                    level: level_of(&r.level),
                    cycle_days: r.cycle_days,
                    last_contact: r.last_contact,
                })
                .collect(),
            total as u64,
        ))
    }
}
