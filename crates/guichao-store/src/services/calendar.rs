//! The county's time limits per kind and its holiday calendar: read by
//! every reader of requests, changed only by a writer whose `service.write`
//! reaches the whole county. Changing them moves no deadline already set: a
//! request keeps the deadline it was promised on the day it was received.

use super::{CalendarDay, LimitRow, Services};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{service_calendar, service_limit};
use crate::{Scope, StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::services::{Calendar, DayMark, ServiceKind, check_limit_days};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

/// The most days one change of the calendar may mark.
pub const MAX_CALENDAR_DAYS: usize = 400;

/// A holiday's or make-up day's name: 春节, 国庆节.
const DAY_NAME: guichao_domain::text::TextField = guichao_domain::text::TextField::line("节日名称", "holiday name", 20);

/// The county's calendar as the domain counts with it.
pub(crate) async fn load_calendar(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<Calendar> {
    let rows =
        service_calendar::Entity::find().filter(service_calendar::Column::TenantId.eq(tenant_id)).all(db).await?;
    Ok(Calendar::new(rows.iter().filter_map(|r| Some((r.day, DayMark::parse(&r.mark)?)))))
}

/// The county's time limit for `kind`: its own, else the default.
pub(crate) async fn limit_days(db: &impl ConnectionTrait, tenant_id: Uuid, kind: ServiceKind) -> StoreResult<u32> {
    let set = service_limit::Entity::find_by_id((tenant_id, kind.code().to_string())).one(db).await?;
    Ok(set.map_or(kind.default_days(), |s| s.days as u32))
}

impl Services<'_> {
    /// Whether the actor may change the time limits and the calendar.
    pub fn may_keep_calendar(&self) -> bool {
        self.actor().scope(Permission::ServiceWrite).is_ok_and(|s| s.reach() == DataScope::Tenant)
    }

    fn county_writer(&self) -> StoreResult<&Scope> {
        let write = self.0.need(Permission::ServiceWrite)?;
        if write.reach() == DataScope::Tenant { Ok(write) } else { Err(StoreError::Forbidden) }
    }

    /// Every kind's time limit, in the order of [`ServiceKind::ALL`].
    pub async fn limits(&self) -> StoreResult<Vec<LimitRow>> {
        let t = self.0.scope().tenant_id();
        let set =
            service_limit::Entity::find().filter(service_limit::Column::TenantId.eq(t)).all(&self.store().db).await?;
        Ok(ServiceKind::ALL
            .into_iter()
            .map(|kind| match set.iter().find(|s| s.kind == kind.code()) {
                Some(s) => LimitRow { kind, days: s.days as u32, set: true },
                None => LimitRow { kind, days: kind.default_days(), set: false },
            })
            .collect())
    }

    /// Sets one kind's time limit, for requests received from now on.
    pub async fn set_limit(&self, kind: ServiceKind, days: i64) -> StoreResult<()> {
        let t = self.county_writer()?.tenant_id();
        let days = check_limit_days(days)
            .map_err(|m| StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "days", message: m }]))?;
        let tx = self.store().begin_write().await?;
        let before = limit_days(&*tx, t, kind).await?;
        let row = service_limit::Model {
            tenant_id: t,
            kind: kind.code().to_string(),
            days: days as i32,
            updated_by: self.actor().user_id(),
            updated_at: now(),
        };
        service_limit::Entity::insert(service_limit::ActiveModel::from(row))
            .on_conflict(
                OnConflict::columns([service_limit::Column::TenantId, service_limit::Column::Kind])
                    .update_columns([
                        service_limit::Column::Days,
                        service_limit::Column::UpdatedBy,
                        service_limit::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({"kind": kind.code(), "before": {"days": before}, "after": {"days": days}});
        record(
            &*tx,
            t,
            self.actor(),
            AuditEvent::new(AuditAction::ServiceLimits, "service_limit", kind.code(), detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The marked days of the county's calendar from `from` to `to`, by day.
    pub async fn calendar(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<CalendarDay>> {
        let t = self.0.scope().tenant_id();
        let rows = service_calendar::Entity::find()
            .filter(service_calendar::Column::TenantId.eq(t))
            .filter(service_calendar::Column::Day.between(from, to))
            .order_by_asc(service_calendar::Column::Day)
            .all(&self.store().db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some(CalendarDay { day: r.day, mark: DayMark::parse(&r.mark)?, name: r.name }))
            .collect())
    }

    /// Marks days (a holiday, or a weekend day worked) or clears their mark
    /// (`None`), in one transaction.
    pub async fn mark_days(&self, days: &[(NaiveDate, Option<DayMark>, String)]) -> StoreResult<()> {
        let t = self.county_writer()?.tenant_id();
        if days.is_empty() || days.len() > MAX_CALENDAR_DAYS {
            return Err(StoreError::field(
                "days",
                format!("一次须标记 1 到 {MAX_CALENDAR_DAYS} 天"),
                format!("Mark 1 to {MAX_CALENDAR_DAYS} days at a time"),
            ));
        }
        let mut names = Vec::with_capacity(days.len());
        for (_, _, name) in days {
            names.push(DAY_NAME.check(name).map_err(|m| {
                StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "name", message: m }])
            })?);
        }
        let tx = self.store().begin_write().await?;
        let mut changed = Vec::new();
        for ((day, mark, _), name) in days.iter().zip(names) {
            service_calendar::Entity::delete_many()
                .filter(service_calendar::Column::TenantId.eq(t))
                .filter(service_calendar::Column::Day.eq(*day))
                .exec(&*tx)
                .await?;
            if let Some(mark) = mark {
                let row = service_calendar::Model { tenant_id: t, day: *day, mark: mark.code().to_string(), name };
                service_calendar::Entity::insert(service_calendar::ActiveModel::from(row))
                    .exec_without_returning(&*tx)
                    .await?;
            }
            changed.push(json!({"day": day, "mark": mark.map(DayMark::code)}));
        }
        let detail = json!({"count": changed.len(), "after": changed});
        record(&*tx, t, self.actor(), AuditEvent::new(AuditAction::ServiceCalendar, "service_calendar", t, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
