//! One error type for pages (`AppError`, rendered as HTML) and its JSON twin for
//! the API (`ApiError`). Internal errors are logged with an id that the user sees,
//! and nothing else about them leaves the server.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::auth::totp::Gate;
use guichao_domain::{Lang, Msg};
use guichao_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug)]
pub enum AppError {
    /// Not signed in: pages redirect to the login page, the API answers 401.
    Unauthenticated,
    /// Refused credentials, with the reason the caller needs (an expired
    /// token): the API answers 401 with the message.
    Unauthorized(Msg),
    /// Signed in but lacking the permission for a whole area.
    Forbidden,
    /// A session with a step of signing in still to pass (see
    /// `extract::gate`): its second factor, enrolling one, or changing a
    /// password past its age. Pages go to the step's own page; the API answers
    /// 403 with the step's code (`second_factor_pending`, `two_factor_enrol`,
    /// `password_expired`).
    Gated(Gate),
    /// Missing, or outside the user's scope: deliberately the same answer.
    NotFound,
    /// Bad input, with a message for the user.
    Invalid(Msg),
    Conflict(Msg),
    TooManyRequests(Msg),
    /// A body over the size limit.
    TooLarge,
    /// A method the path does not take.
    MethodNotAllowed,
    /// Anything else: logged under `id`, shown as a plain 500.
    Internal {
        id: Uuid,
    },
}

impl AppError {
    pub fn invalid(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Invalid(Msg::new(zh, en))
    }

    pub fn internal(error: impl std::fmt::Display) -> AppError {
        let id = Uuid::now_v7();
        tracing::error!(%id, "internal error: {error}");
        AppError::Internal { id }
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Gated(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated | AppError::Unauthorized(_) => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Gated(Gate::ChangePassword) => "password_expired",
            AppError::Gated(Gate::SecondFactor) => "second_factor_pending",
            AppError::Gated(Gate::Enrol) => "two_factor_enrol",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::TooLarge => "too_large",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Internal { .. } => "internal",
        }
    }

    /// The message for the user in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthenticated => lang.pick("请先登录", "Please sign in").into(),
            AppError::Forbidden => lang.pick("您没有使用此功能的权限", "You may not use this").into(),
            AppError::Gated(Gate::ChangePassword) => lang
                .pick(
                    "您的密码已超过有效期，请先修改密码（PUT /api/v1/me/password）",
                    "Your password has expired; change it first (PUT /api/v1/me/password)",
                )
                .into(),
            AppError::Gated(Gate::SecondFactor) => lang
                .pick("请先输入验证器的验证码完成登录", "Finish signing in with your authenticator code first")
                .into(),
            AppError::Gated(Gate::Enrol) => lang
                .pick(
                    "您的角色要求两步验证：请先在网页上绑定验证器",
                    "Your role requires two-factor sign-in: enrol an authenticator app on the web first",
                )
                .into(),
            AppError::NotFound => lang.pick("未找到该记录", "Not found").into(),
            AppError::TooLarge => {
                lang.pick("提交的内容过大（上限 2 MB）", "The request is too large (limit 2 MB)").into()
            }
            AppError::MethodNotAllowed => lang.pick("不支持该请求方式", "Method not allowed").into(),
            AppError::Invalid(m) | AppError::Conflict(m) | AppError::TooManyRequests(m) | AppError::Unauthorized(m) => {
                m.get(lang).to_string()
            }
            AppError::Internal { id } => match lang {
                Lang::Zh => format!("系统内部错误，请联系管理员（错误编号 {id}）"),
                Lang::En => format!("Internal error; please tell the administrator (error id {id})"),
            },
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Invalid(m) => AppError::Invalid(m),
            StoreError::Fields(f) => AppError::Invalid(StoreError::joined(&f)),
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Db(db) => AppError::internal(db),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: Lang,
    status: u16,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        if let AppError::Gated(gate) = self {
            return Redirect::to(crate::extract::gate_page(gate)).into_response();
        }
        let lang = crate::extract::request_lang();
        let page = ErrorPage { lang, status: self.status().as_u16(), message: self.message(lang) };
        match page.render() {
            Ok(html) => (self.status(), Html(html)).into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        }
    }
}

/// The JSON error shape of the API (see docs/API.md).
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: `unauthenticated`, `forbidden`,
    /// `password_expired`, `second_factor_pending`, `two_factor_enrol`, `not_found`, `invalid`, `conflict`,
    /// `too_many_requests`, `internal`.
    pub code: String,
    /// Human-readable message in the request's language (Chinese by default).
    pub message: String,
}

/// An [`AppError`] answered as JSON, in the language of the request.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let lang = crate::extract::request_lang();
        let body = ErrorBody { error: ErrorDetail { code: self.0.code().to_string(), message: self.0.message(lang) } };
        (self.0.status(), Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
pub type PageResult<T> = Result<T, AppError>;
