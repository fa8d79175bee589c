//! Finding fellows by what a user types: a name or part of it, its traditional
//! form, full pinyin, initials, a company, a city or a tag (the tokens are built
//! by `guichao_domain::search`). Each backend's full-text index answers the
//! query and the user's scope together and ranks every match, so that a page
//! of results comes with the exact number of matches and paging with an
//! offset walks each match once.
//!
//! Text made only of CJK characters (a surname, a name or its start) is
//! answered first from the name index on SQLite: the names that start with it
//! come first in the ranking, in the order of that index, so while a page lies
//! among them it is read there, and only the count asks the full-text index
//! (which holds live fellows only, migration m0015), while the page is read.
//! A surname among 1,000,000 fellows is then read in a few milliseconds
//! instead of ranking tens of thousands of matches (docs/PERFORMANCE.md).

use super::Fellows;
use super::read::FellowRow;
use super::scope;
use crate::entities::fellow;
use crate::{Actor, Backend, Scope, Store, StoreResult};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::search::{QueryTerm, name_prefix_range, normalize, query_terms};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement};
use uuid::Uuid;

/// Most rows one page of results holds.
pub const MAX_SEARCH_PAGE: u64 = 100;

/// One page of a search: the rows, best first, and how many fellows the actor
/// may see match in all.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub rows: Vec<FellowRow>,
    pub total: u64,
}

/// A match on the page, with how many matched in all.
#[derive(Debug, FromQueryResult)]
struct Ranked {
    id: Uuid,
    matched: i64,
}

/// How many matched, when the page is past the last match.
#[derive(Debug, FromQueryResult)]
struct Counted {
    matched: i64,
}

impl Fellows<'_> {
    /// The best `limit` (at most [`MAX_SEARCH_PAGE`]) fellows the actor may
    /// see that match `text`; the first page of [`Fellows::search_page`].
    pub async fn search(&self, text: &str, limit: u64) -> StoreResult<Vec<FellowRow>> {
        Ok(self.search_page(text, 0, limit).await?.rows)
    }

    /// Fellows the actor may see that match `text`, best first (the order of
    /// [`ranked_sql`]), `limit` (at most [`MAX_SEARCH_PAGE`]) from `offset`,
    /// and the exact number of matches.
    pub async fn search_page(&self, text: &str, offset: u64, limit: u64) -> StoreResult<SearchPage> {
        let scope = self.0.need(Permission::FellowRead)?;
        let (store, actor) = (self.store(), self.actor());
        let terms = query_terms(text);
        if terms.is_empty() {
            return Ok(SearchPage { rows: vec![], total: 0 });
        }
        // A tenant-wide user of the only tenant may see every indexed fellow:
        // the scope term would filter nothing and cost an intersection with
        // every fellow's posting (the tenant condition stays in the query).
        let scopes = if scope.reach() == DataScope::Tenant && store.only_tenant().await? {
            vec![]
        } else {
            scope::query_tokens(scope, actor.unit_id)
        };
        let query = Query { actor, typed: text.trim(), terms: &terms, scopes: &scopes };
        let backend = store.backend();
        let limit = limit.clamp(1, MAX_SEARCH_PAGE);
        let count_part = |keys: Keys| {
            let query = &query;
            async move {
                let counted =
                    Counted::find_by_statement(statement(backend, query, Page::Count(keys))).one(&store.db).await?;
                StoreResult::Ok(counted.map_or(0, |c| c.matched))
            }
        };
        let count = || async {
            if backend == Backend::Postgres {
                return count_part(Keys::All).await;
            }
            // Two halves of the search keys, side by side on two connections.
            let middle = store.search_keys_middle().await?;
            let (below, from) = tokio::try_join!(count_part(Keys::Below(middle)), count_part(Keys::From(middle)))?;
            Ok(below + from)
        };
        if backend == Backend::Sqlite
            && let Some((from, to)) = name_prefix_range(query.typed)
        {
            // The names that start with the text rank first (see `ranked_sql`),
            // by name and id: a page that lies among them is theirs in that
            // order. The matches are counted meanwhile (in vain when the page
            // is not full, which the ranked query below then counts itself).
            let page = async {
                let ids = self.name_prefix_ids(scope, from, to, offset, limit).await?;
                let full = ids.len() as u64 == limit;
                StoreResult::Ok(if full { Some(store.fellow_rows(actor.tenant_id, &ids).await?) } else { None })
            };
            let (total, rows) = tokio::try_join!(count(), page)?;
            if let Some(rows) = rows {
                return Ok(SearchPage { rows, total: total.max(0) as u64 });
            }
        }
        let page = Page::Rows { offset, limit };
        let ranked = Ranked::find_by_statement(statement(backend, &query, page)).all(&store.db).await?;
        let total = match ranked.first() {
            Some(first) => first.matched,
            // Past the last match (or none): the count alone.
            None if offset > 0 => count().await?,
            None => 0,
        };
        let ids: Vec<Uuid> = ranked.iter().map(|r| r.id).collect();
        let rows = store.fellow_rows(actor.tenant_id, &ids).await?;
        Ok(SearchPage { rows, total: total.max(0) as u64 })
    }

    /// The ids of the live fellows visible in `scope` whose names lie in
    /// `[from, to)`, by name and id, `limit` from `offset`: read from the name
    /// index.
    async fn name_prefix_ids(
        &self,
        scope: &Scope,
        from: String,
        to: String,
        offset: u64,
        limit: u64,
    ) -> StoreResult<Vec<Uuid>> {
        Ok(fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .filter(scope::visible(scope))
            .filter(fellow::Column::ArchivedAt.is_null())
            .filter(fellow::Column::Name.gte(from))
            .filter(fellow::Column::Name.lt(to))
            .order_by_asc(fellow::Column::Name)
            .order_by_asc(fellow::Column::Id)
            .limit(limit)
            .offset(offset)
            .into_tuple()
            .all(&self.store().db)
            .await?)
    }
}

impl Store {
    /// Where a SQLite count is cut in two: half the highest search key. It is
    /// asked of the database once, then kept up by `next_search_rowid`; keys
    /// another process wrote since only make the halves less even.
    async fn search_keys_middle(&self) -> StoreResult<i64> {
        let mut known = self.search_keys.load(std::sync::atomic::Ordering::Relaxed);
        if known == 0 {
            known = self.next_search_rowid(&self.db).await?.unwrap_or(1) - 1;
        }
        Ok(known / 2 + 1)
    }
}

/// What one search asks of the index.
struct Query<'a> {
    actor: &'a Actor,
    typed: &'a str,
    terms: &'a [QueryTerm],
    scopes: &'a [String],
}

/// A page of ranked matches, or only their number among some search keys.
#[derive(Clone, Copy)]
enum Page {
    Rows { offset: u64, limit: u64 },
    Count(Keys),
}

/// Which full-text rows a SQLite count reads. FTS5 seeks to a range of keys
/// in each posting list, so a half costs about half the whole: two halves
/// counted side by side on two connections answer in about half the time
/// (a surname among a township's fellows at 1,000,000: docs/PERFORMANCE.md).
/// PostgreSQL splits a count over its own parallel workers and counts `All`.
#[derive(Clone, Copy)]
enum Keys {
    All,
    Below(i64),
    From(i64),
}

fn statement(backend: Backend, query: &Query<'_>, page: Page) -> Statement {
    let (db, matches) = match backend {
        Backend::Sqlite => (DbBackend::Sqlite, sqlite_matches(query)),
        Backend::Postgres => (DbBackend::Postgres, postgres_matches(query)),
    };
    let tenant = query.actor.tenant_id.into();
    match (page, backend) {
        (Page::Rows { offset, limit }, _) => Statement::from_sql_and_values(
            db,
            ranked_sql(backend, &matches, limit, offset),
            [tenant, query.typed.into(), typed_pinyin(query.typed).into()],
        ),
        // The index alone: it holds live fellows only (m0015), and its scope
        // tokens name the tenant's units and cadres (or, without scope
        // tokens, the only tenant's fellows are all there is).
        (Page::Count(keys), Backend::Sqlite) => {
            let keys = match keys {
                Keys::All => String::new(),
                Keys::Below(key) => format!(" AND rowid < {key}"),
                Keys::From(key) => format!(" AND rowid >= {key}"),
            };
            Statement::from_string(
                db,
                format!(
                    "SELECT count(*) AS matched FROM fellow_fts WHERE fellow_fts MATCH '{}'{keys}",
                    sqlite_expression(query)
                ),
            )
        }
        (Page::Count(_), Backend::Postgres) => {
            Statement::from_sql_and_values(db, format!("SELECT count(*) AS matched FROM ({matches}) AS c"), [tenant])
        }
    }
}

/// Every match ranked, over a subquery `c` of matches ($2 is the typed text,
/// $3 the same as pinyin letters or empty): the exact name first; then a
/// surname match, a name whose reading starts with the typed pinyin (the sort
/// key of migration m0007 with its syllable dots taken out: `zhang` finds 张伟
/// by its surname before 单长 by its given name) or, for characters, a name
/// that starts with them; then names that start with the text; then the rest;
/// each by name (compared byte by byte on both backends, so 张 before 张伟)
/// and id, so that the order is total and pages do not overlap. For CJK text
/// the first three are the names in `[text, next)` in name order, which is
/// what lets a page of them be read from the name index.
fn ranked_sql(backend: Backend, matches: &str, limit: u64, offset: u64) -> String {
    let (starts, surname, name) = match backend {
        Backend::Sqlite => {
            ("substr(name, 1, length($2)) = $2", "substr(replace(sort_key, '.', ''), 1, length($3)) = $3", "name")
        }
        Backend::Postgres => {
            ("left(name, length($2)) = $2", "left(replace(sort_key, '.', ''), length($3)) = $3", "name COLLATE \"C\"")
        }
    };
    format!(
        "SELECT id, count(*) OVER () AS matched FROM ({matches}) AS c \
         ORDER BY name = $2 DESC, CASE WHEN $3 = '' THEN {starts} ELSE {surname} END DESC, {starts} DESC, \
         {name}, id LIMIT {limit} OFFSET {offset}"
    )
}

/// The typed text as pinyin letters when it is nothing else (`Zhang San`
/// gives `zhangsan`), else empty.
fn typed_pinyin(typed: &str) -> String {
    let folded = normalize(typed);
    if folded.chars().all(|c| c.is_ascii_lowercase() || c == ' ') { folded.replace(' ', "") } else { String::new() }
}

/// A term or scope token as written into a query. Terms hold only CJK, a-z
/// and 0-9 (the domain strips the rest) and scope tokens only a-z and 0-9;
/// this keeps it so, whatever changes upstream, so that writing them into the
/// query cannot inject syntax.
fn word(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `search_tokens : ("张三" AND "zha"*) AND scope_tokens : ("u…" OR "c…")`,
/// without the scope part when there are no scope tokens. The expression is
/// written into the SQL like PostgreSQL's tsqueries, so that both backends
/// bind the same values; [`word`] keeps it to letters and digits in quotes.
///
/// `CROSS JOIN` makes the index the outer loop whatever the statistics say:
/// without them (a database never analysed, as after a first import) SQLite
/// read every fellow of the tenant and asked the index about each (240 ms
/// for a surname among 11,000 fellows, against 3 ms this way).
fn sqlite_matches(query: &Query<'_>) -> String {
    format!(
        "SELECT f.id, f.name, f.sort_key FROM fellow_fts CROSS JOIN fellows f ON f.search_rowid = fellow_fts.rowid \
         WHERE fellow_fts MATCH '{}' AND f.tenant_id = $1 AND f.archived_at IS NULL",
        sqlite_expression(query)
    )
}

/// The full-text expression of [`sqlite_matches`].
fn sqlite_expression(query: &Query<'_>) -> String {
    let search = query
        .terms
        .iter()
        .map(|t| if t.prefix { format!("\"{}\"*", word(&t.text)) } else { format!("\"{}\"", word(&t.text)) })
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut expr = format!("search_tokens : ({search})");
    if !query.scopes.is_empty() {
        let scope = query.scopes.iter().map(|t| format!("\"{}\"", word(t))).collect::<Vec<_>>().join(" OR ");
        expr.push_str(&format!(" AND scope_tokens : ({scope})"));
    }
    expr
}

/// The same query over the stored tsvectors and their GIN index (migration m0004).
/// The tsqueries are written into the SQL rather than bound: PostgreSQL plans a
/// prepared statement generically after a few runs, and a generic plan cannot
/// know how many fellows a tsquery matches.
fn postgres_matches(query: &Query<'_>) -> String {
    let search = query
        .terms
        .iter()
        .map(|t| if t.prefix { format!("{}:*", word(&t.text)) } else { word(&t.text) })
        .collect::<Vec<_>>()
        .join(" & ");
    let mut matches = format!(
        "SELECT id, name, sort_key FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL \
         AND search_vector @@ to_tsquery('simple', '{search}')"
    );
    if !query.scopes.is_empty() {
        let scope = query.scopes.iter().map(|t| word(t)).collect::<Vec<_>>().join(" | ");
        matches.push_str(&format!(" AND scope_vector @@ to_tsquery('simple', '{scope}')"));
    }
    matches
}
