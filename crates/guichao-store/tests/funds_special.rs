//! The special fund (返乡创业就业专项扶持资金) in the store: budgets and
//! grants, approval steps in order, the balance counted from the records on
//! a day, refusals in Chinese with nothing written, who sees and writes
//! what, the audit's before and after, and approvals made at the same
//! moment that together exceed the balance: exactly those that fit pass.

use chrono::{Datelike, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::funds::special::GrantStep;
use guichao_store::audit::AuditQuery;
use guichao_store::funds::Party;
use guichao_store::funds::special::{GrantDraft, GrantQuery};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

/// 1万元 in fen.
const WAN: i64 = 1_000_000;

fn year() -> i32 {
    today().year()
}

fn jan(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year(), 1, day).unwrap()
}

struct Cast {
    county: County,
    admin: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    leader: Actor,
    /// Reads the audit log.
    sys: Actor,
    xq: Uuid,
}

async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xq = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", Some("新墙村"))).await;
    Cast { county, admin, xinqiang, gangkou, leader, sys, xq }
}

fn person(c: &Cast, name: &str, township: &str, amount_wan: i64) -> GrantDraft {
    GrantDraft {
        party: Party::Person { name: name.into(), unit_id: c.county.unit(township) },
        amount_fen: amount_wan * WAN,
        date: jan(5),
        purpose: "返乡创办农产品加工厂".into(),
        policy: "岳政发〔2023〕5号".into(),
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict(m) | StoreError::Invalid(m)) => m.zh,
        Err(StoreError::Fields(f)) => format!("{}: {}", f[0].field, f[0].message.zh),
        other => panic!("not a refusal: {other:?}"),
    }
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> Vec<serde_json::Value> {
    let q = AuditQuery { action: Some(action.into()), limit: 100, ..Default::default() };
    store
        .audit(&store.test_auditor(admin).await)
        .unwrap()
        .list(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect()
}

store_test!(grants_draw_on_the_years_budget_step_by_step, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let write = store.funds(&c.admin, Permission::FundWrite).unwrap();
    write.set_budget(year(), 500 * WAN, "县财政预算").await.unwrap();
    let fellow = GrantDraft { party: Party::Fellow(c.xq), ..person(&c, "", "新墙镇", 300) };
    let big = write.apply_grant(fellow).await.unwrap();
    let small = write.apply_grant(person(&c, "李返乡", "筻口镇", 150)).await.unwrap();
    let other = write.apply_grant(person(&c, "王返乡", "筻口镇", 100)).await.unwrap();
    let b = write.balance(year(), today()).await.unwrap();
    assert_eq!((b.budget_fen, b.committed_fen, b.pending_fen, b.left_fen()), (500 * WAN, 0, 550 * WAN, 500 * WAN));

    // Steps go in order, on or after the last one's day.
    let skipped = write.record_step(big, GrantStep::Approved, jan(6), "").await;
    assert_eq!(refusal(skipped), "该资金申请当前为“已申请”，不能登记为“已批准”");
    assert!(refusal(write.record_step(big, GrantStep::Reviewed, jan(4), "").await).contains("不能早于上一步"));
    for g in [big, small, other] {
        write.record_step(g, GrantStep::Reviewed, jan(8), "").await.unwrap();
    }
    write.record_step(big, GrantStep::Approved, jan(10), "").await.unwrap();
    write.record_step(small, GrantStep::Approved, jan(10), "").await.unwrap();
    // 500 − 300 − 150 = 50万元 left: 100万元 does not fit.
    let short = write.record_step(other, GrantStep::Approved, jan(11), "").await;
    assert_eq!(refusal(short), format!("{}年专项资金余额不足：剩余 50万元", year()));
    assert_eq!(write.grant(other).await.unwrap().status, GrantStep::Reviewed, "nothing written");
    let no_reason = write.record_step(other, GrantStep::Rejected, jan(11), " ").await;
    assert!(refusal(no_reason).starts_with("reason"));
    write.record_step(other, GrantStep::Rejected, jan(11), "超出年度预算").await.unwrap();
    write.record_step(big, GrantStep::Paid, jan(20), "").await.unwrap();

    // The balance on a day counts what stood approved or paid on that day.
    let on_9th = write.balance(year(), jan(9)).await.unwrap();
    assert_eq!((on_9th.committed_fen, on_9th.left_fen()), (0, 500 * WAN));
    let now = write.balance(year(), today()).await.unwrap();
    assert_eq!((now.committed_fen, now.paid_fen, now.pending_fen, now.left_fen()), (450 * WAN, 300 * WAN, 0, 50 * WAN));
    let budgets = write.budgets(today()).await.unwrap();
    assert_eq!((budgets[0].year, budgets[0].left_fen), (year(), 50 * WAN));
    // A budget below what is approved is refused.
    assert!(refusal(write.set_budget(year(), 400 * WAN, "").await).starts_with("amount"));
    // Another year without a budget approves nothing.
    let last_year =
        GrantDraft { date: NaiveDate::from_ymd_opt(year() - 1, 6, 1).unwrap(), ..person(&c, "赵", "新墙镇", 1) };
    let old = write.apply_grant(last_year).await.unwrap();
    write.record_step(old, GrantStep::Reviewed, jan(1), "").await.unwrap();
    let unfunded = write.record_step(old, GrantStep::Approved, jan(2), "").await;
    assert_eq!(refusal(unfunded), format!("{}年度尚未设定专项资金预算", year() - 1));

    let detail = write.grant(big).await.unwrap();
    assert_eq!(detail.recipient.name, "张一");
    assert_eq!(detail.recipient.unit, "新墙镇");
    let steps: Vec<_> = detail.steps.iter().map(|s| s.step).collect();
    assert_eq!(steps, [GrantStep::Applied, GrantStep::Reviewed, GrantStep::Approved, GrantStep::Paid]);

    // Bad input, each under its field.
    assert!(refusal(write.apply_grant(person(&c, "钱", "新墙镇", 0)).await).starts_with("amount"));
    assert!(refusal(write.apply_grant(person(&c, "", "新墙镇", 1)).await).starts_with("name"));
    let blank = GrantDraft { purpose: "  ".into(), ..person(&c, "孙", "新墙镇", 1) };
    assert!(refusal(write.apply_grant(blank).await).starts_with("purpose"));
    let unknown = GrantDraft { party: Party::Fellow(Uuid::now_v7()), ..person(&c, "", "新墙镇", 1) };
    assert!(refusal(write.apply_grant(unknown).await).starts_with("fellow_id"));
    assert!(refusal(write.set_budget(1990, 1, "").await).starts_with("amount"));

    // Every money move is audited with before and after.
    let steps = audited(store, &c.sys, "fund.grant_step").await;
    let approved = steps.iter().find(|d| d["after"]["step"] == "approved" && d["recipient"] == "李返乡").unwrap();
    assert_eq!(approved["before"]["left_fen"], 200 * WAN);
    assert_eq!(approved["after"]["left_fen"], 50 * WAN);
    let budgets = audited(store, &c.sys, "fund.budget").await;
    assert_eq!(budgets[0]["after"]["budget_fen"], 500 * WAN);
    assert_eq!(audited(store, &c.sys, "fund.grant").await.len(), 4);
    db
});

store_test!(township_staff_see_their_townships_grants_and_write_none, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let write = store.funds(&c.admin, Permission::FundWrite).unwrap();
    write.set_budget(year(), 500 * WAN, "").await.unwrap();
    let xq = write.apply_grant(person(&c, "李", "新墙镇", 10)).await.unwrap();
    let gk = write.apply_grant(person(&c, "王", "筻口镇", 10)).await.unwrap();
    let q = GrantQuery { limit: 50, ..Default::default() };
    let seen = |who: &Actor| {
        let store = store.clone();
        let who = who.clone();
        let q = q.clone();
        async move {
            let read = store.funds(&who, Permission::FundRead).unwrap();
            read.grants(&q).await.unwrap().0.into_iter().map(|g| g.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(seen(&c.xinqiang).await, [xq]);
    assert_eq!(seen(&c.gangkou).await, [gk]);
    assert_eq!(seen(&c.leader).await.len(), 2);
    let read = store.funds(&c.xinqiang, Permission::FundRead).unwrap();
    assert!(matches!(read.grant(gk).await, Err(StoreError::NotFound)));
    assert_eq!(read.balance(year(), today()).await.unwrap().left_fen(), 500 * WAN, "the budget is the county's");
    assert!(store.funds(&c.xinqiang, Permission::FundWrite).is_err(), "township staff hold no fund.write");
    assert!(store.funds(&c.leader, Permission::FundWrite).is_err());
    let by_reader = read.set_budget(year(), 1, "").await;
    assert!(matches!(by_reader, Err(StoreError::Forbidden)), "a read handle cannot write");
    let outsider = c.county.user(store, "pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let theirs = store.funds(&outsider, Permission::FundWrite).unwrap();
    assert!(matches!(theirs.grant(xq).await, Err(StoreError::NotFound)));
    assert!(matches!(theirs.record_step(xq, GrantStep::Reviewed, today(), "").await, Err(StoreError::NotFound)));
    db
});

store_test!(approvals_at_the_same_moment_never_take_the_balance_below_zero, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let write = store.funds(&c.admin, Permission::FundWrite).unwrap();
    write.set_budget(year(), 500 * WAN, "").await.unwrap();
    // 200万元 approved already: 300万元 left for six grants of 100万元.
    let first = write.apply_grant(person(&c, "甲", "新墙镇", 200)).await.unwrap();
    write.record_step(first, GrantStep::Reviewed, jan(6), "").await.unwrap();
    write.record_step(first, GrantStep::Approved, jan(6), "").await.unwrap();
    let mut grants = Vec::new();
    for i in 0..6 {
        let g = write.apply_grant(person(&c, &format!("返乡{i}"), "筻口镇", 100)).await.unwrap();
        write.record_step(g, GrantStep::Reviewed, jan(7), "").await.unwrap();
        grants.push(g);
    }
    let tries: Vec<_> = grants
        .into_iter()
        .map(|g| {
            let (store, admin) = (store.clone(), c.admin.clone());
            tokio::spawn(async move {
                let write = store.funds(&admin, Permission::FundWrite).unwrap();
                write.record_step(g, GrantStep::Approved, jan(8), "").await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tries {
        outcomes.push(match t.await.unwrap() {
            Ok(()) => "approved",
            Err(StoreError::Conflict(m)) if m.zh.contains("余额不足") => "refused",
            Err(other) => panic!("{other:?}"),
        });
    }
    outcomes.sort_unstable();
    assert_eq!(outcomes, ["approved", "approved", "approved", "refused", "refused", "refused"]);
    let b = write.balance(year(), today()).await.unwrap();
    assert_eq!((b.committed_fen, b.left_fen()), (500 * WAN, 0));
    db
});
