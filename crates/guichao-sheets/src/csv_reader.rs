//! CSV as county offices save it: UTF-8 with or without a BOM, GBK/GB18030
//! from a Chinese Excel, UTF-16 from Excel's "Unicode text"; commas, tabs or
//! semicolons. Read as a stream, one record at a time, in bounded memory.

use crate::SheetError;
use crate::cell::{Cell, RawRow};
use crate::guard::{MAX_COLUMNS, MAX_CSV_RECORD_BYTES, MAX_ROWS};
use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, UTF_8};
use std::io::{self, Read};

/// How to read a text file: decided once from its first bytes (and, for
/// UTF-8, from all of them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CsvPlan {
    /// `None` for UTF-8, which is read as it is.
    encoding: Option<&'static Encoding>,
    /// Bytes of a byte-order mark to skip.
    bom: usize,
    delimiter: u8,
}

/// How much of the file the plan is made from.
pub(crate) const HEAD_BYTES: usize = 64 << 10;

impl CsvPlan {
    /// Plans from the file's first bytes and whether the whole file is UTF-8.
    /// Binary content (NUL bytes, control characters) is refused here.
    pub(crate) fn new(head: &[u8], whole_is_utf8: bool) -> Result<CsvPlan, SheetError> {
        let (encoding, bom) = match Encoding::for_bom(head) {
            Some((e, bom)) if e == UTF_8 => (None, bom),
            Some((e, bom)) => (Some(e), bom),
            None if whole_is_utf8 => (None, 0),
            None => (Some(GB18030), 0),
        };
        let text = match encoding {
            None => String::from_utf8_lossy(&head[bom..]).into_owned(),
            // A cut multi-byte sequence at the end of the head is harmless here.
            Some(e) => e.decode_without_bom_handling(&head[bom..]).0.into_owned(),
        };
        if looks_binary(&text) || (encoding.is_none_or(|e| e == GB18030) && head.contains(&0)) {
            return Err(SheetError::NotASpreadsheet);
        }
        Ok(CsvPlan { encoding, bom, delimiter: delimiter(&text) })
    }
}

/// Text with many replacement or control characters is not a table anyone typed.
fn looks_binary(text: &str) -> bool {
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{0C}')) {
            bad += 1;
        }
    }
    bad > 8.max(chars / 100)
}

/// The separator used most outside quotes in the first lines: `,`, tab or `;`.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.lines().take(30).flat_map(|l| l.chars().chain(['\n'])) {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    [b',', b'\t', b';'][best]
}

/// Whether everything `reader` yields is UTF-8, read in chunks so a file of any
/// size is checked in constant memory.
pub(crate) fn is_utf8<R: Read>(mut reader: R) -> io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0;
    loop {
        let n = reader.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let end = carry + n;
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_some() => return Ok(false),
            Err(e) => {
                // A character cut by the chunk's end: keep its bytes for the next round.
                let valid = e.valid_up_to();
                buf.copy_within(valid..end, 0);
                carry = end - valid;
            }
        }
    }
}

/// The rows of a CSV file, read one record at a time.
pub(crate) struct CsvRows<'a> {
    reader: csv::Reader<Limited<Newlines<Box<dyn Read + Send + 'a>>>>,
    record: csv::StringRecord,
    row: u64,
    done: bool,
}

impl<'a> CsvRows<'a> {
    pub(crate) fn new<R: Read + Send + 'a>(mut source: R, plan: CsvPlan) -> Result<CsvRows<'a>, SheetError> {
        io::copy(&mut (&mut source).take(plan.bom as u64), &mut io::sink())?;
        let text: Box<dyn Read + Send + 'a> = match plan.encoding {
            None => Box::new(source),
            Some(e) => Box::new(Decoded::new(source, e.new_decoder_without_bom_handling())),
        };
        let limited =
            Limited { inner: Newlines { inner: text, after_cr: false }, delivered: 0, record_start: 0, eof: false };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(plan.delimiter)
            .buffer_capacity(BUFFER)
            .from_reader(limited);
        Ok(CsvRows { reader, record: csv::StringRecord::new(), row: 0, done: false })
    }

    fn read(&mut self) -> Result<Option<RawRow>, SheetError> {
        let more = self.reader.read_record(&mut self.record).map_err(|e| self.error(e))?;
        if !more {
            return Ok(None);
        }
        // The reader skips empty lines, but Excel shows each as a row: the lines
        // this read consumed, less the record's own, were empty. The record's
        // own end with its `\n` unless it ran into the end of the file.
        let after = self.reader.position().clone();
        let before = self.record.position().map_or(after.line(), csv::Position::line);
        let breaks: usize = self.record.iter().map(|f| f.bytes().filter(|b| *b == b'\n').count()).sum();
        let limited = self.reader.get_mut();
        limited.record_start = after.byte();
        let terminated = !(limited.eof && after.byte() == limited.delivered);
        self.row += 1 + (after.line() - before).saturating_sub(breaks as u64 + u64::from(terminated));
        if self.row > MAX_ROWS {
            return Err(SheetError::TooManyRows { limit: MAX_ROWS });
        }
        let fields = &self.record;
        if fields.iter().skip(MAX_COLUMNS).any(|f| !f.trim().is_empty()) {
            return Err(SheetError::TooManyColumns { row: self.row, limit: MAX_COLUMNS });
        }
        let mut cells: Vec<Cell> = fields
            .iter()
            .take(MAX_COLUMNS)
            .map(|f| if f.is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) })
            .collect();
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        // Excel writes `sep=;` as a first line to name the separator.
        if self.row == 1 && cells.len() == 1 && matches!(&cells[0], Cell::Text(t) if t.starts_with("sep=")) {
            cells.clear();
        }
        Ok(Some(RawRow { row: self.row, cells }))
    }

    fn error(&self, e: csv::Error) -> SheetError {
        match e.into_kind() {
            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<TooLong>()) => {
                SheetError::RowTooLong { row: self.row + 1 }
            }
            csv::ErrorKind::Io(io) => SheetError::Io(io.to_string()),
            other => SheetError::Broken(format!("{other:?}")),
        }
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<RawRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.read().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// The CSV reader's own buffer, which it reads ahead by.
const BUFFER: usize = 64 << 10;

/// Marks the error [`Limited`] raises.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CSV record too long")
    }
}

impl std::error::Error for TooLong {}

/// Refuses to hand the CSV reader more than [`MAX_CSV_RECORD_BYTES`] past the
/// start of the record it is reading, which bounds the reader's record buffer:
/// a never-closed quote cannot pull the whole file into memory.
struct Limited<R> {
    inner: R,
    delivered: u64,
    /// Where the record being read starts, set after each record.
    record_start: u64,
    /// The source has been read to its end.
    eof: bool,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.delivered.saturating_sub(self.record_start) > MAX_CSV_RECORD_BYTES + BUFFER as u64 {
            return Err(io::Error::other(TooLong));
        }
        let n = self.inner.read(buf)?;
        self.delivered += n as u64;
        self.eof |= n == 0 && !buf.is_empty();
        Ok(n)
    }
}

/// Turns `\r\n` and a lone `\r` (old Mac files) into `\n`, so that every line
/// ends alike and the CSV reader's line count is Excel's row count.
struct Newlines<R> {
    inner: R,
    /// The last byte handed out was a `\r` turned into `\n`.
    after_cr: bool,
}

impl<R: Read> Read for Newlines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 || (!self.after_cr && !buf[..n].contains(&b'\r')) {
                return Ok(n);
            }
            let mut out = 0;
            for i in 0..n {
                let b = buf[i];
                if b == b'\n' && self.after_cr {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = b == b'\r';
                buf[out] = if self.after_cr { b'\n' } else { b };
                out += 1;
            }
            // A chunk that was one `\n` after a `\r` yields nothing; read on.
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

/// Decodes a legacy encoding to UTF-8 as it is read; malformed bytes become U+FFFD.
struct Decoded<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    pending: std::ops::Range<usize>,
    output: Vec<u8>,
    ready: std::ops::Range<usize>,
    eof: bool,
    done: bool,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R, decoder: Decoder) -> Decoded<R> {
        Decoded {
            inner,
            decoder,
            input: vec![0; 1 << 16],
            pending: 0..0,
            output: vec![0; 1 << 17],
            ready: 0..0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if !self.ready.is_empty() {
                let n = buf.len().min(self.ready.len());
                buf[..n].copy_from_slice(&self.output[self.ready.start..self.ready.start + n]);
                self.ready.start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.pending.is_empty() && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.pending = 0..n;
                self.eof = n == 0;
            }
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(&self.input[self.pending.clone()], &mut self.output, self.eof);
            self.pending.start += read;
            self.ready = 0..written;
            self.done = self.eof && result == CoderResult::InputEmpty;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
        let plan = CsvPlan::new(&bytes[..bytes.len().min(HEAD_BYTES)], std::str::from_utf8(bytes).is_ok())?;
        CsvRows::new(bytes, plan)?.map(|r| r.map(|r| r.display())).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let want = vec![vec!["姓名", "手机"], vec!["张三", "13812345678"]];
        assert_eq!(rows("姓名,手机\n张三,13812345678\n".as_bytes()).unwrap(), want);
        assert_eq!(rows("\u{FEFF}姓名,手机\r\n张三,13812345678\r\n".as_bytes()).unwrap(), want);
    }

    #[test]
    fn gbk_and_utf16_are_decoded() {
        let (gbk, _, _) = GB18030.encode("姓名,乡镇\n張三,新牆鎮\n");
        assert_eq!(rows(&gbk).unwrap(), vec![vec!["姓名", "乡镇"], vec!["張三", "新牆鎮"]]);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("姓名\t手机\n张三\t138\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(rows(&utf16).unwrap(), vec![vec!["姓名", "手机"], vec!["张三", "138"]]);
    }

    #[test]
    fn decoding_survives_any_chunking() {
        let text = "姓名,备注\n".to_string() + &"张三,很长的备注内容\n".repeat(20_000);
        let (gbk, _, _) = GB18030.encode(&text);
        let mut decoded = String::new();
        Decoded::new(&gbk[..], GB18030.new_decoder_without_bom_handling()).read_to_string(&mut decoded).unwrap();
        assert_eq!(decoded, text);
    }

    #[test]
    fn the_separator_is_sniffed() {
        assert_eq!(delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(delimiter("a\tb\n1\t\"x,y,z\""), b'\t');
        assert_eq!(delimiter("姓名"), b',');
        assert_eq!(rows(b"sep=;\na;b\n").unwrap(), vec![vec![], vec!["a", "b"]]);
    }

    #[test]
    fn quoted_fields_and_ragged_rows() {
        let got = rows("姓名,备注\n\"张,三\",\"第一行\n第二行\"\n李四\n,,,\n".as_bytes()).unwrap();
        assert_eq!(got[1], vec!["张,三", "第一行\n第二行"]);
        assert_eq!(got[2], vec!["李四"]);
        assert!(got[3].is_empty());
    }

    #[test]
    fn empty_lines_keep_their_row_numbers() {
        let plan = CsvPlan::new(b"a", true).unwrap();
        let text = "a\r\n\r\nb,\"x\r\ny\"\n\r\n\rc\n";
        let numbers: Vec<u64> = CsvRows::new(text.as_bytes(), plan).unwrap().map(|r| r.unwrap().row).collect();
        assert_eq!(numbers, vec![1, 3, 6]);
        let unterminated: Vec<u64> = CsvRows::new(&b"a\n\nc"[..], plan).unwrap().map(|r| r.unwrap().row).collect();
        assert_eq!(unterminated, vec![1, 3]);
        let mac: Vec<u64> = CsvRows::new(&b"a\r\rc"[..], plan).unwrap().map(|r| r.unwrap().row).collect();
        assert_eq!(mac, vec![1, 3]);
    }

    #[test]
    fn binary_is_refused() {
        let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert_eq!(rows(&junk).unwrap_err(), SheetError::NotASpreadsheet);
        assert_eq!(rows(b"a,b\0c\n").unwrap_err(), SheetError::NotASpreadsheet);
    }

    #[test]
    fn an_unclosed_quote_stops_at_the_record_limit() {
        let mut text = b"name\n\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', (MAX_CSV_RECORD_BYTES + (1 << 20)) as usize));
        assert_eq!(rows(&text).unwrap_err(), SheetError::RowTooLong { row: 2 });
    }

    #[test]
    fn too_many_columns_is_refused_but_trailing_commas_are_not() {
        let wide = format!("姓名{}x\n", ",".repeat(MAX_COLUMNS));
        assert!(matches!(rows(wide.as_bytes()), Err(SheetError::TooManyColumns { row: 1, .. })));
        let trailing = format!("姓名{}\n", ",".repeat(MAX_COLUMNS + 50));
        assert_eq!(rows(trailing.as_bytes()).unwrap(), vec![vec!["姓名"]]);
    }

    #[test]
    fn utf8_is_checked_across_chunks() {
        let text = "张".repeat(100_000);
        assert!(is_utf8(text.as_bytes()).unwrap());
        let mut bad = text.into_bytes();
        bad.push(0xE5);
        assert!(!is_utf8(&bad[..]).unwrap());
    }
}
