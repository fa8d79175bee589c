//! Arbitrary input never panics, and the CSV reader gives back what a CSV
//! writer wrote.

mod support;

use guichao_sheets::{Cell, ImportOptions, Layout, RawRow, Workbook};
use proptest::prelude::*;
use support::*;

/// Opens and imports to the end; every outcome but a panic is fine.
fn run(bytes: Vec<u8>, name: &str) {
    let Ok(mut book) = Workbook::open(bytes, name) else { return };
    let Ok(import) = book.import(ImportOptions::new(today()), resolver) else { return };
    for row in import {
        if let Ok(row) = row
            && let Err(errors) = &row.result
        {
            assert!(errors.iter().all(|e| !e.reason.zh.is_empty() && e.row == row.row));
        }
    }
}

fn header_word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "姓名",
            "性别",
            "手机",
            "乡镇",
            "村（社区）",
            "类别",
            "序号",
            "出生年月",
            "身份证号",
            "备注",
            "",
            "合计",
            "制表人：",
            "岳阳县新墙镇寓外乡友名录",
            "张示例",
            "13900000001",
            "企业家",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_named_csv(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        run(bytes, "x.csv");
    }

    #[test]
    fn any_text_as_csv(text in "[姓名性别手机乡镇类别张三新墙镇企业家,\"\\n\\r\\t ;0-9a-z]{0,600}") {
        run(text.into_bytes(), "x.csv");
    }

    #[test]
    fn any_bytes_behind_an_xlsx_or_xls_signature(
        magic in prop::sample::select(vec![&b"PK\x03\x04"[..], b"PK\x05\x06", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
        rest in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        run([magic, &rest].concat(), "x.xlsx");
    }

    #[test]
    fn any_corruption_of_a_real_xlsx(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut bytes = fixture("roster_openpyxl.xlsx");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        bytes.truncate(cut.index(bytes.len()).max(bytes.len() - 64));
        run(bytes, "x.xlsx");
    }

    #[test]
    fn any_corruption_of_a_real_xls(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = fixture("roster_xlwt.xls");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        run(bytes, "x.xls");
    }

    #[test]
    fn header_detection_on_any_rows(rows in prop::collection::vec(prop::collection::vec(header_word(), 0..12), 0..40)) {
        let rows: Vec<RawRow> = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| RawRow { row: i as u64 + 1, cells: cells.into_iter().map(Cell::Text).collect() })
            .collect();
        if let Ok((layout, first_data)) = Layout::detect(&rows) {
            prop_assert!(layout.column(guichao_sheets::Field::Name).is_some());
            prop_assert!(layout.columns.len() <= layout.header.len().max(layout.columns.len()));
            prop_assert!(first_data <= rows.len());
            prop_assert_eq!(layout.title_rows.len() as u64, layout.header_row - 1);
        }
    }

    #[test]
    fn the_csv_reader_reads_back_what_a_csv_writer_wrote(
        // Without `;`, tab or a leading U+FEFF, which a reader must guess at:
        // another separator, or a byte-order mark.
        table in prop::collection::vec(prop::collection::vec("[^\\x00;\t\u{feff}]{0,12}", 1..6), 1..20),
    ) {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for row in &table {
            writer.write_record(row).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let Ok(mut book) = Workbook::open(bytes, "x.csv") else { return Ok(()) };
        let read: Vec<RawRow> = book.rows().unwrap().collect::<Result<_, _>>().unwrap();
        // Empty lines and trailing empty cells have no cells; line breaks come back as \n.
        let want: Vec<Vec<String>> = table
            .iter()
            .map(|r| {
                let mut r: Vec<String> = r.iter().map(|c| c.replace("\r\n", "\n").replace('\r', "\n")).collect();
                while r.last().is_some_and(String::is_empty) {
                    r.pop();
                }
                r
            })
            .filter(|r| !r.is_empty())
            .collect();
        let got: Vec<Vec<String>> = read.iter().map(RawRow::display).filter(|r| !r.is_empty()).collect();
        prop_assert_eq!(got, want);
    }
}
