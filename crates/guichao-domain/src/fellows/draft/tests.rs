use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn form() -> FellowForm {
    FellowForm {
        name: "張三".into(),
        category: "企业家".into(),
        township_id: Uuid::nil().to_string(),
        ..Default::default()
    }
}

#[test]
fn a_minimal_form_parses_and_keeps_the_name_as_written() {
    let d = form().parse(today()).unwrap();
    assert_eq!(d.name, "張三");
    assert_eq!(d.category, Category::IndustryCommerce);
    assert_eq!(d.status, FellowStatus::Active);
    assert!(d.phone.is_none() && d.birth_date.is_none());
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let f = FellowForm {
        name: String::new(),
        category: "外星人".into(),
        township_id: "x".into(),
        phone: "12345".into(),
        birth_date: "明年".into(),
        ..form()
    };
    let errors = f.parse(today()).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    for field in ["name", "category", "township_id", "phone", "birth_date"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert!(errors.iter().all(|e| !e.message.zh.is_empty()));
}

#[test]
fn birth_dates_are_read_as_people_write_them() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    for (text, want) in [
        ("1975-03-05", d(1975, 3, 5)),
        ("1975/3/5", d(1975, 3, 5)),
        ("1975.3.5", d(1975, 3, 5)),
        ("1975年3月5日", d(1975, 3, 5)),
        ("19750305", d(1975, 3, 5)),
        ("1975.03", d(1975, 3, 1)),
        ("1975年3月", d(1975, 3, 1)),
        ("１９７５－３－５", d(1975, 3, 5)),
    ] {
        assert_eq!(parse_birth_date(text, today()), Ok(want), "{text}");
    }
    for bad in ["1975", "1975-13-01", "1899-01-01", "2027-01-01", "abc", "1975-02-30"] {
        assert!(parse_birth_date(bad, today()).is_err(), "{bad}");
    }
}

#[test]
fn tags_are_split_on_the_usual_separators() {
    let d = FellowForm { tags: "电子, 深圳、 商会；顾问".into(), ..form() }.parse(today()).unwrap();
    assert_eq!(d.tags, vec!["电子", "深圳", "商会", "顾问"]);
}

#[test]
fn limits_hold() {
    let f = FellowForm { employer: "很".repeat(101), ..form() };
    assert_eq!(f.parse(today()).unwrap_err()[0].field, "employer");
}
