//! One contact record (`/liaison/contacts/{id}`): what happened, the fellows
//! by name as the reader may see them, its follow-ups and its edit history;
//! the edit form; the soft delete. Editing and deleting are for the author
//! and county-wide writers: others see no buttons, and the store answers 403
//! (or 404 outside their scope) if they post anyway.

use super::form::ContactForm;
use super::history::{self, Edit, Names};
use super::new::{Frame, after_save, refused, render_form, saved_notice, typed_or};
use super::{cadre_names, fellow_names};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_time};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::contacts::{ContactDetail, ContactFellow, FollowUpRow};
use uuid::Uuid;

/// The most fellows of older versions looked up by name for the history.
const HISTORY_LOOKUPS: usize = 20;

#[derive(Template)]
#[template(path = "contacts/detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ContactDetail,
    edits: Vec<Edit>,
    notice: Option<String>,
}

impl DetailPage {
    fn kind(&self) -> &'static str {
        self.d.contact.kind.label(self.ctx.lang)
    }

    fn seen(&self) -> Vec<&ContactFellow> {
        self.d.contact.fellows.iter().filter(|f| f.name.is_some()).collect()
    }

    fn hidden(&self) -> usize {
        self.d.contact.fellows.iter().filter(|f| f.name.is_none()).count()
    }

    fn cadres(&self) -> String {
        cadre_names(&self.d.contact, self.ctx.lang)
    }

    fn recorded(&self) -> String {
        show_time(&self.d.contact.created_at)
    }

    fn done(&self, f: &FollowUpRow) -> String {
        f.done_at.as_ref().map(show_time).unwrap_or_default()
    }

    fn overdue(&self, f: &FollowUpRow) -> bool {
        f.done_at.is_none() && f.due < today()
    }

    fn or_dash<'a>(&self, s: &'a str) -> &'a str {
        if s.is_empty() { "—" } else { s }
    }
}

/// The names the history may show: fellows the reader sees (those the record
/// names now, and a few looked up from older versions) and the chambers.
async fn names(state: &AppState, user: &PageUser, d: &ContactDetail) -> PageResult<Names> {
    let mut names = Names::default();
    for f in &d.contact.fellows {
        if let Some(n) = &f.name {
            names.fellows.insert(f.fellow_id, n.clone());
        }
    }
    if let Some(c) = d.contact.chamber_id {
        names.chambers.insert(c, d.contact.chamber.clone());
    }
    let mut older: Vec<Uuid> = d.history.iter().flat_map(|h| history::fellow_ids(&h.before)).collect();
    older.sort();
    older.dedup();
    older.retain(|id| !d.contact.fellows.iter().any(|f| f.fellow_id == *id));
    if !older.is_empty() && user.actor.can(Permission::FellowRead) {
        let fellows = state.store.fellows(&user.actor, Permission::FellowRead)?;
        for id in older.into_iter().take(HISTORY_LOOKUPS) {
            if let Ok(f) = fellows.get(id).await {
                names.fellows.insert(id, f.name);
            }
        }
    }
    if !d.history.is_empty() && user.actor.can(Permission::ChamberRead) {
        for c in state.store.chambers(&user.actor, Permission::ChamberRead)?.list().await? {
            names.chambers.insert(c.id, c.name);
        }
    }
    Ok(names)
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let d = state.store.contacts(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let names = names(&state, &user, &d).await?;
    let edits = history::edits(&d.contact, &d.history, &names, user.lang);
    let page =
        DetailPage { ctx: Ctx::new(&user, "/liaison"), notice: state.flash.take_notice(&user.session), edits, d };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

fn edit_frame(user: &PageUser, d: &ContactDetail) -> Frame {
    let id = d.contact.id;
    Frame {
        heading: user.lang.pick("修改联系记录", "Edit contact"),
        action: format!("/liaison/contacts/{id}/edit"),
        back: String::new(),
        cancel: format!("/liaison/contacts/{id}"),
        record: Some(d.contact.clone()),
    }
}

/// The record a user may edit: 404 outside their scope, 403 when it is not theirs to change.
async fn editable(state: &AppState, user: &PageUser, id: Uuid) -> PageResult<ContactDetail> {
    let d = state.store.contacts(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    if !d.can_edit {
        return Err(AppError::Forbidden);
    }
    Ok(d)
}

/// `GET /liaison/contacts/{id}/edit`: the form filled with the record.
pub(super) async fn edit_form(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    RawQuery(q): RawQuery,
) -> PageResult<Response> {
    let d = editable(&state, &user, id).await?;
    let query = FormData::from_query(q.as_deref().unwrap_or_default());
    let open = d.follow_ups.iter().find(|f| f.done_at.is_none()).map(|f| (f.what.as_str(), f.owner_id, f.due));
    let form = typed_or(&query, || ContactForm::from_row(&d.contact, open, user.actor.user_id()));
    render_form(&state, &user, edit_frame(&user, &d), form, vec![], query.get("q")).await
}

/// `POST /liaison/contacts/{id}/edit`: saves the edit (the store keeps the
/// version before it), then to the record with a notice.
pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = ContactForm::from_form(&form);
    let saved = match typed.draft() {
        Ok(draft) => match state.store.contacts(&user.actor, Permission::LiaisonWrite)?.update(id, draft).await {
            Ok(()) => Ok(()),
            Err(e) => Err(refused(e)?),
        },
        Err(errors) => Err(errors),
    };
    match saved {
        Ok(()) => {
            let row = state.store.contacts(&user.actor, Permission::LiaisonRead)?.get(id).await?.contact;
            state.flash.keep(&user.session, Kept::Notice(saved_notice(&user, &row, true)));
            Ok(Redirect::to(&after_save("", id, &row)).into_response())
        }
        Err(errors) => {
            let d = editable(&state, &user, id).await?;
            render_form(&state, &user, edit_frame(&user, &d), typed, errors, String::new()).await
        }
    }
}

/// `POST /liaison/contacts/{id}/delete`: deletes softly, then to the list with a notice.
pub(super) async fn delete(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let contacts = state.store.contacts(&user.actor, Permission::LiaisonWrite)?;
    let row = state.store.contacts(&user.actor, Permission::LiaisonRead)?.get(id).await?.contact;
    contacts.delete(id).await?;
    let lang = user.lang;
    let notice = format!(
        "{}{}{} · {} · {}",
        lang.pick("已删除联系记录", "Contact deleted"),
        lang.pick("：", ": "),
        fellow_names(&row, lang),
        row.kind.label(lang),
        row.date
    );
    state.flash.keep(&user.session, Kept::Notice(notice));
    Ok(Redirect::to("/liaison/contacts").into_response())
}
