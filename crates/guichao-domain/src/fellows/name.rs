//! A person's name as written: Han names, minority names joined by a middle dot
//! (阿依古丽·买买提) and Latin names. Folding for search happens elsewhere; the
//! registry keeps the name exactly as the fellow writes it.

use super::FieldError;
use super::text::fold_width;

/// A trimmed name of 1-30 characters holding at least one Chinese character or letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

const MAX_CHARS: usize = 30;

impl PersonName {
    /// Checks a name; the text kept is the input trimmed, nothing else changed.
    pub fn parse(text: &str) -> Result<PersonName, FieldError> {
        let name = text.trim_matches(|c: char| c.is_whitespace());
        if name.is_empty() {
            return Err(FieldError::NameEmpty);
        }
        if name.chars().count() > MAX_CHARS {
            return Err(FieldError::NameTooLong);
        }
        // Checked on a folded copy so that full-width letters and spaces pass.
        let folded = fold_width(name);
        if !folded.chars().all(|c| is_cjk(c) || is_latin(c) || c == ' ' || is_name_mark(c)) {
            return Err(FieldError::NameCharacters);
        }
        if !folded.chars().any(|c| is_cjk(c) || is_latin(c)) {
            return Err(FieldError::NameNoLetter);
        }
        Ok(PersonName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Han characters, including the rare ones of the extension blocks that some names use.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Latin letters, with the accented ones of pinyin (lǚ) and European names.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{C0}'..='\u{24F}' if c != '×' && c != '÷')
}

/// The middle dots that separate the parts of a transcribed name (·, ・, •, ‧), and
/// the hyphen, apostrophe and full stop of Latin names.
fn is_name_mark(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧' | '-' | '\'' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldError::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_names_as_written() {
        for name in
            ["张三", "欧阳娜娜", "阿依古丽·买买提", "阿依古丽・买买提", "John Smith", "O'Brien", "Lǚ Xiǎo", "李〇"]
        {
            assert_eq!(PersonName::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(PersonName::parse("  张 三\u{3000}").unwrap().as_str(), "张 三");
        assert_eq!(PersonName::parse("𠈌三").unwrap().as_str(), "𠈌三");
        assert_eq!(PersonName::parse("ＡＢＣ").unwrap().as_str(), "ＡＢＣ");
        assert_eq!(PersonName::parse("王").unwrap().to_string(), "王");
    }

    #[test]
    fn refuses_what_is_not_a_name() {
        assert_eq!(PersonName::parse(" \u{3000}"), Err(NameEmpty));
        assert_eq!(PersonName::parse(&"张".repeat(31)), Err(NameTooLong));
        assert!(PersonName::parse(&"张".repeat(30)).is_ok());
        for text in ["张三1", "张三（先生）", "张三/李四", "张三@", "张三\n李四"] {
            assert_eq!(PersonName::parse(text), Err(NameCharacters), "{text}");
        }
        assert_eq!(PersonName::parse("·"), Err(NameNoLetter));
        assert_eq!(PersonName::parse("- . -"), Err(NameNoLetter));
    }

    proptest! {
        #[test]
        fn any_han_name_is_kept(name in "[\u{4E00}-\u{9FA5}]{1,4}(·[\u{4E00}-\u{9FA5}]{1,6})?") {
            let parsed = PersonName::parse(&format!(" {name} ")).unwrap();
            prop_assert_eq!(parsed.as_str(), name.as_str());
        }
    }
}
