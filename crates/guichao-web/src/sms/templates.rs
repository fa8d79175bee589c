//! The templates page (`/sms/templates`): the county's templates with a
//! sample message and its length in segments, the form to add or change one,
//! and the county's SMS settings (sign-off, consent required).

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::sms::{LONG_SEGMENT, SINGLE_SEGMENT};
use guichao_store::StoreError;
use guichao_store::sms::{SmsSettings, TemplateDraft, TemplateRow};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "sms/templates.html")]
struct TemplatesPage {
    ctx: Ctx,
    tab: &'static str,
    templates: Vec<TemplateRow>,
    settings: SmsSettings,
    can_keep: bool,
    /// The template the form edits (none for a new one).
    editing: Option<Uuid>,
    name: String,
    body: String,
    provider_template: String,
    error: Option<String>,
    notice: Option<String>,
}

impl TemplatesPage {
    fn length(&self, t: &TemplateRow) -> String {
        match self.ctx.lang {
            Lang::Zh => {
                format!("{} 字 · {} 条计费（每条 {} 字）", t.length.chars, t.length.segments, t.length.per_segment)
            }
            Lang::En => {
                format!("{} characters · {} segment(s) of {}", t.length.chars, t.length.segments, t.length.per_segment)
            }
        }
    }

    fn fields(&self, t: &TemplateRow) -> String {
        t.fields.iter().map(|f| format!("{{{f}}}")).collect::<Vec<_>>().join(" ")
    }

    fn rule(&self) -> String {
        match self.ctx.lang {
            Lang::Zh => format!(
                "一条短信最多 {SINGLE_SEGMENT} 字（含【签名】和“拒收请回复R”），超过后按每条 {LONG_SEGMENT} 字拆分计费。"
            ),
            Lang::En => format!(
                "One segment holds {SINGLE_SEGMENT} characters (with the 【signature】 and 拒收请回复R); longer messages go in parts of {LONG_SEGMENT}."
            ),
        }
    }

    fn action(&self) -> String {
        match self.editing {
            Some(id) => format!("/sms/templates/{id}"),
            None => "/sms/templates".into(),
        }
    }
}

fn can_keep(user: &PageUser) -> bool {
    user.actor.scope(Permission::SmsWrite).is_ok_and(|s| s.reach() == DataScope::Tenant)
}

struct Typed {
    editing: Option<Uuid>,
    draft: TemplateDraft,
}

async fn render(state: &AppState, user: &PageUser, typed: Typed, error: Option<String>) -> PageResult<Response> {
    let sms = state.store.sms(&user.actor, Permission::SmsRead)?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = TemplatesPage {
        ctx: Ctx::new(user, "/sms"),
        tab: "templates",
        templates: sms.templates().await?,
        settings: sms.settings().await?,
        can_keep: can_keep(user),
        editing: typed.editing,
        name: typed.draft.name,
        body: typed.draft.body,
        provider_template: typed.draft.provider_template,
        error,
        notice: state.flash.take_notice(&user.session),
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn list(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render(&state, &user, Typed { editing: None, draft: TemplateDraft::default() }, None).await
}

pub async fn edit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let t = state.store.sms(&user.actor, Permission::SmsRead)?.template(id).await?;
    let draft = TemplateDraft { name: t.name, body: t.body, provider_template: t.provider_template };
    render(&state, &user, Typed { editing: Some(id), draft }, None).await
}

async fn save(state: AppState, user: PageUser, editing: Option<Uuid>, form: FormData) -> PageResult<Response> {
    let draft = TemplateDraft {
        name: form.get("name"),
        body: form.get("body"),
        provider_template: form.get("provider_template"),
    };
    let saved = state.store.sms(&user.actor, Permission::SmsWrite)?.save_template(editing, draft.clone()).await;
    match saved {
        Ok(_) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("短信模板已保存", "Template saved").into()));
            Ok(Redirect::to("/sms/templates").into_response())
        }
        Err(e @ (StoreError::Fields(_) | StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            let message = AppError::from(e);
            let text = match &message {
                AppError::Invalid(m) | AppError::Conflict(m) => m.get(user.lang).to_string(),
                _ => String::new(),
            };
            render(&state, &user, Typed { editing, draft }, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    save(state, user, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    save(state, user, Some(id), form).await
}

pub async fn settings(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let settings = SmsSettings { consent_required: form.has("consent_required"), sign_off: form.get("sign_off") };
    match state.store.sms(&user.actor, Permission::SmsWrite)?.set_settings(settings).await {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("短信设置已保存", "Settings saved").into()));
            Ok(Redirect::to("/sms/templates").into_response())
        }
        Err(e @ StoreError::Fields(_)) => {
            let text = match AppError::from(e) {
                AppError::Invalid(m) => m.get(user.lang).to_string(),
                _ => String::new(),
            };
            render(&state, &user, Typed { editing: None, draft: TemplateDraft::default() }, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}
