//! Rosters as county offices lay them out in Excel, built here with
//! rust_xlsxwriter, and the committed ones written by openpyxl and xlwt.

mod support;

use chrono::NaiveDate;
use guichao_domain::fellows::{Category, Gender};
use guichao_sheets::{ColumnKind, Field, ImportOptions, Workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula};
use support::*;

/// A roster with a merged title, a filing line, the header in row 3 with its
/// columns in an unusual order, and the usual damage: numbers for phones and
/// IDs, an Excel date, a serial date, full-width digits, traditional names, a
/// gap, a footer and formulas.
fn roster() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.merge_range(0, 0, 0, 9, "岳阳县新墙镇寓外乡友名录", &Format::new().set_bold()).unwrap();
    sheet.write_string(1, 0, "填报单位：新墙镇").unwrap();
    sheet.write_string(1, 6, "填报日期：2026年3月").unwrap();
    let header = ["手机号码", "类别", "姓名", "序号", "身份证号", "出生年月", "乡镇", "村（社区）", "所属商会", "爱好"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    // Row 4: a phone and a date as Excel stores them.
    sheet.write_number(3, 0, 13_900_000_011.0).unwrap();
    sheet.write_string(3, 1, "企业家").unwrap();
    sheet.write_string(3, 2, "李示例").unwrap();
    sheet.write_number(3, 3, 1.0).unwrap();
    sheet.write_string(3, 4, synthetic_id("19750305", "135")).unwrap();
    sheet.write_datetime_with_format(3, 5, ExcelDateTime::from_ymd(1975, 3, 5).unwrap(), &date).unwrap();
    sheet.write_string(3, 6, "新墙镇").unwrap();
    sheet.write_string(3, 7, "荣家村").unwrap();
    sheet.write_string(3, 8, "深圳岳阳商会").unwrap();
    sheet.write_string(3, 9, "钓鱼").unwrap();
    // Row 5: full-width digits, an ID Excel made a float, a serial date, a traditional township.
    sheet.write_string(4, 0, "＋８６ １３９－００００－００１２").unwrap();
    sheet.write_string(4, 1, "文教").unwrap();
    sheet.write_string(4, 2, "赵示例").unwrap();
    sheet.write_number(4, 4, 4.306_211_975_030_51e17).unwrap();
    sheet.write_number(4, 5, 27_458.0).unwrap();
    sheet.write_string(4, 6, "新牆鎮").unwrap();
    // Row 6 left blank. Row 7: everything wrong.
    sheet.write_string(6, 0, "12345").unwrap();
    sheet.write_string(6, 1, "外星人").unwrap();
    sheet.write_string(6, 2, "钱示例").unwrap();
    sheet.write_number(6, 5, 1975.1).unwrap();
    sheet.write_string(6, 6, "某某镇").unwrap();
    // Row 8: formulas; their cached results are read, never evaluated.
    sheet.write_formula(7, 0, Formula::new("=\"139\"&\"00000013\"").set_result("13900000013")).unwrap();
    sheet.write_formula(7, 1, Formula::new("=IF(TRUE,\"工商企\",\"\")").set_result("工商企")).unwrap();
    sheet.write_string(7, 2, "孙示例").unwrap();
    sheet.write_string(7, 6, "新墙").unwrap();
    // Rows 10-11: signatures under the table.
    sheet.write_string(9, 2, "制表人：示例甲").unwrap();
    sheet.write_string(9, 6, "审核人：示例乙").unwrap();
    sheet.write_string(10, 0, "合计").unwrap();
    sheet.write_string(10, 1, "4人").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn the_layout_is_found_under_the_title() {
    let (layout, _) = import(roster(), "名录.xlsx").unwrap();
    assert_eq!(layout.header_row, 3);
    assert_eq!(layout.title_rows[0][0], "岳阳县新墙镇寓外乡友名录");
    assert_eq!(layout.title_rows[1][6], "填报日期：2026年3月");
    assert_eq!(layout.column(Field::Phone), Some(0));
    assert_eq!(layout.column(Field::Name), Some(2));
    assert_eq!(layout.columns[3], ColumnKind::Ignored);
    assert_eq!(layout.column(Field::Chamber), Some(8));
    assert_eq!(layout.unknown, vec!["爱好"]);
    assert!(layout.missing.is_empty());
}

#[test]
fn numbers_dates_and_traditional_names_are_read() {
    let (_, rows) = import(roster(), "名录.xlsx").unwrap();
    let numbers: Vec<u64> = rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, vec![4, 5, 7, 8], "blank and footer rows are no records");

    let first = rows[0].result.as_ref().unwrap();
    assert_eq!(first.name, "李示例");
    assert_eq!(first.phone.as_ref().unwrap().as_str(), "13900000011");
    assert_eq!(first.birth_date, NaiveDate::from_ymd_opt(1975, 3, 5));
    assert_eq!(first.category, Category::IndustryCommerce);
    assert_eq!((first.township_id, first.village_id), (XINQIANG, Some(RONGJIA)));
    assert_eq!(first.gender, Some(Gender::Male), "from the ID number");
    assert_eq!(rows[0].chamber.as_deref(), Some("深圳岳阳商会"));
    assert_eq!(rows[0].raw[0], "13900000011");
    assert_eq!(rows[0].raw[5], "1975-03-05");

    let formulas = rows[3].result.as_ref().unwrap();
    assert_eq!(formulas.phone.as_ref().unwrap().as_str(), "13900000013");
    assert_eq!(formulas.category, Category::IndustryCommerce);
}

#[test]
fn a_float_id_number_is_refused_never_repaired() {
    let (_, rows) = import(roster(), "名录.xlsx").unwrap();
    assert_eq!(
        reasons(&rows[1]),
        vec!["身份证号：身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新填写"]
    );
    assert_eq!(rows[1].raw[4], "4.30621197503051E+17");
}

#[test]
fn every_error_names_the_files_own_column() {
    let (_, rows) = import(roster(), "名录.xlsx").unwrap();
    let got = reasons(&rows[2]);
    let columns: Vec<&str> = got.iter().map(|r| r.split_once('：').unwrap().0).collect();
    assert_eq!(columns, vec!["手机号码", "类别", "出生年月", "乡镇"], "{got:?}");
    assert!(got[1].contains("外星人"));
    assert!(got[2].contains("1975.01") && got[2].contains("1975.10"));
}

#[test]
fn unknown_columns_go_to_notes_only_when_asked() {
    let (_, rows) = import(roster(), "名录.xlsx").unwrap();
    assert_eq!(rows[0].result.as_ref().unwrap().notes, "");
    let options = ImportOptions { unknown_to_notes: true, ..ImportOptions::new(today()) };
    let (_, rows) = import_with(roster(), "名录.xlsx", options).unwrap();
    assert_eq!(rows[0].result.as_ref().unwrap().notes, "爱好：钓鱼");
}

#[test]
fn footer_and_blank_rows_are_counted_as_skipped() {
    let mut book = Workbook::open(roster(), "名录.xlsx").unwrap();
    let mut import = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(import.by_ref().count(), 4);
    assert_eq!(import.skipped().footer, 2);
}

#[test]
fn the_openpyxl_fixture_imports() {
    let (layout, rows) = import(fixture("roster_openpyxl.xlsx"), "roster.xlsx").unwrap();
    assert_eq!(layout.header_row, 3);
    assert_eq!(layout.title_rows[0][0], "岳阳县新墙镇寓外乡友名录");
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 5, 6]);
    let li = rows[0].result.as_ref().unwrap();
    assert_eq!(li.birth_date, NaiveDate::from_ymd_opt(1980, 6, 15));
    assert_eq!(li.phone.as_ref().unwrap().as_str(), "13900000001");
    assert_eq!(li.id_number.as_ref().unwrap().as_str(), synthetic_id("19800615", "135"));
    let zhao = rows[1].result.as_ref().unwrap();
    assert_eq!(zhao.township_id, XINQIANG);
    assert_eq!(zhao.birth_date, NaiveDate::from_ymd_opt(1985, 11, 1));
    assert_eq!(zhao.category, Category::CultureEducationArts);
    let qian = reasons(&rows[2]);
    assert!(qian.iter().any(|r| r.starts_with("身份证号：") && r.contains("后几位已丢失")), "{qian:?}");
    assert!(qian.iter().any(|r| r.starts_with("类别：")), "{qian:?}");
    assert!(qian.iter().any(|r| r.starts_with("出生年月：")), "{qian:?}");
}

#[test]
fn the_xlwt_fixture_imports() {
    let (layout, rows) = import(fixture("roster_xlwt.xls"), "roster.xls").unwrap();
    assert_eq!((layout.header_row, layout.title_rows.len()), (2, 1));
    assert_eq!(rows.len(), 2);
    let zheng = rows[0].result.as_ref().unwrap();
    assert_eq!(zheng.birth_date, NaiveDate::from_ymd_opt(1972, 1, 20));
    assert_eq!(zheng.phone.as_ref().unwrap().as_str(), "13900000006");
    let wang = rows[1].result.as_ref().unwrap();
    assert_eq!(wang.gender, Some(Gender::Female));
    assert_eq!(wang.category, Category::PartyGovMilitary);
    assert_eq!(wang.birth_date, NaiveDate::from_ymd_opt(1979, 8, 1));
}
