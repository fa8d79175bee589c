//! The columns of a contact log as the import pages describe them: what
//! each column is called, which header words find it, what happens when a
//! file lacks it, and how the uploaded file's own columns were read.

use guichao_domain::Lang;
use guichao_sheets::contacts::{LogColumn, LogHeader, LogLayout};

/// A column's name on the pages.
pub fn name(column: LogColumn, lang: Lang) -> &'static str {
    match column {
        LogColumn::Fellow => lang.pick("乡友姓名", "Fellow's name"),
        LogColumn::Township => lang.pick("乡镇", "Township"),
        LogColumn::Phone => lang.pick("电话", "Phone"),
        LogColumn::Cadre => lang.pick("联系干部", "Cadres"),
        LogColumn::Date => lang.pick("联系日期", "Contact date"),
        LogColumn::Kind => lang.pick("联系方式", "How"),
        LogColumn::Notes => lang.pick("联系内容", "Notes"),
        LogColumn::Place => lang.pick("地点", "Place"),
    }
}

/// What the import does with a column, or without it.
pub fn rule(column: LogColumn, lang: Lang) -> &'static str {
    match column {
        LogColumn::Fellow => lang.pick(
            "必填（或填电话）；同名时按乡镇或电话区分",
            "Required (or the phone); namesakes are told apart by township or phone",
        ),
        LogColumn::Township => lang.pick("可选；写不写“镇”“乡”均可", "Optional; with or without 镇/乡"),
        LogColumn::Phone => {
            lang.pick("可选；按电话找乡友，须与姓名一致", "Optional; finds the fellow, must match the name")
        }
        LogColumn::Cadre => lang.pick(
            "用户名或姓名，多人用“、”隔开；没有这一列时记为您本人",
            "Username or name, several separated by 、; without the column, you",
        ),
        LogColumn::Date => lang.pick("必填；不能晚于今天", "Required; not after today"),
        LogColumn::Kind => lang.pick(
            "如 电话、上门走访、微信、座谈、短信；认不出的记为“其他”",
            "Such as 电话, 上门走访, 微信, 座谈, 短信; anything else is Other",
        ),
        LogColumn::Notes | LogColumn::Place => lang.pick("可选", "Optional"),
    }
}

/// One column of the uploaded file as the check read it.
pub struct ReadColumn {
    pub header: String,
    /// What it was read as, or why it was not read.
    pub read_as: String,
    pub used: bool,
}

/// How each column of `layout` was read.
pub fn read_columns(layout: &LogLayout, lang: Lang) -> Vec<ReadColumn> {
    layout
        .header
        .iter()
        .zip(&layout.columns)
        .filter(|(header, _)| !header.is_empty())
        .map(|(header, kind)| {
            let (read_as, used) = match kind {
                LogHeader::Column(c) => (name(*c, lang).to_string(), true),
                LogHeader::Ignored => (lang.pick("不读取（序号等）", "Not read (row numbers…)").to_string(), false),
                LogHeader::Unknown => (lang.pick("不读取", "Not read").to_string(), false),
            };
            ReadColumn { header: header.clone(), read_as, used }
        })
        .collect()
}

/// The columns the file lacks, each with what the import does without it.
pub fn missing(layout: &LogLayout, lang: Lang) -> Vec<(&'static str, &'static str)> {
    LogColumn::ALL
        .into_iter()
        .filter(|c| layout.column(*c).is_none())
        .filter_map(|c| {
            let without = match c {
                LogColumn::Cadre => lang.pick("每行记为您本人联系", "each row is recorded as yours"),
                LogColumn::Kind => lang.pick("联系方式记为“其他”", "the kind is Other"),
                LogColumn::Township => lang.pick("按姓名在全县查找乡友", "fellows are found by name county-wide"),
                _ => return None,
            };
            Some((name(c, lang), without))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(header: &[&str]) -> LogLayout {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let columns = header.iter().map(|h| guichao_sheets::contacts::columns::classify(h)).collect();
        LogLayout { title_rows: vec![], header_row: 1, header, columns }
    }

    #[test]
    fn the_file_s_columns_are_shown_as_read() {
        let l = layout(&["序号", "姓名", "日期", "天气", ""]);
        let columns = read_columns(&l, Lang::Zh);
        let read: Vec<(&str, &str, bool)> =
            columns.iter().map(|c| (c.header.as_str(), c.read_as.as_str(), c.used)).collect();
        assert_eq!(
            read,
            [
                ("序号", "不读取（序号等）", false),
                ("姓名", "乡友姓名", true),
                ("日期", "联系日期", true),
                ("天气", "不读取", false)
            ]
        );
        let lacking: Vec<&str> = missing(&l, Lang::Zh).iter().map(|(n, _)| *n).collect();
        assert_eq!(lacking, ["乡镇", "联系干部", "联系方式"]);
    }
}
