//! The limits that keep a hostile or broken file from costing unbounded time
//! or memory, and the checks that enforce them before a parser sees the file.
//!
//! A real county roster is far inside every limit: tens of thousands of rows,
//! a few dozen columns, a few megabytes. The limits are set so that the
//! largest honest file (a million-row CSV export) passes and a zip bomb, a
//! sheet that claims a billion rows or a never-closed quote does not.

mod archive;
mod ole;

pub(crate) use archive::check_zip;
pub(crate) use ole::check_xls;

/// Most rows read from one sheet, title and blank rows included.
pub const MAX_ROWS: u64 = 2_000_000;

/// Most columns read; a value beyond them refuses the file.
pub const MAX_COLUMNS: usize = 200;

/// Longest cell, in characters: Excel's own limit, so that every rejected row
/// fits back into an error file.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Longest CSV record, in bytes: a never-closed quote makes the whole rest of
/// the file one record.
pub const MAX_CSV_RECORD_BYTES: u64 = 8 << 20;

/// Most bytes the XML parts of an xlsx may unpack to, all together.
pub const MAX_XLSX_UNPACKED: u64 = 1 << 30;

/// Most entries in an xlsx archive.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Highest compression ratio accepted for an entry larger than
/// [`RATIO_FREE_BYTES`]; XML rosters compress about 10:1, bombs 1000:1.
pub const MAX_COMPRESSION_RATIO: u64 = 100;

/// Entries up to this size may have any compression ratio.
pub const RATIO_FREE_BYTES: u64 = 16 << 20;

/// Most bytes of the shared string table, which the reader holds in memory.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;

/// Most strings the shared string table may declare; the reader reserves room
/// for as many as it declares before reading one.
pub const MAX_SHARED_STRINGS: u64 = 8_000_000;

/// Largest xls file. The format holds at most 65,536 rows, so real ones are small.
pub const MAX_XLS_BYTES: u64 = 128 << 20;

/// Most cells in the rectangle an xls sheet spans; the reader allocates the
/// whole rectangle.
pub const MAX_XLS_CELLS: u64 = 65_536 * 64;
