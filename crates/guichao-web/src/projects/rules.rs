//! The county's counting rules (统计口径) for its project figures: a page
//! that shows them (and lets a writer for the whole county change them), and
//! `GET/PUT /api/v1/projects/counting-rules`.

use super::form::in_wan;
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::error::{AppError, ErrorBody, PageResult};
use crate::extract::{ApiJson, ApiUser, FormData, PageUser, request_lang};
use crate::layout::Ctx;
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Msg;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::fellows::FormError;
use guichao_domain::projects::{AmountUnit, CountingRules, ProjectKind, parse_amount};
use guichao_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_rules, put_rules))
}

/// The counting rules as the API reads and writes them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CountingRulesBody {
    /// Projects below this agreed investment are not counted (0: all).
    #[serde(default)]
    pub min_investment_fen: i64,
    /// Project kind codes not counted, e.g. `["real_estate"]`.
    #[serde(default)]
    pub excluded_kinds: Vec<String>,
    /// Count only investment by companies registered outside `home_city`.
    #[serde(default)]
    pub outside_city_only: bool,
    /// The county's prefecture city, e.g. 岳阳.
    #[serde(default)]
    pub home_city: String,
    /// The rules in words (ignored on a write).
    #[serde(default)]
    pub description: Vec<String>,
}

impl CountingRulesBody {
    fn of(r: CountingRules) -> CountingRulesBody {
        CountingRulesBody {
            min_investment_fen: r.min_investment_fen,
            excluded_kinds: r.excluded_kinds.iter().map(|k| k.code().to_string()).collect(),
            outside_city_only: r.outside_city_only,
            description: r.describe(request_lang()),
            home_city: r.home_city,
        }
    }

    fn rules(self) -> Result<CountingRules, FieldApiError> {
        let kinds = self.excluded_kinds.iter().map(|code| {
            ProjectKind::parse(code).ok_or_else(|| {
                let codes: Vec<&str> = ProjectKind::ALL.iter().map(|k| k.code()).collect();
                let message = Msg::new(
                    format!("excluded_kinds 中的 {code} 不是项目类型（{}）", codes.join("、")),
                    format!("{code} in excluded_kinds is not a project kind ({})", codes.join(", ")),
                );
                FieldApiError::Fields(vec![FormError { field: "excluded_kinds", message }])
            })
        });
        Ok(CountingRules {
            min_investment_fen: self.min_investment_fen,
            excluded_kinds: kinds.collect::<Result<_, _>>()?,
            outside_city_only: self.outside_city_only,
            home_city: self.home_city,
        })
    }
}

/// The county's counting rules.
#[utoipa::path(get, path = "/projects/counting-rules", tag = "projects",
    responses((status = 200, body = CountingRulesBody), (status = 403, body = ErrorBody)))]
async fn get_rules(State(state): State<AppState>, ApiUser(actor): ApiUser) -> FieldApiResult<Json<CountingRulesBody>> {
    let rules = state.store.projects(&actor, Permission::ProjectRead)?.counting_rules().await?;
    Ok(Json(CountingRulesBody::of(rules)))
}

/// Sets the county's counting rules (a writer for the whole county only).
#[utoipa::path(put, path = "/projects/counting-rules", tag = "projects", request_body = CountingRulesBody,
    responses((status = 200, body = CountingRulesBody), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn put_rules(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<CountingRulesBody>,
) -> FieldApiResult<Json<CountingRulesBody>> {
    state.store.projects(&actor, Permission::ProjectWrite)?.set_counting_rules(body.rules()?).await?;
    let rules = state.store.projects(&actor, Permission::ProjectRead)?.counting_rules().await?;
    Ok(Json(CountingRulesBody::of(rules)))
}

/// A kind with whether the rules leave it out.
struct KindOpt {
    code: &'static str,
    label: &'static str,
    excluded: bool,
}

#[derive(Template)]
#[template(path = "projects/rules.html")]
struct RulesPage {
    ctx: Ctx,
    rules: CountingRules,
    lines: Vec<String>,
    /// The minimum as typed, in 万元.
    min_wan: String,
    kinds: Vec<KindOpt>,
    can_write: bool,
    error: Option<String>,
}

async fn render(
    state: &AppState,
    user: &PageUser,
    typed: Option<(CountingRules, String)>,
    error: Option<String>,
) -> PageResult<Response> {
    let projects = state.store.projects(&user.actor, Permission::ProjectRead)?;
    let stored = projects.counting_rules().await?;
    let lines = stored.describe(user.lang);
    let (rules, min_wan) = typed.unwrap_or_else(|| {
        let min = match stored.min_investment_fen {
            0 => String::new(),
            fen => in_wan(fen),
        };
        (stored.clone(), min)
    });
    let kinds = ProjectKind::ALL
        .into_iter()
        .map(|k| KindOpt { code: k.code(), label: k.label(user.lang), excluded: rules.excluded_kinds.contains(&k) })
        .collect();
    let can_write = user.actor.scope(Permission::ProjectWrite).is_ok_and(|s| s.reach() == DataScope::Tenant);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = RulesPage { ctx: Ctx::new(user, "/projects"), rules, lines, min_wan, kinds, can_write, error };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render(&state, &user, None, None).await
}

pub(super) async fn save(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let min_wan = form.get("min_investment");
    let rules = CountingRules {
        min_investment_fen: 0,
        excluded_kinds: form.all("excluded_kinds").iter().filter_map(|c| ProjectKind::parse(c)).collect(),
        outside_city_only: form.has("outside_city_only"),
        home_city: form.get("home_city"),
    };
    let parsed = match min_wan.trim() {
        "" => Ok(0),
        text => parse_amount(text, AmountUnit::Wan),
    };
    let result = match parsed {
        Ok(fen) => {
            let rules = CountingRules { min_investment_fen: fen, ..rules.clone() };
            state.store.projects(&user.actor, Permission::ProjectWrite)?.set_counting_rules(rules).await
        }
        Err(m) => Err(StoreError::Invalid(m)),
    };
    match result.map_err(AppError::from) {
        Ok(()) => Ok(Redirect::to("/projects/rules").into_response()),
        Err(AppError::Invalid(m)) => render(&state, &user, Some((rules, min_wan)), Some(m.get(user.lang).into())).await,
        Err(e) => Err(e),
    }
}
