//! Shared helpers of the integration tests: a resolver for a two-unit org
//! tree, workbooks built in memory, and the import run to the end.
#![allow(dead_code)]

pub mod bomb;

use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::ids::Uuid;
use guichao_sheets::normalize::{township_key, village_key};
use guichao_sheets::{ImportOptions, Layout, ParsedRow, SheetError, UnitError, Units, Workbook};
use std::io::Write;

pub const XINQIANG: Uuid = Uuid::from_u128(1);
pub const RONGJIA: Uuid = Uuid::from_u128(2);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Knows one township, 新墙镇, with one village, 荣家村.
pub fn resolver(township: &str, village: &str) -> Result<Units, UnitError> {
    if township_key(township) != "新墙" {
        return Err(UnitError::Township(Msg::new(
            format!("乡镇“{township}”不在本县"),
            format!("{township} is not a township of the county"),
        )));
    }
    let village = match village_key(village).as_str() {
        "" => None,
        "荣家" => Some(RONGJIA),
        other => return Err(UnitError::Village(Msg::new(format!("村“{other}”不在新墙镇"), "No such village"))),
    };
    Ok(Units { township: XINQIANG, village })
}

/// Opens and imports a file to the end.
pub fn import(bytes: Vec<u8>, name: &str) -> Result<(Layout, Vec<ParsedRow>), SheetError> {
    import_with(bytes, name, ImportOptions::new(today()))
}

pub fn import_with(bytes: Vec<u8>, name: &str, options: ImportOptions) -> Result<(Layout, Vec<ParsedRow>), SheetError> {
    let mut book = Workbook::open(bytes, name)?;
    let import = book.import(options, resolver)?;
    let layout = import.layout().clone();
    let rows = import.collect::<Result<Vec<_>, _>>()?;
    Ok((layout, rows))
}

/// The reasons of a rejected row as `列名：原因` lines.
pub fn reasons(row: &ParsedRow) -> Vec<String> {
    match &row.result {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| format!("{}：{}", e.column, e.reason.zh)).collect(),
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A valid synthetic ID number: area 990102 belongs to no province.
pub fn synthetic_id(birth: &str, seq: &str) -> String {
    let body = format!("990102{birth}{seq}");
    format!("{body}{}", guichao_domain::fellows::IdNumber::check_char(&body).unwrap())
}

/// An xlsx whose parts are written by hand, for sheets no writer would make.
/// `sheet` is the worksheet XML; `shared` the shared string table, if any.
pub fn raw_xlsx(sheet: &str, shared: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut part = |name: &str, body: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    part(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    part("xl/worksheets/sheet1.xml", sheet);
    if let Some(shared) = shared {
        part("xl/sharedStrings.xml", shared);
    }
    zip.finish().unwrap().into_inner()
}

/// A worksheet XML around `rows` (the `<row>` elements), claiming `dimension`.
pub fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// An inline-string cell.
pub fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}
