//! What the contact form offers to choose from: the fellows (those already
//! chosen, the user's own assigned fellows, and the matches of a search typed
//! without script), the cadres (the user, the chosen fellows' liaison cadres
//! and the record's own), and the chambers the user may read.

use super::form::ContactForm;
use crate::AppState;
use crate::error::AppError;
use guichao_domain::access::Permission;
use guichao_store::contacts::ContactRow;
use guichao_store::{Actor, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

/// The most chosen fellows the form looks up by id (a forum names more; the
/// others stay chosen and are shown by count).
const LOOKED_UP: usize = 30;
/// The user's own fellows offered on the form.
const MINE: u64 = 50;
/// Matches of a search offered on the form.
const FOUND: u64 = 20;

/// A fellow or a person on the form, with whether it is chosen.
#[derive(Debug, Clone)]
pub struct Pick {
    pub id: String,
    pub name: String,
    /// Where the fellow is from, or the cadre's unit; may be empty.
    pub about: String,
    pub checked: bool,
}

#[derive(Debug, Default)]
pub struct Choices {
    pub fellows: Vec<Pick>,
    /// Chosen fellows the form could not show by name (beyond the look-up).
    pub unnamed: usize,
    pub cadres: Vec<Pick>,
    /// `(id, name)` of the chambers the user may read (empty without `chamber.read`).
    pub chambers: Vec<(String, String)>,
}

/// A lookup that the user's grants do not allow counts as nothing found.
fn allowed<T: Default>(r: Result<T, StoreError>) -> Result<T, AppError> {
    match r {
        Ok(v) => Ok(v),
        Err(StoreError::Forbidden | StoreError::NotFound) => Ok(T::default()),
        Err(e) => Err(e.into()),
    }
}

fn push(list: &mut Vec<Pick>, id: Uuid, name: &str, about: String, chosen: &[String]) {
    let id = id.to_string();
    if !list.iter().any(|p| p.id == id) {
        let checked = chosen.contains(&id);
        list.push(Pick { id, name: name.to_string(), about, checked });
    }
}

/// The choices for `form`; `record` is the record being edited, whose
/// fellows and cadres are known by name already.
pub async fn load(
    state: &AppState,
    actor: &Actor,
    form: &ContactForm,
    record: Option<&ContactRow>,
    search: &str,
) -> Result<Choices, AppError> {
    let store = &state.store;
    let mut c = Choices::default();
    let chosen: Vec<Uuid> = form.fellow_ids.iter().filter_map(|t| Uuid::parse_str(t).ok()).collect();
    let known: HashMap<Uuid, String> = record
        .map(|r| r.fellows.iter().filter_map(|f| Some((f.fellow_id, f.name.clone()?))).collect())
        .unwrap_or_default();
    for (i, id) in chosen.iter().enumerate() {
        if let Some(name) = known.get(id) {
            push(&mut c.fellows, *id, name, String::new(), &form.fellow_ids);
        } else if i < LOOKED_UP
            && let Some(f) =
                allowed(async { Ok(Some(store.fellows(actor, Permission::FellowRead)?.get(*id).await?)) }.await)?
        {
            push(&mut c.fellows, f.id, &f.name, [f.township, f.village].join(" ").trim().into(), &form.fellow_ids);
        }
    }
    c.unnamed = chosen.len().saturating_sub(c.fellows.len());
    let mine = allowed(async { store.liaison(actor, Permission::LiaisonRead)?.mine(MINE, None).await }.await)?;
    for r in mine {
        push(&mut c.fellows, r.fellow_id, &r.name, [r.township, r.village].join(" ").trim().into(), &form.fellow_ids);
    }
    let search = search.trim();
    if !search.is_empty() {
        let found = allowed(async { store.fellows(actor, Permission::FellowRead)?.search(search, FOUND).await }.await)?;
        for f in found {
            push(&mut c.fellows, f.id, &f.name, [f.township, f.village].join(" ").trim().into(), &form.fellow_ids);
        }
    }

    push(&mut c.cadres, actor.user_id(), actor.display_name(), actor.unit_name().into(), &form.cadre_ids);
    if let Some(r) = record {
        for cadre in &r.cadres {
            push(&mut c.cadres, cadre.user_id, &cadre.name, String::new(), &form.cadre_ids);
        }
    }
    for id in chosen.iter().take(10) {
        let assigned = allowed(async { store.liaison(actor, Permission::LiaisonRead)?.of_fellow(*id).await }.await)?;
        for a in assigned {
            push(&mut c.cadres, a.cadre_id, &a.cadre_name, String::new(), &form.cadre_ids);
        }
    }

    if actor.can(Permission::ChamberRead) {
        let all = allowed(async { store.chambers(actor, Permission::ChamberRead)?.list().await }.await)?;
        c.chambers = all.into_iter().map(|ch| (ch.id.to_string(), ch.name)).collect();
    }
    Ok(c)
}
