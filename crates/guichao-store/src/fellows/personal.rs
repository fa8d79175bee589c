//! Personal data of fellows: sealing on write (ciphertext plus blind index),
//! masking on read, and the audited reveal.

use super::Fellows;
use super::scope::visible;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::crypto::FieldKey;
use crate::entities::fellow;
use crate::{StoreError, StoreResult};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Email, IdNumber, Phone, WeChatId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// The protected fields of a fellow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalField {
    Phone,
    IdNumber,
    WeChat,
    Email,
}

impl PersonalField {
    pub const ALL: [PersonalField; 4] =
        [PersonalField::Phone, PersonalField::IdNumber, PersonalField::WeChat, PersonalField::Email];

    pub fn code(self) -> &'static str {
        match self {
            PersonalField::Phone => "phone",
            PersonalField::IdNumber => "id_number",
            PersonalField::WeChat => "wechat",
            PersonalField::Email => "email",
        }
    }

    pub fn parse(code: &str) -> Option<PersonalField> {
        PersonalField::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PersonalField::Phone => lang.pick("手机", "Phone"),
            PersonalField::IdNumber => lang.pick("身份证号", "ID number"),
            PersonalField::WeChat => lang.pick("微信", "WeChat"),
            PersonalField::Email => lang.pick("邮箱", "Email"),
        }
    }

    pub(crate) fn sealed(self, f: &fellow::Model) -> Option<&str> {
        match self {
            PersonalField::Phone => f.phone_enc.as_deref(),
            PersonalField::IdNumber => f.id_number_enc.as_deref(),
            PersonalField::WeChat => f.wechat_enc.as_deref(),
            PersonalField::Email => f.email_enc.as_deref(),
        }
    }

    /// How the value shows without the right to reveal it.
    pub fn mask(self, plain: &str) -> String {
        match self {
            PersonalField::Phone => Phone::parse(plain).map(|p| p.masked()).unwrap_or_else(|_| mask_middle(plain)),
            PersonalField::IdNumber => {
                IdNumber::parse(plain).map(|i| i.masked()).unwrap_or_else(|_| mask_middle(plain))
            }
            PersonalField::WeChat => WeChatId::parse(plain).map(|w| w.masked()).unwrap_or_else(|_| mask_middle(plain)),
            PersonalField::Email => Email::parse(plain).map(|e| e.masked()).unwrap_or_else(|_| mask_middle(plain)),
        }
    }
}

pub(crate) fn mask_phone(plain: &str) -> String {
    PersonalField::Phone.mask(plain)
}

/// Keeps two characters at each end.
fn mask_middle(plain: &str) -> String {
    let chars: Vec<char> = plain.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    format!("{}****{}", chars[..2].iter().collect::<String>(), chars[chars.len() - 2..].iter().collect::<String>())
}

/// A sealed value decrypted and masked as `field` shows it.
pub(crate) fn mask_value(key: &FieldKey, field: PersonalField, sealed: Option<&str>) -> Option<String> {
    sealed.and_then(|s| key.decrypt(s)).map(|plain| field.mask(&plain))
}

/// Ciphertext and blind index of an optional normalised value.
pub(crate) fn seal(
    key: &FieldKey,
    tenant_id: Uuid,
    field: PersonalField,
    value: Option<&str>,
) -> (Option<String>, Option<String>) {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => (Some(key.encrypt(v)), Some(key.blind_index(tenant_id, field.code(), v))),
        None => (None, None),
    }
}

/// A protected value as pages and exports show it: always masked. Seeing it
/// whole is a separate, audited act (`Store::reveal`).
pub(crate) fn shown(key: &FieldKey, f: &fellow::Model, field: PersonalField) -> Option<String> {
    field.sealed(f).and_then(|s| key.decrypt(s)).map(|plain| field.mask(&plain))
}

impl Fellows<'_> {
    /// Reveals one protected value of a fellow, recording who looked. Needs
    /// `fellow.reveal` with a scope that covers the fellow.
    pub async fn reveal(&self, fellow_id: Uuid, field: PersonalField) -> StoreResult<Option<String>> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowReveal)?;
        let read = self.0.also(Permission::FellowRead)?;
        let f = fellow::Entity::find()
            .filter(fellow::Column::Id.eq(fellow_id))
            .filter(visible(&read))
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let reveal = self.0.also(Permission::FellowReveal)?;
        let allowed = fellow::Entity::find()
            .filter(fellow::Column::Id.eq(fellow_id))
            .filter(visible(&reveal))
            .one(&store.db)
            .await?
            .is_some();
        if !allowed {
            return Err(StoreError::Forbidden);
        }
        let value = field.sealed(&f).and_then(|s| store.field_key().ok()?.decrypt(s));
        let tx = store.begin_write().await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::FellowReveal, "fellow", fellow_id, json!({"field": field.code()})),
        )
        .await?;
        tx.commit().await?;
        Ok(value)
    }
}
