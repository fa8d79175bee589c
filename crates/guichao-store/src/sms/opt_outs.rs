//! The opt-out list (退订名单): numbers and fellows never sent to. An entry
//! comes from a reply (R, 退订) or from staff who heard it on the phone. A
//! number is kept as its blind index and masked form, never in full.
//!
//! The list is the county's: an entry by number alone is seen by everyone
//! with `sms.read`; an entry naming a fellow is seen with that fellow.

use super::Sms;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, sms_opt_out};
use crate::fellows::PersonalField;
use crate::fellows::scope::{visible, visible_ids};
use crate::names::user_names;
use crate::{StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Phone, PhoneKind};
use guichao_domain::ids::new_id;
use guichao_domain::sms::{OptOutSource, Reply, parse_reply};
use guichao_domain::text::TextField;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A note on an opt-out.
pub const NOTE: TextField = TextField::line("说明", "note", 200);

/// An opt-out as staff enter it: a number, or a fellow, or both.
#[derive(Debug, Clone)]
pub struct OptOutDraft {
    pub phone: String,
    pub fellow_id: Option<Uuid>,
    pub source: OptOutSource,
    pub note: String,
}

/// One entry of the opt-out list.
#[derive(Debug, Clone, Serialize)]
pub struct OptOutRow {
    pub id: Uuid,
    /// The number masked (138****5678), when the entry has one.
    pub phone: String,
    pub fellow_id: Option<Uuid>,
    pub fellow: String,
    pub source: OptOutSource,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Sms<'_> {
    /// The entries the actor may see, newest first.
    fn visible_opt_outs(&self) -> sea_orm::Select<sms_opt_out::Entity> {
        let scope = self.0.scope();
        sms_opt_out::Entity::find().filter(sms_opt_out::Column::TenantId.eq(scope.tenant_id())).filter(
            Condition::any()
                .add(sms_opt_out::Column::FellowId.is_null())
                .add(sms_opt_out::Column::FellowId.in_subquery(visible_ids(scope))),
        )
    }

    /// A page of the opt-out list.
    pub async fn opt_outs(&self, offset: u64, limit: u64) -> StoreResult<Vec<OptOutRow>> {
        let (store, tenant) = (self.store(), self.actor().tenant_id);
        let rows = self
            .visible_opt_outs()
            .order_by_desc(sms_opt_out::Column::CreatedAt)
            .order_by_desc(sms_opt_out::Column::Id)
            .offset((offset > 0).then_some(offset))
            .limit(limit.clamp(1, 200))
            .all(&store.db)
            .await?;
        let fellow_ids: Vec<Uuid> = rows.iter().filter_map(|o| o.fellow_id).collect();
        let names: HashMap<Uuid, String> = if fellow_ids.is_empty() {
            HashMap::new()
        } else {
            fellow::Entity::find()
                .select_only()
                .columns([fellow::Column::Id, fellow::Column::Name])
                .filter(fellow::Column::TenantId.eq(tenant))
                .filter(fellow::Column::Id.is_in(fellow_ids))
                .into_tuple::<(Uuid, String)>()
                .all(&store.db)
                .await?
                .into_iter()
                .collect()
        };
        let users = user_names(&store.db, tenant, rows.iter().filter_map(|o| o.created_by)).await?;
        Ok(rows
            .into_iter()
            .map(|o| OptOutRow {
                id: o.id,
                phone: o.phone_masked,
                fellow_id: o.fellow_id,
                fellow: o.fellow_id.and_then(|f| names.get(&f).cloned()).unwrap_or_default(),
                source: OptOutSource::parse(&o.source).unwrap_or(OptOutSource::Call),
                note: o.note,
                created_by: o.created_by.and_then(|u| users.get(&u).cloned()).unwrap_or_default(),
                created_at: o.created_at,
            })
            .collect())
    }

    /// How many entries the list holds for the actor.
    pub async fn opt_out_count(&self) -> StoreResult<u64> {
        Ok(self.visible_opt_outs().count(&self.store().db).await?)
    }

    /// Puts a number or a fellow on the list. A fellow must be one the
    /// actor may write SMS for; their number goes on the list with them.
    pub async fn add_opt_out(&self, draft: OptOutDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let scope = self.0.need(Permission::SmsWrite)?;
        let key = store.field_key()?;
        let note = NOTE.check(&draft.note).map_err(|m| StoreError::Fields(vec![form_error("note", m)]))?;
        let mut phone_idx = None;
        let mut phone_masked = String::new();
        if !draft.phone.trim().is_empty() {
            let phone = Phone::parse(&draft.phone).map_err(|e| {
                StoreError::field(
                    "phone",
                    format!("手机号码：{}", e.message(Lang::Zh)),
                    format!("Mobile number: {}", e.message(Lang::En)),
                )
            })?;
            if phone.kind() != PhoneKind::Mobile {
                return Err(StoreError::field(
                    "phone",
                    "请填写手机号码（固定电话收不到短信）",
                    "Give a mobile number (a landline gets no SMS)",
                ));
            }
            phone_idx = Some(key.blind_index(actor.tenant_id, PersonalField::Phone.code(), phone.as_str()));
            phone_masked = phone.masked();
        }
        if let Some(fellow_id) = draft.fellow_id {
            let f = fellow::Entity::find()
                .filter(visible(scope))
                .filter(fellow::Column::Id.eq(fellow_id))
                .one(&store.db)
                .await?
                .ok_or(StoreError::NotFound)?;
            if phone_idx.is_none() {
                phone_idx = f.phone_idx.clone();
                phone_masked = f
                    .phone_enc
                    .as_deref()
                    .and_then(|s| key.decrypt(s))
                    .map(|p| PersonalField::Phone.mask(&p))
                    .unwrap_or_default();
            }
        } else if phone_idx.is_none() {
            return Err(StoreError::field("phone", "请填写退订的手机号码", "Give the number that opts out"));
        }
        let mut known = Condition::any();
        if let Some(p) = &phone_idx {
            known = known.add(sms_opt_out::Column::PhoneIdx.eq(p.as_str()));
        }
        if let Some(f) = draft.fellow_id {
            known = known.add(sms_opt_out::Column::FellowId.eq(f));
        }
        let tx = store.begin_write().await?;
        let already = sms_opt_out::Entity::find()
            .filter(sms_opt_out::Column::TenantId.eq(actor.tenant_id))
            .filter(known)
            .count(&*tx)
            .await?;
        if already > 0 {
            return Err(StoreError::conflict(
                "该号码或乡友已在退订名单中",
                "This number or fellow has already opted out",
            ));
        }
        let id = new_id();
        sms_opt_out::Entity::insert(sms_opt_out::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(id),
            phone_idx: Set(phone_idx),
            phone_masked: Set(phone_masked.clone()),
            fellow_id: Set(draft.fellow_id),
            source: Set(draft.source.code().to_string()),
            note: Set(note.clone()),
            created_by: Set(Some(actor.user_id)),
            created_at: Set(now()),
        })
        .exec_without_returning(&*tx)
        .await?;
        let (target, target_id) = match draft.fellow_id {
            Some(f) => ("fellow", f),
            None => ("sms_opt_out", id),
        };
        let detail =
            json!({"after": {"phone": phone_masked, "source": draft.source.code(), "note": note}, "opt_out_id": id});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::SmsOptOut, target, target_id, detail))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes an entry off the list (the fellow asked to hear from the county
    /// again).
    pub async fn remove_opt_out(&self, id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::SmsWrite)?;
        let o = self
            .visible_opt_outs()
            .filter(sms_opt_out::Column::Id.eq(id))
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let tx = store.begin_write().await?;
        sms_opt_out::Entity::delete_by_id((actor.tenant_id, id)).exec(&*tx).await?;
        let detail = json!({"before": {"phone": o.phone_masked, "source": o.source, "note": o.note}, "opt_out_id": id});
        let (target, target_id) = match o.fellow_id {
            Some(f) => ("fellow", f),
            None => ("sms_opt_out", id),
        };
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::SmsOptOutRemove, target, target_id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A reply from a number, as a provider's upstream hands it on: R or
    /// 退订 puts the number on the list (once); anything else is ignored.
    /// Answers what the reply asked for.
    pub async fn record_reply(&self, phone: &str, text: &str) -> StoreResult<Reply> {
        let reply = parse_reply(text);
        if reply == Reply::OptOut {
            let draft = OptOutDraft {
                phone: phone.to_string(),
                fellow_id: None,
                source: OptOutSource::Reply,
                note: format!("回复“{}”", text.trim().chars().take(20).collect::<String>()),
            };
            match self.add_opt_out(draft).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        } else {
            self.0.need(Permission::SmsWrite)?;
        }
        Ok(reply)
    }
}

fn form_error(field: &'static str, message: guichao_domain::Msg) -> guichao_domain::fellows::FormError {
    guichao_domain::fellows::FormError { field, message }
}
