//! Rosters saved as CSV: GBK from a Chinese Excel, UTF-8 with and without a
//! BOM, and long files streamed from disk.

mod support;

use guichao_domain::fellows::Category;
use guichao_sheets::{ImportOptions, Workbook};
use std::io::Write;
use support::*;

#[test]
fn the_gbk_fixture_imports_with_its_title_and_total_skipped() {
    let bytes = fixture("roster_gbk.csv");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture really is GBK");
    let mut book = Workbook::open(bytes, "roster.csv").unwrap();
    let mut import = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(import.layout().header_row, 2);
    assert_eq!(import.layout().title_rows, vec![vec!["岳阳县寓外乡友名册".to_string()]]);
    let rows: Vec<_> = import.by_ref().map(Result::unwrap).collect();
    assert_eq!(import.skipped().footer, 1);
    assert_eq!(import.skipped().blank, 1);
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![3, 4, 5]);
    let phones: Vec<String> =
        rows.iter().map(|r| r.result.as_ref().unwrap().phone.as_ref().unwrap().as_str().to_string()).collect();
    assert_eq!(phones, vec!["13900000003", "13900000004", "13900000005"]);
    assert!(rows.iter().all(|r| r.result.as_ref().unwrap().township_id == XINQIANG));
    assert_eq!(rows[1].raw[2], "新牆鎮", "raw cells are kept as written");
    assert_eq!(rows[2].result.as_ref().unwrap().category, Category::PartyGovMilitary);
}

#[test]
fn utf8_with_or_without_bom_reads_the_same() {
    let text = "姓名,类别,乡镇,出生年月\n张示例,企业家,新墙镇,1975-3-5\n";
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for bytes in [text.as_bytes().to_vec(), with_bom] {
        let (layout, rows) = import(bytes, "x.csv").unwrap();
        assert_eq!(layout.header[0], "姓名");
        assert!(rows[0].result.is_ok(), "{:?}", reasons(&rows[0]));
    }
}

#[test]
fn row_numbers_count_records_as_excel_shows_them() {
    let text = "姓名,备注,类别,乡镇\n张示例,\"两行\n备注\",企业家,新墙\n\n李示例,,外星人,新墙\n";
    let (_, rows) = import(text.as_bytes().to_vec(), "x.csv").unwrap();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 4]);
    assert_eq!(rows[1].result.as_ref().unwrap_err()[0].row, 4);
}

#[test]
fn pre_numbered_empty_rows_are_blank() {
    let text = "序号,姓名,类别,乡镇\n1,张示例,企业家,新墙\n2,,,\n3,,,\n";
    let mut book = Workbook::open(text.as_bytes().to_vec(), "x.csv").unwrap();
    let mut import = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(import.by_ref().count(), 1);
    assert_eq!(import.skipped().blank, 2);
}

#[test]
fn a_repeated_header_is_skipped() {
    let text = "姓名,类别,乡镇\n张示例,企业家,新墙\n姓名,类别,乡镇\n李示例,文教,新墙\n";
    let mut book = Workbook::open(text.as_bytes().to_vec(), "x.csv").unwrap();
    let mut import = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(import.by_ref().filter(|r| r.as_ref().unwrap().result.is_ok()).count(), 2);
    assert_eq!(import.skipped().repeated_header, 1);
}

#[test]
fn a_long_file_streams_from_disk() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode("姓名,类别,乡镇,手机\n");
    file.write_all(&gbk).unwrap();
    let rows = 50_000;
    for i in 0..rows {
        let line = format!("示例{},企业家,新墙镇,139{:08}\n", ["甲", "乙", "丙"][i % 3], i);
        file.write_all(&encoding_rs::GB18030.encode(&line).0).unwrap();
    }
    file.flush().unwrap();
    let mut book = Workbook::open_path(file.path()).unwrap();
    assert_eq!(book.format(), guichao_sheets::Format::Csv);
    let import = book.import(ImportOptions::new(today()), resolver).unwrap();
    let mut accepted = 0;
    for row in import {
        let row = row.unwrap();
        assert!(row.result.is_ok(), "row {}: {:?}", row.row, reasons(&row));
        accepted += 1;
    }
    assert_eq!(accepted, rows);
}
