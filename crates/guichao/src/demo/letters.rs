//! The demo county's greeting letters (慰问信件): the county's letter
//! template, a postal address for most fellows (their recorded province,
//! city and district and a made-up street), and, in each campaign, a letter
//! batch printed for every other township, which ticks those fellows'
//! letters in place of the ticks by hand the campaign would have had.

use chrono::{NaiveDate, TimeZone};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::TickSource;
use guichao_domain::date::china_offset;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::letters::{BulkBatch, LetterTemplateDraft};
use guichao_store::campaigns::{MatrixQuery, NewTick};
use guichao_store::entities::fellow;
use guichao_store::{Actor, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

const TEMPLATE_NAME: &str = "春节慰问信";
const TEMPLATE_BODY: &str = "{称呼}：\n\n值此新春佳节来临之际，{乡镇}党委、政府和家乡父老乡亲向您和家人致以诚挚的问候和美好的祝福！\n\n过去一年，您情系桑梓、关心家乡发展，为家乡招商引资、公益事业牵线搭桥，家乡人民铭记于心。新的一年，欢迎您常回家看看，为家乡建设出谋划策。\n\n祝您新春快乐，阖家幸福，万事如意！\n\n{落款}\n{日期}";
const SIGN_OFF: &str = "中共岳阳县委 岳阳县人民政府";
/// Streets of the made-up addresses.
const STREETS: &[&str] = &["建设路", "人民路", "解放大道", "滨江路", "科技园路", "中山路", "新华街", "东风路"];
/// The share of fellows with an address on file.
const WITH_ADDRESS: f64 = 0.85;

/// A city's main postcode (its chief post office's).
fn postcode(city: &str) -> &'static str {
    match city {
        "长沙市" => "410000",
        "深圳市" => "518000",
        "岳阳市" => "414000",
        "广州市" => "510000",
        "上海市" => "200000",
        "武汉市" => "430000",
        "北京市" => "100000",
        "杭州市" => "310000",
        "东莞市" => "523000",
        "苏州市" => "215000",
        "成都市" => "610000",
        _ => "",
    }
}

/// The county's letter template, added as `actor`: its id.
pub async fn template(store: &Store, actor: &Actor) -> anyhow::Result<Uuid> {
    let draft = LetterTemplateDraft { name: TEMPLATE_NAME.into(), body: TEMPLATE_BODY.into() };
    Ok(store.campaigns(actor, Permission::LiaisonWrite)?.save_letter_template(None, draft).await?)
}

/// Addresses for most fellows of the county with a known city.
pub fn addresses(fellows: &[(Uuid, String, String, String)], rng: &mut StdRng) -> Vec<(Uuid, String, String)> {
    let mut out = Vec::new();
    for (id, province, city, district) in fellows {
        if city.is_empty() || !rng.random_bool(WITH_ADDRESS) {
            continue;
        }
        let street = STREETS[rng.random_range(0..STREETS.len())];
        // 上海市, 北京市: the province is the city.
        let province = if province == city { "" } else { province.as_str() };
        let place = format!(
            "{province}{city}{district}{street}{}号{}栋{}室",
            rng.random_range(1..400),
            rng.random_range(1..12),
            rng.random_range(101..2400)
        );
        out.push((*id, place, postcode(city).to_string()));
    }
    out
}

/// The county's fellows as (id, province, city, district).
pub async fn fellows(store: &Store, tenant_id: Uuid) -> anyhow::Result<Vec<(Uuid, String, String, String)>> {
    Ok(fellow::Entity::find()
        .select_only()
        .columns([fellow::Column::Id, fellow::Column::Province, fellow::Column::City, fellow::Column::District])
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .filter(fellow::Column::MergedInto.is_null())
        .into_tuple()
        .all(store.system().connection())
        .await?)
}

/// Writes the addresses of most fellows; answers how many.
pub async fn add_addresses(store: &Store, tenant_id: Uuid) -> anyhow::Result<usize> {
    let mut rng = StdRng::seed_from_u64(12);
    let list = addresses(&fellows(store, tenant_id).await?, &mut rng);
    store.system().insert_letters(tenant_id, &list, &[]).await?;
    Ok(list.len())
}

/// Turns the letter ticks by hand of every other township of campaign `id`
/// into one printed batch per township, written with their ticks; answers
/// the ticks left to write by hand and how many the batches wrote.
pub async fn print(
    store: &Store,
    actor: &Actor,
    id: Uuid,
    template_id: Uuid,
    ticks: Vec<NewTick>,
) -> anyhow::Result<(Vec<NewTick>, u64)> {
    let read = store.campaigns(actor, Permission::LiaisonRead)?;
    let mut township_of: HashMap<Uuid, Option<Uuid>> = HashMap::new();
    let mut q = MatrixQuery { limit: 500, ..Default::default() };
    loop {
        let rows = read.matrix_rows(id, &q).await?;
        let Some(last) = rows.last() else { break };
        q.after = Some((last.sort_key.clone(), last.fellow_id));
        township_of.extend(rows.iter().map(|r| (r.fellow_id, r.township_id)));
        if rows.len() < 500 {
            break;
        }
    }
    let mut letters: BTreeMap<Option<Uuid>, Vec<NewTick>> = BTreeMap::new();
    let mut kept = Vec::with_capacity(ticks.len());
    for t in ticks {
        if t.kind == ContactKind::Letter && t.source == TickSource::Hand {
            letters.entry(township_of.get(&t.fellow_id).copied().flatten()).or_default().push(t);
        } else {
            kept.push(t);
        }
    }
    let mut batches = Vec::new();
    for (i, (township, group)) in letters.into_iter().enumerate() {
        if i % 2 == 1 || township.is_none() {
            kept.extend(group);
            continue;
        }
        // Printed on the middle day of the letters the cadres would have ticked.
        let mut days: Vec<NaiveDate> = group.iter().map(|t| t.date).collect();
        days.sort();
        let day = days[days.len() / 2];
        let at = china_offset()
            .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.to_utc())
            .unwrap_or_default();
        batches.push(BulkBatch {
            id: new_id(),
            campaign_id: id,
            template_id,
            template_name: TEMPLATE_NAME.into(),
            township_id: township,
            sign_off: SIGN_OFF.into(),
            letter_date: day,
            tick_date: day,
            fellow_ids: group.iter().map(|t| t.fellow_id).collect(),
            by: group.first().and_then(|t| t.user_id),
            at,
        });
    }
    let written = store.system().insert_letters(actor.tenant_id(), &[], &batches).await?;
    Ok((kept, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_fellows_get_an_address_in_their_city() {
        let fellows: Vec<_> = (0..200)
            .map(|i| (Uuid::from_u128(i), "广东省".to_string(), "深圳市".to_string(), "南山区".to_string()))
            .collect();
        let list = addresses(&fellows, &mut StdRng::seed_from_u64(1));
        assert!((150..=190).contains(&list.len()), "{}", list.len());
        assert!(list[0].1.starts_with("广东省深圳市南山区"), "{}", list[0].1);
        assert_eq!(list[0].2, "518000");
        assert!(guichao_domain::campaigns::letters::postcode(&list[0].2).is_ok());
    }
}
