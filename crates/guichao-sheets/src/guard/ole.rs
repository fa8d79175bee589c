//! Checks an xls file (a BIFF workbook inside an OLE compound file) before the
//! reader opens it.
//!
//! The reader reserves memory for the rectangle a sheet's DIMENSIONS record
//! claims and then for the rectangle its cells span, so one forged record
//! asking for four billion rows would end the process. This module finds the
//! workbook stream itself and walks its records to refuse such claims, and
//! tells an encrypted file (or a password-protected xlsx, which Excel also
//! stores as a compound file) from a damaged one.

use super::MAX_XLS_CELLS;
use crate::SheetError;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

/// Checks an xls file held in memory.
pub(crate) fn check_xls(data: &[u8]) -> Result<(), SheetError> {
    let cfb = Cfb::parse(data).ok_or_else(|| broken("compound file header"))?;
    let entries = cfb.directory().ok_or_else(|| broken("compound file directory"))?;
    if entries.iter().any(|e| e.name.eq_ignore_ascii_case("EncryptedPackage")) {
        return Err(SheetError::Encrypted);
    }
    let book = entries
        .iter()
        .find(|e| e.kind == 2 && (e.name.eq_ignore_ascii_case("Workbook") || e.name.eq_ignore_ascii_case("Book")))
        .ok_or(SheetError::NotASpreadsheet)?;
    let stream = cfb.stream(book, &entries[0]).ok_or_else(|| broken("workbook stream"))?;
    check_records(&stream)
}

fn broken(what: &str) -> SheetError {
    SheetError::Broken(format!("damaged xls: {what}"))
}

/// The parts of a compound file needed to read one stream.
struct Cfb<'a> {
    data: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    first_dir: u32,
    first_mini_fat: u32,
    mini_cutoff: u64,
}

/// A directory entry: a storage, a stream or the root.
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    size: u64,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Cfb<'a> {
    fn parse(data: &'a [u8]) -> Option<Cfb<'a>> {
        if data.get(..8)? != b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
            return None;
        }
        let sector = match u16_at(data, 0x1E)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let sectors = data.len().div_ceil(sector).saturating_sub(1);
        let fat_sectors = u32_at(data, 0x2C)? as usize;
        if fat_sectors > sectors {
            return None;
        }
        let mut cfb = Cfb {
            data,
            sector,
            fat: Vec::new(),
            first_dir: u32_at(data, 0x30)?,
            first_mini_fat: u32_at(data, 0x3C)?,
            mini_cutoff: u64::from(u32_at(data, 0x38)?),
        };
        // The FAT's own sectors are listed by the header's 109 slots, then by a
        // chain of DIFAT sectors, each ending with the next one's number.
        let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(data, 0x4C + 4 * i)).collect();
        let mut next = u32_at(data, 0x44)?;
        for _ in 0..u32_at(data, 0x48)?.min(sectors as u32) {
            if next >= END_OF_CHAIN {
                break;
            }
            let block = cfb.sector_bytes(next)?;
            let per = sector / 4 - 1;
            fat_ids.extend((0..per).filter_map(|i| u32_at(block, 4 * i)));
            next = u32_at(block, 4 * per)?;
        }
        fat_ids.retain(|&id| id < END_OF_CHAIN);
        fat_ids.truncate(fat_sectors);
        let mut fat = Vec::with_capacity(fat_ids.len() * sector / 4);
        for id in fat_ids {
            let block = cfb.sector_bytes(id)?;
            fat.extend((0..sector / 4).filter_map(|i| u32_at(block, 4 * i)));
        }
        cfb.fat = fat;
        Some(cfb)
    }

    fn sector_bytes(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        let end = (start + self.sector).min(self.data.len());
        self.data.get(start..end)
    }

    /// The sector numbers of a chain, refusing loops and numbers past the table.
    fn chain(table: &[u32], start: u32) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut at = start;
        while at != END_OF_CHAIN {
            if at == FREE || out.len() > table.len() {
                return None;
            }
            out.push(at);
            at = *table.get(at as usize)?;
        }
        Some(out)
    }

    fn read_chain(&self, start: u32) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for id in Cfb::chain(&self.fat, start)? {
            out.extend_from_slice(self.sector_bytes(id)?);
        }
        Some(out)
    }

    fn directory(&self) -> Option<Vec<Entry>> {
        let dir = self.read_chain(self.first_dir)?;
        let entries: Vec<Entry> = dir
            .chunks_exact(128)
            .map(|e| {
                let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
                let units: Vec<u16> = e[..len].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                let name = String::from_utf16_lossy(&units).trim_end_matches('\0').to_string();
                let size = u64::from_le_bytes(e[0x78..0x80].try_into().expect("8 bytes"));
                Entry { name, kind: e[0x42], start: u32_at(e, 0x74).unwrap_or(END_OF_CHAIN), size }
            })
            .collect();
        (entries.first()?.kind == 5).then_some(entries)
    }

    /// A stream's bytes: small ones live in the root's mini stream, in 64-byte
    /// sectors chained by the mini FAT.
    fn stream(&self, entry: &Entry, root: &Entry) -> Option<Vec<u8>> {
        // Version 3 files leave the high half of the size undefined.
        let size = if self.sector == 512 { entry.size & 0xFFFF_FFFF } else { entry.size };
        if size > self.data.len() as u64 {
            return None;
        }
        let mut bytes = if size >= self.mini_cutoff {
            self.read_chain(entry.start)?
        } else {
            let mini_stream = self.read_chain(root.start)?;
            let mini_fat: Vec<u32> = self
                .read_chain(self.first_mini_fat)?
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect();
            let mut out = Vec::new();
            for id in Cfb::chain(&mini_fat, entry.start)? {
                let start = id as usize * 64;
                out.extend_from_slice(mini_stream.get(start..start + 64)?);
            }
            out
        };
        if (bytes.len() as u64) < size {
            return None;
        }
        bytes.truncate(size as usize);
        Some(bytes)
    }
}

/// The rectangle a sheet's cells span so far.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) -> Result<(), SheetError> {
        if col > 255 {
            return Err(broken("cell beyond column IV"));
        }
        let grow = |r: Option<(u32, u32)>, v: u32| Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = grow(self.rows, row);
        self.cols = grow(self.cols, col);
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else { return Ok(()) };
        if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > MAX_XLS_CELLS {
            return Err(SheetError::TooManyCells { limit: MAX_XLS_CELLS });
        }
        Ok(())
    }
}

/// Walks the BIFF records: refuses encryption, dimensions beyond the format or
/// the cell limit, cells past column IV and sheets spanning too many cells.
fn check_records(stream: &[u8]) -> Result<(), SheetError> {
    let mut at = 0;
    let mut span = Span::default();
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else { break };
        at += 4 + len as usize;
        let u16 = |i| u16_at(data, i).map_or(0, u32::from);
        match kind {
            0x0809 => span = Span::default(),
            0x002F if u16(0) != 0 => return Err(SheetError::Encrypted),
            0x0200 => {
                let (first_row, last_row, first_col, last_col) = match len {
                    14 => (u32_at(data, 0).unwrap_or(0), u32_at(data, 4).unwrap_or(0), u16(8), u16(10)),
                    10 => (u16(0), u16(2), u16(4), u16(6)),
                    _ => continue,
                };
                // Last row and column are one past the end; zero means an empty sheet.
                if last_row > 0 && last_col > 0 {
                    let fits = first_row < last_row && last_row <= 65_536 && first_col < last_col && last_col <= 256;
                    if !fits {
                        return Err(broken("dimensions beyond the format"));
                    }
                    if u64::from(last_row - first_row) * u64::from(last_col - first_col) > MAX_XLS_CELLS {
                        return Err(SheetError::TooManyCells { limit: MAX_XLS_CELLS });
                    }
                }
            }
            // MULRK: a row, a first column, six bytes per cell, a last column.
            0x00BD => {
                if len < 6 {
                    return Err(broken("cell range"));
                }
                let (first, last) = (u16(2), u16(len as usize - 2));
                if first > last {
                    return Err(broken("cell range"));
                }
                span.add(u16(0), first)?;
                span.add(u16(0), last)?;
            }
            // Number, label, rich label, bool/error, shared-string label, RK, formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x00FD | 0x027E | 0x0006 => span.add(u16(0), u16(2))?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn dims(rows: u32, cols: u16) -> Vec<u8> {
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(rows.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(cols.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn honest_records_pass() {
        let stream = [dims(100, 10), number(0, 0), number(99, 9)].concat();
        assert_eq!(check_records(&stream), Ok(()));
        assert_eq!(check_records(&dims(0, 0)), Ok(()));
    }

    #[test]
    fn forged_dimensions_and_cells_are_refused() {
        assert!(check_records(&dims(4_000_000_000, 10)).is_err());
        assert!(check_records(&dims(65_536, 300)).is_err());
        assert!(matches!(check_records(&dims(65_536, 256)), Err(SheetError::TooManyCells { .. })));
        assert!(check_records(&number(0, 300)).is_err());
        let wide = [number(0, 0), number(65_535, 255)].concat();
        assert!(matches!(check_records(&wide), Err(SheetError::TooManyCells { .. })));
        assert_eq!(check_records(&record(0x002F, &[1, 0])), Err(SheetError::Encrypted));
    }

    #[test]
    fn junk_is_not_a_compound_file() {
        assert!(check_xls(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 but nothing else").is_err());
        assert!(check_xls(&[0; 4096]).is_err());
    }
}
