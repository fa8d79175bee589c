//! The clerk's hand in an import: a column mapping that overrides the
//! detected one, the samples shown beside each header, and a gender that
//! disagrees with the ID number accepted for the clerk to weigh, not refused.

mod support;

use guichao_domain::fellows::{Gender, IdNumber};
use guichao_sheets::{Field, ImportOptions, Workbook};
use support::*;

const ROSTER: &str = "姓名,老家,类别,手机\n张示例,新墙镇,企业家,13800001001\n李示例,新墙镇,文教,13800001002\n";

#[test]
fn a_clerks_mapping_overrides_the_detected_columns() {
    let mut book = Workbook::open(ROSTER.as_bytes().to_vec(), "x.csv").unwrap();
    let mut detected = book.import(ImportOptions::new(today()), resolver).unwrap();
    assert_eq!(detected.layout().column(Field::Township), None, "老家 is no header the import knows");
    assert_eq!(detected.samples(), ["张示例", "新墙镇", "企业家", "13800001001"]);
    assert!(detected.next().unwrap().unwrap().result.is_err(), "without the township the row is refused");

    let mapping = vec![Some(Field::Name), Some(Field::Township), Some(Field::Category), None];
    let options = ImportOptions { mapping: Some(mapping), ..ImportOptions::new(today()) };
    let mut book = Workbook::open(ROSTER.as_bytes().to_vec(), "x.csv").unwrap();
    let import = book.import(options, resolver).unwrap();
    assert_eq!(import.layout().column(Field::Township), Some(1));
    assert!(import.layout().missing.is_empty());
    let rows: Vec<_> = import.map(Result::unwrap).collect();
    let draft = rows[0].result.as_ref().unwrap();
    assert_eq!(draft.township_id, XINQIANG);
    assert!(draft.phone.is_none(), "a column left out is not imported");
}

#[test]
fn a_field_chosen_twice_is_read_from_its_first_column() {
    let mapping = vec![Some(Field::Name), Some(Field::Township), Some(Field::Category), Some(Field::Category)];
    let options = ImportOptions { mapping: Some(mapping), ..ImportOptions::new(today()) };
    let mut book = Workbook::open(ROSTER.as_bytes().to_vec(), "x.csv").unwrap();
    let import = book.import(options, resolver).unwrap();
    assert_eq!(import.layout().column(Field::Category), Some(2));
    assert_eq!(import.layout().unknown, ["手机"]);
}

#[test]
fn a_gender_that_disagrees_with_the_id_is_a_warning_not_a_refusal() {
    let body = "43062119750305123";
    let id = format!("{body}{}", IdNumber::check_char(body).unwrap());
    let text = format!("姓名,性别,乡镇,类别,身份证号\n张示例,女,新墙镇,企业家,{id}\n");
    let (_, rows) = import(text.into_bytes(), "x.csv").unwrap();
    let draft = rows[0].result.as_ref().expect("accepted");
    assert_eq!(draft.gender, Some(Gender::Female), "the row's value until the clerk decides");
    let found = draft.id_mismatches();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].describe(guichao_domain::Lang::Zh), "性别：表中为女，身份证号为男");
}
