//! The demo county's service requests (服务诉求) of 2023-2024: about 640
//! requests across the kinds and handling units, most done on time, some
//! late, a few declined with a reason, the last weeks' still open and a
//! few older ones overdue; satisfaction scores for most done ones; a few
//! sent from the public form; and the 2023-2025 holiday calendar they are
//! counted by. Requesters are fellows of the county or returnees not in the
//! registry, with synthetic phones.

use super::holidays;
use super::pick::{Weighted, one, pick};
use crate::demo::people;
use chrono::{Days, NaiveDate};
use guichao_domain::org::UnitLevel;
use guichao_domain::services::{Calendar, ServiceKind, ServiceStatus};
use guichao_store::Store;
use guichao_store::entities::{fellow, org_unit};
use guichao_store::services::BulkRequest;
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Requests received over the two years.
pub const REQUESTS: usize = 640;

const KINDS: Weighted<'_, ServiceKind> = Weighted(&[
    (ServiceKind::Government, 30),
    (ServiceKind::Housing, 14),
    (ServiceKind::Healthcare, 15),
    (ServiceKind::Schooling, 20),
    (ServiceKind::Employment, 13),
    (ServiceKind::Other, 8),
]);

fn subjects(kind: ServiceKind) -> &'static [&'static str] {
    match kind {
        ServiceKind::Government => &[
            "公司营业执照变更登记",
            "食品经营许可证办理",
            "项目环评审批咨询",
            "不动产登记证办理",
            "个体工商户注册",
            "税务登记迁入",
        ],
        ServiceKind::Housing => &["人才公寓申请", "购房落户咨询", "老宅翻建审批", "租住厂区宿舍"],
        ServiceKind::Healthcare => &["医保关系转回本县", "异地就医备案", "父母慢性病门诊办理", "孩子疫苗接种转入"],
        ServiceKind::Schooling => &["孩子转学到县城小学", "随迁子女初中入学", "幼儿园插班", "高中学籍转入"],
        ServiceKind::Employment => &["妻子就业岗位推荐", "企业招工对接", "创业培训报名", "技能补贴申领"],
        ServiceKind::Other => &["回乡投资政策咨询", "厂房用电增容", "宅基地确权咨询", "子女户口迁移"],
    }
}

const DECLINE_REASONS: [&str; 3] = ["不属于本县事权，已告知向市级部门申请", "不符合政策条件，已当面解释", "诉求人撤回"];
const COMMENTS: [&str; 5] = ["办事效率高，感谢家乡", "工作人员热情", "跑一次就办好了", "等待时间偏长", ""];
const SCORES: Weighted<'_, u8> = Weighted(&[(5, 50), (4, 30), (3, 12), (2, 5), (1, 3)]);

/// The day `n` working days after `from`.
fn after(c: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
    c.add_working_days(from, n)
}

/// Adds the holiday calendar and the requests to the county, as `admin`
/// and the county's demo users handled them; answers the requests written.
pub async fn add(store: &Store, tenant_id: Uuid, admin: Uuid, rng: &mut StdRng) -> anyhow::Result<u64> {
    let marks = holidays::calendar();
    store.system().insert_service_calendar(tenant_id, &marks).await?;
    let calendar = Calendar::new(marks.iter().map(|(d, m, _)| (*d, *m)));
    let db = store.system().connection();
    let units = org_unit::Entity::find().filter(org_unit::Column::TenantId.eq(tenant_id)).all(db).await?;
    let root =
        units.iter().find(|u| u.parent_id.is_none()).map(|u| u.id).ok_or_else(|| anyhow::anyhow!("no county unit"))?;
    let townships: Vec<(Uuid, String)> =
        units.iter().filter(|u| u.level == UnitLevel::Township.code()).map(|u| (u.id, u.name.clone())).collect();
    let fellows: Vec<Uuid> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .limit(2_000)
        .into_tuple()
        .all(db)
        .await?;
    let county_user = store.system().user_id_by_name(tenant_id, "county").await?;
    let xinqiang_user = store.system().user_id_by_name(tenant_id, "xinqiang").await?;
    let first = NaiveDate::from_ymd_opt(2023, 1, 3).expect("a date");
    let span = (NaiveDate::from_ymd_opt(2024, 12, 27).expect("a date") - first).num_days() as u64;
    let mut requests = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        let mut received = first + Days::new(rng.random_range(0..=span));
        while !calendar.is_working(received) {
            received = received + Days::new(1);
        }
        let kind = pick(rng, &KINDS);
        let subject = one(rng, subjects(kind)).to_string();
        let public = rng.random_bool(0.06);
        let (unit_id, assignee_id) = if public || rng.random_bool(0.35) || townships.is_empty() {
            (root, if public { None } else { county_user })
        } else {
            let (id, name) = one(rng, &townships);
            (*id, if name == "新墙镇" { xinqiang_user } else { None })
        };
        let returnee = public || fellows.is_empty() || rng.random_bool(0.3);
        let male = rng.random_bool(0.5);
        let name = super::names::name(rng, male).written;
        let phone = people::phone(900_000 + i as u64).as_str().to_string();
        let limit = kind.default_days();
        let mut steps = Vec::new();
        let mut replies = Vec::new();
        let mut rating = None;
        let accepted = after(&calendar, received, rng.random_range(0..=1));
        // The last weeks' requests are still being worked; a few older ones
        // were forgotten and are overdue.
        let recent = received > NaiveDate::from_ymd_opt(2024, 12, 6).expect("a date");
        let forgotten = !recent && rng.random_bool(0.02);
        if !public || rng.random_bool(0.9) {
            steps.push((ServiceStatus::Accepted, accepted, String::new()));
        }
        if recent || forgotten {
            if rng.random_bool(0.6) {
                steps.push((ServiceStatus::InProgress, after(&calendar, accepted, 1), String::new()));
            }
        } else if rng.random_bool(0.05) {
            let on = after(&calendar, accepted, rng.random_range(1..=3));
            steps.push((ServiceStatus::Declined, on, one(rng, &DECLINE_REASONS).to_string()));
            replies.push(("经核实，暂不能办理，原因已电话告知。".to_string(), true));
        } else {
            let progress = after(&calendar, accepted, 1);
            steps.push((ServiceStatus::InProgress, progress, String::new()));
            let mut at = progress;
            if rng.random_bool(0.15) {
                steps.push((ServiceStatus::Waiting, at, "请补充身份证明和相关材料".into()));
                at = after(&calendar, at, rng.random_range(1..=4));
                steps.push((ServiceStatus::InProgress, at, "材料已补齐".into()));
            }
            // Most are done within the limit; about one in eight runs late.
            let days = if rng.random_bool(0.12) {
                limit + rng.random_range(1..=limit.max(2))
            } else {
                rng.random_range(1..=limit)
            };
            let done = after(&calendar, received, days).max(at);
            steps.push((ServiceStatus::Done, done, String::new()));
            replies.push((format!("您反映的“{subject}”已办结，如有问题请联系承办单位。"), true));
            if rng.random_bool(0.7) {
                let score = pick(rng, &SCORES);
                rating = Some((score, one(rng, &COMMENTS).to_string(), after(&calendar, done, 1)));
            }
        }
        if rng.random_bool(0.2) {
            replies.push(("已电话联系诉求人，了解具体情况。".to_string(), false));
        }
        requests.push(BulkRequest {
            kind,
            fellow_id: (!returnee).then(|| *one(rng, &fellows)),
            returnee: returnee.then_some((name, phone)),
            subject,
            details: String::new(),
            unit_id,
            assignee_id,
            received_on: received,
            public,
            steps,
            replies,
            rating,
        });
    }
    let mut written = 0;
    for chunk in requests.chunks(200) {
        written += store.system().insert_service_requests(tenant_id, admin, chunk).await?;
    }
    Ok(written)
}
