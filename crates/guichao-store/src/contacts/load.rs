//! Turning stored records into rows for the reader: the fellows they may
//! see by name, the others without, the cadres, the chamber and the author.
//! A page of records costs five queries whatever its length.

use super::{ContactCadre, ContactFellow, ContactRow};
use crate::entities::{chamber, contact_cadre, contact_fellow, contact_record, fellow};
use crate::fellows::scope::visible;
use crate::names::user_names;
use crate::{Scope, StoreResult};
use guichao_domain::liaison::ContactKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The kind of a stored record; a code this version does not know reads as "other".
pub(super) fn kind_of(code: &str) -> ContactKind {
    ContactKind::parse(code).unwrap_or(ContactKind::Other)
}

/// The rows of `records` as the holder of `scope` reads them, in the order given.
pub(super) async fn rows(
    db: &impl ConnectionTrait,
    scope: &Scope,
    records: Vec<contact_record::Model>,
) -> StoreResult<Vec<ContactRow>> {
    if records.is_empty() {
        return Ok(vec![]);
    }
    let t = scope.tenant_id();
    let ids: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    // Only the key's columns, so the key's own index answers.
    let links: Vec<(Uuid, Uuid)> = contact_fellow::Entity::find()
        .select_only()
        .column(contact_fellow::Column::ContactId)
        .column(contact_fellow::Column::FellowId)
        .filter(contact_fellow::Column::TenantId.eq(t))
        .filter(contact_fellow::Column::ContactId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let mut named: Vec<Uuid> = links.iter().map(|l| l.1).collect();
    named.sort_unstable();
    named.dedup();
    let seen: HashMap<Uuid, String> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .column(fellow::Column::Name)
        .filter(fellow::Column::Id.is_in(named))
        .filter(visible(scope))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let cadres = contact_cadre::Entity::find()
        .filter(contact_cadre::Column::TenantId.eq(t))
        .filter(contact_cadre::Column::ContactId.is_in(ids))
        .all(db)
        .await?;
    let people = cadres.iter().map(|c| c.user_id).chain(records.iter().map(|r| r.author_id));
    let names = user_names(db, t, people).await?;
    let chamber_ids: Vec<Uuid> = records.iter().filter_map(|r| r.chamber_id).collect();
    let chambers: HashMap<Uuid, String> = if chamber_ids.is_empty() {
        HashMap::new()
    } else {
        chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .filter(chamber::Column::Id.is_in(chamber_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    };
    Ok(records
        .into_iter()
        .map(|r| {
            let mut fellows: Vec<ContactFellow> = links
                .iter()
                .filter(|l| l.0 == r.id)
                .map(|&(_, fellow_id)| ContactFellow { fellow_id, name: seen.get(&fellow_id).cloned() })
                .collect();
            fellows.sort_by(|a, b| {
                (a.name.is_none(), &a.name, a.fellow_id).cmp(&(b.name.is_none(), &b.name, b.fellow_id))
            });
            let mut cadres: Vec<ContactCadre> = cadres
                .iter()
                .filter(|c| c.contact_id == r.id)
                .map(|c| ContactCadre { user_id: c.user_id, name: names.get(&c.user_id).cloned().unwrap_or_default() })
                .collect();
            cadres.sort_by(|a, b| (&a.name, a.user_id).cmp(&(&b.name, b.user_id)));
            ContactRow {
                id: r.id,
                kind: kind_of(&r.kind),
                date: r.contact_date,
                place: r.place,
                fellows,
                cadres,
                chamber: r.chamber_id.and_then(|c| chambers.get(&c).cloned()).unwrap_or_default(),
                chamber_id: r.chamber_id,
                notes: r.notes,
                outcome: r.outcome,
                author: names.get(&r.author_id).cloned().unwrap_or_default(),
                author_id: r.author_id,
                created_at: r.created_at,
                updated_at: r.updated_at,
            }
        })
        .collect())
}

/// A record's image for its history and the audit chain: fellows by id (a
/// reader is shown only those they may see), cadres by id and name.
pub(super) fn image(r: &contact_record::Model, fellow_ids: &[Uuid], cadres: &[(Uuid, String)]) -> Value {
    json!({
        "kind": r.kind, "date": r.contact_date, "place": r.place, "fellow_ids": fellow_ids,
        "cadre_ids": cadres.iter().map(|c| c.0).collect::<Vec<_>>(),
        "cadres": cadres.iter().map(|c| c.1.clone()).collect::<Vec<_>>(),
        "chamber_id": r.chamber_id, "notes": r.notes, "outcome": r.outcome,
    })
}
