//! Pinyin tokens of a person's name: full pinyin (zhangsan), initials (zs),
//! surname (zhang), given name (san) and every syllable, for every reading
//! of a surname that has several.

use ::pinyin::ToPinyin;

use super::surnames;

/// At most this many reading combinations per name: each surname reading and
/// each doubtful given-name character multiplies them.
const MAX_COMBINATIONS: usize = 8;

/// One way to read part of a name: its syllables.
type Reading = Vec<String>;

/// Pinyin tokens of a name, given its CJK characters as folded for search
/// (`folded`) and as written (`written`), aligned one to one.
///
/// Characters the dictionary has no reading for are left out; a name with no
/// readable character gives no tokens.
pub(crate) fn name_tokens(folded: &[char], written: &[char]) -> Vec<String> {
    let (surname_len, surname) = surname_readings(folded, written);
    let given: Vec<Vec<Reading>> = folded[surname_len..]
        .iter()
        .zip(&written[surname_len..])
        .map(|(f, w)| char_readings(*f, *w).into_iter().map(|r| vec![r]).collect())
        .filter(|alternatives: &Vec<Reading>| !alternatives.is_empty())
        .collect();

    let mut tokens = Vec::new();
    // Given-name combinations outermost so that every surname reading is
    // paired with the most likely given name before the cap cuts anything.
    let combinations = product(&given)
        .into_iter()
        .flat_map(|g| surname.iter().map(move |s| (s.clone(), g.clone())))
        .take(MAX_COMBINATIONS);
    for (s, g) in combinations {
        let whole: Vec<&String> = s.iter().chain(&g).collect();
        if whole.is_empty() {
            continue;
        }
        tokens.push(whole.iter().map(|x| x.as_str()).collect());
        tokens.push(whole.iter().filter_map(|x| x.get(..1)).collect());
        tokens.push(s.concat());
        tokens.push(g.concat());
    }
    for alternatives in surname.iter().chain(given.iter().flatten()) {
        tokens.extend(alternatives.iter().cloned());
    }
    tokens.retain(|t| !t.is_empty());
    tokens
}

/// How many leading characters are the surname, and its readings. A surname
/// without any reading gives one empty reading, so that the given name still
/// yields tokens.
fn surname_readings(folded: &[char], written: &[char]) -> (usize, Vec<Reading>) {
    if let Some((len, readings)) = surnames::lookup(folded) {
        let readings = readings.into_iter().map(|r| r.into_iter().map(String::from).collect()).collect();
        return (len, readings);
    }
    let Some((f, w)) = folded.first().zip(written.first()) else {
        return (0, vec![Vec::new()]);
    };
    let readings: Vec<Reading> = char_readings(*f, *w).into_iter().map(|r| vec![r]).collect();
    if readings.is_empty() { (1, vec![Vec::new()]) } else { (1, readings) }
}

/// The dictionary's most common reading of a character, in ASCII. When
/// folding changed the character (琿 to 珲), the written one's reading comes
/// too, because the folded character may be read differently.
pub(crate) fn char_readings(folded: char, written: char) -> Vec<String> {
    let mut out = Vec::new();
    for c in [folded, written] {
        if let Some(p) = c.to_pinyin() {
            for r in ascii(p.plain()) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// A toneless dictionary reading in ASCII. ü is written v by input methods
/// and u by most people, so `lü` gives both `lv` and `lu`; ê becomes e.
fn ascii(plain: &str) -> Vec<String> {
    let keep = |s: String| -> String { s.chars().filter(char::is_ascii_lowercase).collect() };
    let plain = plain.replace('ê', "e");
    let mut out = Vec::new();
    if plain.contains('ü') {
        out.push(keep(plain.replace('ü', "v")));
        out.push(keep(plain.replace('ü', "u")));
    } else {
        out.push(keep(plain));
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Every combination of one alternative per position, most likely first,
/// capped at [`MAX_COMBINATIONS`]. Each combination is a list of syllables.
fn product(positions: &[Vec<Reading>]) -> Vec<Reading> {
    let mut acc: Vec<Reading> = vec![Vec::new()];
    for alternatives in positions {
        acc = acc
            .iter()
            .flat_map(|prefix| {
                alternatives.iter().map(move |alt| {
                    let mut next = prefix.clone();
                    next.extend(alt.iter().cloned());
                    next
                })
            })
            .take(MAX_COMBINATIONS)
            .collect();
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(folded: &str, written: &str) -> Vec<String> {
        let f: Vec<char> = folded.chars().collect();
        let w: Vec<char> = written.chars().collect();
        name_tokens(&f, &w)
    }

    #[test]
    fn a_plain_name_gives_full_initials_surname_given_and_syllables() {
        assert_eq!(tokens("张三丰", "张三丰"), ["zhangsanfeng", "zsf", "zhang", "sanfeng", "zhang", "san", "feng"]);
    }

    #[test]
    fn every_surname_reading_is_paired_with_the_given_name() {
        let t = tokens("曾国藩", "曾国藩");
        for want in ["zengguofan", "cengguofan", "zgf", "cgf", "zeng", "ceng", "guofan"] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
    }

    #[test]
    fn u_umlaut_gives_v_and_u() {
        assert_eq!(char_readings('吕', '吕'), ["lv", "lu"]);
        let t = tokens("吕布", "吕布");
        assert!(t.contains(&"lvbu".to_string()) && t.contains(&"lubu".to_string()));
    }

    #[test]
    fn a_character_folding_changed_keeps_its_written_reading() {
        // 琿 folds to 珲, which the dictionary reads hui; as written it is hun.
        assert_eq!(char_readings('珲', '琿'), ["hui", "hun"]);
    }

    #[test]
    fn characters_without_reading_are_skipped() {
        // U+20BB7 (a variant of 吉 used in names) has no entry in the dictionary.
        assert!(char_readings('𠮷', '𠮷').is_empty());
        assert_eq!(tokens("𠮷祥", "𠮷祥"), ["xiang", "x", "xiang", "xiang"]);
    }

    #[test]
    fn combinations_are_capped() {
        // Many doubtful characters (every 吕 has two readings) stay bounded.
        let t = tokens("曾吕吕吕吕吕吕", "曾吕吕吕吕吕吕");
        assert!(t.len() <= MAX_COMBINATIONS * 4 + 2 + 6 * 2, "{}", t.len());
    }

    #[test]
    fn an_empty_name_gives_nothing() {
        assert!(tokens("", "").is_empty());
    }
}
