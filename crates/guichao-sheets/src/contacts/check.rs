//! One import of a contact log, whoever starts it: read the file, match each
//! row's fellow, township and cadres, check its date and text (the dry run:
//! nothing is written), then commit every accepted row in one transaction
//! with one audit event, or nothing.

use super::columns::{LogColumn, kind_of};
use super::matching::Matcher;
use super::sheet::{LogLayout, contact_date, detect};
use crate::normalize::phone_text;
use crate::registry::import::FileSource;
use crate::table::read_rows;
use crate::{RowError, SheetError};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::fellows::Phone;
use guichao_domain::liaison::{ContactDraft, ContactKind};
use guichao_store::contacts::BulkContactCounts;
use guichao_store::{Actor, Store, StoreError};
use std::collections::HashSet;

/// A row that becomes a contact record.
#[derive(Debug, Clone)]
pub struct AcceptedRow {
    pub row: u64,
    pub draft: ContactDraft,
}

/// A row the import does not take, with every reason.
#[derive(Debug, Clone)]
pub struct RejectedRow {
    pub row: u64,
    /// The fellow's name as the row writes it.
    pub name: String,
    /// The row's cells as the file shows them.
    pub raw: Vec<String>,
    pub errors: Vec<RowError>,
}

/// A checked log: what it holds and what would be written.
#[derive(Debug, Clone)]
pub struct CheckedLog {
    pub file_name: String,
    pub sha256: String,
    pub layout: LogLayout,
    /// Data rows read (accepted and rejected); blank and footer rows are not counted.
    pub rows_in_file: usize,
    pub accepted: Vec<AcceptedRow>,
    pub rejected: Vec<RejectedRow>,
    /// Rows naming a fellow, day and kind already recorded (by an earlier
    /// import, or by an earlier row of the file): not written again.
    pub duplicates: Vec<u64>,
}

/// Why a whole import failed.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl LogError {
    /// What to tell the user.
    pub fn message(&self) -> Msg {
        match self {
            // The sheet's own words describe a roster's header, not a log's.
            LogError::Sheet(SheetError::NoHeader { scanned }) => Msg::new(
                format!("前 {scanned} 行中没有找到表头：联系台账的表头行应包含“姓名”（或“电话”）和“联系日期”列"),
                format!(
                    "No header in the first {scanned} rows: a contact log's header row needs a 姓名 (name) or 电话 (phone) column and a 联系日期 (date) column"
                ),
            ),
            LogError::Sheet(e) => e.message(),
            LogError::Store(StoreError::Fields(errors)) => StoreError::joined(errors),
            LogError::Store(StoreError::Invalid(m) | StoreError::Conflict(m)) => m.clone(),
            LogError::Store(StoreError::Forbidden | StoreError::NotFound) => {
                Msg::new("您没有登记联系记录的权限", "You may not record contacts")
            }
            LogError::Store(e) => {
                Msg::new(format!("导入失败，未写入任何数据：{e}"), format!("Import failed, nothing was written: {e}"))
            }
        }
    }
}

/// Reads and checks a contact log as `actor` (who needs `liaison.write`) on
/// `today`. Nothing is written.
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
    today: NaiveDate,
) -> Result<CheckedLog, LogError> {
    let contacts = store.contacts(actor, Permission::LiaisonWrite)?;
    let directory = contacts.directory().await?;
    let (sha256, rows) = read_rows(source, file_name).await?;
    let (layout, first) = detect(&rows)?;
    let matcher = Matcher::new(&directory);
    let mut checked = CheckedLog {
        file_name: file_name.to_string(),
        sha256,
        layout,
        rows_in_file: 0,
        accepted: vec![],
        rejected: vec![],
        duplicates: vec![],
    };
    for raw in &rows[first..] {
        let l = &checked.layout;
        let (name, phone) = (l.text(raw, LogColumn::Fellow), l.text(raw, LogColumn::Phone));
        let date_cell = l.column(LogColumn::Date).map(|c| raw.cell(c).clone()).unwrap_or(crate::Cell::Empty);
        // Blank lines, totals and signatures (填表人：…) name no one on no day.
        if raw.is_blank() || (name.is_empty() && phone.is_empty() && date_cell.is_blank()) {
            continue;
        }
        checked.rows_in_file += 1;
        let mut errors = Vec::new();
        let mut fail = |column: LogColumn, reason: Msg| {
            errors.push(RowError { row: raw.row, column: l.label(column), reason });
        };
        let township_text = l.text(raw, LogColumn::Township);
        let township = match township_text.as_str() {
            "" => None,
            t => matcher.township(t).map_err(|m| fail(LogColumn::Township, m)).ok(),
        };
        let mut fellow = None;
        // Whether the row gives a phone that names no one it should: no fallback to the name then.
        let mut phone_refused = false;
        if !phone.is_empty() {
            let cell = l.column(LogColumn::Phone).map(|c| raw.cell(c)).expect("the phone came from its column");
            let refuse = |zh: String, en: &str| (zh, en.to_string());
            let refused = match Phone::parse(&phone_text(cell)) {
                Ok(p) => match matcher.by_phone(&contacts.phone_index(&p)?) {
                    Some(id) if name.is_empty() || matcher.is_named(id, &name) => {
                        fellow = Some(id);
                        None
                    }
                    Some(_) => Some(refuse(
                        format!("该电话登记的乡友不是“{name}”"),
                        "The phone belongs to another fellow than the name",
                    )),
                    None if name.is_empty() => {
                        Some(refuse("找不到登记这个电话的乡友".into(), "No fellow you may see has this phone"))
                    }
                    None => None,
                },
                Err(_) => Some(refuse("电话号码无法识别".into(), "Cannot read the phone number")),
            };
            if let Some((zh, en)) = refused {
                phone_refused = true;
                fail(LogColumn::Phone, Msg::new(zh, en));
            }
        }
        if fellow.is_none() && !phone_refused {
            if name.is_empty() {
                fail(LogColumn::Fellow, Msg::new("乡友姓名不能为空", "Enter the fellow's name"));
            } else if township.is_some() || township_text.is_empty() {
                match matcher.by_name(&name, township) {
                    Ok(id) => fellow = Some(id),
                    Err(m) => fail(LogColumn::Fellow, m),
                }
            }
        }
        let cadres = match l.column(LogColumn::Cadre) {
            None => Ok(vec![actor.user_id()]),
            Some(_) => match l.text(raw, LogColumn::Cadre) {
                t if t.is_empty() => Err(Msg::new("联系干部不能为空", "Enter the cadre")),
                t => matcher.cadres(&t),
            },
        }
        .map_err(|m| fail(LogColumn::Cadre, m))
        .unwrap_or_default();
        let date = contact_date(&date_cell, today).map_err(|m| fail(LogColumn::Date, m)).ok();
        let (Some(fellow), Some(date), false) = (fellow, date, cadres.is_empty()) else {
            checked.rejected.push(RejectedRow { row: raw.row, name, raw: raw.display(), errors });
            continue;
        };
        let draft = ContactDraft {
            kind: kind_of(&l.text(raw, LogColumn::Kind)),
            date,
            place: l.text(raw, LogColumn::Place),
            cadre_ids: cadres,
            fellow_ids: vec![fellow],
            chamber_id: None,
            notes: l.text(raw, LogColumn::Notes),
            outcome: String::new(),
            follow_up: None,
        };
        match draft.check(today) {
            Ok(draft) if errors.is_empty() => checked.accepted.push(AcceptedRow { row: raw.row, draft }),
            Ok(_) => checked.rejected.push(RejectedRow { row: raw.row, name, raw: raw.display(), errors }),
            Err(found) => {
                for e in found {
                    let column = match e.field {
                        "place" => LogColumn::Place,
                        "notes" => LogColumn::Notes,
                        "fellow_ids" => LogColumn::Fellow,
                        "cadre_ids" => LogColumn::Cadre,
                        _ => LogColumn::Date,
                    };
                    errors.push(RowError { row: raw.row, column: l.label(column), reason: e.message });
                }
                checked.rejected.push(RejectedRow { row: raw.row, name, raw: raw.display(), errors });
            }
        }
    }
    let recorded = contacts.recorded(&fellows_named(&checked)).await?;
    drop_recorded(&mut checked, &recorded);
    Ok(checked)
}

/// The fellows the accepted rows name, each once.
fn fellows_named(c: &CheckedLog) -> Vec<uuid::Uuid> {
    let mut ids: Vec<uuid::Uuid> = c.accepted.iter().flat_map(|a| a.draft.fellow_ids.iter().copied()).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Moves the accepted rows whose fellow, day and kind are in `recorded`, or
/// in an earlier accepted row, to the duplicates.
fn drop_recorded(c: &mut CheckedLog, recorded: &HashSet<(uuid::Uuid, NaiveDate, ContactKind)>) {
    let mut seen = recorded.clone();
    let mut kept = Vec::with_capacity(c.accepted.len());
    for a in c.accepted.drain(..) {
        let key = (a.draft.fellow_ids[0], a.draft.date, a.draft.kind);
        if seen.insert(key) {
            kept.push(a);
        } else {
            c.duplicates.push(a.row);
        }
    }
    c.accepted = kept;
}

impl CheckedLog {
    /// The rejected rows as the file wrote them, under its title and header,
    /// with a 错误原因 column.
    pub fn error_file(&self) -> Result<Vec<u8>, SheetError> {
        crate::error_workbook(&self.layout.as_layout(), self.rejected.iter().map(|r| (r.raw.clone(), r.errors.clone())))
    }

    /// Writes every accepted row as `actor`, in one transaction with one
    /// audit event naming the file; nothing when any row is refused there.
    pub async fn commit(&self, store: &Store, actor: &Actor) -> Result<BulkContactCounts, LogError> {
        let drafts = self.accepted.iter().map(|a| a.draft.clone()).collect();
        let source = serde_json::json!({"file": self.file_name, "sha256": self.sha256, "rows": self.rows_in_file});
        Ok(store.contacts(actor, Permission::LiaisonWrite)?.import(drafts, source).await?)
    }
}
