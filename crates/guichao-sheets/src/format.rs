//! Opening an uploaded file: its format told by its content, never by its
//! name, and each format handed to its reader after the guard has checked it.

use crate::SheetError;
use crate::cell::RawRow;
use crate::csv_reader::{CsvPlan, CsvRows, HEAD_BYTES, is_utf8};
use crate::guard::{MAX_XLS_BYTES, check_xls, check_zip};
use crate::xlsx_reader::{XlsRows, XlsxRows, guarded};
use calamine::{Data, Range, Reader, SheetType, SheetVisible, Xls, Xlsx, XlsxError};
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

/// A spreadsheet format, as told by the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Csv,
}

/// What the first bytes of a file say it is.
fn sniff(head: &[u8]) -> Result<Format, SheetError> {
    const BINARY: &[&[u8]] = &[b"%PDF", b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"\x1F\x8B", b"Rar!", b"7z\xBC\xAF"];
    if head.is_empty() {
        return Err(SheetError::Empty);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(Format::Xlsx);
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(Format::Xls);
    }
    if BINARY.iter().any(|magic| head.starts_with(magic)) {
        return Err(SheetError::NotASpreadsheet);
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_lowercase();
    let markup = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if markup.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(SheetError::Unsupported("Excel 2003 XML"));
        }
        if ["<html", "<table", "<!doctype html", "<meta"].iter().any(|tag| text.contains(tag)) {
            return Err(SheetError::Html);
        }
    }
    Ok(Format::Csv)
}

trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// The bytes of an xlsx, wherever they are.
type Source = Box<dyn ReadSeek>;

/// Where a CSV's bytes are, so that its rows can be streamed again.
enum CsvSource {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

enum Inner {
    Csv(CsvSource, CsvPlan),
    Xlsx(Box<Xlsx<Source>>, String),
    Xls(Range<Data>),
}

/// An opened spreadsheet: checked, its format known, ready to give its rows.
pub struct Workbook {
    name: String,
    format: Format,
    inner: Inner,
}

impl Workbook {
    /// Opens an uploaded file held in memory. `file_name` is only for messages:
    /// the format comes from the content, so a wrong extension does no harm.
    pub fn open(bytes: Vec<u8>, file_name: &str) -> Result<Workbook, SheetError> {
        let format = sniff(&bytes[..bytes.len().min(HEAD_BYTES)])?;
        let inner = match format {
            Format::Csv => {
                let plan = CsvPlan::new(&bytes[..bytes.len().min(HEAD_BYTES)], std::str::from_utf8(&bytes).is_ok())?;
                Inner::Csv(CsvSource::Bytes(bytes), plan)
            }
            Format::Xlsx => {
                check_zip(Cursor::new(&bytes[..]))?;
                open_xlsx(Box::new(Cursor::new(bytes)))?
            }
            Format::Xls => open_xls(bytes)?,
        };
        Ok(Workbook { name: file_name.to_string(), format, inner })
    }

    /// Opens a file on disk. A CSV is streamed from the disk each time its rows
    /// are read, so a file of any size costs constant memory.
    pub fn open_path(path: &Path) -> Result<Workbook, SheetError> {
        let mut file = File::open(path)?;
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
        let format = sniff(&head)?;
        let inner = match format {
            Format::Csv => {
                let plan = CsvPlan::new(&head, is_utf8(BufReader::new(File::open(path)?))?)?;
                Inner::Csv(CsvSource::Path(path.to_path_buf()), plan)
            }
            Format::Xlsx => {
                check_zip(BufReader::new(File::open(path)?))?;
                open_xlsx(Box::new(BufReader::new(File::open(path)?)))?
            }
            Format::Xls => {
                if file.metadata()?.len() > MAX_XLS_BYTES {
                    return Err(SheetError::TooLarge { limit: MAX_XLS_BYTES });
                }
                open_xls(std::fs::read(path)?)?
            }
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Workbook { name, format, inner })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The name the file was uploaded or stored under.
    pub fn file_name(&self) -> &str {
        &self.name
    }

    /// The rows of the first visible worksheet (of the CSV), from the top,
    /// without meaning attached. Rows with no cell at all may be left out of an
    /// Excel sheet; [`RawRow::row`] keeps the numbers Excel shows.
    pub fn rows(&mut self) -> Result<Rows<'_>, SheetError> {
        let rows: Box<dyn Iterator<Item = Result<RawRow, SheetError>> + Send + '_> = match &mut self.inner {
            Inner::Csv(CsvSource::Bytes(bytes), plan) => Box::new(CsvRows::new(&bytes[..], *plan)?),
            Inner::Csv(CsvSource::Path(path), plan) => {
                Box::new(CsvRows::new(BufReader::with_capacity(1 << 16, File::open(path)?), *plan)?)
            }
            Inner::Xlsx(book, sheet) => {
                let reader = guarded(|| book.worksheet_cells_reader(sheet).map_err(xlsx_error))?;
                Box::new(XlsxRows::new(reader))
            }
            Inner::Xls(range) => Box::new(XlsRows::new(range)),
        };
        Ok(Rows(rows))
    }
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook").field("name", &self.name).field("format", &self.format).finish()
    }
}

/// A sheet's rows, read one at a time. After an error it yields nothing more.
pub struct Rows<'a>(Box<dyn Iterator<Item = Result<RawRow, SheetError>> + Send + 'a>);

impl Iterator for Rows<'_> {
    type Item = Result<RawRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

fn xlsx_error(e: XlsxError) -> SheetError {
    match e {
        XlsxError::Password => SheetError::Encrypted,
        e => SheetError::Broken(e.to_string()),
    }
}

/// The first visible worksheet, else the first worksheet.
fn first_sheet(sheets: &[calamine::Sheet]) -> Result<String, SheetError> {
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or(SheetError::NoSheet)
}

fn open_xlsx(source: Source) -> Result<Inner, SheetError> {
    guarded(|| {
        let book: Xlsx<Source> = Xlsx::new(source).map_err(xlsx_error)?;
        let sheet = first_sheet(book.sheets_metadata())?;
        Ok(Inner::Xlsx(Box::new(book), sheet))
    })
}

fn open_xls(bytes: Vec<u8>) -> Result<Inner, SheetError> {
    if bytes.len() as u64 > MAX_XLS_BYTES {
        return Err(SheetError::TooLarge { limit: MAX_XLS_BYTES });
    }
    check_xls(&bytes)?;
    guarded(|| {
        let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => SheetError::Encrypted,
            e => SheetError::Broken(e.to_string()),
        })?;
        let sheet = first_sheet(book.sheets_metadata())?;
        let range = book.worksheet_range(&sheet).map_err(|e| SheetError::Broken(e.to_string()))?;
        Ok(Inner::Xls(range))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_and_rows_may_move_between_threads() {
        fn send<T: Send>() {}
        send::<Workbook>();
        send::<Rows<'static>>();
        send::<crate::Import<'static, fn(&str, &str) -> Result<crate::Units, crate::UnitError>>>();
    }

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Ok(Format::Xlsx));
        assert_eq!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Ok(Format::Xls));
        assert_eq!(sniff("姓名,手机".as_bytes()), Ok(Format::Csv));
        assert_eq!(sniff(b""), Err(SheetError::Empty));
        assert_eq!(sniff(b"%PDF-1.7"), Err(SheetError::NotASpreadsheet));
        assert_eq!(sniff(b"\xEF\xBB\xBF <html><table><tr><td>x"), Err(SheetError::Html));
        assert_eq!(
            sniff(br#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">"#),
            Err(SheetError::Unsupported("Excel 2003 XML"))
        );
    }
}
