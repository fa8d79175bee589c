//! The public side of service requests, with no account: a returnee sends a
//! request from the public form (it lands as received at the county
//! office, the tenant's top unit) and later looks it up by its number and
//! their phone. The lookup answers the status and the public replies and
//! nothing else; a wrong number and a wrong phone get the same answer
//! (`None`) from the same single query, the phone compared by its keyed
//! hash.

use super::create::{NewRow, created_detail, insert_request};
use super::status_of;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{service_reply, service_request};
use crate::org::TenantInfo;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::fellows::Phone;
use guichao_domain::services::{PublicDraft, ServiceKind, ServiceStatus, normalise_number};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// Who the audit chain names for a public submission.
pub(super) const PUBLIC_ACTOR: &str = "公众（在线诉求）";

/// The public form and lookup of one county.
pub struct PublicServices<'a> {
    pub(super) store: &'a Store,
    pub(super) tenant: TenantInfo,
}

/// What the requester gets back from a submission.
#[derive(Debug, Clone, Serialize)]
pub struct PublicSubmitted {
    pub number: String,
    pub received_on: NaiveDate,
    pub deadline: NaiveDate,
}

/// What the lookup shows: the status and the public replies.
#[derive(Debug, Clone, Serialize)]
pub struct PublicLookup {
    pub number: String,
    pub kind: ServiceKind,
    pub received_on: NaiveDate,
    pub deadline: NaiveDate,
    pub status: ServiceStatus,
    pub replies: Vec<(DateTime<Utc>, String)>,
    /// The requester's satisfaction (1-5) and comment, once recorded.
    pub score: Option<i16>,
    pub score_comment: String,
}

impl Store {
    /// The public form of the county with `code`, or `NotFound`.
    pub async fn public_services(&self, code: &str) -> StoreResult<PublicServices<'_>> {
        let tenant = self.tenant_by_code(code).await?.ok_or(StoreError::NotFound)?;
        Ok(PublicServices { store: self, tenant })
    }
}

impl Store {
    /// The code of the actor's county, which its public form's address names.
    pub async fn public_code(&self, actor: &crate::Actor) -> StoreResult<String> {
        let t = crate::entities::tenant::Entity::find_by_id(actor.tenant_id()).one(&self.db).await?;
        t.map(|t| t.code).ok_or(StoreError::NotFound)
    }
}

impl PublicServices<'_> {
    /// The county's name, for the page's title.
    pub fn county_name(&self) -> &str {
        &self.tenant.name
    }

    /// Records a request from the public form, received today at the
    /// county office; `ip` is kept with its audit event.
    pub async fn submit(
        &self,
        draft: &PublicDraft,
        today: NaiveDate,
        ip: Option<&str>,
    ) -> StoreResult<PublicSubmitted> {
        let (name, phone, subject, details) = draft.check().map_err(StoreError::Fields)?;
        let t = self.tenant.id;
        let key = self.store.field_key()?;
        let sealed = (key.encrypt(phone.as_str()), key.blind_index(t, "phone", phone.as_str()));
        let tx = self.store.begin_write().await?;
        let row = insert_request(
            &*tx,
            NewRow {
                tenant_id: t,
                kind: draft.kind,
                fellow_id: None,
                requester_name: name,
                phone: Some(sealed),
                township_id: None,
                subject,
                details,
                unit_id: self.tenant.root_unit_id,
                assignee_id: None,
                received_on: today,
                origin: "public",
                created_by: None,
            },
        )
        .await?;
        let who = Who::Named { user_id: None, name: PUBLIC_ACTOR, ip };
        let event = AuditEvent::new(AuditAction::ServiceSubmit, "service_request", row.id, created_detail(&row));
        record(&*tx, t, who, event).await?;
        tx.commit().await?;
        Ok(PublicSubmitted { number: row.number, received_on: row.received_on, deadline: row.deadline })
    }

    /// The row of the request with `number` whose requester's phone is
    /// `phone`; `None` for any mismatch, whichever half is wrong.
    pub(super) async fn find(&self, number: &str, phone: &str) -> StoreResult<Option<service_request::Model>> {
        let t = self.tenant.id;
        let key = self.store.field_key()?;
        // A malformed half still runs the same query with values that
        // match nothing, so both answers take the same path.
        let number = normalise_number(number).unwrap_or_default();
        let index = Phone::parse(phone).map(|p| key.blind_index(t, "phone", p.as_str())).unwrap_or_default();
        Ok(service_request::Entity::find()
            .filter(service_request::Column::TenantId.eq(t))
            .filter(service_request::Column::Number.eq(number))
            .filter(service_request::Column::PhoneIndex.eq(index))
            .one(&self.store.db)
            .await?)
    }

    /// The request with `number` whose requester's phone is `phone`; `None`
    /// for any mismatch, whichever half is wrong.
    pub async fn lookup(&self, number: &str, phone: &str) -> StoreResult<Option<PublicLookup>> {
        let t = self.tenant.id;
        let db = &self.store.db;
        let found = self.find(number, phone).await?;
        let Some(m) = found else { return Ok(None) };
        let replies = service_reply::Entity::find()
            .filter(service_reply::Column::TenantId.eq(t))
            .filter(service_reply::Column::RequestId.eq(m.id))
            .filter(service_reply::Column::Public.eq(true))
            .order_by_asc(service_reply::Column::CreatedAt)
            .all(db)
            .await?;
        Ok(Some(PublicLookup {
            number: m.number,
            kind: super::kind_of(&m.kind),
            received_on: m.received_on,
            deadline: m.deadline,
            status: status_of(&m.status),
            replies: replies.into_iter().map(|r| (r.created_at, r.body)).collect(),
            score: m.score,
            score_comment: m.score_comment,
        }))
    }
}
