//! The blank roster county offices are given to fill in: the canonical header
//! of every field, one synthetic sample row, and a sheet of instructions.

use super::{header_format, set_columns, text_format};
use crate::columns::{ColumnKind, Field};
use rust_xlsxwriter::{Color, DataValidation, Format, Workbook};

/// The sample row: synthetic values that pass every check and belong to
/// nobody. The ID number's area code 990102 is no province's and its check
/// character is valid; 138-0000-0000 is no one's phone.
pub const TEMPLATE_SAMPLE: &[(Field, &str)] = &[
    (Field::Name, "王小明"),
    (Field::Gender, "男"),
    (Field::BirthDate, "1975.03"),
    (Field::Township, "新墙镇"),
    (Field::Village, "荣家村"),
    (Field::Category, "工商企"),
    (Field::Employer, "示例科技有限公司"),
    (Field::Title, "总经理"),
    (Field::Industry, "电子信息"),
    (Field::Province, "广东省"),
    (Field::City, "深圳市"),
    (Field::District, "南山区"),
    (Field::Phone, "138-0000-0000"),
    (Field::IdNumber, "99010219750305123X"),
    (Field::WeChat, "wxid_sample001"),
    (Field::Email, "sample@example.com"),
    (Field::Chamber, "深圳岳阳商会"),
    (Field::Tags, "电子 深圳"),
    (Field::Notes, "示例行，导入前请删除"),
];

/// How to fill each column, for the instructions sheet.
const HINTS: &[(Field, &str)] = &[
    (Field::Name, "必填。按身份证上的写法填写"),
    (Field::Gender, "男或女"),
    (Field::BirthDate, "如 1975.03、1975-03-05 或 1975年3月"),
    (Field::Township, "必填。乡镇名称，可不写“镇”“乡”"),
    (Field::Village, "所属村（社区）名称"),
    (Field::Category, "必填。党政军、文化教育艺术或工商企"),
    (Field::Phone, "11位手机号码，或带区号的固定电话"),
    (Field::IdNumber, "18位身份证号。本列已设为文本，请勿改为数字格式"),
    (Field::Chamber, "所在的商会名称"),
    (Field::Tags, "多个标签用空格或顿号分开"),
];

/// The columns of the template: every field but status and source, which the
/// import sets itself.
fn template_fields() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter().filter(|f| !matches!(f, Field::Status | Field::Source))
}

/// The template as xlsx bytes.
pub fn template_workbook() -> Vec<u8> {
    build().expect("the template is fixed content and always writes")
}

fn build() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let fields: Vec<Field> = template_fields().collect();
    let sheet = book.add_worksheet().set_name("乡友信息")?;
    set_columns(sheet, fields.iter().map(|f| (ColumnKind::Field(*f), f.header())))?;
    let bold = header_format();
    let sample = Format::new().set_italic().set_font_color(Color::Gray);
    let sample_text = text_format().set_italic().set_font_color(Color::Gray);
    for (c, field) in fields.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, field.header(), &bold)?;
        let value = TEMPLATE_SAMPLE.iter().find(|(f, _)| f == field).map_or("", |(_, v)| v);
        let format = if field.is_long_number() { &sample_text } else { &sample };
        sheet.write_string_with_format(1, c, value, format)?;
        let choices: &[&str] = match field {
            Field::Gender => &["男", "女"],
            Field::Category => &["党政军", "文化教育艺术", "工商企"],
            _ => &[],
        };
        if !choices.is_empty() {
            let list = DataValidation::new().allow_list_strings(choices)?;
            sheet.add_data_validation(1, c, 10_000, c, &list)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;

    let help = book.add_worksheet().set_name("填写说明")?;
    help.set_column_width(0, 14)?;
    help.set_column_width(1, 60)?;
    help.write_string_with_format(0, 0, "列名", &header_format())?;
    help.write_string_with_format(0, 1, "填写要求", &header_format())?;
    for (r, (field, hint)) in HINTS.iter().enumerate() {
        help.write_string(r as u32 + 1, 0, field.header())?;
        help.write_string(r as u32 + 1, 1, *hint)?;
    }
    let last = HINTS.len() as u32 + 2;
    help.write_string(last, 0, "注意")?;
    help.write_string(last, 1, "第一个工作表的第2行是示例，导入前请删除；标题行可以保留")?;
    book.save_to_buffer()
}
