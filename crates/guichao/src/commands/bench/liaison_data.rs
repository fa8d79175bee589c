//! The liaison benchmark's data: generated fellows with assignments at the
//! three levels (the demo's gaps, `demo::liaison`, by cadres as many as a
//! county of that size needs for a real county's load each), and contacts
//! over two years written with `system().insert_contacts`, timed. Contacts
//! follow the demo's rhythm: more before the Spring Festival and
//! Mid-Autumn, some cadres diligent and some not, a forum now and then
//! naming several of a cadre's fellows.

use crate::demo::liaison::{Staffing, assign, ensure_cadres};
use crate::demo::records::Generator;
use crate::demo::scale::{CHUNK, ScaleCounty};
use chrono::{Datelike, Days, NaiveDate};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind};
use guichao_store::Store;
use guichao_store::contacts::BulkContact;
use guichao_store::entities::{contact_record, fellow, liaison_assignment};
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::time::Instant;
use uuid::Uuid;

/// Contacts per `insert_contacts` call (one transaction each).
const CONTACT_BATCH: usize = 20_000;

/// How many fellows and contacts the county holds.
pub async fn counts(store: &Store, tenant_id: Uuid) -> anyhow::Result<(u64, u64)> {
    let db = store.system().connection();
    let fellows = fellow::Entity::find().filter(fellow::Column::TenantId.eq(tenant_id)).count(db).await?;
    let contacts =
        contact_record::Entity::find().filter(contact_record::Column::TenantId.eq(tenant_id)).count(db).await?;
    Ok((fellows, contacts))
}

/// Adds generated fellows, each with the demo's assignments, up to `n`.
pub async fn fellows(
    store: &Store,
    county: &ScaleCounty,
    n: u64,
    author: Uuid,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let (have, _) = counts(store, county.tenant.id).await?;
    if have >= n {
        return Ok(());
    }
    let cadres = ensure_cadres(store, county.tenant.id, &county.units, author, Staffing::for_fellows(n), rng).await?;
    let mut generator = Generator::new(0x11a1_5011 ^ have, have, crate::demo::homes(&county.units));
    let mut left = n - have;
    while left > 0 {
        let size = left.min(CHUNK as u64);
        let mut rows: Vec<_> = (0..size).map(|_| generator.fellow()).collect();
        assign(&mut rows, &cadres, rng);
        store.system().bulk_insert_fellows(county.tenant.id, rows, &|_| {}).await?;
        left -= size;
        eprintln!("乡友 fellows: {} / {n}", n - left);
    }
    Ok(())
}

/// A day in the two years before today: uniform, plus a third more in the
/// weeks before the Spring Festival (January, early February) and Mid-Autumn
/// (September).
fn day(rng: &mut StdRng, today: NaiveDate) -> NaiveDate {
    loop {
        let d = today - Days::new(rng.random_range(0..730));
        let festive = d.month() == 1 || (d.month() == 2 && d.day() < 10) || d.month() == 9;
        if festive || rng.random_range(0..4) > 0 {
            return d;
        }
    }
}

fn kind(rng: &mut StdRng) -> ContactKind {
    match rng.random_range(0..100) {
        0..30 => ContactKind::Call,
        30..55 => ContactKind::WeChat,
        55..75 => ContactKind::Visit,
        75..82 => ContactKind::Sms,
        82..87 => ContactKind::Forum,
        87..91 => ContactKind::Gift,
        91..94 => ContactKind::Letter,
        94..96 => ContactKind::Inspection,
        _ => ContactKind::Other,
    }
}

/// Writes contacts until the county holds `n`; returns the rows written per
/// second of `insert_contacts`, or `None` when nothing was written.
pub async fn contacts(
    store: &Store,
    tenant_id: Uuid,
    n: u64,
    author: Uuid,
    rng: &mut StdRng,
) -> anyhow::Result<Option<f64>> {
    let (_, have) = counts(store, tenant_id).await?;
    if have >= n {
        return Ok(None);
    }
    let pairs: Vec<(Uuid, Uuid)> = liaison_assignment::Entity::find()
        .select_only()
        .column(liaison_assignment::Column::FellowId)
        .column(liaison_assignment::Column::CadreId)
        .filter(liaison_assignment::Column::TenantId.eq(tenant_id))
        .into_tuple()
        .all(store.system().connection())
        .await?;
    anyhow::ensure!(!pairs.is_empty(), "the county has no liaison assignments to contact through");
    // Each cadre's diligence: the chance that a drawn contact of theirs happens.
    let mut diligence: HashMap<Uuid, u32> = HashMap::new();
    let mut by_cadre: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (fellow, cadre) in &pairs {
        diligence.entry(*cadre).or_insert_with(|| [15, 40, 70, 100][rng.random_range(0..4)]);
        by_cadre.entry(*cadre).or_default().push(*fellow);
    }
    let today = today();
    let (mut left, mut written, mut busy) = (n - have, 0u64, 0.0f64);
    while left > 0 {
        let size = left.min(CONTACT_BATCH as u64) as usize;
        let mut batch = Vec::with_capacity(size);
        while batch.len() < size {
            let (fellow, cadre) = pairs[rng.random_range(0..pairs.len())];
            if rng.random_range(0..100) >= diligence[&cadre] {
                continue;
            }
            let kind = kind(rng);
            let mut fellow_ids = vec![fellow];
            if kind == ContactKind::Forum {
                let theirs = &by_cadre[&cadre];
                for _ in 0..rng.random_range(1..6) {
                    let other = theirs[rng.random_range(0..theirs.len())];
                    if !fellow_ids.contains(&other) {
                        fellow_ids.push(other);
                    }
                }
            }
            let draft = ContactDraft {
                kind,
                date: day(rng, today),
                place: if kind == ContactKind::Forum { "深圳".into() } else { String::new() },
                cadre_ids: vec![cadre],
                fellow_ids,
                chamber_id: None,
                notes: "联系问候".into(),
                outcome: String::new(),
                follow_up: None,
            };
            batch.push(BulkContact { draft, author_id: author });
        }
        let started = Instant::now();
        store.system().insert_contacts(tenant_id, &batch).await?;
        busy += started.elapsed().as_secs_f64();
        written += size as u64;
        left -= size as u64;
        eprintln!("联系记录 contacts: {} / {n}", n - left);
    }
    Ok(Some(written as f64 / busy.max(1e-9)))
}
