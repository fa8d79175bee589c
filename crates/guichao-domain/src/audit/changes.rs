//! An event's before and after images as a table people read: one row per
//! field that changed (or that a new record holds), with the field's label,
//! codes as their labels and ids as the names they stand for.

use super::AuditAction;
use super::fields::{field_label, shown_keys};
use crate::Lang;
use crate::areas::Area;
use crate::chambers::{ChamberKind, MemberPosition};
use crate::date::china_time;
use crate::fellows::{Category, CompanyRole, FellowStatus, Gender, HeldRole, RelationKind};
use crate::liaison::{ContactKind, LiaisonLevel};
use crate::org::UnitLevel;
use crate::park::Zoning;
use crate::projects::{FundEvidence, ProjectKind, ProjectRole, ProjectSource, Stage};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// One row of the before → after table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// The rows of an event's before → after table. `name_of` names an id the
/// images hold (a unit, a user, a fellow the reader may see, a chamber, a
/// role) or answers `None`; an id it cannot name shows as not shown, never as
/// the id.
pub fn changes(
    action: AuditAction,
    detail: &Value,
    lang: Lang,
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<Change> {
    let (before, after) = (&detail["before"], &detail["after"]);
    let (b_obj, a_obj) = (before.as_object(), after.as_object());
    if b_obj.is_none() && a_obj.is_none() {
        return Vec::new();
    }
    let show = |v: Option<&Value>, key: &str| v.map(|v| value(action, key, v, lang, &name_of)).unwrap_or_default();
    let mut rows: Vec<Change> = Vec::new();
    for key in shown_keys(action) {
        let (b, a) = (b_obj.and_then(|o| o.get(key)), a_obj.and_then(|o| o.get(key)));
        if b.is_none() && a.is_none() || (b_obj.is_some() && a_obj.is_some() && b == a) {
            continue;
        }
        let field = field_label(action, key, lang).expect("shown keys have labels");
        let (before, after) = (show(b, key), show(a, key));
        if before.is_empty() && after.is_empty() {
            continue;
        }
        rows.push(Change { field, before, after });
    }
    rows
}

/// A stored value as people read it.
fn value(action: AuditAction, key: &str, v: &Value, lang: Lang, name_of: &impl Fn(&str) -> Option<String>) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" }).to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| value(action, key, i, lang, name_of)).collect();
            parts.join(lang.pick("、", ", "))
        }
        Value::String(s) if Uuid::parse_str(s).is_ok() => {
            name_of(s).unwrap_or_else(|| lang.pick("（无权查看或已删除）", "(not shown or removed)").to_string())
        }
        Value::String(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(at) => china_time(at.with_timezone(&Utc)).format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => code_label(action, key, s, lang).map_or_else(|| s.clone(), str::to_string),
        },
        Value::Object(_) => String::new(),
    }
}

/// The label of a vocabulary code, by the field that holds it.
fn code_label(action: AuditAction, key: &str, code: &str, lang: Lang) -> Option<&'static str> {
    use AuditAction::*;
    match (key, action.area()) {
        ("category", _) => Category::parse(code).map(|c| c.label(lang)),
        ("gender", _) => Gender::parse(code).map(|g| g.label(lang)),
        ("status", Area::Fellows) => FellowStatus::parse(code).map(|s| s.label(lang)),
        ("position", _) => MemberPosition::parse(code).map(|p| p.label(lang)),
        ("kind", Area::Chambers) => ChamberKind::parse(code).map(|k| k.label(lang)),
        ("kind", Area::Liaison) => ContactKind::parse(code).map(|k| k.label(lang)),
        ("kind", Area::Projects) => ProjectKind::parse(code).map(|k| k.label(lang)),
        ("source", Area::Projects) => ProjectSource::parse(code).map(|s| s.label(lang)),
        ("stage", Area::Projects) => Stage::parse(code).map(|s| s.label(lang)),
        ("evidence", Area::Projects) => FundEvidence::parse(code).map(|e| e.label(lang)),
        ("role", Area::Projects) => ProjectRole::parse(code).map(|r| r.label(lang)),
        ("zoning", Area::Projects) => Zoning::parse(code).map(|z| z.label(lang)),
        ("status", Area::Projects) => crate::agency::TaskStatus::parse(code).map(|s| s.label(lang)),
        ("segment", Area::Projects) => crate::chains::Segment::parse(code).map(|s| s.label(lang)),
        ("kind", _) => RelationKind::parse(code).map(|k| k.label(lang)),
        ("level", Area::Liaison) => LiaisonLevel::parse(code).map(|l| l.label(lang)),
        ("level", _) => UnitLevel::parse(code).map(|l| l.label(lang)),
        ("role", _) if matches!(action, FellowCompanyLink | FellowCompanyUnlink) => {
            CompanyRole::parse(code).map(|r| r.label(lang))
        }
        ("role", _) => HeldRole::parse(code).map(|r| r.label(lang)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOWN: &str = "0190a0a0-0000-7000-8000-000000000001";
    const VILLAGE: &str = "0190a0a0-0000-7000-8000-000000000002";
    const AWAY: &str = "0190a0a0-0000-7000-8000-000000000003";

    fn names(id: &str) -> Option<String> {
        match id {
            TOWN => Some("新墙镇".into()),
            VILLAGE => Some("新墙村".into()),
            _ => None,
        }
    }

    #[test]
    fn an_edit_shows_the_changed_fields_with_labels_and_names() {
        let detail = json!({
            "before": {"name": "张三", "category": "industry_commerce", "unit_id": TOWN, "township_id": TOWN,
                       "village_id": null, "phone": "138****5678", "tags": ["老乡"], "version": 1},
            "after": {"name": "张三", "category": "culture_education_arts", "unit_id": VILLAGE, "township_id": TOWN,
                      "village_id": VILLAGE, "phone": "139****0000", "tags": ["老乡", "回乡"], "version": 2},
        });
        let rows = changes(AuditAction::FellowUpdate, &detail, Lang::Zh, names);
        let cells: Vec<(&str, &str, &str)> =
            rows.iter().map(|r| (r.field, r.before.as_str(), r.after.as_str())).collect();
        let category_before = Category::parse("industry_commerce").unwrap().label(Lang::Zh);
        let category_after = Category::parse("culture_education_arts").unwrap().label(Lang::Zh);
        assert_eq!(
            cells,
            [
                ("类别", category_before, category_after),
                ("村（社区）", "", "新墙村"),
                ("手机", "138****5678", "139****0000"),
                ("标签", "老乡", "老乡、回乡"),
            ]
        );
    }

    #[test]
    fn a_new_record_lists_what_it_holds_and_no_raw_id() {
        let detail = json!({"after": {"name": "李四", "gender": "male", "township_id": AWAY, "version": 1,
                                      "archived_at": null, "consent": true}});
        let rows = changes(AuditAction::FellowCreate, &detail, Lang::Zh, names);
        let fields: Vec<&str> = rows.iter().map(|r| r.field).collect();
        assert_eq!(fields, ["姓名", "性别", "所属乡镇", "本人同意登记"]);
        assert!(rows.iter().all(|r| r.before.is_empty() && !r.after.contains(AWAY)), "{rows:?}");
        assert_eq!(rows[1].after, Gender::parse("male").unwrap().label(Lang::Zh));
        assert_eq!(rows[2].after, "（无权查看或已删除）");
    }

    #[test]
    fn a_gift_hand_out_reads_with_its_gift_and_quantity() {
        let detail = json!({"fellow": AWAY, "hand_out": AWAY, "ticked": true,
                            "after": {"fellow": "张一", "gift": "家乡特产礼盒", "quantity": 2, "day": "2025-01-20", "note": ""}});
        let rows = changes(AuditAction::GiftHandOut, &detail, Lang::Zh, names);
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.field, r.after.as_str())).collect();
        assert_eq!(cells, [("乡友", "张一"), ("日期", "2025-01-20"), ("慰问物资", "家乡特产礼盒"), ("数量", "2")]);
    }

    #[test]
    fn vocabularies_read_by_their_area() {
        let chamber = json!({"before": {"kind": "remote"}, "after": {"kind": "township"}});
        let rows = changes(AuditAction::ChamberUpdate, &chamber, Lang::En, names);
        assert_eq!(rows[0].field, "Kind");
        assert_eq!(rows[0].after, ChamberKind::parse("township").unwrap().label(Lang::En));
        let user = json!({"before": {"active": true, "display_name": "王五"}, "after": {"active": false, "display_name": "王五"}});
        let rows = changes(AuditAction::UserUpdate, &user, Lang::Zh, names);
        assert_eq!(rows, [Change { field: "启用", before: "是".into(), after: "否".into() }]);
    }

    #[test]
    fn project_codes_read_as_their_labels() {
        let event = json!({"after": {"stage": "signed", "on": "2023-06-01", "note": "", "supersedes": null}});
        let rows = changes(AuditAction::ProjectEvent, &event, Lang::Zh, names);
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.field, r.after.as_str())).collect();
        assert_eq!(cells, [("阶段", "签约"), ("日期", "2023-06-01")]);
        let link = json!({"after": {"project_id": AWAY, "project": "汽车内饰项目", "role": "introducer"}});
        let rows = changes(AuditAction::ProjectFellowLink, &link, Lang::Zh, names);
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.field, r.after.as_str())).collect();
        assert_eq!(cells, [("项目", "汽车内饰项目"), ("角色", "引荐")], "a project role, not a held role");
        let funds = json!({"after": {"evidence": "bank_receipt", "amount_fen": 100}});
        let rows = changes(AuditAction::ProjectFunds, &funds, Lang::En, names);
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.field, r.after.as_str())).collect();
        assert_eq!(cells, [("Amount (fen)", "100"), ("Evidence", "Bank receipt")]);
    }

    #[test]
    fn agency_statuses_read_as_their_labels() {
        let entry =
            json!({"after": {"project": "汽车内饰件项目", "task": "环评", "status": "waiting", "on": "2026-12-01"}});
        let rows = changes(AuditAction::AgencyTaskStatus, &entry, Lang::Zh, names);
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.field, r.after.as_str())).collect();
        assert_eq!(
            cells,
            [("项目", "汽车内饰件项目"), ("日期", "2026-12-01"), ("代办事项", "环评"), ("办理状态", "待企业补件")]
        );
    }

    #[test]
    fn times_show_in_china_and_events_without_images_have_no_rows() {
        let archived = json!({"before": {"archived_at": null}, "after": {"archived_at": "2026-01-01T17:30:00Z"}});
        let rows = changes(AuditAction::FellowUpdate, &archived, Lang::Zh, names);
        assert_eq!(rows[0].after, "2026-01-02 01:30");
        assert!(changes(AuditAction::FellowExport, &json!({"rows": 3}), Lang::Zh, names).is_empty());
        assert!(changes(AuditAction::Login, &Value::Null, Lang::Zh, names).is_empty());
    }
}
