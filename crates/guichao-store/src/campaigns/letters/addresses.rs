//! A fellow's mailing details for letters: a salutation typed instead of
//! the derived one, the postal address and postcode. Read and kept by who
//! may tick the fellow (`liaison.write` over them); audited with before and
//! after.

use super::super::Campaigns;
use super::{AddressDraft, AddressView};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, letter_address};
use crate::fellows::scope::visible;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::letters::{ADDRESS, postcode};
use guichao_domain::campaigns::{SALUTATION, salutation};
use guichao_domain::fellows::{FormError, Gender};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

impl Campaigns<'_> {
    /// A fellow the actor may tick, or `NotFound`.
    async fn writable_fellow(&self, db: &impl ConnectionTrait, fellow_id: Uuid) -> StoreResult<fellow::Model> {
        let scope = self.0.need(Permission::LiaisonWrite)?;
        fellow::Entity::find()
            .filter(visible(scope))
            .filter(fellow::Column::Id.eq(fellow_id))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A fellow's mailing details (empty until someone fills them in).
    pub async fn letter_address(&self, fellow_id: Uuid) -> StoreResult<AddressView> {
        let db = &self.store().db;
        let f = self.writable_fellow(db, fellow_id).await?;
        let kept = letter_address::Entity::find_by_id((f.tenant_id, fellow_id)).one(db).await?;
        Ok(view(&f, kept))
    }

    /// Sets a fellow's mailing details; empty fields clear them.
    pub async fn set_letter_address(&self, fellow_id: Uuid, draft: AddressDraft) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let mut errors = Vec::new();
        let mut check = |field: &'static str, r: Result<String, guichao_domain::Msg>| {
            r.unwrap_or_else(|message| {
                errors.push(FormError { field, message });
                String::new()
            })
        };
        let typed = check("salutation", SALUTATION.check(&draft.salutation));
        let address = check("address", ADDRESS.check(&draft.address));
        let code = check("postcode", postcode(&draft.postcode));
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let tx = store.begin_write().await?;
        let f = self.writable_fellow(&*tx, fellow_id).await?;
        let before = letter_address::Entity::find_by_id((f.tenant_id, fellow_id)).one(&*tx).await?;
        letter_address::Entity::insert(letter_address::ActiveModel {
            tenant_id: Set(f.tenant_id),
            fellow_id: Set(fellow_id),
            salutation: Set(typed.clone()),
            address: Set(address.clone()),
            postcode: Set(code.clone()),
            updated_by: Set(Some(actor.user_id)),
            updated_at: Set(now()),
        })
        .on_conflict(
            OnConflict::columns([letter_address::Column::TenantId, letter_address::Column::FellowId])
                .update_columns([
                    letter_address::Column::Salutation,
                    letter_address::Column::Address,
                    letter_address::Column::Postcode,
                    letter_address::Column::UpdatedBy,
                    letter_address::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({
            "fellow": f.name,
            "before": before.map(|b| json!({"salutation": b.salutation, "address": b.address, "postcode": b.postcode})),
            "after": {"salutation": typed, "address": address, "postcode": code},
        });
        record(&*tx, f.tenant_id, actor, AuditEvent::new(AuditAction::LetterAddress, "fellow", fellow_id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn view(f: &fellow::Model, kept: Option<letter_address::Model>) -> AddressView {
    let gender = f.gender.as_deref().and_then(Gender::parse);
    let kept = kept.unwrap_or(letter_address::Model {
        tenant_id: f.tenant_id,
        fellow_id: f.id,
        salutation: String::new(),
        address: String::new(),
        postcode: String::new(),
        updated_by: None,
        updated_at: f.updated_at,
    });
    AddressView {
        fellow_id: f.id,
        name: f.name.clone(),
        derived: salutation(&f.name, gender),
        salutation: kept.salutation,
        address: kept.address,
        postcode: kept.postcode,
    }
}
