//! 待办 (`/liaison/followups`): the signed-in user's follow-ups, by tab (到期,
//! 逾期, 已完成, 全部未完成), through the shared list block; each open one
//! is closed with a one-line result (post/redirect/get, the notice kept in
//! `flash`).

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_opt_time};
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::StoreError;
use guichao_store::contacts::{FollowUpCounts, FollowUpFilter, FollowUpQuery, FollowUpRow};
use serde::Deserialize;
use uuid::Uuid;

/// Follow-ups per page.
const PAGE: u64 = 50;
/// The store keeps one order per tab (soonest due first; latest done first).
const SORTS: &[&str] = &["due"];

/// The tabs in their order, with their codes (also the API's `filter`).
pub(super) const TABS: [FollowUpFilter; 4] =
    [FollowUpFilter::Due, FollowUpFilter::Overdue, FollowUpFilter::Done, FollowUpFilter::Open];

/// The code of a tab, as its query and the API name it.
pub(super) fn code(filter: FollowUpFilter) -> &'static str {
    match filter {
        FollowUpFilter::Due => "due",
        FollowUpFilter::Overdue => "overdue",
        FollowUpFilter::Done => "done",
        FollowUpFilter::Open => "open",
    }
}

/// A tab as asked for: every open one when none.
pub(super) fn parse_filter(text: Option<&str>) -> Option<FollowUpFilter> {
    match text.map(str::trim).unwrap_or("") {
        "" => Some(FollowUpFilter::Open),
        t => TABS.into_iter().find(|f| code(*f) == t),
    }
}

fn label(filter: FollowUpFilter, lang: Lang) -> &'static str {
    match filter {
        FollowUpFilter::Due => lang.pick("到期", "Due"),
        FollowUpFilter::Overdue => lang.pick("逾期", "Overdue"),
        FollowUpFilter::Done => lang.pick("已完成", "Done"),
        FollowUpFilter::Open => lang.pick("全部未完成", "All open"),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct FollowUpArgs {
    tab: Option<String>,
    page: Option<String>,
}

pub(super) struct Tab {
    href: String,
    label: &'static str,
    /// How many it holds, where a count is cheap (the open ones).
    count: Option<u64>,
    current: bool,
}

/// A refused 完成: which follow-up, what was typed, and why.
struct Refused {
    id: Uuid,
    result: String,
    message: String,
}

#[derive(Template)]
#[template(path = "liaison/followups.html")]
struct FollowUpsPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    tab: &'static str,
    rows: Vec<FollowUpRow>,
    nav: ListNav,
    today: NaiveDate,
    can_finish: bool,
    notice: Option<String>,
    refused: Option<Refused>,
    /// A refusal about the whole page (a follow-up already done).
    error: Option<String>,
}

impl FollowUpsPage {
    fn kind(&self, r: &FollowUpRow) -> &'static str {
        r.kind.label(self.ctx.lang)
    }

    /// The fellows of its contact that the reader may see, and how many others.
    fn fellows(&self, r: &FollowUpRow) -> String {
        let named: Vec<&str> = r.fellows.iter().filter_map(|f| f.name.as_deref()).collect();
        let others = r.fellows.len() - named.len();
        let mut text = named.join("、");
        if others > 0 {
            text.push_str(&match self.ctx.lang {
                Lang::Zh => format!("等另{others}人"),
                Lang::En => format!(" and {others} more"),
            });
        }
        text
    }

    /// Days past its due date, for an open one that is late.
    fn late(&self, r: &FollowUpRow) -> Option<i64> {
        (r.done_at.is_none() && r.due < self.today).then(|| (self.today - r.due).num_days())
    }

    fn done_at(&self, r: &FollowUpRow) -> String {
        show_opt_time(&r.done_at)
    }

    /// What the 完成 form of `r` shows again after a refusal.
    fn typed(&self, r: &FollowUpRow) -> &str {
        self.refused.as_ref().filter(|f| f.id == r.id).map_or("", |f| f.result.as_str())
    }

    fn field_error(&self, r: &FollowUpRow) -> Option<&str> {
        self.refused.as_ref().filter(|f| f.id == r.id).map(|f| f.message.as_str())
    }
}

/// The page of `args`, with a refusal or a notice when a form led here.
async fn render(
    state: &AppState,
    user: &PageUser,
    args: &FollowUpArgs,
    status: StatusCode,
    refused: Option<Refused>,
    error: Option<String>,
) -> PageResult<Response> {
    let filter =
        parse_filter(args.tab.as_deref()).ok_or_else(|| AppError::invalid("待办分类无效", "Unknown follow-up tab"))?;
    let as_of = today();
    let contacts = state.store.contacts(&user.actor, Permission::LiaisonRead)?;
    let counts = contacts.followup_counts(as_of).await?;
    let requested = page_number(&args.page)?;
    let (rows, paging) = fetch_page(requested, PAGE, |offset| {
        let contacts = &contacts;
        async move { contacts.followups(&FollowUpQuery { filter, as_of, offset, limit: PAGE }).await }
    })
    .await?;
    let order = Order { column: SORTS[0], descending: false };
    let filters = if filter == FollowUpFilter::Open { vec![] } else { vec![("tab", code(filter).to_string())] };
    let nav = ListNav::new("/liaison/followups", filters, SORTS, order, paging).with_caption(format!(
        "{} · {}",
        user.lang.pick("我的待办", "My follow-ups"),
        label(filter, user.lang)
    ));
    let page = FollowUpsPage {
        ctx: Ctx::new(user, "/liaison"),
        tabs: tabs(filter, counts, user.lang),
        tab: code(filter),
        rows,
        nav,
        today: as_of,
        can_finish: user.actor.can(Permission::LiaisonWrite),
        notice: state.flash.take_notice(&user.session),
        refused,
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

fn tabs(current: FollowUpFilter, counts: FollowUpCounts, lang: Lang) -> Vec<Tab> {
    TABS.into_iter()
        .map(|f| Tab {
            href: match f {
                FollowUpFilter::Open => "/liaison/followups".to_string(),
                f => format!("/liaison/followups?tab={}", code(f)),
            },
            label: label(f, lang),
            count: match f {
                FollowUpFilter::Due => Some(counts.open - counts.overdue),
                FollowUpFilter::Overdue => Some(counts.overdue),
                FollowUpFilter::Open => Some(counts.open),
                FollowUpFilter::Done => None,
            },
            current: f == current,
        })
        .collect()
}

/// `GET /liaison/followups?tab=due|overdue|done|open&page=N`.
pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<FollowUpArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("翻页参数有误", "Bad paging parameters"))?;
    render(&state, &user, &args, StatusCode::OK, None, None).await
}

/// `POST /liaison/followups/{id}/done` with `result`: back to the tab it came
/// from with a notice, or that tab again with the refusal beside the form.
pub(super) async fn finish(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let result = form.get("result");
    let tab = parse_filter(Some(&form.get("tab"))).unwrap_or(FollowUpFilter::Open);
    let args = FollowUpArgs { tab: Some(code(tab).to_string()), page: Some(form.get("page")) };
    let done = state.store.contacts(&user.actor, Permission::LiaisonWrite)?.finish(id, &result).await;
    match done {
        Ok(()) => {
            let notice = match user.lang {
                Lang::Zh => format!("已完成，办理结果：{result}"),
                Lang::En => format!("Done. Result: {result}"),
            };
            state.flash.keep(&user.session, Kept::Notice(notice));
            let back = match (tab, form.get("page").as_str()) {
                (FollowUpFilter::Open, "" | "1") => "/liaison/followups".to_string(),
                (FollowUpFilter::Open, p) => format!("/liaison/followups?page={}", urlencoding::encode(p)),
                (t, "" | "1") => format!("/liaison/followups?tab={}", code(t)),
                (t, p) => format!("/liaison/followups?tab={}&page={}", code(t), urlencoding::encode(p)),
            };
            Ok(Redirect::to(&back).into_response())
        }
        Err(StoreError::Fields(fields)) => {
            let message = fields.iter().map(|f| f.message.get(user.lang)).collect::<Vec<_>>().join("；");
            let refused = Refused { id, result, message };
            render(&state, &user, &args, StatusCode::UNPROCESSABLE_ENTITY, Some(refused), None).await
        }
        Err(StoreError::Conflict(m)) => {
            let message = m.get(user.lang).to_string();
            render(&state, &user, &args, StatusCode::CONFLICT, None, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}
