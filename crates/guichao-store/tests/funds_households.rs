//! "211" households and new market entities in the store: recorded and
//! corrected by the county (audited with after, and before and after),
//! refused with field errors and nothing written, listed by township and
//! year, counted by township as of a day; a township sees its own only,
//! another's is NotFound; market entities imported by township and kind,
//! a figure given again replacing its count.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::funds::market::{EntityKind, Registered, year_table};
use guichao_store::audit::AuditQuery;
use guichao_store::funds::households::{HouseholdDraft, HouseholdQuery};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};

fn d(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap()
}

fn draft(county: &County, name: &str, unit: &str, year: i32) -> HouseholdDraft {
    HouseholdDraft {
        head_name: name.into(),
        unit_id: county.unit(unit),
        area_hundredths_mu: 10_050,
        income_fen: 12_000_000,
        year_verified: year,
        note: String::new(),
    }
}

async fn audited(store: &Store, county: &County, action: &str) -> Vec<serde_json::Value> {
    let sys: Actor =
        county.user(store, &format!("sys_{}", action.replace(".", "_")), BuiltinRole::CountyAdmin, "岳阳县").await;
    let q = AuditQuery { action: Some(action.into()), limit: 100, ..Default::default() };
    store
        .audit(&store.test_auditor(&sys).await)
        .unwrap()
        .list(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect()
}

store_test!(households_are_recorded_listed_counted_and_scoped, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let write = store.funds(&admin, Permission::FundWrite).unwrap();
    let a = write.add_household(draft(&county, "张种粮", "新墙村", 2021)).await.unwrap();
    write.add_household(draft(&county, "李种粮", "清水村", 2023)).await.unwrap();
    let g = write.add_household(draft(&county, "王种粮", "筻口村", 2022)).await.unwrap();

    let bad = HouseholdDraft { area_hundredths_mu: 0, income_fen: 5_000_000, ..draft(&county, "", "新墙村", 2021) };
    match write.add_household(bad).await {
        Err(StoreError::Fields(f)) => {
            let fields: Vec<_> = f.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["area", "income"]);
        }
        other => panic!("{other:?}"),
    }
    let other_county = HouseholdDraft { unit_id: county.unit("安定镇"), ..draft(&county, "赵", "新墙村", 2021) };
    assert!(matches!(write.add_household(other_county).await, Err(StoreError::Fields(_))));

    let by = write.households_by_township(d(2022)).await.unwrap();
    let counts: Vec<(&str, i64)> = by.iter().map(|(_, n, c)| (n.as_str(), *c)).collect();
    assert_eq!(counts, [("新墙镇", 1), ("筻口镇", 1)]);
    assert_eq!(write.summary(d(2023)).await.unwrap().households, 3);

    let q = HouseholdQuery { township: Some(county.unit("新墙镇")), limit: 50, ..Default::default() };
    let (rows, total) = write.households(&q).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(rows[0].township_name, "新墙镇");
    let (_, in_2022) =
        write.households(&HouseholdQuery { year: Some(2022), limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(in_2022, 1);

    write
        .update_household(a, HouseholdDraft { income_fen: 15_000_000, ..draft(&county, "张种粮", "新墙村", 2021) })
        .await
        .unwrap();
    assert_eq!(write.household(a).await.unwrap().income_fen, 15_000_000);
    let updates = audited(store, &county, "household.update").await;
    assert_eq!(
        (updates[0]["before"]["income_fen"].as_i64(), updates[0]["after"]["income_fen"].as_i64()),
        (Some(12_000_000), Some(15_000_000))
    );
    assert_eq!(audited(store, &county, "household.create").await.len(), 3);

    // A township sees its own households and none of another's; it cannot write.
    let mine = store.funds(&xinqiang, Permission::FundRead).unwrap();
    assert_eq!(mine.households(&HouseholdQuery { limit: 50, ..Default::default() }).await.unwrap().1, 2);
    assert!(matches!(mine.household(g).await, Err(StoreError::NotFound)));
    assert_eq!(mine.summary(d(2023)).await.unwrap().households, 2);
    assert!(
        store.funds(&xinqiang, Permission::FundWrite).is_err_and(|e| matches!(e, StoreError::Forbidden))
            || store
                .funds(&xinqiang, Permission::FundWrite)
                .unwrap()
                .add_household(draft(&county, "x", "新墙村", 2021))
                .await
                .is_err()
    );
    db
});

store_test!(market_entities_are_imported_by_township_and_kind, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let write = store.funds(&admin, Permission::FundWrite).unwrap();
    let r = |unit: &str, kind, count| Registered { township: county.unit(unit), year: 2022, kind, count };
    let first = vec![
        r("新墙镇", EntityKind::Individual, 300),
        r("新墙镇", EntityKind::Enterprise, 40),
        r("筻口镇", EntityKind::Enterprise, 25),
    ];
    assert_eq!(write.import_entities(first, serde_json::json!({"file": "a.xlsx"})).await.unwrap(), (3, 0));
    let again = vec![r("新墙镇", EntityKind::Enterprise, 45), r("筻口镇", EntityKind::Cooperative, 3)];
    assert_eq!(write.import_entities(again, serde_json::json!({"file": "b.xlsx"})).await.unwrap(), (1, 1));
    let bad = vec![r("新墙镇", EntityKind::Individual, 1), r("安定镇", EntityKind::Individual, 9)];
    assert!(write.import_entities(bad, serde_json::json!({})).await.is_err());

    let t = year_table(&write.entity_records().await.unwrap(), 2022);
    assert_eq!(t.totals.counts, [300, 70, 3]);
    let events = audited(store, &county, "entity.import").await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["changes"][0]["before"], 40);
    let mine = year_table(&store.funds(&xinqiang, Permission::FundRead).unwrap().entity_records().await.unwrap(), 2022);
    assert_eq!(mine.totals.total(), 345, "a township sees its own figures");
    db
});
