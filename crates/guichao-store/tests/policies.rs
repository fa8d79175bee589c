//! Policies in the store: numbers checked and written full-width, the list's
//! filters, attachments kept with their SHA-256, beneficiaries with their
//! totals, fellows outside the reader's scope never shown, writes audited.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::policies::BeneficiaryKind;
use guichao_store::audit::AuditQuery;
use guichao_store::policies::{Beneficiary, PolicyDraft, PolicyQuery};
use guichao_store::testing::{County, TestDb, with_grant};
use guichao_store::{StoreError, store_test};
use sha2::Digest;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn draft(title: &str, number: &str, from: NaiveDate, to: Option<NaiveDate>, tags: &str) -> PolicyDraft {
    PolicyDraft {
        title: title.into(),
        issuer: "岳阳县人民政府".into(),
        number: number.into(),
        issued_on: from,
        valid_from: from,
        valid_to: to,
        tags: tags.into(),
    }
}

store_test!(policies_are_checked_filtered_and_audited, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let write = store.policies(&admin, Permission::PolicyWrite).unwrap();
    let a = write
        .create(&draft("返乡创业扶持办法", "岳政发[2022]12号", d(2022, 3, 1), Some(d(2024, 12, 31)), "创业，贴息"))
        .await
        .unwrap();
    write.create(&draft("创业担保贷款实施细则", "岳政办发（2023）5号", d(2023, 1, 1), None, "贷款")).await.unwrap();
    let read = store.policies(&staff, Permission::PolicyRead).unwrap();
    let p = read.get(a).await.unwrap();
    assert_eq!(p.number, "岳政发〔2022〕12号");
    assert_eq!(p.tags, ["创业", "贴息"]);

    // Refusals name the field and write nothing.
    match write.create(&draft("x", "岳政发2022年12号", d(2022, 1, 1), None, "")).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "number"),
        other => panic!("{other:?}"),
    }
    match write.create(&draft("重复", "岳政发〔2022〕12号", d(2022, 1, 1), None, "")).await {
        Err(StoreError::Fields(f)) => assert!(f[0].message.zh.contains("已登记"), "{f:?}"),
        other => panic!("{other:?}"),
    }
    match write.create(&draft("倒置", "岳政发〔2022〕13号", d(2022, 5, 1), Some(d(2022, 1, 1)), "")).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "valid_to"),
        other => panic!("{other:?}"),
    }
    assert_eq!(read.list(&PolicyQuery::default(), 0, 50).await.unwrap().1, 2);

    let q = |q: &str, tag: &str, on: Option<NaiveDate>| PolicyQuery {
        q: q.into(),
        tag: tag.into(),
        issuer: String::new(),
        in_force_on: on,
    };
    assert_eq!(read.list(&q("", "贴息", None), 0, 50).await.unwrap().1, 1);
    assert_eq!(read.list(&q("", "贴", None), 0, 50).await.unwrap().1, 0, "a tag matches whole");
    assert_eq!(read.list(&q("2023", "", None), 0, 50).await.unwrap().1, 1);
    assert_eq!(read.list(&q("", "", Some(d(2025, 6, 1))), 0, 50).await.unwrap().1, 1);
    assert_eq!(read.list(&q("", "", Some(d(2023, 6, 1))), 0, 50).await.unwrap().1, 2);
    assert_eq!(read.list(&q("", "", Some(d(2021, 6, 1))), 0, 50).await.unwrap().1, 0);

    // Every built-in role reads; only a writer writes.
    assert!(matches!(store.policies(&staff, Permission::PolicyWrite), Err(StoreError::Forbidden)));
    write
        .update(a, &draft("返乡创业扶持办法（修订）", "岳政发〔2022〕12号", d(2022, 3, 1), None, "创业"))
        .await
        .unwrap();
    assert!(read.get(a).await.unwrap().in_force_on(d(2030, 1, 1)));
    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let audit_reader = store.test_auditor(&sys).await;
    let audit = store.audit(&audit_reader).unwrap();
    let q = AuditQuery { action: Some("policy.update".into()), limit: 10, ..Default::default() };
    let events = audit.list(&q).await.unwrap();
    assert_eq!(events[0].detail["before"]["title"], "返乡创业扶持办法");
    assert_eq!(events[0].detail["after"]["title"], "返乡创业扶持办法（修订）");
    db
});

store_test!(attachments_keep_their_checksum, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let write = store.policies(&admin, Permission::PolicyWrite).unwrap();
    let p = write.create(&draft("扶持办法", "岳政发〔2022〕1号", d(2022, 1, 1), None, "")).await.unwrap();
    let att = write.attach(p, "办法全文.pdf", "application/pdf", b"%PDF-1.4 policy".to_vec()).await.unwrap();
    let read = store.policies(&staff, Permission::PolicyRead).unwrap();
    let list = read.attachments(p).await.unwrap();
    assert_eq!(list.len(), 1);
    let sha = sha2::Sha256::digest(b"%PDF-1.4 policy");
    assert_eq!(list[0].sha256, hex::encode(sha));
    assert_eq!(list[0].sha256.len(), 64);
    assert_eq!(read.attachment(p, att).await.unwrap().bytes, b"%PDF-1.4 policy");
    let other = write.create(&draft("另一份", "岳政发〔2022〕2号", d(2022, 1, 1), None, "")).await.unwrap();
    assert!(matches!(read.attachment(other, att).await, Err(StoreError::NotFound)));
    assert!(matches!(write.attach(p, "x.pdf", "application/pdf", Vec::new()).await, Err(StoreError::Fields(_))));
    db
});

store_test!(beneficiaries_respect_fellow_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xq = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gk = county.user(store, "gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let fellow = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", Some("新墙村"))).await;
    let write = store.policies(&admin, Permission::PolicyWrite).unwrap();
    let p = write.create(&draft("扶持办法", "岳政发〔2022〕1号", d(2022, 1, 1), None, "")).await.unwrap();
    let b =
        |kind, id, amount: Option<i64>, date| Beneficiary { kind, id, amount_fen: amount, date, note: String::new() };
    write.add_beneficiary(p, &b(BeneficiaryKind::Fellow, fellow, Some(5_000_000), d(2022, 6, 1))).await.unwrap();
    let bad = write.add_beneficiary(p, &b(BeneficiaryKind::Company, fellow, None, d(2022, 6, 1))).await;
    assert!(matches!(bad, Err(StoreError::Fields(ref f)) if f[0].field == "target_id"), "{bad:?}");
    let neg = write.add_beneficiary(p, &b(BeneficiaryKind::Fellow, fellow, Some(-1), d(2022, 6, 1))).await;
    assert!(matches!(neg, Err(StoreError::Fields(ref f)) if f[0].field == "amount_fen"), "{neg:?}");

    let (rows, totals) = store.policies(&xq, Permission::PolicyRead).unwrap().beneficiaries(p).await.unwrap();
    assert_eq!((rows.len(), rows[0].name.as_str(), totals.count, totals.amount_fen), (1, "张一", 1, 5_000_000));
    let (rows, totals) = store.policies(&gk, Permission::PolicyRead).unwrap().beneficiaries(p).await.unwrap();
    assert!(rows.is_empty(), "a fellow outside the reader's township is never shown");
    assert_eq!(totals.count, 0);

    let mine = store.policies(&xq, Permission::PolicyRead).unwrap().of_fellow(fellow).await.unwrap();
    assert_eq!(mine[0].number, "岳政发〔2022〕1号");
    let theirs = store.policies(&gk, Permission::PolicyRead).unwrap().of_fellow(fellow).await;
    assert!(matches!(theirs, Err(StoreError::NotFound)));
    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let audit_reader = store.test_auditor(&sys).await;
    let events = store.audit(&audit_reader).unwrap();
    let q = AuditQuery { action: Some("policy.beneficiary".into()), limit: 10, ..Default::default() };
    assert_eq!(events.list(&q).await.unwrap()[0].detail["after"]["amount_fen"], 5_000_000);
    db
});

store_test!(beneficiaries_are_removed_in_scope_and_audited, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let gk = county.user(store, "gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let gk_writer = with_grant(&gk, Permission::PolicyWrite, DataScope::Tenant);
    let xq = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let fellow = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", Some("新墙村"))).await;
    let write = store.policies(&admin, Permission::PolicyWrite).unwrap();
    let p = write.create(&draft("扶持办法", "岳政发〔2022〕1号", d(2022, 1, 1), None, "")).await.unwrap();
    let other = write.create(&draft("另一份", "岳政发〔2022〕2号", d(2022, 1, 1), None, "")).await.unwrap();
    let b = Beneficiary {
        kind: BeneficiaryKind::Fellow,
        id: fellow,
        amount_fen: Some(300_000),
        date: d(2022, 6, 1),
        note: "创业补贴".into(),
    };
    let row = write.add_beneficiary(p, &b).await.unwrap();

    // Only through its own policy, only by a writer, only for a fellow the writer sees.
    assert!(matches!(write.remove_beneficiary(other, row).await, Err(StoreError::NotFound)));
    assert!(matches!(store.policies(&xq, Permission::PolicyWrite), Err(StoreError::Forbidden)));
    let theirs = store.policies(&gk_writer, Permission::PolicyWrite).unwrap();
    assert!(matches!(theirs.remove_beneficiary(p, row).await, Err(StoreError::NotFound)));
    assert_eq!(write.beneficiaries(p).await.unwrap().1.count, 1, "nothing removed by a refusal");

    write.remove_beneficiary(p, row).await.unwrap();
    let (rows, totals) = write.beneficiaries(p).await.unwrap();
    assert!(rows.is_empty());
    assert_eq!((totals.count, totals.amount_fen), (0, 0));
    assert!(matches!(write.remove_beneficiary(p, row).await, Err(StoreError::NotFound)));

    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let q = AuditQuery { action: Some("policy.beneficiary_remove".into()), limit: 10, ..Default::default() };
    let events = store.audit(&store.test_auditor(&sys).await).unwrap().list(&q).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].detail["before"]["beneficiary"], "张一");
    assert_eq!(events[0].detail["before"]["amount_fen"], 300_000);
    assert_eq!(events[0].detail["before"]["note"], "创业补贴");
    db
});
