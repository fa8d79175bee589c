//! The bulk writer: rows land with their ties in one transaction, are found by
//! search (pinyin, companies, an assigned cadre's scope), keep personal data
//! encrypted, and a bad row writes nothing.

use chrono::NaiveDate;
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Category, CompanyRole, CreditCode, FellowDraft, FellowStatus, Gender, HeldRole, Phone};
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::audit::AuditQuery;
use guichao_store::entities::{company, fellow, fellow_company, fellow_role, liaison_assignment};
use guichao_store::fellows::{BulkAssignment, BulkCompany, BulkFellow, BulkHeldRole, FellowQuery, PersonalField};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Backend, StoreError, store_test};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

fn draft(county: &County, name: &str, township: &str, n: usize) -> FellowDraft {
    FellowDraft {
        name: name.to_string(),
        gender: Some(Gender::Male),
        birth_date: NaiveDate::from_ymd_opt(1970 + (n % 30) as i32, 5, 1),
        category: Category::IndustryCommerce,
        township_id: county.unit(township),
        village_id: None,
        province: "广东省".into(),
        city: "深圳市".into(),
        district: "南山区".into(),
        employer: String::new(),
        title: "董事长".into(),
        industry: "电子信息".into(),
        phone: Some(Phone::parse(&format!("1380000{n:04}")).unwrap()),
        id_number: None,
        wechat: None,
        email: None,
        tags: vec!["重点联系".into()],
        status: FellowStatus::Active,
        source: "测试".into(),
        notes: String::new(),
        consent: true,
    }
}

fn code(n: u64) -> CreditCode {
    let body = format!("91990102MA{n:07}");
    CreditCode::parse(&format!("{body}{}", CreditCode::check_char(&body).unwrap())).unwrap()
}

async fn fellows_in(db: &TestDb, tenant_id: Uuid) -> u64 {
    fellow::Entity::find()
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .count(db.store.system().connection())
        .await
        .unwrap()
}

store_test!(rows_land_searchable_and_encrypted, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let cadre = county.user(store, "cadre", BuiltinRole::ProjectOfficer, "岳阳县").await;
    // Enough rows for several multi-row batches.
    let total = 2_500;
    let mut rows = Vec::new();
    for n in 0..total {
        let township = if n % 2 == 0 { "新墙镇" } else { "筻口镇" };
        let mut row = BulkFellow::new(draft(&county, &format!("测试{n}"), township, n));
        if n % 10 == 0 {
            row.companies.push(BulkCompany {
                name: format!("深圳市华湘电子{n}有限公司"),
                credit_code: Some(code((n as u64 / 10) % 50)),
                industry: "电子信息".into(),
                city: "深圳市".into(),
                role: CompanyRole::Owner,
            });
        }
        rows.push(row);
    }
    rows[0].draft.name = "曾国藩".into();
    rows[0].draft.village_id = Some(county.unit("清水村"));
    rows[0].draft.township_id = county.unit("新墙镇");
    rows[0].draft.wechat = Some(guichao_domain::fellows::WeChatId::parse("bulk_secret_wx").unwrap());
    rows[0].roles.push(BulkHeldRole {
        role: HeldRole::IndustryAdvisor,
        start: NaiveDate::from_ymd_opt(2023, 1, 1),
        end: None,
        note: "顾问".into(),
    });
    rows[1].assignments.push(BulkAssignment {
        cadre_id: cadre.user_id(),
        level: LiaisonLevel::County,
        cycle_days: 90,
        started_at: chrono::Utc::now(),
    });
    let zeng = rows[0].id;
    let assigned = rows[1].id;
    let batches = AtomicUsize::new(0);
    let seen = AtomicUsize::new(0);
    let progress = |n: usize| {
        batches.fetch_add(1, Ordering::Relaxed);
        seen.fetch_add(n, Ordering::Relaxed);
    };
    let written = store.system().bulk_insert_fellows(county.tenant_id, rows, &progress).await.unwrap();
    assert_eq!(written, total);
    assert_eq!(seen.load(Ordering::Relaxed), total);
    assert!(batches.load(Ordering::Relaxed) >= 2, "several multi-row batches");
    assert_eq!(fellows_in(&db, county.tenant_id).await, total as u64);
    assert_eq!(admin_fellows.count(&FellowQuery::default()).await.unwrap(), total as u64);

    // Searchable by pinyin of both readings, initials, a company and a city.
    for q in ["zengguofan", "ceng", "zgf", "曾国藩"] {
        let found = admin_fellows.search(q, 20).await.unwrap();
        assert!(found.iter().any(|f| f.id == zeng), "{q}");
    }
    // Company names are in the search tokens: only fellows with a company match.
    let found = admin_fellows.search("华湘电子", 20).await.unwrap();
    assert_eq!(found.len(), 20);
    let number =
        |name: &str| if name == "曾国藩" { 0 } else { name.trim_start_matches("测试").parse::<usize>().unwrap() };
    assert!(found.iter().all(|f| number(&f.name) % 10 == 0));
    // 新墙镇 staff see only their own rows; the assigned cadre finds their fellow.
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    assert_eq!(
        store.fellows(&staff, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        (total / 2) as u64
    );
    let found = store.fellows(&cadre, Permission::FellowRead).unwrap().search("测试1", 20).await.unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), vec![assigned], "the live assignment is in scope");

    // Ties: companies shared by credit code, links, roles, assignments.
    let conn = store.system().connection();
    let companies = company::Entity::find().filter(company::Column::TenantId.eq(county.tenant_id)).count(conn);
    assert_eq!(companies.await.unwrap(), 50, "one company per credit code");
    assert_eq!(fellow_company::Entity::find().count(conn).await.unwrap(), (total / 10) as u64);
    assert_eq!(fellow_role::Entity::find().count(conn).await.unwrap(), 1);
    assert_eq!(liaison_assignment::Entity::find().count(conn).await.unwrap(), 1);

    // Personal data: sealed and blind-indexed as create_fellow does; revealed whole.
    let row = fellow::Entity::find_by_id((county.tenant_id, zeng)).one(conn).await.unwrap().unwrap();
    assert!(row.phone_enc.as_deref().is_some_and(|p| !p.contains("13800000000")));
    assert!(row.phone_idx.is_some() && row.wechat_enc.is_some());
    assert_eq!(row.unit_id, county.unit("清水村"));
    assert_eq!(
        store
            .fellows(&admin, Permission::FellowReveal)
            .unwrap()
            .reveal(zeng, PersonalField::Phone)
            .await
            .unwrap()
            .as_deref(),
        Some("13800000000")
    );
    assert_eq!(
        store
            .fellows(&admin, Permission::FellowReveal)
            .unwrap()
            .reveal(zeng, PersonalField::WeChat)
            .await
            .unwrap()
            .as_deref(),
        Some("bulk_secret_wx")
    );

    // One audit event for the call.
    let events = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 100, ..Default::default() })
        .await
        .unwrap();
    let bulk: Vec<_> = events.iter().filter(|e| e.action == "fellow.bulk_insert").collect();
    assert_eq!(bulk.len(), 1);
    assert_eq!(bulk[0].detail["fellows"], 2500);
    assert_eq!(bulk[0].detail["company_links"], 250);
    assert!(!events.iter().any(|e| e.action == "fellow.create"));

    // A second call continues the search keys and reuses the companies.
    let mut more = BulkFellow::new(draft(&county, "张三", "筻口镇", 9_999));
    more.companies.push(BulkCompany {
        name: "深圳市华湘电子0有限公司".into(),
        credit_code: Some(code(0)),
        industry: String::new(),
        city: String::new(),
        role: CompanyRole::Executive,
    });
    store.system().bulk_insert_fellows(county.tenant_id, vec![more], &|_| {}).await.unwrap();
    let companies = company::Entity::find().filter(company::Column::TenantId.eq(county.tenant_id)).count(conn);
    assert_eq!(companies.await.unwrap(), 50);
    let found = admin_fellows.search("zhangsan", 20).await.unwrap();
    assert_eq!(found.len(), 1);
    // The one-at-a-time path still indexes what it writes after bulk calls.
    let li = county.fellow(store, &admin, county.fellow_form("李四", "新墙镇", None)).await;
    assert_eq!(admin_fellows.search("lisi", 20).await.unwrap().iter().map(|f| f.id).collect::<Vec<_>>(), [li]);
    if store.backend() == guichao_store::Backend::Sqlite {
        store.system().connection().clone().close().await.ok();
        let path = db.url.trim_start_matches("sqlite://");
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        for secret in ["13800000000", "13800001234", "bulk_secret_wx"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} stored in plain text");
        }
    }
    db
});

store_test!(a_bad_row_writes_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let good = |n: usize| BulkFellow::new(draft(&county, &format!("好{n}"), "新墙镇", n));
    // A township of another tenant.
    let mut rows: Vec<_> = (0..1_500).map(good).collect();
    rows[1_200].draft.township_id = county.unit("安定镇");
    let err = store.system().bulk_insert_fellows(county.tenant_id, rows, &|_| {}).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("1201"), "the row is named: {err}");
    // A village outside the township.
    let mut rows: Vec<_> = (0..10).map(good).collect();
    rows[3].draft.village_id = Some(county.unit("筻口村"));
    assert!(store.system().bulk_insert_fellows(county.tenant_id, rows, &|_| {}).await.is_err());
    // A cadre of another tenant fails in the database, after the fellows went
    // out in batches: the transaction takes them back.
    let outsider = county.user(store, "outsider", BuiltinRole::TownshipStaff, "安定镇").await;
    let mut rows: Vec<_> = (0..1_500).map(good).collect();
    rows[1_499].assignments.push(BulkAssignment {
        cadre_id: outsider.user_id(),
        level: LiaisonLevel::Township,
        cycle_days: 60,
        started_at: chrono::Utc::now(),
    });
    assert!(store.system().bulk_insert_fellows(county.tenant_id, rows, &|_| {}).await.is_err());
    assert_eq!(fellows_in(&db, county.tenant_id).await, 0, "all or nothing");
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    assert!(admin_fellows.search("hao", 20).await.unwrap().is_empty(), "nothing left in the index");
    // And the store still writes afterwards, both ways, into the index.
    assert_eq!(store.system().bulk_insert_fellows(county.tenant_id, vec![good(1)], &|_| {}).await.unwrap(), 1);
    let li = county.fellow(store, &admin, county.fellow_form("李四", "新墙镇", None)).await;
    assert_eq!(admin_fellows.search("lisi", 20).await.unwrap().iter().map(|f| f.id).collect::<Vec<_>>(), [li]);
    assert_eq!(admin_fellows.search("hao", 20).await.unwrap().len(), 1);
    db
});

store_test!(write_transactions_keep_statement_journals_in_memory, |db: TestDb| async move {
    let store = &db.store;
    if store.backend() != Backend::Sqlite {
        return db;
    }
    // SQLite decides where a transaction's statement journals go when it
    // begins: a bulk transaction must find `temp_store` already in memory,
    // or every multi-row insert writes its journal to a file page by page.
    let tx = store.begin_write().await.unwrap();
    let row = tx.query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA temp_store")).await.unwrap();
    let mode: i32 = row.expect("a row").try_get_by_index(0).unwrap();
    assert_eq!(mode, 2, "temp_store is MEMORY (2) on the writing connection");
    drop(tx);
    db
});

// The SQLite build lets a connection map the whole file (`.cargo/config.toml`
// raises SQLITE_MAX_MMAP_SIZE): under the default cap of 2 GiB, SQLite
// quietly maps less, and a large county's full-text pages past it are copied
// through each connection's small page cache at every search.
store_test!(connections_map_the_whole_file, |db: TestDb| async move {
    let store = &db.store;
    if store.backend() != Backend::Sqlite {
        return db;
    }
    let tx = store.begin_write().await.unwrap();
    let row = tx.query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA mmap_size")).await.unwrap();
    let bytes: i64 = row.expect("a row").try_get_by_index(0).unwrap();
    assert_eq!(bytes, 1 << 40, "the map may cover a TiB, not the default cap of 2 GiB");
    drop(tx);
    db
});
