//! Text folding shared by documents and queries: one normalisation, one notion
//! of which characters make up a searchable run.
//!
//! Documents and queries must fold identically or nothing matches, so both go
//! through [`normalize`] and [`runs`] and nothing else.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `text` for search: compatibility forms to plain ones (NFKC, so
/// full-width `ＺＨＡＮＧ　３` becomes `zhang 3`), accents and tone marks
/// dropped (`lǚ` becomes `lu`), lower case, traditional characters to
/// simplified ones (`張` becomes `张`) and runs of white space to one space.
///
/// Only for search: names are stored as written.
pub fn normalize(text: &str) -> String {
    normalize_unfolded(text).chars().map(fold_char).collect()
}

/// [`normalize`] without the traditional-to-simplified step, for the pinyin of
/// a name: folding can change the dictionary's reading (琿 hun folds to 珲
/// hui), so the name's pinyin also looks at the character as written.
///
/// Folding maps one character to one character, so the result lines up char by
/// char with [`normalize`]'s.
pub(crate) fn normalize_unfolded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    // Decompose fully first so that marks (accents, tones, the dots of İ) come
    // apart from their letters and can be dropped; recompose at the end only so
    // that Hangul, which NFKD splits into jamo, comes back whole.
    let folded = text.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).nfc();
    for c in folded {
        if c.is_whitespace() || c.is_control() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// Traditional-to-simplified folding of one character.
pub(crate) fn fold_char(c: char) -> char {
    if is_cjk(c) { FOLD.get(&c).copied().unwrap_or(c) } else { c }
}

/// Character-level traditional-to-simplified table from OpenCC's data.
///
/// zhconv's own converter also applies phrase rules, which can fold a
/// character one way inside a word (the stored text) and another alone (a
/// one-character query). Search needs the same answer everywhere, so only the
/// single-character rules are used.
static FOLD: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for table in zhconv::get_builtin_tables(zhconv::Variant::ZhHans) {
        for (from, to) in zhconv::tables::expand_table(*table) {
            let (mut from, mut to) = (from.chars(), to.chars());
            if let (Some(f), None, Some(t), None) = (from.next(), from.next(), to.next(), to.next())
                && f != t
                && is_cjk(t)
            {
                // The table has the first (most common) target first; keep it.
                map.entry(f).or_insert(t);
            }
        }
    }
    // Resolve chains (a -> b -> c) so that folding twice equals folding once:
    // a query typed in the already-simplified b must fold like the stored a.
    let keys: Vec<char> = map.keys().copied().collect();
    for k in keys {
        let mut target = map[&k];
        for _ in 0..4 {
            match map.get(&target) {
                Some(&next) if next != k => target = next,
                _ => break,
            }
        }
        map.insert(k, target);
    }
    map
});

/// Whether `c` is a CJK ideograph: the unified blocks with their extensions
/// (rare name characters such as 𠮷 live in extension B), compatibility
/// ideographs and 〇.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x2_0000..=0x3_23AF
    )
}

/// What a run of normalised text is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// CJK ideographs, searched by unigrams and bigrams.
    Cjk,
    /// ASCII letters and digits, searched as words.
    Word,
}

fn kind(c: char) -> Option<Kind> {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        Some(Kind::Word)
    } else if is_cjk(c) {
        Some(Kind::Cjk)
    } else {
        None
    }
}

/// Splits normalised text into maximal runs of one [`Kind`].
///
/// Everything else (punctuation, other scripts, FTS5 or tsquery operators) is
/// a separator, which is what keeps tokens and terms safe to hand to either
/// full-text engine.
pub(crate) fn runs(text: &str) -> Vec<(Kind, &str)> {
    let mut out = Vec::new();
    let mut current: Option<(Kind, usize)> = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        match (current, k) {
            (Some((ck, _)), Some(k)) if ck == k => {}
            (Some((ck, start)), _) => {
                out.push((ck, &text[start..i]));
                current = k.map(|k| (k, i));
            }
            (None, _) => current = k.map(|k| (k, i)),
        }
    }
    if let Some((k, start)) = current {
        out.push((k, &text[start..]));
    }
    out
}

/// At most `max` characters of `text`, so hostile input costs bounded work.
pub(crate) fn clip(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_digits_and_spaces_become_half_width() {
        assert_eq!(normalize("ＺＨＡＮＧ　三　１２３"), "zhang 三 123");
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(normalize("張三 歐陽娜娜 單雄信"), "张三 欧阳娜娜 单雄信");
    }

    #[test]
    fn folding_is_per_character_not_per_phrase() {
        // A one-character query must fold as that character does in a name.
        for text in ["後來", "乾燥", "關於", "頭髮", "發財"] {
            let alone: String = text.chars().map(|c| normalize(&c.to_string())).collect();
            assert_eq!(normalize(text), alone, "{text}");
        }
    }

    #[test]
    fn folding_twice_is_folding_once() {
        // The table has a chain 薴 -> 苧 -> 苎; all three must end up alike.
        assert_eq!(normalize("薴苧苎"), "苎苎苎");
    }

    #[test]
    fn white_space_collapses_and_trims() {
        assert_eq!(normalize(" \t张\n\n 三 \u{3000}"), "张 三");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{3000} "), "");
    }

    #[test]
    fn accents_and_tone_marks_are_dropped() {
        assert_eq!(normalize("Lǚ Zhāng Café İstanbul"), "lu zhang cafe istanbul");
    }

    #[test]
    fn compatibility_ideographs_become_unified_ones() {
        // U+F900 is a compatibility form of 豈.
        assert_eq!(normalize("\u{F900}"), normalize("豈"));
    }

    #[test]
    fn runs_split_by_kind_and_drop_everything_else() {
        let text = normalize("张san,Huawei2024!\"OR\"*深圳");
        let got: Vec<_> = runs(&text);
        assert_eq!(
            got,
            vec![
                (Kind::Cjk, "张"),
                (Kind::Word, "san"),
                (Kind::Word, "huawei2024"),
                (Kind::Word, "or"),
                (Kind::Cjk, "深圳"),
            ]
        );
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("张三丰", 2), "张三");
        assert_eq!(clip("ab", 5), "ab");
    }
}
