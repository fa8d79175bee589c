//! Search folding for Chinese names and texts: the tokens a record is indexed
//! by and the terms a query is matched with.
//!
//! People look for 张三 as 张三, 張三, zhangsan, zhang, zs or by a company or
//! city. A record is indexed by one string from [`search_tokens`]; a search
//! box's text becomes [`query_terms`], all of which must match a token. Both
//! sides fold text with [`normalize`] so that they meet. Each store renders
//! the terms into its own full-text engine (SQLite FTS5, PostgreSQL
//! `to_tsquery('simple', …)`); tokens and terms hold only CJK ideographs,
//! `a-z` and `0-9`, so nothing a user types can become query syntax.

mod pinyin;
mod query;
mod sort_key;
mod surnames;
mod text;
mod tokens;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

pub use pinyin::name_pinyin;
pub use query::{QueryTerm, name_prefix_range, query_terms};
pub use sort_key::sort_key;
pub use text::normalize;
pub use tokens::search_tokens;

/// How many characters of `name` (as written) its surname takes: 2 for a
/// compound surname such as 欧阳 followed by a given name, else 1 (0 for an
/// empty name). For a salutation such as 尊敬的欧阳先生.
pub fn surname_len(name: &str) -> usize {
    let chars: Vec<char> = name.trim().chars().collect();
    if chars.is_empty() {
        return 0;
    }
    surnames::lookup_readings(&chars).map_or(1, |(len, _)| len)
}

/// Most tokens one record gets from [`search_tokens`].
pub const MAX_TOKENS: usize = 200;

/// Longest token or term, in characters: longer words are cut on both sides
/// alike, so a cut query word still finds the cut token.
pub const MAX_TOKEN_CHARS: usize = 32;

/// Most terms one query gets from [`query_terms`]; later words are ignored.
pub const MAX_QUERY_TERMS: usize = 10;

/// Only this many characters of each text are indexed.
const MAX_TEXT_CHARS: usize = 256;
