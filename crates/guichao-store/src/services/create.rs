//! Recording a request: by staff for a fellow they see or a returnee not in
//! the registry, to a handling unit in their reach; and tying a returnee's
//! request to the fellow registered for them afterwards. The deadline is
//! set once, from the county's time limit and calendar on the day received.

use super::Services;
use super::calendar::{limit_days, load_calendar};
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{fellow, org_unit, service_event, service_request, user};
use crate::fellows::scope::visible as fellow_visible;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use guichao_domain::services::{CheckedDraft, ServiceDraft, ServiceKind, ServiceStatus, request_number};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// What a new request's row is made of, besides what is typed.
pub(crate) struct NewRow {
    pub tenant_id: Uuid,
    pub kind: ServiceKind,
    pub fellow_id: Option<Uuid>,
    pub requester_name: String,
    pub phone: Option<(String, String)>,
    pub township_id: Option<Uuid>,
    pub subject: String,
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub received_on: NaiveDate,
    pub origin: &'static str,
    pub created_by: Option<Uuid>,
}

/// Writes a request and the first step of its trail (received) in `db`,
/// with its number and deadline; returns the row.
pub(crate) async fn insert_request(db: &impl ConnectionTrait, new: NewRow) -> StoreResult<service_request::Model> {
    let limit = limit_days(db, new.tenant_id, new.kind).await?;
    let calendar = load_calendar(db, new.tenant_id).await?;
    let (phone_sealed, phone_index) = new.phone.map_or((None, None), |(s, i)| (Some(s), Some(i)));
    let row = service_request::Model {
        tenant_id: new.tenant_id,
        id: new_id(),
        number: request_number(rand::random::<u64>()),
        kind: new.kind.code().to_string(),
        fellow_id: new.fellow_id,
        requester_name: new.requester_name,
        phone_sealed,
        phone_index,
        township_id: new.township_id,
        subject: new.subject,
        details: new.details,
        unit_id: new.unit_id,
        assignee_id: new.assignee_id,
        received_on: new.received_on,
        limit_days: limit as i32,
        deadline: calendar.add_working_days(new.received_on, limit),
        status: ServiceStatus::Received.code().to_string(),
        closed_on: None,
        days_taken: None,
        score: None,
        score_comment: String::new(),
        rated_on: None,
        origin: new.origin.to_string(),
        created_by: new.created_by,
        created_at: now(),
    };
    service_request::Entity::insert(service_request::ActiveModel::from(row.clone())).exec_without_returning(db).await?;
    let step = service_event::Model {
        tenant_id: row.tenant_id,
        id: new_id(),
        request_id: row.id,
        status: ServiceStatus::Received.code().to_string(),
        event_on: row.received_on,
        note: String::new(),
        user_id: new.created_by,
        created_at: row.created_at,
    };
    service_event::Entity::insert(service_event::ActiveModel::from(step)).exec_without_returning(db).await?;
    Ok(row)
}

/// The audit detail of a new request: never the phone.
pub(crate) fn created_detail(row: &service_request::Model) -> serde_json::Value {
    json!({"after": {
        "number": row.number, "kind": row.kind, "subject": row.subject, "fellow_id": row.fellow_id,
        "requester": row.requester_name, "unit_id": row.unit_id, "assignee_id": row.assignee_id,
        "received_on": row.received_on, "deadline": row.deadline, "limit_days": row.limit_days,
    }})
}

impl Services<'_> {
    /// Records a request; returns its id.
    pub async fn create(&self, draft: ServiceDraft) -> StoreResult<Uuid> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let d = draft.check(guichao_domain::date::today()).map_err(StoreError::Fields)?;
        self.check_places(&d).await?;
        let (name, phone, township_id) = match &d.returnee {
            Some(r) => {
                let key = self.store().field_key()?;
                let sealed = (key.encrypt(r.phone.as_str()), key.blind_index(t, "phone", r.phone.as_str()));
                (r.name.clone(), Some(sealed), r.township_id)
            }
            None => (String::new(), None, None),
        };
        let tx = self.store().begin_write().await?;
        let row = insert_request(
            &*tx,
            NewRow {
                tenant_id: t,
                kind: d.kind,
                fellow_id: d.fellow_id,
                requester_name: name,
                phone,
                township_id,
                subject: d.subject,
                details: d.details,
                unit_id: d.unit_id,
                assignee_id: d.assignee_id,
                received_on: d.received_on,
                origin: "staff",
                created_by: Some(self.actor().user_id()),
            },
        )
        .await?;
        let event = AuditEvent::new(AuditAction::ServiceCreate, "service_request", row.id, created_detail(&row));
        record(&*tx, t, self.actor(), event).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Refuses, by field, a fellow the writer does not see, a unit outside
    /// their reach, an assignee who is no active user of a unit in it, a
    /// township that is none of the county's.
    async fn check_places(&self, d: &CheckedDraft) -> StoreResult<()> {
        self.check_unit_and_assignee(d.unit_id, d.assignee_id).await?;
        let db = &self.store().db;
        let t = self.0.scope().tenant_id();
        if let Some(fellow_id) = d.fellow_id {
            let seen = match self.actor().scope(Permission::FellowRead) {
                Ok(scope) => {
                    fellow::Entity::find()
                        .filter(fellow_visible(&scope))
                        .filter(fellow::Column::Id.eq(fellow_id))
                        .count(db)
                        .await?
                        > 0
                }
                Err(_) => false,
            };
            if !seen {
                return Err(StoreError::field("fellow_id", "请选择您能查看的乡友", "Choose a fellow you can see"));
            }
        }
        if let Some(r) = &d.returnee
            && let Some(township) = r.township_id
        {
            let found = org_unit::Entity::find_by_id((t, township)).one(db).await?;
            if found.is_none_or(|u| u.level != UnitLevel::Township.code()) {
                return Err(StoreError::field("township_id", "请选择本县的乡镇", "Choose a township of the county"));
            }
        }
        Ok(())
    }

    /// Refuses a handling unit outside the writer's reach, and an assignee
    /// who is not an active user of a unit in it.
    pub(crate) async fn check_unit_and_assignee(&self, unit_id: Uuid, assignee: Option<Uuid>) -> StoreResult<()> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let store = self.store();
        if !write.covers_unit(store, unit_id).await? {
            return Err(StoreError::field(
                "unit_id",
                "请选择您负责范围内的承办单位",
                "Choose a handling unit in your reach",
            ));
        }
        if let Some(assignee) = assignee {
            let found = user::Entity::find()
                .filter(user::Column::Id.eq(assignee))
                .filter(user::Column::Active.eq(true))
                .filter(write.units_condition(user::Column::TenantId, user::Column::UnitId))
                .count(&store.db)
                .await?;
            if found == 0 {
                return Err(StoreError::field(
                    "assignee_id",
                    "请选择您负责范围内的经办人",
                    "Choose an assignee in your reach",
                ));
            }
        }
        Ok(())
    }

    /// Ties a returnee's request to the fellow registered for them: both
    /// must be seen by the writer, and the request must have no fellow yet.
    pub async fn link_fellow(&self, request_id: Uuid, fellow_id: Uuid) -> StoreResult<()> {
        let write = self.0.need(Permission::ServiceWrite)?;
        let t = write.tenant_id();
        let row = self.get_row(write, request_id).await?;
        if row.fellow_id.is_some() {
            return Err(StoreError::conflict("该诉求已关联乡友", "The request is tied to a fellow already"));
        }
        let scope = self.actor().scope(Permission::FellowRead)?;
        let seen = fellow::Entity::find()
            .filter(fellow_visible(&scope))
            .filter(fellow::Column::Id.eq(fellow_id))
            .count(&self.store().db)
            .await?;
        if seen == 0 {
            return Err(StoreError::NotFound);
        }
        let tx = self.store().begin_write().await?;
        service_request::Entity::update_many()
            .col_expr(service_request::Column::FellowId, sea_orm::sea_query::Expr::value(fellow_id))
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Id.eq(request_id))
            .exec(&*tx)
            .await?;
        let detail = json!({"before": {"fellow_id": null}, "after": {"fellow_id": fellow_id}});
        let event = AuditEvent::new(AuditAction::ServiceLinkFellow, "service_request", request_id, detail);
        record(&*tx, t, Who::Actor(self.actor()), event).await?;
        tx.commit().await?;
        Ok(())
    }
}
