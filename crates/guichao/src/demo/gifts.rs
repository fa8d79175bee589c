//! The demo county's gifts (慰问物资): each four-ones campaign gets two gift
//! kinds, stock received in two lots, and hand-outs that take over about
//! seven in ten of the gift ticks the cadres made by hand (the rest stay by
//! hand: a gift given without a record). Each kind receives a few more than
//! it hands out, so a little is left and nothing goes below zero. Written
//! by the system's loader, since the older campaign is closed already.

use chrono::{Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::TickSource;
use guichao_domain::liaison::ContactKind;
use guichao_store::Store;
use guichao_store::campaigns::{BulkGift, BulkHandOut, MatrixQuery};
use rand::Rng;
use rand::rngs::StdRng;
use uuid::Uuid;

/// (name, unit, note) of the gift kinds every campaign hands out.
const KINDS: [(&str, &str, &str); 2] =
    [("家乡特产礼盒", "份", "君山银针、洞庭湖银鱼等岳阳特产"), ("慰问金卡", "张", "县总工会慰问金卡")];

/// The share of the gift ticks by hand that a hand-out takes over.
const RECORDED: f64 = 0.7;

/// Adds the gifts of every campaign of the county as `admin` handed them
/// out; answers the hand-outs written.
pub async fn add(
    store: &Store,
    tenant_id: Uuid,
    admin: Uuid,
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let actor = store.system().actor(tenant_id, admin).await?;
    let read = store.campaigns(&actor, Permission::LiaisonRead)?;
    let mut written = 0;
    for c in read.page(0, 50, false).await? {
        if !c.kinds.contains(ContactKind::Gift) {
            continue;
        }
        let mut hand_outs = Vec::new();
        let mut q = MatrixQuery { limit: 500, ..Default::default() };
        loop {
            let rows = read.matrix_rows(c.id, &q).await?;
            let Some(last) = rows.last() else { break };
            q.after = Some((last.sort_key.clone(), last.fellow_id));
            for r in &rows {
                let by_hand = r.tick(ContactKind::Gift).filter(|t| t.source == TickSource::Hand);
                if let Some(t) = by_hand
                    && rng.random_bool(RECORDED)
                {
                    let gift = usize::from(rng.random_bool(0.25));
                    hand_outs.push(BulkHandOut { gift, fellow_id: r.fellow_id, quantity: 1, date: t.date });
                }
            }
            if rows.len() < 500 {
                break;
            }
        }
        let gifts: Vec<BulkGift> = KINDS
            .iter()
            .enumerate()
            .map(|(i, (name, unit, note))| {
                let out: i64 = hand_outs.iter().filter(|h| h.gift == i).map(|h| h.quantity).sum();
                let received = out + rng.random_range(2..=9);
                // Most arrives at the start, the rest ten days on.
                let first = received * 7 / 10;
                let later = (c.start + Days::new(10)).min(today);
                let receipts = if first > 0 {
                    vec![(first, c.start), (received - first, later)]
                } else {
                    vec![(received, c.start)]
                };
                BulkGift { name: (*name).into(), unit: (*unit).into(), note: (*note).into(), receipts }
            })
            .collect();
        written += store.system().insert_campaign_gifts(tenant_id, c.id, admin, &gifts, &hand_outs).await?;
    }
    Ok(written)
}
