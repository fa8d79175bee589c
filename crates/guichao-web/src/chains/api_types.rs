//! The JSON shapes of `/api/v1/chains`, with their OpenAPI schemas.

use crate::api::vocab::{EvidenceCode, SegmentCode};
use guichao_domain::chains::{ChainDraft, NodeDraft, Segment};
use guichao_domain::fellows::FormError;
use guichao_store::chains::{ChainView, MatchPage, NodeMatch, NodeView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A chain with its nodes.
#[derive(Serialize, ToSchema)]
pub struct Chain {
    pub id: Uuid,
    pub name: String,
    pub notes: String,
    pub nodes: Vec<Node>,
}

impl From<ChainView> for Chain {
    fn from(c: ChainView) -> Chain {
        Chain { id: c.id, name: c.name, notes: c.notes, nodes: c.nodes.into_iter().map(Into::into).collect() }
    }
}

/// A node of a chain.
#[derive(Serialize, ToSchema)]
pub struct Node {
    pub id: Uuid,
    pub chain_id: Uuid,
    #[schema(value_type = SegmentCode)]
    pub segment: String,
    pub name: String,
    /// A gap the county wants to fill (补链).
    pub gap: bool,
    pub gap_note: String,
    /// GB/T 4754-2017 major classes, as `C39`.
    pub codes: Vec<String>,
    /// Terms as the registry writes industries and tags.
    pub keywords: Vec<String>,
}

impl From<NodeView> for Node {
    fn from(n: NodeView) -> Node {
        Node {
            id: n.id,
            chain_id: n.chain_id,
            segment: n.segment.code().into(),
            name: n.name,
            gap: n.gap,
            gap_note: n.gap_note,
            codes: n.codes,
            keywords: n.keywords,
        }
    }
}

/// The county's chain tree.
#[derive(Serialize, ToSchema)]
pub struct ChainTree {
    pub items: Vec<Chain>,
}

/// A new chain.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainBody {
    pub name: String,
    #[serde(default)]
    pub notes: String,
}

impl ChainBody {
    pub fn draft(self) -> ChainDraft {
        ChainDraft { name: self.name, notes: self.notes }
    }
}

/// A node as added or replaced.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeBody {
    pub name: String,
    #[schema(value_type = SegmentCode)]
    pub segment: String,
    #[serde(default)]
    pub gap: bool,
    #[serde(default)]
    pub gap_note: String,
    /// GB/T 4754-2017 major classes (`C39`, `39`, or a class under one, `C3911`).
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl NodeBody {
    pub fn draft(self) -> Result<NodeDraft, Vec<FormError>> {
        let segment = Segment::parse(&self.segment).ok_or_else(|| {
            vec![FormError::new(
                "segment",
                "segment 应为 upstream、midstream 或 downstream",
                "segment is upstream, midstream or downstream",
            )]
        })?;
        Ok(NodeDraft {
            name: self.name,
            segment,
            gap: self.gap,
            gap_note: self.gap_note,
            codes: self.codes,
            keywords: self.keywords,
        })
    }
}

/// A company of a matched fellow.
#[derive(Serialize, ToSchema)]
pub struct MatchCompanyItem {
    pub name: String,
    pub industry: String,
}

/// A fellow who fits a node.
#[derive(Serialize, ToSchema)]
pub struct NodeFellow {
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub city: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub companies: Vec<MatchCompanyItem>,
    pub chambers: Vec<String>,
    /// The weight of the strongest evidence (4 industry, 3 industry code, 2 company, 1 tag).
    pub score: u8,
    /// Every kind of evidence found, strongest first.
    #[schema(value_type = Vec<EvidenceCode>)]
    pub evidence: Vec<String>,
}

impl From<NodeMatch> for NodeFellow {
    fn from(m: NodeMatch) -> NodeFellow {
        NodeFellow {
            fellow_id: m.fellow.id,
            name: m.fellow.name,
            township: m.fellow.township,
            city: m.fellow.city,
            employer: m.fellow.employer,
            title: m.fellow.title,
            industry: m.industry,
            companies: m
                .companies
                .into_iter()
                .map(|c| MatchCompanyItem { name: c.name, industry: c.industry })
                .collect(),
            chambers: m.chambers,
            score: m.score,
            evidence: m.evidence.iter().map(|e| e.code().to_string()).collect(),
        }
    }
}

/// How many matches give each evidence as their strongest.
#[derive(Serialize, ToSchema)]
pub struct EvidenceCounts {
    pub industry: u64,
    pub industry_code: u64,
    pub company: u64,
    pub tag: u64,
}

/// A page of a node's fellows, best first, and how many fit in all.
#[derive(Serialize, ToSchema)]
pub struct NodeFellows {
    pub items: Vec<NodeFellow>,
    pub total: u64,
    pub by_evidence: EvidenceCounts,
    pub page: u64,
    pub limit: u64,
}

impl NodeFellows {
    pub fn new(p: MatchPage, page: u64, limit: u64) -> NodeFellows {
        let [industry, industry_code, company, tag] = p.by_evidence;
        NodeFellows {
            items: p.rows.into_iter().map(Into::into).collect(),
            total: p.total,
            by_evidence: EvidenceCounts { industry, industry_code, company, tag },
            page,
            limit,
        }
    }
}
