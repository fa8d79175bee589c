//! The chamber list (`/chambers`) with its create form; the routes of the
//! whole area (the detail page lives in `detail.rs`).

use super::detail;
use super::form::{ChamberForm, Opt};
use super::refusal;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav, Order, page_number};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::chambers::ChamberKind;
use guichao_domain::paging::Paging;
use guichao_store::chambers::{ChamberSummary, TownshipChoice};
use uuid::Uuid;

/// Chambers per page.
const PAGE: u64 = 50;
/// The chamber list sorts by name only (m0007's `chambers_sort`).
const SORTS: &[&str] = &["name"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chambers", get(list).post(create))
        .route("/chambers/{id}", get(detail::show).post(detail::update))
        .route("/chambers/{id}/offices", post(detail::add_office))
        .route("/chambers/{id}/offices/{office_id}/delete", post(detail::remove_office))
        .route("/chambers/{id}/members", post(detail::add_member))
        .route("/chambers/{id}/members/{member_id}/end", post(detail::end_membership))
        .route("/chambers/{id}/staff", post(detail::add_staff))
        .route("/chambers/{id}/staff/{user_id}/delete", post(detail::remove_staff))
}

/// What the chamber form (`chambers/_form.html`) needs from the page around it.
pub(super) trait ChamberFormPage {
    fn form(&self) -> &ChamberForm;
    fn lang(&self) -> Lang;

    fn kinds(&self) -> Vec<Opt> {
        ChamberKind::ALL
            .iter()
            .map(|k| Opt::new(k.code(), k.label(self.lang()), self.form().kind == k.code()))
            .collect()
    }

    fn township_options(&self) -> Vec<Opt> {
        self.townships()
            .iter()
            .map(|t| Opt::new(t.id.to_string(), &t.name, self.form().township_id == t.id.to_string()))
            .collect()
    }

    fn townships(&self) -> &[TownshipChoice];
}

#[derive(Template)]
#[template(path = "chambers/list.html")]
struct ListPage {
    ctx: Ctx,
    chambers: Vec<ChamberSummary>,
    nav: ListNav,
    /// Current members the viewer may see, in all the chambers.
    members: u64,
    can_write: bool,
    townships: Vec<TownshipChoice>,
    form: ChamberForm,
    error: Option<String>,
}

impl ChamberFormPage for ListPage {
    fn form(&self) -> &ChamberForm {
        &self.form
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn townships(&self) -> &[TownshipChoice] {
        &self.townships
    }
}

impl ListPage {
    fn kind_label(&self, c: &ChamberSummary) -> &'static str {
        c.kind.label(self.ctx.lang)
    }

    /// Where a chamber sits: its city, or its home township.
    fn place(&self, c: &ChamberSummary) -> String {
        match (c.city.as_str(), c.township.as_str()) {
            ("", t) => t.to_string(),
            (city, "") => city.to_string(),
            (city, t) => format!("{t} · {city}"),
        }
    }
}

async fn render_list(
    state: &AppState,
    user: &PageUser,
    args: &ListArgs,
    form: ChamberForm,
    error: Option<(StatusCode, String)>,
) -> PageResult<Response> {
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let chambers = state.store.chambers(&user.actor, Permission::ChamberRead)?;
    let paging = Paging::new(page_number(&args.page)?, PAGE, chambers.count().await?);
    let found = chambers.page(paging.offset(), PAGE, order.descending).await?;
    let nav = ListNav::new("/chambers", vec![], SORTS, order, paging)
        .with_caption(user.lang.pick("商会", "Chambers").to_string());
    let can_write = user.actor.can(Permission::ChamberWrite);
    let townships = if can_write { chambers.townships().await? } else { vec![] };
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let page = ListPage {
        ctx: Ctx::new(user, "/chambers"),
        chambers: found.rows,
        nav,
        members: found.members,
        can_write,
        townships,
        form,
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("翻页参数有误", "Bad paging parameters"))?;
    render_list(&state, &user, &args, ChamberForm::new(), None).await
}

async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let typed = ChamberForm::from_form(&form);
    let created: Result<Uuid, AppError> = match typed.draft() {
        Ok(draft) => {
            state.store.chambers(&user.actor, Permission::ChamberWrite)?.create(draft).await.map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/chambers/{id}")).into_response()),
        Err(e) => {
            let shown = refusal(e, user.lang)?;
            render_list(&state, &user, &ListArgs::default(), typed, Some(shown)).await
        }
    }
}
