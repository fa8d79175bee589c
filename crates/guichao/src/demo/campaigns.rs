//! The four-ones campaigns of the demo county (issue 12, item 7): the
//! Spring Festival before last, closed at about 95% done, and the latest
//! one, still launched at about 60%, unevenly across townships. Each is
//! drafted, launched and closed through the same handle a county officer
//! uses; the visits, letters, SMS and gifts the contact history already
//! holds in the period tick by themselves, and cadres' ticks by hand fill
//! each township up to its own rate; in every other township the letters
//! are ticked by a printed batch instead (see `letters`).

use super::festivals::{Festival, day_in};
use chrono::{Datelike, Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{CampaignDraft, TickSource, TouchKinds};
use guichao_domain::liaison::ContactKind;
use guichao_store::Store;
use guichao_store::campaigns::{MatrixQuery, NewTick};
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashMap;
use uuid::Uuid;

/// Days before Spring Festival a campaign starts, and after it ends (元宵).
const LEAD_DAYS: u64 = 35;
const TAIL_DAYS: u64 = 15;

/// What the cadres wrote beside a tick by hand.
fn note(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Visit => "春节前登门拜访（补登）",
        ContactKind::Letter => "慰问信已寄出",
        ContactKind::Sms => "已发送节日问候短信",
        ContactKind::Gift => "慰问物资已送达",
        _ => "已慰问",
    }
}

/// The Spring Festival year whose campaign started last by `today`.
fn latest_year(today: NaiveDate) -> i32 {
    let started = |y: i32| day_in(y, Festival::SpringFestival) - Days::new(LEAD_DAYS) <= today;
    if started(today.year() + 1) { today.year() + 1 } else { today.year() }
}

/// Adds the two campaigns as the county's `admin`, with their letters;
/// answers the ticks written by hand and by letter batches.
pub async fn add(
    store: &Store,
    tenant_id: Uuid,
    admin: Uuid,
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let actor = store.system().actor(tenant_id, admin).await?;
    let year = latest_year(today);
    let mut written = 0;
    let template = super::letters::template(store, &actor).await?;
    super::letters::add_addresses(store, tenant_id).await?;
    for (y, target, close) in [(year - 1, 0.95, true), (year, 0.60, false)] {
        let festival = day_in(y, Festival::SpringFestival);
        let draft = CampaignDraft {
            name: format!("{y}年春节“四个一”走访慰问"),
            start: festival - Days::new(LEAD_DAYS),
            end: festival + Days::new(TAIL_DAYS),
            kinds: TouchKinds::default(),
            township_ids: vec![],
            category: None,
            city: String::new(),
            tag: String::new(),
        };
        let (start, end) = (draft.start, draft.end.min(today));
        let manage = store.campaigns(&actor, Permission::LiaisonWrite)?;
        let id = manage.create(draft).await?;
        manage.launch(id).await?;
        let ticks = hand_ticks(store, &actor, id, target, (start, end), admin, rng).await?;
        let (ticks, printed) = super::letters::print(store, &actor, id, template, ticks).await?;
        written += printed;
        written += store.system().insert_campaign_ticks(tenant_id, &ticks).await?;
        if close {
            manage.close(id).await?;
        }
    }
    Ok(written)
}

/// Ticks by hand that bring each township from what the contact records
/// ticked to a rate of its own around `target`.
async fn hand_ticks(
    store: &Store,
    actor: &guichao_store::Actor,
    id: Uuid,
    target: f64,
    (start, end): (NaiveDate, NaiveDate),
    admin: Uuid,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<NewTick>> {
    let read = store.campaigns(actor, Permission::LiaisonRead)?;
    let kinds = TouchKinds::default();
    // Every fellow with the kinds still missing, by township.
    let mut missing: HashMap<Option<Uuid>, Vec<(Uuid, ContactKind)>> = HashMap::new();
    let mut required: HashMap<Option<Uuid>, usize> = HashMap::new();
    let mut q = MatrixQuery { limit: 500, ..Default::default() };
    loop {
        let rows = read.matrix_rows(id, &q).await?;
        let Some(last) = rows.last() else { break };
        q.after = Some((last.sort_key.clone(), last.fellow_id));
        for r in &rows {
            *required.entry(r.township_id).or_default() += kinds.len();
            for k in kinds.kinds() {
                if r.tick(*k).is_none() {
                    missing.entry(r.township_id).or_default().push((r.fellow_id, *k));
                }
            }
        }
        if rows.len() < 500 {
            break;
        }
    }
    let span = (end - start).num_days().max(0) as u64;
    let mut ticks = Vec::new();
    let mut townships: Vec<_> = missing.into_iter().collect();
    townships.sort_by_key(|(t, _)| *t);
    for (township, open) in townships {
        let all = required[&township] as f64;
        let rate = (target + rng.random_range(-0.12..0.12) * (1.0 - target) * 3.0).clamp(0.0, 1.0);
        let have = all - open.len() as f64;
        let chance = if open.is_empty() { 0.0 } else { ((rate * all - have) / open.len() as f64).clamp(0.0, 1.0) };
        for (fellow_id, kind) in open {
            if rng.random_bool(chance) {
                ticks.push(NewTick {
                    campaign_id: id,
                    fellow_id,
                    kind,
                    date: start + Days::new(rng.random_range(0..=span)),
                    source: TickSource::Hand,
                    source_id: None,
                    user_id: Some(admin),
                    note: note(kind).into(),
                });
            }
        }
    }
    Ok(ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_campaign_is_the_one_under_way() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(latest_year(day(2026, 12, 7)), 2026, "2027's starts on 2 January");
        assert_eq!(latest_year(day(2027, 1, 5)), 2027);
        assert_eq!(latest_year(day(2025, 6, 1)), 2025);
    }
}
