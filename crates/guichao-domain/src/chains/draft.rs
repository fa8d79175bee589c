//! A chain and a node as typed, and the rules they keep before the store
//! writes them: names, a gap's note, GB/T 4754 codes that exist (stored as
//! `C39`), keywords that a registry's industry field or a tag can hold, and
//! at least one code or keyword, so that a node can match someone.

use super::Segment;
use super::gbt::parse_code;
use crate::fellows::FormError;
use crate::text::TextField;

/// A chain's name, e.g. 电子信息.
pub const CHAIN_NAME: TextField = TextField::line("产业链名称", "chain name", 30).required();
/// What the county wants from the chain.
pub const CHAIN_NOTES: TextField = TextField::notes("说明", "notes", 500);
/// A node's name, e.g. 芯片设计.
pub const NODE_NAME: TextField = TextField::line("环节名称", "node name", 50).required();
/// Why the county wants a gap filled.
pub const GAP_NOTE: TextField = TextField::line("补链说明", "gap note", 200);
/// The most codes one node names.
pub const MAX_CODES: usize = 10;
/// The most keywords one node names.
pub const MAX_KEYWORDS: usize = 20;
/// The longest keyword, in characters (a fellow's industry holds at most 50).
pub const MAX_KEYWORD_CHARS: usize = 50;

/// A chain as the form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainDraft {
    pub name: String,
    pub notes: String,
}

impl ChainDraft {
    /// The draft trimmed, or every broken rule under its field.
    pub fn check(&self) -> Result<ChainDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, rule: TextField, value: &str| {
            rule.check(value).unwrap_or_else(|message| {
                errors.push(FormError { field, message });
                String::new()
            })
        };
        let draft =
            ChainDraft { name: text("name", CHAIN_NAME, &self.name), notes: text("notes", CHAIN_NOTES, &self.notes) };
        if errors.is_empty() { Ok(draft) } else { Err(errors) }
    }
}

/// A node as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeDraft {
    pub name: String,
    pub segment: Segment,
    /// A gap the county wants to fill (补链).
    pub gap: bool,
    pub gap_note: String,
    /// GB/T 4754 major classes as typed (`39`, `C39`, `C3911`).
    pub codes: Vec<String>,
    /// Terms as the registry writes them (电子信息, 汽车内饰).
    pub keywords: Vec<String>,
}

/// Splits what a person types into one box into its items: separated by
/// spaces, commas, 、, ； or new lines.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl NodeDraft {
    /// The draft cleaned (codes as `C39`, repeats dropped, a note only on a
    /// gap), or every broken rule under its field.
    pub fn check(&self) -> Result<NodeDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let name = NODE_NAME.check(&self.name).unwrap_or_else(|message| {
            errors.push(FormError { field: "name", message });
            String::new()
        });
        let gap_note = GAP_NOTE.check(&self.gap_note).unwrap_or_else(|message| {
            errors.push(FormError { field: "gap_note", message });
            String::new()
        });
        let mut codes: Vec<String> = Vec::new();
        let unknown: Vec<&str> =
            self.codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty() && parse_code(c).is_none()).collect();
        if !unknown.is_empty() {
            let list = unknown.join("、");
            errors.push(FormError::new(
                "codes",
                format!("行业代码 {list} 不是国民经济行业分类（GB/T 4754-2017）的大类代码，请填写如 C39 或 39"),
                format!("{list}: not a GB/T 4754-2017 major class; write it like C39 or 39"),
            ));
        }
        for m in self.codes.iter().filter_map(|c| parse_code(c)) {
            if !codes.contains(&m.full_code()) {
                codes.push(m.full_code());
            }
        }
        if codes.len() > MAX_CODES {
            errors.push(FormError::new(
                "codes",
                format!("一个环节最多{MAX_CODES}个行业代码"),
                format!("A node has at most {MAX_CODES} codes"),
            ));
        }
        let mut keywords: Vec<String> = Vec::new();
        for k in self.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            if let Some(e) = keyword_error(k) {
                errors.push(e);
            } else if !keywords.iter().any(|known| known == k) {
                keywords.push(k.to_string());
            }
        }
        if keywords.len() > MAX_KEYWORDS {
            errors.push(FormError::new(
                "keywords",
                format!("一个环节最多{MAX_KEYWORDS}个关键词"),
                format!("A node has at most {MAX_KEYWORDS} keywords"),
            ));
        }
        if codes.is_empty() && keywords.is_empty() && errors.iter().all(|e| e.field != "codes" && e.field != "keywords")
        {
            errors.push(FormError::new(
                "keywords",
                "请至少填写一个行业代码或关键词，否则无法匹配乡友",
                "Give at least one code or keyword, or the node matches no one",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let gap_note = if self.gap { gap_note } else { String::new() };
        Ok(NodeDraft { name, segment: self.segment, gap: self.gap, gap_note, codes, keywords })
    }
}

/// Why `keyword` cannot be one: too long, or holding what a stored industry
/// or tag never holds (spaces separate tags; control characters).
fn keyword_error(keyword: &str) -> Option<FormError> {
    if keyword.chars().count() > MAX_KEYWORD_CHARS {
        return Some(FormError::new(
            "keywords",
            format!("关键词不能超过{MAX_KEYWORD_CHARS}个字：{keyword}"),
            format!("A keyword has at most {MAX_KEYWORD_CHARS} characters: {keyword}"),
        ));
    }
    if keyword.chars().any(char::is_whitespace) {
        return Some(FormError::new(
            "keywords",
            format!("关键词不能含空格：{keyword}"),
            format!("A keyword holds no spaces: {keyword}"),
        ));
    }
    crate::text::check(keyword, crate::text::Lines::One, "关键词", "keyword")
        .err()
        .map(|message| FormError { field: "keywords", message })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> NodeDraft {
        NodeDraft {
            name: " 电子制造 ".into(),
            segment: Segment::Midstream,
            gap: false,
            gap_note: "不会保留".into(),
            codes: vec!["39".into(), "C39".into(), "c3911".into()],
            keywords: vec!["电子信息".into(), " 电子信息 ".into(), "电子科技".into()],
        }
    }

    fn fields(errors: Vec<FormError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_node_is_cleaned() {
        let n = node().check().unwrap();
        assert_eq!(n.name, "电子制造");
        assert_eq!(n.codes, ["C39"], "one code, one form");
        assert_eq!(n.keywords, ["电子信息", "电子科技"]);
        assert_eq!(n.gap_note, "", "a note only on a gap");
        let gap = NodeDraft { gap: true, gap_note: " 缺芯片设计 ".into(), ..node() }.check().unwrap();
        assert_eq!(gap.gap_note, "缺芯片设计");
    }

    #[test]
    fn unknown_codes_are_named() {
        let bad = NodeDraft { codes: vec!["C99".into(), "A39".into(), "39".into()], ..node() };
        let errors = bad.check().unwrap_err();
        assert_eq!(errors[0].field, "codes");
        assert!(errors[0].message.zh.contains("C99、A39"), "{}", errors[0].message.zh);
    }

    #[test]
    fn a_node_needs_something_to_match() {
        let empty = NodeDraft { codes: vec![" ".into()], keywords: vec![], ..node() };
        assert_eq!(fields(empty.check().unwrap_err()), ["keywords"]);
        let nameless = NodeDraft { name: " ".into(), ..node() };
        assert_eq!(fields(nameless.check().unwrap_err()), ["name"]);
    }

    #[test]
    fn keywords_are_limited() {
        let long = NodeDraft { keywords: vec!["长".repeat(51)], ..node() };
        assert_eq!(fields(long.check().unwrap_err()), ["keywords"]);
        let spaced = NodeDraft { keywords: vec!["汽车\u{3000}内饰".into()], ..node() };
        assert_eq!(fields(spaced.check().unwrap_err()), ["keywords"]);
        let control = NodeDraft { keywords: vec!["电子\u{7}".into()], ..node() };
        assert_eq!(fields(control.check().unwrap_err()), ["keywords"]);
        let many = NodeDraft { keywords: (0..21).map(|i| format!("词{i}")).collect(), ..node() };
        assert_eq!(fields(many.check().unwrap_err()), ["keywords"]);
    }

    #[test]
    fn lists_are_split_as_typed() {
        assert_eq!(
            split_list("电子信息、电子科技，半导体 ;集成电路\n智能终端"),
            ["电子信息", "电子科技", "半导体", "集成电路", "智能终端"]
        );
        assert!(split_list(" ，、 ").is_empty());
    }

    #[test]
    fn a_chain_needs_a_name() {
        assert_eq!(ChainDraft { name: " 电子信息 ".into(), notes: String::new() }.check().unwrap().name, "电子信息");
        assert_eq!(fields(ChainDraft::default().check().unwrap_err()), ["name"]);
    }
}
