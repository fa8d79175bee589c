//! What each column of a roster means: the fields of a fellow's record and the
//! header words county offices use for them.
//!
//! Headers are compared by [`header_key`], so `手机号码`, `手机 号码`,
//! `*手机号码（必填）` and `手機號碼` all find the phone column.

use guichao_domain::search::normalize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A field of a fellow's record that a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Gender,
    BirthDate,
    Township,
    Village,
    Category,
    Employer,
    Title,
    Industry,
    Province,
    City,
    District,
    Phone,
    IdNumber,
    WeChat,
    Email,
    /// The chamber of commerce the fellow belongs to; not part of the record
    /// itself, handed to the caller on the row.
    Chamber,
    Tags,
    Notes,
    Status,
    Source,
}

/// Each field with its canonical header (first, the one the template uses)
/// and the other headers that mean it.
const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::Name, &["姓名", "名字", "乡友姓名", "人员姓名", "乡贤姓名"]),
    (Field::Gender, &["性别"]),
    (Field::BirthDate, &["出生年月", "出生日期", "生日", "出生年月日", "出生时间"]),
    (Field::Township, &["乡镇", "籍贯", "所属乡镇", "户籍乡镇", "乡镇街道", "乡镇名称", "籍贯乡镇", "所在乡镇"]),
    (Field::Village, &["村（社区）", "村", "所属村", "村社区", "社区", "所属村社区", "村名", "籍贯村", "所在村"]),
    (Field::Category, &["类别", "人员类别", "分类", "乡友类别", "类型"]),
    (Field::Employer, &["工作单位", "现工作单位", "单位", "单位名称", "所在单位", "工作单位及职务"]),
    (Field::Title, &["职务", "职称", "职务职称", "现任职务"]),
    (Field::Industry, &["行业", "所属行业", "从事行业"]),
    (Field::Province, &["省份", "省", "所在省份", "现居省份"]),
    (
        Field::City,
        &["现居城市", "现居住地", "居住城市", "工作地", "城市", "所在城市", "现居地", "常住地", "工作地点", "市"],
    ),
    (Field::District, &["区县", "区", "县区", "所在区县"]),
    (Field::Phone, &["手机号码", "手机", "手机号", "联系电话", "电话", "电话号码", "联系方式"]),
    (Field::IdNumber, &["身份证号", "身份证号码", "身份证", "公民身份号码"]),
    (Field::WeChat, &["微信号", "微信"]),
    (Field::Email, &["电子邮箱", "邮箱", "email", "e-mail", "电子邮件"]),
    (Field::Chamber, &["所属商会", "商会"]),
    (Field::Tags, &["标签"]),
    (Field::Notes, &["备注", "说明"]),
    (Field::Status, &["状态", "人员状态"]),
    (Field::Source, &["来源", "信息来源"]),
];

/// Headers of columns that are recognised and deliberately not read: a row
/// counter, and the reason column of an error file being imported again.
const IGNORED: &[&str] = &["序号", "编号", "序", "no", "错误原因"];

impl Field {
    /// Every field, in the template's column order.
    pub const ALL: [Field; 21] = [
        Field::Name,
        Field::Gender,
        Field::BirthDate,
        Field::Township,
        Field::Village,
        Field::Category,
        Field::Employer,
        Field::Title,
        Field::Industry,
        Field::Province,
        Field::City,
        Field::District,
        Field::Phone,
        Field::IdNumber,
        Field::WeChat,
        Field::Email,
        Field::Chamber,
        Field::Tags,
        Field::Notes,
        Field::Status,
        Field::Source,
    ];

    /// The header the template writes for this field.
    pub fn header(self) -> &'static str {
        SYNONYMS.iter().find(|(f, _)| *f == self).map(|(_, words)| words[0]).expect("every field has synonyms")
    }

    /// The name [`guichao_domain::fellows::FormError::field`] uses for this
    /// field, or `None` for the chamber, which is not part of the form.
    pub fn form_field(self) -> Option<&'static str> {
        Some(match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::BirthDate => "birth_date",
            Field::Township => "township_id",
            Field::Village => "village_id",
            Field::Category => "category",
            Field::Employer => "employer",
            Field::Title => "title",
            Field::Industry => "industry",
            Field::Province => "province",
            Field::City => "city",
            Field::District => "district",
            Field::Phone => "phone",
            Field::IdNumber => "id_number",
            Field::WeChat => "wechat",
            Field::Email => "email",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Status => "status",
            Field::Source => "source",
            Field::Chamber => return None,
        })
    }

    /// The field's code in a column mapping chosen on the import page: the
    /// form's name for it, `chamber` for the chamber.
    pub fn code(self) -> &'static str {
        self.form_field().unwrap_or("chamber")
    }

    /// The field of a [`Field::code`].
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The field a form error names.
    pub fn from_form_field(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.form_field() == Some(name))
    }

    /// Whether Excel would turn this column's values into numbers and lose digits
    /// unless the column is formatted as text.
    pub fn is_long_number(self) -> bool {
        matches!(self, Field::Phone | Field::IdNumber)
    }
}

/// What one header cell says its column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Field(Field),
    /// A recognised column that is not imported (序号).
    Ignored,
    /// A header no synonym matches, or an empty one.
    Unknown,
}

/// The comparable form of a header: half-width, simplified, lower case, without
/// white space, required-field stars, colons or the separators people put
/// between words. `with_brackets` keeps the text inside brackets
/// (`村（社区）` → `村社区`); without it, a bracketed remark is dropped
/// (`姓名（必填）` → `姓名`).
pub fn header_key(text: &str, with_brackets: bool) -> String {
    let folded = normalize(text);
    let mut out = String::with_capacity(folded.len());
    let mut depth = 0u32;
    for c in folded.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if !with_brackets && depth > 0 => {}
            c if c.is_whitespace() || "*＊:：、/\\,;|·-_.&+".contains(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Every synonym's key, folded once for the life of the program.
static KEYS: LazyLock<HashMap<String, ColumnKind>> = LazyLock::new(|| {
    let mut keys = HashMap::new();
    for (field, words) in SYNONYMS {
        for word in *words {
            keys.entry(header_key(word, true)).or_insert(ColumnKind::Field(*field));
        }
    }
    for word in IGNORED {
        keys.insert(header_key(word, true), ColumnKind::Ignored);
    }
    keys
});

/// Reads a header cell: by its whole text first, then without a bracketed remark.
pub fn classify(text: &str) -> ColumnKind {
    let full = header_key(text, true);
    if full.is_empty() {
        return ColumnKind::Unknown;
    }
    KEYS.get(&full).or_else(|| KEYS.get(&header_key(text, false))).copied().unwrap_or(ColumnKind::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> Option<Field> {
        match classify(text) {
            ColumnKind::Field(f) => Some(f),
            _ => None,
        }
    }

    #[test]
    fn headers_match_their_synonyms() {
        for (text, want) in [
            ("姓名", Field::Name),
            ("名字", Field::Name),
            ("乡友姓名", Field::Name),
            ("姓　名", Field::Name),
            ("*姓名（必填）", Field::Name),
            ("性别", Field::Gender),
            ("出生年月", Field::BirthDate),
            ("出生日期", Field::BirthDate),
            ("生日", Field::BirthDate),
            ("出生年月(如1975.03)", Field::BirthDate),
            ("乡镇", Field::Township),
            ("籍贯", Field::Township),
            ("所属乡镇", Field::Township),
            ("户籍乡镇", Field::Township),
            ("鄉鎮", Field::Township),
            ("村", Field::Village),
            ("村（社区）", Field::Village),
            ("村(社区)", Field::Village),
            ("所属村", Field::Village),
            ("类别", Field::Category),
            ("人员类别", Field::Category),
            ("分类", Field::Category),
            ("工作单位", Field::Employer),
            ("现工作单位", Field::Employer),
            ("单位", Field::Employer),
            ("职务", Field::Title),
            ("职称", Field::Title),
            ("职务/职称", Field::Title),
            ("行业", Field::Industry),
            ("现居住地", Field::City),
            ("现居城市", Field::City),
            ("居住城市", Field::City),
            ("工作地", Field::City),
            ("省", Field::Province),
            ("省份", Field::Province),
            ("区", Field::District),
            ("区县", Field::District),
            ("手机", Field::Phone),
            ("手机号码", Field::Phone),
            ("联系电话", Field::Phone),
            ("电话", Field::Phone),
            ("身份证号", Field::IdNumber),
            ("身份证号码", Field::IdNumber),
            ("微信", Field::WeChat),
            ("微信号", Field::WeChat),
            ("邮箱", Field::Email),
            ("电子邮箱", Field::Email),
            ("E-mail", Field::Email),
            ("商会", Field::Chamber),
            ("所属商会", Field::Chamber),
            ("标签", Field::Tags),
            ("备注", Field::Notes),
        ] {
            assert_eq!(field(text), Some(want), "{text}");
        }
    }

    #[test]
    fn counters_are_ignored_and_the_rest_unknown() {
        assert_eq!(classify("序号"), ColumnKind::Ignored);
        assert_eq!(classify("错误原因"), ColumnKind::Ignored);
        for text in ["", "  ", "爱好", "岳阳县新墙镇寓外乡友名录", "填报单位：新墙镇", "姓名电话"]
        {
            assert_eq!(classify(text), ColumnKind::Unknown, "{text}");
        }
    }

    #[test]
    fn keys_fold_width_brackets_and_marks() {
        assert_eq!(header_key("村（社区）", true), "村社区");
        assert_eq!(header_key("村（社区）", false), "村");
        assert_eq!(header_key("＊ 手機：", true), "手机");
    }

    #[test]
    fn every_field_has_a_header_that_reads_back() {
        for f in Field::ALL {
            assert_eq!(field(f.header()), Some(f), "{f:?}");
            if let Some(name) = f.form_field() {
                assert_eq!(Field::from_form_field(name), Some(f));
            }
        }
        assert_eq!(Field::from_form_field("nope"), None);
    }

    #[test]
    fn codes_read_back() {
        for f in Field::ALL {
            assert_eq!(Field::from_code(f.code()), Some(f));
        }
        assert_eq!(Field::from_code("ignored"), None);
    }

    #[test]
    fn all_lists_the_fields_in_declaration_order() {
        // The row parser indexes its column table by `field as usize`.
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i, "{f:?}");
        }
    }
}
