//! The sample project ledger (fixtures/project_ledger.csv, and the same
//! ledger as xlsx with number and date cells) judged against a synthetic
//! county: headers under a title with their units, 万/亿 from the header or
//! the cell, stage dates in every usual form, fellows by name and township,
//! every refusal with its column, a repeated name, a project the county has
//! already and a signature under the table. All names are made up.
//!
//! `cargo test -p guichao-sheets --test project_ledger -- --ignored` writes
//! the xlsx fixture again from the csv.

mod support;

use chrono::NaiveDate;
use guichao_domain::org::UnitLevel;
use guichao_domain::projects::{FEN_PER_WAN, FEN_PER_YI, ProjectKind, ProjectRole, ProjectSource, Stage};
use guichao_sheets::projects::{CheckedLedger, judge};
use guichao_sheets::{Cell, RawRow, Workbook};
use guichao_store::projects::{LedgerFellow, LedgerUnit, LedgerUser, ProjectDirectory};
use support::fixture;
use uuid::Uuid;

const COUNTY: Uuid = Uuid::from_u128(1);
const XINQIANG: Uuid = Uuid::from_u128(100);
const GANGKOU: Uuid = Uuid::from_u128(200);
const OFFICER: Uuid = Uuid::from_u128(10);
const CHAMBER: Uuid = Uuid::from_u128(50);
const ZHANG: Uuid = Uuid::from_u128(20);
const WANG: Uuid = Uuid::from_u128(21);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 岳阳县 with 新墙镇 and 筻口镇, the user `officer`, 深圳岳阳商会, 张三 of
/// 新墙镇, 王五 of 筻口镇, two namesakes 李四 of 新墙镇, and 乡村旅游项目 recorded.
fn county() -> ProjectDirectory {
    let unit = |id, name: &str, level| LedgerUnit { id, name: name.into(), level: Some(level), in_scope: true };
    let fellow = |id, name: &str, township| LedgerFellow { id, name: name.into(), township_id: Some(township) };
    ProjectDirectory {
        units: vec![
            unit(COUNTY, "岳阳县", UnitLevel::County),
            unit(XINQIANG, "新墙镇", UnitLevel::Township),
            unit(GANGKOU, "筻口镇", UnitLevel::Township),
        ],
        users: vec![LedgerUser { id: OFFICER, username: "officer".into(), display_name: "赵警官".into() }],
        chambers: vec![(CHAMBER, "深圳岳阳商会".into())],
        fellows: vec![
            fellow(ZHANG, "张三", XINQIANG),
            fellow(WANG, "王五", GANGKOU),
            fellow(Uuid::from_u128(22), "李四", XINQIANG),
            fellow(Uuid::from_u128(23), "李四", XINQIANG),
        ],
        projects: vec!["乡村旅游项目".into()],
    }
}

fn rows(bytes: Vec<u8>, name: &str) -> Vec<RawRow> {
    let mut book = Workbook::open(bytes, name).unwrap();
    book.rows().unwrap().map(Result::unwrap).collect()
}

fn judged(name: &str) -> CheckedLedger {
    judge(&rows(fixture(name), name), &county(), COUNTY, day(2026, 1, 1)).unwrap()
}

/// What the ledger says, as the two formats must agree on it.
fn assert_the_sample_reads(c: &CheckedLedger) {
    assert_eq!(c.layout.header_row, 3, "under the title and 填报单位");
    assert_eq!(c.rows_in_file, 7, "the signature under the table is not a row");
    let accepted: Vec<u64> = c.accepted.iter().map(|a| a.row).collect();
    assert_eq!(accepted, [4, 5, 6]);
    assert_eq!(c.existing.iter().map(|e| (e.row, e.name.as_str())).collect::<Vec<_>>(), [(10, "乡村旅游项目")]);

    let car = &c.accepted[0].project;
    let d = &car.draft;
    assert_eq!(
        (d.name.as_str(), d.kind, d.unit_id, d.officer_id),
        ("汽车内饰件项目", ProjectKind::Manufacturing, XINQIANG, Some(OFFICER))
    );
    assert_eq!(d.investment_fen, 35 * FEN_PER_YI / 10, "3.5 in a 亿元 column is 3.5亿");
    assert_eq!(d.fixed_asset_fen, 25_000 * FEN_PER_WAN, "25000 in a 万元 column");
    assert_eq!((d.jobs_planned, d.land_need_hundredths_mu, d.factory_need_m2), (300, 12_050, 20_000));
    assert_eq!((d.source, d.source_chamber_id, d.notes.as_str()), (ProjectSource::Chamber, Some(CHAMBER), "首批签约"));
    let company = car.company.as_ref().unwrap();
    assert_eq!(company.name, "岳阳某某汽车部件有限公司");
    assert_eq!(company.credit_code.as_ref().map(|c| c.as_str()), Some("91430621MA4L00001R"));
    let events: Vec<(Stage, NaiveDate)> = car.events.iter().map(|e| (e.stage, e.on)).collect();
    assert_eq!(
        events,
        [
            (Stage::Inspected, day(2023, 4, 2)),
            (Stage::Negotiating, day(2023, 4, 6)),
            (Stage::Signed, day(2023, 4, 9)),
            (Stage::Started, day(2023, 7, 1))
        ]
    );
    assert_eq!(car.fellows, [(ZHANG, ProjectRole::Introducer)]);

    let food = &c.accepted[1].project;
    assert_eq!(food.draft.investment_fen, 12_000 * FEN_PER_WAN, "the cell's 万 wins over the 亿元 header");
    assert_eq!((food.draft.fixed_asset_fen, food.draft.foreign_fen), (8_000 * FEN_PER_WAN, 500 * FEN_PER_WAN));
    assert_eq!(
        (food.draft.unit_id, food.draft.source, food.draft.kind),
        (GANGKOU, ProjectSource::TaskForce, ProjectKind::Agriculture)
    );
    let stages: Vec<(Stage, NaiveDate)> = food.events.iter().map(|e| (e.stage, e.on)).collect();
    assert_eq!(
        stages,
        [(Stage::Inspected, day(2023, 3, 1)), (Stage::Signed, day(2023, 5, 8)), (Stage::Registered, day(2023, 6, 1))]
    );
    assert_eq!(food.fellows, [(WANG, ProjectRole::Investor)], "by name and the 投资人乡镇 column");

    let dropped = &c.accepted[2].project;
    assert_eq!(
        dropped.company.as_ref().map(|c| (c.name.as_str(), c.credit_code.is_none())),
        Some(("某某电子有限公司", true))
    );
    let last = dropped.events.last().unwrap();
    assert_eq!((last.stage, last.on, last.reason.as_str()), (Stage::Dropped, day(2022, 9, 1), "投资方资金链断裂"));

    let refused: Vec<(u64, &str, Vec<&str>)> = c
        .rejected
        .iter()
        .map(|r| (r.row, r.name.as_str(), r.errors.iter().map(|e| e.column.as_str()).collect()))
        .collect();
    assert_eq!(
        refused,
        [
            (7, "新材料项目", vec!["项目类型", "项目警官", "签约日期"]),
            (8, "文旅综合体项目", vec!["协议投资（亿元）", "外资", "责任单位", "引荐乡友"]),
            (9, "汽车内饰件项目", vec!["项目名称"]),
        ]
    );
    let reasons: Vec<&str> = c.rejected.iter().flat_map(|r| r.errors.iter().map(|e| e.reason.zh.as_str())).collect();
    assert!(reasons[0].starts_with("项目类型“新材料”无法识别，可填：工业制造"), "{}", reasons[0]);
    assert_eq!(reasons[1], "找不到项目警官“孙警官”（用户名或姓名）");
    assert_eq!(reasons[2], "签约日期（2023-03-01）不能早于首次考察日期（2023-05-01）", "without the form's hint");
    assert_eq!(reasons[3], "金额不能为负数");
    assert!(reasons[4].starts_with("金额“800”没有单位"), "{}", reasons[4]);
    assert_eq!(reasons[5], "找不到责任单位“长沙”");
    assert_eq!(reasons[6], "本县有2位乡友叫“李四”，请注明乡镇，如 李四（新墙镇）");
    assert_eq!(reasons[7], "与第4行的项目名称重复，同一项目只能有一行");
}

#[test]
fn the_csv_sample_ledger_reads_as_written() {
    let c = judged("project_ledger.csv");
    assert_the_sample_reads(&c);
    // The error file: the title rows, the header with 错误原因, the three refused rows as written.
    let mut book = Workbook::open(c.error_file().unwrap(), "errors.xlsx").unwrap();
    let rows: Vec<Vec<String>> = book.rows().unwrap().map(|r| r.unwrap().display()).collect();
    assert_eq!(rows[0][0], "岳阳县招商引资项目台账（示例，名称与数据均为虚构）");
    assert_eq!(rows[2].last().map(String::as_str), Some("错误原因"));
    assert_eq!(rows.len(), 3 + 3);
    assert_eq!(rows[3][1], "新材料项目");
    assert!(rows[4].last().unwrap().contains("外资：金额“800”没有单位"), "{:?}", rows[4]);
}

#[test]
fn the_xlsx_sample_ledger_reads_the_same() {
    let sheet = rows(fixture("project_ledger.xlsx"), "project_ledger.xlsx");
    assert_eq!(sheet[3].cells[5], Cell::Number(3.5), "the amount is a number cell");
    assert_eq!(sheet[3].cells[19], Cell::Date(day(2023, 7, 1)), "the start date is a date cell");
    assert_eq!(sheet[4].cells[15], Cell::Number(20230301.0), "yyyymmdd kept as a number");
    let c = judged("project_ledger.xlsx");
    assert_the_sample_reads(&c);
}

#[test]
fn other_refusals_name_their_columns() {
    let ledger = "项目名称,投资方,统一社会信用代码,来源,来源商会,投资额,用地（亩）,签约日期,终止日期,终止原因,引荐人,引荐人乡镇\n\
                  甲项目,,91430621MA4L00001R,,,,,,,,,\n\
                  乙项目,某公司,91430621MA4L00001X,招商专班,深圳岳阳商会,,,,,,,\n\
                  丙项目,某公司,,,,3.5亿,12.345,2099-01-01,,投资方撤资,,\n\
                  丁项目,,,,深圳岳阳商会,800万,,2023-05-08,,,张三,新墙\n\
                  戊项目,\"某\u{7}公司\",,,,,,,2023-06-01,,李四（筻口镇）,\n";
    let c = judge(&rows(ledger.as_bytes().to_vec(), "x.csv"), &county(), COUNTY, day(2026, 1, 1)).unwrap();
    let refused: Vec<(u64, Vec<(&str, &str)>)> = c
        .rejected
        .iter()
        .map(|r| (r.row, r.errors.iter().map(|e| (e.column.as_str(), e.reason.zh.as_str())).collect()))
        .collect();
    assert_eq!(refused[0], (2, vec![("投资方", "填写了统一社会信用代码，请同时填写投资方名称")]));
    assert_eq!(refused[1].1[0].0, "统一社会信用代码", "a wrong check character");
    assert_eq!(refused[1].1[1], ("来源商会", "来源为“招商专班”时不填来源商会"));
    assert_eq!(refused[2].1[0], ("用地（亩）", "“12.345”最多两位小数（0.01亩）"));
    assert_eq!(refused[2].1[1], ("签约日期", "日期不能晚于今天"));
    assert_eq!(refused[2].1[2], ("终止日期", "填写了终止原因，请同时填写终止日期"));
    assert_eq!((refused[3].0, refused[3].1[0].0), (6, "投资方"), "a control character in the name");
    assert_eq!(refused[3].1[1], ("终止原因", "终止项目须填写终止原因"));
    assert_eq!(refused[3].1[2], ("引荐人", "筻口镇找不到乡友“李四”（或不在您的查看范围内）"));
    let ding = &c.accepted[0].project;
    assert_eq!(
        (ding.draft.name.as_str(), ding.draft.source),
        ("丁项目", ProjectSource::Chamber),
        "the chamber implies the source"
    );
    assert_eq!(ding.fellows, [(ZHANG, ProjectRole::Introducer)], "a name takes the township column");
}

#[test]
fn a_ledger_without_a_project_name_column_has_no_header() {
    let bytes = "投资方,签约日期\n某公司,2023-05-08\n".as_bytes().to_vec();
    let found = judge(&rows(bytes, "x.csv"), &county(), COUNTY, day(2026, 1, 1));
    assert!(matches!(found, Err(guichao_sheets::SheetError::NoHeader { .. })));
}

/// Writes fixtures/project_ledger.xlsx from the csv with rust_xlsxwriter,
/// the crate the program writes xlsx with: numbers as number cells,
/// ISO dates as date cells, yyyymmdd as the numbers Excel keeps them as.
#[test]
#[ignore = "writes the fixture; run with --ignored after changing the csv"]
fn write_the_xlsx_fixture() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
    let csv = String::from_utf8(fixture("project_ledger.csv")).unwrap();
    let mut book = Writer::new();
    let sheet = book.add_worksheet().set_name("项目台账").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, line) in csv.lines().enumerate() {
        for (c, text) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let iso = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
            if r > 2 && iso {
                let d = ExcelDateTime::parse_from_str(text).unwrap();
                sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else if let (true, Ok(n)) = (r > 2 && !text.is_empty(), text.parse::<f64>()) {
                sheet.write_number(r, c, n).unwrap();
            } else if !text.is_empty() {
                sheet.write_string(r, c, text).unwrap();
            }
        }
    }
    book.save(format!("{}/tests/fixtures/project_ledger.xlsx", env!("CARGO_MANIFEST_DIR"))).unwrap();
}
