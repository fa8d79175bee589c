//! The sheet of a record kind other than the fellow roster (a contact log, a
//! project ledger): its header row found under any title rows by the kind's
//! own column words, what each column holds, each row's cells by column, and
//! the shared error file's view of it. The roster has its own, richer
//! [`crate::Layout`] (sub-headers, a clerk's column mapping).

use crate::SheetError;
use crate::cell::RawRow;
use crate::columns::{ColumnKind, Field, header_key};
use crate::header::{HEADER_SCAN_ROWS, Layout};
use crate::registry::import::{FileSource, digest, open};

/// The columns a kind of sheet knows.
pub trait SheetColumn: Copy + Eq + 'static {
    /// Each column with its canonical header (first) and the other headers that mean it.
    const SYNONYMS: &'static [(Self, &'static [&'static str])];

    /// Whether the column holds long digit strings that Excel turns into
    /// numbers unless the column is text: the error file writes it as text.
    fn is_long_number(self) -> bool {
        false
    }

    /// The header a template writes for this column.
    fn header(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Every header that means this column, the canonical one first.
    fn synonyms(self) -> &'static [&'static str] {
        Self::SYNONYMS.iter().find(|(c, _)| *c == self).map(|(_, words)| *words).expect("every column has synonyms")
    }
}

/// Headers recognised in every kind of sheet and not read: a row counter,
/// and the reason column of an error file being imported again.
const IGNORED: &[&str] = &["序号", "编号", "序", "no", "错误原因"];

/// How a header cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading<C> {
    Column(C),
    /// Known and deliberately not read.
    Ignored,
    Unknown,
}

/// Reads a header cell by `C`'s words ([`header_key`]: width, traditional
/// forms, stars and spaces do not matter): by its whole text, then without
/// a bracketed remark.
pub fn classify<C: SheetColumn>(text: &str) -> Heading<C> {
    for key in [header_key(text, true), header_key(text, false)] {
        if key.is_empty() {
            continue;
        }
        if let Some((column, _)) =
            C::SYNONYMS.iter().find(|(_, words)| words.iter().any(|w| header_key(w, true) == key))
        {
            return Heading::Column(*column);
        }
        if IGNORED.iter().any(|w| header_key(w, true) == key) {
            return Heading::Ignored;
        }
    }
    Heading::Unknown
}

/// How a sheet is laid out: the header's row and what each column holds.
#[derive(Debug, Clone)]
pub struct TableLayout<C> {
    /// The rows above the header, as shown.
    pub title_rows: Vec<Vec<String>>,
    pub header_row: u64,
    pub header: Vec<String>,
    pub columns: Vec<Heading<C>>,
}

impl<C: SheetColumn> TableLayout<C> {
    /// Finds the header among the first rows: the row naming the most
    /// columns among those `read` (each header cell's reading) accepts as a
    /// header. Returns the layout and the index in `rows` of the first data row.
    pub fn detect(
        rows: &[RawRow],
        read: impl Fn(&str) -> Heading<C>,
        is_header: impl Fn(&[Heading<C>]) -> bool,
    ) -> Result<(TableLayout<C>, usize), SheetError> {
        let scan = &rows[..rows.len().min(HEADER_SCAN_ROWS)];
        let mut best: Option<(usize, usize)> = None;
        for (i, row) in scan.iter().enumerate() {
            let kinds: Vec<Heading<C>> = row.cells.iter().map(|c| read(&c.display())).collect();
            if !is_header(&kinds) {
                continue;
            }
            let score = kinds.iter().filter(|k| matches!(k, Heading::Column(_))).count();
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        let (at, _) = best.ok_or(SheetError::NoHeader { scanned: scan.len() })?;
        let header: Vec<String> = rows[at].cells.iter().map(|c| c.display().trim().to_string()).collect();
        let mut columns: Vec<Heading<C>> = header.iter().map(|h| read(h)).collect();
        // A column named twice is read from its first place only.
        for i in 0..columns.len() {
            if let Heading::Column(c) = columns[i]
                && columns[..i].contains(&Heading::Column(c))
            {
                columns[i] = Heading::Unknown;
            }
        }
        let title_rows = rows[..at].iter().map(RawRow::display).collect();
        Ok((TableLayout { title_rows, header_row: rows[at].row, header, columns }, at + 1))
    }

    /// The column holding `column`.
    pub fn column(&self, column: C) -> Option<usize> {
        self.columns.iter().position(|k| *k == Heading::Column(column))
    }

    /// The header of `column` as the file writes it, or the usual one.
    pub fn label(&self, column: C) -> String {
        self.column(column).and_then(|c| self.header.get(c)).cloned().unwrap_or_else(|| column.header().to_string())
    }

    /// The cell of `column` in `row`, trimmed text; empty when the file has no such column.
    pub fn text(&self, row: &RawRow, column: C) -> String {
        self.column(column).map(|c| row.cell(c).display().trim().to_string()).unwrap_or_default()
    }

    /// The layout as the shared error file writer takes it (long-number columns as text).
    pub fn as_layout(&self) -> Layout {
        let columns = self
            .columns
            .iter()
            .map(|k| match k {
                Heading::Column(c) if c.is_long_number() => ColumnKind::Field(Field::Phone),
                Heading::Ignored => ColumnKind::Ignored,
                _ => ColumnKind::Unknown,
            })
            .collect();
        Layout {
            title_rows: self.title_rows.clone(),
            header_row: self.header_row,
            header_rows: 1,
            header: self.header.clone(),
            columns,
            unknown: vec![],
            missing: vec![],
        }
    }
}

/// Reads a whole sheet (a log or a ledger: thousands of rows, not a
/// registry's million) and its SHA-256, on a blocking thread.
pub async fn read_rows(source: FileSource, file_name: &str) -> Result<(String, Vec<RawRow>), SheetError> {
    let name = file_name.to_string();
    let read = tokio::task::spawn_blocking(move || -> Result<(String, Vec<RawRow>), SheetError> {
        let sha256 = digest(&source)?;
        let mut book = open(&source, &name)?;
        let rows = book.rows()?.collect::<Result<Vec<_>, _>>()?;
        Ok((sha256, rows))
    });
    let (sha256, rows) = read.await.map_err(|e| SheetError::Broken(e.to_string()))??;
    if rows.iter().all(RawRow::is_blank) {
        return Err(SheetError::Empty);
    }
    Ok((sha256, rows))
}
