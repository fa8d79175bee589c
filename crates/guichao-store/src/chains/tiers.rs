//! The SQL of a node's matches, one statement per tier of the domain's rule
//! (`guichao_domain::chains::fit`): the fellows whose strongest evidence is
//! their industry being a keyword, their industry standing for a code, a
//! company's industry, a tag. The tiers are disjoint by construction (each
//! leaves out the fellows of the ones above), so a page and its total are
//! read tier by tier, each from an index:
//!
//! - the industry tiers from `fellows_industry` (m0021) alone: it holds the
//!   industry, city, unit, sort key and id of live fellows, so the reader's
//!   scope, the city filter, the count and the order need no row;
//! - the company tier from `companies_industry` and the company links, less
//!   the fellows whose own industry fits (read from the same index);
//! - the tag tier from the full-text index (tags are among a fellow's search
//!   tokens), less the same fellows, then checked on the few rows left.
//!
//! Which fellows the reader sees is the fellows' rule, `scope::visible`,
//! applied to every tier.

use crate::entities::{company, fellow, fellow_company};
use crate::fellows::scope::visible;
use crate::{Backend, Scope};
use guichao_domain::chains::{Evidence, NodeTerms};
use guichao_domain::search::query_terms;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DbBackend, Statement};
use uuid::Uuid;

/// What every tier filters by: the reader's fellows, live, in the city.
pub(super) struct Filter<'a> {
    pub backend: Backend,
    pub scope: &'a Scope,
    pub terms: &'a NodeTerms,
    /// The forms of the city (深圳, 深圳市), or none for every city.
    pub cities: &'a [String],
}

impl Filter<'_> {
    fn tenant(&self) -> Uuid {
        self.scope.tenant_id()
    }

    fn industries(&self) -> Vec<String> {
        self.terms.industries().cloned().collect()
    }

    /// The reader's live fellows in the city.
    fn base(&self) -> Condition {
        let mut c = Condition::all().add(visible(self.scope)).add(fellow::Column::ArchivedAt.is_null());
        if !self.cities.is_empty() {
            c = c.add(fellow::Column::City.is_in(self.cities.iter().cloned()));
        }
        c
    }

    /// The tier of fellows whose strongest evidence is `e`, as `SELECT
    /// fellows.id FROM fellows WHERE …`; `None` when the node's terms leave
    /// it empty.
    pub fn tier(&self, e: Evidence) -> Option<SelectStatement> {
        let condition = match e {
            Evidence::Industry => self.industry_in(&self.terms.keywords.iter().cloned().collect::<Vec<_>>())?,
            Evidence::IndustryCode => self.industry_in(&self.terms.mapped.iter().cloned().collect::<Vec<_>>())?,
            Evidence::Company => self.company()?,
            Evidence::Tag => self.tag()?,
        };
        Some(
            Query::select()
                .column((fellow::Entity, fellow::Column::Id))
                .from(fellow::Entity)
                .cond_where(self.base().add(condition))
                .to_owned(),
        )
    }

    fn industry_in(&self, texts: &[String]) -> Option<Condition> {
        (!texts.is_empty()).then(|| Condition::all().add(fellow::Column::Industry.is_in(texts.iter().cloned())))
    }

    /// The ids of the tenant's live fellows whose own industry fits, read
    /// from `fellows_industry` alone; `column` is `id` or, on SQLite, the
    /// full-text key.
    fn industry_fellows(&self, column: fellow::Column) -> SelectStatement {
        Query::select()
            .column(column)
            .from(fellow::Entity)
            .and_where(fellow::Column::TenantId.eq(self.tenant()))
            .and_where(fellow::Column::ArchivedAt.is_null())
            .and_where(fellow::Column::Industry.is_in(self.industries()))
            .to_owned()
    }

    /// A company of the fellow (the outer `fellows` row) whose industry fits.
    fn fitting_company(&self) -> SelectStatement {
        let (fc, co) = (fellow_company::Entity, company::Entity);
        Query::select()
            .expr(Expr::val(1))
            .from(fc)
            .inner_join(
                co,
                Expr::col((co, company::Column::TenantId))
                    .equals((fc, fellow_company::Column::TenantId))
                    .and(Expr::col((co, company::Column::Id)).equals((fc, fellow_company::Column::CompanyId))),
            )
            .and_where(
                Expr::col((fc, fellow_company::Column::TenantId)).equals((fellow::Entity, fellow::Column::TenantId)),
            )
            .and_where(Expr::col((fc, fellow_company::Column::FellowId)).equals((fellow::Entity, fellow::Column::Id)))
            .and_where(Expr::col((co, company::Column::Industry)).is_in(self.industries()))
            .to_owned()
    }

    /// Fellows whose own industry does not fit but a company's does: the
    /// links of the fitting companies, less the fellows whose industry fits
    /// (set aside from the index before any fellow's row is read).
    fn company(&self) -> Option<Condition> {
        let industries = self.industries();
        if industries.is_empty() {
            return None;
        }
        let companies = Query::select()
            .column(company::Column::Id)
            .from(company::Entity)
            .and_where(company::Column::TenantId.eq(self.tenant()))
            .and_where(company::Column::Industry.is_in(industries.clone()))
            .to_owned();
        let links = Query::select()
            .column(fellow_company::Column::FellowId)
            .from(fellow_company::Entity)
            .and_where(fellow_company::Column::TenantId.eq(self.tenant()))
            .and_where(fellow_company::Column::CompanyId.in_subquery(companies))
            .and_where(fellow_company::Column::FellowId.not_in_subquery(self.industry_fellows(fellow::Column::Id)))
            .to_owned();
        Some(
            Condition::all()
                .add(fellow::Column::Id.in_subquery(links))
                .add(fellow::Column::Industry.is_not_in(industries)),
        )
    }

    /// Fellows with a fitting tag and no stronger evidence. Their candidates
    /// come from the full-text index (every tag's words are among the search
    /// tokens), less the fellows whose industry fits; the tag itself, the
    /// industry and the companies are then checked on the rows left.
    fn tag(&self) -> Option<Condition> {
        let tags: Vec<&String> = self.terms.tags.iter().collect();
        let any_tag = tags
            .iter()
            .fold(Condition::any(), |c, t| c.add(fellow::Column::Tags.like(crate::like::contains(&format!(" {t} ")))));
        let candidates = self.full_text(&tags)?;
        Some(
            Condition::all()
                .add(candidates)
                .add(any_tag)
                .add(fellow::Column::Industry.is_not_in(self.industries()))
                .add(Expr::exists(self.fitting_company()).not()),
        )
    }

    /// The fellows whose search tokens hold every word of one of `tags`.
    fn full_text(&self, tags: &[&String]) -> Option<Condition> {
        // A term holds only CJK, a-z and 0-9 (the domain's promise, kept
        // here again), so it can be written into the expression.
        let word = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
        let groups: Vec<Vec<(String, bool)>> = tags
            .iter()
            .map(|t| {
                query_terms(t).into_iter().map(|q| (word(&q.text), q.prefix)).filter(|(w, _)| !w.is_empty()).collect()
            })
            .filter(|g: &Vec<(String, bool)>| !g.is_empty())
            .collect();
        if groups.is_empty() {
            return None;
        }
        match self.backend {
            Backend::Sqlite => {
                let expr = groups
                    .iter()
                    .map(|g| {
                        let all: Vec<String> =
                            g.iter().map(|(w, p)| if *p { format!("\"{w}\"*") } else { format!("\"{w}\"") }).collect();
                        format!("({})", all.join(" AND "))
                    })
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let fts = Query::select()
                    .expr(Expr::cust("rowid"))
                    .from(Alias::new("fellow_fts"))
                    .and_where(Expr::cust_with_values("fellow_fts MATCH ?", [format!("search_tokens : ({expr})")]))
                    .and_where(Expr::cust("rowid").not_in_subquery(self.industry_fellows(fellow::Column::SearchRowid)))
                    .to_owned();
                Some(Condition::all().add(fellow::Column::SearchRowid.in_subquery(fts)))
            }
            Backend::Postgres => {
                let query = groups
                    .iter()
                    .map(|g| {
                        let all: Vec<String> =
                            g.iter().map(|(w, p)| if *p { format!("{w}:*") } else { w.clone() }).collect();
                        format!("({})", all.join(" & "))
                    })
                    .collect::<Vec<_>>()
                    .join(" | ");
                Some(
                    Condition::all()
                        .add(Expr::cust(format!("\"fellows\".\"search_vector\" @@ to_tsquery('simple', '{query}')"))),
                )
            }
        }
    }
}

impl Filter<'_> {
    /// `stmt` (a tier, its count or a page of it) as SQL for the backend. On
    /// SQLite the industry lookups name their index: the planner's statistics
    /// count a few hundred rows per industry text, so for a node's long list
    /// of texts (most of which no one has) it would rather read every fellow
    /// (2 s at 1,000,000 instead of 3 ms).
    pub fn statement(&self, e: Evidence, stmt: &SelectStatement) -> Statement {
        let db = match self.backend {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        };
        let mut built = db.build(stmt);
        if self.backend == Backend::Sqlite {
            let by = |table: &str, index: &str| format!("FROM \"{table}\" INDEXED BY \"{index}\" WHERE");
            let mut sql = built.sql.clone();
            if matches!(e, Evidence::Industry | Evidence::IndustryCode) {
                sql = sql.replacen("FROM \"fellows\" WHERE", &by("fellows", "fellows_industry"), 1);
            }
            for column in ["id", "search_rowid"] {
                let from = format!("(SELECT \"{column}\" FROM \"fellows\" WHERE");
                sql = sql.replace(&from, &format!("(SELECT \"{column}\" {}", by("fellows", "fellows_industry")));
            }
            let companies = "(SELECT \"id\" FROM \"companies\" WHERE";
            sql = sql.replace(companies, &format!("(SELECT \"id\" {}", by("companies", "companies_industry")));
            // Every tier reads an industry index; a change in how the
            // statement is written must not silently drop the hint.
            debug_assert!(sql.contains("INDEXED BY \"fellows_industry\""), "{sql}");
            built.sql = sql;
        }
        built
    }
}

/// `SELECT count(*)` of a tier.
pub(super) fn count_of(tier: SelectStatement) -> SelectStatement {
    Query::select().expr_as(Expr::cust("count(*)"), Alias::new("n")).from_subquery(tier, Alias::new("tier")).to_owned()
}

/// `limit` ids of a tier from `offset`, by name in pinyin order, then id.
pub(super) fn page_of(mut tier: SelectStatement, offset: u64, limit: u64) -> SelectStatement {
    tier.order_by((fellow::Entity, fellow::Column::SortKey), sea_orm::Order::Asc)
        .order_by((fellow::Entity, fellow::Column::Id), sea_orm::Order::Asc)
        .limit(limit)
        .offset(offset)
        .to_owned()
}
