//! Hostile and broken files: each is refused with a clear error, in bounded
//! time and memory, and never panics.

mod support;

use guichao_sheets::{Field, SheetError, Workbook};
use std::time::{Duration, Instant};
use support::bomb::{Member, crc32, deflate_spaces, xlsx_around};
use support::*;

/// Runs `f` and fails if it takes longer than a hostile file may cost.
fn quickly<T>(limit_secs: u64, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < Duration::from_secs(limit_secs), "took {:?}", start.elapsed());
    out
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"#;
const SHEET_TAIL: &str =
    r#"<row r="2"><c r="A2" t="inlineStr"><is><t>张示例</t></is></c></row></sheetData></worksheet>"#;

/// A sheet part holding about `spaces` spaces between its rows, deflated,
/// whose headers declare `declared` bytes (or the truth).
fn spaces_sheet(spaces: u64, declared: Option<u32>) -> Member {
    let pairs = spaces / 258;
    let data = deflate_spaces(SHEET_HEAD.as_bytes(), pairs, SHEET_TAIL.as_bytes());
    let real = SHEET_HEAD.len() as u64 + 1 + 258 * pairs + SHEET_TAIL.len() as u64;
    let crc = if real < 64 << 20 {
        let mut xml = SHEET_HEAD.as_bytes().to_vec();
        xml.resize(xml.len() + 1 + 258 * pairs as usize, b' ');
        xml.extend(SHEET_TAIL.as_bytes());
        crc32(&xml)
    } else {
        0
    };
    Member { name: "xl/worksheets/sheet1.xml".into(), method: 8, data, crc, size: declared.unwrap_or(real as u32) }
}

#[test]
fn the_hand_made_deflate_stream_is_sound() {
    // The same construction as the bombs below, small and honest, imports.
    let bytes = xlsx_around(spaces_sheet(1 << 20, None));
    let mut book = Workbook::open(bytes, "ok.xlsx").unwrap();
    let rows: Vec<_> = book.rows().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].display(), vec!["张示例"]);
}

#[test]
fn a_zip_bomb_declaring_gigabytes_is_refused_at_once() {
    let bytes = xlsx_around(spaces_sheet(3 << 30, None));
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    let err = quickly(5, || Workbook::open(bytes, "炸弹.xlsx").unwrap_err());
    assert_eq!(err, SheetError::ZipBomb);
    assert!(err.message().zh.contains("解压"));
}

#[test]
fn a_zip_bomb_lying_about_its_size_is_refused_after_the_declared_bytes() {
    for declared in [1_000, 10 << 20] {
        let bytes = xlsx_around(spaces_sheet(3 << 30, Some(declared)));
        let err = quickly(20, || Workbook::open(bytes, "炸弹.xlsx").unwrap_err());
        assert_eq!(err, SheetError::ZipBomb, "declared {declared}");
    }
}

#[test]
fn a_sheet_claiming_the_whole_grid_costs_only_its_cells() {
    for dimension in ["A1:XFD1048576", "A1:XFD4000000000", "A1:A999999999"] {
        let rows = format!(
            r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
            text_cell("A1", "姓名"),
            text_cell("B1", "类别"),
            text_cell("A2", "张示例"),
            text_cell("B2", "企业家"),
        );
        let bytes = raw_xlsx(&sheet_xml(dimension, &rows), None);
        let got = quickly(10, || import(bytes, "大.xlsx"));
        // A dimension past Excel's grid is a damaged file; any other is ignored.
        match got {
            Ok((layout, rows)) => {
                assert_eq!(layout.column(Field::Category), Some(1));
                assert_eq!(rows.len(), 1, "{dimension}");
            }
            Err(e) => {
                assert_ne!(dimension, "A1:XFD1048576");
                assert!(matches!(e, SheetError::Broken(_)), "{dimension}: {e:?}");
            }
        }
    }
}

#[test]
fn a_cell_past_the_last_column_read_refuses_the_file() {
    let rows = format!(r#"<row r="1">{}{}</row>"#, text_cell("A1", "姓名"), text_cell("XFD1", "x"));
    let bytes = raw_xlsx(&sheet_xml("A1:XFD1", &rows), None);
    let err = quickly(5, || import(bytes, "宽.xlsx").unwrap_err());
    assert_eq!(err, SheetError::TooManyColumns { row: 1, limit: 200 });
}

#[test]
fn a_shared_string_table_declaring_billions_is_refused() {
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let shared = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>姓名</t></si></sst>"#;
    let bytes = raw_xlsx(&sheet_xml("A1", rows), Some(shared));
    assert_eq!(quickly(5, || Workbook::open(bytes, "x.xlsx").unwrap_err()), SheetError::ZipBomb);
}

#[test]
fn a_cell_of_megabytes_is_a_row_error_with_its_text_cut() {
    let long = "长".repeat(2 << 20);
    let rows = format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
        text_cell("A1", "姓名"),
        text_cell("B1", "备注"),
        text_cell("A2", "张示例"),
        text_cell("B2", &long),
    );
    let bytes = raw_xlsx(&sheet_xml("A1:B2", &rows), None);
    // Generous bounds: unoptimised, each format takes seconds over six megabytes.
    let (_, rows) = quickly(30, || import(bytes, "长.xlsx").unwrap());
    assert_eq!(reasons(&rows[0]), vec!["备注：内容过长，超过 32767 个字"]);
    assert_eq!(rows[0].raw[1].chars().count(), 32_767);

    let csv = format!("姓名,备注\n张示例,{long}\n");
    let (_, rows) = quickly(30, || import(csv.into_bytes(), "长.csv").unwrap());
    assert_eq!(reasons(&rows[0]), vec!["备注：内容过长，超过 32767 个字"]);
}

#[test]
fn a_truncated_zip_is_a_damaged_file() {
    let mut bytes = fixture("roster_openpyxl.xlsx");
    bytes.truncate(bytes.len() / 2);
    let err = Workbook::open(bytes, "坏.xlsx").unwrap_err();
    assert!(matches!(err, SheetError::Broken(_)), "{err:?}");
    assert!(err.message().zh.contains("损坏"));
}

#[test]
fn an_empty_file_and_blank_rows_are_empty() {
    assert_eq!(Workbook::open(Vec::new(), "空.xlsx").unwrap_err(), SheetError::Empty);
    assert_eq!(import(b"\n\n,,,\n".to_vec(), "空.csv").unwrap_err(), SheetError::Empty);
}

#[test]
fn binary_junk_named_csv_is_not_a_spreadsheet() {
    let mut junk: Vec<u8> = (0..65_536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    junk[0] = b'x';
    assert_eq!(Workbook::open(junk, "名册.csv").unwrap_err(), SheetError::NotASpreadsheet);
    let png = b"\x89PNG\r\n\x1a\n....".to_vec();
    assert_eq!(Workbook::open(png, "名册.csv").unwrap_err(), SheetError::NotASpreadsheet);
}

#[test]
fn web_pages_and_other_documents_say_what_they_are() {
    let html = "<html><body><table><tr><td>姓名</td></tr></table></body></html>".as_bytes().to_vec();
    assert_eq!(Workbook::open(html, "导出.xls").unwrap_err(), SheetError::Html);
    let word = zip_with(&[("word/document.xml", "<w/>")]);
    assert_eq!(Workbook::open(word, "名册.xlsx").unwrap_err(), SheetError::Unsupported("Word"));
    let other = zip_with(&[("readme.txt", "hi")]);
    assert_eq!(Workbook::open(other, "名册.xlsx").unwrap_err(), SheetError::NotASpreadsheet);
}

fn zip_with(files: &[(&str, &str)]) -> Vec<u8> {
    let members: Vec<Member> = files.iter().map(|(n, b)| Member::stored(n, b)).collect();
    support::bomb::zip_by_hand(&members)
}

#[test]
fn a_wrong_extension_does_no_harm() {
    let (_, rows) = import(fixture("roster_openpyxl.xlsx"), "名册.csv").unwrap();
    assert_eq!(rows.len(), 3);
    let (_, rows) = import("姓名,类别,乡镇\n张示例,企业家,新墙镇\n".as_bytes().to_vec(), "名册.xlsx").unwrap();
    assert!(rows[0].result.is_ok());
    let (_, rows) = import(fixture("roster_xlwt.xls"), "名册.xlsx").unwrap();
    assert_eq!(rows.len(), 2);
}

#[test]
fn an_xls_with_forged_dimensions_is_refused_not_allocated() {
    let mut bytes = fixture("roster_xlwt.xls");
    // DIMENSIONS: type 0x0200, length 14, then first row, last row + 1 (u32 each).
    let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("a DIMENSIONS record");
    bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let err = quickly(5, || Workbook::open(bytes, "伪.xls").unwrap_err());
    assert!(matches!(err, SheetError::Broken(_) | SheetError::TooManyCells { .. }), "{err:?}");
}

#[test]
fn an_unclosed_quote_stops_the_import_after_the_rows_before_it() {
    let mut csv = "姓名,类别,乡镇\n".to_string() + &"张示例,企业家,新墙镇\n".repeat(40) + "李示例,\"企业家";
    csv.push_str(&"x".repeat(9 << 20));
    let mut book = Workbook::open(csv.into_bytes(), "引号.csv").unwrap();
    let mut import = book.import(guichao_sheets::ImportOptions::new(today()), resolver).unwrap();
    for _ in 0..40 {
        assert!(import.next().unwrap().unwrap().result.is_ok());
    }
    assert_eq!(quickly(10, || import.next().unwrap().unwrap_err()), SheetError::RowTooLong { row: 42 });
    assert!(import.next().is_none());
}
