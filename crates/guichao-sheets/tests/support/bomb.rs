//! Zip archives written byte by byte, for archives no honest writer makes: a
//! deflate stream that unpacks a few megabytes into gigabytes of spaces, and
//! headers that lie about sizes.

/// Writes a deflate stream: fields least significant bit first, Huffman codes
/// most significant bit first.
struct Bits {
    out: Vec<u8>,
    acc: u8,
    used: u32,
}

impl Bits {
    fn new() -> Bits {
        Bits { out: Vec::new(), acc: 0, used: 0 }
    }

    fn bit(&mut self, bit: u32) {
        self.acc |= ((bit & 1) as u8) << self.used;
        self.used += 1;
        if self.used == 8 {
            self.out.push(self.acc);
            (self.acc, self.used) = (0, 0);
        }
    }

    fn field(&mut self, value: u32, width: u32) {
        (0..width).for_each(|i| self.bit(value >> i));
    }

    fn code(&mut self, code: u32, len: u32) {
        (0..len).rev().for_each(|i| self.bit(code >> i));
    }

    fn zeros(&mut self, mut count: u64) {
        while self.used != 0 && count > 0 {
            self.bit(0);
            count -= 1;
        }
        self.out.resize(self.out.len() + (count / 8) as usize, 0);
        (0..count % 8).for_each(|_| self.bit(0));
    }

    fn align(&mut self) {
        while self.used != 0 {
            self.bit(0);
        }
    }

    fn stored(&mut self, last: bool, data: &[u8]) {
        self.field(u32::from(last), 1);
        self.field(0, 2);
        self.align();
        let len = data.len() as u16;
        self.out.extend(len.to_le_bytes());
        self.out.extend((!len).to_le_bytes());
        self.out.extend(data);
    }
}

/// A deflate stream of `prefix`, then `1 + 258 * pairs` spaces, then `suffix`
/// (each of prefix and suffix under 64 KiB). The spaces are one dynamic block
/// whose every 258-byte copy costs two bits, the best deflate can do.
pub fn deflate_spaces(prefix: &[u8], pairs: u64, suffix: &[u8]) -> Vec<u8> {
    let mut b = Bits::new();
    b.stored(false, prefix);
    // Dynamic block: 286 literal/length codes, 1 distance code, 18 code-length codes.
    b.field(0, 1);
    b.field(2, 2);
    b.field(29, 5);
    b.field(0, 5);
    b.field(14, 4);
    // Code-length code lengths in the format's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1:
    // symbol 18 gets 1 bit (code 0), symbols 1 and 2 get 2 bits (codes 10, 11).
    for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
        b.field(len, 3);
    }
    let zeros = |b: &mut Bits, n: u32| {
        b.code(0, 1);
        b.field(n - 11, 7);
    };
    let (one, two) = ((0b10, 2), (0b11, 2));
    // Lengths: ' ' (32) 2, end of block (256) 2, length 258 (285) 1; distance 1 (code 0) 1.
    zeros(&mut b, 32);
    b.code(two.0, two.1);
    zeros(&mut b, 138);
    zeros(&mut b, 85);
    b.code(two.0, two.1);
    zeros(&mut b, 28);
    b.code(one.0, one.1);
    b.code(one.0, one.1);
    // Canonical codes: 285 -> 0, ' ' -> 10, end -> 11; distance code 0 -> 0.
    b.code(0b10, 2);
    b.zeros(2 * pairs);
    b.code(0b11, 2);
    b.stored(true, suffix);
    b.align();
    b.out
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One member of a hand-made archive.
pub struct Member {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    /// The uncompressed size the headers declare, true or not.
    pub size: u32,
}

impl Member {
    pub fn stored(name: &str, body: &str) -> Member {
        Member {
            name: name.to_string(),
            method: 0,
            data: body.as_bytes().to_vec(),
            crc: crc32(body.as_bytes()),
            size: body.len() as u32,
        }
    }
}

/// A zip archive of `members`, headers written as told.
pub fn zip_by_hand(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let fields = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(m.method.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(0x21u16.to_le_bytes());
            h.extend(m.crc.to_le_bytes());
            h.extend((m.data.len() as u32).to_le_bytes());
            h.extend(m.size.to_le_bytes());
            h.extend((m.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h
        };
        out.extend(fields(0x0403_4b50, false));
        out.extend(m.name.as_bytes());
        out.extend(&m.data);
        central.extend(fields(0x0201_4b50, true));
        // Comment length, disk, internal and external attributes.
        central.extend([0u8; 10]);
        central.extend(offset.to_le_bytes());
        central.extend(m.name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The parts of an xlsx around a sheet member.
pub fn xlsx_around(sheet: Member) -> Vec<u8> {
    let parts = [
        Member::stored(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        Member::stored(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        Member::stored(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        Member::stored(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    let mut members: Vec<Member> = parts.into_iter().collect();
    members.push(sheet);
    zip_by_hand(&members)
}
