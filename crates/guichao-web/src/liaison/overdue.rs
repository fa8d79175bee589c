//! 超期未联系 (`/liaison/overdue`): the fellows whose assignment has gone past
//! its contact cycle. "我的" lists the signed-in cadre's own assignments that
//! are overdue or due soon (the default for village cadres and others who
//! see no wider than their unit); "本范围" lists every overdue assignment the
//! user may see, filtered by township, level and cadre (the default for
//! township and county users). Both go through the shared list block and
//! sort by days overdue; each row has a one-tap 记一次联系.

use super::overdue_filter::{OverdueFilter, OverdueText};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Days, NaiveDate};
use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::liaison::{self, ContactState, LiaisonLevel};
use guichao_domain::org::UnitLevel;
use guichao_domain::paging::Paging;
use guichao_store::StoreError;
use guichao_store::contacts::{AssignmentState, ContactCadre, OverdueQuery, OverdueRow};
use guichao_store::org::UnitNode;
use serde::Deserialize;
use uuid::Uuid;

/// Rows per page.
const PAGE: u64 = 50;
/// By the day the cycle ended (earliest first: most overdue first), or by
/// days overdue (fewest first).
const SORTS: &[&str] = &["due", "days"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct OverdueArgs {
    mine: Option<String>,
    township_id: Option<String>,
    cadre_id: Option<String>,
    level: Option<String>,
    as_of: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

/// One row as the page shows it, from either list.
struct Line {
    fellow_id: Uuid,
    fellow_name: String,
    township: String,
    cadre_name: String,
    level: LiaisonLevel,
    last_contact: Option<NaiveDate>,
    state: ContactState,
    /// The last day within the cycle.
    due_by: NaiveDate,
    days_overdue: i64,
}

impl Line {
    fn mine(a: AssignmentState) -> Line {
        let from = liaison::counted_from(a.started_on, a.last_contact);
        Line {
            due_by: from.checked_add_days(Days::new(a.cycle_days.max(0) as u64)).unwrap_or(NaiveDate::MAX),
            fellow_id: a.fellow_id,
            fellow_name: a.fellow_name,
            township: a.township,
            cadre_name: String::new(),
            level: a.level,
            last_contact: a.last_contact,
            state: a.state,
            days_overdue: a.days_overdue,
        }
    }

    fn overdue(r: OverdueRow, as_of: NaiveDate) -> Line {
        Line {
            due_by: as_of.checked_sub_days(Days::new(r.days_overdue.max(0) as u64)).unwrap_or(NaiveDate::MIN),
            fellow_id: r.fellow_id,
            fellow_name: r.fellow_name,
            township: r.township,
            cadre_name: r.cadre_name,
            level: r.level,
            last_contact: r.last_contact,
            state: ContactState::Overdue,
            days_overdue: r.days_overdue,
        }
    }
}

pub(super) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "liaison/overdue.html")]
struct OverduePage {
    ctx: Ctx,
    mine: bool,
    rows: Vec<Line>,
    nav: ListNav,
    as_of: NaiveDate,
    /// "我的" and "本范围" with their links (same day asked about).
    mine_href: String,
    all_href: String,
    townships: Vec<Choice>,
    levels: Vec<Choice>,
    cadres: Vec<Choice>,
    can_record: bool,
}

impl OverduePage {
    fn level(&self, l: &Line) -> &'static str {
        l.level.label(self.ctx.lang)
    }

    fn state(&self, l: &Line) -> &'static str {
        l.state.label(self.ctx.lang)
    }

    fn state_class(&self, l: &Line) -> &'static str {
        match l.state {
            ContactState::Overdue => "overdue",
            ContactState::Due => "due",
            ContactState::Ok => "ok",
        }
    }

    /// Days left in the cycle of a row not yet overdue.
    fn days_left(&self, l: &Line) -> i64 {
        (l.due_by - self.as_of).num_days()
    }
}

/// Whether the user sees further than their own unit with `liaison.read`.
fn sees_wide(user: &PageUser) -> bool {
    user.actor
        .scope(Permission::LiaisonRead)
        .is_ok_and(|s| matches!(s.reach(), DataScope::Tenant | DataScope::UnitAndBelow))
}

fn invalid(errors: Vec<guichao_domain::fellows::FormError>) -> AppError {
    AppError::Invalid(StoreError::joined(&errors))
}

/// `GET /liaison/overdue?mine=1|0&township_id=&cadre_id=&level=&as_of=&sort=due|days&dir=&page=`.
pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<OverdueArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("筛选参数有误", "Bad filter parameters"))?;
    let mine = match args.mine.as_deref().map(str::trim) {
        Some("1") => true,
        Some("0") => false,
        _ => !sees_wide(&user),
    };
    let text = OverdueText {
        township_id: args.township_id.clone(),
        cadre_id: args.cadre_id.clone(),
        level: args.level.clone(),
        as_of: args.as_of.clone(),
    };
    let filter = text.read().map_err(invalid)?;
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    // "due" ascending and "days" descending both put the most overdue first.
    let most_first = (order.column == "due") != order.descending;
    let requested = page_number(&args.page)?;
    let contacts = state.store.contacts(&user.actor, Permission::LiaisonRead)?;
    let (rows, paging) = if mine {
        let mut lines: Vec<Line> = contacts
            .my_assignments_state(filter.as_of)
            .await?
            .into_iter()
            .filter(|a| a.state != ContactState::Ok)
            .map(Line::mine)
            .collect();
        lines.sort_by(|a, b| a.due_by.cmp(&b.due_by).then_with(|| a.fellow_name.cmp(&b.fellow_name)));
        if !most_first {
            lines.reverse();
        }
        let paging = Paging::new(requested, PAGE, lines.len() as u64);
        let shown = lines.into_iter().skip(paging.offset() as usize).take(PAGE as usize).collect();
        (shown, paging)
    } else {
        let query = |offset| OverdueQuery {
            township_id: filter.township_id,
            cadre_id: filter.cadre_id,
            level: filter.level,
            as_of: filter.as_of,
            offset,
            limit: PAGE,
        };
        let (found, paging) = fetch_page(requested, PAGE, |offset| {
            let (contacts, q) = (&contacts, query(offset));
            async move { contacts.overdue_sorted(&q, most_first).await }
        })
        .await?;
        (found.into_iter().map(|r| Line::overdue(r, filter.as_of)).collect(), paging)
    };
    let (townships, cadres) = if mine {
        (vec![], vec![])
    } else {
        let townships =
            state.store.units_at_levels(&user.actor, Permission::LiaisonRead, &[UnitLevel::Township], 500).await?;
        (townships, contacts.assigned_cadres().await?)
    };
    let nav = ListNav::new("/liaison/overdue", pairs(mine, &args), SORTS, order, paging)
        .with_caption(caption(mine, &filter, &townships, &cadres, user.lang));
    let day = args.as_of.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let with_day = |mine: &str| match day {
        Some(d) => format!("/liaison/overdue?mine={mine}&as_of={}", urlencoding::encode(d)),
        None => format!("/liaison/overdue?mine={mine}"),
    };
    let page = OverduePage {
        ctx: Ctx::new(&user, "/liaison"),
        mine,
        rows,
        nav,
        as_of: filter.as_of,
        mine_href: with_day("1"),
        all_href: with_day("0"),
        townships: if townships.len() > 1 { township_choices(&townships, &filter) } else { vec![] },
        levels: LiaisonLevel::ALL
            .iter()
            .map(|l| Choice {
                value: l.code().into(),
                label: l.label(user.lang).into(),
                selected: filter.level == Some(*l),
            })
            .collect(),
        cadres: cadres
            .iter()
            .map(|c| Choice {
                value: c.user_id.to_string(),
                label: c.name.clone(),
                selected: filter.cadre_id == Some(c.user_id),
            })
            .collect(),
        can_record: user.actor.can(Permission::LiaisonWrite),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

fn township_choices(townships: &[UnitNode], filter: &OverdueFilter) -> Vec<Choice> {
    townships
        .iter()
        .map(|t| Choice { value: t.id.to_string(), label: t.label.clone(), selected: filter.township_id == Some(t.id) })
        .collect()
}

/// The query pairs every link of the list keeps.
fn pairs(mine: bool, args: &OverdueArgs) -> Vec<(&'static str, String)> {
    let mut pairs = vec![("mine", if mine { "1" } else { "0" }.to_string())];
    let given = [
        ("township_id", &args.township_id),
        ("cadre_id", &args.cadre_id),
        ("level", &args.level),
        ("as_of", &args.as_of),
    ];
    for (name, value) in given {
        if mine && name != "as_of" {
            continue;
        }
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            pairs.push((name, v.to_string()));
        }
    }
    pairs
}

/// The list's filters in words, the printed page's title.
fn caption(mine: bool, filter: &OverdueFilter, townships: &[UnitNode], cadres: &[ContactCadre], lang: Lang) -> String {
    let mut parts = vec![
        if mine {
            lang.pick("我的超期与将到期乡友", "My overdue and due fellows")
        } else {
            lang.pick("超期未联系", "Overdue")
        }
        .to_string(),
    ];
    if let Some(t) = filter.township_id {
        parts.push(townships.iter().find(|u| u.id == t).map_or_else(|| t.to_string(), |u| u.label.clone()));
    }
    if let Some(l) = filter.level {
        parts.push(l.label(lang).to_string());
    }
    if let Some(c) = filter.cadre_id {
        parts.push(cadres.iter().find(|x| x.user_id == c).map_or_else(|| c.to_string(), |x| x.name.clone()));
    }
    parts.push(format!("{}{}", lang.pick("截至", "as of "), filter.as_of));
    parts.join(" · ")
}
