//! The fellow form as a page: the typed record, its choices, each field's
//! error, a warning of likely duplicates, and (after a conflict) what the
//! other person saved.

use super::form::{Choices, Input, PERSONAL, Typed, choices, field_errors, masked};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::fellows::{Category, FellowStatus, FormError, Gender};
use guichao_store::fellows::{DuplicateHit, FellowView};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "fellows/form.html")]
struct FormPage {
    ctx: Ctx,
    /// The fellow being edited; `None` for a new one.
    stored: Option<FellowView>,
    typed: Typed,
    choices: Choices,
    errors: HashMap<&'static str, String>,
    /// A message about the whole form (a conflict, a rule the store enforces).
    error: Option<String>,
    duplicates: Vec<DuplicateHit>,
    /// After a conflict: the record as the other person saved it.
    theirs: Option<FellowView>,
}

impl FormPage {
    fn input(&self, name: &'static str, max: usize) -> Input {
        let lang = self.ctx.lang;
        let mut input = Input::new(name, max, lang);
        input.value = self.typed.value(name).to_string();
        input.error = self.errors.get(name).cloned();
        if let Some(theirs) = &self.theirs {
            let now = super::form::Typed::from_view(theirs);
            let value = now.value(name);
            if value != input.value && !PERSONAL.iter().any(|(n, _)| *n == name) {
                input.theirs =
                    Some(if value.is_empty() { lang.pick("（空）", "(empty)").to_string() } else { value.into() });
            }
        }
        input
    }

    fn basic_inputs(&self) -> Vec<Input> {
        let mut name = self.input("name", 30);
        name.required = true;
        name.hint = self.ctx.t("按身份证上的写法，姓在前", "As on the ID card, surname first");
        let mut birth = self.input("birth_date", 20);
        birth.placeholder = "1975-03-05".into();
        birth.hint = self
            .ctx
            .t("可只写年月，如 1975.03；填写身份证号后可不填", "Year and month are enough; optional with an ID number");
        vec![name, birth]
    }

    fn work_inputs(&self) -> Vec<Input> {
        let mut city = self.input("city", 30);
        city.placeholder = self.ctx.t("如 深圳", "e.g. Shenzhen").into();
        vec![
            self.input("province", 20),
            city,
            self.input("district", 30),
            self.input("employer", 100),
            self.input("title", 50),
            self.input("industry", 50),
        ]
    }

    fn contact_inputs(&self) -> Vec<Input> {
        let lang = self.ctx.lang;
        PERSONAL
            .iter()
            .map(|(name, field)| {
                let mut input = self.input(name, 60);
                (input.kind, input.mode) = match *name {
                    "phone" => ("tel", "tel"),
                    "email" => ("email", "email"),
                    _ => ("text", ""),
                };
                if let Some(shown) = self.stored.as_ref().and_then(|s| masked(s, *field)) {
                    input.placeholder = shown.to_string();
                    input.hint = lang.pick("留空则保持不变", "Leave empty to keep it");
                    input.clearable = true;
                    input.cleared = self.typed.clear.contains(field);
                }
                input
            })
            .collect()
    }

    fn tags_input(&self) -> Input {
        let mut tags = self.input("tags", 500);
        tags.hint = self.ctx.t("用空格、逗号或顿号分隔", "Separate with spaces or commas");
        tags
    }

    fn source_input(&self) -> Input {
        let mut source = self.input("source", 50);
        source.placeholder = self.ctx.t("如 乡镇摸排、商会推荐", "e.g. township survey").into();
        source
    }

    fn categories(&self) -> Vec<(&'static str, &'static str, bool)> {
        let chosen =
            Category::parse(&self.typed.form.category).or_else(|| Category::from_words(&self.typed.form.category));
        Category::ALL.iter().map(|c| (c.code(), c.label(self.ctx.lang), chosen == Some(*c))).collect()
    }

    fn genders(&self) -> Vec<(&'static str, &'static str, bool)> {
        let chosen = Gender::parse(&self.typed.form.gender);
        Gender::ALL.iter().map(|g| (g.code(), g.label(self.ctx.lang), chosen == Some(*g))).collect()
    }

    fn statuses(&self) -> Vec<(&'static str, &'static str, bool)> {
        let chosen = FellowStatus::parse(&self.typed.form.status).unwrap_or(FellowStatus::Active);
        FellowStatus::ALL.iter().map(|s| (s.code(), s.label(self.ctx.lang), chosen == *s)).collect()
    }

    fn err(&self, name: &str) -> Option<&String> {
        self.errors.get(name)
    }

    /// Every field error, in the form's order, for the summary at the top.
    fn summary(&self) -> Vec<(&'static str, String)> {
        const ORDER: [&str; 19] = [
            "name",
            "gender",
            "birth_date",
            "category",
            "township_id",
            "province",
            "city",
            "district",
            "employer",
            "title",
            "industry",
            "phone",
            "id_number",
            "wechat",
            "email",
            "tags",
            "status",
            "source",
            "notes",
        ];
        ORDER.iter().filter_map(|f| self.errors.get(f).map(|m| (*f, m.clone()))).collect()
    }

    fn selected_township(&self, id: &Uuid) -> bool {
        self.typed.form.township_id == id.to_string()
    }

    fn selected_village(&self, id: &Uuid) -> bool {
        self.typed.form.village_id == id.to_string()
    }

    fn reasons(&self, hit: &DuplicateHit) -> String {
        hit.reasons.iter().map(|r| r.label(self.ctx.lang)).collect::<Vec<_>>().join(self.ctx.t("、", ", "))
    }

    fn action(&self) -> String {
        match &self.stored {
            Some(f) => format!("/fellows/{}/edit", f.id),
            None => "/fellows/new".into(),
        }
    }
}

/// What went wrong on a submit, to show with the form.
#[derive(Default)]
pub struct Outcome {
    pub status: Option<StatusCode>,
    pub errors: Vec<FormError>,
    pub error: Option<String>,
    pub duplicates: Vec<DuplicateHit>,
    pub theirs: Option<FellowView>,
}

pub async fn render(
    state: &AppState,
    user: &PageUser,
    stored: Option<FellowView>,
    typed: Typed,
    outcome: Outcome,
) -> PageResult<Response> {
    let choices = choices(state, &user.actor, &typed).await?;
    let status = outcome.status.unwrap_or(if outcome.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    });
    let page = FormPage {
        ctx: Ctx::new(user, "/fellows"),
        stored,
        typed,
        choices,
        errors: field_errors(&outcome.errors, user.lang),
        error: outcome.error,
        duplicates: outcome.duplicates,
        theirs: outcome.theirs,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}
