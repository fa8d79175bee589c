//! The special fund (返乡创业就业专项扶持资金): yearly budgets, grants and
//! their approval steps. An approval locks its year's budget row before it
//! counts the balance, so approvals made at the same moment pass one at a
//! time and the balance never goes below zero.

use super::party::kind_of;
use super::{Funds, Party, PartyRow, text};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{fund_budget, fund_grant, fund_grant_step, org_unit};
use crate::{StoreError, StoreResult, now};
use chrono::{Datelike, NaiveDate};
use guichao_domain::date::today;
use guichao_domain::funds::check_amount;
use guichao_domain::funds::special::{Balance, GrantFacts, GrantStep, StepOn, balance, check_budget, check_step};
use guichao_domain::ids::new_id;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A grant as applied for.
#[derive(Debug, Clone)]
pub struct GrantDraft {
    pub party: Party,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub purpose: String,
    /// The policy it is granted under, as written (岳政发〔2023〕5号).
    pub policy: String,
}

/// One recorded step of a grant.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub step: GrantStep,
    pub date: NaiveDate,
    pub reason: String,
}

/// A grant with its steps, as its reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct GrantRow {
    pub id: Uuid,
    pub recipient: PartyRow,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub purpose: String,
    pub policy: String,
    /// Its last step.
    pub status: GrantStep,
    pub steps: Vec<StepRow>,
}

/// A year's budget and its balance on the day asked.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub year: i32,
    pub note: String,
    #[serde(flatten)]
    pub balance: Balance,
    pub left_fen: i64,
}

/// Which grants a list shows, in which order: by date (the default) or by
/// amount, ties by id.
#[derive(Debug, Clone, Default)]
pub struct GrantQuery {
    pub year: Option<i32>,
    pub status: Option<GrantStep>,
    pub by_amount: bool,
    pub descending: bool,
    pub offset: u64,
    pub limit: u64,
}

fn year_span(year: i32) -> (NaiveDate, NaiveDate) {
    (NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(), NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default())
}

/// The steps of `grants`, each grant's in the order recorded.
async fn steps_of(db: &impl ConnectionTrait, t: Uuid, grants: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<StepRow>>> {
    let mut out: HashMap<Uuid, Vec<StepRow>> = HashMap::new();
    for chunk in grants.chunks(500) {
        let rows = fund_grant_step::Entity::find()
            .filter(fund_grant_step::Column::TenantId.eq(t))
            .filter(fund_grant_step::Column::GrantId.is_in(chunk.to_vec()))
            .order_by_asc(fund_grant_step::Column::CreatedAt)
            .order_by_asc(fund_grant_step::Column::Id)
            .all(db)
            .await?;
        for s in rows {
            let step = GrantStep::parse(&s.step).unwrap_or(GrantStep::Applied);
            out.entry(s.grant_id).or_default().push(StepRow { step, date: s.step_date, reason: s.reason });
        }
    }
    Ok(out)
}

fn facts(steps: &[StepRow]) -> Vec<StepOn> {
    steps.iter().map(|s| StepOn { step: s.step, date: s.date }).collect()
}

/// The balance of `year` on `as_of` from every grant of the year (not only
/// those a reader sees: the budget is the county's).
pub(crate) async fn balance_of(
    db: &impl ConnectionTrait,
    t: Uuid,
    year: i32,
    as_of: NaiveDate,
) -> StoreResult<Balance> {
    let budget = fund_budget::Entity::find()
        .filter(fund_budget::Column::TenantId.eq(t))
        .filter(fund_budget::Column::Year.eq(year))
        .one(db)
        .await?
        .map_or(0, |b| b.amount_fen);
    let (from, to) = year_span(year);
    let grants = fund_grant::Entity::find()
        .filter(fund_grant::Column::TenantId.eq(t))
        .filter(fund_grant::Column::GrantDate.between(from, to))
        .all(db)
        .await?;
    let steps = steps_of(db, t, &grants.iter().map(|g| g.id).collect::<Vec<_>>()).await?;
    let facts: Vec<GrantFacts> = grants
        .iter()
        .map(|g| GrantFacts {
            amount_fen: g.amount_fen,
            date: g.grant_date,
            steps: steps.get(&g.id).map(|s| facts(s)).unwrap_or_default(),
        })
        .collect();
    Ok(balance(year, budget, &facts, as_of))
}

fn row(g: fund_grant::Model, unit: String, steps: Vec<StepRow>) -> GrantRow {
    GrantRow {
        id: g.id,
        recipient: PartyRow {
            kind: kind_of(&g.party_kind),
            fellow_id: g.fellow_id,
            company_id: g.company_id,
            name: g.party_name,
            unit_id: g.unit_id,
            unit,
        },
        amount_fen: g.amount_fen,
        date: g.grant_date,
        purpose: g.purpose,
        policy: g.policy,
        status: steps.last().map_or(GrantStep::Applied, |s| s.step),
        steps,
    }
}

impl Funds<'_> {
    /// Sets the budget of `year`, audited with the amount before and after.
    pub async fn set_budget(&self, year: i32, amount_fen: i64, note: &str) -> StoreResult<()> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        check_budget(year, amount_fen, today().year()).map_err(|m| {
            StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "amount", message: m }])
        })?;
        let note = text("note", note, 200, false)?;
        let tx = store.begin_write().await?;
        let old = fund_budget::Entity::find()
            .filter(fund_budget::Column::TenantId.eq(t))
            .filter(fund_budget::Column::Year.eq(year))
            .lock_exclusive()
            .one(&*tx)
            .await?;
        let before = old.as_ref().map(|b| b.amount_fen);
        if let Some(b) = old {
            let committed = balance_of(&*tx, t, year, NaiveDate::MAX).await?.committed_fen;
            if amount_fen < committed {
                return Err(StoreError::field(
                    "amount",
                    "预算不能少于本年度已批准的金额",
                    "The budget cannot be less than what the year has approved",
                ));
            }
            let mut m: fund_budget::ActiveModel = b.into();
            m.amount_fen = Set(amount_fen);
            m.note = Set(note.clone());
            sea_orm::ActiveModelTrait::update(m, &*tx).await?;
        } else {
            let row = fund_budget::Model {
                tenant_id: t,
                id: new_id(),
                year,
                amount_fen,
                note: note.clone(),
                created_by: Some(actor.user_id),
                created_at: now(),
            };
            fund_budget::Entity::insert(fund_budget::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        }
        let detail =
            json!({"year": year, "before": {"budget_fen": before}, "after": {"budget_fen": amount_fen, "note": note}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FundBudget, "fund_budget", Uuid::nil(), detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every year's budget with its balance on `as_of`, newest year first.
    pub async fn budgets(&self, as_of: NaiveDate) -> StoreResult<Vec<BudgetRow>> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let rows = fund_budget::Entity::find()
            .filter(fund_budget::Column::TenantId.eq(t))
            .order_by_desc(fund_budget::Column::Year)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for b in rows {
            let balance = balance_of(db, t, b.year, as_of).await?;
            out.push(BudgetRow { year: b.year, note: b.note, left_fen: balance.left_fen(), balance });
        }
        Ok(out)
    }

    /// The balance of `year` on `as_of`.
    pub async fn balance(&self, year: i32, as_of: NaiveDate) -> StoreResult<Balance> {
        balance_of(&self.store().db, self.actor().tenant_id, year, as_of).await
    }

    /// Records a grant applied for on `draft.date`; answers its id.
    pub async fn apply_grant(&self, draft: GrantDraft) -> StoreResult<Uuid> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let amount = check_amount(draft.amount_fen).map_err(|m| super::fields(vec![("amount", m)]))?;
        if draft.date > today() || draft.date.year() < 2000 {
            return Err(StoreError::field(
                "date",
                "申请日期不能晚于今天，也不能早于2000年",
                "The day is in the future or before 2000",
            ));
        }
        let purpose = text("purpose", &draft.purpose, 200, true)?;
        let policy = text("policy", &draft.policy, 100, false)?;
        let tx = store.begin_write().await?;
        let party = self.resolve(&*tx, &draft.party).await?;
        let id = new_id();
        let at = now();
        let grant = fund_grant::Model {
            tenant_id: t,
            id,
            amount_fen: amount,
            grant_date: draft.date,
            purpose: purpose.clone(),
            policy: policy.clone(),
            party_kind: party.kind.code().into(),
            fellow_id: party.fellow_id,
            company_id: party.company_id,
            party_name: party.name.clone(),
            unit_id: party.unit_id,
            created_by: Some(actor.user_id),
            created_at: at,
        };
        fund_grant::Entity::insert(fund_grant::ActiveModel::from(grant)).exec_without_returning(&*tx).await?;
        insert_step(&*tx, t, id, GrantStep::Applied, draft.date, "", actor.user_id).await?;
        let detail = json!({"after": {
            "recipient": party.name, "amount_fen": amount, "date": draft.date, "purpose": purpose, "policy": policy,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FundGrant, "fund_grant", id, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the next step of grant `id`. An approval locks the year's
    /// budget and is refused when the balance cannot cover the grant; a
    /// rejection needs its reason.
    pub async fn record_step(&self, id: Uuid, step: GrantStep, date: NaiveDate, reason: &str) -> StoreResult<()> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let reason = text("reason", reason, 200, step == GrantStep::Rejected)?;
        if date > today() {
            return Err(StoreError::field("date", "日期不能晚于今天", "The day cannot be in the future"));
        }
        let tx = store.begin_write().await?;
        let g = fund_grant::Entity::find_by_id((t, id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let year = g.grant_date.year();
        // Lock first, count after: a second approval waits here until this
        // one has committed, then counts it.
        let budget = if step.commits() {
            fund_budget::Entity::find()
                .filter(fund_budget::Column::TenantId.eq(t))
                .filter(fund_budget::Column::Year.eq(year))
                .lock_exclusive()
                .one(&*tx)
                .await?
        } else {
            None
        };
        let steps = steps_of(&*tx, t, &[id]).await?.remove(&id).unwrap_or_default();
        let last = steps
            .last()
            .map_or(StepOn { step: GrantStep::Applied, date: g.grant_date }, |s| StepOn { step: s.step, date: s.date });
        check_step(last, step, date).map_err(StoreError::Conflict)?;
        let before = balance_of(&*tx, t, year, NaiveDate::MAX).await?;
        if step == GrantStep::Approved {
            if budget.is_none() {
                return Err(StoreError::Conflict(guichao_domain::Msg::new(
                    format!("{year}年度尚未设定专项资金预算"),
                    format!("No special fund budget is set for {year}"),
                )));
            }
            before.check_approval(g.amount_fen, year).map_err(StoreError::Conflict)?;
        }
        insert_step(&*tx, t, id, step, date, &reason, actor.user_id).await?;
        let after = balance_of(&*tx, t, year, NaiveDate::MAX).await?;
        let detail = json!({
            "recipient": g.party_name, "amount_fen": g.amount_fen, "year": year, "date": date, "reason": reason,
            "before": {"step": last.step.code(), "left_fen": before.left_fen()},
            "after": {"step": step.code(), "left_fen": after.left_fen()},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::FundGrantStep, "fund_grant", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A page of the grants the reader sees, and how many there are.
    pub async fn grants(&self, q: &GrantQuery) -> StoreResult<(Vec<GrantRow>, u64)> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let mut find = fund_grant::Entity::find()
            .filter(self.reading().units_condition(fund_grant::Column::TenantId, fund_grant::Column::UnitId));
        if let Some(y) = q.year {
            let (from, to) = year_span(y);
            find = find.filter(fund_grant::Column::GrantDate.between(from, to));
        }
        let mut all = find.all(db).await?;
        all.sort_by_key(|g| (if q.by_amount { g.amount_fen } else { 0 }, g.grant_date, g.id));
        if q.descending {
            all.reverse();
        }
        let mut steps = steps_of(db, t, &all.iter().map(|g| g.id).collect::<Vec<_>>()).await?;
        let units = unit_names(db, t, all.iter().map(|g| g.unit_id)).await?;
        let rows: Vec<GrantRow> = all
            .into_iter()
            .map(|g| {
                let s = steps.remove(&g.id).unwrap_or_default();
                let unit = units.get(&g.unit_id).cloned().unwrap_or_default();
                row(g, unit, s)
            })
            .filter(|r| q.status.is_none_or(|s| r.status == s))
            .collect();
        let total = rows.len() as u64;
        let page = rows.into_iter().skip(q.offset as usize).take(q.limit.clamp(1, super::MAX_PAGE_ROWS) as usize);
        Ok((page.collect(), total))
    }

    /// Grant `id` with its steps, when the reader sees it.
    pub async fn grant(&self, id: Uuid) -> StoreResult<GrantRow> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        let g = fund_grant::Entity::find()
            .filter(fund_grant::Column::Id.eq(id))
            .filter(self.reading().units_condition(fund_grant::Column::TenantId, fund_grant::Column::UnitId))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let steps = steps_of(db, t, &[id]).await?.remove(&id).unwrap_or_default();
        let unit = unit_names(db, t, [g.unit_id]).await?.remove(&g.unit_id).unwrap_or_default();
        Ok(row(g, unit, steps))
    }
}

async fn insert_step(
    db: &impl ConnectionTrait,
    t: Uuid,
    grant_id: Uuid,
    step: GrantStep,
    date: NaiveDate,
    reason: &str,
    user: Uuid,
) -> StoreResult<()> {
    let row = fund_grant_step::Model {
        tenant_id: t,
        id: new_id(),
        grant_id,
        step: step.code().into(),
        step_date: date,
        reason: reason.into(),
        created_by: Some(user),
        created_at: now(),
    };
    fund_grant_step::Entity::insert(fund_grant_step::ActiveModel::from(row)).exec_without_returning(db).await?;
    Ok(())
}

/// The names of org units by id.
pub(crate) async fn unit_names(
    db: &impl ConnectionTrait,
    t: Uuid,
    ids: impl IntoIterator<Item = Uuid>,
) -> StoreResult<HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t))
            .filter(org_unit::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|u| (u.id, u.name)));
    }
    Ok(out)
}
