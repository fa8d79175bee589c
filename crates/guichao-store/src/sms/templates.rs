//! SMS templates and the county's SMS settings. Both are county-wide: anyone
//! with `sms.read` sees them; keeping them needs `sms.write` for the whole
//! county (a township's staff use the county's templates).

use super::Sms;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{sms_setting, sms_template};
use crate::{StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::ids::new_id;
use guichao_domain::sms::{self, FieldValues, Segments, TemplateBody};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::OnConflict};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A template as typed into the form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct TemplateDraft {
    pub name: String,
    pub body: String,
    pub provider_template: String,
}

/// A template with what its messages will look like.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateRow {
    pub id: Uuid,
    pub name: String,
    pub body: String,
    pub provider_template: String,
    /// The fields it uses, as written (`称呼`, `姓名`...).
    pub fields: Vec<&'static str>,
    /// A message for a sample fellow, signed with the county's sign-off.
    pub sample: String,
    /// The sample's length and segments, signature included.
    pub length: Segments,
    pub updated_at: DateTime<Utc>,
}

/// The county's SMS settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SmsSettings {
    /// Send only to fellows with recorded consent (同意接收).
    pub consent_required: bool,
    /// The default sign-off (落款).
    pub sign_off: String,
}

fn row(t: sms_template::Model, settings: &SmsSettings) -> TemplateRow {
    // A stored body was checked when saved; an unreadable one shows as written.
    let (fields, sample) = match TemplateBody::parse(&t.body) {
        Ok(body) => (
            body.fields().into_iter().map(|f| f.word()).collect(),
            body.render(&FieldValues::sample(&settings.sign_off)),
        ),
        Err(_) => (Vec::new(), sms::with_opt_out(&t.body)),
    };
    let length = Segments::of(&sample, &settings.sign_off);
    TemplateRow {
        id: t.id,
        name: t.name,
        body: t.body,
        provider_template: t.provider_template,
        fields,
        sample,
        length,
        updated_at: t.updated_at,
    }
}

impl Sms<'_> {
    /// The county's templates by name.
    pub async fn templates(&self) -> StoreResult<Vec<TemplateRow>> {
        let (store, actor) = (self.store(), self.actor());
        let settings = self.settings().await?;
        let rows = sms_template::Entity::find()
            .filter(sms_template::Column::TenantId.eq(actor.tenant_id))
            .order_by_asc(sms_template::Column::Name)
            .all(&store.db)
            .await?;
        Ok(rows.into_iter().map(|t| row(t, &settings)).collect())
    }

    /// One template, or `NotFound`.
    pub async fn template(&self, id: Uuid) -> StoreResult<TemplateRow> {
        let settings = self.settings().await?;
        Ok(row(self.template_model(id).await?, &settings))
    }

    pub(crate) async fn template_model(&self, id: Uuid) -> StoreResult<sms_template::Model> {
        let (store, actor) = (self.store(), self.actor());
        sms_template::Entity::find_by_id((actor.tenant_id, id)).one(&store.db).await?.ok_or(StoreError::NotFound)
    }

    /// The county's settings (defaults until someone sets them).
    pub async fn settings(&self) -> StoreResult<SmsSettings> {
        let (store, actor) = (self.store(), self.actor());
        Ok(sms_setting::Entity::find_by_id(actor.tenant_id)
            .one(&store.db)
            .await?
            .map(|s| SmsSettings { consent_required: s.consent_required, sign_off: s.sign_off })
            .unwrap_or_default())
    }

    /// Templates and settings are the county's: keeping them needs
    /// `sms.write` over the whole county.
    fn need_county_write(&self) -> StoreResult<()> {
        if self.0.need(Permission::SmsWrite)?.reach() == DataScope::Tenant {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Creates a template (`id` None) or replaces one. Returns its id.
    pub async fn save_template(&self, id: Option<Uuid>, draft: TemplateDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.need_county_write()?;
        let mut errors = Vec::new();
        let mut field = |name: &'static str, r: Result<String, guichao_domain::Msg>| match r {
            Ok(v) => v,
            Err(message) => {
                errors.push(guichao_domain::fellows::FormError { field: name, message });
                String::new()
            }
        };
        let name = field("name", sms::NAME.check(&draft.name));
        let body = field("body", TemplateBody::parse(&draft.body).map(|b| b.as_str().to_string()));
        let provider_template = field("provider_template", sms::PROVIDER_TEMPLATE.check(&draft.provider_template));
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let before = match id {
            Some(id) => Some(self.template_model(id).await?),
            None => None,
        };
        let taken = sms_template::Entity::find()
            .filter(sms_template::Column::TenantId.eq(actor.tenant_id))
            .filter(sms_template::Column::Name.eq(name.as_str()))
            .one(&store.db)
            .await?;
        if taken.is_some_and(|t| Some(t.id) != id) {
            return Err(StoreError::field(
                "name",
                format!("已有名为“{name}”的短信模板"),
                format!("A template named {name:?} already exists"),
            ));
        }
        let at = now();
        let tx = store.begin_write().await?;
        let template_id = id.unwrap_or_else(new_id);
        let model = sms_template::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(template_id),
            name: Set(name.clone()),
            body: Set(body.clone()),
            provider_template: Set(provider_template.clone()),
            created_by: Set(before.as_ref().map_or(Some(actor.user_id), |b| b.created_by)),
            created_at: Set(before.as_ref().map_or(at, |b| b.created_at)),
            updated_at: Set(at),
        };
        match before {
            Some(_) => {
                sms_template::Entity::update(model).exec(&*tx).await?;
            }
            None => {
                sms_template::Entity::insert(model).exec_without_returning(&*tx).await?;
            }
        }
        let detail = json!({
            "before": before.as_ref().map(|b| json!({"name": b.name, "body": b.body, "provider_template": b.provider_template})),
            "after": {"name": name, "body": body, "provider_template": provider_template},
        });
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::SmsTemplate, "sms_template", template_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(template_id)
    }

    /// Sets the county's settings.
    pub async fn set_settings(&self, settings: SmsSettings) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.need_county_write()?;
        let sign_off = sms::SIGN_OFF.check(&settings.sign_off).map_err(|m| {
            StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "sign_off", message: m }])
        })?;
        let before = self.settings().await?;
        let tx = store.begin_write().await?;
        sms_setting::Entity::insert(sms_setting::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            consent_required: Set(settings.consent_required),
            sign_off: Set(sign_off.clone()),
            updated_by: Set(Some(actor.user_id)),
            updated_at: Set(now()),
        })
        .on_conflict(
            OnConflict::column(sms_setting::Column::TenantId)
                .update_columns([
                    sms_setting::Column::ConsentRequired,
                    sms_setting::Column::SignOff,
                    sms_setting::Column::UpdatedBy,
                    sms_setting::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({
            "before": {"consent_required": before.consent_required, "sign_off": before.sign_off},
            "after": {"consent_required": settings.consent_required, "sign_off": sign_off},
        });
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::SmsSettings, "tenant", actor.tenant_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
