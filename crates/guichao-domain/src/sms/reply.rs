//! Replies to a greeting: R, 退订 and their usual variants opt the sender out
//! of further messages; anything else is just a reply.

use serde::Serialize;

/// What a reply asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// No more messages (R, T, TD, 退订, 拒收...).
    OptOut,
    /// Any other text: kept, no action.
    Other,
}

/// The words that opt out, after folding width and case and dropping spaces
/// and punctuation.
const OPT_OUT_WORDS: [&str; 8] = ["r", "t", "td", "n", "退订", "拒收", "退", "取消订阅"];

/// Reads a reply. A reply opts out when all it says is one of the words
/// (`R`, `r`, `Ｒ`, ` 退订 `, `退订。`); a sentence that merely contains an R
/// does not.
pub fn parse_reply(text: &str) -> Reply {
    let folded: String = text
        .chars()
        .map(|c| match c {
            // Full-width ASCII (Ｒ, ｔｄ) to half-width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"。，！？、；：".contains(*c))
        .flat_map(char::to_lowercase)
        .collect();
    if OPT_OUT_WORDS.contains(&folded.as_str()) { Reply::OptOut } else { Reply::Other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_and_tuiding_opt_out() {
        for text in ["R", "r", " R ", "Ｒ", "退订", "退订。", "TD", "td", "拒收", "T"] {
            assert_eq!(parse_reply(text), Reply::OptOut, "{text}");
        }
    }

    #[test]
    fn other_replies_do_not() {
        for text in ["谢谢！新年快乐", "Roger", "", "收到", "RR", "请退订吗"] {
            assert_eq!(parse_reply(text), Reply::Other, "{text}");
        }
    }
}
