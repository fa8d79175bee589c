//! A document number (发文字号) as the county writes it: the issuer's
//! abbreviation, the year in full-width brackets 〔〕, a serial number and 号
//! (岳政发〔2023〕5号). Users type the brackets as [] or () or （） or 【】
//! as well; those are read and written back full-width.

use crate::Msg;

/// A number as typed, checked and written the one way: `岳政发〔2023〕5号`.
pub fn normalize_number(text: &str) -> Result<String, Msg> {
    let bad = || {
        Msg::new(
            "文号格式应为“机关代字〔年份〕序号号”，例如 岳政发〔2023〕5号",
            "A document number reads like 岳政发〔2023〕5号: issuer, year in brackets, serial, 号",
        )
    };
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let open = s.find(['〔', '[', '(', '（', '【', '［']).ok_or_else(bad)?;
    let issuer = &s[..open];
    let rest = &s[open..];
    let after_open = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    let close = after_open.find(['〕', ']', ')', '）', '】', '］']).ok_or_else(bad)?;
    let year = &after_open[..close];
    let tail = &after_open[close..];
    let tail = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
    let serial = tail.strip_suffix('号').ok_or_else(bad)?;
    let issuer_ok = (1..=12).contains(&issuer.chars().count())
        && issuer.chars().all(|c| !c.is_ascii_punctuation() && !c.is_ascii_digit());
    let year_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) && ("1949".."2100").contains(&year);
    let serial = serial.trim_start_matches('0');
    let serial_ok = (1..=5).contains(&serial.len()) && serial.chars().all(|c| c.is_ascii_digit());
    if !(issuer_ok && year_ok && serial_ok) {
        return Err(bad());
    }
    Ok(format!("{issuer}〔{year}〕{serial}号"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_numbers_pass_as_written() {
        assert_eq!(normalize_number("岳政发〔2023〕5号").unwrap(), "岳政发〔2023〕5号");
        assert_eq!(normalize_number("岳政办发〔2022〕12号").unwrap(), "岳政办发〔2022〕12号");
    }

    #[test]
    fn half_width_and_other_brackets_are_written_full_width() {
        for typed in
            ["岳政发[2023]5号", "岳政发(2023)5号", "岳政发（2023）5号", "岳政发【2023】05号", " 岳政发 [2023] 5号 "]
        {
            assert_eq!(normalize_number(typed).unwrap(), "岳政发〔2023〕5号", "{typed}");
        }
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for typed in [
            "",
            "岳政发2023年5号",
            "〔2023〕5号",
            "岳政发〔23〕5号",
            "岳政发〔2023〕5",
            "岳政发〔2023〕号",
            "岳政发〔2023〕x号",
            "岳政发〔3023〕5号",
        ] {
            assert!(normalize_number(typed).is_err(), "{typed}");
        }
    }
}
