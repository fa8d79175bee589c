//! Liaison coverage (issue 10 item 5) counted by the rule of
//! `guichao_domain::liaison::coverage`, set-wise: one statement gives each
//! visible fellow its flags (a live assignment at each level, contacted in
//! the window, overdue), read from the liaison facts on the fellow's row from
//! today on or probed in the records for an earlier day (`facts.rs`), and a
//! `GROUP BY` over it gives the table; the drill-down lists the same
//! statement's fellows, so its totals agree with the figures by construction.
//! On SQLite a county's table by township is counted a township at a time,
//! several at once, and the parts added (`parts.rs`); from today on a
//! township's counts are ranges of the facts' indexes (`ranges.rs`), which
//! give the same figures without reading a fellow's flags. PostgreSQL counts
//! it in one statement over its own workers (docs/PERFORMANCE.md).

use super::Contacts;
use super::facts::{self, Source};
use super::overdue::{last_contact, overdue_before, started_on};
use super::parts::{Grouped, Part, counted, parts};
use super::ranges;
use crate::entities::{contact_fellow, contact_record, fellow, liaison_assignment};
use crate::fellows::scope::visible_parts;
use crate::names::{unit_names, user_names};
use crate::{Backend, Scope, StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::liaison::{CoverageBy, CoverageCounts, LiaisonLevel, Measure, end_of_day, window};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, Order, Query, QueryStatementBuilder, SelectStatement, UnionType,
};
use sea_orm::{ColumnTrait, Condition, FromQueryResult, Statement};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The key of the total row, and of the fellows of no township.
pub const ALL_KEY: &str = "all";
pub const NO_TOWNSHIP_KEY: &str = "none";

/// One row of a coverage table: a township, a cadre or a level.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// The township's or cadre's id, the level's code, or [`NO_TOWNSHIP_KEY`].
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub counts: CoverageCounts,
}

/// A coverage table and its total row (the whole scope, each fellow once).
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub by: CoverageBy,
    pub as_of: NaiveDate,
    pub rows: Vec<CoverageRow>,
    pub total: CoverageCounts,
}

/// Which fellows a drill-down lists: those behind `measure` in the row `key`
/// (or [`ALL_KEY`]) of the table grouped `by`.
#[derive(Debug, Clone)]
pub struct CoverageFellowQuery {
    pub by: CoverageBy,
    pub key: String,
    pub measure: Measure,
    pub as_of: NaiveDate,
    pub offset: u64,
    /// 1 to [`super::MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// A fellow behind a figure.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageFellow {
    pub fellow_id: Uuid,
    pub name: String,
    /// The fellow's home township, empty without one.
    pub township: String,
}

#[derive(FromQueryResult)]
struct Sums {
    fellows: i64,
    assigned_county: Option<i64>,
    assigned_township: Option<i64>,
    assigned_village: Option<i64>,
    contacted_90d: Option<i64>,
    overdue: Option<i64>,
}

#[derive(FromQueryResult)]
struct IdGroup {
    key: Option<Uuid>,
    #[sea_orm(nested)]
    sums: Sums,
}

#[derive(FromQueryResult)]
struct CodeGroup {
    key: String,
    #[sea_orm(nested)]
    sums: Sums,
}

#[derive(FromQueryResult)]
struct Listed {
    fellow_id: Uuid,
    name: String,
    township_id: Option<Uuid>,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

impl Sums {
    fn counts(&self) -> CoverageCounts {
        let n = |v: Option<i64>| u64::try_from(v.unwrap_or(0)).unwrap_or(0);
        CoverageCounts {
            fellows: n(Some(self.fellows)),
            assigned_county: n(self.assigned_county),
            assigned_township: n(self.assigned_township),
            assigned_village: n(self.assigned_village),
            contacted_90d: n(self.contacted_90d),
            overdue: n(self.overdue),
        }
    }
}

impl Grouped for IdGroup {
    type Key = Option<Uuid>;
    fn split(self) -> (Option<Uuid>, CoverageCounts) {
        (self.key, self.sums.counts())
    }
}

impl Grouped for CodeGroup {
    type Key = String;
    fn split(self) -> (String, CoverageCounts) {
        (self.key, self.sums.counts())
    }
}

impl Grouped for Sums {
    type Key = ();
    fn split(self) -> ((), CoverageCounts) {
        ((), self.counts())
    }
}

/// The column of the flags statement that holds a measure (none for the fellows).
fn flag(measure: Measure) -> Option<&'static str> {
    match measure {
        Measure::Fellows => None,
        Measure::AssignedCounty => Some("assigned_county"),
        Measure::AssignedTownship => Some("assigned_township"),
        Measure::AssignedVillage => Some("assigned_village"),
        Measure::Contacted90d => Some("contacted_90d"),
        Measure::Overdue => Some("overdue"),
    }
}

/// Assignments (`liaison_assignments`) live on `as_of`.
fn live(as_of: NaiveDate) -> Condition {
    let end = end_of_day(as_of);
    Condition::all().add(liaison_assignment::Column::StartedAt.lt(end)).add(
        Condition::any()
            .add(liaison_assignment::Column::EndedAt.is_null())
            .add(liaison_assignment::Column::EndedAt.gte(end)),
    )
}

/// 1 when the condition holds, else 0.
fn one_if(cond: Expr) -> Expr {
    Expr::case(cond, 1).finally(0).into()
}

/// The live assignments on `as_of` of the outer row's fellow that meet `extra`.
fn assignments_of_fellow(as_of: NaiveDate, extra: Condition) -> SelectStatement {
    let la = liaison_assignment::Entity;
    Query::select()
        .expr(Expr::val(1))
        .from(la)
        .and_where(
            Expr::col((la, liaison_assignment::Column::TenantId)).equals((fellow::Entity, fellow::Column::TenantId)),
        )
        .and_where(Expr::col((la, liaison_assignment::Column::FellowId)).equals((fellow::Entity, fellow::Column::Id)))
        .cond_where(live(as_of))
        .cond_where(extra)
        .to_owned()
}

/// The outer row's fellow is named by a live record dated in the window.
fn contacted(as_of: NaiveDate) -> SelectStatement {
    let (after, until) = window(as_of);
    let (cf, cr) = (contact_fellow::Entity, contact_record::Entity);
    Query::select()
        .expr(Expr::val(1))
        .from(cf)
        .inner_join(
            cr,
            Condition::all()
                .add(Expr::col((cr, contact_record::Column::TenantId)).equals((cf, contact_fellow::Column::TenantId)))
                .add(Expr::col((cr, contact_record::Column::Id)).equals((cf, contact_fellow::Column::ContactId))),
        )
        .and_where(Expr::col((cf, contact_fellow::Column::TenantId)).equals((fellow::Entity, fellow::Column::TenantId)))
        .and_where(Expr::col((cf, contact_fellow::Column::FellowId)).equals((fellow::Entity, fellow::Column::Id)))
        .and_where(contact_fellow::Column::ContactDate.gt(after))
        .and_where(contact_fellow::Column::ContactDate.lte(until))
        .and_where(contact_record::Column::DeletedAt.is_null())
        .to_owned()
}

/// One row per visible, unarchived fellow (per fellow and cadre, or fellow
/// and level, when grouped so) with its group `key`, its flags, and the
/// fields a list shows; restricted to the group `key` when given. The flags
/// are read from the facts on the rows, or probed in the records for a day
/// before today (`facts::Source`).
fn flags(ask: &Ask) -> StoreResult<SelectStatement> {
    let [covered, assigned] = visible_parts(ask.scope);
    let listed = ask.key.is_some();
    let mut q = flags_of(ask, covered, listed)?;
    if ask.scope.reach() != DataScope::Tenant {
        q.union(UnionType::All, flags_of(ask, assigned, listed)?);
    }
    Ok(q)
}

/// What a coverage statement is asked: for whom, as of when, grouped how,
/// the group `key` to keep (a drill-down), where the flags are read from.
#[derive(Clone, Copy)]
struct Ask<'a> {
    backend: Backend,
    scope: &'a Scope,
    as_of: NaiveDate,
    by: CoverageBy,
    key: Option<&'a str>,
    source: Source,
    part: Part,
}

/// [`flags`] of the visible fellows that meet `seen`, one part of the scope;
/// with the fields a list shows when `listed` (a table reads only the
/// indexed key and facts, and no row of `fellows` itself).
fn flags_of(ask: &Ask, seen: Condition, listed: bool) -> StoreResult<SelectStatement> {
    let Ask { backend, scope, as_of, by, key, source, part } = *ask;
    let f = fellow::Entity;
    let g = Alias::new("g");
    let mut q = Query::select();
    match part {
        Part::Whole => {}
        Part::Township(t) => {
            q.and_where(fellow::Column::TownshipId.eq(t));
        }
        Part::Between { after, before } => {
            q.and_where(fellow::Column::TownshipId.is_not_null());
            if let Some(after) = after {
                q.and_where(fellow::Column::TownshipId.gt(after));
            }
            if let Some(before) = before {
                q.and_where(fellow::Column::TownshipId.lt(before));
            }
        }
        Part::NoTownship => {
            q.and_where(fellow::Column::TownshipId.is_null());
        }
    }
    if listed {
        q.expr_as(Expr::col((f, fellow::Column::Id)), "fellow_id")
            .expr_as(Expr::col((f, fellow::Column::Name)), "name")
            .expr_as(Expr::col((f, fellow::Column::SortKey)), "sort_key")
            .expr_as(Expr::col((f, fellow::Column::TownshipId)), "township_id");
    }
    q.from(f).cond_where(Condition::all().add(fellow::Column::ArchivedAt.is_null()).add(seen));
    let key_uuid = |k: &str| Uuid::parse_str(k).map_err(|_| StoreError::NotFound);
    // Grouped by cadre or level, a fellow is overdue in a group by the
    // group's own assignments: their earliest due day (the facts), or the
    // assignments of the group's key (the records).
    let (mut own_due, mut own_key) = (None, None);
    match by {
        CoverageBy::Township => {
            q.expr_as(Expr::col((f, fellow::Column::TownshipId)), "key");
            match key {
                None | Some(ALL_KEY) => {}
                Some(NO_TOWNSHIP_KEY) => {
                    q.and_where(fellow::Column::TownshipId.is_null());
                }
                Some(k) => {
                    q.and_where(fellow::Column::TownshipId.eq(key_uuid(k)?));
                }
            }
        }
        CoverageBy::Cadre | CoverageBy::Level => {
            let column = if by == CoverageBy::Cadre {
                liaison_assignment::Column::CadreId
            } else {
                liaison_assignment::Column::Level
            };
            let mut groups = Query::select();
            groups
                .column(liaison_assignment::Column::FellowId)
                .expr_as(Expr::col(column), "key")
                .from(liaison_assignment::Entity)
                .and_where(liaison_assignment::Column::TenantId.eq(scope.tenant_id()))
                .cond_where(live(as_of))
                .group_by_col(liaison_assignment::Column::FellowId)
                .group_by_col(column);
            if source == Source::Facts {
                groups.expr_as(facts::assignment_due_on().min(), "due_on");
            }
            match (by, key) {
                (_, None | Some(ALL_KEY)) => {}
                (CoverageBy::Cadre, Some(k)) => {
                    groups.and_where(liaison_assignment::Column::CadreId.eq(key_uuid(k)?));
                }
                (_, Some(k)) => {
                    let level = LiaisonLevel::parse(k).ok_or(StoreError::NotFound)?;
                    groups.and_where(liaison_assignment::Column::Level.eq(level.code()));
                }
            }
            q.join_subquery(
                JoinType::InnerJoin,
                groups.to_owned(),
                g.clone(),
                Expr::col((g.clone(), liaison_assignment::Column::FellowId)).equals((f, fellow::Column::Id)),
            );
            q.expr_as(Expr::col((g.clone(), Alias::new("key"))), "key");
            own_due = Some(Expr::col((g.clone(), Alias::new("due_on"))));
            own_key = Some(Expr::col((liaison_assignment::Entity, column)).equals((g.clone(), Alias::new("key"))));
        }
    }
    let overdue = match source {
        Source::Facts => one_if(own_due.unwrap_or_else(facts::fellow_due_on).lt(as_of)),
        Source::Records => {
            let late = Condition::all().add(late(backend, as_of)).add_option(own_key);
            one_if(Expr::exists(assignments_of_fellow(as_of, late)))
        }
    };
    let level = |l: LiaisonLevel| match source {
        Source::Facts => facts::fellow_has_level(l),
        Source::Records => one_if(Expr::exists(assignments_of_fellow(
            as_of,
            Condition::all().add(liaison_assignment::Column::Level.eq(l.code())),
        ))),
    };
    let contacted = match source {
        Source::Facts => one_if(facts::fellow_last_contact().gt(window(as_of).0)),
        Source::Records => one_if(Expr::exists(contacted(as_of))),
    };
    q.expr_as(level(LiaisonLevel::County), "assigned_county")
        .expr_as(level(LiaisonLevel::Township), "assigned_township")
        .expr_as(level(LiaisonLevel::Village), "assigned_village")
        .expr_as(contacted, "contacted_90d")
        .expr_as(overdue, "overdue");
    Ok(q.to_owned())
}

/// The overdue test of one assignment (`liaison_assignments`) on `as_of`,
/// probed in the records: counted from before its bound.
fn late(backend: Backend, as_of: NaiveDate) -> Expr {
    Expr::expr(Func::coalesce([
        Expr::SubQuery(None, Box::new(last_contact(as_of).into_sub_query_statement())),
        started_on(backend),
    ]))
    .lt(overdue_before(backend, as_of))
}

/// The sums of the flags over `flags`, grouped by its key when `grouped`.
fn sums(flags: SelectStatement, grouped: bool) -> SelectStatement {
    let x = Alias::new("x");
    let sum = |c: &str| Expr::col((x.clone(), Alias::new(c))).sum();
    let mut q = Query::select();
    if grouped {
        q.expr_as(Expr::col((x.clone(), Alias::new("key"))), "key").group_by_col((x.clone(), Alias::new("key")));
    }
    q.expr_as(Expr::cust("COUNT(*)"), "fellows");
    for c in ["assigned_county", "assigned_township", "assigned_village", "contacted_90d", "overdue"] {
        q.expr_as(sum(c), c);
    }
    q.from_subquery(flags, x).to_owned()
}

impl Contacts<'_> {
    /// The scope the coverage is counted over: the reader's `liaison.read`
    /// scope, which must reach wider than their own assignments.
    fn coverage_scope(&self) -> StoreResult<&Scope> {
        let read = self.0.need(Permission::LiaisonRead)?;
        if read.reach() == DataScope::Assigned {
            return Err(StoreError::Forbidden);
        }
        Ok(read)
    }

    /// The coverage on `as_of` of the fellows the actor may see, one row per
    /// township, cadre or level, and the total. `Forbidden` for a reader who
    /// sees only the fellows assigned to them.
    pub async fn coverage(&self, as_of: NaiveDate, by: CoverageBy, lang: Lang) -> StoreResult<Coverage> {
        self.coverage_from(Source::for_day(as_of), as_of, by, lang).await
    }

    /// [`Contacts::coverage`] counted from the records whatever the day (index
    /// probes a fellow, not the facts on the rows): what the facts are checked
    /// against, and the benchmark's baseline.
    #[cfg(feature = "system")]
    pub async fn coverage_from_records(&self, as_of: NaiveDate, by: CoverageBy, lang: Lang) -> StoreResult<Coverage> {
        self.coverage_from(Source::Records, as_of, by, lang).await
    }

    async fn coverage_from(
        &self,
        source: Source,
        as_of: NaiveDate,
        by: CoverageBy,
        lang: Lang,
    ) -> StoreResult<Coverage> {
        let scope = self.coverage_scope()?;
        let (db, backend) = (&self.store().db, self.store().backend());
        // By cadre or level a fellow's groups come from a subquery of all
        // the scope's assignments, which a part of the fellows would repeat.
        let parts = parts(db, scope).await?;
        let statements = |by: CoverageBy, grouped: bool| -> StoreResult<Vec<Statement>> {
            let parts = if by == CoverageBy::Township { &parts[..] } else { &[Part::Whole] };
            parts
                .iter()
                .map(|&part| {
                    let ask = Ask { backend, scope, as_of, by, key: None, source, part };
                    let q = match (source, part) {
                        (Source::Facts, Part::Township(t)) => ranges::sums(scope.tenant_id(), t, as_of),
                        _ => sums(flags(&ask)?, grouped),
                    };
                    Ok(db.get_database_backend().build(&q))
                })
                .collect()
        };
        let t = scope.tenant_id();
        let mut rows = match by {
            CoverageBy::Level => {
                let found = counted::<CodeGroup>(db, &statements(by, true)?).await?;
                let mut rows: Vec<(usize, CoverageRow)> = found
                    .into_iter()
                    .filter_map(|(key, counts)| {
                        let level = LiaisonLevel::parse(&key)?;
                        let order = LiaisonLevel::ALL.iter().position(|l| *l == level).unwrap_or(0);
                        Some((order, CoverageRow { key, label: level.label(lang).to_string(), counts }))
                    })
                    .collect();
                rows.sort_by_key(|(order, _)| *order);
                rows.into_iter().map(|(_, r)| r).collect()
            }
            CoverageBy::Township | CoverageBy::Cadre => {
                let found = counted::<IdGroup>(db, &statements(by, true)?).await?;
                let ids = found.keys().filter_map(|k| *k);
                let names: HashMap<Uuid, String> = if by == CoverageBy::Cadre {
                    user_names(db, t, ids).await?
                } else {
                    unit_names(db, t, ids).await?
                };
                let mut rows: Vec<CoverageRow> = found
                    .into_iter()
                    .map(|(key, counts)| match key {
                        Some(id) => CoverageRow {
                            key: id.to_string(),
                            label: names.get(&id).cloned().unwrap_or_default(),
                            counts,
                        },
                        None => CoverageRow {
                            key: NO_TOWNSHIP_KEY.to_string(),
                            label: lang.pick("未登记乡镇", "No township").to_string(),
                            counts,
                        },
                    })
                    .collect();
                rows.sort_by(|a, b| {
                    (a.key == NO_TOWNSHIP_KEY, &a.label, &a.key).cmp(&(b.key == NO_TOWNSHIP_KEY, &b.label, &b.key))
                });
                rows
            }
        };
        rows.retain(|r| r.counts.fellows > 0);
        // Townships part the fellows; a fellow has several cadres and levels.
        let total = if by == CoverageBy::Township {
            rows.iter().fold(CoverageCounts::default(), |sum, r| sum.plus(r.counts))
        } else {
            let totals = counted::<Sums>(db, &statements(CoverageBy::Township, false)?).await?;
            totals.into_values().next().unwrap_or_default()
        };
        Ok(Coverage { by, as_of, rows, total })
    }

    /// The fellows behind one figure of a coverage table, by name, and how
    /// many there are (the figure itself). An unknown key is `NotFound`.
    pub async fn coverage_fellows(&self, q: &CoverageFellowQuery) -> StoreResult<(Vec<CoverageFellow>, u64)> {
        let scope = self.coverage_scope()?;
        let (db, backend) = (&self.store().db, self.store().backend());
        let build = |s: &SelectStatement| db.get_database_backend().build(s);
        // The total row counts each fellow once, whatever the grouping.
        let by = if q.key == ALL_KEY { CoverageBy::Township } else { q.by };
        let y = Alias::new("y");
        let mut behind = Query::select();
        behind.column(sea_orm::sea_query::Asterisk).from_subquery(
            flags(&Ask {
                backend,
                scope,
                as_of: q.as_of,
                by,
                key: Some(&q.key),
                source: Source::for_day(q.as_of),
                part: Part::Whole,
            })?,
            y.clone(),
        );
        if let Some(c) = flag(q.measure) {
            behind.and_where(Expr::col((y.clone(), Alias::new(c))).eq(1));
        }
        let count = Query::select()
            .expr_as(Expr::cust("COUNT(*)"), "n")
            .from_subquery(behind.to_owned(), Alias::new("c"))
            .to_owned();
        let total =
            Count::find_by_statement(build(&count)).one(db).await?.map_or(0, |c| u64::try_from(c.n).unwrap_or(0));
        let page = behind
            .order_by((y.clone(), Alias::new("sort_key")), Order::Asc)
            .order_by((y.clone(), Alias::new("fellow_id")), Order::Asc)
            .limit(q.limit.clamp(1, super::MAX_PAGE_ROWS))
            .offset(q.offset)
            .to_owned();
        let found = Listed::find_by_statement(build(&page)).all(db).await?;
        let townships = unit_names(db, scope.tenant_id(), found.iter().filter_map(|f| f.township_id)).await?;
        let rows = found
            .into_iter()
            .map(|f| CoverageFellow {
                township: f.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                fellow_id: f.fellow_id,
                name: f.name,
            })
            .collect();
        Ok((rows, total))
    }
}

impl Contacts<'_> {
    /// The words for the row `key` of a table grouped `by` (the township's or
    /// cadre's name, the level), or `NotFound`. The total row is "all fellows".
    pub async fn coverage_label(&self, by: CoverageBy, key: &str, lang: Lang) -> StoreResult<String> {
        let scope = self.coverage_scope()?;
        let db = &self.store().db;
        let t = scope.tenant_id();
        let id = || Uuid::parse_str(key).map_err(|_| StoreError::NotFound);
        let found = match (by, key) {
            (_, ALL_KEY) => Some(lang.pick("全部乡友", "All fellows").to_string()),
            (CoverageBy::Township, NO_TOWNSHIP_KEY) => Some(lang.pick("未登记乡镇", "No township").to_string()),
            (CoverageBy::Township, _) => unit_names(db, t, [id()?]).await?.into_values().next(),
            (CoverageBy::Cadre, _) => user_names(db, t, [id()?]).await?.into_values().next(),
            (CoverageBy::Level, _) => LiaisonLevel::parse(key).map(|l| l.label(lang).to_string()),
        };
        found.ok_or(StoreError::NotFound)
    }
}
