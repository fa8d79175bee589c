//! Text folding shared by documents and queries: one normalisation, one notion
//! of which characters make up a searchable run.
//!
//! Documents and queries must fold identically or nothing matches, so both go
//! through [`normalize`] and [`runs`] and nothing else.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    let mut out = String::with_capacity(text.len());
    normalize_into(text, true, &mut out);
    out
}

/// [`normalize`] into `out` (cleared first); without the traditional-to-
/// simplified step when `fold` is false, for the pinyin of a name: folding can
/// change the dictionary's reading (琿 hun folds to 珲 hui), so the name's
/// pinyin also looks at the character as written.
///
/// Folding maps one character to one character (CJK to CJK, all else to
/// itself), so the folded and unfolded results line up char by char and split
/// into the same [`runs`].
pub(crate) fn normalize_into(text: &str, fold: bool, out: &mut String) {
    out.clear();
    if normalize_plain(text, fold, out) {
        return;
    }
    out.clear();
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
            out.push(if fold { fold_char(c) } else { c });
        }
    }
}

/// The fast path of [`normalize_into`] for text made only of [`is_plain`]
/// characters, which is nearly all text in practice: NFKD, dropping marks and
/// NFC leave such text alone (see `is_plain`), so only ASCII lower-casing,
/// white space and folding remain. False, with `out` in any state, when the
/// text has any other character.
fn normalize_plain(text: &str, fold: bool, out: &mut String) -> bool {
    let mut gap = false;
    for c in text.chars() {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if is_plain(c) {
            if fold { fold_char(c) } else { c }
        } else {
            return false;
        };
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
    true
}

/// Characters that the NFKD / drop-marks / lower-case / NFC pipeline of
/// [`normalize_into`] passes through unchanged in any plain context: ASCII
/// (only lower-cased) and the CJK ideographs and punctuation below. Each has no
/// decomposition, is a starter (combining class 0), is no mark, lower-cases to
/// itself, and is the second character of no canonical composition, so NFC
/// cannot join it to its neighbour. `plain_characters_pass_normalization_unchanged`
/// checks all of that for every such character.
pub(crate) fn is_plain(c: char) -> bool {
    c.is_ascii()
        || matches!(
            u32::from(c),
            0x3400..=0x4DBF
                | 0x4E00..=0x9FFF
                | 0x2_0000..=0x2_F7FF
                | 0x3_0000..=0x3_23AF
                | 0x3001..=0x3002
                | 0x3007..=0x3011
                | 0x00B7
                | 0x2014
                | 0x2018..=0x2019
                | 0x201C..=0x201D
                | 0x2022
        )
}

/// Traditional-to-simplified folding of one character.
pub(crate) fn fold_char(c: char) -> char {
    if !is_cjk(c) {
        return c;
    }
    let fold = &*FOLD;
    let code = u32::from(c);
    if (FOLD_BITS_START..=FOLD_BITS_END).contains(&code) {
        let bit = (code - FOLD_BITS_START) as usize;
        if fold.bits[bit / 64] & (1 << (bit % 64)) == 0 {
            return c;
        }
    }
    fold.map.get(&c).copied().unwrap_or(c)
}

/// The folding table, with a bit per character of the main CJK blocks saying
/// whether it is in the map at all: most characters are not, and for them a
/// bit test is all the work.
struct Fold {
    bits: Vec<u64>,
    map: HashMap<char, char, BuildHasherDefault<CharHasher>>,
}

const FOLD_BITS_START: u32 = 0x3400;
const FOLD_BITS_END: u32 = 0x9FFF;

/// A hasher for `char` keys only (a multiply; the keys are not chosen by an
/// attacker but by the OpenCC table).
#[derive(Default)]
pub(crate) struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u32(u32::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

static FOLD: LazyLock<Fold> = LazyLock::new(|| {
    let map = fold_map();
    let mut bits = vec![0u64; (FOLD_BITS_END - FOLD_BITS_START) as usize / 64 + 1];
    for k in map.keys() {
        let code = u32::from(*k);
        if (FOLD_BITS_START..=FOLD_BITS_END).contains(&code) {
            let bit = (code - FOLD_BITS_START) as usize;
            bits[bit / 64] |= 1 << (bit % 64);
        }
    }
    Fold { bits, map: map.into_iter().collect() }
});

/// Character-level traditional-to-simplified table from OpenCC's data.
///
/// zhconv's own converter also applies phrase rules, which can fold a
/// character one way inside a word (the stored text) and another alone (a
/// one-character query). Search needs the same answer everywhere, so only the
/// single-character rules are used.
fn fold_map() -> HashMap<char, char> {
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
}

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
    Runs::new(text).collect()
}

/// [`runs`] one at a time.
pub(crate) struct Runs<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Runs<'a> {
    pub(crate) fn new(text: &'a str) -> Runs<'a> {
        Runs { text, pos: 0 }
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = (Kind, &'a str);

    fn next(&mut self) -> Option<(Kind, &'a str)> {
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        let (start, k) = chars.by_ref().find_map(|(i, c)| kind(c).map(|k| (i, k)))?;
        let end = chars.find(|(_, c)| kind(*c) != Some(k)).map_or(rest.len(), |(i, _)| i);
        self.pos += end;
        Some((k, &rest[start..end]))
    }
}

/// At most `max` characters of `text`, so hostile input costs bounded work.
pub(crate) fn clip(text: &str, max: usize) -> &str {
    // A character takes at least one byte.
    if text.len() <= max {
        return text;
    }
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
    fn plain_characters_pass_normalization_unchanged() {
        use unicode_normalization::char::{canonical_combining_class, decompose_canonical, decompose_compatible};
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // No canonical composition has a plain character second, so NFC
            // never joins one to what precedes it.
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            assert!(parts.iter().skip(1).all(|d| !is_plain(*d)), "U+{:04X}", u32::from(c));
            if !is_plain(c) {
                continue;
            }
            let mut compatible = Vec::new();
            decompose_compatible(c, |d| compatible.push(d));
            assert_eq!(compatible, [c], "U+{:04X}", u32::from(c));
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert!(!is_combining_mark(c), "U+{:04X}", u32::from(c));
            assert_eq!(c.to_lowercase().collect::<Vec<_>>(), [c.to_ascii_lowercase()], "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_folding_table_does_not_depend_on_hash_order() {
        // The chain resolution walks the keys in hash order, which differs
        // from map to map: every order must give the same table.
        let first = fold_map();
        for _ in 0..8 {
            assert_eq!(fold_map(), first);
        }
        assert_eq!(FOLD.map.len(), first.len());
        for (k, v) in &first {
            assert_eq!(fold_char(*k), *v);
        }
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("张三丰", 2), "张三");
        assert_eq!(clip("ab", 5), "ab");
    }
}
