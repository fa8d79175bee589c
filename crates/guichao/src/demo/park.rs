//! The demo county's industrial park: 18 land parcels of 31 to 150 亩
//! (1,353 亩, all in reserve until projects are given some) in the county
//! seat's industrial park, the 新墙河 and 筻口 estates, a logistics park and
//! two food and building-materials parks; and 49,000 m² of standard factory
//! units in seven four-storey buildings. [`allocate`] gives five of the
//! sites to five projects in 2023 (the article's "5 fellow projects
//! allocated to the park"), leaving more than 1,000 亩 in reserve. Written
//! through the park handle as the county's admin, so every site and
//! allocation is audited as a user's would be.

use anyhow::Context;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::park::{ParcelDraft, UnitDraft, Zoning};
use guichao_store::park::{NewParkAllocation, SiteId, SiteQuery, SiteSort};
use guichao_store::{Actor, Store};
use uuid::Uuid;

/// (name, area in hundredths of a mu, zoning, notes)
const PARCELS: [(&str, i64, Zoning, &str); 18] = [
    ("荣家湾工业园A-01", 8_650, Zoning::Industrial, "三通一平已完成"),
    ("荣家湾工业园A-02", 6_200, Zoning::Industrial, "临107国道，适宜汽车零部件"),
    ("荣家湾工业园A-03", 11_840, Zoning::Industrial, ""),
    ("荣家湾工业园A-05", 4_580, Zoning::Industrial, ""),
    ("荣家湾工业园B-01", 15_000, Zoning::Industrial, "整宗出让，可分期供地"),
    ("荣家湾工业园B-02", 7_360, Zoning::Industrial, ""),
    ("荣家湾工业园B-04", 9_620, Zoning::Industrial, ""),
    ("新墙河产业园C-01", 5_830, Zoning::Industrial, "新材料产业片区"),
    ("新墙河产业园C-02", 10_470, Zoning::Industrial, ""),
    ("新墙河产业园C-03", 3_790, Zoning::Industrial, ""),
    ("筻口工业集中区D-01", 6_600, Zoning::Industrial, ""),
    ("筻口工业集中区D-02", 4_250, Zoning::Industrial, "电子信息产业片区"),
    ("城南物流园E-01", 12_800, Zoning::Logistics, "紧邻高速出口"),
    ("城南物流园E-02", 5_460, Zoning::Logistics, ""),
    ("荣家湾商贸区F-01", 3_120, Zoning::Commercial, "配套商业"),
    ("月田食品产业园G-01", 7_980, Zoning::Industrial, "预制菜产业片区"),
    ("月田食品产业园G-02", 4_800, Zoning::Industrial, ""),
    ("公田建材产业园H-01", 6_950, Zoning::Industrial, ""),
];

/// Standard factory buildings: (name, units per floor); each has four
/// floors of 1,750 m², split evenly between the floor's units.
const BUILDINGS: [(&str, i64); 7] = [
    ("1号标准厂房", 2),
    ("2号标准厂房", 2),
    ("3号标准厂房", 2),
    ("4号标准厂房", 2),
    ("5号标准厂房", 1),
    ("6号标准厂房", 1),
    ("7号标准厂房", 1),
];
const FLOORS: i32 = 4;
const FLOOR_M2: i64 = 1_750;

/// A day as (year, month, day).
type Day = (i32, u32, u32);

/// The sites [`allocate`] gives, in order: (parcel name, or building and
/// unit number), from, built or moved in, note.
const ALLOCATIONS: [(&str, &str, Day, Option<Day>, &str); 5] = [
    ("荣家湾工业园A-02", "", (2023, 3, 20), Some((2024, 4, 30)), "国有建设用地使用权出让合同"),
    ("新墙河产业园C-01", "", (2023, 5, 18), Some((2024, 9, 26)), "国有建设用地使用权出让合同"),
    ("5号标准厂房", "101", (2023, 7, 6), Some((2023, 10, 16)), "标准厂房租赁协议，前三年租金减半"),
    ("筻口工业集中区D-02", "", (2023, 9, 12), None, "国有建设用地使用权出让合同"),
    ("1号标准厂房", "201", (2023, 11, 28), Some((2024, 2, 20)), "标准厂房租赁协议"),
];

fn date((y, m, d): Day) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a demo date")
}

/// The county's admin, who writes the park.
async fn admin(store: &Store, tenant_id: Uuid) -> anyhow::Result<Actor> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    Ok(store.system().actor(tenant_id, admin).await?)
}

/// Adds the park's parcels and factory units. Returns (parcels, units).
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<(usize, usize)> {
    let actor = admin(store, tenant_id).await?;
    let park = store.park(&actor, Permission::ProjectWrite)?;
    for (name, area_hundredths_mu, zoning, notes) in PARCELS {
        let draft = ParcelDraft { name: name.into(), area_hundredths_mu, zoning, notes: notes.into() };
        park.add_parcel(draft).await?;
    }
    let mut units = 0;
    for (building, per_floor) in BUILDINGS {
        for floor in 1..=FLOORS {
            for n in 1..=per_floor {
                let draft = UnitDraft {
                    building: building.into(),
                    unit_no: format!("{floor}{n:02}"),
                    floor,
                    area_m2: FLOOR_M2 / per_floor,
                    notes: String::new(),
                };
                park.add_unit(draft).await?;
                units += 1;
            }
        }
    }
    Ok((PARCELS.len(), units))
}

/// The id of the site named `name` (a parcel) or `building` + `unit_no`.
async fn site(store: &Store, actor: &Actor, name: &str, unit_no: &str) -> anyhow::Result<SiteId> {
    let park = store.park(actor, Permission::ProjectRead)?;
    // The demo park's 18 parcels and 44 units fit in one page.
    let all = SiteQuery {
        as_of: guichao_domain::date::today(),
        sort: SiteSort::Name,
        descending: false,
        offset: 0,
        limit: guichao_store::park::MAX_PAGE_ROWS,
    };
    if unit_no.is_empty() {
        let (rows, _) = park.parcels(&all).await?;
        let found = rows.into_iter().find(|p| p.name == name).with_context(|| format!("demo parcel {name}"))?;
        return Ok(SiteId::Parcel(found.id));
    }
    let (rows, _) = park.units(&all).await?;
    let found = rows
        .into_iter()
        .find(|u| u.building == name && u.unit_no == unit_no)
        .with_context(|| format!("demo unit {name} {unit_no}"))?;
    Ok(SiteId::Unit(found.id))
}

/// Gives five of the park's sites to `projects` (in order) in 2023: three
/// parcels and two factory units, most of them built on or moved into since.
pub async fn allocate(store: &Store, tenant_id: Uuid, projects: [Uuid; 5]) -> anyhow::Result<()> {
    let actor = admin(store, tenant_id).await?;
    let park = store.park(&actor, Permission::ProjectWrite)?;
    for (project_id, (name, unit_no, from, moved_in, note)) in projects.into_iter().zip(ALLOCATIONS) {
        let new = NewParkAllocation {
            project_id,
            site: site(store, &actor, name, unit_no).await?,
            from: date(from)?,
            until: None,
            moved_in: moved_in.map(date).transpose()?,
            note: note.into(),
        };
        park.allocate(new).await?;
    }
    Ok(())
}
