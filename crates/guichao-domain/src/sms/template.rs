//! SMS templates: a text with fields in braces (`{称呼}`, `{姓名}`, `{乡镇}`,
//! `{落款}`, `{日期}`), filled in per fellow. A provider that sends by its own
//! template id gets the same fields as named parameters.

use crate::Msg;
use crate::text::TextField;
use chrono::{Datelike, NaiveDate};

/// A template's name, unique within the county.
pub const NAME: TextField = TextField::line("模板名称", "template name", 50).required();
/// A template's text, before the fields are filled.
pub const BODY: TextField = TextField::notes("短信内容", "message text", 500).required();
/// The provider's id of the matching template (an HTTP provider sends by it).
pub const PROVIDER_TEMPLATE: TextField = TextField::line("平台模板编号", "provider template id", 50);
/// Who the message is from (落款), e.g. 中共某县委统战部.
pub const SIGN_OFF: TextField = TextField::line("落款", "sign-off", 30);

/// A field a template may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 尊敬的张先生.
    Salutation,
    Name,
    Township,
    SignOff,
    Date,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::Salutation, Field::Name, Field::Township, Field::SignOff, Field::Date];

    /// The field as written in a template, without braces.
    pub fn word(self) -> &'static str {
        match self {
            Field::Salutation => "称呼",
            Field::Name => "姓名",
            Field::Township => "乡镇",
            Field::SignOff => "落款",
            Field::Date => "日期",
        }
    }

    /// The parameter name a provider template uses for it.
    pub fn param(self) -> &'static str {
        match self {
            Field::Salutation => "salutation",
            Field::Name => "name",
            Field::Township => "township",
            Field::SignOff => "sign_off",
            Field::Date => "date",
        }
    }

    fn from_word(word: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.word() == word)
    }
}

/// The values of the fields for one fellow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldValues {
    pub salutation: String,
    pub name: String,
    pub township: String,
    pub sign_off: String,
    pub date: String,
}

impl FieldValues {
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Salutation => &self.salutation,
            Field::Name => &self.name,
            Field::Township => &self.township,
            Field::SignOff => &self.sign_off,
            Field::Date => &self.date,
        }
    }

    /// A date as a greeting writes it: 2025年1月20日.
    pub fn date_text(day: NaiveDate) -> String {
        format!("{}年{}月{}日", day.year(), day.month(), day.day())
    }

    /// Values long enough to show how long a template's messages will be
    /// before any fellow is chosen (a compound surname, a three-character
    /// township, a two-digit month and day).
    pub fn sample(sign_off: &str) -> FieldValues {
        FieldValues {
            salutation: "尊敬的欧阳先生".into(),
            name: "欧阳明华".into(),
            township: "城关镇".into(),
            sign_off: sign_off.into(),
            date: "2025年12月31日".into(),
        }
    }
}

/// One piece of a template: text as written, or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A checked template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateBody {
    text: String,
    pieces: Vec<Piece>,
}

impl TemplateBody {
    /// Reads a template text: within [`BODY`]'s length, every `{…}` one of the
    /// five fields, no brace left open.
    pub fn parse(text: &str) -> Result<TemplateBody, Msg> {
        TemplateBody::parse_as(text, BODY, ("短信内容", "message text"))
    }

    /// Reads a template text kept to `rule`, naming it `what` (Chinese,
    /// English) in its refusals: a letter's body is read the same way.
    pub fn parse_as(text: &str, rule: TextField, what: (&str, &str)) -> Result<TemplateBody, Msg> {
        let (zh, en) = what;
        let text = rule.check(text)?;
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(Msg::new(format!("{zh}中有多余的“}}”"), format!("The {en} has a stray “}}”")));
            }
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or_else(|| {
                Msg::new(format!("{zh}中的“{{”没有配对的“}}”"), format!("A “{{” in the {en} is never closed"))
            })?;
            let word = after[..close].trim();
            let field = Field::from_word(word).ok_or_else(|| {
                Msg::new(
                    format!(
                        "{zh}中的字段“{{{word}}}”不可用，可用字段：{{称呼}}、{{姓名}}、{{乡镇}}、{{落款}}、{{日期}}"
                    ),
                    format!("The field {{{word}}} is unknown; use {{称呼}}, {{姓名}}, {{乡镇}}, {{落款}} or {{日期}}"),
                )
            })?;
            pieces.push(Piece::Field(field));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(TemplateBody { text, pieces })
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The fields the template uses, each once, in order of first use.
    pub fn fields(&self) -> Vec<Field> {
        let mut out = Vec::new();
        for piece in &self.pieces {
            if let Piece::Field(f) = piece
                && !out.contains(f)
            {
                out.push(*f);
            }
        }
        out
    }

    /// The message for one fellow, ending with the opt-out line.
    pub fn render(&self, values: &FieldValues) -> String {
        super::with_opt_out(&self.fill(values))
    }

    /// The text with its fields filled, nothing added.
    pub fn fill(&self, values: &FieldValues) -> String {
        let mut out = String::with_capacity(self.text.len() + 32);
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => out.push_str(values.get(*f)),
            }
        }
        out
    }
}

/// The fields a template uses with their values, as a provider template's
/// parameters (`{"salutation": "尊敬的张先生", ...}`).
pub fn render_params(body: &TemplateBody, values: &FieldValues) -> Vec<(String, String)> {
    body.fields().into_iter().map(|f| (f.param().to_string(), values.get(f).to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> FieldValues {
        FieldValues {
            salutation: "尊敬的张先生".into(),
            name: "张三".into(),
            township: "城关镇".into(),
            sign_off: "县委统战部".into(),
            date: "2025年1月20日".into(),
        }
    }

    #[test]
    fn fields_are_filled_and_the_opt_out_line_ends_the_message() {
        let t = TemplateBody::parse("{称呼}：{乡镇}的乡亲祝您新春快乐！{落款} {日期}").unwrap();
        assert_eq!(
            t.render(&values()),
            "尊敬的张先生：城关镇的乡亲祝您新春快乐！县委统战部 2025年1月20日。拒收请回复R"
        );
        assert_eq!(t.fields(), [Field::Salutation, Field::Township, Field::SignOff, Field::Date]);
    }

    #[test]
    fn params_name_the_used_fields() {
        let t = TemplateBody::parse("{姓名}您好，{姓名}新年好").unwrap();
        assert_eq!(render_params(&t, &values()), [("name".to_string(), "张三".to_string())]);
    }

    #[test]
    fn unknown_or_open_fields_are_refused_by_name() {
        let e = TemplateBody::parse("{职务}您好").unwrap_err();
        assert!(e.zh.contains("{职务}"), "{}", e.zh);
        assert!(TemplateBody::parse("{称呼 您好").unwrap_err().zh.contains("没有配对"));
        assert!(TemplateBody::parse("您好}").unwrap_err().zh.contains("多余"));
        assert!(TemplateBody::parse("  ").unwrap_err().zh.contains("短信内容不能为空"));
    }

    #[test]
    fn dates_read_as_chinese_dates() {
        assert_eq!(FieldValues::date_text(NaiveDate::from_ymd_opt(2025, 1, 5).unwrap()), "2025年1月5日");
    }
}
