//! A node's matches: the fellows the reader may see who fit the node, best
//! first (the domain's rule and order), a page at a time with the total.
//! The page is read tier by tier ([`super::tiers`]): the counts of the four
//! tiers in one statement, then the rows of the tiers the page overlaps.

use super::Chains;
use super::tiers::{Filter, count_of, page_of};
use crate::entities::{chamber, chamber_member, company, fellow, fellow_company};
use crate::fellows::FellowRow;
use crate::{Store, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::chains::{Evidence, FellowFacts, NodeTerms, city_forms, fit};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Statement};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Most rows one page of matches holds.
pub const MAX_MATCH_PAGE: u64 = 200;

/// Which page of a node's matches, and where the fellows live.
#[derive(Debug, Clone, Default)]
pub struct MatchQuery {
    /// A city as typed (深圳 or 深圳市); empty for every city.
    pub city: String,
    pub offset: u64,
    /// 1 to [`MAX_MATCH_PAGE`].
    pub limit: u64,
}

/// A company of a matched fellow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchCompany {
    pub name: String,
    pub industry: String,
}

/// One fellow who fits the node.
#[derive(Debug, Clone, Serialize)]
pub struct NodeMatch {
    pub fellow: FellowRow,
    pub industry: String,
    pub companies: Vec<MatchCompany>,
    /// The chambers the fellow is a current member of.
    pub chambers: Vec<String>,
    /// The rank score: the weight of the strongest evidence.
    pub score: u8,
    /// Every kind of evidence the fellow gives, strongest first.
    pub evidence: Vec<Evidence>,
}

/// A page of matches, and how many fellows match in all (and on each evidence).
#[derive(Debug, Clone, Serialize)]
pub struct MatchPage {
    pub rows: Vec<NodeMatch>,
    pub total: u64,
    /// The matches whose strongest evidence is each of `Evidence::ALL`.
    pub by_evidence: [u64; 4],
}

impl Chains<'_> {
    /// The fellows the actor may see (with `fellow.read`) who fit the node
    /// `node_id`, living in `q.city` when given, best first: `q.limit` from
    /// `q.offset`, and the total. `NotFound` for a node of another county;
    /// `Forbidden` without `fellow.read`.
    pub async fn matches(&self, node_id: Uuid, q: &MatchQuery) -> StoreResult<MatchPage> {
        let t = self.0.need(Permission::ProjectRead)?.tenant_id();
        let node = self.store().chain_node(t, node_id).await?;
        let scope = self.actor().scope(Permission::FellowRead)?;
        let terms = node.terms();
        let cities = city_forms(&q.city);
        let filter = Filter { backend: self.store().backend(), scope: &scope, terms: &terms, cities: &cities };
        let tiers: Vec<(Evidence, Option<SelectStatement>)> =
            Evidence::ALL.into_iter().map(|e| (e, filter.tier(e))).collect();
        let by_evidence = self.store().tier_counts(&filter, &tiers).await?;
        let (mut skip, mut want) = (q.offset, q.limit.clamp(1, MAX_MATCH_PAGE));
        let mut ranked: Vec<(Uuid, Evidence)> = Vec::new();
        for ((e, tier), n) in tiers.into_iter().zip(by_evidence) {
            let Some(tier) = tier else { continue };
            if want == 0 {
                break;
            }
            if skip >= n {
                skip -= n;
                continue;
            }
            let take = want.min(n - skip);
            let ids: Vec<Uuid> = self.store().db_ids(filter.statement(e, &page_of(tier, skip, take))).await?;
            want -= take;
            skip = 0;
            ranked.extend(ids.into_iter().map(|id| (id, e)));
        }
        let rows = self.store().match_rows(t, &terms, &ranked).await?;
        Ok(MatchPage { rows, total: by_evidence.iter().sum(), by_evidence })
    }
}

impl Store {
    /// The number of fellows in each tier (0 for a tier the terms leave
    /// empty), counted side by side on the pool's connections: the company
    /// and tag tiers cost most (they set the industry matches aside), and
    /// neither waits for the other.
    async fn tier_counts(
        &self,
        filter: &Filter<'_>,
        tiers: &[(Evidence, Option<SelectStatement>)],
    ) -> StoreResult<[u64; 4]> {
        #[derive(FromQueryResult)]
        struct Count {
            n: i64,
        }
        let count = |e: Evidence, tier: &Option<SelectStatement>| {
            let stmt = tier.as_ref().map(|t| filter.statement(e, &count_of(t.clone())));
            async move {
                let Some(stmt) = stmt else { return StoreResult::Ok(0) };
                Ok(Count::find_by_statement(stmt).one(&self.db).await?.map_or(0, |c| c.n.max(0) as u64))
            }
        };
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| count(tiers[i].0, &tiers[i].1));
        let (a, b, c, d) = tokio::try_join!(a, b, c, d)?;
        Ok([a, b, c, d])
    }

    async fn db_ids(&self, stmt: Statement) -> StoreResult<Vec<Uuid>> {
        #[derive(FromQueryResult)]
        struct Id {
            id: Uuid,
        }
        Ok(Id::find_by_statement(stmt).all(&self.db).await?.into_iter().map(|r| r.id).collect())
    }

    /// The rows of `ranked` (ids with their tier), in that order, with what
    /// the page shows of each and their evidence by the domain's rule.
    async fn match_rows(
        &self,
        tenant_id: Uuid,
        terms: &NodeTerms,
        ranked: &[(Uuid, Evidence)],
    ) -> StoreResult<Vec<NodeMatch>> {
        let ids: Vec<Uuid> = ranked.iter().map(|(id, _)| *id).collect();
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let rows = self.fellow_rows(tenant_id, &ids).await?;
        let industries: HashMap<Uuid, String> = fellow::Entity::find()
            .select_only()
            .columns([fellow::Column::Id, fellow::Column::Industry])
            .filter(fellow::Column::TenantId.eq(tenant_id))
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .into_tuple::<(Uuid, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let companies = self.match_companies(tenant_id, &ids).await?;
        let chambers = self.match_chambers(tenant_id, &ids).await?;
        let tier: HashMap<Uuid, Evidence> = ranked.iter().copied().collect();
        Ok(rows
            .into_iter()
            .map(|fellow| {
                let industry = industries.get(&fellow.id).cloned().unwrap_or_default();
                let companies = companies.get(&fellow.id).cloned().unwrap_or_default();
                let company_industries: Vec<String> =
                    companies.iter().map(|c: &MatchCompany| c.industry.clone()).collect();
                let facts =
                    FellowFacts { industry: &industry, company_industries: &company_industries, tags: &fellow.tags };
                let evidence = fit(terms, facts).map(|f| f.evidence).unwrap_or_default();
                NodeMatch {
                    score: tier[&fellow.id].weight(),
                    chambers: chambers.get(&fellow.id).cloned().unwrap_or_default(),
                    industry,
                    companies,
                    evidence,
                    fellow,
                }
            })
            .collect())
    }

    async fn match_companies(&self, tenant_id: Uuid, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<MatchCompany>>> {
        let links = fellow_company::Entity::find()
            .filter(fellow_company::Column::TenantId.eq(tenant_id))
            .filter(fellow_company::Column::FellowId.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        let companies: HashMap<Uuid, company::Model> = company::Entity::find()
            .filter(company::Column::TenantId.eq(tenant_id))
            .filter(company::Column::Id.is_in(links.iter().map(|l| l.company_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut out: HashMap<Uuid, Vec<MatchCompany>> = HashMap::new();
        for l in links {
            if let Some(c) = companies.get(&l.company_id) {
                out.entry(l.fellow_id)
                    .or_default()
                    .push(MatchCompany { name: c.name.clone(), industry: c.industry.clone() });
            }
        }
        Ok(out)
    }

    async fn match_chambers(&self, tenant_id: Uuid, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<String>>> {
        let members = chamber_member::Entity::find()
            .filter(chamber_member::Column::TenantId.eq(tenant_id))
            .filter(chamber_member::Column::FellowId.is_in(ids.iter().copied()))
            .filter(chamber_member::Column::Until.is_null())
            .all(&self.db)
            .await?;
        let names: HashMap<Uuid, String> = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(tenant_id))
            .filter(chamber::Column::Id.is_in(members.iter().map(|m| m.chamber_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut out: HashMap<Uuid, Vec<String>> = HashMap::new();
        for m in members {
            if let Some(name) = names.get(&m.chamber_id) {
                out.entry(m.fellow_id).or_default().push(name.clone());
            }
        }
        Ok(out)
    }
}
