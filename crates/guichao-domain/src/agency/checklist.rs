//! Checklist templates (代办清单): per project kind, the ordered approvals a
//! project of that kind goes through, each with a default owner unit, how
//! many days after its base date it is due, and its grace days. Until a
//! county edits a kind's template, [`default_checklist`] applies.
//!
//! Applying a template to a project creates one task per item. An item is
//! due `days` after the base date: the project's signing date when it has
//! been signed, otherwise the day the template is applied. Items whose name
//! the project already has as a task are skipped, so applying again after
//! the county adds an item creates only the new one.

use super::task::check_grace;
use super::{TASK_NAME, TaskDraft};
use crate::fellows::FormError;
use chrono::{Days, NaiveDate};
use std::collections::HashSet;
use uuid::Uuid;

/// The most items a template may hold.
pub const MAX_ITEMS: usize = 50;
/// The latest an item may fall due: ten years after its base date.
pub const MAX_DAYS: i32 = 3650;

/// One item of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub name: String,
    /// The unit that usually handles it.
    pub owner_unit_id: Option<Uuid>,
    /// Days after the base date it is due.
    pub days: i32,
    pub grace_days: i32,
}

impl ChecklistItem {
    fn new(name: &str, days: i32, grace_days: i32) -> ChecklistItem {
        ChecklistItem { name: name.into(), owner_unit_id: None, days, grace_days }
    }

    /// The task this item makes for a project whose base date is `base`.
    pub fn task(&self, base: NaiveDate) -> TaskDraft {
        TaskDraft {
            name: self.name.clone(),
            due: due_on(base, self.days),
            owner_unit_id: self.owner_unit_id,
            owner_user_id: None,
            grace_days: self.grace_days,
        }
    }
}

/// The built-in template, the same for every kind: the approvals of a
/// typical industrial project in the order they are usually sought, due
/// counted from the signing.
pub fn default_checklist() -> Vec<ChecklistItem> {
    vec![
        ChecklistItem::new("立项备案", 15, 7),
        ChecklistItem::new("用地预审", 30, 10),
        ChecklistItem::new("规划许可", 60, 15),
        ChecklistItem::new("施工许可", 90, 15),
        ChecklistItem::new("环评", 60, 15),
        ChecklistItem::new("能评", 60, 15),
        ChecklistItem::new("消防验收", 300, 30),
        ChecklistItem::new("营业执照", 30, 7),
        ChecklistItem::new("水电气接入", 240, 20),
    ]
}

/// A template as a county saves it: its items with names trimmed, or every
/// rule it breaks. Each message names the item (第3项) when there are
/// several; fields are `name`, `days`, `grace_days` or `items` (the list).
pub fn check_checklist(items: Vec<ChecklistItem>) -> Result<Vec<ChecklistItem>, Vec<FormError>> {
    if items.is_empty() {
        return Err(vec![FormError::new("items", "清单至少需要一项", "A checklist needs at least one item")]);
    }
    if items.len() > MAX_ITEMS {
        return Err(vec![FormError::new(
            "items",
            format!("清单最多 {MAX_ITEMS} 项"),
            format!("A checklist holds at most {MAX_ITEMS} items"),
        )]);
    }
    let several = items.len() > 1;
    let mut errors = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut checked = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let n = i + 1;
        let label = |e: FormError| {
            if several {
                FormError::new(e.field, format!("第{n}项：{}", e.message.zh), format!("Item {n}: {}", e.message.en))
            } else {
                e
            }
        };
        let name = match TASK_NAME.check(&item.name) {
            Ok(name) => name,
            Err(message) => {
                errors.push(label(FormError { field: "name", message }));
                String::new()
            }
        };
        if let Some(m) = seen.iter().position(|s| !name.is_empty() && *s == name) {
            errors.push(FormError::new(
                "name",
                format!("第{n}项“{name}”与第{}项重名", m + 1),
                format!("Item {n} ({name}) has the same name as item {}", m + 1),
            ));
        }
        if !(0..=MAX_DAYS).contains(&item.days) {
            errors.push(label(FormError::new(
                "days",
                format!("期限天数应在 0 到 {MAX_DAYS} 之间"),
                format!("Days are 0 to {MAX_DAYS}"),
            )));
        }
        if let Err(e) = check_grace(item.grace_days) {
            errors.push(label(e));
        }
        seen.push(name.clone());
        checked.push(ChecklistItem { name, ..item });
    }
    if errors.is_empty() { Ok(checked) } else { Err(errors) }
}

/// The day the items of a project are counted from: its signing date, else
/// the day the template is applied.
pub fn base_date(signed: Option<NaiveDate>, applied_on: NaiveDate) -> NaiveDate {
    signed.unwrap_or(applied_on)
}

/// `days` after `base`.
pub fn due_on(base: NaiveDate, days: i32) -> NaiveDate {
    base.checked_add_days(Days::new(u64::from(days.max(0).unsigned_abs()))).unwrap_or(NaiveDate::MAX)
}

/// The items of `template` the project does not have yet, by task name.
pub fn to_apply<'a>(template: &'a [ChecklistItem], existing: &[String]) -> Vec<&'a ChecklistItem> {
    let have: HashSet<&str> = existing.iter().map(|n| n.trim()).collect();
    template.iter().filter(|item| !have.contains(item.name.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_default_lists_the_usual_approvals_and_keeps_its_own_rules() {
        let names: Vec<String> = default_checklist().into_iter().map(|i| i.name).collect();
        assert_eq!(
            names,
            ["立项备案", "用地预审", "规划许可", "施工许可", "环评", "能评", "消防验收", "营业执照", "水电气接入"]
        );
        assert_eq!(check_checklist(default_checklist()), Ok(default_checklist()));
    }

    #[test]
    fn items_are_due_from_the_signing_else_from_the_day_applied() {
        let applied = day(2026, 12, 7);
        assert_eq!(base_date(Some(day(2026, 3, 1)), applied), day(2026, 3, 1));
        assert_eq!(base_date(None, applied), applied);
        let task = ChecklistItem::new("环评", 60, 15).task(day(2026, 3, 1));
        assert_eq!((task.due, task.grace_days, task.name.as_str()), (day(2026, 4, 30), 15, "环评"));
        assert_eq!(due_on(day(2026, 3, 1), 0), day(2026, 3, 1));
    }

    #[test]
    fn applying_again_skips_what_the_project_has() {
        let template = default_checklist();
        let all = to_apply(&template, &[]);
        assert_eq!(all.len(), 9);
        let rest = to_apply(&template, &["环评".to_string(), " 能评".to_string(), "自定事项".to_string()]);
        assert_eq!(rest.len(), 7);
        assert!(rest.iter().all(|i| i.name != "环评" && i.name != "能评"));
        let names: Vec<String> = template.iter().map(|i| i.name.clone()).collect();
        assert!(to_apply(&template, &names).is_empty());
    }

    #[test]
    fn a_template_is_refused_item_by_item() {
        assert_eq!(check_checklist(vec![]).unwrap_err()[0].message.zh, "清单至少需要一项");
        let too_many = vec![ChecklistItem::new("事项", 1, 1); MAX_ITEMS + 1];
        assert_eq!(check_checklist(too_many).unwrap_err()[0].field, "items");
        let items = vec![
            ChecklistItem::new(" 立项备案 ", 15, 7),
            ChecklistItem::new("", 15, 7),
            ChecklistItem::new("立项备案", -1, 400),
        ];
        let errors = check_checklist(items).unwrap_err();
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.message.zh.as_str())).collect();
        assert_eq!(
            found,
            [
                ("name", "第2项：事项名称不能为空"),
                ("name", "第3项“立项备案”与第1项重名"),
                ("days", "第3项：期限天数应在 0 到 3650 之间"),
                ("grace_days", "第3项：宽限天数应在 0 到 365 之间"),
            ]
        );
        let one = check_checklist(vec![ChecklistItem::new("环评", 3651, 0)]).unwrap_err();
        assert_eq!(one[0].message.zh, "期限天数应在 0 到 3650 之间", "a single item needs no number");
        let trimmed = check_checklist(vec![ChecklistItem::new(" 环评 ", 0, 0)]).unwrap();
        assert_eq!(trimmed[0].name, "环评");
    }
}
