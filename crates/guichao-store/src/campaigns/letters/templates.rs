//! The county's letter templates: read with any campaigns handle, kept
//! (saved, deleted) with county-wide `liaison.write`.

use super::super::Campaigns;
use super::{LetterTemplateDraft, LetterTemplateRow};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::letter_template;
use crate::{StoreError, StoreResult, now};
use guichao_domain::campaigns::letters::{LetterBody, NAME};
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

fn row(t: letter_template::Model) -> LetterTemplateRow {
    // A stored body was checked when saved; an unreadable one lists no fields.
    let fields = LetterBody::parse(&t.body).map(|b| b.fields()).unwrap_or_default();
    LetterTemplateRow { id: t.id, name: t.name, body: t.body, fields, updated_at: t.updated_at }
}

impl Campaigns<'_> {
    /// The county's letter templates by name.
    pub async fn letter_templates(&self) -> StoreResult<Vec<LetterTemplateRow>> {
        let rows = letter_template::Entity::find()
            .filter(letter_template::Column::TenantId.eq(self.actor().tenant_id))
            .order_by_asc(letter_template::Column::Name)
            .all(&self.store().db)
            .await?;
        Ok(rows.into_iter().map(row).collect())
    }

    /// One letter template, or `NotFound`.
    pub async fn letter_template(&self, id: Uuid) -> StoreResult<LetterTemplateRow> {
        Ok(row(self.letter_template_model(&self.store().db, id).await?))
    }

    pub(super) async fn letter_template_model(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        id: Uuid,
    ) -> StoreResult<letter_template::Model> {
        letter_template::Entity::find_by_id((self.actor().tenant_id, id)).one(db).await?.ok_or(StoreError::NotFound)
    }

    fn need_manage(&self) -> StoreResult<()> {
        if self.manages() { Ok(()) } else { Err(StoreError::Forbidden) }
    }

    /// Creates a template (`id` None) or replaces one. Returns its id.
    pub async fn save_letter_template(&self, id: Option<Uuid>, draft: LetterTemplateDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.need_manage()?;
        let mut errors = Vec::new();
        let name = NAME.check(&draft.name).unwrap_or_else(|message| {
            errors.push(FormError { field: "name", message });
            String::new()
        });
        let body = LetterBody::parse(&draft.body).map(|b| b.as_str().to_string()).unwrap_or_else(|message| {
            errors.push(FormError { field: "body", message });
            String::new()
        });
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let tx = store.begin_write().await?;
        let before = match id {
            Some(id) => Some(self.letter_template_model(&*tx, id).await?),
            None => None,
        };
        let taken = letter_template::Entity::find()
            .filter(letter_template::Column::TenantId.eq(actor.tenant_id))
            .filter(letter_template::Column::Name.eq(name.as_str()))
            .one(&*tx)
            .await?;
        if taken.is_some_and(|t| Some(t.id) != id) {
            return Err(StoreError::field(
                "name",
                format!("已有名为“{name}”的信件模板"),
                format!("A letter template named {name:?} already exists"),
            ));
        }
        let at = now();
        let template_id = id.unwrap_or_else(new_id);
        let model = letter_template::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(template_id),
            name: Set(name.clone()),
            body: Set(body.clone()),
            created_by: Set(before.as_ref().map_or(Some(actor.user_id), |b| b.created_by)),
            created_at: Set(before.as_ref().map_or(at, |b| b.created_at)),
            updated_at: Set(at),
        };
        match before {
            Some(_) => {
                letter_template::Entity::update(model).exec(&*tx).await?;
            }
            None => {
                letter_template::Entity::insert(model).exec_without_returning(&*tx).await?;
            }
        }
        let detail = json!({
            "before": before.as_ref().map(|b| json!({"name": b.name, "body": b.body})),
            "after": {"name": name, "body": body},
        });
        let event = AuditEvent::new(AuditAction::LetterTemplate, "letter_template", template_id, detail);
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(template_id)
    }

    /// Deletes a template; the batches printed with it keep its name.
    pub async fn delete_letter_template(&self, id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.need_manage()?;
        let tx = store.begin_write().await?;
        let before = self.letter_template_model(&*tx, id).await?;
        letter_template::Entity::delete_by_id((actor.tenant_id, id)).exec(&*tx).await?;
        let detail = json!({"before": {"name": before.name, "body": before.body}});
        let event = AuditEvent::new(AuditAction::LetterTemplateDelete, "letter_template", id, detail);
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }
}
