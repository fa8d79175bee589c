//! The attendance form of an event's page: every listed fellow and cadre
//! with 出席 / 受邀 / 移除, every chamber of the county with 出席 / 受邀 / —,
//! and boxes to add fellows and cadres by name (or id), one a line.

use super::detail::render;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::fellow_named;
use crate::flash::Kept;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::events::Attendance;
use guichao_store::Actor;
use guichao_store::events::{AttendanceDraft, ContactChanges};
use uuid::Uuid;

/// What to do when several fellows share a typed name.
const PASTE_ID: (&str, &str) = ("请粘贴乡友编号", "paste the fellow id");

/// What the add boxes held, to show again after a refusal.
#[derive(Debug, Clone, Default)]
pub struct AttendanceForm {
    pub add_fellows: String,
    pub add_cadres: String,
}

/// The listed rows of one kind: each `{prefix}_ids` value with the status
/// its `{prefix}_{id}` radio chose (`remove` or nothing drops it).
fn listed(form: &FormData, prefix: &str) -> Result<Vec<(Uuid, Attendance)>, AppError> {
    let mut out = vec![];
    for id in form.all(&format!("{prefix}_ids")) {
        let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::invalid("出席名单有误", "Bad attendance list"))?;
        if let Some(status) = Attendance::parse(&form.get(&format!("{prefix}_{id}"))) {
            out.push((id, status));
        }
    }
    Ok(out)
}

/// The lines of an add box: split on new lines, commas and 、.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', ',', '，', '、', ';', '；']).map(str::trim).filter(|s| !s.is_empty())
}

/// The whole attendance the form sends.
async fn draft(state: &AppState, actor: &Actor, form: &FormData) -> Result<AttendanceDraft, AppError> {
    let status = |name: &str| Attendance::parse(&form.get(name)).unwrap_or(Attendance::Attended);
    let mut fellows = listed(form, "fellow")?;
    for line in lines(&form.get("add_fellows")) {
        fellows.push((fellow_named(state, actor, line, PASTE_ID).await?, status("add_fellow_status")));
    }
    let mut cadres = listed(form, "cadre")?;
    let writer = state.store.events(actor, Permission::LiaisonWrite)?;
    for line in lines(&form.get("add_cadres")) {
        let id = match Uuid::parse_str(line) {
            Ok(id) => id,
            Err(_) => writer.cadre_named(line).await?,
        };
        cadres.push((id, status("add_cadre_status")));
    }
    Ok(AttendanceDraft { fellows, cadres, chambers: listed(form, "chamber")? })
}

/// What the save did, in a sentence.
fn said(c: ContactChanges, lang: guichao_domain::Lang) -> String {
    match lang {
        guichao_domain::Lang::Zh => {
            format!("出席名单已保存：新增联系记录 {} 条，更新 {} 条，撤销 {} 条", c.created, c.updated, c.removed)
        }
        guichao_domain::Lang::En => {
            format!("Attendance saved: {} contacts recorded, {} changed, {} withdrawn", c.created, c.updated, c.removed)
        }
    }
}

/// `POST /events/{id}/attendees`.
pub(super) async fn save(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = AttendanceForm { add_fellows: form.get("add_fellows"), add_cadres: form.get("add_cadres") };
    let saved: Result<ContactChanges, AppError> = async {
        let d = draft(&state, &user.actor, &form).await?;
        Ok(state.store.events(&user.actor, Permission::LiaisonWrite)?.set_attendance(id, d).await?)
    }
    .await;
    match saved {
        Ok(changes) => {
            state.flash.keep(&user.session, Kept::Notice(said(changes, user.lang)));
            Ok(Redirect::to(&format!("/events/{id}#attendance")).into_response())
        }
        Err(AppError::Invalid(m) | AppError::Conflict(m)) => {
            render(&state, &user, id, typed, Some(m.get(user.lang).to_string())).await
        }
        Err(other) => Err(other),
    }
}
