//! Finding fellows by what a user types: a name or part of it, its traditional
//! form, full pinyin, initials, a company, a city or a tag (the tokens are built
//! by `guichao_domain::search`). Each backend's full-text index answers the
//! query and the user's scope together; results are ranked here.

use super::Fellows;
use super::read::FellowRow;
use super::scope;
use crate::entities::fellow;
use crate::{Actor, Backend, Store, StoreResult};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::search::{QueryTerm, query_terms};
use sea_orm::{ColumnTrait, DbBackend, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement};
use uuid::Uuid;

/// How many index matches are ranked before the best `limit` are returned
/// (more when more are asked for). Where more fellows match, which ones are
/// ranked is the index's choice; the exact name is always added (see
/// `search_fellows`). 50 rather than 100 halves the index's work for a surname
/// searched by a township cadre, which must also meet the scope.
const CANDIDATES: u64 = 50;

/// What ranking needs of a match: its id and name. Each index query ranks its
/// candidates itself and returns only the best `limit`, so that few rows leave
/// the database (each costs the driver a hand-over between threads); the
/// columns a row shows are read only of those returned.
#[derive(Debug, FromQueryResult)]
struct Candidate {
    id: Uuid,
    name: String,
}

/// A candidate with how many matches the index query ranked in all.
#[derive(Debug, FromQueryResult)]
struct Ranked {
    id: Uuid,
    name: String,
    matched: i64,
}

impl Fellows<'_> {
    /// Fellows the actor may see that match `text`, best first: exact name, then
    /// names that start with the text, then the rest by name length and name.
    pub async fn search(&self, text: &str, limit: u64) -> StoreResult<Vec<FellowRow>> {
        let scope = self.0.need(Permission::FellowRead)?;
        let (store, actor) = (self.store(), self.actor());
        let terms = query_terms(text);
        if terms.is_empty() {
            return Ok(vec![]);
        }
        let typed = text.trim();
        let limit = limit.clamp(1, 100);
        let ranked = CANDIDATES.max(limit);
        // A tenant-wide user of the only tenant may see every indexed fellow:
        // the scope term would filter nothing and cost an intersection with
        // every fellow's posting (the tenant condition stays in the query).
        let scopes = if scope.reach() == DataScope::Tenant && store.only_tenant().await? {
            vec![]
        } else {
            scope::query_tokens(scope, actor.unit_id)
        };
        // Equal tokens first: a prefix that many tokens share (`zhang` of
        // `zhangwei`, `zhangsan`, ...) costs the index a merge of all their
        // postings, and when the equal token alone fills the candidates
        // those are the better matches anyway.
        let exact: Vec<QueryTerm> = terms.iter().map(|t| QueryTerm { prefix: false, ..t.clone() }).collect();
        let query = Query { actor, typed, scopes: &scopes, ranked, limit };
        let (mut found, mut matched) = store.candidates(&query, &exact).await?;
        if matched < ranked && terms.iter().any(|t| t.prefix) {
            (found, matched) = store.candidates(&query, &terms).await?;
        }
        // Exact names are always first, even when the index holds more matches
        // than are ranked. (With fewer, every match is a candidate: a name's
        // tokens always meet the terms of the same text.)
        if matched >= ranked && !found.iter().any(|f| f.name == typed) {
            let exact = self
                .visible(Permission::FellowRead)?
                .select_only()
                .columns([fellow::Column::Id, fellow::Column::Name])
                .filter(fellow::Column::Name.eq(typed))
                .filter(fellow::Column::ArchivedAt.is_null())
                .order_by_asc(fellow::Column::Id)
                .limit(limit)
                .into_model::<Candidate>()
                .all(&store.db)
                .await?;
            found.extend(exact);
        }
        found.sort_by(|a, b| rank(&a.name, typed).cmp(&rank(&b.name, typed)).then_with(|| a.id.cmp(&b.id)));
        found.dedup_by_key(|f| f.id);
        found.truncate(limit as usize);
        let ids: Vec<Uuid> = found.iter().map(|f| f.id).collect();
        store.fellow_rows(actor.tenant_id, &ids).await
    }
}

impl Store {
    /// The best `limit` of up to `ranked` fellows matching every term within
    /// the scope tokens, and how many matched (at most `ranked`).
    async fn candidates(&self, query: &Query<'_>, terms: &[QueryTerm]) -> StoreResult<(Vec<Candidate>, u64)> {
        let statement = match self.backend() {
            Backend::Sqlite => sqlite_statement(query, terms),
            Backend::Postgres => postgres_statement(query, terms),
        };
        let ranked = Ranked::find_by_statement(statement).all(&self.db).await?;
        let matched = ranked.first().map_or(0, |r| r.matched.max(0) as u64);
        Ok((ranked.into_iter().map(|r| Candidate { id: r.id, name: r.name }).collect(), matched))
    }
}

/// What one search asks of the index besides its terms.
struct Query<'a> {
    actor: &'a Actor,
    typed: &'a str,
    scopes: &'a [String],
    /// How many matches the database ranks: [`CANDIDATES`], or `limit` if more.
    ranked: u64,
    limit: u64,
}

/// The order of [`rank`], in SQL, over a subquery `c` of candidates: the
/// database returns only the best `limit` ($typed is the typed text). Names
/// compare byte by byte on both backends, as Rust's `str` does.
fn ranked_sql(backend: Backend, candidates: &str, typed: &str, limit: u64) -> String {
    let (starts, name) = match backend {
        Backend::Sqlite => (format!("substr(name, 1, length({typed})) = {typed}"), "name"),
        Backend::Postgres => (format!("left(name, length({typed})) = {typed}"), "name COLLATE \"C\""),
    };
    format!(
        "SELECT id, name, count(*) OVER () AS matched FROM ({candidates}) AS c \
         ORDER BY name = {typed} DESC, {starts} DESC, length(name), {name}, id LIMIT {limit}"
    )
}

/// The order of results (then by id). [`ranked_sql`] is the same order in SQL;
/// the store test `search_ranks_best_first_at_any_limit` checks they agree.
fn rank<'a>(name: &'a str, typed: &str) -> (u8, usize, &'a str) {
    let class = if name == typed {
        0
    } else if name.starts_with(typed) {
        1
    } else {
        2
    };
    (class, name.chars().count(), name)
}

/// A term or scope token as written into a query. Terms hold only CJK, a-z
/// and 0-9 (the domain strips the rest) and scope tokens only a-z and 0-9;
/// this keeps it so, whatever changes upstream, so that writing them into the
/// query cannot inject syntax.
fn word(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `search_tokens : ("张三" AND "zha"*) AND scope_tokens : ("u…" OR "c…")`,
/// without the scope part when there are no scope tokens.
fn sqlite_statement(query: &Query<'_>, terms: &[QueryTerm]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("\"{}\"*", word(&t.text)) } else { format!("\"{}\"", word(&t.text)) })
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut expr = format!("search_tokens : ({search})");
    if !query.scopes.is_empty() {
        let scope = query.scopes.iter().map(|t| format!("\"{}\"", word(t))).collect::<Vec<_>>().join(" OR ");
        expr.push_str(&format!(" AND scope_tokens : ({scope})"));
    }
    let candidates = format!(
        "SELECT f.id, f.name FROM fellow_fts JOIN fellows f ON f.search_rowid = fellow_fts.rowid \
         WHERE fellow_fts MATCH $1 AND f.tenant_id = $2 AND f.archived_at IS NULL LIMIT {}",
        query.ranked
    );
    Statement::from_sql_and_values(
        DbBackend::Sqlite,
        ranked_sql(Backend::Sqlite, &candidates, "$3", query.limit),
        [expr.into(), query.actor.tenant_id.into(), query.typed.into()],
    )
}

/// The same query over the stored tsvectors and their GIN index (migration m0004).
/// The tsqueries are written into the SQL rather than bound: PostgreSQL plans a
/// prepared statement generically after a few runs, and a generic plan cannot
/// know how many fellows a tsquery matches.
fn postgres_statement(query: &Query<'_>, terms: &[QueryTerm]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("{}:*", word(&t.text)) } else { word(&t.text) })
        .collect::<Vec<_>>()
        .join(" & ");
    let mut candidates = format!(
        "SELECT id, name FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL \
         AND search_vector @@ to_tsquery('simple', '{search}')"
    );
    if !query.scopes.is_empty() {
        let scope = query.scopes.iter().map(|t| word(t)).collect::<Vec<_>>().join(" | ");
        candidates.push_str(&format!(" AND scope_vector @@ to_tsquery('simple', '{scope}')"));
    }
    candidates.push_str(&format!(" LIMIT {}", query.ranked));
    Statement::from_sql_and_values(
        DbBackend::Postgres,
        ranked_sql(Backend::Postgres, &candidates, "$2", query.limit),
        [query.actor.tenant_id.into(), query.typed.into()],
    )
}
