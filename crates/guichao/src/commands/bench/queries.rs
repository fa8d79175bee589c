//! The benchmark's queries, drawn from the fellows stored (so they match):
//! for each class, what a user types into the search box.

use crate::demo::names::{has_traditional, traditional};
use crate::demo::places::CITIES;
use guichao_store::Store;
use guichao_store::entities::fellow;
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The query classes, in report order.
pub const CLASSES: [&str; 7] = ["cjk_1", "cjk_2", "cjk_3_4", "traditional", "pinyin", "initials", "company"];

/// A stored fellow's searchable texts.
pub struct Sample {
    pub name: String,
    pub employer: String,
    pub tokens: String,
}

/// Up to `n` fellows picked at random from the tenant (from the township when
/// given): each is the first fellow at or after a random id, which the primary
/// key finds at once on either backend.
pub async fn samples(
    store: &Store,
    tenant_id: Uuid,
    township_id: Option<Uuid>,
    n: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<Sample>> {
    let ends = |desc: bool| {
        let mut q = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .filter(fellow::Column::TenantId.eq(tenant_id));
        q = if desc { q.order_by_desc(fellow::Column::Id) } else { q.order_by_asc(fellow::Column::Id) };
        q.into_tuple::<Uuid>().one(store.system().connection())
    };
    let (Some(low), Some(high)) = (ends(false).await?, ends(true).await?) else { return Ok(vec![]) };
    let (low, high) = (low.as_u128(), high.as_u128());
    let mut out = Vec::with_capacity(n);
    for _ in 0..n * 2 {
        if out.len() >= n {
            break;
        }
        let from = Uuid::from_u128(rng.random_range(low..=high));
        let mut q = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(tenant_id))
            .filter(fellow::Column::Id.gte(from))
            .filter(fellow::Column::ArchivedAt.is_null());
        if let Some(t) = township_id {
            q = q.filter(fellow::Column::TownshipId.eq(t));
        }
        if let Some(f) = q.order_by_asc(fellow::Column::Id).one(store.system().connection()).await? {
            out.push(Sample { name: f.name, employer: f.employer, tokens: f.search_tokens });
        }
    }
    Ok(out)
}

/// What a user would type for `class` to find `s`, if the sample suits the class.
pub fn query(class: &str, s: &Sample) -> Option<String> {
    let chars: Vec<char> = s.name.chars().collect();
    let ascii = |nth: usize| s.tokens.split(' ').filter(|t| t.bytes().all(|b| b.is_ascii_lowercase())).nth(nth);
    match class {
        "cjk_1" => chars.first().map(|c| c.to_string()),
        "cjk_2" => (chars.len() >= 2).then(|| chars[..2].iter().collect()),
        "cjk_3_4" => (3..=4).contains(&chars.len()).then(|| s.name.clone()),
        "traditional" => (has_traditional(&s.name)).then(|| traditional(&s.name)),
        "pinyin" => ascii(0).map(str::to_string),
        "initials" => ascii(1).map(str::to_string),
        "company" => company_words(&s.employer),
        _ => None,
    }
}

/// The part of a company's name people type: without the city and the
/// 有限公司, four characters (深圳市华湘电子科技有限公司 -> 华湘电子).
fn company_words(employer: &str) -> Option<String> {
    let rest = employer.strip_suffix("有限公司")?;
    let rest = CITIES.iter().find_map(|(c, _)| rest.strip_prefix(c.company_prefix)).unwrap_or(rest);
    let words: String = rest.chars().take(4).collect();
    (words.chars().count() == 4).then_some(words)
}

/// `n` queries of `class` from the samples, cycling through them.
pub fn queries(class: &str, samples: &[Sample], n: usize) -> Vec<String> {
    let suited: Vec<String> = samples.iter().filter_map(|s| query(class, s)).collect();
    suited.iter().cycle().take(if suited.is_empty() { 0 } else { n }).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str, employer: &str) -> Sample {
        Sample {
            name: name.into(),
            employer: employer.into(),
            tokens: guichao_domain::search::search_tokens(name, &[employer]),
        }
    }

    #[test]
    fn queries_come_from_the_sample() {
        let s = sample("张伟", "深圳市华湘电子科技有限公司");
        assert_eq!(query("cjk_1", &s).as_deref(), Some("张"));
        assert_eq!(query("cjk_2", &s).as_deref(), Some("张伟"));
        assert_eq!(query("cjk_3_4", &s), None);
        assert_eq!(query("traditional", &s).as_deref(), Some("張偉"));
        assert_eq!(query("pinyin", &s).as_deref(), Some("zhangwei"));
        assert_eq!(query("initials", &s).as_deref(), Some("zw"));
        assert_eq!(query("company", &s).as_deref(), Some("华湘电子"));
        let s = sample("欧阳建国", "中南大学");
        assert_eq!(query("cjk_3_4", &s).as_deref(), Some("欧阳建国"));
        assert_eq!(query("pinyin", &s).as_deref(), Some("ouyangjianguo"));
        assert_eq!(query("company", &s), None);
    }
}
