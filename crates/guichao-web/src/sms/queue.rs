//! The queue form (`/sms/queue`): a template and the fellows the registry's
//! filter finds (township, category, city, tag) in the user's scope, all
//! queued in one transaction; the counts of who was left out and why.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::select::Opt;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::{parse_date, today};
use guichao_domain::fellows::Category;
use guichao_domain::org::UnitLevel;
use guichao_store::fellows::FellowQuery;
use guichao_store::sms::{QueueReport, QueueRequest, Recipients, TemplateRow};
use uuid::Uuid;

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct QueueForm {
    pub template_id: String,
    pub township_id: String,
    pub category: String,
    pub city: String,
    pub tag: String,
    pub campaign_id: String,
    pub sign_off: String,
    pub date: String,
}

impl QueueForm {
    fn from_form(f: &FormData) -> QueueForm {
        QueueForm {
            template_id: f.get("template_id"),
            township_id: f.get("township_id"),
            category: f.get("category"),
            city: f.get("city"),
            tag: f.get("tag"),
            campaign_id: f.get("campaign_id"),
            sign_off: f.get("sign_off"),
            date: f.get("date"),
        }
    }

    /// The request, or the first field that is wrong.
    pub(super) fn request(&self) -> Result<QueueRequest, AppError> {
        let id = |v: &str, zh: &str, en: &str| -> Result<Option<Uuid>, AppError> {
            match v.trim() {
                "" => Ok(None),
                v => Uuid::parse_str(v).map(Some).map_err(|_| AppError::invalid(zh.to_string(), en.to_string())),
            }
        };
        let template_id = id(&self.template_id, "短信模板无效", "Unknown template")?
            .ok_or_else(|| AppError::invalid("请选择短信模板", "Choose a template"))?;
        let category = match self.category.trim() {
            "" => None,
            c => Some(
                Category::parse(c).ok_or_else(|| AppError::invalid("类别无效", "Unknown category"))?.code().to_string(),
            ),
        };
        let date = match self.date.trim() {
            "" => today(),
            d => parse_date(d).map_err(|e| AppError::Invalid(e.msg("日期", "date", d)))?,
        };
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let query = FellowQuery {
            township_id: id(&self.township_id, "乡镇无效", "Unknown township")?,
            category,
            city: text(&self.city),
            tag: text(&self.tag),
            ..Default::default()
        };
        Ok(QueueRequest {
            template_id,
            recipients: Recipients::Filter(Box::new(query)),
            campaign_id: id(&self.campaign_id, "活动编号应为 UUID", "The campaign id is a UUID")?,
            sign_off: self.sign_off.clone(),
            date,
        })
    }
}

/// A queue's counts in a sentence.
pub(super) fn report_text(r: &QueueReport, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut parts =
        vec![if zh { format!("已加入发送队列 {} 条", r.queued) } else { format!("{} queued", r.queued) }];
    for (n, zh_text, en_text) in [
        (r.opted_out, "已退订", "opted out"),
        (r.no_phone, "无手机号", "no phone"),
        (r.no_consent, "未登记同意接收", "no consent"),
        (r.already_queued, "已在队列中", "already queued"),
        (r.archived, "已归档", "archived"),
    ] {
        if n > 0 {
            parts.push(if zh { format!("{zh_text}跳过 {n} 人") } else { format!("{n} skipped ({en_text})") });
        }
    }
    let segments =
        if zh { format!("共计 {} 条计费短信", r.segments) } else { format!("{} billed segments", r.segments) };
    parts.push(segments);
    parts.join(lang.pick("，", ", "))
}

#[derive(Template)]
#[template(path = "sms/queue.html")]
struct QueuePage {
    ctx: Ctx,
    tab: &'static str,
    form: QueueForm,
    templates: Vec<TemplateRow>,
    townships: Vec<Opt>,
    categories: Vec<Opt>,
    error: Option<String>,
    notice: Option<String>,
}

impl QueuePage {
    fn template_options(&self) -> Vec<Opt> {
        self.templates
            .iter()
            .map(|t| Opt::new(t.id.to_string(), &t.name, self.form.template_id == t.id.to_string()))
            .collect()
    }

    fn length(&self, t: &TemplateRow) -> String {
        match self.ctx.lang {
            Lang::Zh => format!("约 {} 字，{} 条计费", t.length.chars, t.length.segments),
            Lang::En => format!("about {} characters, {} segment(s)", t.length.chars, t.length.segments),
        }
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    form: QueueForm,
    error: Option<String>,
    notice: Option<String>,
) -> PageResult<Response> {
    let sms = state.store.sms(&user.actor, Permission::SmsWrite)?;
    let templates = sms.templates().await?;
    let units = state.store.units_at_levels(&user.actor, Permission::SmsWrite, &[UnitLevel::Township], 500).await?;
    let townships =
        units.iter().map(|u| Opt::new(u.id.to_string(), &u.label, form.township_id == u.id.to_string())).collect();
    let categories =
        Category::ALL.iter().map(|c| Opt::new(c.code(), c.label(user.lang), form.category == c.code())).collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page =
        QueuePage { ctx: Ctx::new(user, "/sms"), tab: "queue", form, templates, townships, categories, error, notice };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn form(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let settings = state.store.sms(&user.actor, Permission::SmsWrite)?.settings().await?;
    let form = QueueForm { sign_off: settings.sign_off, date: today().to_string(), ..Default::default() };
    render(&state, &user, form, None, None).await
}

pub async fn submit(State(state): State<AppState>, user: PageUser, data: FormData) -> PageResult<Response> {
    let typed = QueueForm::from_form(&data);
    let queued = match typed.request() {
        Ok(req) => state.store.sms(&user.actor, Permission::SmsWrite)?.queue(req).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match queued {
        Ok(report) => {
            let text = report_text(&report, user.lang);
            match report.batch_id {
                Some(batch) => {
                    state.flash.keep(&user.session, Kept::Notice(text));
                    Ok(Redirect::to(&format!("/sms?batch={batch}")).into_response())
                }
                None => render(&state, &user, typed, None, Some(text)).await,
            }
        }
        Err(AppError::Invalid(m)) | Err(AppError::Conflict(m)) => {
            render(&state, &user, typed, Some(m.get(user.lang).to_string()), None).await
        }
        Err(other) => Err(other),
    }
}
