//! The workbench's forms as typed: kept as text so a refused form shows
//! again with what the user wrote, and read into the domain's drafts with
//! each unreadable field refused under its own name.

use crate::extract::FormData;
use chrono::NaiveDate;
use guichao_domain::agency::{ChecklistItem, DEFAULT_GRACE_DAYS, NewStatus, ProblemDraft, TaskDraft, TaskStatus};
use guichao_domain::date::parse_date;
use guichao_domain::fellows::FormError;
use uuid::Uuid;

/// A required date, refused under `field` in words naming it.
fn date(text: &str, field: &'static str, zh: &str, en: &str) -> Result<NaiveDate, FormError> {
    parse_date(text).map_err(|e| FormError { field, message: e.msg(zh, en, text) })
}

/// An optional id chosen from a list; anything else is refused under `field`.
fn id(text: &str, field: &'static str) -> Result<Option<Uuid>, FormError> {
    match text.trim() {
        "" => Ok(None),
        t => Uuid::parse_str(t)
            .map(Some)
            .map_err(|_| FormError::new(field, "请从列表中选择", "Choose one from the list")),
    }
}

/// A whole number of days, refused under `field`.
fn whole_days(text: &str, field: &'static str) -> Result<i32, FormError> {
    text.trim().parse().map_err(|_| FormError::new(field, "请填写天数（整数）", "Enter a whole number of days"))
}

/// Collects the fields' results: every refusal, or the values.
macro_rules! fields {
    ($($name:ident = $value:expr;)+) => {
        let mut errors: Vec<FormError> = Vec::new();
        $(let $name = $value.map_err(|e| errors.push(e)).ok();)+
        if !errors.is_empty() {
            return Err(errors);
        }
        $(let $name = $name.expect("no refusal, so a value");)+
    };
}

/// Adding a task by hand.
#[derive(Debug, Clone, Default)]
pub struct TaskForm {
    pub name: String,
    pub due: String,
    pub owner_unit_id: String,
    pub owner_user_id: String,
    pub grace_days: String,
}

impl TaskForm {
    pub fn new() -> TaskForm {
        TaskForm { grace_days: DEFAULT_GRACE_DAYS.to_string(), ..Default::default() }
    }

    pub fn from_form(f: &FormData) -> TaskForm {
        TaskForm {
            name: f.get("name"),
            due: f.get("due"),
            owner_unit_id: f.get("owner_unit_id"),
            owner_user_id: f.get("owner_user_id"),
            grace_days: f.get("grace_days"),
        }
    }

    pub fn draft(&self) -> Result<TaskDraft, Vec<FormError>> {
        fields! {
            due = date(&self.due, "due", "到期日期", "due date");
            owner_unit_id = id(&self.owner_unit_id, "owner_unit_id");
            owner_user_id = id(&self.owner_user_id, "owner_user_id");
            grace_days = whole_days(&self.grace_days, "grace_days");
        }
        Ok(TaskDraft { name: self.name.clone(), due, owner_unit_id, owner_user_id, grace_days })
    }
}

/// A task's next status entry.
#[derive(Debug, Clone, Default)]
pub struct StatusForm {
    pub status: String,
    pub on: String,
    pub note: String,
}

impl StatusForm {
    pub fn from_form(f: &FormData) -> StatusForm {
        StatusForm { status: f.get("status"), on: f.get("on"), note: f.get("note") }
    }

    pub fn entry(&self) -> Result<NewStatus<'_>, Vec<FormError>> {
        fields! {
            status = TaskStatus::parse(self.status.trim())
                .ok_or_else(|| FormError::new("status", "请选择办理状态", "Choose a status"));
            on = date(&self.on, "on", "办理日期", "date");
        }
        Ok(NewStatus { status, on, note: &self.note })
    }
}

/// A problem the enterprise raised.
#[derive(Debug, Clone, Default)]
pub struct ProblemForm {
    pub raised_on: String,
    pub text: String,
    pub owner_unit_id: String,
    pub owner_user_id: String,
    pub deadline: String,
}

impl ProblemForm {
    pub fn new(today: NaiveDate) -> ProblemForm {
        ProblemForm { raised_on: today.to_string(), ..Default::default() }
    }

    pub fn from_form(f: &FormData) -> ProblemForm {
        ProblemForm {
            raised_on: f.get("raised_on"),
            text: f.get("text"),
            owner_unit_id: f.get("owner_unit_id"),
            owner_user_id: f.get("owner_user_id"),
            deadline: f.get("deadline"),
        }
    }

    pub fn draft(&self) -> Result<ProblemDraft, Vec<FormError>> {
        fields! {
            raised_on = date(&self.raised_on, "raised_on", "提出日期", "day raised");
            deadline = date(&self.deadline, "deadline", "办结时限", "deadline");
            owner_unit_id = id(&self.owner_unit_id, "owner_unit_id");
            owner_user_id = id(&self.owner_user_id, "owner_user_id");
        }
        Ok(ProblemDraft { raised_on, text: self.text.clone(), owner_unit_id, owner_user_id, deadline })
    }
}

/// A problem's resolution.
#[derive(Debug, Clone, Default)]
pub struct ResolveForm {
    pub resolution: String,
    pub resolved_on: String,
}

impl ResolveForm {
    pub fn from_form(f: &FormData) -> ResolveForm {
        ResolveForm { resolution: f.get("resolution"), resolved_on: f.get("resolved_on") }
    }

    pub fn day(&self) -> Result<NaiveDate, Vec<FormError>> {
        date(&self.resolved_on, "resolved_on", "办结日期", "day resolved").map_err(|e| vec![e])
    }
}

/// A checklist item to add.
#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub name: String,
    pub owner_unit_id: String,
    pub days: String,
    pub grace_days: String,
}

impl ItemForm {
    pub fn new() -> ItemForm {
        ItemForm { days: "30".into(), grace_days: DEFAULT_GRACE_DAYS.to_string(), ..Default::default() }
    }

    pub fn from_form(f: &FormData) -> ItemForm {
        ItemForm {
            name: f.get("name"),
            owner_unit_id: f.get("owner_unit_id"),
            days: f.get("days"),
            grace_days: f.get("grace_days"),
        }
    }

    pub fn item(&self) -> Result<ChecklistItem, Vec<FormError>> {
        fields! {
            owner_unit_id = id(&self.owner_unit_id, "owner_unit_id");
            days = whole_days(&self.days, "days");
            grace_days = whole_days(&self.grace_days, "grace_days");
        }
        Ok(ChecklistItem { name: self.name.clone(), owner_unit_id, days, grace_days })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unreadable_field_is_refused_under_its_name() {
        let form = TaskForm {
            name: "环评".into(),
            due: "明天".into(),
            owner_unit_id: "x".into(),
            grace_days: "七".into(),
            ..TaskForm::new()
        };
        let errors = form.draft().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["due", "owner_unit_id", "grace_days"]);
        assert!(errors[0].message.zh.starts_with("到期日期“明天”无法识别"), "{}", errors[0].message.zh);
        let ok = TaskForm { name: "环评".into(), due: "2026年12月31日".into(), ..TaskForm::new() }.draft().unwrap();
        assert_eq!(
            (ok.due, ok.grace_days, ok.owner_unit_id),
            (NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), 7, None)
        );
    }

    #[test]
    fn a_status_needs_a_known_code_and_a_date() {
        let bad = StatusForm { status: "finished".into(), on: "".into(), note: String::new() };
        assert_eq!(bad.entry().unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>(), ["status", "on"]);
        let good = StatusForm { status: "waiting".into(), on: "2026/12/1".into(), note: "缺图纸".into() };
        assert_eq!(good.entry().unwrap().status, TaskStatus::Waiting);
    }
}
