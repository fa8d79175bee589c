//! Text clean-up shared by the fellow registry's parsers: full-width folding, a small
//! traditional-to-simplified table for vocabulary words, and reading numbers that
//! Excel stored as floats.
//!
//! This is deliberately small and self-contained; full search normalisation (NFKC,
//! complete traditional folding, pinyin) lives in the search module.

/// Folds full-width ASCII (ＡＢＣ１２３＋－（）) and the ideographic space to their
/// half-width forms, and the dashes people paste from Word to `-`.
pub(crate) fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            _ => c,
        })
        .collect()
}

/// A cell's text as typed: width folded, trimmed, and without the leading apostrophe
/// with which Excel users mark a number as text (`'430621...`).
pub(crate) fn cell_text(text: &str) -> String {
    let text = fold_width(text);
    let text = text.trim();
    text.strip_prefix('\'').unwrap_or(text).trim().to_string()
}

/// Traditional forms of the characters used by the registry's vocabulary words
/// (黨政軍, 文化教育藝術, 副會長, 已歸檔...), paired with their simplified forms.
const TRADITIONAL: &[(char, char)] = &[
    ('黨', '党'),
    ('軍', '军'),
    ('藝', '艺'),
    ('術', '术'),
    ('業', '业'),
    ('會', '会'),
    ('長', '长'),
    ('書', '书'),
    ('親', '亲'),
    ('屬', '属'),
    ('學', '学'),
    ('夥', '伙'),
    ('員', '员'),
    ('協', '协'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('縣', '县'),
    ('級', '级'),
    ('聯', '联'),
    ('繫', '系'),
    ('歸', '归'),
    ('檔', '档'),
    ('異', '异'),
    ('顧', '顾'),
    ('問', '问'),
    ('產', '产'),
    ('東', '东'),
    ('經', '经'),
    ('實', '实'),
    ('機', '机'),
    ('關', '关'),
    ('營', '营'),
    ('職', '职'),
    ('師', '师'),
    ('隊', '队'),
    ('務', '务'),
    ('總', '总'),
    ('監', '监'),
    ('區', '区'),
    ('過', '过'),
    ('戰', '战'),
    ('見', '见'),
];

/// Replaces the traditional characters of [`TRADITIONAL`] by their simplified forms.
pub(crate) fn fold_traditional(text: &str) -> String {
    text.chars().map(|c| TRADITIONAL.iter().find(|(t, _)| *t == c).map_or(c, |(_, s)| *s)).collect()
}

/// How a cell's text reads if Excel (or a converter such as pandas) wrote a number
/// as a float.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExcelNumber {
    /// Not a float: parse the text as typed.
    No,
    /// A float that still holds every digit of a whole number, e.g. `13812345678.0`
    /// or `1.3812345678E10`; carries those digits.
    Whole(String),
    /// A float whose digits cannot be trusted: scientific notation that filled zeros
    /// in (`4.30621E+17`), or more digits than a float keeps (Excel keeps 15).
    DigitsLost,
}

/// The most significant digits Excel keeps in a number; the rest become zeros.
const EXCEL_DIGITS: usize = 15;

/// Recognises a number written as a float. A plain fraction of one or two zeros
/// (`.0`, `.00`) is a float; a longer group (`1381234.0000`) is more likely a phone
/// number typed with a dot, so it is left alone.
pub(crate) fn excel_number(text: &str) -> ExcelNumber {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !is_digits(int) || !(frac.is_empty() || is_digits(frac)) {
        return ExcelNumber::No;
    }
    let digits = match exponent {
        None => {
            if !(1..=2).contains(&frac.len()) || frac.bytes().any(|b| b != b'0') {
                return ExcelNumber::No;
            }
            int.to_string()
        }
        Some(exponent) => {
            let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
            if !is_digits(exponent) || exponent.len() > 3 {
                return ExcelNumber::No;
            }
            let shift: usize = exponent.parse().unwrap_or(usize::MAX);
            if frac.len() < shift {
                return ExcelNumber::DigitsLost;
            }
            let (more, rest) = frac.split_at(shift);
            if rest.bytes().any(|b| b != b'0') {
                return ExcelNumber::No;
            }
            format!("{int}{more}")
        }
    };
    if digits.trim_start_matches('0').len() > EXCEL_DIGITS {
        ExcelNumber::DigitsLost
    } else {
        ExcelNumber::Whole(digits)
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExcelNumber::*;

    #[test]
    fn folds_full_width_and_dashes() {
        assert_eq!(fold_width("＋８６　１３８－１２３４—５６７８（Ａ）"), "+86 138-1234-5678(A)");
        assert_eq!(fold_width("张三"), "张三");
    }

    #[test]
    fn cells_lose_the_text_marker() {
        assert_eq!(cell_text(" '13812345678 "), "13812345678");
        assert_eq!(cell_text("\u{3000}１３８\t"), "138");
        assert_eq!(cell_text("O'Brien"), "O'Brien");
    }

    #[test]
    fn folds_the_vocabulary_traditional_forms() {
        assert_eq!(fold_traditional("黨政軍"), "党政军");
        assert_eq!(fold_traditional("文化教育藝術"), "文化教育艺术");
        assert_eq!(fold_traditional("副會長"), "副会长");
    }

    #[test]
    fn reads_whole_floats() {
        assert_eq!(excel_number("13812345678.0"), Whole("13812345678".into()));
        assert_eq!(excel_number("13812345678.00"), Whole("13812345678".into()));
        assert_eq!(excel_number("1.3812345678E10"), Whole("13812345678".into()));
        assert_eq!(excel_number("1.3812345678e+10"), Whole("13812345678".into()));
        assert_eq!(excel_number("1.38123456780E10"), Whole("13812345678".into()));
    }

    #[test]
    fn flags_floats_that_lost_digits() {
        assert_eq!(excel_number("4.30621E+17"), DigitsLost);
        assert_eq!(excel_number("1.38123E10"), DigitsLost);
        assert_eq!(excel_number("1E10"), DigitsLost);
        assert_eq!(excel_number("990102197503051234.0"), DigitsLost);
    }

    #[test]
    fn leaves_other_text_alone() {
        for text in
            ["13812345678", "138.1234.5678", "1381234.0000", "0730-1234567", "1.5E-3", "1.38123456785E9", "E5", ""]
        {
            assert_eq!(excel_number(text), No, "{text}");
        }
    }
}
