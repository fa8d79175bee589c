//! The contact form: a new record (`/liaison/contacts/new`, prefilled with
//! `?fellow=` from the quick entry on 我的联系 or a fellow's page) and its
//! save, and the page both the new and the edit form render. On a phone the
//! form's top is the kind, one line of notes and 保存; the rest is folded
//! under 更多. A search typed without script reloads the form with what was
//! typed (the search button sends the form by GET).

use super::choices::{self, Choices, Pick};
use super::fellow_names;
use super::form::ContactForm;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::liaison::ContactKind;
use guichao_store::StoreError;
use guichao_store::contacts::ContactRow;
use uuid::Uuid;

/// Fields that live under 更多: an error in one opens it.
const FOLDED: &[&str] = &[
    "date",
    "place",
    "fellow_ids",
    "cadre_ids",
    "chamber_id",
    "outcome",
    "follow_up_what",
    "follow_up_owner",
    "follow_up_due",
];

#[derive(Template)]
#[template(path = "contacts/form.html")]
pub(super) struct FormPage {
    ctx: Ctx,
    heading: &'static str,
    action: String,
    /// Where to go after saving: `mine` (我的联系), `fellow` (the fellow's page) or the record.
    back: String,
    form: ContactForm,
    choices: Choices,
    errors: Vec<FormError>,
    search: String,
    today: String,
    editing: bool,
    cancel: String,
}

impl FormPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn messages(&self) -> Vec<String> {
        self.errors.iter().map(|e| e.message.get(self.ctx.lang).to_string()).collect()
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str, bool)> {
        ContactKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang), self.form.kind == k.code())).collect()
    }

    /// The chosen fellows by name, for the form's first line.
    fn chosen(&self) -> String {
        let mut names: Vec<&str> =
            self.choices.fellows.iter().filter(|f| f.checked).map(|f| f.name.as_str()).collect::<Vec<_>>();
        let more = match (self.choices.unnamed, self.ctx.lang) {
            (0, _) => String::new(),
            (n, guichao_domain::Lang::Zh) => format!("另{n}位乡友"),
            (n, guichao_domain::Lang::En) => format!("{n} more"),
        };
        if !more.is_empty() {
            names.push(&more);
        }
        if names.is_empty() {
            return self.ctx.t("（请在“更多”中选择乡友）", "(choose fellows under More)").into();
        }
        names.join(self.ctx.lang.pick("、", ", "))
    }

    /// Where the form's search button reloads it (by GET).
    fn search_action(&self) -> &str {
        if self.editing { &self.action } else { "/liaison/contacts/new" }
    }

    /// Whether a chosen fellow is on the list of picks (the others are kept hidden).
    fn shown(&self, id: &str) -> bool {
        self.choices.fellows.iter().any(|f| f.id == id)
    }

    fn owners(&self) -> Vec<&Pick> {
        self.choices.cadres.iter().collect()
    }

    fn is_owner(&self, p: &Pick) -> bool {
        self.form.follow_up_owner == p.id
    }

    fn is_chamber(&self, id: &str) -> bool {
        self.form.chamber_id == id
    }

    /// Whether 更多 starts open: editing, no fellow chosen yet, a search, or
    /// an error under it.
    fn open_more(&self) -> bool {
        self.editing
            || !self.search.is_empty()
            || !self.choices.fellows.iter().any(|f| f.checked) && self.choices.unnamed == 0
            || self.errors.iter().any(|e| FOLDED.contains(&e.field))
    }
}

/// What a page form needs to render besides the typed values.
pub(super) struct Frame {
    pub heading: &'static str,
    pub action: String,
    pub back: String,
    pub cancel: String,
    pub record: Option<ContactRow>,
}

pub(super) async fn render_form(
    state: &AppState,
    user: &PageUser,
    frame: Frame,
    form: ContactForm,
    errors: Vec<FormError>,
    search: String,
) -> PageResult<Response> {
    let choices = choices::load(state, &user.actor, &form, frame.record.as_ref(), &search).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FormPage {
        ctx: Ctx::new(user, "/liaison"),
        heading: frame.heading,
        action: frame.action,
        back: frame.back,
        editing: frame.record.is_some(),
        cancel: frame.cancel,
        form,
        choices,
        errors,
        search,
        today: today().to_string(),
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A store refusal as field errors to show on the form; other errors pass.
pub(super) fn refused(e: StoreError) -> Result<Vec<FormError>, AppError> {
    match e {
        StoreError::Fields(f) => Ok(f),
        StoreError::Invalid(m) | StoreError::Conflict(m) => Ok(vec![FormError { field: "form", message: m }]),
        other => Err(other.into()),
    }
}

/// The typed form of a query that carries one (a search from the form), else `fresh`.
pub(super) fn typed_or(query: &FormData, fresh: impl FnOnce() -> ContactForm) -> ContactForm {
    if query.has("kind") { ContactForm::from_form(query) } else { fresh() }
}

/// `GET /liaison/contacts/new?fellow=<id>`: the form for a new record.
pub(super) async fn form(State(state): State<AppState>, user: PageUser, RawQuery(q): RawQuery) -> PageResult<Response> {
    user.actor.scope(Permission::LiaisonWrite)?;
    let query = FormData::from_query(q.as_deref().unwrap_or_default());
    let fellows: Vec<Uuid> = query.all("fellow").iter().filter_map(|f| Uuid::parse_str(f).ok()).collect();
    let form = typed_or(&query, || ContactForm::new(&today().to_string(), user.actor.user_id(), &fellows));
    let back = match query.get("back").as_str() {
        "" if !fellows.is_empty() => "mine".to_string(),
        b => b.to_string(),
    };
    let cancel = if back == "fellow" && fellows.len() == 1 {
        format!("/fellows/{}#contacts", fellows[0])
    } else if back == "mine" {
        "/liaison".to_string()
    } else {
        "/liaison/contacts".to_string()
    };
    let frame = Frame {
        heading: user.lang.pick("记一次联系", "Record a contact"),
        action: "/liaison/contacts".into(),
        back,
        cancel,
        record: None,
    };
    render_form(&state, &user, frame, form, vec![], query.get("q")).await
}

/// Where a saved record leads: back to 我的联系, to the fellow's page, or to the record.
pub(super) fn after_save(back: &str, id: Uuid, row: &ContactRow) -> String {
    let first_seen = row.fellows.iter().find(|f| f.name.is_some()).map(|f| f.fellow_id);
    match (back, first_seen) {
        ("mine", _) => "/liaison".into(),
        ("fellow", Some(f)) => format!("/fellows/{f}#contacts"),
        _ => format!("/liaison/contacts/{id}"),
    }
}

/// The sentence a saved record leaves for the next page.
pub(super) fn saved_notice(user: &PageUser, row: &ContactRow, edited: bool) -> String {
    let lang = user.lang;
    let what = if edited {
        lang.pick("已修改联系记录", "Contact changed")
    } else {
        lang.pick("已登记联系", "Contact recorded")
    };
    format!("{what}{}{} · {} · {}", lang.pick("：", ": "), fellow_names(row, lang), row.kind.label(lang), row.date)
}

/// `POST /liaison/contacts`: records a contact, then back (post/redirect/get)
/// with a notice; a refusal shows the form again with each field's message.
pub(super) async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let typed = ContactForm::from_form(&form);
    let back = form.get("back");
    let saved = match typed.draft() {
        Ok(draft) => match state.store.contacts(&user.actor, Permission::LiaisonWrite)?.create(draft).await {
            Ok(id) => Ok(id),
            Err(e) => Err(refused(e)?),
        },
        Err(errors) => Err(errors),
    };
    match saved {
        Ok(id) => {
            let row = state.store.contacts(&user.actor, Permission::LiaisonRead)?.get(id).await?.contact;
            state.flash.keep(&user.session, Kept::Notice(saved_notice(&user, &row, false)));
            Ok(Redirect::to(&after_save(&back, id, &row)).into_response())
        }
        Err(errors) => {
            let frame = Frame {
                heading: user.lang.pick("记一次联系", "Record a contact"),
                action: "/liaison/contacts".into(),
                cancel: if back == "mine" { "/liaison".into() } else { "/liaison/contacts".into() },
                back,
                record: None,
            };
            render_form(&state, &user, frame, typed, errors, String::new()).await
        }
    }
}
