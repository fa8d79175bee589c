//! Why a whole file could not be read, in words a county clerk can act on.
//!
//! A row that breaks a rule is a [`crate::RowError`] and the import goes on; a
//! [`SheetError`] stops it: the file is not a spreadsheet, is damaged, is
//! hostile, or has no header to read it by.

use guichao_domain::Msg;

/// A file-level failure. [`SheetError::message`] says what to do in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// Zero bytes, or nothing but blank rows.
    Empty,
    /// Neither xlsx, xls nor text: an image, a PDF, random bytes...
    NotASpreadsheet,
    /// An HTML table saved with an .xls name, as many web systems export.
    Html,
    /// A real spreadsheet or document format that is not read here (xlsb, ods, docx...).
    Unsupported(&'static str),
    /// Protected by a password.
    Encrypted,
    /// The container or its XML is damaged; carries the reader's own words for the log.
    Broken(String),
    /// The archive would unpack to far more than it claims or than any roster needs.
    ZipBomb,
    /// The file is larger than the limit for its format, in bytes.
    TooLarge { limit: u64 },
    /// More data rows than the import takes.
    TooManyRows { limit: u64 },
    /// An xls sheet whose cells span a larger rectangle than is read.
    TooManyCells { limit: u64 },
    /// A row with a value beyond the last column the import reads.
    TooManyColumns { row: u64, limit: usize },
    /// A CSV record longer than any real row: usually a quote that was never closed.
    RowTooLong { row: u64 },
    /// No row in the first rows has a name column.
    NoHeader { scanned: usize },
    /// The workbook has no worksheet.
    NoSheet,
    /// Reading the file failed (disk, temp file); carries the system's words.
    Io(String),
}

impl SheetError {
    /// What went wrong and what to do, in Chinese and English.
    pub fn message(&self) -> Msg {
        use SheetError::*;
        match self {
            Empty => Msg::new("文件是空的，没有可导入的数据", "The file is empty: there is nothing to import"),
            NotASpreadsheet => Msg::new(
                "无法识别的文件：请上传 Excel 表格（.xlsx、.xls）或 CSV 文件",
                "Not a spreadsheet: upload an Excel workbook (.xlsx, .xls) or a CSV file",
            ),
            Html => Msg::new(
                "这是网页格式（HTML）的文件，只是扩展名为 .xls：请用 Excel 打开后另存为 .xlsx 再导入",
                "This is a web page (HTML) saved with an .xls name: open it in Excel, save it as .xlsx and import that",
            ),
            Unsupported(kind) => Msg::new(
                format!("不支持 {kind} 格式：请用 Excel 打开后另存为 .xlsx 再导入"),
                format!("{kind} files are not supported: open the file in Excel, save it as .xlsx and import that"),
            ),
            Encrypted => Msg::new(
                "文件设置了密码：请在 Excel 中取消密码后再导入",
                "The file is password-protected: remove the password in Excel and import again",
            ),
            Broken(detail) => Msg::new(
                "文件已损坏或格式不正确，无法读取：请用 Excel 打开后另存为 .xlsx 再导入",
                format!(
                    "The file is damaged or malformed ({detail}): open it in Excel, save it as .xlsx and import that"
                ),
            ),
            ZipBomb => Msg::new(
                "文件内容异常（解压后体积过大或与声明不符），已拒绝读取",
                "The file unpacks to far more data than it declares or than a roster needs; it was refused",
            ),
            TooLarge { limit } => Msg::new(
                format!("文件过大（超过 {} MB），请拆分后分批导入", limit / (1024 * 1024)),
                format!("The file is too large (over {} MB); split it and import the parts", limit / (1024 * 1024)),
            ),
            TooManyRows { limit } => Msg::new(
                format!("数据超过 {limit} 行，请拆分后分批导入"),
                format!("More than {limit} rows; split the file and import the parts"),
            ),
            TooManyCells { limit } => Msg::new(
                format!("表格范围过大（超过 {limit} 个单元格）：请删除多余的行和列，或另存为 .xlsx 后再导入"),
                format!("The sheet spans more than {limit} cells: delete unused rows and columns, or save it as .xlsx"),
            ),
            TooManyColumns { row, limit } => Msg::new(
                format!("第 {row} 行超过 {limit} 列，不像是乡友名册，请检查表格"),
                format!("Row {row} has more than {limit} columns, which no roster has; check the sheet"),
            ),
            RowTooLong { row } => Msg::new(
                format!("第 {row} 行内容过长，可能是引号没有闭合，请检查该行"),
                format!("Row {row} is far too long, probably a quote that is never closed; check that row"),
            ),
            NoHeader { scanned } => Msg::new(
                format!("前 {scanned} 行中没有找到表头：表头行应包含“姓名”列，以及性别、乡镇、类别、手机等列"),
                format!(
                    "No header in the first {scanned} rows: the header row needs a 姓名 (name) column, with columns such as 性别, 乡镇, 类别, 手机"
                ),
            ),
            NoSheet => Msg::new("工作簿中没有工作表", "The workbook has no worksheet"),
            Io(detail) => Msg::new("读取文件失败，请重试", format!("Could not read the file ({detail}); try again")),
        }
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().zh)
    }
}

impl std::error::Error for SheetError {}

impl From<std::io::Error> for SheetError {
    fn from(e: std::io::Error) -> SheetError {
        SheetError::Io(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_speaks_both_languages() {
        let all = [
            SheetError::Empty,
            SheetError::NotASpreadsheet,
            SheetError::Html,
            SheetError::Unsupported("xlsb"),
            SheetError::Encrypted,
            SheetError::Broken("x".into()),
            SheetError::ZipBomb,
            SheetError::TooLarge { limit: 1 << 20 },
            SheetError::TooManyRows { limit: 5 },
            SheetError::TooManyCells { limit: 5 },
            SheetError::TooManyColumns { row: 3, limit: 200 },
            SheetError::RowTooLong { row: 9 },
            SheetError::NoHeader { scanned: 30 },
            SheetError::NoSheet,
            SheetError::Io("disk".into()),
        ];
        for e in all {
            let m = e.message();
            assert!(!m.zh.is_empty() && !m.en.is_empty(), "{e:?}");
            assert!(m.zh.chars().any(|c| c > '\u{4E00}'), "{e:?}");
            assert_eq!(e.to_string(), m.zh);
        }
    }
}
