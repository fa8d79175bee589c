//! The demo county's park on its own, on both backends: 1,000+ 亩 of land in
//! reserve and exactly 49,000 m² of standard factory units; and five sites
//! given to five fellow projects in 2023, which the park's figures count as
//! the article does, with more than 1,000 亩 still in reserve.

use chrono::NaiveDate;
use guichao::demo::park;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::projects::{FEN_PER_YI, Period, ProjectDraft, ProjectKind, ProjectRole, ProjectSource};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

store_test!(the_demo_park_holds_the_articles_land_and_space, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    // The demo seeds as its county staff (the system admin holds no data).
    let admin = county.user(store, guichao::demo::SEEDER, BuiltinRole::CountyAdmin, "岳阳县").await;
    assert_eq!(park::add(store, county.tenant_id).await.unwrap(), (18, 44));
    let read = store.park(&admin, Permission::ProjectRead).unwrap();
    let before = read.figures(day(2022, 12, 31)).await.unwrap();
    assert_eq!((before.parcels, before.land_hundredths_mu, before.reserve_hundredths_mu), (18, 135_300, 135_300));
    assert_eq!((before.units, before.space_m2, before.vacant_m2), (44, 49_000, 49_000));

    // Five projects, each with a fellow as investor, 18.9亿元 in all.
    let projects = store.projects(&admin, Permission::ProjectWrite).unwrap();
    let mut ids = Vec::new();
    for (i, (yi, investor)) in [(6, "张一"), (4, "李二"), (3, "王三"), (3, "赵四"), (3, "刘五")].into_iter().enumerate()
    {
        let draft = ProjectDraft {
            name: format!("乡友项目{i}"),
            company_id: None,
            kind: ProjectKind::Manufacturing,
            investment_fen: yi * FEN_PER_YI - if i == 4 { FEN_PER_YI / 10 } else { 0 },
            fixed_asset_fen: 0,
            foreign_fen: 0,
            jobs_planned: 100,
            land_need_hundredths_mu: 0,
            factory_need_m2: 0,
            unit_id: county.unit("岳阳县"),
            officer_id: None,
            team: vec![],
            source: ProjectSource::Chamber,
            source_chamber_id: None,
            follows_lead_id: None,
            notes: String::new(),
        };
        let id = projects.create(draft).await.unwrap();
        let fellow = county.fellow(store, &admin, county.fellow_form(investor, "新墙镇", None)).await;
        projects.link_fellow(id, fellow, ProjectRole::Investor).await.unwrap();
        ids.push(id);
    }
    let ids: [Uuid; 5] = ids.try_into().unwrap();
    park::allocate(store, county.tenant_id, ids).await.unwrap();

    let year = Period { from: day(2023, 1, 1), to: day(2023, 12, 31) };
    let taken = read.allocations_in(year, day(2023, 12, 31), true).await.unwrap();
    assert_eq!((taken.projects, taken.investment_fen), (5, 189 * FEN_PER_YI / 10), "5 projects, 18.9亿元");
    let end = read.figures(day(2023, 12, 31)).await.unwrap();
    assert!(end.reserve_hundredths_mu >= 100_000, "1,000+ 亩 still in reserve: {}", end.reserve_hundredths_mu);
    assert_eq!(end.reserve_hundredths_mu, 135_300 - 6_200 - 5_830 - 4_250);
    assert_eq!((end.occupied_m2, end.allocated_m2), (1_750, 875), "5号 101 moved in; 1号 201 not yet");
    let now = read.figures(day(2024, 12, 31)).await.unwrap();
    assert_eq!((now.built_hundredths_mu, now.allocated_hundredths_mu), (6_200 + 5_830, 4_250));
    assert_eq!(now.occupied_m2, 2_625);
    db
});
