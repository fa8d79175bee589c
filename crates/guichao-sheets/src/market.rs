//! Importing the market-regulation bureau's yearly sheet of new market
//! entities (新登记市场主体统计表). Such a sheet is a statistics table, not
//! a register: one row per township with a column per kind (新登记个体工商户,
//! 新登记企业, 新登记农民专业合作社, often a 合计 column and a 合计 row),
//! and the year in a 年度 column or in the title ("2022年全县新登记市场主体
//! 统计表"). Each township row becomes three records (township, year, kind,
//! count); the 合计 row and column are read as checks only (a 合计 that
//! does not add up refuses the row). The same check, dry run and error file
//! as the loan ledger; the commit replaces a count recorded already.

use crate::cell::RawRow;
use crate::normalize::township_key;
use crate::registry::import::{FileSource, Rejected};
use crate::table::{self, Heading, SheetColumn, TableLayout, read_rows};
use crate::{RowError, SheetError};
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::funds::market::{EntityKind, Registered};
use guichao_store::{Actor, Store, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

/// What a column of the bureau's sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityColumn {
    Township,
    Year,
    Individual,
    Enterprise,
    Cooperative,
    Total,
}

impl SheetColumn for EntityColumn {
    const SYNONYMS: &'static [(EntityColumn, &'static [&'static str])] = &[
        (EntityColumn::Township, &["乡镇", "乡镇（街道）", "所属乡镇", "地区", "township"]),
        (EntityColumn::Year, &["年度", "年份", "year"]),
        (EntityColumn::Individual, &["新登记个体工商户", "个体工商户", "个体户", "individual"]),
        (EntityColumn::Enterprise, &["新登记企业", "企业", "enterprise"]),
        (EntityColumn::Cooperative, &["新登记农民专业合作社", "农民专业合作社", "合作社", "cooperative"]),
        (EntityColumn::Total, &["合计", "新登记市场主体合计", "小计", "total"]),
    ];
}

fn classify(text: &str) -> Heading<EntityColumn> {
    let bare: String =
        ["（户）", "(户)", "（家）", "(家)", "户数", "数量"].iter().fold(text.to_string(), |t, u| t.replace(u, ""));
    table::classify::<EntityColumn>(&bare)
}

const KINDS: [(EntityColumn, EntityKind); 3] = [
    (EntityColumn::Individual, EntityKind::Individual),
    (EntityColumn::Enterprise, EntityKind::Enterprise),
    (EntityColumn::Cooperative, EntityKind::Cooperative),
];

/// A checked sheet: the records it would write.
#[derive(Debug, Clone)]
pub struct CheckedEntities {
    pub file_name: String,
    pub sha256: String,
    pub layout: TableLayout<EntityColumn>,
    pub rows_in_file: usize,
    pub accepted: Vec<Registered<Uuid>>,
    pub rejected: Vec<Rejected>,
}

/// The year a title names: the first 20xx followed by 年.
fn title_year(rows: &[RawRow], first: usize) -> Option<i32> {
    rows[..first.saturating_sub(1)].iter().flat_map(|r| r.display()).find_map(|t| {
        let i = t.find('年')?;
        let digits: String =
            t[..i].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        digits.parse().ok().filter(|y| (2000..=2100).contains(y))
    })
}

/// Reads and checks the bureau's sheet as `actor` (a county `fund.write`).
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
) -> Result<CheckedEntities, crate::checked::ImportError> {
    let funds = store.funds(actor, Permission::FundWrite)?;
    if !funds.county_wide() {
        return Err(StoreError::Forbidden.into());
    }
    let townships = funds.units().await?.into_iter().skip(1).collect::<Vec<_>>();
    let (sha256, rows) = read_rows(source, file_name).await?;
    let mut checked = judge(&rows, &townships).map_err(|e| {
        let sheet = Msg::new("市场主体登记表", "market-entity sheet");
        crate::checked::ImportError::reading(e, sheet, &["乡镇", "新登记企业"])
    })?;
    checked.file_name = file_name.to_string();
    checked.sha256 = sha256;
    Ok(checked)
}

/// Judges the sheet's rows against the county's townships.
pub fn judge(rows: &[RawRow], townships: &[(Uuid, String)]) -> Result<CheckedEntities, SheetError> {
    let (layout, first) = TableLayout::detect(rows, classify, |k: &[Heading<EntityColumn>]| {
        k.contains(&Heading::Column(EntityColumn::Township)) && k.contains(&Heading::Column(EntityColumn::Enterprise))
    })?;
    let by_name: HashMap<String, Uuid> = townships.iter().map(|(id, n)| (township_key(n), *id)).collect();
    let titled = title_year(rows, first);
    let (mut accepted, mut rejected, mut rows_in_file) = (Vec::new(), Vec::new(), 0);
    for raw in rows[first..].iter().filter(|r| r.cells.iter().any(|c| !c.is_blank())) {
        let text = |c| layout.text(raw, c);
        let name = text(EntityColumn::Township);
        if name == layout.label(EntityColumn::Township) || ["合计", "总计", "全县"].iter().any(|w| name.starts_with(w))
        {
            continue;
        }
        rows_in_file += 1;
        let mut errors = Vec::new();
        let mut refuse =
            |c: EntityColumn, reason: Msg| errors.push(RowError { row: raw.row, column: layout.label(c), reason });
        let township = by_name.get(&township_key(&name)).copied();
        if township.is_none() {
            refuse(
                EntityColumn::Township,
                Msg::new(format!("“{name}”不是本县的乡镇"), format!("{name:?} is not a township of the county")),
            );
        }
        let year_text = text(EntityColumn::Year);
        let year = match year_text.trim_end_matches('年').trim().parse::<i32>().ok().or(titled) {
            Some(y) if (2000..=2100).contains(&y) => y,
            _ => {
                refuse(
                    EntityColumn::Year,
                    Msg::new(
                        "没有年度：请加“年度”列或在标题写明“2022年”",
                        "No year: add a 年度 column or a title with the year",
                    ),
                );
                0
            }
        };
        let mut counts = Vec::new();
        for (column, kind) in KINDS {
            let t = text(column);
            match t.replace(',', "").parse::<i64>() {
                Ok(n) if (0..=guichao_store::funds::market::MAX_COUNT).contains(&n) => counts.push((kind, n)),
                _ if t.is_empty() => counts.push((kind, 0)),
                _ => refuse(column, Msg::new("户数应为不小于0的整数", "The count is a whole number, 0 or more")),
            }
        }
        let total_text = text(EntityColumn::Total).replace(',', "");
        if counts.len() == 3 && !total_text.is_empty() {
            let sum: i64 = counts.iter().map(|(_, n)| n).sum();
            if total_text.parse::<i64>().ok() != Some(sum) {
                refuse(
                    EntityColumn::Total,
                    Msg::new(format!("合计应为{sum}（各类之和）"), format!("The total should be {sum}")),
                );
            }
        }
        match township {
            Some(t) if errors.is_empty() => {
                accepted.extend(counts.into_iter().map(|(kind, count)| Registered { township: t, year, kind, count }))
            }
            _ => rejected.push(Rejected { row: raw.row, name, raw: raw.display(), errors }),
        }
    }
    Ok(CheckedEntities { file_name: String::new(), sha256: String::new(), layout, rows_in_file, accepted, rejected })
}

impl crate::checked::CheckedSheet for CheckedEntities {
    fn what(&self) -> Msg {
        Msg::new("条市场主体记录", "market-entity records")
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
        let source = serde_json::json!({"file": self.file_name, "sha256": self.sha256, "rows": self.rows_in_file,
            "rejected": self.rejected.len()});
        let (added, replaced) =
            store.funds(actor, Permission::FundWrite)?.import_entities(self.accepted.clone(), source).await?;
        Ok(added + replaced)
    }
}
