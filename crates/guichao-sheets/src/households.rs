//! Importing a township's "211" household roll (211户名册) from xlsx or csv:
//! one row per household with the head's name, the township and village,
//! the grain area in mu, the yearly income in 万元 or 元 (the unit from the
//! header or the cell) and the year verified. The same check, dry run and
//! error file as the loan ledger ([`crate::table`],
//! [`crate::registry::import::error_file`]), and a commit of every accepted
//! household or none through the store's funds handle.

use crate::cell::RawRow;
use crate::normalize::township_key;
use crate::projects::header_unit;
use crate::registry::import::{FileSource, Rejected};
use crate::table::{self, Heading, SheetColumn, TableLayout, read_rows};
use crate::{RowError, SheetError};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::funds::households::{check as check_figures, parse_mu};
use guichao_domain::projects::parse_amount_in;
use guichao_store::funds::households::{HouseholdDraft, HouseholdPlace};
use guichao_store::{Actor, Store, StoreError};
use std::collections::HashMap;

/// What a column of a household roll holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HouseholdColumn {
    Head,
    Township,
    Village,
    Area,
    Income,
    Year,
    Notes,
}

impl HouseholdColumn {
    pub const ALL: [HouseholdColumn; 7] = [
        HouseholdColumn::Head,
        HouseholdColumn::Township,
        HouseholdColumn::Village,
        HouseholdColumn::Area,
        HouseholdColumn::Income,
        HouseholdColumn::Year,
        HouseholdColumn::Notes,
    ];
}

impl SheetColumn for HouseholdColumn {
    const SYNONYMS: &'static [(HouseholdColumn, &'static [&'static str])] = &[
        (HouseholdColumn::Head, &["户主姓名", "户主", "姓名", "head", "name"]),
        (HouseholdColumn::Township, &["乡镇", "所属乡镇", "township"]),
        (HouseholdColumn::Village, &["村", "村（社区）", "所在村", "村名", "village"]),
        (HouseholdColumn::Area, &["种粮面积", "种植面积", "面积", "种粮面积亩", "area", "mu"]),
        (HouseholdColumn::Income, &["年收入", "家庭年收入", "收入", "income"]),
        (HouseholdColumn::Year, &["认定年度", "年度", "认定年份", "year"]),
        (HouseholdColumn::Notes, &["备注", "说明", "notes"]),
    ];
}

/// Reads a header cell: 种粮面积（亩） and 年收入（万元） with the unit set aside.
fn classify(text: &str) -> Heading<HouseholdColumn> {
    match table::classify::<HouseholdColumn>(text) {
        Heading::Unknown => {
            let bare: String =
                ["万元", "元", "亩", "（）", "()"].iter().fold(text.to_string(), |t, u| t.replace(u, ""));
            table::classify::<HouseholdColumn>(&bare)
        }
        known => known,
    }
}

/// A checked roll: what it holds and what would be written.
#[derive(Debug, Clone)]
pub struct CheckedHouseholds {
    pub file_name: String,
    pub sha256: String,
    pub layout: TableLayout<HouseholdColumn>,
    pub rows_in_file: usize,
    pub accepted: Vec<(u64, HouseholdDraft)>,
    pub rejected: Vec<Rejected>,
}

/// Reads and checks a roll as `actor` (a county `fund.write`) on `today`.
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
    today: NaiveDate,
) -> Result<CheckedHouseholds, crate::checked::ImportError> {
    let funds = store.funds(actor, Permission::FundWrite)?;
    if !funds.county_wide() {
        return Err(StoreError::Forbidden.into());
    }
    let places = funds.household_places().await?;
    let (sha256, rows) = read_rows(source, file_name).await?;
    let mut checked = judge(&rows, &places, today)
        .map_err(|e| crate::checked::ImportError::reading(e, Msg::new("211户名册", "household roll"), &["户主姓名"]))?;
    checked.file_name = file_name.to_string();
    checked.sha256 = sha256;
    Ok(checked)
}

/// Judges a roll's rows against the county's townships and villages.
pub fn judge(rows: &[RawRow], places: &[HouseholdPlace], today: NaiveDate) -> Result<CheckedHouseholds, SheetError> {
    let (layout, first) = TableLayout::detect(rows, classify, |k: &[Heading<HouseholdColumn>]| {
        k.contains(&Heading::Column(HouseholdColumn::Head))
    })?;
    let townships: HashMap<String, &HouseholdPlace> =
        places.iter().filter(|p| p.id == p.township_id).map(|p| (township_key(&p.name), p)).collect();
    let villages: HashMap<(uuid::Uuid, String), &HouseholdPlace> =
        places.iter().filter(|p| p.id != p.township_id).map(|p| ((p.township_id, p.name.clone()), p)).collect();
    let (mut accepted, mut rejected, mut rows_in_file) = (Vec::new(), Vec::new(), 0);
    let income_unit = layout.column(HouseholdColumn::Income).and_then(|c| header_unit(&layout.header[c]));
    for raw in rows[first..].iter().filter(|r| r.cells.iter().any(|c| !c.is_blank())) {
        let text = |c| layout.text(raw, c);
        if text(HouseholdColumn::Head) == layout.label(HouseholdColumn::Head) {
            continue;
        }
        rows_in_file += 1;
        let mut errors = Vec::new();
        let mut refuse =
            |c: HouseholdColumn, reason: Msg| errors.push(RowError { row: raw.row, column: layout.label(c), reason });
        let head = text(HouseholdColumn::Head);
        if head.is_empty() {
            refuse(HouseholdColumn::Head, Msg::new("户主姓名不能为空", "The head's name is empty"));
        }
        let township_text = text(HouseholdColumn::Township);
        let township = townships.get(&township_key(&township_text)).copied();
        if township.is_none() {
            let m = format!("“{township_text}”不是本县的乡镇");
            refuse(
                HouseholdColumn::Township,
                Msg::new(m, format!("{township_text:?} is not a township of the county")),
            );
        }
        let village_text = text(HouseholdColumn::Village);
        let place = match (township, village_text.is_empty()) {
            (Some(t), true) => Some(t),
            (Some(t), false) => {
                let found = villages.get(&(t.id, village_text.clone())).copied();
                if found.is_none() {
                    let m = Msg::new(
                        format!("{}没有“{village_text}”村", t.name),
                        format!("{} has no village {village_text:?}", t.name),
                    );
                    refuse(HouseholdColumn::Village, m);
                }
                found
            }
            (None, _) => None,
        };
        let area = parse_mu(&text(HouseholdColumn::Area)).unwrap_or_else(|| {
            refuse(HouseholdColumn::Area, Msg::new("请填写亩数，如 100 或 98.5", "Write the area in mu: 100 or 98.5"));
            0
        });
        let income = parse_amount_in(
            &text(HouseholdColumn::Income),
            income_unit.or(Some(guichao_domain::projects::AmountUnit::Wan)),
        )
        .unwrap_or_else(|m| {
            refuse(HouseholdColumn::Income, m);
            0
        });
        let year = text(HouseholdColumn::Year).trim_end_matches('年').trim().parse::<i32>().unwrap_or_else(|_| {
            refuse(
                HouseholdColumn::Year,
                Msg::new("认定年度应为四位数字，如 2023", "The year is four digits, as 2023"),
            );
            0
        });
        if area > 0 && income > 0 && year > 0 {
            for (field, m) in check_figures(area, income, year, today) {
                let c = match field {
                    "area" => HouseholdColumn::Area,
                    "income" => HouseholdColumn::Income,
                    _ => HouseholdColumn::Year,
                };
                refuse(c, m);
            }
        }
        match place {
            Some(p) if errors.is_empty() => accepted.push((
                raw.row,
                HouseholdDraft {
                    head_name: head,
                    unit_id: p.id,
                    area_hundredths_mu: area,
                    income_fen: income,
                    year_verified: year,
                    note: text(HouseholdColumn::Notes),
                },
            )),
            _ => rejected.push(Rejected { row: raw.row, name: head, raw: raw.display(), errors }),
        }
    }
    Ok(CheckedHouseholds { file_name: String::new(), sha256: String::new(), layout, rows_in_file, accepted, rejected })
}

impl crate::checked::CheckedSheet for CheckedHouseholds {
    fn what(&self) -> Msg {
        Msg::new("户", "households")
    }
    fn file_name(&self) -> &str {
        &self.file_name
    }
    fn rows_in_file(&self) -> usize {
        self.rows_in_file
    }
    fn accepted(&self) -> usize {
        self.accepted.len()
    }
    fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }
    fn error_file(&self) -> Result<Vec<u8>, SheetError> {
        crate::registry::import::error_file(&self.layout.as_layout(), &self.rejected)
    }
    async fn commit(&self, store: &Store, actor: &Actor) -> Result<usize, crate::checked::ImportError> {
        let rows = self.accepted.iter().map(|(_, d)| d.clone()).collect();
        let source = serde_json::json!({"file": self.file_name, "sha256": self.sha256, "rows": self.rows_in_file,
            "rejected": self.rejected.len()});
        Ok(store.funds(actor, Permission::FundWrite)?.import_households(rows, source).await?)
    }
}
