//! The sender: drains the outbox through a provider, from cron
//! (`guichao sms send-queued`). It is system work, no user's: it is the one
//! place a fellow's phone is opened, for the length of the provider call.
//!
//! Each message goes in two committed steps around the call: first it is
//! checked (opt-out, consent, a valid mobile, the number's daily limit) and
//! claimed as `sending`; then the provider's answer is written. A crash
//! between the two leaves the message `sending`: the next run reports it and
//! does not send it again (the provider may have sent it); a person closes
//! it as sent or not ([`super::Sms::resolve`]).

use super::provider::{OutgoingSms, SendOutcome, SmsProvider};
use super::trail;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{fellow, sms_message, sms_message_event, sms_opt_out, sms_setting};
use crate::fellows::PersonalField;
use crate::{StoreResult, System, WriteTx, now};
use chrono::{DateTime, Duration, Utc};
use guichao_domain::fellows::{Phone, PhoneKind};
use guichao_domain::sms::{FailReason, Limits, SmsStatus, china_day_start, is_quiet};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// How a run sends.
#[derive(Debug, Clone)]
pub struct SendOptions {
    pub limits: Limits,
    /// Send in the quiet hours too.
    pub force: bool,
    /// When the run starts; the times it writes run on from it (tests set
    /// it to a fixed day).
    pub now: DateTime<Utc>,
    /// A message `sending` for longer than this is reported as stuck.
    pub stuck_after: Duration,
}

impl SendOptions {
    pub fn new(limits: Limits, force: bool) -> SendOptions {
        SendOptions { limits, force, now: now(), stuck_after: Duration::minutes(10) }
    }
}

/// A message left `sending`: it may or may not have gone out.
#[derive(Debug, Clone, Serialize)]
pub struct StuckMessage {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub fellow_id: Uuid,
    pub sending_at: Option<DateTime<Utc>>,
    pub attempts: i32,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SendReport {
    /// The run stopped at once: it is the quiet hours.
    pub quiet: bool,
    /// Messages handed to the provider.
    pub handed_over: u64,
    pub sent: u64,
    pub delivered: u64,
    /// Failed, before the provider (opt-out, no mobile...) or by its answer.
    pub failed: u64,
    /// Handed over with no answer: left `sending`.
    pub unknown: u64,
    /// Still queued after the run (the per-minute limit, or the quiet hours).
    pub left_queued: u64,
    /// Messages `sending` too long: reported, never resent.
    pub stuck: Vec<StuckMessage>,
}

/// The run's counts for one county, for its audit event.
#[derive(Default)]
struct Counts {
    handed_over: u64,
    sent: u64,
    delivered: u64,
    failed: u64,
    unknown: u64,
}

/// The run's clock: the system clock moved to start at [`SendOptions::now`].
#[derive(Clone, Copy)]
struct Clock(Duration);

impl Clock {
    fn at(self) -> DateTime<Utc> {
        now() + self.0
    }
}

/// A message checked and claimed, ready for the provider.
struct Claimed {
    message: sms_message::Model,
    phone: String,
}

impl System<'_> {
    /// Sends queued messages of every county, oldest first, as far as the
    /// quiet hours and the per-minute limit allow.
    pub async fn sms_send_queued<P: SmsProvider>(&self, provider: &P, opts: &SendOptions) -> StoreResult<SendReport> {
        let db = self.connection();
        let clock = Clock(opts.now - now());
        let mut report = SendReport::default();
        if is_quiet(opts.now) && !opts.force {
            report.quiet = true;
        } else {
            let minute_ago = opts.now - Duration::seconds(60);
            let last_minute =
                sms_message::Entity::find().filter(sms_message::Column::SendingAt.gt(minute_ago)).count(db).await?;
            let room = opts.limits.room_this_minute(last_minute);
            let queued = sms_message::Entity::find()
                .filter(sms_message::Column::Status.eq(SmsStatus::Queued.code()))
                .order_by_asc(sms_message::Column::QueuedAt)
                .order_by_asc(sms_message::Column::Id)
                .limit(room)
                .all(db)
                .await?;
            let mut counts: BTreeMap<Uuid, Counts> = BTreeMap::new();
            let mut settings: HashMap<Uuid, bool> = HashMap::new();
            for m in queued {
                let tenant = m.tenant_id;
                let consent_required = match settings.get(&tenant) {
                    Some(c) => *c,
                    None => {
                        let c =
                            sms_setting::Entity::find_by_id(tenant).one(db).await?.is_some_and(|s| s.consent_required);
                        settings.insert(tenant, c);
                        c
                    }
                };
                let c = counts.entry(tenant).or_default();
                let Some(claimed) = self.claim(m, consent_required, opts, clock, c).await? else { continue };
                c.handed_over += 1;
                let outgoing = OutgoingSms {
                    id: claimed.message.id,
                    tenant_id: tenant,
                    phone: &claimed.phone,
                    text: &claimed.message.body,
                    provider_template: &claimed.message.provider_template,
                    params: &serde_json::from_str(&claimed.message.params).unwrap_or_default(),
                };
                let outcome = provider.send(&outgoing).await;
                self.answer(&claimed.message, outcome, clock, c).await?;
            }
            for (tenant, c) in &counts {
                report.handed_over += c.handed_over;
                report.sent += c.sent;
                report.delivered += c.delivered;
                report.failed += c.failed;
                report.unknown += c.unknown;
                let tx = self.begin_write().await?;
                let detail = json!({
                    "handed_over": c.handed_over, "delivered": c.delivered, "failed": c.failed, "unknown": c.unknown,
                });
                let who = Who::Named { user_id: None, name: "guichao sms send-queued", ip: None };
                record(&*tx, *tenant, who, AuditEvent::new(AuditAction::SmsSend, "tenant", tenant, detail)).await?;
                tx.commit().await?;
            }
        }
        report.left_queued = sms_message::Entity::find()
            .filter(sms_message::Column::Status.eq(SmsStatus::Queued.code()))
            .count(db)
            .await?;
        report.stuck = self.sms_stuck(opts.now - opts.stuck_after).await?;
        Ok(report)
    }

    /// Messages `sending` since before `before`: they may have gone out.
    pub async fn sms_stuck(&self, before: DateTime<Utc>) -> StoreResult<Vec<StuckMessage>> {
        Ok(sms_message::Entity::find()
            .filter(sms_message::Column::Status.eq(SmsStatus::Sending.code()))
            .filter(
                Condition::any()
                    .add(sms_message::Column::SendingAt.lte(before))
                    .add(sms_message::Column::Detail.starts_with(UNKNOWN)),
            )
            .order_by_asc(sms_message::Column::SendingAt)
            .limit(1000)
            .all(self.connection())
            .await?
            .into_iter()
            .map(|m| StuckMessage {
                tenant_id: m.tenant_id,
                id: m.id,
                fellow_id: m.fellow_id,
                sending_at: m.sending_at,
                attempts: m.attempts,
            })
            .collect())
    }

    /// Checks a queued message and claims it as `sending` (committed), or
    /// fails it with its reason. `None` when it is not to be sent now.
    async fn claim(
        &self,
        m: sms_message::Model,
        consent_required: bool,
        opts: &SendOptions,
        clock: Clock,
        counts: &mut Counts,
    ) -> StoreResult<Option<Claimed>> {
        let key = self.field_key()?;
        let tx = self.begin_write().await?;
        let tenant = m.tenant_id;
        let f = fellow::Entity::find_by_id((tenant, m.fellow_id)).one(&*tx).await?;
        let phone = f
            .as_ref()
            .and_then(|f| f.phone_enc.as_deref())
            .and_then(|sealed| key.decrypt(sealed))
            .and_then(|plain| Phone::parse(&plain).ok())
            .filter(|p| p.kind() == PhoneKind::Mobile);
        let phone_idx = phone.as_ref().map(|p| key.blind_index(tenant, PersonalField::Phone.code(), p.as_str()));
        let reason = match (&f, &phone) {
            (None, _) => Some(FailReason::Archived),
            (Some(f), _) if f.archived_at.is_some() => Some(FailReason::Archived),
            (Some(f), _) if self.opted_out(&tx, tenant, f.id, phone_idx.as_deref()).await? => {
                Some(FailReason::OptedOut)
            }
            (_, None) => Some(FailReason::NoMobile),
            (Some(f), _) if consent_required && !f.consent => Some(FailReason::NoConsent),
            _ => {
                let today = sms_message::Entity::find()
                    .filter(sms_message::Column::TenantId.eq(tenant))
                    .filter(sms_message::Column::PhoneIdx.eq(phone_idx.clone()))
                    .filter(sms_message::Column::SendingAt.gte(china_day_start(opts.now)))
                    .filter(
                        sms_message::Column::Status
                            .is_in([SmsStatus::Sending, SmsStatus::Sent, SmsStatus::Delivered].map(SmsStatus::code)),
                    )
                    .count(&*tx)
                    .await?;
                (!opts.limits.number_may_have_another(today)).then_some(FailReason::DailyLimit)
            }
        };
        let at = clock.at();
        let (status, code) = match reason {
            Some(r) => (SmsStatus::Failed, r.code()),
            None => (SmsStatus::Sending, ""),
        };
        let mut update = sms_message::Entity::update_many()
            .col_expr(sms_message::Column::Status, Expr::value(status.code()))
            .col_expr(sms_message::Column::Reason, Expr::value(code))
            .col_expr(sms_message::Column::UpdatedAt, Expr::value(at));
        if reason.is_none() {
            update = update
                .col_expr(sms_message::Column::SendingAt, Expr::value(at))
                .col_expr(sms_message::Column::PhoneIdx, Expr::value(phone_idx))
                .col_expr(sms_message::Column::Attempts, Expr::col(sms_message::Column::Attempts).add(1));
        }
        // Only a message still queued is claimed: two runs at once send it once.
        let done = update
            .filter(sms_message::Column::TenantId.eq(tenant))
            .filter(sms_message::Column::Id.eq(m.id))
            .filter(sms_message::Column::Status.eq(SmsStatus::Queued.code()))
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Ok(None);
        }
        insert_step(&tx, trail(tenant, m.id, status, code, "", at)).await?;
        tx.commit().await?;
        if reason.is_some() {
            counts.failed += 1;
            return Ok(None);
        }
        let phone = phone.map(|p| p.as_str().to_string()).unwrap_or_default();
        Ok(Some(Claimed { message: m, phone }))
    }

    /// Whether the fellow or the number is on the opt-out list.
    async fn opted_out(
        &self,
        tx: &WriteTx,
        tenant: Uuid,
        fellow_id: Uuid,
        phone_idx: Option<&str>,
    ) -> StoreResult<bool> {
        let mut any = Condition::any().add(sms_opt_out::Column::FellowId.eq(fellow_id));
        if let Some(p) = phone_idx {
            any = any.add(sms_opt_out::Column::PhoneIdx.eq(p));
        }
        let n = sms_opt_out::Entity::find()
            .filter(sms_opt_out::Column::TenantId.eq(tenant))
            .filter(any)
            .count(&**tx)
            .await?;
        Ok(n > 0)
    }

    /// Writes the provider's answer to a claimed message.
    async fn answer(
        &self,
        m: &sms_message::Model,
        outcome: SendOutcome,
        clock: Clock,
        counts: &mut Counts,
    ) -> StoreResult<()> {
        let at = clock.at();
        let tx = self.begin_write().await?;
        let tenant = m.tenant_id;
        let mut update = sms_message::Entity::update_many().col_expr(sms_message::Column::UpdatedAt, Expr::value(at));
        let mut steps = Vec::new();
        match &outcome {
            SendOutcome::Accepted { provider_id, delivered } => {
                update = update
                    .col_expr(sms_message::Column::ProviderId, Expr::value(provider_id.as_str()))
                    .col_expr(sms_message::Column::SentAt, Expr::value(at));
                steps.push(trail(tenant, m.id, SmsStatus::Sent, "", provider_id, at));
                if *delivered {
                    update = update
                        .col_expr(sms_message::Column::Status, Expr::value(SmsStatus::Delivered.code()))
                        .col_expr(sms_message::Column::DeliveredAt, Expr::value(at));
                    steps.push(trail(tenant, m.id, SmsStatus::Delivered, "", "", at));
                    counts.delivered += 1;
                } else {
                    update = update.col_expr(sms_message::Column::Status, Expr::value(SmsStatus::Sent.code()));
                    counts.sent += 1;
                }
            }
            SendOutcome::Rejected { detail } | SendOutcome::Unreachable { detail } => {
                let reason = match outcome {
                    SendOutcome::Rejected { .. } => FailReason::Rejected,
                    _ => FailReason::Unreachable,
                };
                update = update
                    .col_expr(sms_message::Column::Status, Expr::value(SmsStatus::Failed.code()))
                    .col_expr(sms_message::Column::Reason, Expr::value(reason.code()))
                    .col_expr(sms_message::Column::Detail, Expr::value(detail.as_str()));
                steps.push(trail(tenant, m.id, SmsStatus::Failed, reason.code(), detail, at));
                counts.failed += 1;
            }
            SendOutcome::Unknown { detail } => {
                // Stays `sending`: the provider may have sent it.
                let detail = format!("{UNKNOWN}{detail}");
                update = update.col_expr(sms_message::Column::Detail, Expr::value(detail.as_str()));
                steps.push(trail(tenant, m.id, SmsStatus::Sending, "", &detail, at));
                counts.unknown += 1;
            }
        }
        let done = update
            .filter(sms_message::Column::TenantId.eq(tenant))
            .filter(sms_message::Column::Id.eq(m.id))
            .filter(sms_message::Column::Status.eq(SmsStatus::Sending.code()))
            .exec(&*tx)
            .await?;
        if done.rows_affected > 0 && matches!(outcome, SendOutcome::Accepted { delivered: true, .. }) {
            super::ticks::tick_campaign(&*tx, m, at).await?;
        }
        for step in steps {
            insert_step(&tx, step).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// How the detail of a message with no answer from the provider begins.
pub(crate) const UNKNOWN: &str = "结果不明：";

async fn insert_step(tx: &WriteTx, step: sms_message_event::Model) -> StoreResult<()> {
    let active: sms_message_event::ActiveModel = step.into();
    sms_message_event::Entity::insert(active).exec_without_returning(&**tx).await?;
    Ok(())
}
