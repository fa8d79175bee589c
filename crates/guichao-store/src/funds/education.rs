//! The education fund (教育基金): the county fund and its township branches,
//! one per org unit; donations pledged and paid in; disbursements paid out
//! of what was paid in. A disbursement locks its branch's row before it
//! counts the branch's size, so two at the same moment never take the
//! branch below zero. A township user sees their township's branch.

use super::party::kind_of;
use super::special::unit_names;
use super::{Funds, Party, PartyRow, fields, text};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{edu_branch, edu_disbursement, edu_donation, org_unit};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::funds::check_amount;
use guichao_domain::funds::education::{
    DisbursementFacts, DisbursementKind, DonationFacts, FundSize, check_donation_days, size_as_of, size_by_year,
};
use guichao_domain::ids::new_id;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A donation as typed.
#[derive(Debug, Clone)]
pub struct DonationDraft {
    pub branch_id: Uuid,
    pub donor: Party,
    pub amount_fen: i64,
    pub pledged: NaiveDate,
    pub paid: Option<NaiveDate>,
    pub purpose: String,
}

/// A disbursement as typed.
#[derive(Debug, Clone)]
pub struct DisbursementDraft {
    pub branch_id: Uuid,
    pub kind: DisbursementKind,
    pub recipient: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub note: String,
}

/// A branch with its size on the day asked.
#[derive(Debug, Clone, Serialize)]
pub struct BranchRow {
    pub id: Uuid,
    pub name: String,
    pub unit_id: Uuid,
    #[serde(flatten)]
    pub size: FundSize,
    pub size_fen: i64,
}

/// A donation as listed.
#[derive(Debug, Clone, Serialize)]
pub struct DonationRow {
    pub id: Uuid,
    pub branch_id: Uuid,
    pub branch: String,
    pub donor: PartyRow,
    pub amount_fen: i64,
    pub pledged: NaiveDate,
    pub paid: Option<NaiveDate>,
    pub purpose: String,
}

/// A disbursement as listed.
#[derive(Debug, Clone, Serialize)]
pub struct DisbursementRow {
    pub id: Uuid,
    pub branch: String,
    pub kind: DisbursementKind,
    pub recipient: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub note: String,
}

/// The records of the branches `ids` (all of them when `None`).
async fn records(
    db: &impl ConnectionTrait,
    t: Uuid,
    ids: Option<&[Uuid]>,
) -> StoreResult<(Vec<edu_donation::Model>, Vec<edu_disbursement::Model>)> {
    let mut dons = edu_donation::Entity::find().filter(edu_donation::Column::TenantId.eq(t));
    let mut outs = edu_disbursement::Entity::find().filter(edu_disbursement::Column::TenantId.eq(t));
    if let Some(ids) = ids {
        dons = dons.filter(edu_donation::Column::BranchId.is_in(ids.to_vec()));
        outs = outs.filter(edu_disbursement::Column::BranchId.is_in(ids.to_vec()));
    }
    Ok((dons.all(db).await?, outs.all(db).await?))
}

fn don_facts(d: &edu_donation::Model) -> DonationFacts {
    DonationFacts { amount_fen: d.amount_fen, pledged: d.pledged_on, paid: d.paid_on }
}

fn out_facts(d: &edu_disbursement::Model) -> DisbursementFacts {
    DisbursementFacts { amount_fen: d.amount_fen, paid: d.paid_on }
}

async fn size_of(db: &impl ConnectionTrait, t: Uuid, branch: Uuid, as_of: NaiveDate) -> StoreResult<FundSize> {
    let (dons, outs) = records(db, t, Some(&[branch])).await?;
    Ok(size_as_of(
        &dons.iter().map(don_facts).collect::<Vec<_>>(),
        &outs.iter().map(out_facts).collect::<Vec<_>>(),
        as_of,
    ))
}

impl Funds<'_> {
    /// The branches the reader sees, the county fund first.
    async fn scoped_branches(&self) -> StoreResult<Vec<edu_branch::Model>> {
        Ok(edu_branch::Entity::find()
            .filter(self.reading().units_condition(edu_branch::Column::TenantId, edu_branch::Column::UnitId))
            .order_by_asc(edu_branch::Column::CreatedAt)
            .order_by_asc(edu_branch::Column::Id)
            .all(&self.store().db)
            .await?)
    }

    /// A branch the reader sees, or `NotFound`.
    async fn seen_branch(&self, db: &impl ConnectionTrait, id: Uuid, lock: bool) -> StoreResult<edu_branch::Model> {
        let mut find = edu_branch::Entity::find()
            .filter(edu_branch::Column::Id.eq(id))
            .filter(self.reading().units_condition(edu_branch::Column::TenantId, edu_branch::Column::UnitId));
        if lock {
            find = find.lock_exclusive();
        }
        find.one(db).await?.ok_or_else(|| StoreError::field("branch_id", "所选基金分会不存在", "No such branch"))
    }

    /// Opens the fund's branch for org unit `unit_id` (the county fund for
    /// the county), named `name`; answers its id, or the existing one's.
    pub async fn open_branch(&self, unit_id: Uuid, name: &str) -> StoreResult<Uuid> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let name = text("name", name, 60, true)?;
        let tx = store.begin_write().await?;
        org_unit::Entity::find_by_id((t, unit_id))
            .one(&*tx)
            .await?
            .ok_or_else(|| StoreError::field("unit_id", "所选单位不存在", "No such unit"))?;
        let existing = edu_branch::Entity::find()
            .filter(edu_branch::Column::TenantId.eq(t))
            .filter(edu_branch::Column::UnitId.eq(unit_id))
            .one(&*tx)
            .await?;
        if let Some(b) = existing {
            return Ok(b.id);
        }
        let row = edu_branch::Model {
            tenant_id: t,
            id: new_id(),
            unit_id,
            name: name.clone(),
            created_by: Some(actor.user_id),
            created_at: now(),
        };
        let id = row.id;
        edu_branch::Entity::insert(edu_branch::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let detail = json!({"after": {"branch": name}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EduBranch, "edu_branch", id, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The branches the reader sees with their size on `as_of`.
    pub async fn branches(&self, as_of: NaiveDate) -> StoreResult<Vec<BranchRow>> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let mut out = Vec::new();
        for b in self.scoped_branches().await? {
            let size = size_of(db, t, b.id, as_of).await?;
            out.push(BranchRow { id: b.id, name: b.name, unit_id: b.unit_id, size_fen: size.size_fen(), size });
        }
        Ok(out)
    }

    /// The size of the branches the reader sees, together, on `as_of`.
    pub async fn education_size(&self, as_of: NaiveDate) -> StoreResult<FundSize> {
        Ok(self.education_by_year(as_of, as_of).await?.pop().map(|(_, s)| s).unwrap_or_default())
    }

    /// The size of the branches the reader sees at the end of each year
    /// from `from`'s to `to`'s, the last one on `to` itself.
    pub async fn education_by_year(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(i32, FundSize)>> {
        use chrono::Datelike;
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let ids: Vec<Uuid> = self.scoped_branches().await?.into_iter().map(|b| b.id).collect();
        let (dons, outs) = records(db, t, Some(&ids)).await?;
        let dons: Vec<_> = dons.iter().map(don_facts).collect();
        let outs: Vec<_> = outs.iter().map(out_facts).collect();
        let mut years = size_by_year(&dons, &outs, from.year(), to.year() - 1);
        years.push((to.year(), size_as_of(&dons, &outs, to)));
        Ok(years)
    }

    /// Records a donation; when already paid in, the fund's size before and
    /// after goes into the audit.
    pub async fn add_donation(&self, d: DonationDraft) -> StoreResult<Uuid> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let amount = check_amount(d.amount_fen).map_err(|m| fields(vec![("amount", m)]))?;
        check_donation_days(d.pledged, d.paid, today()).map_err(|e| fields(vec![e]))?;
        let purpose = text("purpose", &d.purpose, 200, false)?;
        let tx = store.begin_write().await?;
        let branch = self.seen_branch(&*tx, d.branch_id, true).await?;
        let donor = self.resolve(&*tx, &d.donor).await?;
        let before = size_of(&*tx, t, branch.id, NaiveDate::MAX).await?.size_fen();
        let row = edu_donation::Model {
            tenant_id: t,
            id: new_id(),
            branch_id: branch.id,
            amount_fen: amount,
            pledged_on: d.pledged,
            paid_on: d.paid,
            purpose: purpose.clone(),
            party_kind: donor.kind.code().into(),
            fellow_id: donor.fellow_id,
            company_id: donor.company_id,
            party_name: donor.name.clone(),
            unit_id: branch.unit_id,
            created_by: Some(actor.user_id),
            created_at: now(),
        };
        let id = row.id;
        edu_donation::Entity::insert(edu_donation::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let after = before + d.paid.map_or(0, |_| amount);
        let detail = json!({
            "branch": branch.name,
            "before": {"size_fen": before},
            "after": {"donor": donor.name, "amount_fen": amount, "date": d.pledged, "paid_on": d.paid,
                      "purpose": purpose, "size_fen": after},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EduDonation, "edu_donation", id, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Marks a pledged donation paid in on `date`.
    pub async fn donation_paid(&self, id: Uuid, date: NaiveDate) -> StoreResult<()> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let d =
            edu_donation::Entity::find_by_id((t, id)).lock_exclusive().one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let branch = self.seen_branch(&*tx, d.branch_id, true).await?;
        if d.paid_on.is_some() {
            return Err(StoreError::invalid("这笔捐赠已登记到账", "The donation is paid in already"));
        }
        check_donation_days(d.pledged_on, Some(date), today()).map_err(|e| fields(vec![e]))?;
        let before = size_of(&*tx, t, branch.id, NaiveDate::MAX).await?.size_fen();
        let mut m: edu_donation::ActiveModel = d.clone().into();
        m.paid_on = Set(Some(date));
        sea_orm::ActiveModelTrait::update(m, &*tx).await?;
        let detail = json!({
            "branch": branch.name, "donor": d.party_name, "amount_fen": d.amount_fen, "paid_on": date,
            "before": {"size_fen": before}, "after": {"size_fen": before + d.amount_fen},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EduDonationPaid, "edu_donation", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pays a scholarship or award out of a branch; refused when the
    /// branch's size on the day cannot cover it.
    pub async fn disburse(&self, d: DisbursementDraft) -> StoreResult<Uuid> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let amount = check_amount(d.amount_fen).map_err(|m| fields(vec![("amount", m)]))?;
        let recipient = text("recipient", &d.recipient, 100, true)?;
        let note = text("note", &d.note, 200, false)?;
        if d.date > today() {
            return Err(StoreError::field("date", "支出日期不能晚于今天", "The day cannot be in the future"));
        }
        let tx = store.begin_write().await?;
        // Lock first, count after.
        let branch = self.seen_branch(&*tx, d.branch_id, true).await?;
        let now_size = size_of(&*tx, t, branch.id, NaiveDate::MAX).await?;
        let then = size_of(&*tx, t, branch.id, d.date).await?;
        // Neither on the day nor today may the branch be short.
        then.check_disbursement(amount)
            .and_then(|_| now_size.check_disbursement(amount))
            .map_err(StoreError::Conflict)?;
        let row = edu_disbursement::Model {
            tenant_id: t,
            id: new_id(),
            branch_id: branch.id,
            kind: d.kind.code().into(),
            recipient: recipient.clone(),
            amount_fen: amount,
            paid_on: d.date,
            note: note.clone(),
            created_by: Some(actor.user_id),
            created_at: now(),
        };
        let id = row.id;
        edu_disbursement::Entity::insert(edu_disbursement::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let detail = json!({
            "branch": branch.name,
            "before": {"size_fen": now_size.size_fen()},
            "after": {"kind": d.kind.code(), "recipient": recipient, "amount_fen": amount, "date": d.date,
                      "note": note, "size_fen": now_size.size_fen() - amount},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EduDisbursement, "edu_disbursement", id, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A page of the donations of the branches the reader sees, newest
    /// pledge first, and how many there are.
    pub async fn donations(&self, offset: u64, limit: u64) -> StoreResult<(Vec<DonationRow>, u64)> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let seen = edu_donation::Entity::find()
            .filter(self.reading().units_condition(edu_donation::Column::TenantId, edu_donation::Column::UnitId));
        let total = seen.clone().count(db).await?;
        let rows = seen
            .order_by_desc(edu_donation::Column::PledgedOn)
            .order_by_desc(edu_donation::Column::Id)
            .offset(offset)
            .limit(limit.clamp(1, super::MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let names = branch_names(db, t).await?;
        let units = unit_names(db, t, rows.iter().map(|d| d.unit_id)).await?;
        Ok((rows.into_iter().map(|d| donation_row(d, &names, &units)).collect(), total))
    }

    /// Donation `id`, when the reader sees it (for its thank-you letter).
    pub async fn donation(&self, id: Uuid) -> StoreResult<DonationRow> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let d = edu_donation::Entity::find()
            .filter(edu_donation::Column::Id.eq(id))
            .filter(self.reading().units_condition(edu_donation::Column::TenantId, edu_donation::Column::UnitId))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let names = branch_names(db, t).await?;
        let units = unit_names(db, t, [d.unit_id]).await?;
        Ok(donation_row(d, &names, &units))
    }

    /// A page of the disbursements of the branches the reader sees, newest
    /// first, and how many there are.
    pub async fn disbursements(&self, offset: u64, limit: u64) -> StoreResult<(Vec<DisbursementRow>, u64)> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let seen: Vec<Uuid> = self.scoped_branches().await?.into_iter().map(|b| b.id).collect();
        let find = edu_disbursement::Entity::find()
            .filter(edu_disbursement::Column::TenantId.eq(t))
            .filter(edu_disbursement::Column::BranchId.is_in(seen));
        let total = find.clone().count(db).await?;
        let rows = find
            .order_by_desc(edu_disbursement::Column::PaidOn)
            .order_by_desc(edu_disbursement::Column::Id)
            .offset(offset)
            .limit(limit.clamp(1, super::MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let names = branch_names(db, t).await?;
        let rows = rows
            .into_iter()
            .map(|d| DisbursementRow {
                id: d.id,
                branch: names.get(&d.branch_id).cloned().unwrap_or_default(),
                kind: DisbursementKind::parse(&d.kind).unwrap_or(DisbursementKind::Other),
                recipient: d.recipient,
                amount_fen: d.amount_fen,
                date: d.paid_on,
                note: d.note,
            })
            .collect();
        Ok((rows, total))
    }
}

async fn branch_names(db: &impl ConnectionTrait, t: Uuid) -> StoreResult<std::collections::HashMap<Uuid, String>> {
    let rows = edu_branch::Entity::find().filter(edu_branch::Column::TenantId.eq(t)).all(db).await?;
    Ok(rows.into_iter().map(|b| (b.id, b.name)).collect())
}

fn donation_row(
    d: edu_donation::Model,
    names: &std::collections::HashMap<Uuid, String>,
    units: &std::collections::HashMap<Uuid, String>,
) -> DonationRow {
    DonationRow {
        id: d.id,
        branch_id: d.branch_id,
        branch: names.get(&d.branch_id).cloned().unwrap_or_default(),
        donor: PartyRow {
            kind: kind_of(&d.party_kind),
            fellow_id: d.fellow_id,
            company_id: d.company_id,
            name: d.party_name,
            unit_id: d.unit_id,
            unit: units.get(&d.unit_id).cloned().unwrap_or_default(),
        },
        amount_fen: d.amount_fen,
        pledged: d.pledged_on,
        paid: d.paid_on,
        purpose: d.purpose,
    }
}
