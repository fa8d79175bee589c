//! The outbox (`/sms`): messages of the fellows the user may see, newest
//! first, filtered by status; one message with its trail; closing a message
//! left `sending`.

use super::status_text;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_opt_time, show_time};
use crate::list::{ListNav, Order, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::paging::Paging;
use guichao_domain::sms::SmsStatus;
use guichao_store::sms::{MessageEvent, MessageRow, MessageView, OutboxQuery, StatusCount};
use serde::Deserialize;
use uuid::Uuid;

/// Messages per page.
const PAGE: u64 = 50;
/// The outbox is newest first only.
const SORTS: &[&str] = &["queued"];

#[derive(Debug, Default, Deserialize)]
pub struct OutboxArgs {
    pub status: Option<String>,
    pub batch: Option<String>,
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "sms/outbox.html")]
struct OutboxPage {
    ctx: Ctx,
    tab: &'static str,
    rows: Vec<MessageRow>,
    nav: ListNav,
    counts: Vec<StatusCount>,
    status: Option<SmsStatus>,
    batch: Option<Uuid>,
    can_write: bool,
    notice: Option<String>,
}

impl OutboxPage {
    fn shown_status(&self, m: &MessageRow) -> String {
        status_text(m.status, m.reason, self.ctx.lang)
    }

    /// The outbox at a status code ("" for every status), this batch kept.
    fn chip_href(&self, code: &str) -> String {
        let mut q = Vec::new();
        if !code.is_empty() {
            q.push(format!("status={code}"));
        }
        if let Some(b) = self.batch {
            q.push(format!("batch={b}"));
        }
        if q.is_empty() { "/sms".to_string() } else { format!("/sms?{}", q.join("&")) }
    }

    fn chip(&self, c: &StatusCount) -> String {
        self.chip_href(c.status.code())
    }

    fn chip_label(&self, c: &StatusCount) -> String {
        format!("{} {}", c.status.label(self.ctx.lang), c.count)
    }

    fn is_current(&self, c: &StatusCount) -> bool {
        self.status == Some(c.status)
    }

    fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.count).sum()
    }

    fn time(&self, m: &MessageRow) -> String {
        show_opt_time(&m.delivered_at.or(m.sent_at).or(Some(m.queued_at)))
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<OutboxArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("筛选参数有误", "Bad filter"))?;
    let status = match args.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(SmsStatus::parse(code).ok_or_else(|| AppError::invalid("发送状态无效", "Unknown status"))?),
    };
    let batch = match args.batch.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(b) => Some(Uuid::parse_str(b).map_err(|_| AppError::invalid("批次编号无效", "Unknown batch"))?),
    };
    let sms = state.store.sms(&user.actor, Permission::SmsRead)?;
    let mut q = OutboxQuery { status, batch_id: batch, ..Default::default() };
    let paging = Paging::new(page_number(&args.page)?, PAGE, sms.outbox_count(&q).await?);
    (q.offset, q.limit) = (paging.offset(), PAGE);
    let rows = sms.outbox(&q).await?;
    let counts = sms.status_counts(&q).await?;
    let mut filters = Vec::new();
    if let Some(s) = status {
        filters.push(("status", s.code().to_string()));
    }
    if let Some(b) = batch {
        filters.push(("batch", b.to_string()));
    }
    let caption = match status {
        Some(s) => format!("{} · {}", user.lang.pick("短信发送队列", "SMS outbox"), s.label(user.lang)),
        None => user.lang.pick("短信发送队列", "SMS outbox").to_string(),
    };
    let order = Order::parse(&None, &None, SORTS)?;
    let nav = ListNav::new("/sms", filters, SORTS, order, paging).with_caption(caption);
    let page = OutboxPage {
        ctx: Ctx::new(&user, "/sms"),
        tab: "outbox",
        rows,
        nav,
        counts,
        status,
        batch,
        can_write: user.actor.can(Permission::SmsWrite),
        notice: state.flash.take_notice(&user.session),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "sms/message.html")]
struct MessagePage {
    ctx: Ctx,
    tab: &'static str,
    m: MessageView,
    can_write: bool,
    notice: Option<String>,
}

impl MessagePage {
    fn shown_status(&self) -> String {
        status_text(self.m.message.status, self.m.message.reason, self.ctx.lang)
    }

    fn step_status(&self, e: &MessageEvent) -> String {
        status_text(e.status, e.reason, self.ctx.lang)
    }

    fn at(&self, e: &MessageEvent) -> String {
        show_time(&e.at)
    }

    fn sending(&self) -> bool {
        self.m.message.status == SmsStatus::Sending
    }

    fn queued_at(&self) -> String {
        show_time(&self.m.message.queued_at)
    }
}

pub async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let m = state.store.sms(&user.actor, Permission::SmsRead)?.message(id).await?;
    let page = MessagePage {
        ctx: Ctx::new(&user, "/sms"),
        tab: "outbox",
        m,
        can_write: user.actor.can(Permission::SmsWrite),
        notice: state.flash.take_notice(&user.session),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Closes a message left `sending`: `outcome=sent` or `outcome=not_sent`.
pub async fn resolve(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let sent = match form.get("outcome").as_str() {
        "sent" => true,
        "not_sent" => false,
        _ => return Err(AppError::invalid("请选择处理结果", "Choose an outcome")),
    };
    state.store.sms(&user.actor, Permission::SmsWrite)?.resolve(id, sent).await?;
    let notice = if sent {
        user.lang.pick("已标记为已发送", "Marked sent")
    } else {
        user.lang.pick("已标记为未发送", "Marked not sent")
    };
    state.flash.keep(&user.session, Kept::Notice(notice.into()));
    Ok(Redirect::to(&format!("/sms/messages/{id}")).into_response())
}
