//! Reading requests: a page of a list (mine, my unit's, overdue, all) with
//! its total, one request with its trail and replies, a returnee's details
//! for the new-fellow form, and the units and users a request may go to.

use super::{
    Choice, ListFilter, MAX_PAGE_ROWS, ReplyRow, ReturneePrefill, ServiceDetail, ServiceQuery, ServiceRow, Services,
    StepRow, kind_of, overdue_condition, status_of, visible,
};
use crate::entities::{fellow, org_unit, service_event, service_reply, service_request, user};
use crate::{Scope, StoreError, StoreResult};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::fellows::Phone;
use guichao_domain::services::{is_overdue, on_time};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The most units or users offered to choose from.
const MAX_CHOICES: u64 = 500;

impl Services<'_> {
    /// The condition of a list for the reader.
    fn list_condition(&self, scope: &Scope, q: &ServiceQuery) -> Condition {
        use service_request::Column as C;
        let base = match q.filter {
            // Assigned to the reader: seen by that alone, whatever the unit.
            ListFilter::Mine => {
                Condition::all().add(C::TenantId.eq(scope.tenant_id())).add(C::AssigneeId.eq(scope.user_id()))
            }
            ListFilter::Unit => visible(scope).add(C::UnitId.eq(self.actor().unit_id())),
            ListFilter::Overdue => visible(scope).add(overdue_condition(q.today)),
            ListFilter::All => visible(scope),
        };
        match q.kind {
            Some(kind) => base.add(C::Kind.eq(kind.code())),
            None => base,
        }
    }

    /// A page of a list and the list's total.
    pub async fn list(&self, q: &ServiceQuery) -> StoreResult<(Vec<ServiceRow>, u64)> {
        let scope = self.0.need(Permission::ServiceRead)?;
        let db = &self.store().db;
        let cond = self.list_condition(scope, q);
        let total = service_request::Entity::find().filter(cond.clone()).count(db).await?;
        let rows = service_request::Entity::find()
            .filter(cond)
            .order_by_desc(service_request::Column::ReceivedOn)
            .order_by_desc(service_request::Column::Id)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        Ok((self.rows(&rows, q.today).await?, total))
    }

    /// List rows for `models`, with the names of their units, assignees and fellows.
    pub(crate) async fn rows(
        &self,
        models: &[service_request::Model],
        today: chrono::NaiveDate,
    ) -> StoreResult<Vec<ServiceRow>> {
        let db = &self.store().db;
        let t = self.0.scope().tenant_id();
        let ids = |f: &dyn Fn(&service_request::Model) -> Option<Uuid>| {
            let mut v: Vec<Uuid> = models.iter().filter_map(f).collect();
            v.sort();
            v.dedup();
            v
        };
        let units: HashMap<Uuid, String> = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .filter(org_unit::Column::Id.is_in(ids(&|m| Some(m.unit_id))))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let users: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Id.is_in(ids(&|m| m.assignee_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let fellows: HashMap<Uuid, String> = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.is_in(ids(&|m| m.fellow_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.name))
            .collect();
        Ok(models
            .iter()
            .map(|m| {
                let status = status_of(&m.status);
                ServiceRow {
                    id: m.id,
                    number: m.number.clone(),
                    kind: kind_of(&m.kind),
                    requester: m
                        .fellow_id
                        .and_then(|f| fellows.get(&f).cloned())
                        .unwrap_or_else(|| m.requester_name.clone()),
                    fellow_id: m.fellow_id,
                    subject: m.subject.clone(),
                    unit_id: m.unit_id,
                    unit: units.get(&m.unit_id).cloned().unwrap_or_default(),
                    assignee_id: m.assignee_id,
                    assignee: m.assignee_id.and_then(|a| users.get(&a).cloned()),
                    received_on: m.received_on,
                    deadline: m.deadline,
                    status,
                    closed_on: m.closed_on,
                    overdue: is_overdue(m.deadline, m.closed_on.is_some(), today),
                    late: status == guichao_domain::services::ServiceStatus::Done
                        && m.days_taken.is_some_and(|d| !on_time(d as u32, m.limit_days as u32)),
                    score: m.score.map(|s| s as u8),
                }
            })
            .collect())
    }

    /// One request the reader sees, or `NotFound`.
    pub(crate) async fn get_row(&self, scope: &Scope, id: Uuid) -> StoreResult<service_request::Model> {
        service_request::Entity::find()
            .filter(visible(scope))
            .filter(service_request::Column::Id.eq(id))
            .one(&self.store().db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The display names of some users of the county.
    pub(crate) async fn user_names(&self, mut ids: Vec<Uuid>) -> StoreResult<HashMap<Uuid, String>> {
        ids.sort();
        ids.dedup();
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(self.0.scope().tenant_id()))
            .filter(user::Column::Id.is_in(ids))
            .all(&self.store().db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect())
    }

    /// One request with its trail and replies.
    pub async fn get(&self, id: Uuid, today: chrono::NaiveDate) -> StoreResult<ServiceDetail> {
        let scope = self.0.also(Permission::ServiceRead)?;
        let m = self.get_row(&scope, id).await?;
        let db = &self.store().db;
        let t = scope.tenant_id();
        let row = self.rows(std::slice::from_ref(&m), today).await?.remove(0);
        let steps = service_event::Entity::find()
            .filter(service_event::Column::TenantId.eq(t))
            .filter(service_event::Column::RequestId.eq(id))
            .order_by_asc(service_event::Column::EventOn)
            .order_by_asc(service_event::Column::CreatedAt)
            .all(db)
            .await?;
        let replies = service_reply::Entity::find()
            .filter(service_reply::Column::TenantId.eq(t))
            .filter(service_reply::Column::RequestId.eq(id))
            .order_by_asc(service_reply::Column::CreatedAt)
            .all(db)
            .await?;
        let who: Vec<Uuid> =
            steps.iter().filter_map(|s| s.user_id).chain(replies.iter().filter_map(|r| r.user_id)).collect();
        let names = self.user_names(who).await?;
        let by = |id: Option<Uuid>| id.and_then(|u| names.get(&u).cloned()).unwrap_or_default();
        let phone_masked = match &m.phone_sealed {
            Some(sealed) => {
                self.store().field_key()?.decrypt(sealed).and_then(|p| Phone::parse(&p).ok()).map(|p| p.masked())
            }
            None => None,
        };
        Ok(ServiceDetail {
            row,
            details: m.details.clone(),
            phone_masked,
            township_id: m.township_id,
            limit_days: m.limit_days as u32,
            days_taken: m.days_taken.map(|d| d as u32),
            score_comment: m.score_comment.clone(),
            rated_on: m.rated_on,
            origin: m.origin.clone(),
            created_at: m.created_at,
            steps: steps
                .into_iter()
                .map(|s| StepRow {
                    id: s.id,
                    status: status_of(&s.status),
                    on: s.event_on,
                    note: s.note,
                    by: by(s.user_id),
                    at: s.created_at,
                })
                .collect(),
            replies: replies
                .into_iter()
                .map(|r| ReplyRow { id: r.id, body: r.body, public: r.public, by: by(r.user_id), at: r.created_at })
                .collect(),
        })
    }

    /// A returnee's name, phone and township for the new-fellow form: only
    /// to a writer of requests who may also write fellows, for a request
    /// they see that has no fellow yet.
    pub async fn returnee_prefill(&self, id: Uuid) -> StoreResult<ReturneePrefill> {
        let write = self.0.need(Permission::ServiceWrite)?;
        self.actor().scope(Permission::FellowWrite)?;
        let m = self.get_row(write, id).await?;
        if m.fellow_id.is_some() {
            return Err(StoreError::conflict("该诉求已关联乡友", "The request is tied to a fellow already"));
        }
        let phone = match &m.phone_sealed {
            Some(sealed) => self.store().field_key()?.decrypt(sealed).unwrap_or_default(),
            None => String::new(),
        };
        Ok(ReturneePrefill { name: m.requester_name, phone, township_id: m.township_id })
    }

    /// The units a writer may send a request to: their reach, by path.
    pub async fn unit_choices(&self) -> StoreResult<Vec<Choice>> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let units = org_unit::Entity::find()
            .filter(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .order_by_asc(org_unit::Column::Path)
            .limit(MAX_CHOICES)
            .all(&self.store().db)
            .await?;
        Ok(units.into_iter().map(|u| Choice { id: u.id, name: u.name }).collect())
    }

    /// The users a writer may assign a request to: active users of units in
    /// their reach who may handle requests; by name.
    pub async fn assignee_choices(&self) -> StoreResult<Vec<Choice>> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let users = user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .filter(write.units_condition(user::Column::TenantId, user::Column::UnitId))
            .order_by_asc(user::Column::SortKey)
            .limit(MAX_CHOICES)
            .all(&self.store().db)
            .await?;
        Ok(users.into_iter().map(|u| Choice { id: u.id, name: u.display_name }).collect())
    }

    /// The county's townships, for a returnee's home township.
    pub async fn township_choices(&self) -> StoreResult<Vec<Choice>> {
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(self.0.scope().tenant_id()))
            .filter(org_unit::Column::Level.eq(guichao_domain::org::UnitLevel::Township.code()))
            .order_by_asc(org_unit::Column::Path)
            .all(&self.store().db)
            .await?;
        Ok(units.into_iter().map(|u| Choice { id: u.id, name: u.name }).collect())
    }

    /// Whether the reader sees every request of the county (the county office).
    pub fn sees_county(&self) -> bool {
        self.0.scope().reach() == DataScope::Tenant
    }
}
