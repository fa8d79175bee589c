//! The public service form, with no account (`/public/{county}/services/…`):
//! a phone-first page for WeChat's in-app browser where a returnee sends a
//! request (name, phone, kind, what is needed) and gets its number, and a
//! lookup page (number + phone) that shows its status and the public
//! replies. A wrong number and a wrong phone get the very same page. Every
//! post counts against the sender's address (`guard`); a send also needs
//! the answer to the page's arithmetic question.

use super::guard::{Challenge, Refusal};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{ClientIp, FormData, request_lang};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::services::{PublicDraft, ServiceKind};
use guichao_store::StoreError;
use guichao_store::services::{PublicLookup, PublicSubmitted};

/// What was typed, kept on a refused form.
#[derive(Default)]
struct Typed {
    name: String,
    phone: String,
    kind: String,
    subject: String,
    details: String,
}

#[derive(Template)]
#[template(path = "services/public_form.html")]
struct FormPage {
    lang: Lang,
    county_code: String,
    county: String,
    typed: Typed,
    challenge: Challenge,
    errors: Vec<FormError>,
}

impl FormPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.lang)
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str, bool)> {
        ServiceKind::ALL.iter().map(|k| (k.code(), k.label(self.lang), self.typed.kind == k.code())).collect()
    }
}

#[derive(Template)]
#[template(path = "services/public_sent.html")]
struct SentPage {
    lang: Lang,
    county_code: String,
    county: String,
    sent: PublicSubmitted,
}

#[derive(Template)]
#[template(path = "services/public_lookup.html")]
pub(super) struct LookupPage {
    lang: Lang,
    county_code: String,
    county: String,
    number: String,
    /// The request, or (asked and not matched) the one not-found message.
    found: Option<PublicLookup>,
    refused: Option<String>,
    /// The phone that matched, carried by the rating form (only on a match).
    phone: String,
    /// Why a rating was refused, and what was typed with it.
    rate_errors: Vec<FormError>,
    score: String,
    comment: String,
    /// The rating was just recorded.
    thanked: bool,
}

impl LookupPage {
    /// The page for a lookup (or a rating) of `number` that found `found`;
    /// every miss is the very same page, the number not echoed.
    pub(super) fn new(
        lang: Lang,
        public: &guichao_store::services::PublicServices<'_>,
        code: String,
        number: &str,
        phone: &str,
        found: Option<PublicLookup>,
    ) -> LookupPage {
        let hit = found.is_some();
        LookupPage {
            lang,
            county: public.county_name().to_string(),
            county_code: code,
            number: if hit {
                number.chars().filter(|c| c.is_ascii_alphanumeric()).take(20).collect()
            } else {
                String::new()
            },
            refused: (!hit).then(|| {
                lang.pick(
                    "未找到与该受理编号和手机号码相符的诉求，请核对后再查。",
                    "No request matches that number and phone; check both and try again.",
                )
                .to_string()
            }),
            phone: if hit {
                phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').take(20).collect()
            } else {
                String::new()
            },
            found,
            rate_errors: vec![],
            score: String::new(),
            comment: String::new(),
            thanked: false,
        }
    }

    /// The refusal of a rating, with what was typed.
    pub(super) fn refusing(self, errors: Vec<FormError>, score: String, comment: String) -> LookupPage {
        LookupPage { rate_errors: errors, score, comment, ..self }
    }

    pub(super) fn thanking(self) -> LookupPage {
        LookupPage { thanked: true, ..self }
    }

    fn kind(&self, k: &ServiceKind) -> &'static str {
        k.label(self.lang)
    }

    fn status(&self, s: &guichao_domain::services::ServiceStatus) -> &'static str {
        s.label(self.lang)
    }

    fn time(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::layout::show_time(at)
    }

    /// The rating form is offered: done and not yet rated.
    fn rateable(&self) -> bool {
        self.found
            .as_ref()
            .is_some_and(|r| r.status == guichao_domain::services::ServiceStatus::Done && r.score.is_none())
    }

    fn chosen(&self, n: &str) -> bool {
        self.score == n
    }

    fn rate_err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.rate_errors, field, self.lang)
    }

    /// A refusal under no field of the form (the request's state).
    fn rate_other(&self) -> Option<String> {
        self.rate_errors
            .iter()
            .find(|e| e.field != "score" && e.field != "comment")
            .map(|e| e.message.get(self.lang).to_string())
    }
}

pub(super) fn html(status: StatusCode, page: impl Template) -> PageResult<Response> {
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) fn limited() -> AppError {
    AppError::TooManyRequests(guichao_domain::Msg::new(
        "提交过于频繁，请稍后再试",
        "Too many submissions from this network; try again later",
    ))
}

/// `GET /public/{county}/services/new`.
pub(super) async fn new_form(State(state): State<AppState>, Path(code): Path<String>) -> PageResult<Response> {
    let public = state.store.public_services(&code).await?;
    let page = FormPage {
        lang: request_lang(),
        county: public.county_name().to_string(),
        county_code: code,
        typed: Typed::default(),
        challenge: state.public_guard.challenge(),
        errors: vec![],
    };
    html(StatusCode::OK, page)
}

/// `POST /public/{county}/services`: the number, or the form again with
/// the refusal under its fields (and a new question).
pub(super) async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> PageResult<Response> {
    let lang = request_lang();
    let public = state.store.public_services(&code).await?;
    let address = ip.clone().unwrap_or_default();
    if state.public_guard.admit(&address).is_err() {
        return Err(limited());
    }
    let typed = Typed {
        name: form.get("name"),
        phone: form.get("phone"),
        kind: form.get("kind"),
        subject: form.get("subject"),
        details: form.get("details"),
    };
    let mut errors = Vec::new();
    if state.public_guard.check(&form.get("token"), &form.get("answer")) == Err(Refusal::Challenge) {
        errors.push(FormError::new(
            "answer",
            "验证题答案不对或已过期，请重新计算",
            "The answer is wrong or expired; try the new question",
        ));
    }
    let kind = ServiceKind::parse(&typed.kind);
    if kind.is_none() {
        errors.push(FormError::new("kind", "请选择诉求类别", "Choose what you need help with"));
    }
    let draft = PublicDraft {
        name: typed.name.clone(),
        phone: typed.phone.clone(),
        kind: kind.unwrap_or(ServiceKind::Other),
        subject: typed.subject.clone(),
        details: typed.details.clone(),
    };
    if let Err(more) = draft.check() {
        errors.extend(more);
    }
    if errors.is_empty() {
        match public.submit(&draft, today(), ip.as_deref()).await {
            Ok(sent) => {
                let page = SentPage { lang, county: public.county_name().to_string(), county_code: code, sent };
                return html(StatusCode::CREATED, page);
            }
            Err(StoreError::Fields(f)) => errors = f,
            Err(other) => return Err(other.into()),
        }
    }
    let page = FormPage {
        lang,
        county: public.county_name().to_string(),
        county_code: code,
        typed,
        challenge: state.public_guard.challenge(),
        errors,
    };
    html(StatusCode::UNPROCESSABLE_ENTITY, page)
}

/// `GET /public/{county}/services/lookup`: the form (a number may come in the query).
pub(super) async fn lookup_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> PageResult<Response> {
    let public = state.store.public_services(&code).await?;
    let number = FormData::from_query(query.as_deref().unwrap_or_default()).get("number");
    let number: String = number.chars().filter(|c| c.is_ascii_alphanumeric()).take(20).collect();
    let mut page = LookupPage::new(request_lang(), &public, code, "", "", None);
    page.number = number;
    page.refused = None;
    html(StatusCode::OK, page)
}

/// `POST /public/{county}/services/lookup`: the request's status and public
/// replies, or one message whichever half did not match.
pub(super) async fn lookup(
    State(state): State<AppState>,
    Path(code): Path<String>,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> PageResult<Response> {
    let lang = request_lang();
    let public = state.store.public_services(&code).await?;
    if state.public_guard.admit_lookup(&ip.unwrap_or_default()).is_err() {
        return Err(limited());
    }
    let (number, phone) = (form.get("number"), form.get("phone"));
    let found = public.lookup(&number, &phone).await?;
    html(StatusCode::OK, LookupPage::new(lang, &public, code, &number, &phone, found))
}
