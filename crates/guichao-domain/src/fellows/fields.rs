//! The names people read for a fellow's fields: the form's labels, the
//! messages about a field, and the rows of an audited change. One table, so
//! the form, the history and the audit log call a field the same thing.

use crate::Lang;

/// Each field as the record and the form name it, with its Chinese and
/// English label, in the form's order.
const FIELDS: &[(&str, &str, &str)] = &[
    ("name", "姓名", "Name"),
    ("gender", "性别", "Gender"),
    ("birth_date", "出生日期", "Birth date"),
    ("category", "类别", "Category"),
    ("township_id", "所属乡镇", "Township"),
    ("unit_id", "所属乡镇", "Township"),
    ("village_id", "村（社区）", "Village"),
    ("province", "现居省份", "Province"),
    ("city", "现居城市", "City"),
    ("district", "区县", "District"),
    ("employer", "工作单位", "Employer"),
    ("title", "职务", "Title"),
    ("industry", "行业", "Industry"),
    ("phone", "手机", "Phone"),
    ("id_number", "身份证号", "ID number"),
    ("wechat", "微信", "WeChat"),
    ("email", "邮箱", "Email"),
    ("tags", "标签", "Tags"),
    ("status", "状态", "Status"),
    ("source", "信息来源", "Source"),
    ("notes", "备注", "Notes"),
    ("consent", "本人同意登记", "Consent"),
    ("archived_at", "归档", "Archived"),
    ("merged_into", "合并", "Merged"),
];

/// Every field name the table knows, in the form's order.
pub fn field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|(name, _, _)| *name)
}

/// A fellow field's label, or `None` for a name that is not a field.
pub fn field_label(name: &str, lang: Lang) -> Option<&'static str> {
    FIELDS.iter().find(|(n, _, _)| *n == name).map(|(_, zh, en)| lang.pick(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_label_in_both_languages() {
        for name in field_names() {
            let (zh, en) = (field_label(name, Lang::Zh).unwrap(), field_label(name, Lang::En).unwrap());
            assert!(!zh.is_ascii() && en.is_ascii(), "{name}");
        }
        assert_eq!(field_label("version", Lang::Zh), None);
    }
}
