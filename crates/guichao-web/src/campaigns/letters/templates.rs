//! The letter templates page (`/campaigns/letter-templates`): the county's
//! templates with the fields each uses and a sample letter, and the form to
//! add, change or delete one (county-wide `liaison.write`).

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::letters::{LetterBody, letter_values};
use guichao_domain::date::today;
use guichao_domain::fellows::Gender;
use guichao_store::StoreError;
use guichao_store::campaigns::letters::{LetterTemplateDraft, LetterTemplateRow};
use uuid::Uuid;

/// What a new template starts from.
const STARTER: &str = "{称呼}：\n\n值此新春佳节来临之际，{乡镇}的父老乡亲向您和家人致以诚挚的问候和美好的祝福！\n\n多年来，您情系桑梓、关心家乡发展，家乡人民铭记于心。欢迎您常回家看看，为家乡建设出谋划策。\n\n祝您新春快乐，阖家幸福，万事如意！\n\n{落款}\n{日期}";

#[derive(Template)]
#[template(path = "campaigns/letters/templates.html")]
struct TemplatesPage {
    ctx: Ctx,
    templates: Vec<LetterTemplateRow>,
    can_keep: bool,
    editing: Option<Uuid>,
    name: String,
    body: String,
    error: Option<String>,
    notice: Option<String>,
}

impl TemplatesPage {
    fn fields(&self, t: &LetterTemplateRow) -> String {
        t.fields.iter().map(|f| format!("{{{f}}}")).collect::<Vec<_>>().join(" ")
    }

    /// The template's letter for a sample fellow.
    fn sample(&self, t: &LetterTemplateRow) -> Vec<String> {
        let sign_off = super::default_sign_off(&self.ctx.tenant_name);
        let values = letter_values("欧阳宏伟", Some(Gender::Male), "新墙镇", "", &sign_off, today());
        LetterBody::parse(&t.body).map(|b| b.render(&values)).unwrap_or_default()
    }

    fn action(&self) -> String {
        match self.editing {
            Some(id) => format!("/campaigns/letter-templates/{id}"),
            None => "/campaigns/letter-templates".into(),
        }
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    editing: Option<Uuid>,
    draft: LetterTemplateDraft,
    error: Option<String>,
) -> PageResult<Response> {
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let can_keep = state.store.campaigns(&user.actor, Permission::LiaisonWrite).is_ok_and(|w| w.manages());
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = TemplatesPage {
        ctx: Ctx::new(user, "/campaigns"),
        templates: campaigns.letter_templates().await?,
        can_keep,
        editing,
        name: draft.name,
        body: draft.body,
        error,
        notice: state.flash.take_notice(&user.session),
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn list(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let draft = LetterTemplateDraft { name: String::new(), body: STARTER.into() };
    render(&state, &user, None, draft, None).await
}

pub(super) async fn edit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let t = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.letter_template(id).await?;
    render(&state, &user, Some(id), LetterTemplateDraft { name: t.name, body: t.body }, None).await
}

fn saved(state: &AppState, user: &PageUser, zh: &'static str, en: &'static str) -> Response {
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick(zh, en).into()));
    Redirect::to("/campaigns/letter-templates").into_response()
}

async fn save(state: AppState, user: PageUser, editing: Option<Uuid>, form: FormData) -> PageResult<Response> {
    // The body keeps its inner whitespace (blank lines make paragraphs).
    let draft = LetterTemplateDraft { name: form.get("name"), body: form.get("body") };
    let done = state
        .store
        .campaigns(&user.actor, Permission::LiaisonWrite)?
        .save_letter_template(editing, draft.clone())
        .await;
    match done {
        Ok(_) => Ok(saved(&state, &user, "信件模板已保存", "Template saved")),
        Err(e @ (StoreError::Fields(_) | StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            let text = match AppError::from(e) {
                AppError::Invalid(m) | AppError::Conflict(m) => m.get(user.lang).to_string(),
                _ => String::new(),
            };
            render(&state, &user, editing, draft, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    save(state, user, None, form).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    save(state, user, Some(id), form).await
}

pub(super) async fn delete(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.delete_letter_template(id).await?;
    Ok(saved(&state, &user, "信件模板已删除", "Template deleted"))
}
