//! The contact list (`/liaison/contacts`): the records the user may see,
//! newest first, filtered by fellow, cadre and dates, with the shared list
//! block's pager. A row names the fellows the reader may see and counts the
//! others.

use super::{cadre_names, excerpt, fellow_names};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::parse_optional_date;
use guichao_store::contacts::{ContactQuery, ContactRow};
use serde::Deserialize;
use uuid::Uuid;

/// Records per page.
const PAGE: u64 = 50;
/// The list is by date, newest first, and offers no other sort.
const SORTS: &[&str] = &["date"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    fellow: Option<String>,
    cadre: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

fn id(text: &Option<String>) -> Result<Option<Uuid>, AppError> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Uuid::parse_str(t).map(Some).map_err(|_| AppError::invalid("筛选条件无效", "Bad filter")),
    }
}

fn day(text: &Option<String>, zh: &str, en: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = text.as_deref().unwrap_or_default();
    parse_optional_date(text).map_err(|e| AppError::Invalid(e.msg(zh, en, text)))
}

#[derive(Template)]
#[template(path = "contacts/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<ContactRow>,
    nav: ListNav,
    notice: Option<String>,
    /// The filters as typed, for the form.
    fellow: String,
    fellow_name: String,
    cadre: String,
    from: String,
    to: String,
    me: String,
    can_write: bool,
}

impl ListPage {
    fn kind(&self, r: &ContactRow) -> &'static str {
        r.kind.label(self.ctx.lang)
    }

    fn fellows(&self, r: &ContactRow) -> String {
        fellow_names(r, self.ctx.lang)
    }

    fn cadres(&self, r: &ContactRow) -> String {
        cadre_names(r, self.ctx.lang)
    }

    fn notes(&self, r: &ContactRow) -> String {
        excerpt(&r.notes, 40)
    }

    fn filtered(&self) -> bool {
        !(self.fellow.is_empty() && self.cadre.is_empty() && self.from.is_empty() && self.to.is_empty())
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    params: Result<Query<ListParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = params.map_err(|_| AppError::invalid("筛选条件有误", "Bad filter parameters"))?;
    let q = ContactQuery {
        fellow_id: id(&p.fellow)?,
        cadre_id: id(&p.cadre)?,
        from: day(&p.from, "开始日期", "from date")?,
        to: day(&p.to, "结束日期", "to date")?,
        offset: 0,
        limit: PAGE,
    };
    let contacts = state.store.contacts(&user.actor, Permission::LiaisonRead)?;
    let (rows, paging) = fetch_page(page_number(&p.page)?, PAGE, |offset| {
        let q = ContactQuery { offset, ..q.clone() };
        let contacts = &contacts;
        async move { contacts.list(&q).await }
    })
    .await?;
    let fellow_name = match q.fellow_id {
        Some(f) if user.actor.can(Permission::FellowRead) => {
            state.store.fellows(&user.actor, Permission::FellowRead)?.get(f).await.map(|f| f.name).unwrap_or_default()
        }
        _ => String::new(),
    };
    let mut filters: Vec<(&'static str, String)> = vec![];
    let mut caption = vec![];
    if let Some(f) = q.fellow_id {
        filters.push(("fellow", f.to_string()));
        caption.push(fellow_name.clone());
    }
    if let Some(c) = q.cadre_id {
        filters.push(("cadre", c.to_string()));
    }
    if let Some(d) = q.from {
        filters.push(("from", d.to_string()));
    }
    if let Some(d) = q.to {
        filters.push(("to", d.to_string()));
    }
    if q.from.is_some() || q.to.is_some() {
        caption.push(format!(
            "{} – {}",
            q.from.map(|d| d.to_string()).unwrap_or_default(),
            q.to.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    let heading = user.lang.pick("联系记录", "Contacts");
    let order = Order { column: SORTS[0], descending: false };
    let nav = ListNav::new("/liaison/contacts", filters, SORTS, order, paging).with_caption(
        [heading.to_string()].into_iter().chain(caption).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "),
    );
    let page = ListPage {
        ctx: Ctx::new(&user, "/liaison"),
        notice: state.flash.take_notice(&user.session),
        fellow: q.fellow_id.map(|f| f.to_string()).unwrap_or_default(),
        cadre: q.cadre_id.map(|c| c.to_string()).unwrap_or_default(),
        from: q.from.map(|d| d.to_string()).unwrap_or_default(),
        to: q.to.map(|d| d.to_string()).unwrap_or_default(),
        me: user.actor.user_id().to_string(),
        can_write: user.actor.can(Permission::LiaisonWrite),
        fellow_name,
        rows,
        nav,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
