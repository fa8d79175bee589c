//! Writing fellows: create, edit with optimistic locking, archive and restore.
//! Every write is audited with before and after images (personal data masked).

use super::Fellows;
use super::personal::{PersonalField, seal, shown};
use super::scope::{fellow_tokens, refresh_tokens, visible};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fellow, org_unit};
use crate::{Backend, Store, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowDraft;
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::{Value, json};
use uuid::Uuid;

/// The home units of a draft, checked: the township is a township of the
/// tenant, the village (if any) lies in it. Returns the fellow's unit and its path.
pub(crate) async fn home_unit(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    draft: &FellowDraft,
) -> StoreResult<(Uuid, String)> {
    let township = org_unit::Entity::find_by_id((tenant_id, draft.township_id))
        .one(db)
        .await?
        .filter(|u| u.level == UnitLevel::Township.code())
        .ok_or_else(|| StoreError::invalid("请选择所属乡镇", "Please choose the home township"))?;
    match draft.village_id {
        None => Ok((township.id, township.path)),
        Some(v) => {
            let village = org_unit::Entity::find_by_id((tenant_id, v))
                .one(db)
                .await?
                .filter(|u| u.parent_id == Some(township.id))
                .ok_or_else(|| {
                    StoreError::invalid("所选村（社区）不属于该乡镇", "The village is not in that township")
                })?;
            Ok((village.id, village.path))
        }
    }
}

/// The search tokens of a fellow: the name, then employer, city, district,
/// province, industry, title, tags and the names of linked companies.
pub(crate) fn search_tokens(f: &fellow::Model, companies: &[String]) -> String {
    let mut extra: Vec<&str> = vec![&f.employer, &f.city, &f.district, &f.province, &f.industry, &f.title];
    extra.extend(f.tags.split_whitespace());
    extra.extend(companies.iter().map(String::as_str));
    guichao_domain::search::search_tokens(&f.name, &extra)
}

fn tags_column(tags: &[String]) -> String {
    if tags.is_empty() { String::new() } else { format!(" {} ", tags.join(" ")) }
}

/// The audit image of a fellow: every field, personal data masked.
pub(crate) fn image(key: &crate::crypto::FieldKey, f: &fellow::Model) -> Value {
    json!({
        "name": f.name, "gender": f.gender, "birth_date": f.birth_date, "category": f.category,
        "unit_id": f.unit_id, "township_id": f.township_id, "village_id": f.village_id,
        "province": f.province, "city": f.city, "district": f.district, "employer": f.employer,
        "title": f.title, "industry": f.industry, "tags": f.tags.split_whitespace().collect::<Vec<_>>(),
        "status": f.status, "source": f.source, "notes": f.notes, "consent": f.consent,
        "phone": shown(key, f, PersonalField::Phone), "id_number": shown(key, f, PersonalField::IdNumber),
        "wechat": shown(key, f, PersonalField::WeChat), "email": shown(key, f, PersonalField::Email),
        "archived_at": f.archived_at, "merged_into": f.merged_into, "version": f.version,
    })
}

impl Store {
    /// The next key of the SQLite full-text row (writes are serialised, so
    /// max + 1 is safe); PostgreSQL needs none.
    pub(crate) async fn next_search_rowid(&self, db: &impl ConnectionTrait) -> StoreResult<Option<i64>> {
        if self.backend() != Backend::Sqlite {
            return Ok(None);
        }
        let max: Option<Option<i64>> = fellow::Entity::find()
            .select_only()
            .column_as(fellow::Column::SearchRowid.max(), "m")
            .into_tuple()
            .one(db)
            .await?;
        let max = max.flatten().unwrap_or(0);
        self.search_keys.fetch_max(max, std::sync::atomic::Ordering::Relaxed);
        Ok(Some(max + 1))
    }
}

/// The columns an edit replaces: every field of `changed` (its search tokens
/// rebuilt with the fellow's `companies`) and the next version; not what the
/// edit does not own (creation time and import, scope tokens, search key,
/// archiving).
pub(crate) fn replacement(mut changed: fellow::Model, companies: &[String], version: i32) -> fellow::ActiveModel {
    changed.search_tokens = search_tokens(&changed, companies);
    let mut active = fellow::ActiveModel::from(changed).reset_all();
    active.version = Set(version + 1);
    active.created_at = sea_orm::ActiveValue::NotSet;
    active.scope_tokens = sea_orm::ActiveValue::NotSet;
    active.search_rowid = sea_orm::ActiveValue::NotSet;
    active.archived_at = sea_orm::ActiveValue::NotSet;
    active.merged_into = sea_orm::ActiveValue::NotSet;
    active.import_id = sea_orm::ActiveValue::NotSet;
    active
}

/// A new row for a draft. `path` is the unit's path (for scope tokens; empty
/// when the caller refreshes the tokens itself).
pub(crate) fn new_model(
    key: &crate::crypto::FieldKey,
    tenant_id: Uuid,
    id: Uuid,
    unit_id: Uuid,
    path: &str,
    d: &FellowDraft,
    search_rowid: Option<i64>,
) -> fellow::Model {
    let (phone_enc, phone_idx) = seal(key, tenant_id, PersonalField::Phone, d.phone.as_ref().map(|p| p.as_str()));
    let (id_number_enc, id_number_idx) =
        seal(key, tenant_id, PersonalField::IdNumber, d.id_number.as_ref().map(|p| p.as_str()));
    let (wechat_enc, wechat_idx) = seal(key, tenant_id, PersonalField::WeChat, d.wechat.as_ref().map(|p| p.as_str()));
    let (email_enc, email_idx) = seal(key, tenant_id, PersonalField::Email, d.email.as_ref().map(|p| p.as_str()));
    let at = now();
    let mut model = fellow::Model {
        tenant_id,
        id,
        unit_id,
        township_id: Some(d.township_id),
        village_id: d.village_id,
        name: d.name.clone(),
        sort_key: guichao_domain::search::sort_key(&d.name),
        gender: d.gender.map(|g| g.code().to_string()),
        birth_date: d.birth_date,
        birth_year: d.birth_year(),
        category: d.category.code().to_string(),
        province: d.province.clone(),
        city: d.city.clone(),
        district: d.district.clone(),
        employer: d.employer.clone(),
        title: d.title.clone(),
        industry: d.industry.clone(),
        phone_enc,
        phone_idx,
        id_number_enc,
        id_number_idx,
        wechat_enc,
        wechat_idx,
        email_enc,
        email_idx,
        tags: tags_column(&d.tags),
        status: d.status.code().to_string(),
        source: d.source.clone(),
        notes: d.notes.clone(),
        consent: d.consent,
        search_tokens: String::new(),
        scope_tokens: fellow_tokens(tenant_id, path, unit_id, &[]),
        search_rowid,
        merged_into: None,
        import_id: None,
        version: 1,
        archived_at: None,
        updated_at: at,
        created_at: at,
    };
    model.search_tokens = search_tokens(&model, &[]);
    model
}

impl Fellows<'_> {
    /// Checks that the actor may write fellows of the draft's home unit.
    async fn check_writable(&self, unit_id: Uuid) -> StoreResult<()> {
        let scope = self.0.need(Permission::FellowWrite)?;
        if !scope.covers_unit(self.store(), unit_id).await? {
            return Err(StoreError::invalid(
                "该乡友的籍贯不在您的管理范围内",
                "The fellow's home is outside what you manage",
            ));
        }
        Ok(())
    }

    pub async fn create(&self, draft: FellowDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let key = store.field_key()?;
        let (unit_id, path) = home_unit(&store.db, actor.tenant_id, &draft).await?;
        self.check_writable(unit_id).await?;
        let tx = store.begin_write().await?;
        let id = new_id();
        let model = new_model(key, actor.tenant_id, id, unit_id, &path, &draft, store.next_search_rowid(&*tx).await?);
        let after = image(key, &model);
        fellow::Entity::insert(fellow::ActiveModel::from(model).reset_all()).exec_without_returning(&*tx).await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::FellowCreate, "fellow", id, json!({"after": after})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made from `version`. If someone saved in between, nothing is
    /// written and the answer is a conflict (the caller keeps what was typed).
    pub async fn update(&self, id: Uuid, draft: FellowDraft, version: i32) -> StoreResult<()> {
        self.update_keep(id, draft, version, &[]).await
    }

    /// Like `update_fellow`, but the personal fields in `keep` keep their stored
    /// values whatever the draft holds (a form never shows them in plain text,
    /// so an empty input there means "unchanged").
    pub async fn update_keep(
        &self,
        id: Uuid,
        draft: FellowDraft,
        version: i32,
        keep: &[PersonalField],
    ) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let key = store.field_key()?;
        let before = self.writable(id).await?;
        let (unit_id, _) = home_unit(&store.db, actor.tenant_id, &draft).await?;
        self.check_writable(unit_id).await?;
        let companies = super::links::company_names(&store.db, actor.tenant_id, id).await?;
        let tx = store.begin_write().await?;
        let mut changed = new_model(key, actor.tenant_id, id, unit_id, "", &draft, before.search_rowid);
        for field in keep {
            match field {
                PersonalField::Phone => {
                    (changed.phone_enc, changed.phone_idx) = (before.phone_enc.clone(), before.phone_idx.clone())
                }
                PersonalField::IdNumber => {
                    (changed.id_number_enc, changed.id_number_idx) =
                        (before.id_number_enc.clone(), before.id_number_idx.clone())
                }
                PersonalField::WeChat => {
                    (changed.wechat_enc, changed.wechat_idx) = (before.wechat_enc.clone(), before.wechat_idx.clone())
                }
                PersonalField::Email => {
                    (changed.email_enc, changed.email_idx) = (before.email_enc.clone(), before.email_idx.clone())
                }
            }
        }
        let done = fellow::Entity::update_many()
            .set(replacement(changed, &companies, version))
            .filter(fellow::Column::TenantId.eq(actor.tenant_id))
            .filter(fellow::Column::Id.eq(id))
            .filter(fellow::Column::Version.eq(version))
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(StoreError::conflict(
                "该乡友信息已被他人修改，请核对后重新保存（您填写的内容已保留）",
                "Someone else changed this fellow; check and save again (your input is kept)",
            ));
        }
        let after = fellow::Entity::find_by_id((actor.tenant_id, id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        crate::liaison::end_moved(&*tx, actor, &before, &after).await?;
        refresh_tokens(&*tx, actor.tenant_id, id).await?;
        let detail = json!({"before": image(key, &before), "after": image(key, &after)});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::FellowUpdate, "fellow", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Archives (never deletes) a fellow; `restore` brings them back.
    pub async fn archive(&self, id: Uuid) -> StoreResult<()> {
        self.set_archived(id, true).await
    }

    pub async fn restore(&self, id: Uuid) -> StoreResult<()> {
        self.set_archived(id, false).await
    }

    async fn set_archived(&self, id: Uuid, archived: bool) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let before = self.writable(id).await?;
        if before.merged_into.is_some() {
            return Err(StoreError::invalid("该乡友已合并到另一条记录", "This fellow was merged into another record"));
        }
        let tx = store.begin_write().await?;
        fellow::Entity::update_many()
            .col_expr(fellow::Column::ArchivedAt, Expr::value(if archived { Some(now()) } else { None }))
            .col_expr(fellow::Column::Version, Expr::value(before.version + 1))
            .col_expr(fellow::Column::UpdatedAt, Expr::value(now()))
            .filter(fellow::Column::TenantId.eq(actor.tenant_id))
            .filter(fellow::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let action = if archived { AuditAction::FellowArchive } else { AuditAction::FellowRestore };
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(action, "fellow", id, json!({}))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A fellow the actor may both see and write, or `NotFound`.
    pub(crate) async fn writable(&self, id: Uuid) -> StoreResult<fellow::Model> {
        let store = self.store();
        let write = self.0.need(Permission::FellowWrite)?;
        let read = self.0.also(Permission::FellowRead)?;
        let f = fellow::Entity::find()
            .filter(fellow::Column::Id.eq(id))
            .filter(visible(&read))
            .one(&store.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let writable =
            fellow::Entity::find().filter(fellow::Column::Id.eq(id)).filter(visible(write)).one(&store.db).await?;
        writable.map(|_| f).ok_or(StoreError::Forbidden)
    }
}
