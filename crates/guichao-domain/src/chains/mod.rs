//! Industry chains and targeting (产业链招商, 按图索骥): a county's chains
//! (预制菜, 电子信息…), each a row of nodes upstream, midstream and
//! downstream, some of them gaps the county wants filled (补链); the GB/T
//! 4754-2017 classes and registry terms a node stands for; and the one rule
//! that says which fellows fit a node and how strongly ([`fit`]).

mod draft;
mod fit;
pub mod gbt;
mod keywords;
mod segment;

pub use draft::{
    CHAIN_NAME, CHAIN_NOTES, ChainDraft, GAP_NOTE, MAX_CODES, MAX_KEYWORD_CHARS, MAX_KEYWORDS, NODE_NAME, NodeDraft,
    split_list,
};
pub use fit::{Evidence, FellowFacts, Fit, NodeTerms, city_forms, fit, rank_order};
pub use keywords::{KEYWORDS, code_forms, codes_of, texts_for};
pub use segment::Segment;
