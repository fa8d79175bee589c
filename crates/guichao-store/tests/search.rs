//! Search as the registry pages it: the exact number of matches the actor may
//! see, every match reached once by paging, the best first.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::fellows::{DuplicateAction, FellowDraft};
use guichao_store::fellows::{BulkFellow, ImportSource, MAX_SEARCH_PAGE};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Backend, Store, store_test};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::HashSet;
use uuid::Uuid;

/// Writes fellows named `names` into `township` through the bulk writer.
async fn bulk(db: &TestDb, county: &County, township: &str, names: &[String]) -> Vec<Uuid> {
    let rows: Vec<BulkFellow> = names
        .iter()
        .map(|name| {
            BulkFellow::new(county.fellow_form(name, township, None).parse(guichao_domain::date::today()).unwrap())
        })
        .collect();
    let ids = rows.iter().map(|r| r.id).collect();
    db.store.system().bulk_insert_fellows(county.tenant_id, rows, &|_| {}).await.unwrap();
    ids
}

/// `count` distinct names: `surname` and two given characters.
fn names(surname: &str, count: usize) -> Vec<String> {
    let given: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥".chars().collect();
    given.iter().flat_map(|a| given.iter().map(move |b| format!("{surname}{a}{b}"))).take(count).collect()
}

store_test!(search_counts_every_match_and_pages_through_each_once, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let mut zhang = bulk(&db, &county, "新墙镇", &names("张", 150)).await;
    let elsewhere = bulk(&db, &county, "筻口镇", &names("张", 90)).await;
    bulk(&db, &county, "新墙镇", &names("李", 40)).await;
    let exact = county.fellow(store, &admin, county.fellow_form("张", "筻口镇", None)).await;
    // 张 in a given name ranks after every name that starts with 张: paging
    // goes from the names that start with it into the rest.
    let given: Vec<String> = ["李张", "王小张"].map(String::from).to_vec();
    let given = bulk(&db, &county, "新墙镇", &given).await;
    zhang.extend(&elsewhere);
    zhang.push(exact);
    zhang.extend(&given);

    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    for limit in [MAX_SEARCH_PAGE, 37] {
        let (mut seen, mut offset) = (Vec::new(), 0);
        loop {
            let page = admin_fellows.search_page("张", offset, limit).await.unwrap();
            assert_eq!(page.total, zhang.len() as u64, "exact total past any cap, offset {offset}");
            if page.rows.is_empty() {
                break;
            }
            assert!(page.rows.len() as u64 <= limit);
            offset += page.rows.len() as u64;
            seen.extend(page.rows.into_iter().map(|r| r.id));
        }
        assert_eq!(seen.first(), Some(&exact), "the exact name leads, though written last");
        assert_eq!(seen[seen.len() - 2..].iter().collect::<HashSet<_>>(), given.iter().collect(), "given names last");
        assert_eq!(seen.len(), zhang.len(), "limit {limit}: no match twice");
        assert_eq!(seen.iter().collect::<HashSet<_>>(), zhang.iter().collect(), "limit {limit}: every match once");
    }
    let past = admin_fellows.search_page("张", 10_000, 20).await.unwrap();
    assert!(past.rows.is_empty());
    assert_eq!(past.total, zhang.len() as u64, "a page past the end still counts");

    let staff_fellows = store.fellows(&staff, Permission::FellowRead).unwrap();
    let page = staff_fellows.search_page("zhang", 0, 20).await.unwrap();
    assert_eq!(page.total, 152, "the township sees only its own (150 surnames, 2 given names)");
    assert_eq!(page.rows.len(), 20);
    let (mut seen, mut offset) = (Vec::new(), 0);
    loop {
        let page = staff_fellows.search_page("张", offset, 37).await.unwrap();
        assert_eq!(page.total, 152, "the township's 张 names and the two given names");
        if page.rows.is_empty() {
            break;
        }
        offset += page.rows.len() as u64;
        seen.extend(page.rows.into_iter().map(|r| r.id));
    }
    assert_eq!(seen.len(), 152);
    assert!(seen.iter().all(|id| !elsewhere.contains(id)), "nothing from another township");
    assert_eq!(seen[150..].iter().collect::<HashSet<_>>(), given.iter().collect());
    assert_eq!(staff_fellows.search_page("", 0, 20).await.unwrap().total, 0);
    assert_eq!(staff_fellows.search("张", 500).await.unwrap().len() as u64, MAX_SEARCH_PAGE, "a page is capped");
    db
});

/// Whether the planner has statistics of `fellows`: rows in `sqlite_stat1` on
/// SQLite, a row estimate (not -1, "never analysed") on PostgreSQL.
async fn fellows_analysed(store: &Store) -> bool {
    let db = store.system().connection();
    let sql = match store.backend() {
        Backend::Sqlite => {
            if db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'",
                ))
                .await
                .unwrap()
                .is_none()
            {
                return false;
            }
            Statement::from_string(DbBackend::Sqlite, "SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'fellows'")
        }
        Backend::Postgres => Statement::from_string(
            DbBackend::Postgres,
            "SELECT CASE WHEN reltuples < 0 THEN 0 ELSE 1 END::bigint AS n FROM pg_class WHERE relname = 'fellows' AND relkind = 'r'",
        ),
    };
    let row = db.query_one_raw(sql).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap() > 0
}

store_test!(an_import_commit_leaves_the_statistics_fresh, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert!(!fellows_analysed(store).await, "a new database has no statistics yet");
    let rows: Vec<(u64, FellowDraft)> = names("王", 300)
        .iter()
        .enumerate()
        .map(|(i, name)| {
            (i as u64 + 2, county.fellow_form(name, "新墙镇", None).parse(guichao_domain::date::today()).unwrap())
        })
        .collect();
    let mut planner =
        store.fellows(&admin, Permission::FellowWrite).unwrap().import_planner(DuplicateAction::Skip).await.unwrap();
    for (row, draft) in &rows {
        planner.add(*row, draft, None);
    }
    planner.finish(store).await.unwrap();
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    for (row, draft) in rows {
        session.add(row, draft).await.unwrap();
    }
    let source =
        ImportSource {
            file_name: "名录.csv".into(), sha256: "cd".repeat(32), rows_in_file: 300, rejected_in_file: 0
        };
    let (_, counts) = session.finish(&source).await.unwrap();
    assert_eq!(counts.created, 300);
    assert!(fellows_analysed(store).await, "the commit refreshed the planner's statistics");
    assert_eq!(
        store.fellows(&admin, Permission::FellowRead).unwrap().search_page("王", 0, 10).await.unwrap().total,
        300
    );
    db
});

store_test!(a_surname_match_ranks_before_a_given_name_match, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    // Given-name readings written first, so that the order cannot come from the ids.
    let names = ["单长", "周长", "张伟", "张", "李增", "王曾", "曾伟", "曾国藩"];
    for name in names {
        county.fellow(store, &admin, county.fellow_form(name, "新墙镇", None)).await;
    }
    let found = |q: &'static str, who| async move {
        let fellows = store.fellows(who, Permission::FellowRead).unwrap();
        let page = fellows.search_page(q, 0, 20).await.unwrap();
        assert_eq!(page.total as usize, page.rows.len(), "{q}");
        page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    };
    for who in [&admin, &staff] {
        // 张 (zhang) surnames first, shorter first; then 长 read zhang in a given name.
        assert_eq!(found("zhang", who).await, ["张", "张伟", "单长", "周长"]);
        assert_eq!(found("Zhang", who).await, ["张", "张伟", "单长", "周长"], "typed in any case");
        // 曾 as a surname (zeng) before 增 in a given name; 曾 in a given name
        // reads ceng, so zeng leaves 王曾 out, and 曾 finds it after the surnames.
        assert_eq!(found("zeng", who).await, ["曾伟", "曾国藩", "李增"]);
        // The exact name first, then names starting with it.
        assert_eq!(found("张伟", who).await, ["张伟"]);
        assert_eq!(found("张", who).await, ["张", "张伟"]);
        assert_eq!(found("曾", who).await, ["曾伟", "曾国藩", "王曾"]);
    }
    db
});

store_test!(archived_and_merged_fellows_are_neither_found_nor_counted, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let ids = bulk(&db, &county, "新墙镇", &names("王", 30)).await;
    let writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    writes.archive(ids[0]).await.unwrap();
    writes.merge(ids[1], ids[2]).await.unwrap();
    for who in [&admin, &staff] {
        let fellows = store.fellows(who, Permission::FellowRead).unwrap();
        // A full first page (read from the name index) and a page past the end.
        for (offset, limit) in [(0, 10), (0, 100), (500, 10)] {
            let page = fellows.search_page("王", offset, limit).await.unwrap();
            assert_eq!(page.total, 28, "offset {offset}, limit {limit}");
            assert!(page.rows.iter().all(|r| r.id != ids[0] && r.id != ids[2]));
        }
        assert_eq!(fellows.search_page("wang", 0, 10).await.unwrap().total, 28);
    }
    writes.restore(ids[0]).await.unwrap();
    writes.unmerge(ids[2]).await.unwrap();
    let fellows = store.fellows(&staff, Permission::FellowRead).unwrap();
    let all: HashSet<Uuid> = fellows.search_page("王", 0, 100).await.unwrap().rows.into_iter().map(|r| r.id).collect();
    assert_eq!(all, ids.iter().copied().collect(), "restored and unmerged fellows are found again");
    assert_eq!(fellows.search_page("王", 0, 10).await.unwrap().total, 30);
    db
});
