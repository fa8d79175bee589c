use super::*;
use crate::date::excel::excel_serial;
use chrono::Datelike;
use proptest::prelude::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_forms_people_type_name_the_same_day() {
    for text in [
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024/03/05",
        "2024.3.5",
        "2024年3月5日",
        "2024年03月05日",
        "2024年3月5号",
        "2024 年 3 月 5 日",
        "20240305",
        "45356",
        "２０２４－０３－０５",
        "２０２４／３／５",
        "２０２４．３．５",
        "２０２４年３月５日",
        "2024—3—5",
        " 2024-03-05 ",
        "2024-03-05 00:00:00",
        "2024-03-05T08:30",
        "2024-03-05 08:30:00.000",
        "2024/3/5 8:30",
    ] {
        assert_eq!(parse_date(text), Ok(ymd(2024, 3, 5)), "{text}");
    }
}

#[test]
fn months_are_read_where_a_month_is_enough() {
    let march = Ok(DateText::Month { year: 2024, month: 3 });
    for text in ["2024-03", "2024-3", "2024/3", "2024.3", "2024.03", "2024年3月", "2024年3", "202403", "２０２４．０３"]
    {
        assert_eq!(parse_day_or_month(text), march, "{text}");
        assert_eq!(parse_date(text), Err(DateError::NoDay), "{text}");
    }
    assert_eq!(parse_day_or_month("2024.10").map(DateText::first_day), Ok(ymd(2024, 10, 1)));
    assert_eq!(parse_day_or_month("2024-03-05").map(DateText::first_day), Ok(ymd(2024, 3, 5)));
}

#[test]
fn what_is_not_a_date_says_why() {
    use DateError::*;
    for (text, why) in [
        ("", Empty),
        (" \u{3000} ", Empty),
        ("明年", Unreadable),
        ("2024", Unreadable),
        ("1980年", Unreadable),
        ("05/03/2024", Unreadable),
        ("24-3-5", Unreadable),
        ("2024-3/5", Unreadable),
        ("2024-03-05-01", Unreadable),
        ("2024年3月5日上午", Unreadable),
        ("2024-003-05", Unreadable),
        ("202435", NoSuchDate),
        ("2024035", Unreadable),
        ("09999", Unreadable),
        ("2024-02-30", NoSuchDate),
        ("2023-02-29", NoSuchDate),
        ("2024-13-01", NoSuchDate),
        ("2024-00-10", NoSuchDate),
        ("2024-3-0", NoSuchDate),
        ("0224-03-05", OutOfRange),
        ("2124-03-05", OutOfRange),
        ("18991231", OutOfRange),
        ("99999", OutOfRange),
        ("2024-03-05 25:61:00x", Unreadable),
        ("1.2.3.4.5.6.7.8", Unreadable),
    ] {
        assert_eq!(parse_day_or_month(text), Err(why), "{text:?}");
    }
    assert_eq!(parse_date("2024-02-29"), Ok(ymd(2024, 2, 29)));
}

#[test]
fn optional_dates_may_be_blank() {
    assert_eq!(parse_optional_date("  "), Ok(None));
    assert_eq!(parse_optional_date("2024/3/5"), Ok(Some(ymd(2024, 3, 5))));
    assert_eq!(parse_optional_date("2024/3"), Err(DateError::NoDay));
}

#[test]
fn eight_digits_are_never_a_serial_and_five_never_a_day() {
    // 19000101 would be serial 19000101 (year 53918); it is 1900-01-01.
    assert_eq!(parse_date("19000101"), Ok(ymd(1900, 1, 1)));
    // 27458 is a serial (1975-03-05), never 2745-08.
    assert_eq!(parse_date("27458"), Ok(ymd(1975, 3, 5)));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (*YEARS.start()..=*YEARS.end(), 1u32..=366)
        .prop_filter_map("a day of the year", |(y, d)| NaiveDate::from_yo_opt(y, d))
}

fn full_width(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

proptest! {
    #[test]
    fn every_form_of_a_date_reads_back(date in any_date()) {
        let (y, m, d) = (date.year(), date.month(), date.day());
        let mut forms = vec![
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}-{m}-{d}"),
            format!("{y}/{m}/{d}"),
            format!("{y}.{m}.{d}"),
            format!("{y}年{m}月{d}日"),
            format!("{y}年{m:02}月{d:02}号"),
            format!("{y}{m:02}{d:02}"),
            format!("{y}-{m:02}-{d:02} 00:00:00"),
            full_width(&format!("{y}/{m}/{d}")),
            full_width(&format!("{y}{m:02}{d:02}")),
        ];
        if let Some(serial) = excel_serial(date) {
            forms.push(serial.to_string());
        }
        for text in forms {
            prop_assert_eq!(parse_date(&text), Ok(date), "{}", text);
        }
        let month = Ok(DateText::Month { year: y, month: m });
        for text in [format!("{y}-{m:02}"), format!("{y}.{m}"), format!("{y}年{m}月"), format!("{y}{m:02}")] {
            prop_assert_eq!(parse_day_or_month(&text), month, "{}", text);
        }
    }

    #[test]
    fn any_text_is_read_or_refused_without_panic(text in "\\PC{0,24}") {
        if let Ok(read) = parse_day_or_month(&text) {
            prop_assert!(YEARS.contains(&read.first_day().year()), "{}", text);
        }
    }

    #[test]
    fn digit_strings_are_read_by_their_length(digits in "[0-9]{1,10}") {
        let read = parse_day_or_month(&digits);
        match digits.len() {
            5 | 6 | 8 => {}
            _ => prop_assert_eq!(read, Err(DateError::Unreadable)),
        }
        if let Ok(DateText::Day(day)) = read && digits.len() == 8 {
            prop_assert_eq!(day.format("%Y%m%d").to_string(), digits);
        }
    }
}
