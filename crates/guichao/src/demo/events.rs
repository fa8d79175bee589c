//! Liaison events in the demo county: forums with fellows in 长沙, 深圳 and
//! 上海 with their chambers, an inspection tour at home, a Spring Festival
//! gathering, and a promotion meeting ahead with invitations only. Written
//! through the events handle as the county's admin, so attendance makes
//! contact records exactly as a user's would.

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::events::{Attendance, EventDraft, EventKind};
use guichao_store::Store;
use guichao_store::entities::{chamber, fellow, org_unit};
use guichao_store::events::AttendanceDraft;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// (title, kind, days before today it starts, days it lasts, place, city
/// whose fellows and chamber attend (`None`: from anywhere), fellows).
type Plan = (&'static str, EventKind, i64, u64, &'static str, Option<&'static str>, u64);

const PLANS: [Plan; 5] = [
    ("长沙岳阳县籍企业家座谈会", EventKind::Forum, 45, 1, "长沙", Some("长沙市"), 14),
    ("深圳乡友恳谈会", EventKind::Forum, 130, 1, "深圳", Some("深圳市"), 18),
    ("上海乡友座谈会", EventKind::Forum, 220, 1, "上海", Some("上海市"), 10),
    ("深圳企业家回乡考察", EventKind::InspectionTour, 75, 3, "本县", Some("深圳市"), 6),
    ("岳阳县招商推介会（长沙）", EventKind::Promotion, -30, 1, "长沙", Some("长沙市"), 12),
];

/// The users who go to events: the county's staff and the 新墙镇 cadre.
const CADRES: [&str; 2] = ["county", "xinqiang"];

/// The day of the last Spring Festival gathering: 8 February, this year's
/// once it has passed.
fn festival_day(today: NaiveDate) -> NaiveDate {
    let this = NaiveDate::from_ymd_opt(today.year(), 2, 8).expect("a real date");
    if this < today { this } else { this.with_year(today.year() - 1).expect("a real date") }
}

/// Adds the demo events with their attendance. Returns how many events.
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<usize> {
    let db = store.system().connection();
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let actor = store.system().actor(tenant_id, admin).await?;
    let events = store.events(&actor, Permission::LiaisonWrite)?;
    let county = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::ParentId.is_null())
        .one(db)
        .await?
        .context("the demo county has no root unit")?;
    let mut cadres = Vec::new();
    for name in CADRES {
        if let Some(id) = store.system().user_id_by_name(tenant_id, name).await? {
            cadres.push((id, Attendance::Attended));
        }
    }
    let day = today();
    let festival =
        ("岳阳县在外乡友春节联谊会", EventKind::Festival, (day - festival_day(day)).num_days(), 1, "本县", None, 24);
    for (title, kind, ago, days, place, city, count) in PLANS.into_iter().chain([festival]) {
        let start = if ago >= 0 {
            day.checked_sub_days(Days::new(ago as u64))
        } else {
            day.checked_add_days(Days::new(ago.unsigned_abs()))
        }
        .context("a demo date")?;
        let draft = EventDraft {
            title: title.into(),
            kind,
            start_date: start,
            end_date: start.checked_add_days(Days::new(days - 1)).context("a demo date")?,
            place: place.into(),
            organiser_unit_id: county.id,
            outcomes: "介绍县域产业园区与招商政策，乡友交流在外发展情况".into(),
            leads: if kind == EventKind::Festival {
                String::new()
            } else {
                "乡友提出回乡投资意向，待跟进".into()
            },
        };
        let id = events.create(draft).await?;
        let mut find = fellow::Entity::find().select_only().column(fellow::Column::Id);
        find = find.filter(fellow::Column::TenantId.eq(tenant_id));
        if let Some(city) = city {
            find = find.filter(fellow::Column::City.eq(city));
        }
        let fellows: Vec<Uuid> = find.order_by_asc(fellow::Column::SortKey).limit(count).into_tuple().all(db).await?;
        // A meeting ahead has invitations only; a gathering has a few no-shows.
        let status = |i: usize| match (start > day, i % 5) {
            (true, _) => Attendance::Invited,
            (false, 4) => Attendance::Invited,
            _ => Attendance::Attended,
        };
        let chambers: Vec<(Uuid, Attendance)> = match city {
            Some(city) => chamber::Entity::find()
                .filter(chamber::Column::TenantId.eq(tenant_id))
                .filter(chamber::Column::City.eq(city))
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, status(0)))
                .collect(),
            None => vec![],
        };
        let party = |list: &[(Uuid, Attendance)]| list.iter().map(|(id, _)| (*id, status(0))).collect::<Vec<_>>();
        let attendance = AttendanceDraft {
            fellows: fellows.iter().enumerate().map(|(i, f)| (*f, status(i))).collect(),
            cadres: party(&cadres),
            chambers,
        };
        events.set_attendance(id, attendance).await?;
    }
    Ok(PLANS.len() + 1)
}
