//! Queueing greetings: one template, a set of fellows (chosen by hand or by
//! the registry's filter), one message each, all in one transaction.
//!
//! A fellow is left out, and counted, when they are on the opt-out list (by
//! fellow or by number), have no phone on file, lack recorded consent where
//! the county requires it, or already have a message of the same template
//! (and campaign) waiting. Whether the phone is a mobile is the sender's to
//! check: only it opens the sealed number.

use super::{MAX_BATCH, Sms, trail};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, letter_address, sms_message, sms_opt_out};
use crate::fellows::scope::visible;
use crate::fellows::{FellowQuery, insert_models};
use crate::names::unit_names;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::fellows::Gender;
use guichao_domain::ids::new_id;
use guichao_domain::sms::{self, FieldValues, Segments, SmsStatus, TemplateBody, render_params, salutation_for};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Who a queue request is for.
#[derive(Debug, Clone)]
pub enum Recipients {
    /// These fellows (each must be visible to the actor, else `NotFound`).
    Fellows(Vec<Uuid>),
    /// The current fellows the registry's filter finds in the actor's scope.
    Filter(Box<FellowQuery>),
}

/// A request to queue one template for many fellows.
#[derive(Debug, Clone)]
pub struct QueueRequest {
    pub template_id: Uuid,
    pub recipients: Recipients,
    /// The campaign that asks for the messages, if one does.
    pub campaign_id: Option<Uuid>,
    /// The sign-off (落款); the county's setting when empty.
    pub sign_off: String,
    /// The date the `{日期}` field shows.
    pub date: NaiveDate,
}

/// What a queue request did, fellow by fellow.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueueReport {
    /// The batch the messages belong to (none when nothing was queued).
    pub batch_id: Option<Uuid>,
    /// Fellows the request named or found.
    pub fellows: u64,
    pub queued: u64,
    pub opted_out: u64,
    pub no_phone: u64,
    pub no_consent: u64,
    pub already_queued: u64,
    /// Archived or merged fellows named by hand.
    pub archived: u64,
    /// Segments the queued messages take in all (what the provider bills).
    pub segments: u64,
}

impl Sms<'_> {
    /// Queues the template for the fellows, all or nothing. Needs `sms.write`
    /// over the fellows (township staff: their township's fellows).
    pub async fn queue(&self, req: QueueRequest) -> StoreResult<QueueReport> {
        let (store, actor) = (self.store(), self.actor());
        let scope = self.0.need(Permission::SmsWrite)?;
        let template = self.template_model(req.template_id).await?;
        let body = TemplateBody::parse(&template.body).map_err(StoreError::Invalid)?;
        let settings = self.settings().await?;
        let sign_off = match req.sign_off.trim() {
            "" => settings.sign_off.clone(),
            given => sms::SIGN_OFF.check(given).map_err(StoreError::Invalid)?,
        };
        let tenant = actor.tenant_id;
        let find = fellow::Entity::find().filter(visible(scope));
        let fellows = match &req.recipients {
            Recipients::Fellows(ids) => {
                let wanted: HashSet<Uuid> = ids.iter().copied().collect();
                if wanted.len() > MAX_BATCH {
                    return Err(too_many());
                }
                let found = find.filter(fellow::Column::Id.is_in(wanted.iter().copied())).all(&store.db).await?;
                if found.len() != wanted.len() {
                    return Err(StoreError::NotFound);
                }
                found
            }
            Recipients::Filter(q) => {
                let found = q.apply(find, tenant).limit(MAX_BATCH as u64 + 1).all(&store.db).await?;
                if found.len() > MAX_BATCH {
                    return Err(too_many());
                }
                found
            }
        };
        let mut report = QueueReport { fellows: fellows.len() as u64, ..Default::default() };
        let ids: Vec<Uuid> = fellows.iter().map(|f| f.id).collect();
        let phones: Vec<String> = fellows.iter().filter_map(|f| f.phone_idx.clone()).collect();
        let (opted_fellows, opted_phones) = opted_out(store, tenant, &ids, &phones).await?;
        let waiting: HashSet<Uuid> = sms_message::Entity::find()
            .select_only()
            .column(sms_message::Column::FellowId)
            .filter(sms_message::Column::TenantId.eq(tenant))
            .filter(sms_message::Column::TemplateId.eq(template.id))
            .filter(match req.campaign_id {
                Some(c) => sms_message::Column::CampaignId.eq(c),
                None => sms_message::Column::CampaignId.is_null(),
            })
            .filter(sms_message::Column::Status.is_in([SmsStatus::Queued.code(), SmsStatus::Sending.code()]))
            .filter(sms_message::Column::FellowId.is_in(ids.iter().copied()))
            .into_tuple::<Uuid>()
            .all(&store.db)
            .await?
            .into_iter()
            .collect();
        let townships = unit_names(&store.db, tenant, fellows.iter().filter_map(|f| f.township_id)).await?;
        let typed = typed_salutations(store, tenant, &ids).await?;
        let (at, batch_id, date) = (now(), new_id(), FieldValues::date_text(req.date));
        let (mut messages, mut steps) = (Vec::new(), Vec::new());
        for f in &fellows {
            let skip = if f.archived_at.is_some() {
                &mut report.archived
            } else if opted_fellows.contains(&f.id) || f.phone_idx.as_ref().is_some_and(|p| opted_phones.contains(p)) {
                &mut report.opted_out
            } else if f.phone_enc.is_none() {
                &mut report.no_phone
            } else if settings.consent_required && !f.consent {
                &mut report.no_consent
            } else if waiting.contains(&f.id) {
                &mut report.already_queued
            } else {
                let values = FieldValues {
                    salutation: salutation_for(
                        typed.get(&f.id).map_or("", String::as_str),
                        &f.name,
                        f.gender.as_deref().and_then(Gender::parse),
                    ),
                    name: f.name.clone(),
                    township: f.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                    sign_off: sign_off.clone(),
                    date: date.clone(),
                };
                let text = body.render(&values);
                let segments = Segments::of(&text, &sign_off).segments;
                report.segments += segments as u64;
                // Pairs in the template's order: a provider with numbered
                // parameters (Tencent) takes the values in that order.
                let params: Vec<[String; 2]> = render_params(&body, &values).into_iter().map(|(k, v)| [k, v]).collect();
                let id = new_id();
                messages.push(sms_message::Model {
                    tenant_id: tenant,
                    id,
                    batch_id,
                    fellow_id: f.id,
                    campaign_id: req.campaign_id,
                    template_id: Some(template.id),
                    body: text,
                    params: serde_json::to_string(&params).expect("strings serialise"),
                    provider_template: template.provider_template.clone(),
                    segments: segments as i32,
                    status: SmsStatus::Queued.code().to_string(),
                    reason: String::new(),
                    detail: String::new(),
                    attempts: 0,
                    provider_id: None,
                    phone_idx: None,
                    queued_by: Some(actor.user_id),
                    queued_at: at,
                    sending_at: None,
                    sent_at: None,
                    delivered_at: None,
                    updated_at: at,
                });
                steps.push(trail(tenant, id, SmsStatus::Queued, "", "", at));
                &mut report.queued
            };
            *skip += 1;
        }
        let tx = store.begin_write().await?;
        insert_models(&*tx, &messages).await?;
        insert_models(&*tx, &steps).await?;
        if report.queued > 0 {
            report.batch_id = Some(batch_id);
        }
        let detail = json!({
            "template": template.name, "template_id": template.id, "campaign_id": req.campaign_id,
            "fellows": report.fellows, "queued": report.queued, "opted_out": report.opted_out,
            "no_phone": report.no_phone, "no_consent": report.no_consent,
            "already_queued": report.already_queued, "archived": report.archived, "segments": report.segments,
        });
        record(&*tx, tenant, actor, AuditEvent::new(AuditAction::SmsQueue, "sms_batch", batch_id, detail)).await?;
        tx.commit().await?;
        Ok(report)
    }
}

fn too_many() -> StoreError {
    StoreError::invalid(
        format!("一次最多为 {MAX_BATCH} 位乡友排队发送短信，请缩小筛选范围"),
        format!("At most {MAX_BATCH} fellows a batch; narrow the filter"),
    )
}

/// Of these fellows and numbers, the ones on the opt-out list.
pub(crate) async fn opted_out(
    store: &crate::Store,
    tenant: Uuid,
    fellows: &[Uuid],
    phones: &[String],
) -> StoreResult<(HashSet<Uuid>, HashSet<String>)> {
    let mut by_fellow = HashSet::new();
    let mut by_phone = HashSet::new();
    for chunk in fellows.chunks(5_000) {
        let rows = sms_opt_out::Entity::find()
            .filter(sms_opt_out::Column::TenantId.eq(tenant))
            .filter(sms_opt_out::Column::FellowId.is_in(chunk.iter().copied()))
            .all(&store.db)
            .await?;
        by_fellow.extend(rows.into_iter().filter_map(|o| o.fellow_id));
    }
    for chunk in phones.chunks(5_000) {
        let rows = sms_opt_out::Entity::find()
            .filter(sms_opt_out::Column::TenantId.eq(tenant))
            .filter(sms_opt_out::Column::PhoneIdx.is_in(chunk.iter().cloned()))
            .all(&store.db)
            .await?;
        by_phone.extend(rows.into_iter().filter_map(|o| o.phone_idx));
    }
    Ok((by_fellow, by_phone))
}

/// The salutations typed for `fellows` (on their letter details), by fellow.
async fn typed_salutations(store: &crate::Store, tenant: Uuid, fellows: &[Uuid]) -> StoreResult<HashMap<Uuid, String>> {
    let mut typed = HashMap::new();
    for chunk in fellows.chunks(crate::fellows::MAX_PARAMS / 2) {
        let rows: Vec<(Uuid, String)> = letter_address::Entity::find()
            .select_only()
            .column(letter_address::Column::FellowId)
            .column(letter_address::Column::Salutation)
            .filter(letter_address::Column::TenantId.eq(tenant))
            .filter(letter_address::Column::FellowId.is_in(chunk.to_vec()))
            .filter(letter_address::Column::Salutation.ne(""))
            .into_tuple()
            .all(&store.db)
            .await?;
        typed.extend(rows);
    }
    Ok(typed)
}
