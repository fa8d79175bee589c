//! The project list (`/projects`) through the shared list building block,
//! and a project's page (`/projects/{id}`): its facts, stage history (with
//! superseded events struck through), credited fellows, funds and team.

use super::progress::Section;
use super::{SORTS, query, stage_of};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use crate::select::Opt;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::date::today;
use guichao_domain::park::format_mu;
use guichao_domain::projects::{AmountUnit, FundEvidence, ProjectRole, Stage, format_amount};
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

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<ProjectRow>,
    nav: ListNav,
    stages: Vec<Opt>,
    /// Whether the user may start projects: a writer whose reach covers units.
    can_create: bool,
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
        stages: Stage::ALL.into_iter().map(|s| Opt::new(s.code(), s.label(lang), stage == Some(s))).collect(),
        can_create: user.actor.scope(Permission::ProjectWrite).is_ok_and(|s| s.reach() != DataScope::Assigned),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// What was typed into the forms of a project's page, kept when refused.
#[derive(Debug, Clone, Default)]
pub(super) struct Typed {
    pub stage: String,
    pub on: String,
    pub note: String,
    pub supersedes: String,
    pub reason: String,
    pub fellow: String,
    pub role: String,
    pub amount: String,
    pub money_unit: String,
    pub evidence: String,
}

impl Typed {
    pub fn event(f: &FormData) -> Typed {
        Typed {
            stage: f.get("stage"),
            on: f.get("on"),
            note: f.get("note"),
            supersedes: f.get("supersedes"),
            reason: f.get("reason"),
            ..Typed::default()
        }
    }

    pub fn credit(f: &FormData) -> Typed {
        Typed { fellow: f.get("fellow_id"), role: f.get("role"), ..Typed::default() }
    }

    pub fn funds(f: &FormData) -> Typed {
        Typed {
            amount: f.get("amount"),
            money_unit: f.get("money_unit"),
            on: f.get("on"),
            evidence: f.get("evidence"),
            note: f.get("note"),
            ..Typed::default()
        }
    }
}

#[derive(Template)]
#[template(path = "projects/detail.html")]
struct DetailPage {
    ctx: Ctx,
    p: ProjectDetail,
    typed: Typed,
    /// A refused form's problem, beside that form.
    error: Option<(Section, String)>,
    today: String,
    /// The park's sites the project holds or held.
    park: Vec<crate::park::ProjectSite>,
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

    /// The land need in 亩.
    fn land(&self) -> String {
        format_mu(self.p.land_need_hundredths_mu)
    }

    /// Why a superseded event was corrected: the reason of the event that replaced it.
    fn correction(&self, e: &StageEventRow) -> Option<&str> {
        self.p.events.iter().find(|c| c.supersedes == Some(e.id)).map(|c| c.reason.as_str())
    }

    /// The refusal of the form of `section`, if it was that form.
    fn error_in(&self, section: &str) -> Option<&str> {
        let wanted = match section {
            "history" => Section::History,
            "fellows" => Section::Fellows,
            _ => Section::Funds,
        };
        self.error.as_ref().filter(|(s, _)| *s == wanted).map(|(_, m)| m.as_str())
    }

    fn options<T: Copy>(
        &self,
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T, Lang) -> &'static str,
        chosen: &str,
    ) -> Vec<Opt> {
        all.iter()
            .map(|&v| Opt { value: code(v).into(), label: label(v, self.ctx.lang).into(), selected: code(v) == chosen })
            .collect()
    }

    /// The stages an event may record (a lead is where a project starts).
    fn stages(&self) -> Vec<Opt> {
        let stages: Vec<Stage> = Stage::ALL.into_iter().filter(|s| *s != Stage::Lead).collect();
        self.options(&stages, Stage::code, Stage::label, &self.typed.stage)
    }

    fn roles(&self) -> Vec<Opt> {
        self.options(&ProjectRole::ALL, ProjectRole::code, ProjectRole::label, &self.typed.role)
    }

    fn evidences(&self) -> Vec<Opt> {
        self.options(&FundEvidence::ALL, FundEvidence::code, FundEvidence::label, &self.typed.evidence)
    }

    fn money_units(&self) -> Vec<Opt> {
        let chosen = if self.typed.money_unit.is_empty() { AmountUnit::Wan.code() } else { &self.typed.money_unit };
        self.options(&[AmountUnit::Wan, AmountUnit::Yi], AmountUnit::code, AmountUnit::label, chosen)
    }

    /// The events a correction may replace: those still in force.
    fn correctable(&self) -> Vec<Opt> {
        self.p
            .events
            .iter()
            .filter(|e| !e.superseded)
            .map(|e| {
                let value = e.id.to_string();
                Opt {
                    selected: value == self.typed.supersedes,
                    label: format!("{} {}", e.on, self.label(&e.stage)),
                    value,
                }
            })
            .collect()
    }
}

/// A project's page, with what was typed and a refusal when one of its
/// progress forms was refused (422).
pub(super) async fn render_detail(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    typed: Typed,
    error: Option<(Section, String)>,
) -> PageResult<Response> {
    page(state, user, id, typed, error, None).await
}

/// The page of project `id`, with a refused tasks or problems form shown again.
pub(crate) async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    refused: Option<crate::agency::Refused>,
) -> PageResult<Response> {
    page(state, user, id, Typed::default(), None, refused).await
}

async fn page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    typed: Typed,
    error: Option<(Section, String)>,
    refused: Option<crate::agency::Refused>,
) -> PageResult<Response> {
    let p = state.store.projects(&user.actor, Permission::ProjectRead)?.get(id).await?;
    let park = crate::park::project_sites(&state.store, &user.actor, id, user.lang).await?;
    let (status, agency) = crate::agency::ProjectTasks::load(state, user, id, refused).await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { status };
    let page =
        DetailPage { ctx: Ctx::new(user, "/projects"), p, typed, error, today: today().to_string(), park, agency };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render_detail(&state, &user, id, Typed::default(), None).await
}
