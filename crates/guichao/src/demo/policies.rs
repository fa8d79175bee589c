//! The demo county's policy documents (政策文件): ten synthetic documents of
//! the county government and its bureaus, numbered in the county's style
//! (岳县政发〔2021〕3号), with their validity and tags, and who benefited from
//! each among the demo projects and fellows (amounts where money). Written
//! through the policies handle as the county's admin, so every record is
//! audited as a user's would be. Deterministic: the same rows every run.

use anyhow::Context;
use chrono::{Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::policies::BeneficiaryKind;
use guichao_store::entities::fellow;
use guichao_store::policies::{Beneficiary, PolicyDraft};
use guichao_store::{Actor, Store};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// A policy: title, issuer, number, issued (y, m, d), valid until (year end, or open), tags.
type Doc = (&'static str, &'static str, &'static str, (i32, u32, u32), Option<i32>, &'static str);

pub const POLICIES: [Doc; 10] = [
    (
        "岳阳县支持在外乡友返乡创业若干措施",
        "岳阳县人民政府",
        "岳县政发〔2021〕3号",
        (2021, 3, 12),
        Some(2023),
        "返乡创业，招商引资",
    ),
    (
        "岳阳县创业担保贷款实施办法",
        "岳阳县人力资源和社会保障局",
        "岳县人社发〔2021〕17号",
        (2021, 5, 8),
        None,
        "担保贷款，返乡创业",
    ),
    (
        "岳阳县返乡创业担保贷款贴息资金管理办法",
        "岳阳县财政局",
        "岳县财发〔2021〕22号",
        (2021, 6, 1),
        Some(2025),
        "担保贷款，财政贴息",
    ),
    (
        "岳阳县乡友教育基金管理暂行办法",
        "岳阳县人民政府办公室",
        "岳县政办发〔2021〕9号",
        (2021, 9, 1),
        None,
        "教育基金，奖教助学",
    ),
    (
        "岳阳县招商引资优惠政策（试行）",
        "岳阳县人民政府",
        "岳县政发〔2022〕5号",
        (2022, 2, 18),
        Some(2024),
        "招商引资，用地保障",
    ),
    (
        "岳阳县返乡创业示范园区入园企业扶持办法",
        "岳阳县商务局",
        "岳县商发〔2022〕11号",
        (2022, 4, 20),
        Some(2026),
        "返乡创业，园区入驻",
    ),
    (
        "岳阳县“211”工程专项资金管理办法",
        "岳阳县财政局",
        "岳县财发〔2022〕31号",
        (2022, 7, 15),
        None,
        "专项资金，211工程",
    ),
    (
        "岳阳县返乡创业一次性补贴发放细则",
        "岳阳县人力资源和社会保障局",
        "岳县人社发〔2023〕4号",
        (2023, 1, 10),
        Some(2025),
        "返乡创业，创业补贴",
    ),
    (
        "岳阳县乡友投资重点项目“一事一议”办法",
        "岳阳县人民政府办公室",
        "岳县政办发〔2023〕5号",
        (2023, 3, 6),
        None,
        "招商引资，重点项目",
    ),
    (
        "岳阳县优秀返乡学子奖学金评定办法",
        "岳阳县教育局",
        "岳县教发〔2023〕14号",
        (2023, 6, 28),
        None,
        "教育基金，奖学金",
    ),
];

/// Who benefited from each policy, by its place in [`POLICIES`]: how many
/// projects and fellows, and the amount each had in 元 (0: not money).
const BENEFITS: [(usize, usize, i64); 10] = [
    (2, 3, 50_000),
    (0, 4, 100_000),
    (0, 3, 8_000),
    (0, 3, 5_000),
    (3, 0, 2_000_000),
    (2, 1, 300_000),
    (0, 2, 0),
    (0, 4, 20_000),
    (2, 0, 0),
    (0, 3, 3_000),
];

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a demo date")
}

/// Adds the policies and their beneficiaries; answers how many of each were written.
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<(usize, usize)> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let actor: Actor = store.system().actor(tenant_id, admin).await?;
    let write = store.policies(&actor, Permission::PolicyWrite)?;
    let projects: Vec<Uuid> = write.project_choices().await?.into_iter().map(|c| c.id).collect();
    let fellows: Vec<Uuid> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .order_by_asc(fellow::Column::Id)
        .limit(200)
        .into_tuple()
        .all(store.system().connection())
        .await?;
    let (mut next_project, mut next_fellow, mut written) = (0, 0, 0);
    for (i, (title, issuer, number, (y, m, d), until, tags)) in POLICIES.into_iter().enumerate() {
        let issued = day(y, m, d)?;
        let draft = PolicyDraft {
            title: title.into(),
            issuer: issuer.into(),
            number: number.into(),
            issued_on: issued,
            valid_from: issued,
            valid_to: until.map(|y| day(y, 12, 31)).transpose()?,
            tags: tags.into(),
        };
        let id = write.create(&draft).await.with_context(|| format!("the demo policy {number}"))?;
        let (n_projects, n_fellows, yuan) = BENEFITS[i];
        let mut targets = Vec::new();
        for _ in 0..n_projects {
            if let Some(p) = projects.get(next_project % projects.len().max(1)) {
                targets.push((BeneficiaryKind::Project, *p, yuan * 5));
            }
            next_project += 1;
        }
        for _ in 0..n_fellows {
            if let Some(f) = fellows.get(next_fellow % fellows.len().max(1)) {
                targets.push((BeneficiaryKind::Fellow, *f, yuan));
            }
            next_fellow += 7;
        }
        for (k, (kind, target, yuan)) in targets.into_iter().enumerate() {
            let b = Beneficiary {
                kind,
                id: target,
                amount_fen: (yuan > 0).then_some(yuan * 100),
                date: issued + Days::new(60 + 23 * k as u64),
                note: note(kind, yuan).into(),
            };
            write.add_beneficiary(id, &b).await.with_context(|| format!("a beneficiary of {number}"))?;
            written += 1;
        }
    }
    Ok((POLICIES.len(), written))
}

fn note(kind: BeneficiaryKind, yuan: i64) -> &'static str {
    match (kind, yuan) {
        (_, 0) => "享受政策支持（非资金）",
        (BeneficiaryKind::Project, _) => "项目扶持资金",
        _ => "一次性补贴",
    }
}
