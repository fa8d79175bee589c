//! The assignment form (`/liaison/assign`): the fellows ticked on the fellow
//! list (or one fellow from their page), a level, a cadre who fits every one
//! of them at that level, and a contact cycle. Assigning is all or nothing.
//!
//! The form posts to itself: without a cadre (or with the 刷新 button) it only
//! shows the cadres for the chosen level, so the page works without script.

use super::{cycle_days, default_level};
use crate::AppState;
use crate::chambers::refusal;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::liaison::{DEFAULT_CYCLE_DAYS, LiaisonLevel};
use guichao_store::fellows::FellowRow;
use guichao_store::liaison::{AssignmentDraft, CadreChoice};
use uuid::Uuid;

/// What the form holds, as sent.
#[derive(Debug, Default)]
pub(super) struct AssignInput {
    fellow_ids: Vec<String>,
    cadre_id: String,
    level: String,
    cycle_days: String,
    /// Only show the cadres for the level; assign nothing.
    refresh: bool,
}

impl AssignInput {
    fn from_pairs(pairs: impl Iterator<Item = (String, String)>) -> AssignInput {
        let mut input = AssignInput::default();
        for (k, v) in pairs {
            let v = v.trim().to_string();
            match k.as_str() {
                "fellow_ids" | "fellow_id" => input.fellow_ids.extend(v.split(',').map(|s| s.trim().to_string())),
                "cadre_id" => input.cadre_id = v,
                "level" => input.level = v,
                "cycle_days" => input.cycle_days = v,
                "refresh" => input.refresh = true,
                _ => {}
            }
        }
        input.fellow_ids.retain(|s| !s.is_empty());
        input
    }

    fn from_form(f: &FormData) -> AssignInput {
        let mut pairs: Vec<(String, String)> =
            f.all("fellow_ids").into_iter().map(|v| ("fellow_ids".into(), v)).collect();
        for name in ["cadre_id", "level", "cycle_days"] {
            pairs.push((name.into(), f.get(name)));
        }
        let mut input = AssignInput::from_pairs(pairs.into_iter());
        input.refresh = f.has("refresh");
        input
    }

    /// The form's address showing these fellows at this level again (where a
    /// successful assignment leads).
    fn address(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("fellow_ids", &self.fellow_ids.join(","));
        q.append_pair("level", &self.level);
        q.append_pair("cycle_days", &self.cycle_days);
        format!("/liaison/assign?{}", q.finish())
    }

    /// The fellow ids; a malformed one is a fellow that does not exist.
    fn ids(&self) -> Result<Vec<Uuid>, AppError> {
        self.fellow_ids.iter().map(|s| Uuid::parse_str(s).map_err(|_| AppError::NotFound)).collect()
    }

    fn level(&self, user: &PageUser) -> LiaisonLevel {
        LiaisonLevel::parse(&self.level).unwrap_or_else(|| default_level(&user.actor))
    }

    fn draft(&self, user: &PageUser) -> Result<AssignmentDraft, AppError> {
        let cadre_id =
            Uuid::parse_str(&self.cadre_id).map_err(|_| AppError::invalid("请选择联系人", "Please choose a cadre"))?;
        let level = LiaisonLevel::parse(&self.level).unwrap_or_else(|| default_level(&user.actor));
        Ok(AssignmentDraft { cadre_id, level, cycle_days: cycle_days(&self.cycle_days)? })
    }
}

pub(super) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "liaison/assign.html")]
struct AssignPage {
    ctx: Ctx,
    fellows: Vec<FellowRow>,
    levels: Vec<Choice>,
    cadres: Vec<Choice>,
    cycle_days: String,
    error: Option<String>,
    done: Option<String>,
}

async fn render(
    state: &AppState,
    user: &PageUser,
    input: &AssignInput,
    error: Option<(StatusCode, String)>,
    done: Option<String>,
) -> PageResult<Response> {
    let ids = input.ids()?;
    let level = input.level(user);
    let (fellows, cadres) = if ids.is_empty() {
        (vec![], vec![])
    } else {
        let fellows = state.store.liaison(&user.actor, Permission::LiaisonWrite)?.targets(&ids).await?;
        (fellows, state.store.liaison(&user.actor, Permission::LiaisonWrite)?.cadres_for_fellows(&ids, level).await?)
    };
    let (status, error) = match (error, ids.is_empty()) {
        (Some((status, message)), _) => (status, Some(message)),
        (None, true) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(
                user.lang
                    .pick("请先在乡友列表中勾选要分配联系人的乡友", "Tick the fellows on the fellow list first")
                    .into(),
            ),
        ),
        (None, false) => (StatusCode::OK, None),
    };
    let page = AssignPage {
        ctx: Ctx::new(user, "/liaison"),
        levels: LiaisonLevel::ALL
            .iter()
            .map(|l| Choice { value: l.code().into(), label: l.label(user.lang).into(), selected: *l == level })
            .collect(),
        cadres: cadres
            .iter()
            .map(|c: &CadreChoice| Choice {
                value: c.user_id.to_string(),
                label: format!("{}（{}）", c.display_name, c.unit_name),
                selected: c.user_id.to_string() == input.cadre_id,
            })
            .collect(),
        cycle_days: if input.cycle_days.is_empty() { DEFAULT_CYCLE_DAYS.to_string() } else { input.cycle_days.clone() },
        fellows,
        error,
        done,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /liaison/assign?fellow_ids=…&fellow_ids=…` (the fellow list's bulk button).
pub(super) async fn form(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(query): RawQuery,
) -> PageResult<Response> {
    let query = query.unwrap_or_default();
    let input = AssignInput::from_pairs(form_urlencoded::parse(query.as_bytes()).into_owned());
    let done = state.flash.take_notice(&user.session);
    render(&state, &user, &input, None, done).await
}

/// `POST /liaison/assign`: assigns every fellow on the form and goes back to
/// the form with what was done, or shows the form (cadres for a new level, a
/// refusal).
pub(super) async fn assign_all(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let input = AssignInput::from_form(&form);
    if input.refresh || input.cadre_id.is_empty() {
        return render(&state, &user, &input, None, None).await;
    }
    let result = async {
        let draft = input.draft(&user)?;
        Ok::<_, AppError>((
            state.store.liaison(&user.actor, Permission::LiaisonWrite)?.assign_bulk(&input.ids()?, draft).await?,
            draft,
        ))
    }
    .await;
    match result {
        Ok((ids, draft)) => {
            let cadre = state.store.liaison(&user.actor, Permission::LiaisonWrite)?.cadre_name(draft.cadre_id).await;
            let done = match user.lang {
                guichao_domain::Lang::Zh => format!(
                    "已为{}位乡友安排{}联系人{}，每{}天联系一次",
                    ids.len(),
                    draft.level.label(user.lang),
                    cadre.unwrap_or_default(),
                    draft.cycle_days
                ),
                guichao_domain::Lang::En => format!(
                    "{} fellows now have {} as their {} liaison, every {} days",
                    ids.len(),
                    cadre.unwrap_or_default(),
                    draft.level.label(user.lang).to_lowercase(),
                    draft.cycle_days
                ),
            };
            state.flash.keep(&user.session, Kept::Notice(done));
            Ok(Redirect::to(&input.address()).into_response())
        }
        Err(e) => {
            let shown = refusal(e, user.lang)?;
            render(&state, &user, &input, Some(shown), None).await
        }
    }
}

/// `POST /fellows/{id}/assignments` (the fellow page's form): back to the
/// fellow's page, or on a refusal this form for that one fellow.
pub(super) async fn assign_one(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(fellow): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let mut input = AssignInput::from_form(&form);
    input.fellow_ids = vec![fellow.to_string()];
    let result = async {
        let draft = input.draft(&user)?;
        state.store.liaison(&user.actor, Permission::LiaisonWrite)?.assign(fellow, draft).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/fellows/{fellow}#liaison")).into_response()),
        Err(e) => {
            let shown = refusal(e, user.lang)?;
            render(&state, &user, &input, Some(shown), None).await
        }
    }
}
