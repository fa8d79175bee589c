//! The sealed stream of a backup file: the compressed copy cut into chunks of
//! at most [`CHUNK`] bytes, each sealed with AES-256-GCM under the backup key.
//!
//! ```text
//! header (24 bytes): "GCBACKUP" | version 1 | backend (1 SQLite, 2 PostgreSQL)
//!                    | nonce prefix (7 random bytes) | unix time (u64, big-endian)
//! then per chunk:    ciphertext length (u32, big-endian) | ciphertext and tag
//! nonce of chunk i:  nonce prefix | i (u32, big-endian) | 1 for the last chunk, else 0
//! ```
//!
//! Every chunk authenticates the header (as associated data), its place (the
//! counter in the nonce) and whether it is the last (the flag). So a changed
//! byte anywhere, chunks swapped or dropped, a file cut after any chunk (no
//! chunk with the last flag) and bytes added after the last chunk are all
//! refused before anything is restored.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use std::io::{self, Read, Write};

/// Plaintext bytes per chunk.
pub(crate) const CHUNK: usize = 1 << 20;
const MAGIC: &[u8; 8] = b"GCBACKUP";
const VERSION: u8 = 1;
pub(crate) const HEADER_LEN: usize = 24;

/// What a backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A SQLite database file (`VACUUM INTO`).
    Sqlite,
    /// A `pg_dump` archive in custom format.
    Postgres,
}

impl Kind {
    fn code(self) -> u8 {
        match self {
            Kind::Sqlite => 1,
            Kind::Postgres => 2,
        }
    }
}

fn damaged(zh: &str, en: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{zh} / {en}"))
}

fn nonce(prefix: &[u8; 7], counter: u32, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..7].copy_from_slice(prefix);
    n[7..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    n
}

/// Writes a sealed stream; [`SealWriter::finish`] seals the last chunk.
pub(crate) struct SealWriter<W: Write> {
    out: W,
    cipher: Aes256Gcm,
    header: [u8; HEADER_LEN],
    prefix: [u8; 7],
    counter: u32,
    buffer: Vec<u8>,
}

impl<W: Write> SealWriter<W> {
    pub(crate) fn new(mut out: W, cipher: Aes256Gcm, kind: Kind, unix_time: u64) -> io::Result<Self> {
        let mut prefix = [0u8; 7];
        rand::rng().fill_bytes(&mut prefix);
        let mut header = [0u8; HEADER_LEN];
        header[..8].copy_from_slice(MAGIC);
        header[8] = VERSION;
        header[9] = kind.code();
        header[10..17].copy_from_slice(&prefix);
        header[17..24].copy_from_slice(&unix_time.to_be_bytes()[1..]);
        out.write_all(&header)?;
        Ok(SealWriter { out, cipher, header, prefix, counter: 0, buffer: Vec::with_capacity(CHUNK) })
    }

    fn seal(&mut self, last: bool) -> io::Result<()> {
        let n = nonce(&self.prefix, self.counter, last);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&n), Payload { msg: &self.buffer, aad: &self.header })
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.out.write_all(&(sealed.len() as u32).to_be_bytes())?;
        self.out.write_all(&sealed)?;
        self.buffer.clear();
        self.counter = self.counter.checked_add(1).ok_or_else(|| io::Error::other("backup too large"))?;
        Ok(())
    }

    /// Seals what is left as the last chunk (possibly empty) and returns the writer.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.seal(true)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for SealWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = CHUNK - self.buffer.len();
        let n = room.min(data.len());
        self.buffer.extend_from_slice(&data[..n]);
        if self.buffer.len() == CHUNK {
            // A full chunk is never the last: `finish` seals the last, even empty.
            self.seal(false)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Reads a sealed stream, refusing it (an `InvalidData` error) at the first
/// chunk that does not open, when it ends before the last chunk, or when
/// anything follows the last chunk.
pub(crate) struct OpenReader<R: Read> {
    input: R,
    cipher: Aes256Gcm,
    header: [u8; HEADER_LEN],
    prefix: [u8; 7],
    counter: u32,
    plain: Vec<u8>,
    at: usize,
    done: bool,
    pub(crate) kind: Kind,
}

impl<R: Read> OpenReader<R> {
    pub(crate) fn new(mut input: R, cipher: Aes256Gcm) -> io::Result<Self> {
        let mut header = [0u8; HEADER_LEN];
        input.read_exact(&mut header).map_err(|_| {
            damaged("不是归巢备份文件（文件头不完整）", "not a Guichao backup (the header is incomplete)")
        })?;
        if &header[..8] != MAGIC {
            return Err(damaged("不是归巢备份文件", "not a Guichao backup file"));
        }
        if header[8] != VERSION {
            return Err(damaged("备份文件版本不受支持", "unsupported backup version"));
        }
        let kind = match header[9] {
            1 => Kind::Sqlite,
            2 => Kind::Postgres,
            _ => return Err(damaged("备份文件头已损坏", "the backup header is damaged")),
        };
        let mut prefix = [0u8; 7];
        prefix.copy_from_slice(&header[10..17]);
        Ok(OpenReader { input, cipher, header, prefix, counter: 0, plain: Vec::new(), at: 0, done: false, kind })
    }

    /// Reads exactly `buf.len()` bytes; `Ok(false)` at a clean end before any.
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<bool> {
        let mut got = 0;
        while got < buf.len() {
            match self.input.read(&mut buf[got..])? {
                0 if got == 0 => return Ok(false),
                0 => return Err(truncated()),
                n => got += n,
            }
        }
        Ok(true)
    }

    fn next_chunk(&mut self) -> io::Result<()> {
        let mut len = [0u8; 4];
        if !self.fill(&mut len)? {
            return Err(truncated());
        }
        let len = u32::from_be_bytes(len) as usize;
        if !(16..=CHUNK + 16).contains(&len) {
            return Err(damaged("备份文件已损坏或被篡改", "the backup is damaged or was altered"));
        }
        let mut sealed = vec![0u8; len];
        if !self.fill(&mut sealed)? {
            return Err(truncated());
        }
        // A chunk opens as the last one or as another, never both.
        for last in [false, true] {
            let n = nonce(&self.prefix, self.counter, last);
            if let Ok(plain) = self.cipher.decrypt(Nonce::from_slice(&n), Payload { msg: &sealed, aad: &self.header }) {
                self.plain = plain;
                self.at = 0;
                self.counter += 1;
                if last {
                    let mut extra = [0u8; 1];
                    if self.fill(&mut extra)? {
                        return Err(damaged(
                            "备份文件末尾有多余的数据（被篡改）",
                            "the backup has data after its end (altered)",
                        ));
                    }
                    self.done = true;
                }
                return Ok(());
            }
        }
        Err(damaged(
            "备份文件已损坏或被篡改，或不是用本系统的密钥加密的",
            "the backup is damaged or was altered, or was encrypted with another key",
        ))
    }
}

fn truncated() -> io::Error {
    damaged("备份文件不完整（被截断）", "the backup is incomplete (truncated)")
}

impl<R: Read> Read for OpenReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.plain.len() {
            if self.done {
                return Ok(0);
            }
            self.next_chunk()?;
        }
        let n = buf.len().min(self.plain.len() - self.at);
        buf[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aead::KeyInit;

    fn cipher(k: u8) -> Aes256Gcm {
        Aes256Gcm::new_from_slice(&[k; 32]).unwrap()
    }

    fn seal(data: &[u8]) -> Vec<u8> {
        let mut w = SealWriter::new(Vec::new(), cipher(1), Kind::Sqlite, 1_700_000_000).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    fn open(sealed: &[u8], k: u8) -> io::Result<Vec<u8>> {
        let mut r = OpenReader::new(sealed, cipher(k))?;
        let mut out = Vec::new();
        r.read_to_end(&mut out)?;
        Ok(out)
    }

    fn data(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    fn error(sealed: &[u8]) -> String {
        open(sealed, 1).expect_err("must be refused").to_string()
    }

    #[test]
    fn round_trips_empty_small_and_several_chunks() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5] {
            assert_eq!(open(&seal(&data(n)), 1).unwrap(), data(n), "{n} bytes");
        }
        assert_eq!(OpenReader::new(&seal(b"x")[..], cipher(1)).unwrap().kind, Kind::Sqlite);
    }

    #[test]
    fn a_changed_byte_anywhere_is_refused() {
        let sealed = seal(&data(CHUNK + 100));
        for at in [3, 9, 12, 20, HEADER_LEN + 2, HEADER_LEN + 4 + 10, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 1;
            assert!(open(&bad, 1).is_err(), "byte {at}");
        }
        assert!(
            error(&{
                let mut bad = sealed.clone();
                bad[HEADER_LEN + 40] ^= 0x80;
                bad
            })
            .contains("被篡改")
        );
    }

    #[test]
    fn a_cut_file_is_refused_as_truncated() {
        let sealed = seal(&data(2 * CHUNK + 5));
        let first_chunk_end = HEADER_LEN + 4 + CHUNK + 16;
        // Cut exactly after a whole chunk: every chunk left opens, but no last one.
        assert!(error(&sealed[..first_chunk_end]).contains("截断"));
        assert!(error(&sealed[..first_chunk_end + 2]).contains("截断"));
        assert!(error(&sealed[..sealed.len() - 1]).contains("截断"));
        assert!(error(&sealed[..HEADER_LEN]).contains("截断"));
        assert!(error(&sealed[..10]).contains("不是归巢备份文件"));
    }

    #[test]
    fn swapped_chunks_added_bytes_and_another_key_are_refused() {
        let sealed = seal(&data(2 * CHUNK + 5));
        let c = 4 + CHUNK + 16;
        let mut swapped = sealed[..HEADER_LEN].to_vec();
        swapped.extend_from_slice(&sealed[HEADER_LEN + c..HEADER_LEN + 2 * c]);
        swapped.extend_from_slice(&sealed[HEADER_LEN..HEADER_LEN + c]);
        swapped.extend_from_slice(&sealed[HEADER_LEN + 2 * c..]);
        assert!(open(&swapped, 1).is_err());
        let mut longer = sealed.clone();
        longer.push(0);
        assert!(error(&longer).contains("多余"));
        assert!(open(&sealed, 2).unwrap_err().to_string().contains("密钥"));
    }
}
