//! Greeting letters (慰问信件): a county's letter templates, with the same
//! fields as the greeting SMS (`{称呼}`, `{姓名}`, `{乡镇}`, `{落款}`,
//! `{日期}`), merged per fellow into one letter each; and the postal address
//! and postcode a letter goes to.

use super::salutation_for;
use crate::Msg;
use crate::fellows::Gender;
use crate::sms::{FieldValues, TemplateBody};
use crate::text::TextField;
use chrono::NaiveDate;

/// A letter template's name, unique within the county.
pub const NAME: TextField = TextField::line("模板名称", "template name", 50).required();
/// A letter's text before the fields are filled; a blank line starts a paragraph.
pub const BODY: TextField = TextField::notes("信件正文", "letter text", 5000).required();
/// Who the letter is from (落款), chosen when merging.
pub const SIGN_OFF: TextField = TextField::line("落款", "sign-off", 50).required();
/// A fellow's postal address (通信地址), as an envelope carries it.
pub const ADDRESS: TextField = TextField::line("通信地址", "postal address", 120);
/// Most letters one print page holds; the rest wait for the next batch.
pub const MAX_LETTERS: usize = 2000;

/// A checked letter template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterBody(TemplateBody);

impl LetterBody {
    /// Reads a letter text: within [`BODY`]'s length, every `{…}` a known
    /// field; an unknown field is refused by name.
    pub fn parse(text: &str) -> Result<LetterBody, Msg> {
        TemplateBody::parse_as(text, BODY, ("信件正文", "letter text")).map(LetterBody)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The fields used, as written (`称呼`...), each once.
    pub fn fields(&self) -> Vec<&'static str> {
        self.0.fields().into_iter().map(|f| f.word()).collect()
    }

    /// One fellow's letter, cut into its paragraphs (line breaks kept
    /// within, blank lines between).
    pub fn render(&self, values: &FieldValues) -> Vec<String> {
        paragraphs(&self.0.fill(values))
    }
}

/// A text's paragraphs: split at blank lines, each trimmed, empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// What fills one fellow's letter: their salutation (the one typed for them,
/// else derived from the name and gender), name and township, and the
/// sign-off and date chosen for the batch.
pub fn letter_values(
    name: &str,
    gender: Option<Gender>,
    township: &str,
    typed_salutation: &str,
    sign_off: &str,
    date: NaiveDate,
) -> FieldValues {
    FieldValues {
        salutation: salutation_for(typed_salutation, name, gender),
        name: name.trim().to_string(),
        township: township.to_string(),
        sign_off: sign_off.to_string(),
        date: FieldValues::date_text(date),
    }
}

/// A postcode (邮政编码) as typed: six digits, full-width digits and spaces
/// folded; empty when none is given.
pub fn postcode(text: &str) -> Result<String, Msg> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if digits.is_empty() || (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())) {
        Ok(digits)
    } else {
        Err(Msg::new("邮政编码应为6位数字", "A postcode is six digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 20).unwrap()
    }

    #[test]
    fn a_letter_fills_its_fields_and_keeps_its_paragraphs() {
        let body = LetterBody::parse("{称呼}：\n\n{乡镇}的父老乡亲向您问好。\n\n{落款}\n{日期}").unwrap();
        let v = letter_values("欧阳宏伟", Some(Gender::Male), "新墙镇", "", "岳阳县人民政府", day());
        assert_eq!(
            body.render(&v),
            ["尊敬的欧阳先生：", "新墙镇的父老乡亲向您问好。", "岳阳县人民政府\n2025年1月20日"]
        );
        assert_eq!(body.fields(), ["称呼", "乡镇", "落款", "日期"]);
    }

    #[test]
    fn a_typed_salutation_wins() {
        let v = letter_values("张三", Some(Gender::Male), "新墙镇", " 尊敬的张总 ", "县政府", day());
        assert_eq!(v.salutation, "尊敬的张总");
        let v = letter_values("张三", None, "新墙镇", "", "县政府", day());
        assert_eq!(v.salutation, "尊敬的张三乡友");
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let e = LetterBody::parse("{称呼}：\n{职务}您好").unwrap_err();
        assert!(e.zh.contains("信件正文中的字段“{职务}”不可用"), "{}", e.zh);
        assert!(LetterBody::parse("{称呼").unwrap_err().zh.contains("没有配对"));
        assert!(LetterBody::parse(" ").is_err());
    }

    #[test]
    fn postcodes_are_six_digits() {
        assert_eq!(postcode(" 414100 ").unwrap(), "414100");
        assert_eq!(postcode("４１４１００").unwrap(), "414100");
        assert_eq!(postcode("").unwrap(), "");
        assert!(postcode("41410").is_err());
        assert!(postcode("41410a").is_err());
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\r\n\r\n\r\nb\nc\n\n  "), ["a", "b\nc"]);
    }
}
