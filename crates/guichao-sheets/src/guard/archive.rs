//! Checks an xlsx archive before the reader opens it: the entry count, every
//! declared size and compression ratio, and then each XML part actually
//! unpacked (into nothing) to prove it holds no more than it declares.
//!
//! The reader trusts neither: it unpacks without a bound and reserves memory
//! for as many shared strings as the table claims. Unpacking here costs about
//! what the reader itself will cost, and is bounded by [`MAX_XLSX_UNPACKED`].

use super::*;
use crate::SheetError;
use ::zip::ZipArchive;
use ::zip::result::ZipError;
use std::io::{self, Read, Seek, Write};

/// Checks the archive; anything but an xlsx (an xlsb, an ods, a Word file) is
/// an error that says so.
pub(crate) fn check_zip<R: Read + Seek>(reader: R) -> Result<(), SheetError> {
    let mut archive = ZipArchive::new(reader).map_err(broken)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(SheetError::ZipBomb);
    }
    let mut total: u64 = 0;
    let mut parts = Vec::new();
    let (mut workbook, mut binary, mut ods, mut word) = (false, false, false, false);
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(broken)?;
        let name = entry.name().map_err(broken)?.to_ascii_lowercase();
        let (size, packed) = (entry.size(), entry.compressed_size());
        if entry.encrypted() {
            return Err(SheetError::Encrypted);
        }
        if size > RATIO_FREE_BYTES && size / packed.max(1) > MAX_COMPRESSION_RATIO {
            return Err(SheetError::ZipBomb);
        }
        workbook |= name == "xl/workbook.xml";
        binary |= name == "xl/workbook.bin";
        ods |= name == "content.xml" || name == "mimetype";
        word |= name == "word/document.xml";
        // The reader opens only XML parts; media and the like are never unpacked.
        if name.ends_with(".xml") || name.ends_with(".rels") {
            total = total.saturating_add(size);
            if total > MAX_XLSX_UNPACKED {
                return Err(SheetError::ZipBomb);
            }
            if name.ends_with("sharedstrings.xml") && size > MAX_SHARED_STRINGS_BYTES {
                return Err(SheetError::ZipBomb);
            }
            parts.push((i, size, name.ends_with("sharedstrings.xml")));
        }
    }
    if !workbook {
        return Err(match (binary, ods, word) {
            (true, _, _) => SheetError::Unsupported("xlsb"),
            (_, true, _) => SheetError::Unsupported("ods"),
            (_, _, true) => SheetError::Unsupported("Word"),
            _ => SheetError::NotASpreadsheet,
        });
    }
    for (i, size, shared) in parts {
        let entry = archive.by_index(i).map_err(broken)?;
        let mut sink = Sink { count: 0, head: Vec::new(), keep: if shared { 64 << 10 } else { 0 } };
        // One byte past the declared size is enough to prove the size a lie.
        match io::copy(&mut entry.take(size.saturating_add(1)), &mut sink) {
            // The zip reader itself stops at the declared size; were it ever not
            // to, the count below catches the overrun.
            Err(e) if e.to_string().contains("declared uncompressed size") => return Err(SheetError::ZipBomb),
            Err(e) => return Err(SheetError::Broken(e.to_string())),
            Ok(_) => {}
        }
        if sink.count > size {
            return Err(SheetError::ZipBomb);
        }
        if shared && declared_strings(&sink.head) > MAX_SHARED_STRINGS.min(size / 8 + 16) {
            return Err(SheetError::ZipBomb);
        }
    }
    Ok(())
}

fn broken(e: ZipError) -> SheetError {
    SheetError::Broken(e.to_string())
}

/// Counts bytes written and keeps the first `keep` of them.
struct Sink {
    count: u64,
    head: Vec<u8>,
    keep: usize,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.count += buf.len() as u64;
        let room = self.keep.saturating_sub(self.head.len()).min(buf.len());
        self.head.extend_from_slice(&buf[..room]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The `uniqueCount` the shared string table declares on its `<sst>` element:
/// 0 when it declares none, `u64::MAX` when the element is not where it must
/// be (first in the part) or the count does not fit.
fn declared_strings(head: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(head);
    let Some(tag) = text.find("<sst").and_then(|at| Some(&text[at..at + text[at..].find('>')?])) else {
        return u64::MAX;
    };
    let Some(at) = tag.find("uniqueCount") else { return 0 };
    let value = tag[at + "uniqueCount".len()..].trim_start_matches(|c: char| c.is_whitespace() || "=\"'".contains(c));
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() { 0 } else { digits.parse().unwrap_or(u64::MAX) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_declared_string_count() {
        assert_eq!(declared_strings(br#"<?xml?><sst xmlns="x" count="9" uniqueCount="5">"#), 5);
        assert_eq!(declared_strings(br#"<sst uniqueCount = '7'>"#), 7);
        assert_eq!(declared_strings(br#"<sst uniqueCount='99999999999999999999999'>"#), u64::MAX);
        assert_eq!(declared_strings(br#"<sst count="3">"#), 0);
        assert_eq!(declared_strings(b"junk"), u64::MAX);
    }
}
