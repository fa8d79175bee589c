//! Free text that users submit (a company's name, a note, a unit's name): the
//! one rule on which characters it may hold, and the length rules of a field.
//!
//! Control characters are refused everywhere: a NUL byte cuts a C string and
//! some drivers' text, an escape sequence rewrites a terminal showing a log,
//! and both are invisible on a page, so a name holding one cannot be found by
//! typing it. Refused are the C0 controls (U+0000-U+001F), DEL, the C1
//! controls (U+0080-U+009F), the line and paragraph separators (U+2028,
//! U+2029) and the bidirectional overrides and isolates (U+202A-U+202E,
//! U+2066-U+2069), which can make a name display reversed in a list or an
//! export. Tab, line feed and carriage return are allowed only in a field
//! typed into a textarea ([`Lines::Many`]: the notes of a fellow or a chamber),
//! where a browser sends line breaks as CR LF; every other field is one line.
//!
//! The strict newtypes ([`crate::fellows::PersonName`], `Phone`, `IdNumber`...)
//! admit only their own alphabet, which has no control character, so they need
//! no call to this rule.

use crate::Msg;

/// Whether a field may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// An `<input>`: a name, a city, a short note.
    One,
    /// A `<textarea>`: tab, line feed and carriage return are allowed.
    Many,
}

/// The first character of `text` that a field of this kind refuses.
pub fn find_control(text: &str, lines: Lines) -> Option<char> {
    text.chars().find(|&c| match c {
        '\t' | '\n' | '\r' => lines == Lines::One,
        '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    })
}

/// Refuses control characters in the field named `zh`/`en` (`备注`, `note`).
pub fn check(text: &str, lines: Lines, zh: &str, en: &str) -> Result<(), Msg> {
    match (find_control(text, lines), lines) {
        (None, _) => Ok(()),
        (Some(_), Lines::One) => Err(Msg::new(
            format!("{zh}不能包含换行、制表符等控制字符"),
            format!("The {en} must not contain line breaks, tabs or other control characters"),
        )),
        (Some(_), Lines::Many) => {
            Err(Msg::new(format!("{zh}不能包含控制字符"), format!("The {en} must not contain control characters")))
        }
    }
}

/// Refuses control characters in one-line fields, each given as
/// `(text, zh, en)`; the first refusal is returned.
pub fn check_lines(fields: &[(&str, &str, &str)]) -> Result<(), Msg> {
    fields.iter().try_for_each(|(text, zh, en)| check(text, Lines::One, zh, en))
}

/// A free-text field's rules: its name in messages, its longest length in
/// characters, whether it must be filled and whether it may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField {
    pub zh: &'static str,
    /// Lower case, read after "the" (`chamber name`).
    pub en: &'static str,
    pub max: usize,
    pub required: bool,
    pub lines: Lines,
}

impl TextField {
    /// An optional one-line field.
    pub const fn line(zh: &'static str, en: &'static str, max: usize) -> TextField {
        TextField { zh, en, max, required: false, lines: Lines::One }
    }

    /// An optional field typed into a textarea.
    pub const fn notes(zh: &'static str, en: &'static str, max: usize) -> TextField {
        TextField { zh, en, max, required: false, lines: Lines::Many }
    }

    /// The same field, which must be filled.
    pub const fn required(self) -> TextField {
        TextField { required: true, ..self }
    }

    /// The text trimmed, if it keeps the field's rules.
    pub fn check(&self, text: &str) -> Result<String, Msg> {
        let text = text.trim();
        if self.required && text.is_empty() {
            return Err(Msg::new(format!("{}不能为空", self.zh), format!("The {} is required", self.en)));
        }
        if text.chars().count() > self.max {
            return Err(Msg::new(
                format!("{}不能超过{}个字", self.zh, self.max),
                format!("The {} may have at most {} characters", self.en, self.max),
            ));
        }
        check(text, self.lines, self.zh, self.en)?;
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_found() {
        for text in
            ["张\u{0}三", "\u{7}", "a\u{1b}[2J", "\u{7f}", "\u{85}", "\u{9f}", "x\u{2028}y", "\u{202e}abc", "\u{2066}"]
        {
            assert!(find_control(text, Lines::Many).is_some(), "{text:?}");
            assert!(find_control(text, Lines::One).is_some(), "{text:?}");
        }
        assert_eq!(find_control("张\u{0}三", Lines::One), Some('\u{0}'));
    }

    #[test]
    fn line_breaks_and_tabs_only_in_many_lines() {
        for text in ["第一行\r\n第二行", "a\tb", "a\nb"] {
            assert_eq!(find_control(text, Lines::Many), None, "{text:?}");
            assert!(find_control(text, Lines::One).is_some(), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_passes() {
        for text in ["华为（深圳）有限公司", "O'Brien & Sons, Ltd.", "阿依古丽·买买提", "👨‍👩‍👧 家庭", "ＡＢＣ　１２３", ""]
        {
            assert_eq!(find_control(text, Lines::One), None, "{text:?}");
        }
    }

    #[test]
    fn refusals_name_the_field() {
        let m = check("a\0", Lines::Many, "备注", "note").unwrap_err();
        assert_eq!(m.zh, "备注不能包含控制字符");
        assert_eq!(m.en, "The note must not contain control characters");
        let m = check_lines(&[("深圳", "城市", "city"), ("x\ny", "地址", "address")]).unwrap_err();
        assert_eq!(m.zh, "地址不能包含换行、制表符等控制字符");
        assert_eq!(check_lines(&[("深圳", "城市", "city")]), Ok(()));
    }

    #[test]
    fn fields_trim_and_keep_their_limits() {
        const NAME: TextField = TextField::line("商会名称", "chamber name", 5).required();
        const NOTES: TextField = TextField::notes("备注", "notes", 20);
        assert_eq!(NAME.check("  深圳商会 "), Ok("深圳商会".to_string()));
        assert_eq!(NAME.check(" ").unwrap_err().zh, "商会名称不能为空");
        assert_eq!(NAME.check("深圳湖南商会").unwrap_err().zh, "商会名称不能超过5个字");
        assert!(NAME.check("深圳\n商会").is_err());
        assert_eq!(NOTES.check(""), Ok(String::new()));
        assert_eq!(NOTES.check("一\r\n二"), Ok("一\r\n二".to_string()));
        assert_eq!(NOTES.check("一\0二").unwrap_err().zh, "备注不能包含控制字符");
    }

    proptest! {
        #[test]
        fn any_text_with_a_c0_or_c1_control_is_refused(
            before in "\\PC{0,8}",
            control in prop_oneof![0u32..0x20, 0x7f..0xa0u32],
            after in "\\PC{0,8}",
        ) {
            let control = char::from_u32(control).unwrap();
            let text = format!("{before}{control}{after}");
            prop_assert!(find_control(&text, Lines::One).is_some());
            prop_assert_eq!(find_control(&text, Lines::Many).is_some(), !matches!(control, '\t' | '\n' | '\r'));
        }

        #[test]
        fn printable_text_is_kept(text in "\\PC{0,40}") {
            // \PC leaves out the controls (and the bidi marks, which are format
            // characters) but not the separators of category Z.
            let text = text.replace(['\u{2028}', '\u{2029}'], "");
            prop_assert_eq!(find_control(&text, Lines::One), None);
        }
    }
}
