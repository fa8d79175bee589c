//! Finding fellows by what a user types: a name or part of it, its traditional
//! form, full pinyin, initials, a company, a city or a tag (the tokens are built
//! by `guichao_domain::search`). Each backend's full-text index answers the
//! query and the user's scope together; results are ranked here.

use super::read::FellowRow;
use super::scope;
use crate::entities::fellow;
use crate::{Actor, Backend, Store, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::search::{QueryTerm, query_terms};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, Statement};

/// How many index matches are ranked before the best `limit` are returned.
const CANDIDATES: u64 = 300;

impl Store {
    /// Fellows the actor may see that match `text`, best first: exact name, then
    /// names that start with the text, then the rest by name length and name.
    pub async fn search_fellows(&self, actor: &Actor, text: &str, limit: u64) -> StoreResult<Vec<FellowRow>> {
        let scope = actor.scope(Permission::FellowRead)?;
        let terms = query_terms(text);
        if terms.is_empty() {
            return Ok(vec![]);
        }
        let scopes = scope::query_tokens(&scope, actor.unit_id);
        let statement = match self.backend() {
            Backend::Sqlite => sqlite_statement(actor, &terms, &scopes),
            Backend::Postgres => postgres_statement(actor, &terms, &scopes),
        };
        let mut found = fellow::Entity::find().from_raw_sql(statement).all(&self.db).await?;
        // Exact names are always first, even when the index holds more matches
        // than are ranked.
        let typed = text.trim();
        if !found.iter().any(|f| f.name == typed) {
            let exact = fellow::Entity::find()
                .filter(scope::visible(&scope))
                .filter(fellow::Column::Name.eq(typed))
                .filter(fellow::Column::ArchivedAt.is_null())
                .all(&self.db)
                .await?;
            found.extend(exact);
        }
        found.sort_by(|a, b| rank(a, typed).cmp(&rank(b, typed)).then_with(|| a.id.cmp(&b.id)));
        found.dedup_by_key(|f| f.id);
        found.truncate(limit.clamp(1, 100) as usize);
        self.fellow_rows(actor.tenant_id, found).await
    }
}

fn rank<'a>(f: &'a fellow::Model, typed: &str) -> (u8, usize, &'a str) {
    let class = if f.name == typed {
        0
    } else if f.name.starts_with(typed) {
        1
    } else {
        2
    };
    (class, f.name.chars().count(), &f.name)
}

/// `search_tokens : ("张三" AND "zha"*) AND scope_tokens : ("u…" OR "c…")`.
/// Terms hold only CJK, a-z and 0-9 (the domain strips the rest), so quoting
/// them cannot inject FTS syntax.
fn sqlite_statement(actor: &Actor, terms: &[QueryTerm], scopes: &[String]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("\"{}\"*", t.text) } else { format!("\"{}\"", t.text) })
        .collect::<Vec<_>>()
        .join(" AND ");
    let scope = scopes.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" OR ");
    let expr = format!("search_tokens : ({search}) AND scope_tokens : ({scope})");
    Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!(
            "SELECT f.* FROM fellow_fts JOIN fellows f ON f.search_rowid = fellow_fts.rowid \
             WHERE fellow_fts MATCH $1 AND f.tenant_id = $2 AND f.archived_at IS NULL LIMIT {CANDIDATES}"
        ),
        [expr.into(), actor.tenant_id.into()],
    )
}

/// The same query as a tsquery over the two GIN-indexed tsvectors.
fn postgres_statement(actor: &Actor, terms: &[QueryTerm], scopes: &[String]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("{}:*", t.text) } else { t.text.clone() })
        .collect::<Vec<_>>()
        .join(" & ");
    let scope = scopes.join(" | ");
    Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "SELECT * FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL \
             AND to_tsvector('simple', search_tokens) @@ to_tsquery('simple', $2) \
             AND to_tsvector('simple', scope_tokens) @@ to_tsquery('simple', $3) LIMIT {CANDIDATES}"
        ),
        [actor.tenant_id.into(), search.into(), scope.into()],
    )
}
