//! The query side: what a search box's text becomes before a store renders
//! it into its engine's syntax.

use super::text::{Kind, clip, is_cjk, normalize, runs};
use super::{MAX_QUERY_TERMS, MAX_TOKEN_CHARS};

/// Only this much of a query is looked at; nobody types more into a search box.
const MAX_QUERY_CHARS: usize = 64;

/// One term of a query. A record matches a query when every term matches one
/// of its tokens (from [`search_tokens`](super::search_tokens)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueryTerm {
    /// CJK ideographs, `a-z` and `0-9` only, never empty: safe inside an FTS5
    /// string or a `to_tsquery('simple', …)` lexeme without escaping.
    pub text: String,
    /// When true the term matches any token it is a prefix of (search as you
    /// type: `zha` finds `zhangsan`); otherwise only an equal token.
    pub prefix: bool,
}

/// The terms of a search-box query, after [`normalize`].
///
/// A CJK run of one or two characters is one exact term; a longer one gives
/// pairs that cover it without overlapping except at the end (`ABCDE` gives
/// `AB`, `CD`, `DE`): the index holds unigrams and bigrams, not longer runs
/// and not their positions, so the overlapping pairs in between would only
/// make the index intersect one more list for each; a word of letters or digits is a prefix term (`zs` finds the
/// initials, `138` a number starting so). `张san` is `张` and `san*`.
/// Anything else separates terms and is dropped, so no query syntax can get
/// through; punctuation alone gives no terms. At most [`MAX_QUERY_TERMS`].
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let query = normalize(clip(query, MAX_QUERY_CHARS));
    let mut terms: Vec<QueryTerm> = Vec::new();
    let mut add = |text: String, prefix: bool| {
        let term = QueryTerm { text, prefix };
        if terms.len() < MAX_QUERY_TERMS && !terms.contains(&term) {
            terms.push(term);
        }
    };
    for (kind, run) in runs(&query) {
        match kind {
            Kind::Cjk => {
                let chars: Vec<char> = run.chars().collect();
                if chars.len() <= 2 {
                    add(run.to_string(), false);
                } else {
                    for start in (0..chars.len() - 1).step_by(2).chain([chars.len() - 2]) {
                        add(chars[start..start + 2].iter().collect(), false);
                    }
                }
            }
            // Tokens are cut at the same length, so a cut prefix still matches.
            Kind::Word => add(clip(run, MAX_TOKEN_CHARS).to_string(), true),
        }
    }
    terms
}

/// The names that start with `typed` as written, as a range `[from, to)`
/// compared byte by byte, when `typed` (trimmed) is made only of CJK
/// ideographs; `None` for anything else.
///
/// `to` is `typed` with its last character replaced by the next code point,
/// so every name with the prefix lies in the range and no other (UTF-8 keeps
/// code point order, and no CJK block borders the surrogates). Such a name
/// always matches [`query_terms`]`(typed)`: its indexed characters and pairs
/// begin with those of `typed` (a property test checks it), which lets a
/// store read the best matches of a surname from a name index instead of
/// ranking every match.
pub fn name_prefix_range(typed: &str) -> Option<(String, String)> {
    let typed = typed.trim();
    let last = typed.chars().last()?;
    if !typed.chars().all(is_cjk) {
        return None;
    }
    let next = char::from_u32(u32::from(last) + 1)?;
    let mut to = typed[..typed.len() - last.len_utf8()].to_string();
    to.push(next);
    Some((typed.to_string(), to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> QueryTerm {
        QueryTerm { text: text.into(), prefix: false }
    }

    fn prefix(text: &str) -> QueryTerm {
        QueryTerm { text: text.into(), prefix: true }
    }

    #[test]
    fn one_or_two_cjk_characters_are_one_exact_term() {
        assert_eq!(query_terms("张"), [exact("张")]);
        assert_eq!(query_terms("张三"), [exact("张三")]);
    }

    #[test]
    fn longer_cjk_runs_become_bigrams_that_cover_them() {
        assert_eq!(query_terms("张三丰"), [exact("张三"), exact("三丰")]);
        assert_eq!(query_terms("欧阳娜娜"), [exact("欧阳"), exact("娜娜")]);
        assert_eq!(query_terms("华湘电子科"), [exact("华湘"), exact("电子"), exact("子科")]);
    }

    #[test]
    fn traditional_queries_fold_to_simplified() {
        assert_eq!(query_terms("張三"), [exact("张三")]);
    }

    #[test]
    fn words_and_digits_are_prefix_terms() {
        assert_eq!(query_terms("zha"), [prefix("zha")]);
        assert_eq!(query_terms("ZS 138"), [prefix("zs"), prefix("138")]);
    }

    #[test]
    fn full_width_queries_are_folded() {
        assert_eq!(query_terms("ＺＨＡＮＧ"), [prefix("zhang")]);
        assert_eq!(query_terms("ｚｈａｎｇ　三"), [prefix("zhang"), exact("三")]);
    }

    #[test]
    fn mixed_scripts_split_into_runs() {
        assert_eq!(query_terms("张san"), [exact("张"), prefix("san")]);
        assert_eq!(query_terms("华为Huawei2024"), [exact("华为"), prefix("huawei2024")]);
    }

    #[test]
    fn empty_and_punctuation_only_queries_have_no_terms() {
        for query in ["", "   ", "!!!", "\"*\"", "（）——", ":* & | !", "ㅋㅋ"] {
            assert!(query_terms(query).is_empty(), "{query:?}");
        }
    }

    #[test]
    fn query_syntax_is_stripped() {
        // Eleven words: the last one, w, falls to the cap.
        assert_eq!(
            query_terms("\"zhang\" OR san* NEAR(a b) -x ^y zs:* & !li | 'w'"),
            ["zhang", "or", "san", "near", "a", "b", "x", "y", "zs", "li"].map(prefix).to_vec()
        );
    }

    #[test]
    fn only_cjk_text_gives_a_name_range() {
        assert_eq!(name_prefix_range(" 王 "), Some(("王".into(), "玌".into())));
        assert_eq!(name_prefix_range("張三"), Some(("張三".into(), "張上".into())));
        assert_eq!(name_prefix_range("\u{9fff}"), Some(("\u{9fff}".into(), "\u{a000}".into())));
        for typed in ["", "  ", "zhang", "王a", "王 小", "王·", "王1"] {
            assert_eq!(name_prefix_range(typed), None, "{typed:?}");
        }
        let (from, to) = name_prefix_range("王").unwrap();
        for name in ["王", "王伟", "王\u{10ffff}"] {
            assert!(from.as_str() <= name && name < to.as_str(), "{name}");
        }
        for name in ["汪", "玌", "丁王", ""] {
            assert!(!(from.as_str() <= name && name < to.as_str()), "{name}");
        }
    }

    #[test]
    fn terms_are_deduplicated_and_bounded() {
        assert_eq!(query_terms("zhang ZHANG Zhang"), [prefix("zhang")]);
        let many = (0..50).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(query_terms(&many).len(), MAX_QUERY_TERMS);
        assert_eq!(query_terms(&"长".repeat(1000)), [exact("长长")]);
        let long = "z".repeat(100);
        assert_eq!(query_terms(&long), [prefix(&long[..MAX_TOKEN_CHARS])]);
    }
}
