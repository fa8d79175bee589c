//! Pinyin tokens of a person's name: full pinyin (zhangsan), initials (zs),
//! surname (zhang), given name (san) and every syllable, for every reading
//! of a surname that has several.

use ::pinyin::ToPinyin;

use super::surnames;
use super::tokens::Sink;

/// At most this many reading combinations per name: each surname reading and
/// each doubtful given-name character multiplies them.
const MAX_COMBINATIONS: usize = 8;

/// A syllable: a range of [`Scratch::text`].
#[derive(Clone, Copy, Debug)]
struct Syllable {
    start: u32,
    end: u32,
}

/// Buffers for [`offer_name_tokens`], kept between calls so that a name costs no
/// allocation.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The text of all syllables.
    text: String,
    /// The surname's syllables, reading after reading.
    surname: Vec<Syllable>,
    /// Each surname reading as a range of `surname`; an empty range is the
    /// empty reading of a surname nobody can read.
    readings: Vec<(usize, usize)>,
    /// The alternative syllables of the readable given-name characters, one
    /// character after another.
    given: Vec<Syllable>,
    /// Each readable given-name character as a range of `given`, never empty.
    positions: Vec<(usize, usize)>,
    /// The alternative each position takes in the current combination.
    choice: Vec<usize>,
}

impl Scratch {
    fn syllable(&self, s: Syllable) -> &str {
        &self.text[s.start as usize..s.end as usize]
    }
}

/// Pinyin tokens of a name, given its CJK characters as folded for search
/// (`folded`) and as written (`written`), aligned one to one, offered to
/// `sink` in order until it takes no more.
///
/// Characters the dictionary has no reading for are left out; a name with no
/// readable character gives no tokens.
pub(crate) fn offer_name_tokens(folded: &[char], written: &[char], scratch: &mut Scratch, sink: &mut impl Sink) {
    let s = scratch;
    s.text.clear();
    s.surname.clear();
    s.readings.clear();
    s.given.clear();
    s.positions.clear();

    let surname_len = surname_readings(folded, written, s);
    for (f, w) in folded[surname_len..].iter().zip(&written[surname_len..]) {
        let start = s.given.len();
        char_readings_into(*f, *w, &mut s.text, &mut s.given);
        if s.given.len() > start {
            s.positions.push((start, s.given.len()));
        }
    }
    let mut choice = std::mem::take(&mut s.choice);
    choice.clear();
    choice.resize(s.positions.len(), 0);
    offer(s, &mut choice, sink);
    s.choice = choice;
}

/// Offers the tokens of the readings in `s` to `sink`; `choice` is all zeros,
/// one per given-name position.
fn offer(s: &Scratch, choice: &mut [usize], sink: &mut impl Sink) {
    // Given-name combinations outermost so that every surname reading is
    // paired with the most likely given name before the cap cuts anything.
    // The combinations of one alternative per position come in the order of
    // an odometer, the last position turning fastest: most likely first.
    fn given<'s>(s: &'s Scratch, choice: &'s [usize]) -> impl Iterator<Item = &'s str> + Clone {
        s.positions.iter().zip(choice).map(|(&(start, _), &c)| s.syllable(s.given[start + c]))
    }
    let mut combinations = 0;
    'combinations: loop {
        let current: &[usize] = choice;
        for &(from, to) in &s.readings {
            if combinations == MAX_COMBINATIONS {
                break 'combinations;
            }
            combinations += 1;
            let surname = || s.surname[from..to].iter().map(|x| s.syllable(*x));
            if from == to && s.positions.is_empty() {
                continue;
            }
            let whole = || surname().chain(given(s, current));
            if !sink.token(|out| whole().for_each(|x| out.push_str(x))) {
                return;
            }
            if !sink.token(|out| whole().filter_map(|x| x.get(..1)).for_each(|x| out.push_str(x))) {
                return;
            }
            if from < to && !sink.token(|out| surname().for_each(|x| out.push_str(x))) {
                return;
            }
            if !s.positions.is_empty() && !sink.token(|out| given(s, current).for_each(|x| out.push_str(x))) {
                return;
            }
        }
        // The next combination, or none left.
        let mut i = choice.len();
        loop {
            if i == 0 {
                break 'combinations;
            }
            i -= 1;
            let (start, end) = s.positions[i];
            choice[i] += 1;
            if choice[i] < end - start {
                break;
            }
            choice[i] = 0;
        }
    }
    for syllable in s.surname.iter().chain(&s.given) {
        if !sink.token(|out| out.push_str(s.syllable(*syllable))) {
            return;
        }
    }
}

/// All the tokens [`offer_name_tokens`] offers.
#[cfg(test)]
pub(crate) fn name_tokens(folded: &[char], written: &[char]) -> Vec<String> {
    let mut tokens = Vec::new();
    offer_name_tokens(folded, written, &mut Scratch::default(), &mut tokens);
    tokens
}

/// A name in plain pinyin, one reading per character, the surname read as a
/// surname (单 shan, 曾 zeng) and ü written v: 王建国 gives `wangjianguo`.
/// Characters without a reading are left out.
pub fn name_pinyin(written: &str) -> String {
    let chars: Vec<char> = written.chars().collect();
    let mut s = Scratch::default();
    let surname_len = surname_readings(&chars, &chars, &mut s);
    let mut out = String::new();
    if let Some(&(from, to)) = s.readings.first() {
        s.surname[from..to].iter().for_each(|&x| out.push_str(s.syllable(x)));
    }
    for &c in &chars[surname_len.min(chars.len())..] {
        let (mut text, mut readings) = (String::new(), Vec::new());
        char_readings_into(c, c, &mut text, &mut readings);
        if let Some(first) = readings.first() {
            out.push_str(&text[first.start as usize..first.end as usize]);
        }
    }
    out
}

/// Reads the surname into `s.surname` and `s.readings` and returns how many
/// leading characters it takes. A surname without any reading gives one empty
/// reading, so that the given name still yields tokens.
fn surname_readings(folded: &[char], written: &[char], s: &mut Scratch) -> usize {
    if let Some((len, readings)) = surnames::lookup_readings(folded) {
        for reading in readings {
            let start = s.surname.len();
            // (The table has no empty syllables, and an empty one would only
            // give empty tokens, which are dropped.)
            for syllable in reading.split(' ').filter(|x| !x.is_empty()) {
                let from = s.text.len();
                s.text.push_str(syllable);
                s.surname.push(Syllable { start: from as u32, end: s.text.len() as u32 });
            }
            s.readings.push((start, s.surname.len()));
        }
        return len;
    }
    let Some((f, w)) = folded.first().zip(written.first()) else {
        s.readings.push((0, 0));
        return 0;
    };
    char_readings_into(*f, *w, &mut s.text, &mut s.surname);
    if s.surname.is_empty() {
        s.readings.push((0, 0));
    } else {
        s.readings.extend((0..s.surname.len()).map(|i| (i, i + 1)));
    }
    1
}

/// The readings `char_readings_into` gives, as strings.
#[cfg(test)]
pub(crate) fn char_readings(folded: char, written: char) -> Vec<String> {
    let (mut text, mut out) = (String::new(), Vec::new());
    char_readings_into(folded, written, &mut text, &mut out);
    out.iter().map(|s| text[s.start as usize..s.end as usize].to_string()).collect()
}

/// The dictionary's most common reading of a character, in ASCII, appended
/// to `out` as syllables of `text`, without duplicates. When folding changed
/// the character (琿 to 珲), the written one's reading comes too, because the
/// folded character may be read differently.
///
/// A toneless dictionary reading in ASCII: ü is written v by input methods
/// and u by most people, so `lü` gives both `lv` and `lu`; ê becomes e.
fn char_readings_into(folded: char, written: char, text: &mut String, out: &mut Vec<Syllable>) {
    let first = out.len();
    // The written character gives nothing new when folding left it alone.
    let chars = if folded == written { &[folded][..] } else { &[folded, written][..] };
    for c in chars {
        let Some(p) = c.to_pinyin() else { continue };
        let plain = p.plain();
        // One pass per spelling of ü; a reading without ü has one spelling.
        let variants: &[char] = if plain.contains('ü') { &['v', 'u'] } else { &['ü'] };
        for &u in variants {
            let start = text.len();
            for ch in plain.chars() {
                let ch = match ch {
                    'ê' => 'e',
                    'ü' => u,
                    ch => ch,
                };
                if ch.is_ascii_lowercase() {
                    text.push(ch);
                }
            }
            let new = &text[start..];
            let seen = out[first..].iter().any(|s| &text[s.start as usize..s.end as usize] == new);
            if new.is_empty() || seen {
                text.truncate(start);
            } else {
                out.push(Syllable { start: start as u32, end: text.len() as u32 });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_plain_pinyin_reads_its_surname_as_a_surname() {
        assert_eq!(name_pinyin("王建国"), "wangjianguo");
        assert_eq!(name_pinyin("单雄"), "shanxiong");
        assert_eq!(name_pinyin("曾丽"), "zengli");
        assert_eq!(name_pinyin("欧阳吕"), "ouyanglv");
        assert_eq!(name_pinyin("张A三"), "zhangsan");
    }

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
