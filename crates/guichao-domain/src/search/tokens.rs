//! The document side: the one `search_tokens` string a record is indexed by.

use std::cell::RefCell;

use super::pinyin;
use super::text::{Kind, Runs, clip, fold_char, is_cjk, normalize_into};
use super::{MAX_TEXT_CHARS, MAX_TOKEN_CHARS, MAX_TOKENS};

/// At most this many tokens come from one extra text, so that one long
/// company name or tag list cannot crowd out the others.
const MAX_TOKENS_PER_TEXT: usize = 64;

/// The search tokens of a record whose person name is `name` and whose other
/// searchable texts (companies, city, employer, tags) are `extra`, as one
/// string of space-separated tokens for the full-text index.
///
/// From every text, after [`normalize`](super::normalize): the unigrams and
/// bigrams of each CJK run, and each word of ASCII letters and digits (also
/// split into its letter and digit parts when it mixes them). From the name
/// also its pinyin: full (`zhangsan`), initials (`zs`), surname (`zhang`),
/// given name (`san`) and every syllable, for each reading of a surname that
/// has several (曾 gives `zeng…` and `ceng…`).
///
/// Tokens contain only CJK ideographs, `a-z` and `0-9`; there are no
/// duplicates, the order is deterministic (name first) and there are at most
/// [`MAX_TOKENS`] tokens of at most [`MAX_TOKEN_CHARS`] characters each.
pub fn search_tokens(name: &str, extra: &[&str]) -> String {
    // The bulk writer calls this for every record: its buffers are kept
    // between calls, and tokens are written straight into one string.
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => tokens(name, extra, &mut scratch),
        Err(_) => tokens(name, extra, &mut Scratch::default()),
    })
}

/// Buffers for [`search_tokens`].
#[derive(Default)]
struct Scratch {
    /// The tokens, space-separated, and the table that finds them.
    out: String,
    table: Table,
    /// The normalised name, not folded.
    written: String,
    /// The normalised text of an extra.
    text: String,
    /// The CJK characters of the name, folded and as written.
    folded_cjk: Vec<char>,
    written_cjk: Vec<char>,
    pinyin: pinyin::Scratch,
}

fn tokens(name: &str, extra: &[&str], s: &mut Scratch) -> String {
    let mut list = TokenList::new(&mut s.out, &mut s.table);

    normalize_into(clip(name, MAX_TEXT_CHARS), false, &mut s.written);
    // Folding maps char to char, so the written and folded names line up; it
    // maps CJK to CJK and leaves all else alone, so both have the same runs.
    s.folded_cjk.clear();
    s.written_cjk.clear();
    for w in s.written.chars() {
        let f = fold_char(w);
        if is_cjk(f) {
            s.folded_cjk.push(f);
            s.written_cjk.push(w);
        }
    }
    // A name's characters are one run even when written 张 三 or 阿不都·买买提:
    // people type them together.
    offer_grams(s.folded_cjk.iter().copied(), &mut list.group(MAX_TOKENS));
    let mut group = list.group(MAX_TOKENS);
    for (kind, run) in Runs::new(&s.written) {
        if kind == Kind::Word && !offer_word(run, &mut group) {
            break;
        }
    }
    pinyin::offer_name_tokens(&s.folded_cjk, &s.written_cjk, &mut s.pinyin, &mut list.group(MAX_TOKENS));

    for text in extra {
        normalize_into(clip(text, MAX_TEXT_CHARS), true, &mut s.text);
        offer_text_tokens(&s.text, &mut list.group(MAX_TOKENS_PER_TEXT));
    }
    list.out.as_str().to_owned()
}

/// Offers the unigrams and bigrams of the CJK runs and the words of
/// normalised `text`, in reading order so that a cut keeps the start of the
/// text.
fn offer_text_tokens(text: &str, sink: &mut impl Sink) {
    for (kind, run) in Runs::new(text) {
        let more = match kind {
            Kind::Cjk => offer_grams(run.chars(), sink),
            Kind::Word => offer_word(run, sink),
        };
        if !more {
            return;
        }
    }
}

/// Offers a word, and its letter and digit parts when it mixes them:
/// "huawei2024" is also found by "2024", "3m" by "3". False when the sink
/// takes no more.
fn offer_word(run: &str, sink: &mut impl Sink) -> bool {
    if !sink.token(|out| out.push_str(run)) {
        return false;
    }
    let mut parts = letter_digit_parts(run);
    if parts.next().is_some_and(|first| first.len() < run.len()) {
        for part in letter_digit_parts(run) {
            if !sink.token(|out| out.push_str(part)) {
                return false;
            }
        }
    }
    true
}

/// Offers each character and each adjacent pair, interleaved in reading
/// order. False when the sink takes no more.
fn offer_grams(chars: impl Iterator<Item = char>, sink: &mut impl Sink) -> bool {
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if !sink.token(|out| out.push(c)) {
            return false;
        }
        if let Some(&next) = chars.peek()
            && !sink.token(|out| {
                out.push(c);
                out.push(next);
            })
        {
            return false;
        }
    }
    true
}

/// The letter and digit parts of an ASCII word, in order.
#[cfg(test)]
fn split_letters_digits(word: &str) -> Vec<&str> {
    letter_digit_parts(word).collect()
}

/// The letter and digit parts of an ASCII word, one at a time.
fn letter_digit_parts(word: &str) -> impl Iterator<Item = &str> {
    let bytes = word.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for i in start + 1..bytes.len() {
            if bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit() {
                let part = &word[start..i];
                start = i;
                return Some(part);
            }
        }
        done = true;
        Some(&word[start..])
    })
}

/// Where candidate tokens go, one at a time.
pub(crate) trait Sink {
    /// Offers the token that `write` appends to the string it is given.
    /// False when the sink takes no more tokens (this one included).
    fn token(&mut self, write: impl FnOnce(&mut String)) -> bool;
}

/// All tokens, for tests. Empty ones are dropped.
#[cfg(test)]
impl Sink for Vec<String> {
    fn token(&mut self, write: impl FnOnce(&mut String)) -> bool {
        let mut token = String::new();
        write(&mut token);
        if !token.is_empty() {
            self.push(token);
        }
        true
    }
}

/// Slots of the [`TokenList`]'s hash table: a power of two, over twice
/// [`MAX_TOKENS`].
const SLOTS: usize = 512;

/// Tokens in first-seen order without duplicates, capped in count and length,
/// written into one space-separated string.
struct TokenList<'a> {
    out: &'a mut String,
    table: &'a mut Table,
}

/// The tokens of a [`TokenList`] by hash.
struct Table {
    /// Each token's byte range in the string, its hash and its slot.
    tokens: Vec<Entry>,
    /// Open addressing by hash: 0 for free, else a token's index plus one.
    slots: Box<[u16; SLOTS]>,
}

#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    end: u32,
    hash: u32,
    slot: u16,
}

impl Default for Table {
    fn default() -> Table {
        Table { tokens: Vec::with_capacity(MAX_TOKENS), slots: Box::new([0; SLOTS]) }
    }
}

impl<'a> TokenList<'a> {
    fn new(out: &'a mut String, table: &'a mut Table) -> TokenList<'a> {
        out.clear();
        for entry in table.tokens.drain(..) {
            table.slots[usize::from(entry.slot)] = 0;
        }
        TokenList { out, table }
    }

    /// A sink adding at most `budget` of the tokens offered to it (counting
    /// duplicates, so the work is bounded too), never going past
    /// [`MAX_TOKENS`] in all.
    fn group(&mut self, budget: usize) -> Group<'_, 'a> {
        Group { list: self, left: budget }
    }

    /// Adds the token `write` appends, cut to [`MAX_TOKEN_CHARS`], unless it
    /// is empty or already there.
    fn add(&mut self, write: impl FnOnce(&mut String)) {
        let mark = self.out.len();
        if !self.table.tokens.is_empty() {
            self.out.push(' ');
        }
        let start = self.out.len();
        write(self.out);
        // Tokens are ASCII words or one or two ideographs: truncating the
        // long ones by chars is safe and matches `query_terms`.
        if self.out.len() - start > MAX_TOKEN_CHARS
            && let Some((i, _)) = self.out[start..].char_indices().nth(MAX_TOKEN_CHARS)
        {
            self.out.truncate(start + i);
        }
        let token = &self.out[start..];
        if token.is_empty() {
            self.out.truncate(mark);
            return;
        }
        let hash = hash(token.as_bytes());
        let mut slot = (hash >> (64 - SLOTS.trailing_zeros())) as usize;
        loop {
            match self.table.slots[slot] {
                0 => break,
                i => {
                    let e = self.table.tokens[usize::from(i) - 1];
                    if e.hash == hash as u32 && &self.out[e.start as usize..e.end as usize] == token {
                        self.out.truncate(mark);
                        return;
                    }
                }
            }
            slot = (slot + 1) % SLOTS;
        }
        let entry = Entry { start: start as u32, end: self.out.len() as u32, hash: hash as u32, slot: slot as u16 };
        self.table.tokens.push(entry);
        self.table.slots[slot] = self.table.tokens.len() as u16;
    }
}

/// The tokens of one text, with the budget left.
struct Group<'l, 'a> {
    list: &'l mut TokenList<'a>,
    left: usize,
}

impl Sink for Group<'_, '_> {
    fn token(&mut self, write: impl FnOnce(&mut String)) -> bool {
        if self.left == 0 || self.list.table.tokens.len() >= MAX_TOKENS {
            return false;
        }
        self.left -= 1;
        self.list.add(write);
        true
    }
}

/// A quick hash of a short byte string (tokens have at most 32 characters):
/// FNV-1a. A byte at a time, because the token was written just now, a few
/// bytes at a time, and wider loads would wait for those writes.
fn hash(bytes: &[u8]) -> u64 {
    let h = bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01B3));
    // Mix the low bits, which FNV stirs best, into the high ones the table uses.
    (h ^ (h >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{has, matches};
    use super::*;
    use crate::search::query_terms;

    #[test]
    fn zhang_san_is_found_every_way_people_type_it() {
        let tokens = search_tokens("张三", &[]);
        assert_eq!(tokens, "张 张三 三 zhangsan zs zhang san");
        for query in ["张", "张三", "張三", "zhangsan", "zhang", "zs", "san", "ZHANG SAN", "zha"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
        for query in ["李", "张四", "lisi", "zx"] {
            assert!(!matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn a_traditional_name_gives_the_same_tokens_as_its_simplified_form() {
        assert_eq!(search_tokens("張三", &[]), search_tokens("张三", &[]));
        assert_eq!(search_tokens("歐陽娜娜", &[]), search_tokens("欧阳娜娜", &[]));
    }

    #[test]
    fn zeng_guofan_is_found_by_both_readings_of_the_surname() {
        let tokens = search_tokens("曾国藩", &[]);
        for query in ["zengguofan", "zeng", "cengguofan", "ceng", "zgf", "cgf", "guofan", "曾国"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn shan_and_dan_both_find_the_surname_dan() {
        let tokens = search_tokens("单雄信", &[]);
        for query in ["shanxiongxin", "danxiongxin", "shan", "dan", "sxx", "dxx", "單雄信"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn compound_surnames_are_one_surname() {
        let tokens = search_tokens("欧阳娜娜", &[]);
        for token in ["ouyangnana", "ouyang", "nana", "oynn", "欧阳", "阳娜"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        let tokens = search_tokens("司马光", &[]);
        for token in ["simaguang", "sima", "guang", "smg"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        assert!(has(&search_tokens("長孫無忌", &[]), "zhangsunwuji"));
    }

    #[test]
    fn extras_give_cjk_grams_words_and_digits() {
        let tokens =
            search_tokens("李四", &["深圳市华为技术有限公司", "Huawei", "深圳 Shenzhen", "2024届", "3M中国", "ＩＢＭ"]);
        for token in ["华为", "华", "技术", "huawei", "shenzhen", "2024", "届", "3m", "3", "m", "ibm"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        for query in ["华为技术", "huawei 深圳", "2024", "shen", "李四 华为", "lisi huawei"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
        // Extras are not names: no pinyin from them.
        assert!(!has(&tokens, "shenzhenshi"));
    }

    #[test]
    fn a_name_without_cjk_still_gives_its_words() {
        let tokens = search_tokens("Tom O'Brien", &[]);
        assert_eq!(tokens, "tom o brien");
    }

    #[test]
    fn a_name_written_with_separators_is_still_one_run() {
        let tokens = search_tokens("张 三", &[]);
        assert!(has(&tokens, "张三") && has(&tokens, "zhangsan"));
        let tokens = search_tokens("阿不都热合曼·买买提", &[]);
        assert!(matches(&tokens, &query_terms("买买提")) && matches(&tokens, &query_terms("阿不都")));
        // Extras are different texts: no pair across a separator.
        assert!(!has(&search_tokens("", &["深圳 华为"]), "圳华"));
    }

    #[test]
    fn a_rare_character_without_pinyin_still_gives_unigrams() {
        let tokens = search_tokens("𠮷祥", &[]);
        assert!(has(&tokens, "𠮷") && has(&tokens, "𠮷祥") && has(&tokens, "xiang"));
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "张三李四王五赵六abc123 ".repeat(10_000);
        let tokens = search_tokens(&long, &[&long, &long, &long, &long, &long]);
        let list: Vec<&str> = tokens.split(' ').collect();
        assert!(list.len() <= MAX_TOKENS);
        let word = "a".repeat(10_000);
        let tokens = search_tokens("", &[&word]);
        assert_eq!(tokens.len(), MAX_TOKEN_CHARS);
        assert!(matches(&tokens, &query_terms(&word)));
    }

    #[test]
    fn empty_input_gives_an_empty_string() {
        assert_eq!(search_tokens("", &[]), "");
        assert_eq!(search_tokens(" ,.!", &["", "  "]), "");
    }

    #[test]
    fn letters_and_digits_split() {
        assert_eq!(split_letters_digits("a1b22"), ["a", "1", "b", "22"]);
        assert_eq!(split_letters_digits("abc"), ["abc"]);
    }
}
