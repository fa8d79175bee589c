//! Reading contact records: one with its follow-ups and history, a fellow's
//! timeline, and the list filtered by fellow, cadre and dates.

use super::followups::follow_up_rows;
use super::load::rows;
use super::{ContactDetail, ContactQuery, ContactRow, Contacts, HistoryEntry, MAX_PAGE_ROWS, visible_records};
use crate::entities::{contact_cadre, contact_fellow, contact_history, contact_record, fellow, followup};
use crate::fellows::scope::visible;
use crate::names::user_names;
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

impl Contacts<'_> {
    /// A record with its follow-ups (open first) and its edits (newest first);
    /// `NotFound` when deleted or when the actor may see none of its fellows.
    pub async fn get(&self, id: Uuid) -> StoreResult<ContactDetail> {
        let db = &self.store().db;
        let read = self.0.need(Permission::LiaisonRead)?;
        let t = read.tenant_id();
        let found = contact_record::Entity::find()
            .filter(contact_record::Column::Id.eq(id))
            .filter(visible_records(read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let event_id = crate::events::event_of(db, t, id).await?;
        let can_edit = self.actor().can(Permission::LiaisonWrite)
            && (found.author_id == self.actor().user_id || self.county_wide_writer())
            && event_id.is_none();
        let contact = rows(db, read, vec![found]).await?.remove(0);
        let follow_ups = followup::Entity::find()
            .filter(followup::Column::TenantId.eq(t))
            .filter(followup::Column::ContactId.eq(id))
            .order_by_asc(followup::Column::DoneAt.is_not_null())
            .order_by_asc(followup::Column::Due)
            .all(db)
            .await?;
        let follow_ups = follow_up_rows(db, t, follow_ups, std::slice::from_ref(&contact)).await?;
        let edits = contact_history::Entity::find()
            .filter(contact_history::Column::TenantId.eq(t))
            .filter(contact_history::Column::ContactId.eq(id))
            .order_by_desc(contact_history::Column::At)
            .order_by_desc(contact_history::Column::Id)
            .all(db)
            .await?;
        let names = user_names(db, t, edits.iter().map(|h| h.user_id)).await?;
        let history = edits
            .into_iter()
            .map(|h| HistoryEntry {
                at: h.at,
                user: names.get(&h.user_id).cloned().unwrap_or_default(),
                user_id: h.user_id,
                before: serde_json::from_str(&h.before).unwrap_or(serde_json::Value::Null),
            })
            .collect();
        Ok(ContactDetail { contact, follow_ups, history, can_edit, event_id })
    }

    /// A fellow's contacts, newest first, and how many there are; `NotFound`
    /// when the actor may not see the fellow.
    pub async fn timeline(&self, fellow_id: Uuid, limit: u64, offset: u64) -> StoreResult<(Vec<ContactRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::LiaisonRead)?;
        let t = read.tenant_id();
        if !self.sees_fellow(fellow_id).await? {
            return Err(StoreError::NotFound);
        }
        // The fellow is seen, so every live record naming them is. The page
        // is walked on the fellow's own index (`contact_fellows_timeline`,
        // newest first), each entry checked live by its record's key: the
        // planner cannot instead walk the whole county's records by date.
        let (cf, cr) = (contact_fellow::Entity, contact_record::Entity);
        let live = Query::select()
            .expr(Expr::val(1))
            .from(cr)
            .and_where(Expr::col((cr, contact_record::Column::TenantId)).equals((cf, contact_fellow::Column::TenantId)))
            .and_where(Expr::col((cr, contact_record::Column::Id)).equals((cf, contact_fellow::Column::ContactId)))
            .and_where(contact_record::Column::DeletedAt.is_null())
            .to_owned();
        let naming = contact_fellow::Entity::find()
            .filter(contact_fellow::Column::TenantId.eq(t))
            .filter(contact_fellow::Column::FellowId.eq(fellow_id))
            .filter(Expr::exists(live));
        // The page and how many there are in one statement; a page past the
        // end has no row to carry the count, so it is counted on its own.
        let found: Vec<(Uuid, i64)> = naming
            .clone()
            .select_only()
            .column(contact_fellow::Column::ContactId)
            .expr(Expr::cust("COUNT(*) OVER ()"))
            .order_by_desc(contact_fellow::Column::ContactDate)
            .order_by_desc(contact_fellow::Column::ContactId)
            .offset(offset)
            .limit(limit.clamp(1, MAX_PAGE_ROWS))
            .into_tuple()
            .all(db)
            .await?;
        let total = match found.first() {
            Some(&(_, n)) => n as u64,
            None if offset == 0 => 0,
            None => naming.count(db).await?,
        };
        let ids: Vec<Uuid> = found.into_iter().map(|(id, _)| id).collect();
        let mut page = contact_record::Entity::find()
            .filter(contact_record::Column::TenantId.eq(t))
            .filter(contact_record::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?;
        page.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
        Ok((rows(db, read, page).await?, total))
    }

    /// Whether the actor may see the fellow (archived ones too).
    async fn sees_fellow(&self, fellow_id: Uuid) -> StoreResult<bool> {
        let read = self.0.need(Permission::LiaisonRead)?;
        let found = fellow::Entity::find().filter(fellow::Column::Id.eq(fellow_id)).filter(visible(read));
        Ok(found.count(&self.store().db).await? > 0)
    }

    /// The records the actor may see that meet `q`, newest first, and how many
    /// there are.
    pub async fn list(&self, q: &ContactQuery) -> StoreResult<(Vec<ContactRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::LiaisonRead)?;
        let t = read.tenant_id();
        let mut find = contact_record::Entity::find();
        if let (Some(f), None, None, None) = (q.fellow_id, q.cadre_id, q.from, q.to) {
            // A fellow's records and nothing else asked: their timeline.
            return match self.timeline(f, q.limit, q.offset).await {
                Err(StoreError::NotFound) => Ok((vec![], 0)),
                found => found,
            };
        }
        if let Some(f) = q.fellow_id {
            // A fellow the actor may not see lists nothing; one they may see
            // shows every live record naming them (as the timeline does), read
            // from the fellow's own index rather than from the scope's records.
            if !self.sees_fellow(f).await? {
                return Ok((vec![], 0));
            }
            find = find
                .filter(contact_record::Column::TenantId.eq(t))
                .filter(contact_record::Column::DeletedAt.is_null())
                .filter(
                    contact_record::Column::Id.in_subquery(
                        Query::select()
                            .column(contact_fellow::Column::ContactId)
                            .from(contact_fellow::Entity)
                            .and_where(contact_fellow::Column::TenantId.eq(t))
                            .and_where(contact_fellow::Column::FellowId.eq(f))
                            .to_owned(),
                    ),
                );
        } else {
            find = find.filter(visible_records(read));
        }
        if let Some(c) = q.cadre_id {
            find = find.filter(
                contact_record::Column::Id.in_subquery(
                    Query::select()
                        .column(contact_cadre::Column::ContactId)
                        .from(contact_cadre::Entity)
                        .and_where(contact_cadre::Column::TenantId.eq(t))
                        .and_where(contact_cadre::Column::UserId.eq(c))
                        .to_owned(),
                ),
            );
        }
        if let Some(from) = q.from {
            find = find.filter(contact_record::Column::ContactDate.gte(from));
        }
        if let Some(to) = q.to {
            find = find.filter(contact_record::Column::ContactDate.lte(to));
        }
        let total = find.clone().count(db).await?;
        let page = find
            .order_by_desc(contact_record::Column::ContactDate)
            .order_by_desc(contact_record::Column::Id)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        Ok((rows(db, read, page).await?, total))
    }
}
