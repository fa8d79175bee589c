//! The park in the store: parcels and units are the county's (seen by every
//! project reader, added only by a county-wide writer), allocated to a
//! project its writer may write, never twice over the same days (adjacent
//! spans are fine, an open one holds every day after its start), released
//! and allocated again; a project is named beside an allocation only to a
//! reader who sees it; the figures come from the dated records. All of it
//! audited, on both backends.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::park::{ParcelDraft, ParcelStatus, UnitDraft, UnitStatus, Zoning};
use guichao_domain::projects::{FEN_PER_YI, Period, ProjectDraft, ProjectKind, ProjectRole, ProjectSource};
use guichao_store::audit::AuditQuery;
use guichao_store::park::{NewParkAllocation, SiteId, SiteQuery, SiteSort};
use guichao_store::testing::{County, TestDb, with_grant};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn project(name: &str, unit: Uuid, investment_yi: i64) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: investment_yi * FEN_PER_YI,
        fixed_asset_fen: 0,
        foreign_fen: 0,
        jobs_planned: 100,
        land_need_hundredths_mu: 5_000,
        factory_need_m2: 2_000,
        unit_id: unit,
        officer_id: None,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

fn parcel(name: &str, mu: i64) -> ParcelDraft {
    ParcelDraft { name: name.into(), area_hundredths_mu: mu * 100, zoning: Zoning::Industrial, notes: String::new() }
}

fn unit(building: &str, unit_no: &str, m2: i64) -> UnitDraft {
    UnitDraft { building: building.into(), unit_no: unit_no.into(), floor: 2, area_m2: m2, notes: String::new() }
}

fn allocation(project_id: Uuid, site: SiteId, from: NaiveDate, until: Option<NaiveDate>) -> NewParkAllocation {
    NewParkAllocation { project_id, site, from, until, moved_in: None, note: String::new() }
}

/// The refusal's field and Chinese message, or a panic when it is not a field error.
fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> (&'static str, String) {
    match result {
        Err(StoreError::Fields(errors)) => (errors[0].field, errors[0].message.zh.clone()),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 200, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

fn page(as_of: NaiveDate) -> SiteQuery {
    SiteQuery { as_of, sort: SiteSort::Name, descending: false, offset: 0, limit: 50 }
}

struct Cast {
    admin: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    officer: Actor,
    leader: Actor,
    village: Actor,
    /// 新墙镇's project, carried by the officer.
    car: Uuid,
    /// 筻口镇's project.
    food: Uuid,
}

async fn cast(store: &Store) -> (County, Cast) {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let officer = county.user(store, "officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let write = store.projects(&admin, Permission::ProjectWrite).unwrap();
    let car = ProjectDraft {
        officer_id: Some(officer.user_id()),
        ..project("汽车内饰件项目", county.unit("新墙镇"), 10)
    };
    let car = write.create(car).await.unwrap();
    let food = write.create(project("预制菜加工项目", county.unit("筻口镇"), 5)).await.unwrap();
    (county, Cast { admin, xinqiang, gangkou, officer, leader, village, car, food })
}

store_test!(parcels_and_units_are_the_countys, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    park.add_parcel(parcel(" 荣家湾工业园A-03 ", 86)).await.unwrap();
    park.add_parcel(ParcelDraft { zoning: Zoning::Logistics, ..parcel("城南物流园B-01", 120) }).await.unwrap();
    park.add_unit(unit("1号楼", "201", 1_200)).await.unwrap();
    assert!(park.may_add_sites());

    // Taken names, bad drafts: refused by field, nothing written.
    assert_eq!(refusal(park.add_parcel(parcel("荣家湾工业园A-03", 5)).await).0, "name");
    assert_eq!(refusal(park.add_parcel(parcel("A-09", 0)).await).0, "area_mu");
    assert_eq!(refusal(park.add_unit(unit("1号楼", "201", 900)).await), ("unit_no", "1号楼已有单元“201”".into()));
    assert_eq!(refusal(park.add_unit(UnitDraft { floor: 0, ..unit("1号楼", "301", 900) }).await).0, "floor");

    // Every project reader sees them all, whatever their reach.
    for who in [&c.admin, &c.xinqiang, &c.gangkou, &c.officer, &c.leader] {
        let read = store.park(who, Permission::ProjectRead).unwrap();
        let (rows, total) = read.parcels(&page(day(2024, 1, 1))).await.unwrap();
        assert_eq!(total, 2, "{}", who.username());
        assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["城南物流园B-01", "荣家湾工业园A-03"]);
        assert_eq!(rows[0].zoning, Zoning::Logistics);
        assert_eq!(rows[1].status, ParcelStatus::Reserve);
        assert_eq!(read.units(&page(day(2024, 1, 1))).await.unwrap().1, 1);
    }
    let by_area = SiteQuery { sort: SiteSort::Area, descending: true, ..page(day(2024, 1, 1)) };
    let (rows, _) = store.park(&c.leader, Permission::ProjectRead).unwrap().parcels(&by_area).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.area_hundredths_mu).collect::<Vec<_>>(), [12_000, 8_600]);

    // Only a county-wide writer adds sites.
    assert!(matches!(store.park(&c.village, Permission::ProjectRead), Err(StoreError::Forbidden)));
    assert!(matches!(store.park(&c.xinqiang, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    let township_writer = with_grant(&c.xinqiang, Permission::ProjectWrite, DataScope::UnitAndBelow);
    let township = store.park(&township_writer, Permission::ProjectWrite).unwrap();
    assert!(!township.may_add_sites());
    assert!(matches!(township.add_parcel(parcel("新墙地块", 30)).await, Err(StoreError::Forbidden)));
    assert!(matches!(township.add_unit(unit("9号楼", "101", 800)).await, Err(StoreError::Forbidden)));
    let officer = store.park(&c.officer, Permission::ProjectWrite).unwrap();
    assert!(matches!(officer.add_parcel(parcel("警官地块", 30)).await, Err(StoreError::Forbidden)));
    let read = store.park(&c.admin, Permission::ProjectRead).unwrap();
    assert!(matches!(read.add_parcel(parcel("只读地块", 30)).await, Err(StoreError::Forbidden)));
    assert_eq!(audited(store, &c.admin, "park.parcel").await, 2);
    assert_eq!(audited(store, &c.admin, "park.unit").await, 1);
    assert!(matches!(read.parcel(Uuid::now_v7(), day(2024, 1, 1)).await, Err(StoreError::NotFound)));
    db
});

store_test!(a_site_is_never_allocated_twice_over_the_same_days, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    let a03 = SiteId::Parcel(park.add_parcel(parcel("荣家湾工业园A-03", 86)).await.unwrap());
    let u201 = SiteId::Unit(park.add_unit(unit("1号楼", "201", 1_200)).await.unwrap());
    let year = allocation(c.car, a03, day(2023, 1, 1), Some(day(2023, 12, 31)));
    park.allocate(year.clone()).await.unwrap();

    let (field, message) = refusal(park.allocate(allocation(c.food, a03, day(2023, 6, 1), None)).await);
    assert_eq!(field, "from");
    assert_eq!(message, "该地块在此期间已分配给“汽车内饰件项目”（2023-01-01 至 2023-12-31）");
    let last_day = allocation(c.food, a03, day(2023, 12, 31), Some(day(2024, 6, 30)));
    assert_eq!(refusal(park.allocate(last_day).await).0, "from", "both ends are included");
    let around = allocation(c.food, a03, day(2022, 1, 1), Some(day(2024, 1, 1)));
    assert_eq!(refusal(park.allocate(around).await).0, "from");

    // Adjacent spans do not overlap; an open span holds every day after it starts.
    park.allocate(allocation(c.food, a03, day(2022, 1, 1), Some(day(2022, 12, 31)))).await.unwrap();
    park.allocate(allocation(c.food, a03, day(2024, 1, 1), None)).await.unwrap();
    let far = allocation(c.car, a03, day(2030, 1, 1), Some(day(2030, 12, 31)));
    assert_eq!(
        refusal(park.allocate(far).await).1,
        "该地块在此期间已分配给“预制菜加工项目”（2024-01-01 起）",
        "the open allocation holds 2030"
    );

    // Units keep the same rule; the site's own dates are checked first.
    park.allocate(allocation(c.car, u201, day(2023, 3, 1), None)).await.unwrap();
    let (_, message) = refusal(park.allocate(allocation(c.food, u201, day(2025, 1, 1), None)).await);
    assert!(message.starts_with("该厂房在此期间已分配给"), "{message}");
    let backwards = allocation(c.food, u201, day(2023, 3, 1), Some(day(2023, 2, 1)));
    assert_eq!(refusal(park.allocate(backwards).await).0, "until");
    let moved_early = NewParkAllocation { moved_in: Some(day(2020, 1, 1)), ..year };
    assert_eq!(refusal(park.allocate(moved_early).await), ("moved_in", "建成日期须在分配期间内".into()));
    let nowhere = allocation(c.car, SiteId::Parcel(Uuid::now_v7()), day(2023, 1, 1), None);
    assert!(matches!(park.allocate(nowhere).await, Err(StoreError::NotFound)));

    let read = store.park(&c.admin, Permission::ProjectRead).unwrap();
    let history = read.parcel(a03.id(), day(2023, 6, 1)).await.unwrap();
    assert_eq!(history.allocations.len(), 3);
    assert_eq!(history.row.status, ParcelStatus::Allocated);
    assert_eq!(history.row.holder.as_ref().and_then(|h| h.project.as_deref()), Some("汽车内饰件项目"));
    assert_eq!(audited(store, &c.admin, "park.allocate").await, 4, "refusals write nothing");
    db
});

store_test!(a_project_is_named_only_to_readers_who_see_it, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    let a03 = SiteId::Parcel(park.add_parcel(parcel("荣家湾工业园A-03", 86)).await.unwrap());
    let b01 = SiteId::Parcel(park.add_parcel(parcel("荣家湾工业园B-01", 60)).await.unwrap());
    park.allocate(allocation(c.food, a03, day(2023, 1, 1), None)).await.unwrap();
    let on = day(2023, 6, 1);

    // 新墙镇 does not see 筻口镇's project: the parcel is held, by someone.
    let xinqiang = store.park(&c.xinqiang, Permission::ProjectRead).unwrap();
    let seen = xinqiang.parcel(a03.id(), on).await.unwrap();
    assert_eq!(seen.row.status, ParcelStatus::Allocated);
    let holder = seen.row.holder.unwrap();
    assert_eq!((holder.project_id, holder.project, holder.can_release), (None, None, false));
    assert_eq!(seen.allocations[0].project, None);
    let gangkou = store.park(&c.gangkou, Permission::ProjectRead).unwrap();
    assert_eq!(gangkou.parcel(a03.id(), on).await.unwrap().allocations[0].project.as_deref(), Some("预制菜加工项目"));
    assert!(!gangkou.parcel(a03.id(), on).await.unwrap().allocations[0].can_release, "a reader cannot release");

    // The officer allocates the project they carry, not another's, and the
    // refusal of a double booking does not name a project they cannot see.
    let officer = store.park(&c.officer, Permission::ProjectWrite).unwrap();
    let (field, message) = refusal(officer.allocate(allocation(c.car, a03, day(2024, 1, 1), None)).await);
    assert_eq!((field, message.as_str()), ("from", "该地块在此期间已分配（2023-01-01 起）"));
    assert!(matches!(officer.allocate(allocation(c.food, b01, on, None)).await, Err(StoreError::NotFound)));
    officer.allocate(allocation(c.car, b01, on, None)).await.unwrap();
    let officer_read = store.park(&c.officer, Permission::ProjectRead).unwrap();
    let b01_row = officer_read.parcel(b01.id(), on).await.unwrap();
    assert!(b01_row.allocations[0].can_release && b01_row.allocations[0].recorded_by == "officer");

    // A reader sees the project's sites on its page only when they see the project.
    assert_eq!(officer_read.project_allocations(c.car).await.unwrap()[0].site, "荣家湾工业园B-01");
    assert!(matches!(officer_read.project_allocations(c.food).await, Err(StoreError::NotFound)));
    assert!(matches!(xinqiang.project_allocations(c.food).await, Err(StoreError::NotFound)));
    let choices = officer_read.project_choices().await.unwrap();
    assert_eq!(choices.iter().map(|p| p.id).collect::<Vec<_>>(), [c.car], "only the projects they may write");
    assert!(xinqiang.project_choices().await.unwrap().is_empty(), "no project.write, nothing to choose");
    assert!(matches!(xinqiang.allocate(allocation(c.car, b01, on, None)).await, Err(StoreError::Forbidden)));
    db
});

store_test!(a_released_site_may_be_allocated_again, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    let u201 = SiteId::Unit(park.add_unit(unit("1号楼", "201", 1_200)).await.unwrap());
    let first = NewParkAllocation { moved_in: Some(day(2023, 5, 1)), ..allocation(c.car, u201, day(2023, 3, 1), None) };
    let first = park.allocate(first).await.unwrap();
    let read = store.park(&c.admin, Permission::ProjectRead).unwrap();
    let status = |on: NaiveDate| {
        let read = &read;
        async move { read.unit(u201.id(), on).await.unwrap().row.status }
    };
    assert_eq!(
        (status(day(2023, 4, 1)).await, status(day(2023, 5, 1)).await),
        (UnitStatus::Allocated, UnitStatus::Occupied)
    );

    assert!(matches!(read.release(first, day(2024, 2, 29)).await, Err(StoreError::Forbidden)), "a read handle");
    assert_eq!(refusal(park.release(first, day(2023, 4, 30)).await).1, "释放日期不能早于入驻日期（2023-05-01）");
    park.release(first, day(2024, 2, 29)).await.unwrap();
    assert_eq!(refusal(park.release(first, day(2024, 3, 1)).await).1, "该分配已结束，无需再释放");
    assert!(matches!(park.release(Uuid::now_v7(), day(2024, 3, 1)).await, Err(StoreError::NotFound)));
    assert_eq!(
        (status(day(2024, 2, 29)).await, status(day(2024, 3, 1)).await),
        (UnitStatus::Occupied, UnitStatus::Vacant)
    );

    park.allocate(allocation(c.food, u201, day(2024, 3, 1), None)).await.unwrap();
    assert_eq!(status(day(2024, 3, 1)).await, UnitStatus::Allocated);
    let history = read.unit(u201.id(), day(2024, 3, 1)).await.unwrap();
    assert_eq!(history.allocations.iter().map(|a| a.until).collect::<Vec<_>>(), [Some(day(2024, 2, 29)), None]);
    assert_eq!(history.row.holder.and_then(|h| h.project), Some("预制菜加工项目".into()));
    let officer = store.park(&c.officer, Permission::ProjectWrite).unwrap();
    let theirs = history.allocations[1].id;
    assert!(matches!(officer.release(theirs, day(2024, 12, 31)).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.admin, "park.release").await, 1);
    db
});

store_test!(the_figures_come_from_the_dated_records, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    let read = store.park(&c.admin, Permission::ProjectRead).unwrap();
    let empty = read.figures(day(2023, 12, 31)).await.unwrap();
    assert_eq!((empty.land_hundredths_mu, empty.space_m2, empty.occupancy_rate), (0, 0, None));

    let a = SiteId::Parcel(park.add_parcel(parcel("A-01", 100)).await.unwrap());
    let b = SiteId::Parcel(park.add_parcel(parcel("A-02", 150)).await.unwrap());
    park.add_parcel(parcel("A-03", 200)).await.unwrap();
    let u1 = SiteId::Unit(park.add_unit(unit("1号楼", "101", 3_000)).await.unwrap());
    park.add_unit(unit("1号楼", "201", 2_000)).await.unwrap();
    let built = NewParkAllocation { moved_in: Some(day(2023, 9, 1)), ..allocation(c.car, a, day(2023, 3, 1), None) };
    park.allocate(built).await.unwrap();
    park.allocate(allocation(c.food, b, day(2022, 5, 1), None)).await.unwrap();
    let moved = NewParkAllocation { moved_in: Some(day(2023, 10, 1)), ..allocation(c.car, u1, day(2023, 8, 1), None) };
    park.allocate(moved).await.unwrap();

    let f = read.figures(day(2023, 12, 31)).await.unwrap();
    assert_eq!((f.parcels, f.land_hundredths_mu, f.reserve_hundredths_mu), (3, 45_000, 20_000));
    assert_eq!((f.allocated_hundredths_mu, f.built_hundredths_mu), (15_000, 10_000));
    assert_eq!((f.space_m2, f.vacant_m2, f.occupied_m2, f.occupancy_rate), (5_000, 2_000, 3_000, Some(0.6)));
    let before = read.figures(day(2022, 12, 31)).await.unwrap();
    assert_eq!((before.reserve_hundredths_mu, before.occupancy_rate), (30_000, Some(0.0)));

    // The park's projects of 2023: the car project (twice allocated, once counted).
    let year = Period { from: day(2023, 1, 1), to: day(2023, 12, 31) };
    let took = read.allocations_in(year, day(2023, 12, 31), false).await.unwrap();
    assert_eq!((took.projects, took.investment_fen), (1, 10 * FEN_PER_YI));
    assert_eq!(read.allocations_in(year, day(2023, 12, 31), true).await.unwrap().projects, 0, "no fellow credited");
    let fellow = county.fellow(store, &c.admin, county.fellow_form("投资乡友", "新墙镇", None)).await;
    let projects = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    projects.link_fellow(c.car, fellow, ProjectRole::Advisor).await.unwrap();
    assert_eq!(
        read.allocations_in(year, day(2023, 12, 31), true).await.unwrap().projects,
        0,
        "an advisor does not count"
    );
    projects.link_fellow(c.car, fellow, ProjectRole::Investor).await.unwrap();
    assert_eq!(read.allocations_in(year, day(2023, 12, 31), true).await.unwrap().projects, 1);
    let both = read.allocations_in(Period { from: day(2022, 1, 1), to: day(2023, 12, 31) }, day(2023, 12, 31), false);
    assert_eq!(both.await.unwrap().investment_fen, 15 * FEN_PER_YI);

    // 筻口镇 sees the same land and space, and only its own project taken in.
    let gangkou = store.park(&c.gangkou, Permission::ProjectRead).unwrap();
    assert_eq!(gangkou.figures(day(2023, 12, 31)).await.unwrap(), f);
    let facts = gangkou.facts().await.unwrap();
    assert_eq!(facts.projects.keys().copied().collect::<Vec<_>>(), [c.food]);
    let theirs =
        gangkou.allocations_in(Period { from: day(2022, 1, 1), to: day(2023, 12, 31) }, day(2023, 12, 31), false);
    assert_eq!(theirs.await.unwrap().projects, 1);
    let backwards =
        read.allocations_in(Period { from: day(2023, 12, 31), to: day(2023, 1, 1) }, day(2024, 1, 1), false);
    assert_eq!(refusal(backwards.await).0, "to");
    db
});

store_test!(concurrent_allocations_of_one_site_cannot_both_pass, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let park = store.park(&c.admin, Permission::ProjectWrite).unwrap();
    let site = SiteId::Parcel(park.add_parcel(parcel("荣家湾工业园A-03", 86)).await.unwrap());
    let tries: Vec<_> = (0..4u32)
        .map(|i| {
            let (store, admin) = (store.clone(), c.admin.clone());
            let project = if i % 2 == 0 { c.car } else { c.food };
            tokio::spawn(async move {
                let park = store.park(&admin, Permission::ProjectWrite).unwrap();
                park.allocate(allocation(project, site, day(2023, 1, 1 + i), None)).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tries {
        outcomes.push(match t.await.unwrap() {
            Ok(_) => "allocated",
            Err(StoreError::Fields(e)) if e[0].field == "from" => "refused",
            Err(other) => panic!("{other:?}"),
        });
    }
    outcomes.sort_unstable();
    assert_eq!(outcomes, ["allocated", "refused", "refused", "refused"]);
    let read = store.park(&c.admin, Permission::ProjectRead).unwrap();
    assert_eq!(read.parcel(site.id(), day(2024, 1, 1)).await.unwrap().allocations.len(), 1);
    db
});
