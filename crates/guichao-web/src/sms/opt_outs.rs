//! The opt-out list (`/sms/opt-outs`): who asked for no more messages, by
//! reply or on the phone; adding a number by hand; taking an entry off.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_time};
use crate::list::{ListArgs, ListNav, Order, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::paging::Paging;
use guichao_domain::sms::OptOutSource;
use guichao_store::StoreError;
use guichao_store::sms::{OptOutDraft, OptOutRow};

const PAGE: u64 = 50;
const SORTS: &[&str] = &["created"];

#[derive(Template)]
#[template(path = "sms/opt_outs.html")]
struct OptOutsPage {
    ctx: Ctx,
    tab: &'static str,
    rows: Vec<OptOutRow>,
    nav: ListNav,
    can_write: bool,
    phone: String,
    note: String,
    error: Option<String>,
    notice: Option<String>,
}

impl OptOutsPage {
    fn source(&self, o: &OptOutRow) -> &'static str {
        o.source.label(self.ctx.lang)
    }

    fn at(&self, o: &OptOutRow) -> String {
        show_time(&o.created_at)
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    page: Option<String>,
    typed: (String, String),
    error: Option<String>,
) -> PageResult<Response> {
    let sms = state.store.sms(&user.actor, Permission::SmsRead)?;
    let paging = Paging::new(page_number(&page)?, PAGE, sms.opt_out_count().await?);
    let rows = sms.opt_outs(paging.offset(), PAGE).await?;
    let nav = ListNav::new("/sms/opt-outs", vec![], SORTS, Order::parse(&None, &None, SORTS)?, paging)
        .with_caption(user.lang.pick("短信退订名单", "SMS opt-outs").to_string());
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = OptOutsPage {
        ctx: Ctx::new(user, "/sms"),
        tab: "opt_outs",
        rows,
        nav,
        can_write: user.actor.can(Permission::SmsWrite),
        phone: typed.0,
        note: typed.1,
        error,
        notice: state.flash.take_notice(&user.session),
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("翻页参数有误", "Bad paging parameters"))?;
    render(&state, &user, args.page, (String::new(), String::new()), None).await
}

/// Adds a number heard on the phone.
pub async fn add(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let (phone, note) = (form.get("phone"), form.get("note"));
    let draft = OptOutDraft { phone: phone.clone(), fellow_id: None, source: OptOutSource::Call, note: note.clone() };
    match state.store.sms(&user.actor, Permission::SmsWrite)?.add_opt_out(draft).await {
        Ok(_) => {
            let notice =
                user.lang.pick("已加入退订名单，今后不再向该号码发送", "Added: no more messages to this number");
            state.flash.keep(&user.session, Kept::Notice(notice.into()));
            Ok(Redirect::to("/sms/opt-outs").into_response())
        }
        Err(e @ (StoreError::Fields(_) | StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            let text = match AppError::from(e) {
                AppError::Invalid(m) | AppError::Conflict(m) => m.get(user.lang).to_string(),
                _ => String::new(),
            };
            render(&state, &user, None, (phone, note), Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn remove(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.sms(&user.actor, Permission::SmsWrite)?.remove_opt_out(id).await?;
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已移出退订名单", "Removed from the list").into()));
    Ok(Redirect::to("/sms/opt-outs").into_response())
}
