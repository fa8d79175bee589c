//! The files this crate writes, read back: the template imports, the error
//! file keeps the original layout and imports again, the export keeps long
//! numbers as text.

mod support;

use calamine::{Data, Reader, Xlsx};
use guichao_sheets::{
    ExportWriter, Field, ImportOptions, TEMPLATE_SAMPLE, Workbook, error_workbook, template_workbook,
};
use std::io::{Cursor, Read};
use support::*;

fn first_sheet(bytes: &[u8]) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name).unwrap()
}

fn sheet_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn the_template_imports_its_own_sample() {
    let (layout, rows) = import(template_workbook(), "模板.xlsx").unwrap();
    assert_eq!(layout.header_row, 1);
    assert!(layout.unknown.is_empty() && layout.missing.is_empty());
    for field in Field::ALL.into_iter().filter(|f| !matches!(f, Field::Status | Field::Source)) {
        assert_eq!(layout.header[layout.column(field).unwrap()], field.header());
    }
    assert_eq!(rows.len(), 1);
    let sample = rows[0].result.as_ref().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(sample.name, "王小明");
    assert_eq!(sample.phone.as_ref().unwrap().as_str(), "13800000000");
    assert_eq!(sample.id_number.as_ref().unwrap().as_str(), "99010219750305123X");
    assert_eq!((sample.township_id, sample.village_id), (XINQIANG, Some(RONGJIA)));
    assert_eq!(rows[0].chamber.as_deref(), Some("深圳岳阳商会"));
    assert_eq!(TEMPLATE_SAMPLE.len(), layout.header.len());
}

#[test]
fn the_template_keeps_id_and_phone_columns_as_text() {
    let bytes = template_workbook();
    let range = first_sheet(&bytes);
    let id_col = range.rows().next().unwrap().iter().position(|c| c == &Data::String("身份证号".into())).unwrap();
    assert_eq!(range.get((1, id_col)), Some(&Data::String("99010219750305123X".into())));
    let xml = sheet_xml(&bytes);
    assert!(xml.contains(r#"ySplit="1""#), "the header is frozen");
    assert!(xml.contains("<dataValidation"), "gender and category offer lists");
}

#[test]
fn the_error_file_keeps_the_layout_and_imports_again() {
    let original = "岳阳县新墙镇寓外乡友名录\n\n序号,姓名,手机号码,身份证号,类别,乡镇\n\
        1,张示例,13900000021,,企业家,新墙镇\n\
        2,李示例,12345,,企业家,新墙镇\n\
        3,赵示例,13900000023,4.30621E+17,外星人,新墙镇\n";
    let (layout, rows) = import(original.as_bytes().to_vec(), "名录.csv").unwrap();
    assert_eq!(layout.header_row, 3);
    let rejected: Vec<_> = rows.into_iter().filter_map(|r| r.result.err().map(|e| (r.raw, e))).collect();
    assert_eq!(rejected.len(), 2);
    let bytes = error_workbook(&layout, rejected).unwrap();

    let range = first_sheet(&bytes);
    assert_eq!(range.get((0, 0)), Some(&Data::String("岳阳县新墙镇寓外乡友名录".into())));
    assert_eq!(range.get((2, 6)), Some(&Data::String("错误原因".into())));
    assert_eq!(range.get((3, 2)), Some(&Data::String("12345".into())), "phones stay text");
    assert_eq!(range.get((4, 3)), Some(&Data::String("4.30621E+17".into())));
    let Some(Data::String(reason)) = range.get((4, 6)) else { panic!("no reason") };
    assert!(reason.contains("身份证号：") && reason.contains("类别："), "{reason}");
    assert!(sheet_xml(&bytes).contains("<mergeCell "), "the title is merged again");

    // Fixed and imported again, the reason column is ignored.
    let (again, rows) = import(bytes, "错误行.xlsx").unwrap();
    assert_eq!(again.header_row, 3);
    assert!(again.unknown.is_empty());
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 5]);
    assert!(rows.iter().all(|r| r.result.is_err()));
}

#[test]
fn the_export_streams_rows_with_long_numbers_as_text() {
    let headers = ["姓名", "手机号码", "身份证号", "工作单位"];
    let mut writer = ExportWriter::new("乡友名册", &headers).unwrap();
    let id = synthetic_id("19750305", "135");
    for i in 0..20_000 {
        writer.write_row(&[format!("示例{i}"), format!("139{i:08}"), id.clone(), "示例公司".into()]).unwrap();
    }
    assert_eq!(writer.rows(), 20_000);
    let bytes = writer.finish().unwrap();
    let range = first_sheet(&bytes);
    assert_eq!(range.get_size(), (20_001, 4));
    assert_eq!(range.get((1, 1)), Some(&Data::String("13900000000".into())));
    assert_eq!(range.get((20_000, 2)), Some(&Data::String(id)));
    assert!(sheet_xml(&bytes).contains(r#"ySplit="1""#));

    let mut book = Workbook::open(bytes, "导出.xlsx").unwrap();
    let import = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(import.layout().column(Field::IdNumber), Some(2));
}

#[test]
fn an_export_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("导出.xlsx");
    let mut writer = ExportWriter::new("名册", &["姓名"]).unwrap();
    writer.write_row(&["张示例"]).unwrap();
    writer.finish_to_path(&path).unwrap();
    let mut book = Workbook::open_path(&path).unwrap();
    assert_eq!(book.rows().unwrap().count(), 2);
    assert_eq!(book.file_name(), "导出.xlsx");
}
