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
fn tags_are_split_on_the_usual_separators() {
    let d = FellowForm { tags: "电子, 深圳、 商会；顾问".into(), ..form() }.parse(today()).unwrap();
    assert_eq!(d.tags, vec!["电子", "深圳", "商会", "顾问"]);
}

#[test]
fn limits_hold() {
    let f = FellowForm { employer: "很".repeat(101), ..form() };
    assert_eq!(f.parse(today()).unwrap_err()[0].field, "employer");
}

/// A text field of the form, reached by its name.
type Field = fn(&mut FellowForm) -> &mut String;

#[test]
fn control_characters_are_refused_in_every_text_field() {
    let fields: [(&str, Field); 11] = [
        ("name", |f| &mut f.name),
        ("province", |f| &mut f.province),
        ("city", |f| &mut f.city),
        ("district", |f| &mut f.district),
        ("employer", |f| &mut f.employer),
        ("title", |f| &mut f.title),
        ("industry", |f| &mut f.industry),
        ("source", |f| &mut f.source),
        ("notes", |f| &mut f.notes),
        ("tags", |f| &mut f.tags),
        ("phone", |f| &mut f.phone),
    ];
    for (field, text) in fields {
        let mut f = form();
        text(&mut f).push_str("深圳\u{0}南山");
        let errors = f.parse(today()).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), [field], "{field}");
    }
    let errors = FellowForm { employer: "华为\n技术".into(), ..form() }.parse(today()).unwrap_err();
    assert_eq!(errors[0].message.zh, "工作单位不能包含换行、制表符等控制字符");
    let errors = FellowForm { notes: "见面\u{1b}[2J".into(), ..form() }.parse(today()).unwrap_err();
    assert_eq!(errors[0].message.zh, "备注不能包含控制字符");
}

#[test]
fn notes_may_span_lines() {
    let d = FellowForm { notes: "第一行\r\n第二行\t完".into(), ..form() }.parse(today()).unwrap();
    assert_eq!(d.notes, "第一行\r\n第二行\t完");
}
