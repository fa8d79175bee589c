//! The demo county's service requests on their own, on both backends: two
//! years across every kind and unit, counted by the announced holiday
//! calendar, mostly on time with some late, declined and overdue, rated by
//! most requesters, a few sent from the public form.

use chrono::NaiveDate;
use guichao::demo::services;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::projects::Period;
use guichao_domain::services::{DayMark, ServiceKind};
use guichao_store::services::{ListFilter, ServiceQuery};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

store_test!(the_demo_requests_give_a_believable_report, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    county.user(store, "county", BuiltinRole::CountyStaff, "岳阳县").await;
    county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    for i in 0..20 {
        county
            .fellow(
                store,
                &admin,
                county.fellow_form(&format!("张{}", ["一", "二", "三", "四"][i % 4]), "新墙镇", None),
            )
            .await;
    }
    let mut rng = StdRng::seed_from_u64(5);
    let written = services::add(store, county.tenant_id, admin.user_id(), &mut rng).await.unwrap();
    assert_eq!(written, services::REQUESTS as u64);

    let read = store.services(&admin, Permission::ServiceRead).unwrap();
    let days = read.calendar(d(2024, 1, 1), d(2024, 12, 31)).await.unwrap();
    assert!(days.iter().any(|c| c.day == d(2024, 2, 4) && c.mark == DayMark::Workday));
    for year in [2023, 2024] {
        let page = read.report(Period { from: d(year, 1, 1), to: d(year, 12, 31) }).await.unwrap();
        let t = &page.report.total;
        assert!(t.received > 250 && t.received < 400, "{year}: {t:?}");
        let on_time = t.done_on_time as f64 / t.done as f64;
        assert!((0.75..0.97).contains(&on_time), "{year}: {on_time}");
        assert!(t.done < t.received + 20 && t.done_on_time < t.done, "some late");
        let score = t.satisfaction.unwrap();
        assert!((3.8..4.6).contains(&score), "{score}");
        assert!(t.median_days.unwrap() >= 1.0);
        assert!(page.report.by_kind.iter().all(|(_, l)| l.received > 0), "every kind");
        assert!(page.report.by_unit.len() >= 3, "the county and its townships");
    }
    let schooling = read.report(Period { from: d(2024, 1, 1), to: d(2024, 12, 31) }).await.unwrap();
    let school = schooling.report.by_kind.iter().find(|(k, _)| *k == ServiceKind::Schooling).unwrap();
    assert!(school.1.median_days.unwrap() > 3.0, "a school place takes longer than a licence");
    let q = ServiceQuery { filter: ListFilter::Overdue, kind: None, today: d(2024, 12, 31), offset: 0, limit: 50 };
    let (_, overdue) = read.list(&q).await.unwrap();
    assert!(overdue >= 3, "some are overdue: {overdue}");
    let all = read.list(&ServiceQuery { filter: ListFilter::All, ..q }).await.unwrap().0;
    assert!(all.iter().any(|r| r.late) || overdue > 0);
    db
});
