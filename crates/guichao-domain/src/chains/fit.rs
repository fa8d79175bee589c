//! THE matching rule: whether a fellow fits a chain node and how strongly.
//!
//! A node names GB/T 4754 major classes and keywords. From them come the
//! texts it matches ([`NodeTerms`]): its own keywords, exactly; and every
//! text that stands for one of its classes (the class's name, its codes as
//! written, the registry terms of [`KEYWORDS`](super::KEYWORDS) under it).
//! A fellow fits on the strongest of four kinds of evidence:
//!
//! | evidence | the fellow's… | weight |
//! |---|---|---|
//! | [`Evidence::Industry`] | industry is one of the node's keywords | 4 |
//! | [`Evidence::IndustryCode`] | industry stands for one of the node's classes | 3 |
//! | [`Evidence::Company`] | company's industry is either of those | 2 |
//! | [`Evidence::Tag`] | tag is a keyword or a registry term under a class | 1 |
//!
//! Fellows rank by that weight, then by name in pinyin order (the sort key),
//! then by id. The strongest evidence decides, not a sum: each weight is one
//! set of texts a database can look up in an index, so a page and its total
//! are read tier by tier instead of scoring every candidate (the store's
//! query follows this table, and a store test checks it against [`fit`]).

use super::gbt::parse_code;
use super::keywords::{KEYWORDS, texts_for};
use crate::Lang;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Why a fellow fits a node, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    Industry,
    IndustryCode,
    Company,
    Tag,
}

impl Evidence {
    pub const ALL: [Evidence; 4] = [Evidence::Industry, Evidence::IndustryCode, Evidence::Company, Evidence::Tag];

    /// The rank score a fellow gets when this is their strongest evidence.
    pub fn weight(self) -> u8 {
        match self {
            Evidence::Industry => 4,
            Evidence::IndustryCode => 3,
            Evidence::Company => 2,
            Evidence::Tag => 1,
        }
    }

    /// The evidence whose weight is `weight`.
    pub fn of_weight(weight: u8) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.weight() == weight)
    }

    pub fn code(self) -> &'static str {
        match self {
            Evidence::Industry => "industry",
            Evidence::IndustryCode => "industry_code",
            Evidence::Company => "company",
            Evidence::Tag => "tag",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Evidence::Industry => lang.pick("行业相符", "Industry"),
            Evidence::IndustryCode => lang.pick("行业代码相符", "Industry code"),
            Evidence::Company => lang.pick("企业行业相符", "Company industry"),
            Evidence::Tag => lang.pick("标签相符", "Tag"),
        }
    }
}

/// The texts a node matches, from its codes and keywords.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeTerms {
    /// The node's keywords: an industry that is one of them is [`Evidence::Industry`].
    pub keywords: BTreeSet<String>,
    /// The other texts standing for the node's classes: [`Evidence::IndustryCode`].
    pub mapped: BTreeSet<String>,
    /// What a tag must be: the keywords and the registry terms under the classes.
    pub tags: BTreeSet<String>,
}

impl NodeTerms {
    /// The terms of a node with `codes` (as stored, `C39`) and `keywords`.
    pub fn new(codes: &[String], keywords: &[String]) -> NodeTerms {
        let keywords: BTreeSet<String> = keywords.iter().cloned().collect();
        let majors: Vec<_> = codes.iter().filter_map(|c| parse_code(c)).collect();
        let mapped: BTreeSet<String> =
            majors.iter().flat_map(|m| texts_for(m)).filter(|t| !keywords.contains(t)).collect();
        let mut tags = keywords.clone();
        tags.extend(
            KEYWORDS
                .iter()
                .filter(|(_, cs)| majors.iter().any(|m| cs.contains(&m.code)))
                .map(|(term, _)| term.to_string()),
        );
        NodeTerms { keywords, mapped, tags }
    }

    /// Every text an industry (a fellow's or a company's) may be to fit.
    pub fn industries(&self) -> impl Iterator<Item = &String> {
        self.keywords.iter().chain(&self.mapped)
    }

    fn industry_fits(&self, text: &str) -> bool {
        self.keywords.contains(text) || self.mapped.contains(text)
    }
}

/// What the rule reads of a fellow: their industry as stored, the stored
/// industries of their companies, and their tags.
#[derive(Debug, Clone, Copy)]
pub struct FellowFacts<'a> {
    pub industry: &'a str,
    pub company_industries: &'a [String],
    pub tags: &'a [String],
}

/// How a fellow fits a node: every kind of evidence found, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub evidence: Vec<Evidence>,
}

impl Fit {
    /// The rank score: the weight of the strongest evidence.
    pub fn score(&self) -> u8 {
        self.evidence.first().map_or(0, |e| e.weight())
    }
}

/// Whether the fellow fits the node, and on what evidence; `None` when not.
pub fn fit(terms: &NodeTerms, f: FellowFacts<'_>) -> Option<Fit> {
    let mut evidence = Vec::new();
    if terms.keywords.contains(f.industry) {
        evidence.push(Evidence::Industry);
    } else if terms.mapped.contains(f.industry) {
        evidence.push(Evidence::IndustryCode);
    }
    if f.company_industries.iter().any(|c| terms.industry_fits(c)) {
        evidence.push(Evidence::Company);
    }
    if f.tags.iter().any(|t| terms.tags.contains(t)) {
        evidence.push(Evidence::Tag);
    }
    (!evidence.is_empty()).then_some(Fit { evidence })
}

/// The order of a node's matches: higher score first, then the name's sort
/// key (pinyin), then the id.
pub fn rank_order<K: Ord, I: Ord>(a: (u8, &K, &I), b: (u8, &K, &I)) -> Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| a.2.cmp(b.2))
}

/// The forms a city filter matches: as typed and with or without 市 (the
/// registry holds both 深圳 and 深圳市).
pub fn city_forms(text: &str) -> Vec<String> {
    let city = text.trim();
    if city.is_empty() {
        return vec![];
    }
    match city.strip_suffix('市') {
        Some(bare) if !bare.is_empty() => vec![city.to_string(), bare.to_string()],
        _ => vec![city.to_string(), format!("{city}市")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sort_key;

    fn electronics() -> NodeTerms {
        NodeTerms::new(&["C39".into()], &["电子信息".into()])
    }

    fn facts<'a>(industry: &'a str, companies: &'a [String], tags: &'a [String]) -> FellowFacts<'a> {
        FellowFacts { industry, company_industries: companies, tags }
    }

    #[test]
    fn the_terms_come_from_codes_and_keywords() {
        let t = electronics();
        assert!(t.keywords.contains("电子信息"));
        assert!(!t.mapped.contains("电子信息"), "a keyword is not also mapped");
        for text in ["电子科技", "半导体", "计算机、通信和其他电子设备制造业", "39", "C3911"] {
            assert!(t.mapped.contains(text), "{text}");
        }
        assert!(t.tags.contains("电子信息") && t.tags.contains("半导体"));
        assert!(!t.tags.contains("C39"), "codes are not tags");
        assert!(!t.mapped.contains("汽车零部件"));
    }

    #[test]
    fn evidence_is_found_and_scored_by_the_strongest() {
        let t = electronics();
        let none: [String; 0] = [];
        let exact = fit(&t, facts("电子信息", &none, &none)).unwrap();
        assert_eq!((exact.evidence.clone(), exact.score()), (vec![Evidence::Industry], 4));
        assert_eq!(fit(&t, facts("电子科技", &none, &none)).unwrap().score(), 3);
        let company = ["C3971".to_string()];
        let by_company = fit(&t, facts("房地产", &company, &none)).unwrap();
        assert_eq!((by_company.evidence.clone(), by_company.score()), (vec![Evidence::Company], 2));
        let tags = ["重点联系".to_string(), "半导体".to_string()];
        assert_eq!(fit(&t, facts("", &none, &tags)).unwrap().score(), 1);
        let all = fit(&t, facts("电子信息", &company, &tags)).unwrap();
        assert_eq!(
            all.evidence,
            Evidence::ALL.iter().copied().filter(|e| *e != Evidence::IndustryCode).collect::<Vec<_>>()
        );
        assert_eq!(all.score(), 4, "the strongest decides, not the sum");
        assert_eq!(fit(&t, facts("汽车零部件", &["房地产".to_string()], &tags[..1])), None);
        assert_eq!(fit(&t, facts(" 电子信息", &none, &none)), None, "the stored text, exactly");
    }

    #[test]
    fn every_weight_is_one_evidence() {
        for e in Evidence::ALL {
            assert_eq!(Evidence::of_weight(e.weight()), Some(e));
        }
        assert_eq!(Evidence::of_weight(0), None);
    }

    #[test]
    fn matches_rank_by_score_then_pinyin() {
        let rows = [(3u8, "张伟", 2u32), (4, "王芳", 3), (4, "安娜", 4), (3, "张伟", 1)];
        let mut keyed: Vec<(u8, String, u32)> = rows.iter().map(|(s, n, id)| (*s, sort_key(n), *id)).collect();
        keyed.sort_by(|a, b| rank_order((a.0, &a.1, &a.2), (b.0, &b.1, &b.2)));
        let ids: Vec<u32> = keyed.iter().map(|r| r.2).collect();
        assert_eq!(ids, [4, 3, 1, 2], "安娜 before 王芳; equal names by id");
    }

    #[test]
    fn a_city_matches_with_or_without_shi() {
        assert_eq!(city_forms(" 深圳 "), ["深圳", "深圳市"]);
        assert_eq!(city_forms("深圳市"), ["深圳市", "深圳"]);
        assert_eq!(city_forms("市"), ["市", "市市"]);
        assert!(city_forms("  ").is_empty());
    }
}
