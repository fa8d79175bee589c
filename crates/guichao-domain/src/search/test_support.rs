//! The matching rule the stores implement, written out plainly for tests.

use super::QueryTerm;

/// Whether a record indexed by `tokens` matches all `terms`: an exact term
/// equals a token, a prefix term starts one. No terms match nothing, as a
/// store would not run an empty query.
pub(crate) fn matches(tokens: &str, terms: &[QueryTerm]) -> bool {
    !terms.is_empty()
        && terms.iter().all(|term| {
            tokens.split(' ').any(|token| if term.prefix { token.starts_with(&term.text) } else { token == term.text })
        })
}

/// Whether `tokens` holds `token` exactly.
pub(crate) fn has(tokens: &str, token: &str) -> bool {
    tokens.split(' ').any(|t| t == token)
}
