//! Two-factor sign-in on the account pages: enrolling an authenticator app
//! (a QR code and the secret to type), moving to a new app, new recovery
//! codes, and switching it off where it is optional.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::auth::totp;
use qrcode::QrCode;
use qrcode::render::svg;

/// The enrolment page: where a user who must have a second factor and has
/// none is sent at sign-in, and the only page they may open until then.
pub const ENROL: &str = "/account/two-factor/enrol";

/// The start of a notice that tells a refusal (shown as an error).
pub const TWO_FACTOR_ERROR: &str = "two-factor-error:";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ENROL, get(enrol_page).post(confirm))
        .route("/account/two-factor/recovery", post(regenerate))
        .route("/account/two-factor/disable", post(disable))
}

#[derive(Template)]
#[template(path = "account/enrol.html")]
struct EnrolPage {
    ctx: Ctx,
    /// Sent here at sign-in: nothing else opens until this is done.
    forced: bool,
    /// Moving to a new app: a code of the current one is asked too.
    reenrol: bool,
    svg: String,
    secret: String,
    uri: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "account/recovery_codes.html")]
struct CodesPage {
    ctx: Ctx,
    /// Just enrolled (else: new codes for an enrolled user).
    enrolled: bool,
    codes: Vec<String>,
    account: String,
}

/// The QR code of an `otpauth://` URI as an inline `<svg>` element.
fn qr_svg(uri: &str) -> PageResult<String> {
    let qr = QrCode::new(uri.as_bytes()).map_err(AppError::internal)?;
    let svg = qr.render::<svg::Color<'_>>().min_dimensions(220, 220).quiet_zone(true).build();
    Ok(svg.find("<svg").map_or(svg.clone(), |at| svg[at..].to_string()))
}

async fn render_enrol(state: &AppState, user: &PageUser, error: Option<String>) -> PageResult<Response> {
    let enrolment = state.store.begin_enrolment(&user.actor).await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = EnrolPage {
        ctx: Ctx::new(user, "/account"),
        forced: user.actor.two_factor_required() && !user.actor.two_factor_enrolled(),
        reenrol: user.actor.two_factor_enrolled(),
        svg: qr_svg(&enrolment.uri)?,
        secret: totp::grouped(&enrolment.secret),
        uri: enrolment.uri,
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn enrol_page(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render_enrol(&state, &user, None).await
}

fn render_codes(user: &PageUser, enrolled: bool, codes: Vec<String>) -> PageResult<Response> {
    let account = format!("{} · {}", user.actor.tenant_name(), user.actor.username());
    let page = CodesPage { ctx: Ctx::new(user, "/account"), enrolled, codes, account };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Confirms the app with a first code; the answer shows the recovery codes,
/// this once.
async fn confirm(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let current = form.get("current");
    let current = user.actor.two_factor_enrolled().then_some(current.as_str());
    match state.store.confirm_enrolment(&user.actor, &form.get("code"), current).await.map_err(AppError::from) {
        Ok(codes) => render_codes(&user, true, codes),
        Err(AppError::Invalid(m)) => render_enrol(&state, &user, Some(m.get(user.lang).to_string())).await,
        Err(e) => Err(e),
    }
}

async fn regenerate(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    match state.store.regenerate_recovery_codes(&user.actor, &form.get("code")).await.map_err(AppError::from) {
        Ok(codes) => render_codes(&user, false, codes),
        Err(AppError::Invalid(m)) => {
            state.flash.keep(&user.session, Kept::Notice(format!("{TWO_FACTOR_ERROR}{}", m.get(user.lang))));
            Ok(Redirect::to("/account#two-factor").into_response())
        }
        Err(e) => Err(e),
    }
}

async fn disable(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    match state.store.disable_two_factor(&user.actor, &form.get("code")).await.map_err(AppError::from) {
        Ok(()) => {
            let off = user.lang.pick("两步验证已关闭", "Two-factor sign-in is switched off");
            state.flash.keep(&user.session, Kept::Notice(off.to_string()));
            Ok(Redirect::to("/account#two-factor").into_response())
        }
        Err(AppError::Invalid(m)) => {
            state.flash.keep(&user.session, Kept::Notice(format!("{TWO_FACTOR_ERROR}{}", m.get(user.lang))));
            Ok(Redirect::to("/account#two-factor").into_response())
        }
        Err(e) => Err(e),
    }
}
