//! Recording and changing a policy document: every field checked first
//! (all errors at once), then one transaction with its audit event.

use super::{Policies, field};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::policy;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::policies::{Validity, normalize_number, parse_tags};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

/// A policy as a form or the API gives it.
#[derive(Debug, Clone)]
pub struct PolicyDraft {
    pub title: String,
    pub issuer: String,
    /// As typed; written back with full-width brackets.
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// As typed: separated by commas, spaces or 、.
    pub tags: String,
}

/// A draft's checked values.
struct Checked {
    title: String,
    issuer: String,
    number: String,
    validity: Validity,
    tags: Vec<String>,
}

fn text(errors: &mut Vec<FormError>, name: &'static str, value: &str, max: usize) -> String {
    let t = value.trim().to_string();
    if t.is_empty() {
        errors.push(FormError::new(name, "此项不能为空", "This field is required"));
    } else if t.chars().count() > max {
        errors.push(FormError::new(name, format!("不能超过{max}个字"), format!("At most {max} characters")));
    }
    t
}

fn check(d: &PolicyDraft) -> StoreResult<Checked> {
    let mut errors = Vec::new();
    let title = text(&mut errors, "title", &d.title, 200);
    let issuer = text(&mut errors, "issuer", &d.issuer, 60);
    let number = normalize_number(&d.number).map_err(|m| errors.push(FormError { field: "number", message: m }));
    let validity =
        Validity::new(d.valid_from, d.valid_to).map_err(|m| errors.push(FormError { field: "valid_to", message: m }));
    let tags = parse_tags(&d.tags).map_err(|m| errors.push(FormError { field: "tags", message: m }));
    match (number, validity, tags) {
        (Ok(number), Ok(validity), Ok(tags)) if errors.is_empty() => {
            Ok(Checked { title, issuer, number, validity, tags })
        }
        _ => Err(StoreError::Fields(errors)),
    }
}

/// Tags as stored: each between bars, so one tag is one `LIKE '%|tag|%'`.
pub(super) fn stored_tags(tags: &[String]) -> String {
    if tags.is_empty() { String::new() } else { format!("|{}|", tags.join("|")) }
}

fn image(m: &policy::Model) -> Value {
    json!({
        "title": m.title, "issuer": m.issuer, "number": m.number, "issued_on": m.issued_on,
        "valid_from": m.valid_from, "valid_to": m.valid_to,
        "tags": m.tags.trim_matches('|').replace('|', "、"),
    })
}

async fn number_taken(db: &impl ConnectionTrait, t: Uuid, number: &str, other_than: Option<Uuid>) -> StoreResult<()> {
    let mut q = policy::Entity::find().filter(policy::Column::TenantId.eq(t)).filter(policy::Column::Number.eq(number));
    if let Some(id) = other_than {
        q = q.filter(policy::Column::Id.ne(id));
    }
    if q.one(db).await?.is_some() {
        return Err(field(
            "number",
            guichao_domain::Msg::new(format!("文号 {number} 已登记"), format!("{number} is already recorded")),
        ));
    }
    Ok(())
}

impl Policies<'_> {
    /// Records a policy; answers its id.
    pub async fn create(&self, draft: &PolicyDraft) -> StoreResult<Uuid> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let c = check(draft)?;
        let tx = self.store().begin_write().await?;
        number_taken(&*tx, t, &c.number, None).await?;
        let m = policy::Model {
            tenant_id: t,
            id: new_id(),
            title: c.title,
            issuer: c.issuer,
            number: c.number,
            issued_on: draft.issued_on,
            valid_from: c.validity.from,
            valid_to: c.validity.to,
            tags: stored_tags(&c.tags),
            created_by: Some(self.actor().user_id()),
            created_at: now(),
        };
        policy::Entity::insert(policy::ActiveModel::from(m.clone())).exec_without_returning(&*tx).await?;
        let detail = json!({"number": m.number, "after": image(&m)});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::PolicyCreate, "policy", m.id, detail)).await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a policy's fields, audited with before and after.
    pub async fn update(&self, id: Uuid, draft: &PolicyDraft) -> StoreResult<()> {
        let t = self.0.need(Permission::PolicyWrite)?.tenant_id();
        let c = check(draft)?;
        let tx = self.store().begin_write().await?;
        let before = policy::Entity::find_by_id((t, id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        number_taken(&*tx, t, &c.number, Some(id)).await?;
        let mut a: policy::ActiveModel = before.clone().into();
        a.title = Set(c.title);
        a.issuer = Set(c.issuer);
        a.number = Set(c.number);
        a.issued_on = Set(draft.issued_on);
        a.valid_from = Set(c.validity.from);
        a.valid_to = Set(c.validity.to);
        a.tags = Set(stored_tags(&c.tags));
        let after = a.update(&*tx).await?;
        let detail = json!({"number": after.number, "before": image(&before), "after": image(&after)});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::PolicyUpdate, "policy", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
