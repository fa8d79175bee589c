//! How long a message is in SMS segments. A Chinese message is sent in UCS-2:
//! one segment holds 70 characters; a longer message is split into parts of 67
//! characters each (3 go to the header that joins them), and the provider
//! bills every part.

use serde::Serialize;

/// Characters in a message that fits one segment.
pub const SINGLE_SEGMENT: usize = 70;
/// Characters in each part of a long (concatenated) message.
pub const LONG_SEGMENT: usize = 67;
/// The line every promotional message ends with (providers require it).
pub const OPT_OUT_LINE: &str = "拒收请回复R";

/// A message's length and the segments it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Segments {
    /// Characters, counting the signature brackets and the opt-out line.
    pub chars: usize,
    pub segments: usize,
    /// Characters per segment at this length (70 or 67).
    pub per_segment: usize,
}

impl Segments {
    /// The segments of `text` as the phone receives it: the signature in
    /// 【】 first (the provider adds it; empty for none), then the text.
    pub fn of(text: &str, signature: &str) -> Segments {
        let signature = signature.trim();
        let brackets = if signature.is_empty() { 0 } else { signature.chars().count() + 2 };
        let chars = text.chars().count() + brackets;
        if chars <= SINGLE_SEGMENT {
            Segments { chars, segments: usize::from(chars > 0), per_segment: SINGLE_SEGMENT }
        } else {
            Segments { chars, segments: chars.div_ceil(LONG_SEGMENT), per_segment: LONG_SEGMENT }
        }
    }
}

/// The text with the opt-out line at its end, added once: a template that
/// already ends with it keeps one.
pub fn with_opt_out(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(OPT_OUT_LINE) {
        return text.to_string();
    }
    // The line follows the text's own last punctuation, or a full stop.
    let end = text.chars().last();
    if text.is_empty() {
        OPT_OUT_LINE.to_string()
    } else if matches!(end, Some('。' | '！' | '？' | '!' | '?' | '.' | '，' | ',' | '；' | ';')) {
        format!("{text}{OPT_OUT_LINE}")
    } else {
        format!("{text}。{OPT_OUT_LINE}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventy_characters_fit_one_segment() {
        let text = "春".repeat(70);
        assert_eq!(Segments::of(&text, ""), Segments { chars: 70, segments: 1, per_segment: 70 });
    }

    #[test]
    fn a_long_message_goes_in_parts_of_67() {
        assert_eq!(Segments::of(&"春".repeat(71), "").segments, 2);
        assert_eq!(Segments::of(&"春".repeat(134), "").segments, 2);
        assert_eq!(Segments::of(&"春".repeat(135), "").segments, 3);
        assert_eq!(Segments::of(&"春".repeat(71), "").per_segment, 67);
    }

    #[test]
    fn the_signature_counts_with_its_brackets() {
        // 【某县统战部】 is 7 characters: 64 + 7 = 71, two segments.
        let s = Segments::of(&"春".repeat(64), "某县统战部");
        assert_eq!(s.chars, 71);
        assert_eq!(s.segments, 2);
        assert_eq!(Segments::of(&"春".repeat(63), "某县统战部").segments, 1);
    }

    #[test]
    fn latin_letters_count_as_characters_too() {
        assert_eq!(Segments::of("Happy new year", "").chars, 14);
        assert_eq!(Segments::of("", "").segments, 0);
    }

    #[test]
    fn the_opt_out_line_is_added_once() {
        assert_eq!(with_opt_out("新春快乐"), "新春快乐。拒收请回复R");
        assert_eq!(with_opt_out("新春快乐！"), "新春快乐！拒收请回复R");
        assert_eq!(with_opt_out("新春快乐。拒收请回复R"), "新春快乐。拒收请回复R");
        assert_eq!(with_opt_out("新春快乐。拒收请回复R  "), "新春快乐。拒收请回复R");
    }
}
