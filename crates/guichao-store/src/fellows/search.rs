//! Finding fellows by what a user types: a name or part of it, its traditional
//! form, full pinyin, initials, a company, a city or a tag (the tokens are built
//! by `guichao_domain::search`). Each backend's full-text index answers the
//! query and the user's scope together; results are ranked here.

use super::read::FellowRow;
use super::scope;
use crate::entities::fellow;
use crate::{Actor, Backend, Store, StoreResult};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::search::{QueryTerm, query_terms};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Statement};
use std::collections::HashMap;
use uuid::Uuid;

/// How many index matches are ranked before the best `limit` are returned.
const CANDIDATES: u64 = 100;

/// What ranking needs of a match: ranking reads these two columns of up to
/// [`CANDIDATES`] rows, and whole rows only of the `limit` returned.
#[derive(Debug, FromQueryResult)]
struct Candidate {
    id: Uuid,
    name: String,
}

impl Store {
    /// Fellows the actor may see that match `text`, best first: exact name, then
    /// names that start with the text, then the rest by name length and name.
    pub async fn search_fellows(&self, actor: &Actor, text: &str, limit: u64) -> StoreResult<Vec<FellowRow>> {
        let scope = actor.scope(Permission::FellowRead)?;
        let terms = query_terms(text);
        if terms.is_empty() {
            return Ok(vec![]);
        }
        // A tenant-wide user of the only tenant may see every indexed fellow:
        // the scope term would filter nothing and cost an intersection with
        // every fellow's posting (the tenant condition stays in the query).
        let scopes = if scope.reach() == DataScope::Tenant && self.only_tenant().await? {
            vec![]
        } else {
            scope::query_tokens(&scope, actor.unit_id)
        };
        // Equal tokens first: a prefix that many tokens share (`zhang` of
        // `zhangwei`, `zhangsan`, ...) costs the index a merge of all their
        // postings, and when the equal token alone fills the candidates
        // those are the better matches anyway.
        let exact: Vec<QueryTerm> = terms.iter().map(|t| QueryTerm { prefix: false, ..t.clone() }).collect();
        let mut found = self.candidates(actor, &exact, &scopes).await?;
        if found.len() < CANDIDATES as usize && terms.iter().any(|t| t.prefix) {
            found = self.candidates(actor, &terms, &scopes).await?;
        }
        // Exact names are always first, even when the index holds more matches
        // than are ranked. (With fewer, every match is a candidate: a name's
        // tokens always meet the terms of the same text.)
        let typed = text.trim();
        if found.len() >= CANDIDATES as usize && !found.iter().any(|f| f.name == typed) {
            let exact = fellow::Entity::find()
                .select_only()
                .columns([fellow::Column::Id, fellow::Column::Name])
                .filter(scope::visible(&scope))
                .filter(fellow::Column::Name.eq(typed))
                .filter(fellow::Column::ArchivedAt.is_null())
                .into_model::<Candidate>()
                .all(&self.db)
                .await?;
            found.extend(exact);
        }
        found.sort_by(|a, b| rank(&a.name, typed).cmp(&rank(&b.name, typed)).then_with(|| a.id.cmp(&b.id)));
        found.dedup_by_key(|f| f.id);
        found.truncate(limit.clamp(1, 100) as usize);
        let order: HashMap<Uuid, usize> = found.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
        let mut models = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(actor.tenant_id))
            .filter(fellow::Column::Id.is_in(order.keys().copied()))
            .all(&self.db)
            .await?;
        models.sort_by_key(|f| order[&f.id]);
        self.fellow_rows(actor.tenant_id, models).await
    }

    /// Up to [`CANDIDATES`] fellows matching every term, within the scope tokens.
    async fn candidates(&self, actor: &Actor, terms: &[QueryTerm], scopes: &[String]) -> StoreResult<Vec<Candidate>> {
        let statement = match self.backend() {
            Backend::Sqlite => sqlite_statement(actor, terms, scopes),
            Backend::Postgres => postgres_statement(actor, terms, scopes),
        };
        Ok(Candidate::find_by_statement(statement).all(&self.db).await?)
    }
}

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
/// without the scope part when `scopes` is empty.
fn sqlite_statement(actor: &Actor, terms: &[QueryTerm], scopes: &[String]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("\"{}\"*", word(&t.text)) } else { format!("\"{}\"", word(&t.text)) })
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut expr = format!("search_tokens : ({search})");
    if !scopes.is_empty() {
        let scope = scopes.iter().map(|t| format!("\"{}\"", word(t))).collect::<Vec<_>>().join(" OR ");
        expr.push_str(&format!(" AND scope_tokens : ({scope})"));
    }
    Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!(
            "SELECT f.id, f.name FROM fellow_fts JOIN fellows f ON f.search_rowid = fellow_fts.rowid \
             WHERE fellow_fts MATCH $1 AND f.tenant_id = $2 AND f.archived_at IS NULL LIMIT {CANDIDATES}"
        ),
        [expr.into(), actor.tenant_id.into()],
    )
}

/// The same query over the stored tsvectors and their GIN index (migration m0004).
/// The tsqueries are written into the SQL rather than bound: PostgreSQL plans a
/// prepared statement generically after a few runs, and a generic plan cannot
/// know how many fellows a tsquery matches.
fn postgres_statement(actor: &Actor, terms: &[QueryTerm], scopes: &[String]) -> Statement {
    let search = terms
        .iter()
        .map(|t| if t.prefix { format!("{}:*", word(&t.text)) } else { word(&t.text) })
        .collect::<Vec<_>>()
        .join(" & ");
    let mut sql = format!(
        "SELECT id, name FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL \
         AND search_vector @@ to_tsquery('simple', '{search}')"
    );
    if !scopes.is_empty() {
        let scope = scopes.iter().map(|t| word(t)).collect::<Vec<_>>().join(" | ");
        sql.push_str(&format!(" AND scope_vector @@ to_tsquery('simple', '{scope}')"));
    }
    sql.push_str(&format!(" LIMIT {CANDIDATES}"));
    Statement::from_sql_and_values(DbBackend::Postgres, sql, [actor.tenant_id.into()])
}
