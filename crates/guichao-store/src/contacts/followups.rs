//! Follow-ups (跟进事项): the to-dos contacts leave, each with an owner and a
//! due date. An owner's list is split into due (open, not yet past its
//! day), overdue (open, past it) and done; finishing one takes a one-line
//! result, recorded with who and when.

use super::load::rows;
use super::{ContactFellow, ContactRow, Contacts, MAX_PAGE_ROWS, visible_records};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{contact_record, followup};
use crate::names::user_names;
use crate::{StoreError, StoreResult, now};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::liaison::{ContactKind, FOLLOW_UP_RESULT};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// Which of an owner's follow-ups a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpFilter {
    /// Open and due on or after the day asked about.
    Due,
    /// Open and due before the day asked about.
    Overdue,
    /// Done, latest first.
    Done,
    /// Every open one, soonest due first.
    Open,
}

/// A page of the signed-in user's follow-ups as of a day.
#[derive(Debug, Clone)]
pub struct FollowUpQuery {
    pub filter: FollowUpFilter,
    pub as_of: NaiveDate,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// For the home page's card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FollowUpCounts {
    pub open: u64,
    pub overdue: u64,
}

/// A follow-up with the contact that left it.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub contact_date: NaiveDate,
    pub kind: ContactKind,
    /// The contact's fellows, named as the reader may see them.
    pub fellows: Vec<ContactFellow>,
    pub what: String,
    pub owner_id: Uuid,
    pub owner: String,
    pub due: NaiveDate,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<Uuid>,
    pub result: String,
}

/// `found` as rows, with the contact of each taken from `contacts`.
pub(super) async fn follow_up_rows(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    found: Vec<followup::Model>,
    contacts: &[ContactRow],
) -> StoreResult<Vec<FollowUpRow>> {
    let owners = user_names(db, tenant_id, found.iter().map(|f| f.owner_id)).await?;
    Ok(found
        .into_iter()
        .filter_map(|f| {
            let c = contacts.iter().find(|c| c.id == f.contact_id)?;
            Some(FollowUpRow {
                id: f.id,
                contact_id: f.contact_id,
                contact_date: c.date,
                kind: c.kind,
                fellows: c.fellows.clone(),
                what: f.what,
                owner: owners.get(&f.owner_id).cloned().unwrap_or_default(),
                owner_id: f.owner_id,
                due: f.due,
                done_at: f.done_at,
                done_by: f.done_by,
                result: f.result,
            })
        })
        .collect())
}

impl Contacts<'_> {
    /// The actor's follow-ups of live contacts that meet `filter` on `as_of`.
    fn mine(&self, filter: FollowUpFilter, as_of: NaiveDate) -> sea_orm::Select<followup::Entity> {
        let t = self.actor().tenant_id;
        let live = Query::select()
            .column(contact_record::Column::Id)
            .from(contact_record::Entity)
            .and_where(contact_record::Column::TenantId.eq(t))
            .and_where(contact_record::Column::DeletedAt.is_null())
            .to_owned();
        let which = match filter {
            FollowUpFilter::Due => {
                Condition::all().add(followup::Column::DoneAt.is_null()).add(followup::Column::Due.gte(as_of))
            }
            FollowUpFilter::Overdue => {
                Condition::all().add(followup::Column::DoneAt.is_null()).add(followup::Column::Due.lt(as_of))
            }
            FollowUpFilter::Done => Condition::all().add(followup::Column::DoneAt.is_not_null()),
            FollowUpFilter::Open => Condition::all().add(followup::Column::DoneAt.is_null()),
        };
        followup::Entity::find()
            .filter(followup::Column::TenantId.eq(t))
            .filter(followup::Column::OwnerId.eq(self.actor().user_id))
            .filter(which)
            .filter(followup::Column::ContactId.in_subquery(live))
    }

    /// A page of the actor's own follow-ups, and how many there are.
    pub async fn followups(&self, q: &FollowUpQuery) -> StoreResult<(Vec<FollowUpRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::LiaisonRead)?;
        let find = self.mine(q.filter, q.as_of);
        let total = find.clone().count(db).await?;
        let find = match q.filter {
            FollowUpFilter::Done => find.order_by_desc(followup::Column::DoneAt),
            _ => find.order_by_asc(followup::Column::Due),
        };
        let page = find
            .order_by_asc(followup::Column::Id)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let mut ids: Vec<Uuid> = page.iter().map(|f| f.contact_id).collect();
        ids.sort();
        ids.dedup();
        let records = contact_record::Entity::find()
            .filter(contact_record::Column::TenantId.eq(read.tenant_id()))
            .filter(contact_record::Column::Id.is_in(ids))
            .all(db)
            .await?;
        let contacts = rows(db, read, records).await?;
        Ok((follow_up_rows(db, read.tenant_id(), page, &contacts).await?, total))
    }

    /// How many of the actor's follow-ups are open, and how many of those are
    /// overdue on `as_of`.
    pub async fn followup_counts(&self, as_of: NaiveDate) -> StoreResult<FollowUpCounts> {
        let db = &self.store().db;
        self.0.need(Permission::LiaisonRead)?;
        let open = self.mine(FollowUpFilter::Open, as_of).count(db).await?;
        let overdue = self.mine(FollowUpFilter::Overdue, as_of).count(db).await?;
        Ok(FollowUpCounts { open, overdue })
    }

    /// Marks a follow-up done with a one-line result: for its owner and the
    /// author of its contact. `NotFound` for one the actor may not see.
    pub async fn finish(&self, id: Uuid, result: &str) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let write = self.0.need(Permission::LiaisonWrite)?;
        let t = actor.tenant_id;
        let result = FOLLOW_UP_RESULT.check(result).map_err(|message| {
            StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "result", message }])
        })?;
        let tx = store.begin_write().await?;
        let f = followup::Entity::find_by_id((t, id)).lock_exclusive().one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let contact =
            contact_record::Entity::find_by_id((t, f.contact_id)).one(&*tx).await?.filter(|c| c.deleted_at.is_none());
        let Some(contact) = contact else { return Err(StoreError::NotFound) };
        if f.owner_id != actor.user_id && contact.author_id != actor.user_id {
            let seen = contact_record::Entity::find()
                .filter(contact_record::Column::Id.eq(contact.id))
                .filter(visible_records(write))
                .count(&*tx)
                .await?;
            return Err(if seen > 0 { StoreError::Forbidden } else { StoreError::NotFound });
        }
        if f.done_at.is_some() {
            return Err(StoreError::conflict("该跟进事项已办结", "This follow-up is already done"));
        }
        followup::Entity::update_many()
            .col_expr(followup::Column::DoneAt, Expr::value(Some(now())))
            .col_expr(followup::Column::DoneBy, Expr::value(Some(actor.user_id)))
            .col_expr(followup::Column::Result, Expr::value(result.clone()))
            .filter(followup::Column::TenantId.eq(t))
            .filter(followup::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let detail = json!({"followup_id": id, "what": f.what, "due": f.due, "result": result});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FollowUpDone, "contact", f.contact_id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
