//! "Did you mean": the unit names nearest to one a clerk typed that matches
//! none. Rosters are typed by ear as often as by eye, so a name is compared
//! twice: character by character (中州 for 中洲 is one character off) and by
//! its toneless pinyin (长胡 and 长湖 both read changhu). A homophone comes
//! first, then the fewest characters changed.

use pinyin::ToPinyin;

/// At most this many names are suggested.
pub const MAX_SUGGESTIONS: usize = 3;

/// The names among `candidates` nearest to `typed`, best first, at most
/// [`MAX_SUGGESTIONS`]. A name is near when its pinyin differs by at most a
/// quarter of its letters (one at least) or its characters by at most a
/// third (one at least); anything further is noise, and no suggestion is
/// better than a wrong one. Compare like with like: both sides with or both
/// without their kind (镇, 乡, 村).
pub fn nearest_names<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed_chars: Vec<char> = typed.chars().collect();
    if typed_chars.is_empty() {
        return Vec::new();
    }
    let typed_pinyin = reading(typed);
    let mut near: Vec<(usize, usize, &str)> = Vec::new();
    for name in candidates {
        let chars: Vec<char> = name.chars().collect();
        if chars == typed_chars || near.iter().any(|(_, _, n)| *n == name) {
            continue;
        }
        let by_chars = distance(&typed_chars, &chars);
        let pinyin = reading(name);
        let by_sound = distance(&typed_pinyin, &pinyin);
        let chars_allowed = (typed_chars.len().max(chars.len()) / 3).max(1);
        let sound_allowed = (typed_pinyin.len().max(pinyin.len()) / 4).max(1);
        if by_chars <= chars_allowed || by_sound <= sound_allowed {
            near.push((by_sound, by_chars, name));
        }
    }
    near.sort();
    near.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, name)| name).collect()
}

/// The toneless pinyin of a name, as letters; characters without a reading
/// are kept as they are.
fn reading(text: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => out.extend(p.plain().chars()),
            None => out.push(c),
        }
    }
    out
}

/// Levenshtein distance between two sequences.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOWNSHIPS: [&str; 8] = ["中洲乡", "长湖乡", "新墙镇", "筻口镇", "月田镇", "荣家湾镇", "黄沙街镇", "张谷英镇"];

    #[test]
    fn misspelled_townships_find_the_real_one_first() {
        assert_eq!(nearest_names("中州乡", TOWNSHIPS)[0], "中洲乡");
        assert_eq!(nearest_names("长胡乡", TOWNSHIPS)[0], "长湖乡");
        assert_eq!(nearest_names("新强镇", TOWNSHIPS)[0], "新墙镇", "a homophone typed by ear");
        assert_eq!(nearest_names("荣家弯镇", TOWNSHIPS)[0], "荣家湾镇");
    }

    #[test]
    fn a_homophone_comes_before_a_name_one_character_off() {
        let villages = ["荣家村", "荣加村", "容家村"];
        assert_eq!(nearest_names("荣佳村", villages), vec!["荣加村", "荣家村", "容家村"]);
    }

    #[test]
    fn far_names_and_the_exact_name_are_not_suggested() {
        assert!(nearest_names("北京市", TOWNSHIPS).is_empty());
        assert!(nearest_names("", TOWNSHIPS).is_empty());
        assert!(!nearest_names("中洲乡", TOWNSHIPS).contains(&"中洲乡"));
    }

    #[test]
    fn at_most_three_and_each_once() {
        let many = ["一村", "二村", "三村", "四村", "五村", "一村"];
        let found = nearest_names("六村", many);
        assert_eq!(found.len(), MAX_SUGGESTIONS);
        assert_eq!(nearest_names("一寸", ["一村", "一村"]), vec!["一村"]);
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("中洲", "中州"), 1);
    }
}
