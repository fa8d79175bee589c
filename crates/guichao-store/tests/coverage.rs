//! Liaison coverage in the store: counts by township, cadre and level as of a
//! date, in the reader's scope; deleted contacts and ended or not yet started
//! assignments do not count; every figure's drill-down lists as many fellows
//! as the figure says.

use chrono::{Days, NaiveDate};
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, CoverageBy, CoverageCounts, LiaisonLevel, Measure};
use guichao_store::contacts::{ALL_KEY, BulkContact, Coverage, CoverageFellowQuery};
use guichao_store::entities::{fellow, liaison_assignment};
use guichao_store::fellows::{BulkAssignment, BulkFellow};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn ahead(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

fn visit(cadre: &Actor, fellow: Uuid, date: NaiveDate) -> ContactDraft {
    ContactDraft {
        kind: ContactKind::Visit,
        date,
        place: "长沙".into(),
        cadre_ids: vec![cadre.user_id()],
        fellow_ids: vec![fellow],
        chamber_id: None,
        notes: "电话问候".into(),
        outcome: String::new(),
        follow_up: None,
    }
}

/// `[fellows, county, township, village, contacted, overdue]`.
fn figures(c: &CoverageCounts) -> [u64; 6] {
    [c.fellows, c.assigned_county, c.assigned_township, c.assigned_village, c.contacted_90d, c.overdue]
}

fn row(t: &Coverage, label: &str) -> [u64; 6] {
    figures(&t.rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("no row {label}: {t:?}")).counts)
}

async fn table(store: &Store, who: &Actor, as_of: NaiveDate, by: CoverageBy) -> Coverage {
    store.contacts(who, Permission::LiaisonRead).unwrap().coverage(as_of, by, Lang::Zh).await.unwrap()
}

/// Every figure of every row (and of the total) lists as many fellows as it counts.
async fn drill_downs_agree(store: &Store, who: &Actor, t: &Coverage) {
    let reads = store.contacts(who, Permission::LiaisonRead).unwrap();
    let keyed = t.rows.iter().map(|r| (r.key.clone(), r.counts));
    let keyed = keyed.chain([(ALL_KEY.to_string(), t.total)]);
    for (key, counts) in keyed {
        for measure in Measure::ALL {
            let q = CoverageFellowQuery { by: t.by, key: key.clone(), measure, as_of: t.as_of, offset: 0, limit: 200 };
            let (rows, total) = reads.coverage_fellows(&q).await.unwrap();
            assert_eq!((total, rows.len() as u64), (counts.get(measure), counts.get(measure)), "{key} {measure:?}");
        }
    }
}

struct Cast {
    county: County,
    admin: Actor,
    xinqiang: Actor,
    village: Actor,
    gangkou: Actor,
    leader: Actor,
    /// 新墙镇新墙村, 新墙镇 without a village, 筻口镇筻口村.
    xq: Uuid,
    xq2: Uuid,
    gk: Uuid,
    county_assignment: Uuid,
}

/// Assignments made today: xq by the village cadre (village, 30 days) and
/// by xinqiang (township, 90 days); xq2 by the admin (county, 60 days); gk
/// by gangkou (township, 30 days). Contacts: the village cadre saw xq five
/// days ago; the admin saw gk 100 days ago.
async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xq = county.fellow(store, &admin, county.fellow_form("新墙乡友", "新墙镇", Some("新墙村"))).await;
    let xq2 = county.fellow(store, &admin, county.fellow_form("新墙乡友二", "新墙镇", None)).await;
    let gk = county.fellow(store, &admin, county.fellow_form("筻口乡友", "筻口镇", Some("筻口村"))).await;
    let assign = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let draft = |cadre: &Actor, level, cycle_days| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days };
    assign.assign(xq, draft(&village, LiaisonLevel::Village, 30)).await.unwrap();
    assign.assign(xq, draft(&xinqiang, LiaisonLevel::Township, 90)).await.unwrap();
    let county_assignment = assign.assign(xq2, draft(&admin, LiaisonLevel::County, 60)).await.unwrap();
    assign.assign(gk, draft(&gangkou, LiaisonLevel::Township, 30)).await.unwrap();
    let writes = |who| store.contacts(who, Permission::LiaisonWrite).unwrap();
    writes(&village).create(visit(&village, xq, ago(5))).await.unwrap();
    writes(&admin).create(visit(&admin, gk, ago(100))).await.unwrap();
    Cast { county, admin, xinqiang, village, gangkou, leader, xq, xq2, gk, county_assignment }
}

store_test!(coverage_by_township_cadre_and_level_as_of_a_date, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    // Day 31: the village cadre's 30-day cycle (last contact 5 days ago) and
    // gangkou's (never contacted by them) have passed.
    let as_of = ahead(31);
    let t = table(store, &c.admin, as_of, CoverageBy::Township).await;
    assert_eq!(t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["新墙镇", "筻口镇"]);
    assert_eq!(row(&t, "新墙镇"), [2, 1, 1, 1, 1, 1]);
    assert_eq!(row(&t, "筻口镇"), [1, 0, 1, 0, 0, 1]);
    assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 2]);
    assert_eq!(t.rows.iter().fold(CoverageCounts::default(), |s, r| s.plus(r.counts)), t.total, "rows add up");
    assert_eq!(t.total.share(Measure::Overdue).to_string(), "66.7%");
    drill_downs_agree(store, &c.admin, &t).await;

    let t = table(store, &c.admin, as_of, CoverageBy::Cadre).await;
    assert_eq!(row(&t, "admin"), [1, 1, 0, 0, 0, 0]);
    assert_eq!(row(&t, "gangkou"), [1, 0, 1, 0, 0, 1]);
    assert_eq!(row(&t, "village"), [1, 0, 1, 1, 1, 1], "their own assignment is overdue");
    assert_eq!(row(&t, "xinqiang"), [1, 0, 1, 1, 1, 0], "the same fellow, a 90-day cycle: not overdue");
    assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 2]);
    drill_downs_agree(store, &c.admin, &t).await;

    let t = table(store, &c.admin, as_of, CoverageBy::Level).await;
    assert_eq!(t.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["county", "township", "village"]);
    assert_eq!(row(&t, "县级"), [1, 1, 0, 0, 0, 0]);
    assert_eq!(row(&t, "乡镇级"), [2, 0, 2, 1, 1, 1], "only gangkou's township assignment is overdue");
    assert_eq!(row(&t, "村级"), [1, 0, 1, 1, 1, 1]);
    drill_downs_agree(store, &c.admin, &t).await;

    // The figures follow the date: on day 0 nothing is overdue yet; 20 days
    // ago the assignments had not started and gk's old visit was recent.
    let t = table(store, &c.admin, today(), CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 0]);
    let t = table(store, &c.admin, ago(20), CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 0, 0, 0, 1, 0]);
    assert_eq!(row(&t, "筻口镇"), [1, 0, 0, 0, 1, 0]);
    let t = table(store, &c.admin, ago(20), CoverageBy::Cadre).await;
    assert!(t.rows.is_empty(), "no live assignment yet: {t:?}");

    // A leader reads all of it.
    let t = table(store, &c.leader, as_of, CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 2]);
    db
});

// A county's table is counted in parts on SQLite (one a township, one for
// each gap between the county's townships, and the fellows of none) and whole
// on PostgreSQL: a fellow of no township, and one whose township key is not a
// township's (a village's), each count once.
store_test!(a_county_counted_in_parts_counts_every_fellow_once, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let conn = store.system().connection();
    let set_township = |fellow: Uuid, township: Option<Uuid>| {
        fellow::Entity::update_many()
            .col_expr(fellow::Column::TownshipId, Expr::value(township))
            .filter(fellow::Column::TenantId.eq(c.county.tenant_id))
            .filter(fellow::Column::Id.eq(fellow))
            .exec(conn)
    };
    set_township(c.gk, None).await.unwrap();
    set_township(c.xq2, Some(c.county.unit("筻口村"))).await.unwrap();
    let as_of = ahead(31);
    let t = table(store, &c.admin, as_of, CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 2]);
    assert_eq!(t.rows.len(), 3, "新墙镇, 筻口村 and no township: {t:?}");
    assert_eq!(row(&t, "未登记乡镇"), [1, 0, 1, 0, 0, 1]);
    drill_downs_agree(store, &c.admin, &t).await;
    for by in [CoverageBy::Cadre, CoverageBy::Level] {
        let t = table(store, &c.admin, as_of, by).await;
        assert_eq!(figures(&t.total), [3, 1, 2, 1, 1, 2], "{by:?}");
        drill_downs_agree(store, &c.admin, &t).await;
    }
    db
});

store_test!(coverage_is_counted_in_the_readers_scope, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let as_of = ahead(31);
    let t = table(store, &c.xinqiang, as_of, CoverageBy::Township).await;
    assert_eq!(t.rows.len(), 1);
    assert_eq!(row(&t, "新墙镇"), [2, 1, 1, 1, 1, 1]);
    assert_eq!(figures(&t.total), [2, 1, 1, 1, 1, 1]);
    drill_downs_agree(store, &c.xinqiang, &t).await;
    let t = table(store, &c.gangkou, as_of, CoverageBy::Cadre).await;
    assert_eq!(t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["gangkou"]);
    drill_downs_agree(store, &c.gangkou, &t).await;

    // Another township's row, cadre or fellows are not found.
    let reads = store.contacts(&c.gangkou, Permission::LiaisonRead).unwrap();
    let q = |by, key: String| CoverageFellowQuery { by, key, measure: Measure::Fellows, as_of, offset: 0, limit: 50 };
    let (rows, n) = reads.coverage_fellows(&q(CoverageBy::Cadre, c.village.user_id().to_string())).await.unwrap();
    assert_eq!((rows.len(), n), (0, 0));
    let (rows, n) = reads.coverage_fellows(&q(CoverageBy::Township, ALL_KEY.into())).await.unwrap();
    assert_eq!((n, rows[0].fellow_id, rows[0].township.as_str()), (1, c.gk, "筻口镇"));
    assert!(matches!(
        reads.coverage_fellows(&q(CoverageBy::Level, "province".into())).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(reads.coverage_fellows(&q(CoverageBy::Cadre, "nobody".into())).await, Err(StoreError::NotFound)));

    // A fellow of another township assigned to the reader is theirs too
    // (written by the system: the rules of `assign` keep a township's
    // cadres to its fellows, but an older roster may not have).
    let outside = liaison_assignment::Model {
        tenant_id: c.county.tenant_id,
        id: Uuid::now_v7(),
        fellow_id: c.gk,
        cadre_id: c.xinqiang.user_id(),
        level: LiaisonLevel::County.code().into(),
        cycle_days: 60,
        started_at: chrono::Utc::now(),
        ended_at: None,
    };
    liaison_assignment::Entity::insert(liaison_assignment::ActiveModel::from(outside))
        .exec(store.system().connection())
        .await
        .unwrap();
    let t = table(store, &c.xinqiang, as_of, CoverageBy::Township).await;
    assert_eq!(t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["新墙镇", "筻口镇"]);
    assert_eq!(row(&t, "筻口镇"), [1, 1, 1, 0, 0, 1]);
    assert_eq!(figures(&t.total), [3, 2, 2, 1, 1, 2]);
    drill_downs_agree(store, &c.xinqiang, &t).await;
    let t = table(store, &c.xinqiang, today(), CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 2, 2, 1, 1, 0]);
    let t = table(store, &c.xinqiang, ago(1), CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 0, 0, 0, 1, 0], "counted from the records: nothing was assigned yet");

    // A village cadre's roll-up is their village; a reader who sees only
    // the fellows assigned to them has none.
    let t = table(store, &c.village, as_of, CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [1, 0, 1, 1, 1, 1]);
    let chamber = c.county.user(store, "chamber", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let assigned = store.contacts(&chamber, Permission::LiaisonRead).unwrap();
    assert!(matches!(assigned.coverage(as_of, CoverageBy::Township, Lang::Zh).await, Err(StoreError::Forbidden)));
    assert!(matches!(
        assigned.coverage_fellows(&q(CoverageBy::Township, ALL_KEY.into())).await,
        Err(StoreError::Forbidden)
    ));
    db
});

store_test!(deleted_contacts_and_ended_assignments_do_not_count, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let writes = store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let id = writes.create(visit(&c.xinqiang, c.xq2, ago(2))).await.unwrap();
    let contacted = |t: &Coverage| t.total.contacted_90d;
    assert_eq!(contacted(&table(store, &c.admin, today(), CoverageBy::Township).await), 2);
    writes.delete(id).await.unwrap();
    let t = table(store, &c.admin, today(), CoverageBy::Township).await;
    assert_eq!(contacted(&t), 1, "the deleted visit does not count");
    drill_downs_agree(store, &c.admin, &t).await;

    store.liaison(&c.admin, Permission::LiaisonWrite).unwrap().end(c.county_assignment).await.unwrap();
    let t = table(store, &c.admin, today(), CoverageBy::Township).await;
    assert_eq!(figures(&t.total), [3, 0, 2, 1, 1, 0], "the ended county assignment is gone");
    let t = table(store, &c.admin, today(), CoverageBy::Level).await;
    assert!(t.rows.iter().all(|r| r.key != "county"), "{t:?}");
    let t = table(store, &c.admin, today(), CoverageBy::Cadre).await;
    assert!(t.rows.iter().all(|r| r.label != "admin"), "{t:?}");
    drill_downs_agree(store, &c.admin, &t).await;
    let _ = (&c.village, c.xq, c.gk);
    db
});

/// The coverage read from the facts the triggers keep equals the coverage
/// counted from the records, by every grouping, today and on later days.
async fn facts_agree(store: &Store, who: &Actor, step: &str) {
    let reads = store.contacts(who, Permission::LiaisonRead).unwrap();
    for as_of in [today(), ahead(31), ahead(95)] {
        for by in [CoverageBy::Township, CoverageBy::Cadre, CoverageBy::Level] {
            let facts = reads.coverage(as_of, by, Lang::Zh).await.unwrap();
            let records = reads.coverage_from_records(as_of, by, Lang::Zh).await.unwrap();
            let keyed = |t: &Coverage| t.rows.iter().map(|r| (r.key.clone(), figures(&r.counts))).collect::<Vec<_>>();
            assert_eq!(keyed(&facts), keyed(&records), "{step}: {by:?} as of {as_of}");
            assert_eq!(figures(&facts.total), figures(&records.total), "{step}: total {by:?} as of {as_of}");
        }
    }
}

store_test!(the_facts_follow_every_write, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    facts_agree(store, &c.admin, "cast").await;
    let writes = store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let id = writes.create(visit(&c.xinqiang, c.xq, ago(40))).await.unwrap();
    facts_agree(store, &c.admin, "created").await;
    let later = ContactDraft { fellow_ids: vec![c.xq, c.xq2], ..visit(&c.xinqiang, c.xq, ago(3)) };
    writes.update(id, later).await.unwrap();
    facts_agree(store, &c.admin, "moved to a later day and a second fellow").await;
    writes.delete(id).await.unwrap();
    facts_agree(store, &c.admin, "deleted").await;

    let assign = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let draft = |cadre: &Actor, level, cycle_days| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days };
    assign.assign_bulk(&[c.xq, c.gk], draft(&c.admin, LiaisonLevel::County, 20)).await.unwrap();
    facts_agree(store, &c.admin, "assigned in bulk").await;
    assign.assign(c.gk, draft(&c.gangkou, LiaisonLevel::Township, 120)).await.unwrap();
    facts_agree(store, &c.admin, "a new cycle").await;
    assign.end(c.county_assignment).await.unwrap();
    facts_agree(store, &c.admin, "ended").await;

    let rows: Vec<BulkContact> = [(c.gk, 10), (c.xq2, 200), (c.xq, 60)]
        .into_iter()
        .map(|(fellow, days)| BulkContact { draft: visit(&c.admin, fellow, ago(days)), author_id: c.admin.user_id() })
        .collect();
    store.system().insert_contacts(c.county.tenant_id, &rows).await.unwrap();
    facts_agree(store, &c.admin, "bulk contacts").await;
    // The bulk writer sets its trigger aside (SQLite) and puts it back.
    writes.create(visit(&c.xinqiang, c.xq, ago(1))).await.unwrap();
    facts_agree(store, &c.admin, "a record after a bulk write").await;

    // Fellows loaded in bulk with their assignments, then contacted.
    let mut loaded = Vec::new();
    for (name, cadre, level, cycle) in
        [("批量甲", &c.village, LiaisonLevel::Village, 30), ("批量乙", &c.xinqiang, LiaisonLevel::Township, 90)]
    {
        let form = c.county.fellow_form(name, "新墙镇", Some("新墙村"));
        let mut row = BulkFellow::new(form.parse(today()).unwrap());
        for days in [400, 10] {
            let started_at = chrono::Utc::now() - chrono::Duration::days(days);
            row.assignments.push(BulkAssignment { cadre_id: cadre.user_id(), level, cycle_days: cycle, started_at });
        }
        loaded.push(row);
    }
    let ids: Vec<Uuid> = loaded.iter().map(|r| r.id).collect();
    store.system().bulk_insert_fellows(c.county.tenant_id, loaded, &|_| {}).await.unwrap();
    facts_agree(store, &c.admin, "fellows loaded in bulk").await;
    writes.create(visit(&c.xinqiang, ids[1], ago(2))).await.unwrap();
    facts_agree(store, &c.admin, "a record after a bulk load").await;

    let fellows = store.fellows(&c.admin, Permission::FellowWrite).unwrap();
    fellows.merge(c.xq, c.xq2).await.unwrap();
    facts_agree(store, &c.admin, "merged").await;
    fellows.archive(c.gk).await.unwrap();
    facts_agree(store, &c.admin, "archived").await;
    facts_agree(store, &c.xinqiang, "a township reader").await;
    let _ = (&c.village, &c.leader);
    db
});
