//! `/projects/checklists` (代办清单): the checklist template of each project
//! kind, one kind at a time; a writer over the whole county adds, removes
//! and reorders its items (each change saves the template whole). A kind
//! the county has not edited shows the built-in template, which the first
//! change copies.

use super::forms::ItemForm;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::agency::ChecklistItem;
use guichao_domain::fellows::FormError;
use guichao_domain::projects::ProjectKind;
use guichao_store::StoreError;
use guichao_store::agency::{Checklist, Choice};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(super) struct KindArgs {
    kind: Option<String>,
}

/// A kind on the switcher.
struct KindTab {
    code: &'static str,
    label: &'static str,
    current: bool,
    edited: bool,
}

#[derive(Template)]
#[template(path = "agency/checklists.html")]
struct ChecklistsPage {
    ctx: Ctx,
    kinds: Vec<KindTab>,
    list: Checklist,
    can_edit: bool,
    units: Vec<Choice>,
    form: ItemForm,
    errors: Vec<FormError>,
    notice: Option<String>,
}

impl ChecklistsPage {
    fn kind(&self) -> &'static str {
        self.list.kind.label(self.ctx.lang)
    }

    fn code(&self) -> &'static str {
        self.list.kind.code()
    }

    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn is_unit(&self, c: &Choice) -> bool {
        self.form.owner_unit_id == c.id.to_string()
    }
}

/// A kind code from a path or query; a code that is no kind is a page
/// that does not exist.
fn kind_of(code: &str) -> Result<ProjectKind, AppError> {
    ProjectKind::parse(code).ok_or(AppError::NotFound)
}

async fn render(
    state: &AppState,
    user: &PageUser,
    kind: ProjectKind,
    form: ItemForm,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    let agency = state.store.agency(&user.actor, Permission::ProjectRead)?;
    let all = agency.checklists().await?;
    let can_edit = agency.can_edit_checklists();
    let units = if can_edit { agency.unit_choices().await? } else { vec![] };
    let kinds = all
        .iter()
        .map(|l| KindTab {
            code: l.kind.code(),
            label: l.kind.label(user.lang),
            current: l.kind == kind,
            edited: !l.is_default,
        })
        .collect();
    let list = all.into_iter().find(|l| l.kind == kind).ok_or(AppError::NotFound)?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = ChecklistsPage { ctx: Ctx::new(user, "/projects"), kinds, list, can_edit, units, form, errors, notice };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /projects/checklists?kind=manufacturing`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<KindArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let kind = match args.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(code) => kind_of(code)?,
        None => ProjectKind::ALL[0],
    };
    render(&state, &user, kind, ItemForm::new(), vec![]).await
}

/// The kind's items as they apply now.
async fn current(state: &AppState, user: &PageUser, kind: ProjectKind) -> PageResult<Vec<ChecklistItem>> {
    let list = state.store.agency(&user.actor, Permission::ProjectRead)?.checklist(kind).await?;
    Ok(list.items.iter().map(Into::into).collect())
}

/// Saves `items` as `kind`'s template, then back to it with `notice`; a
/// refusal shows the page again with the add form's `typed` values.
async fn save(
    state: &AppState,
    user: &PageUser,
    kind: ProjectKind,
    items: Vec<ChecklistItem>,
    typed: ItemForm,
    notice: &str,
) -> PageResult<Response> {
    match state.store.agency(&user.actor, Permission::ProjectWrite)?.set_checklist(kind, items).await {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(notice.to_string()));
            Ok(Redirect::to(&format!("/projects/checklists?kind={}", kind.code())).into_response())
        }
        Err(StoreError::Fields(errors)) => render(state, user, kind, typed, errors).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /projects/checklists/{kind}`: adds an item at the end.
pub(super) async fn add_item(
    State(state): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
    form: FormData,
) -> PageResult<Response> {
    let kind = kind_of(&code)?;
    let typed = ItemForm::from_form(&form);
    let item = match typed.item() {
        Ok(item) => item,
        Err(errors) => return render(&state, &user, kind, typed, errors).await,
    };
    let mut items = current(&state, &user, kind).await?;
    items.push(item);
    let notice = user.lang.pick("已添加清单事项", "Item added");
    save(&state, &user, kind, items, typed, notice).await
}

/// `POST /projects/checklists/{kind}/{n}/{up|down|delete}`: moves item `n`
/// (from 0) one place, or removes it.
pub(super) async fn change_item(
    State(state): State<AppState>,
    user: PageUser,
    Path((code, n, action)): Path<(String, String, String)>,
) -> PageResult<Response> {
    let kind = kind_of(&code)?;
    let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
    let mut items = current(&state, &user, kind).await?;
    if n >= items.len() {
        return Err(AppError::NotFound);
    }
    let notice = match action.as_str() {
        "up" if n > 0 => {
            items.swap(n, n - 1);
            user.lang.pick("已上移", "Moved up")
        }
        "down" if n + 1 < items.len() => {
            items.swap(n, n + 1);
            user.lang.pick("已下移", "Moved down")
        }
        "delete" => {
            items.remove(n);
            user.lang.pick("已删除清单事项", "Item removed")
        }
        _ => return Err(AppError::NotFound),
    };
    save(&state, &user, kind, items, ItemForm::new(), notice).await
}
