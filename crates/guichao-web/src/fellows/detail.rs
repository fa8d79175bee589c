//! A fellow's page: the profile with personal data masked (each value can be
//! revealed, audited, by those allowed), companies, chambers, relations, roles
//! held, liaison assignments per level, the record's history, and archive,
//! restore and undo-merge.

use super::labels;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_time};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{CompanyRole, HeldRole, RelationKind};
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use guichao_store::audit::AuditEntry;
use guichao_store::contacts::ContactRow;
use guichao_store::fellows::{AssignmentRow, FellowView, PersonalField};
use std::collections::HashMap;
use uuid::Uuid;

/// Contacts shown on the fellow's page; the rest are on the contact list.
const TIMELINE: u64 = 5;

#[derive(Template)]
#[template(path = "fellows/detail.html")]
struct DetailPage {
    ctx: Ctx,
    f: FellowView,
    revealed: Vec<(PersonalField, Option<String>)>,
    history: Vec<AuditEntry>,
    extras: Extras,
    merged_name: Option<String>,
    can_liaison: bool,
    /// Whether the viewer reads the audit log (a link to this fellow's events).
    can_audit: bool,
    /// The viewer's level: they may end assignments at it or below only.
    unit_level: UnitLevel,
    today: String,
    /// The fellow's latest contacts (when the viewer reads liaison work) and
    /// how many there are in all.
    contacts: Option<(Vec<ContactRow>, u64)>,
    /// Whether the viewer may record a contact with the fellow.
    can_record: bool,
    /// What the last form did (a contact recorded from this page).
    notice: Option<String>,
    /// The policies the fellow benefited from (when the viewer reads policies).
    policies: Option<Vec<guichao_store::policies::FellowPolicyRow>>,
}

/// What a sub-form left behind: its section's message and what was typed.
#[derive(Default)]
pub struct Extras {
    pub section: &'static str,
    pub error: Option<String>,
    pub typed: HashMap<String, String>,
}

impl Extras {
    /// A refusal in `section`, keeping the sub-form's fields.
    pub fn refused(section: &'static str, message: String, form: &FormData, fields: &[&str]) -> Extras {
        let typed = fields.iter().map(|f| (f.to_string(), form.get(f))).collect();
        Extras { section, error: Some(message), typed }
    }

    /// A refusal in `section` of a form with nothing worth keeping.
    pub fn at(section: &'static str, message: String) -> Extras {
        Extras { section, error: Some(message), typed: HashMap::new() }
    }
}

pub struct PersonalRow {
    pub code: &'static str,
    pub label: &'static str,
    pub shown: String,
    pub revealed: bool,
    pub can_show: bool,
}

impl DetailPage {
    fn lang(&self) -> guichao_domain::Lang {
        self.ctx.lang
    }

    fn fen(&self, fen: &Option<i64>) -> String {
        fen.map(|f| guichao_domain::funds::show_fen(f, self.ctx.lang)).unwrap_or_default()
    }

    fn profile(&self) -> Vec<(&'static str, String)> {
        let f = &self.f;
        let l = self.lang();
        let home =
            [f.township.as_str(), f.village.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
        let lives = [f.province.as_str(), f.city.as_str(), f.district.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>();
        vec![
            (labels::field("gender", l), labels::gender(&f.gender, l)),
            (labels::field("birth_date", l), f.birth_date.map(|d| d.to_string()).unwrap_or_default()),
            (labels::field("category", l), labels::category(&f.category, l)),
            (self.ctx.t("籍贯", "Home"), home.join(" ")),
            (self.ctx.t("现居", "Lives in"), lives.join(" ")),
            (labels::field("employer", l), f.employer.clone()),
            (labels::field("title", l), f.title.clone()),
            (labels::field("industry", l), f.industry.clone()),
            (labels::field("status", l), labels::status(&f.status, l)),
            (labels::field("source", l), f.source.clone()),
            (
                labels::field("consent", l),
                if f.consent { self.ctx.t("是", "Yes") } else { self.ctx.t("否", "No") }.to_string(),
            ),
        ]
    }

    fn personal(&self) -> Vec<PersonalRow> {
        super::form::PERSONAL
            .iter()
            .map(|(code, field)| {
                let stored = super::form::masked(&self.f, *field);
                let revealed = self.revealed.iter().find(|(r, _)| r == field);
                let shown = match revealed {
                    Some((_, value)) => value.clone().unwrap_or_default(),
                    None => stored.unwrap_or_default().to_string(),
                };
                PersonalRow {
                    code,
                    label: field.label(self.lang()),
                    shown: if shown.is_empty() { "—".into() } else { shown },
                    revealed: revealed.is_some(),
                    can_show: self.f.can_reveal && stored.is_some() && revealed.is_none(),
                }
            })
            .collect()
    }

    fn status_label(&self) -> String {
        labels::status(&self.f.status, self.lang())
    }

    fn company_role(&self, code: &str) -> String {
        labels::company_role(code, self.lang())
    }

    fn relation(&self, code: &str) -> String {
        labels::relation(code, self.lang())
    }

    fn position(&self, code: &str) -> String {
        labels::position(code, self.lang())
    }

    fn held_role(&self, code: &str) -> String {
        labels::held_role(code, self.lang())
    }

    fn date(&self, d: &Option<NaiveDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
    }

    fn company_roles(&self) -> Vec<(&'static str, &'static str)> {
        CompanyRole::ALL.iter().map(|r| (r.code(), r.label(self.lang()))).collect()
    }

    fn relation_kinds(&self) -> Vec<(&'static str, &'static str)> {
        RelationKind::ALL.iter().map(|r| (r.code(), r.label(self.lang()))).collect()
    }

    fn held_roles(&self) -> Vec<(&'static str, &'static str)> {
        HeldRole::ALL.iter().map(|r| (r.code(), r.label(self.lang()))).collect()
    }

    /// The live assignments at each level (a level without one shows a gap).
    fn levels(&self) -> Vec<(&'static str, &'static str, Vec<&AssignmentRow>)> {
        LiaisonLevel::ALL
            .iter()
            .map(|l| {
                (l.code(), l.label(self.lang()), self.f.assignments.iter().filter(|a| a.level == l.code()).collect())
            })
            .collect()
    }

    /// Whether the viewer may end this assignment (their own level or below).
    fn may_end(&self, a: &AssignmentRow) -> bool {
        self.can_liaison && LiaisonLevel::parse(&a.level).is_some_and(|l| l.managed_from(self.unit_level))
    }

    fn since(&self, a: &AssignmentRow) -> String {
        show_time(&a.started_at).chars().take(10).collect()
    }

    fn history_rows(&self) -> Vec<(String, String, String, String)> {
        self.history
            .iter()
            .map(|e| {
                let (what, about) = labels::history_line(e, self.lang());
                (show_time(&e.at), e.actor_name.clone(), what, about)
            })
            .collect()
    }

    fn contact_kind(&self, c: &ContactRow) -> &'static str {
        c.kind.label(self.lang())
    }

    fn contact_fellows(&self, c: &ContactRow) -> String {
        crate::contacts::fellow_names(c, self.lang())
    }

    fn contact_cadres(&self, c: &ContactRow) -> String {
        crate::contacts::cadre_names(c, self.lang())
    }

    fn contact_notes(&self, c: &ContactRow) -> String {
        crate::contacts::excerpt(&c.notes, 60)
    }

    fn error_in(&self, section: &str) -> Option<&String> {
        self.extras.error.as_ref().filter(|_| self.extras.section == section)
    }

    /// What was typed into a sub-form that was refused.
    fn typed(&self, name: &str) -> &str {
        self.extras.typed.get(name).map(String::as_str).unwrap_or_default()
    }

    fn is_typed(&self, name: &str, value: &str) -> bool {
        self.typed(name) == value
    }
}

/// Renders the page with `status` and a sub-form's leftovers, showing what
/// this session revealed of the fellow lately.
pub async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    status: StatusCode,
    extras: Extras,
) -> PageResult<Response> {
    let store = &state.store;
    let revealed = state.flash.revealed(&user.session, id);
    let f = store.fellows(&user.actor, Permission::FellowRead)?.get(id).await?;
    let history = store.fellows(&user.actor, Permission::FellowRead)?.history(id).await?;
    let merged_name = match f.merged_into {
        Some(into) => Some(
            store
                .fellows(&user.actor, Permission::FellowRead)?
                .get(into)
                .await
                .map(|k| k.name)
                .unwrap_or_else(|_| into.to_string()),
        ),
        None => None,
    };
    let contacts = if user.actor.can(Permission::LiaisonRead) {
        Some(store.contacts(&user.actor, Permission::LiaisonRead)?.timeline(id, TIMELINE, 0).await?)
    } else {
        None
    };
    let policies = if user.actor.can(Permission::PolicyRead) {
        Some(store.policies(&user.actor, Permission::PolicyRead)?.of_fellow(id).await?)
    } else {
        None
    };
    let page = DetailPage {
        policies,
        ctx: Ctx::new(user, "/fellows"),
        contacts,
        can_record: user.actor.can(Permission::LiaisonWrite) && f.archived_at.is_none(),
        notice: state.flash.take_notice(&user.session),
        can_liaison: user.actor.can(Permission::LiaisonWrite),
        can_audit: user.actor.can(Permission::AuditRead),
        unit_level: user.actor.unit_level(),
        today: guichao_domain::date::today().to_string(),
        f,
        revealed,
        history,
        extras,
        merged_name,
    };
    let mut res = (status, Html(page.render().map_err(AppError::internal)?)).into_response();
    // A page may hold a revealed value: never keep it in a cache.
    res.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, id, StatusCode::OK, Extras::default()).await
}

/// Reveals one personal value (the store records who looked), then back to
/// the page, which shows it for a while: a refresh neither reveals nor audits
/// again.
pub async fn reveal(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let field = PersonalField::parse(&form.get("field"))
        .ok_or_else(|| AppError::invalid("请选择要显示的信息", "Choose what to show"))?;
    let value = state.store.fellows(&user.actor, Permission::FellowReveal)?.reveal(id, field).await?;
    state.flash.keep(&user.session, Kept::Revealed { fellow: id, field, value });
    Ok(Redirect::to(&format!("/fellows/{id}#personal")).into_response())
}

/// Runs a write about the fellow, then goes back to the page; a refusal shows
/// on the page (at `section`) with the status it deserves.
pub async fn after_write(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    anchor: &str,
    result: Result<(), impl Into<AppError>>,
    on_refusal: impl FnOnce(String) -> Extras,
) -> PageResult<Response> {
    match result.map_err(Into::into) {
        Ok(()) => Ok(Redirect::to(&format!("/fellows/{id}{anchor}")).into_response()),
        Err(AppError::Invalid(m)) => {
            render(state, user, id, StatusCode::UNPROCESSABLE_ENTITY, on_refusal(m.get(user.lang).into())).await
        }
        Err(AppError::Conflict(m)) => {
            render(state, user, id, StatusCode::CONFLICT, on_refusal(m.get(user.lang).into())).await
        }
        Err(e) => Err(e),
    }
}

fn top(message: String) -> Extras {
    Extras::at("top", message)
}

pub async fn archive(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let result = state.store.fellows(&user.actor, Permission::FellowWrite)?.archive(id).await;
    after_write(&state, &user, id, "", result, top).await
}

pub async fn restore(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let result = state.store.fellows(&user.actor, Permission::FellowWrite)?.restore(id).await;
    after_write(&state, &user, id, "", result, top).await
}

pub async fn unmerge(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let result = state.store.fellows(&user.actor, Permission::FellowWrite)?.unmerge(id).await;
    after_write(&state, &user, id, "", result, top).await
}
