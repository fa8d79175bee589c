//! The project list (`/projects`) through the shared list building block,
//! and a project's page (`/projects/{id}`): its facts, stage history (with
//! superseded events struck through), credited fellows, funds and team.

use super::{SORTS, query, stage_of};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::projects::{FundEvidence, ProjectRole, Stage, format_amount};
use guichao_store::projects::{ProjectDetail, ProjectQuery, ProjectRow, StageEventRow};
use serde::Deserialize;
use uuid::Uuid;

/// Projects per page.
const PAGE: u64 = 50;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    stage: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

/// A stage on the filter.
struct StageOpt {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<ProjectRow>,
    nav: ListNav,
    stages: Vec<StageOpt>,
}

impl ListPage {
    fn stage(&self, p: &ProjectRow) -> &'static str {
        p.stage.label(self.ctx.lang)
    }

    fn amount(&self, fen: &i64) -> String {
        format_amount(*fen)
    }

    fn date(&self, day: &Option<NaiveDate>) -> String {
        day.map_or_else(|| "—".to_string(), |d| d.to_string())
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    params: Result<Query<ListParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = params.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let lang = user.lang;
    let order = Order::parse(&p.sort, &p.dir, SORTS)?;
    let stage = stage_of(&p.stage)?;
    let projects = state.store.projects(&user.actor, Permission::ProjectRead)?;
    let q = query(stage, order);
    let (rows, paging) = fetch_page(page_number(&p.page)?, PAGE, |offset| {
        let q = ProjectQuery { offset, limit: PAGE, ..q.clone() };
        let projects = &projects;
        async move { projects.list(&q).await }
    })
    .await?;
    let filters: Vec<(&'static str, String)> = stage.iter().map(|s| ("stage", s.code().to_string())).collect();
    let caption = match stage {
        Some(s) => format!("{} · {}", lang.pick("招商项目", "Projects"), s.label(lang)),
        None => lang.pick("招商项目", "Projects").to_string(),
    };
    let page = ListPage {
        ctx: Ctx::new(&user, "/projects"),
        rows,
        nav: ListNav::new("/projects", filters, SORTS, order, paging).with_caption(caption),
        stages: Stage::ALL
            .into_iter()
            .map(|s| StageOpt { code: s.code(), label: s.label(lang), selected: stage == Some(s) })
            .collect(),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "projects/detail.html")]
struct DetailPage {
    ctx: Ctx,
    p: ProjectDetail,
    /// Its tasks and problems (`agency/_project_tasks.html`).
    agency: crate::agency::ProjectTasks,
}

impl DetailPage {
    fn label(&self, stage: &Stage) -> &'static str {
        stage.label(self.ctx.lang)
    }

    fn role(&self, role: &ProjectRole) -> &'static str {
        role.label(self.ctx.lang)
    }

    fn evidence(&self, e: &FundEvidence) -> &'static str {
        e.label(self.ctx.lang)
    }

    fn kind(&self) -> &'static str {
        self.p.kind.label(self.ctx.lang)
    }

    fn source(&self) -> &'static str {
        self.p.source.label(self.ctx.lang)
    }

    fn amount(&self, fen: &i64) -> String {
        format_amount(*fen)
    }

    /// The land need in 亩, from hundredths: 1250 is 12.5.
    fn land(&self) -> String {
        let h = self.p.land_need_hundredths_mu;
        let text = format!("{}.{:02}", h / 100, h % 100);
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }

    /// Why a superseded event was corrected: the reason of the event that replaced it.
    fn correction(&self, e: &StageEventRow) -> Option<&str> {
        self.p.events.iter().find(|c| c.supersedes == Some(e.id)).map(|c| c.reason.as_str())
    }
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, id, None).await
}

/// The page of project `id`, with a refused tasks or problems form shown again.
pub(crate) async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    refused: Option<crate::agency::Refused>,
) -> PageResult<Response> {
    let p = state.store.projects(&user.actor, Permission::ProjectRead)?.get(id).await?;
    let (status, agency) = crate::agency::ProjectTasks::load(state, user, id, refused).await?;
    let page = DetailPage { ctx: Ctx::new(user, "/projects"), p, agency };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}
