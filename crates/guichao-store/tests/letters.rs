//! Greeting letters in the store: templates with their fields, a fellow's
//! mailing details, the mail merge (scoped to who may tick, only fellows
//! not yet ticked), and batches marked printed, which tick the letter column
//! in one transaction, skip fellows already ticked, and can be undone.

use chrono::{Days, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::{CampaignDraft, TickSource, TouchKinds};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, LiaisonLevel};
use guichao_store::audit::AuditQuery;
use guichao_store::campaigns::letters::{AddressDraft, BatchDraft, LetterTemplateDraft, MergeQuery};
use guichao_store::campaigns::{MatrixQuery, Missing};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Backend, Store, StoreError, store_test};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

const BODY: &str = "{称呼}：\n\n{乡镇}的父老乡亲向您拜年！\n\n{落款}\n{日期}";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 20).unwrap()
}

struct Cast {
    county: County,
    admin: Actor,
    xinqiang: Actor,
    village: Actor,
    gangkou: Actor,
    campaign: Uuid,
    template: Uuid,
    /// 张一, 李二 of 新墙村 (male, female), 欧阳三 of 清水村, 赵四 of 筻口镇.
    xq1: Uuid,
    xq2: Uuid,
    qs: Uuid,
    gk: Uuid,
}

async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let form = |name: &str, township: &str, village: &str, gender: &str| {
        let mut f = county.fellow_form(name, township, Some(village));
        f.gender = gender.into();
        f
    };
    let xq1 = county.fellow(store, &admin, form("张一", "新墙镇", "新墙村", "male")).await;
    let xq2 = county.fellow(store, &admin, form("李二", "新墙镇", "新墙村", "female")).await;
    let qs = county.fellow(store, &admin, form("欧阳三", "新墙镇", "清水村", "")).await;
    let gk = county.fellow(store, &admin, form("赵四", "筻口镇", "筻口村", "male")).await;
    let manage = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
    let draft = CampaignDraft {
        name: "春节慰问".into(),
        start: today().checked_sub_days(Days::new(30)).unwrap(),
        end: today(),
        kinds: TouchKinds::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    };
    let campaign = manage.create(draft).await.unwrap();
    manage.launch(campaign).await.unwrap();
    let template = manage
        .save_letter_template(None, LetterTemplateDraft { name: "春节慰问信".into(), body: BODY.into() })
        .await
        .unwrap();
    Cast { county, admin, xinqiang, village, gangkou, campaign, template, xq1, xq2, qs, gk }
}

fn merge(c: &Cast, township: Option<&str>, only_unticked: bool) -> MergeQuery {
    MergeQuery {
        template_id: Some(c.template),
        township_id: township.map(|t| c.county.unit(t)),
        only_unticked,
        sign_off: "岳阳县人民政府".into(),
        date: day(),
        limit: 100,
    }
}

fn batch(c: &Cast, fellows: &[Uuid]) -> BatchDraft {
    BatchDraft {
        template_id: c.template,
        township_id: None,
        only_unticked: true,
        sign_off: "岳阳县人民政府".into(),
        date: day(),
        fellow_ids: fellows.to_vec(),
    }
}

async fn names(store: &Store, who: &Actor, c: &Cast, q: MergeQuery) -> Vec<String> {
    let m = store.campaigns(who, Permission::LiaisonWrite).unwrap().merge_letters(c.campaign, &q).await.unwrap();
    m.letters.into_iter().map(|l| l.name).collect()
}

/// The fellows with the letter column ticked, as the matrix shows them.
async fn letter_ticked(store: &Store, c: &Cast) -> Vec<(String, TickSource)> {
    let q = MatrixQuery { limit: 100, ..Default::default() };
    let page = store.campaigns(&c.admin, Permission::LiaisonRead).unwrap().matrix(c.campaign, &q).await.unwrap();
    page.rows.into_iter().filter_map(|r| r.tick(ContactKind::Letter).map(|t| (r.name.clone(), t.source))).collect()
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

store_test!(templates_refuse_unknown_fields_and_are_the_countys, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let bad = manage
        .save_letter_template(None, LetterTemplateDraft { name: "职务信".into(), body: "{职务}您好".into() })
        .await;
    assert!(
        matches!(&bad, Err(StoreError::Fields(f)) if f[0].field == "body" && f[0].message.zh.contains("{职务}")),
        "{bad:?}"
    );
    let taken =
        manage.save_letter_template(None, LetterTemplateDraft { name: "春节慰问信".into(), body: BODY.into() }).await;
    assert!(matches!(&taken, Err(StoreError::Fields(f)) if f[0].field == "name"), "{taken:?}");
    let township = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let theirs = township.save_letter_template(None, LetterTemplateDraft { name: "乡镇的".into(), body: BODY.into() });
    assert!(matches!(theirs.await, Err(StoreError::Forbidden)), "templates are the county's");
    let seen = township.letter_templates().await.unwrap();
    assert_eq!((seen.len(), seen[0].fields.clone()), (1, vec!["称呼", "乡镇", "落款", "日期"]));
    manage.delete_letter_template(c.template).await.unwrap();
    assert!(matches!(manage.letter_template(c.template).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.admin, "letters.template").await.len(), 1);
    assert_eq!(audited(store, &c.admin, "letters.template_delete").await.len(), 1);
    db
});

store_test!(the_merge_holds_the_fellows_the_reader_may_tick, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    assert_eq!(names(store, &c.admin, &c, merge(&c, None, true)).await, ["李二", "欧阳三", "张一", "赵四"]);
    assert_eq!(names(store, &c.admin, &c, merge(&c, Some("筻口镇"), true)).await, ["赵四"]);
    assert_eq!(names(store, &c.xinqiang, &c, merge(&c, None, true)).await, ["李二", "欧阳三", "张一"]);
    assert!(names(store, &c.gangkou, &c, merge(&c, Some("新墙镇"), true)).await.is_empty());
    let liaison = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let duty = AssignmentDraft { cadre_id: c.village.user_id(), level: LiaisonLevel::Village, cycle_days: 90 };
    liaison.assign(c.xq1, duty).await.unwrap();
    assert_eq!(names(store, &c.village, &c, merge(&c, None, true)).await, ["李二", "张一"], "新墙村's");

    // Each letter: the salutation from the name and gender, or as typed.
    let township = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let typed = AddressDraft {
        salutation: "尊敬的张总".into(),
        address: "深圳市南山区科技园1号".into(),
        postcode: "５１８０００".into(),
    };
    township.set_letter_address(c.xq1, typed).await.unwrap();
    let m = township.merge_letters(c.campaign, &merge(&c, None, true)).await.unwrap();
    let shown: Vec<(&str, &str)> = m.letters.iter().map(|l| (l.name.as_str(), l.salutation.as_str())).collect();
    assert_eq!(shown, [("李二", "尊敬的李女士"), ("欧阳三", "尊敬的欧阳三乡友"), ("张一", "尊敬的张总")]);
    let zhang = &m.letters[2];
    assert_eq!(zhang.paragraphs, ["尊敬的张总：", "新墙镇的父老乡亲向您拜年！", "岳阳县人民政府\n2025年1月20日"]);
    assert_eq!((zhang.address.as_str(), zhang.postcode.as_str()), ("深圳市南山区科技园1号", "518000"));
    assert!(!m.letters[0].has_address());
    assert_eq!(m.total, 3);
    let short = township.merge_letters(c.campaign, &MergeQuery { limit: 1, ..merge(&c, None, true) }).await.unwrap();
    assert_eq!((short.letters.len(), short.total), (1, 3));

    // Mailing details of a fellow the reader may not tick are not there.
    let gk = township.set_letter_address(c.gk, AddressDraft::default()).await;
    assert!(matches!(gk, Err(StoreError::NotFound)), "{gk:?}");
    assert!(matches!(township.letter_address(c.gk).await, Err(StoreError::NotFound)));
    let bad = township.set_letter_address(c.xq2, AddressDraft { postcode: "4141".into(), ..Default::default() }).await;
    assert!(matches!(&bad, Err(StoreError::Fields(f)) if f[0].field == "postcode"), "{bad:?}");
    assert_eq!(audited(store, &c.admin, "letters.address").await.len(), 1);

    // A letter contact record ticks the column: not in "only not yet ticked".
    let contact = ContactDraft {
        kind: ContactKind::Letter,
        date: today(),
        place: String::new(),
        cadre_ids: vec![c.xinqiang.user_id()],
        fellow_ids: vec![c.xq2],
        chamber_id: None,
        notes: "寄出慰问信".into(),
        outcome: String::new(),
        follow_up: None,
    };
    store.contacts(&c.admin, Permission::LiaisonWrite).unwrap().create(contact).await.unwrap();
    assert_eq!(names(store, &c.xinqiang, &c, merge(&c, None, true)).await, ["欧阳三", "张一"]);
    assert_eq!(names(store, &c.xinqiang, &c, merge(&c, None, false)).await.len(), 3);

    // A leader reads campaigns but may not print; another county sees nothing.
    let leader = c.county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    assert!(store.campaigns(&leader, Permission::LiaisonWrite).is_err());
    let other = c.county.user(store, "pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let theirs = store.campaigns(&other, Permission::LiaisonWrite).unwrap();
    assert!(matches!(theirs.merge_letters(c.campaign, &merge(&c, None, true)).await, Err(StoreError::NotFound)));
    db
});

store_test!(a_batch_ticks_its_fellows_skips_the_ticked_and_can_be_undone, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    manage.tick(c.campaign, c.xq2, ContactKind::Letter, today(), "已手写寄出").await.unwrap();
    let township = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();

    // A fellow outside the township in the batch: nothing is written.
    let outside = township.mark_letters_printed(c.campaign, batch(&c, &[c.xq1, c.gk])).await;
    assert!(matches!(outside, Err(StoreError::NotFound)), "{outside:?}");
    assert_eq!(letter_ticked(store, &c).await, [("李二".to_string(), TickSource::Hand)]);

    let done = township.mark_letters_printed(c.campaign, batch(&c, &[c.xq1, c.xq2, c.qs, c.xq1])).await.unwrap();
    assert_eq!((done.ticked, done.skipped), (2, 1));
    let ticked = letter_ticked(store, &c).await;
    assert_eq!(
        ticked,
        [("李二".into(), TickSource::Hand), ("欧阳三".into(), TickSource::Letter), ("张一".into(), TickSource::Letter)]
    );
    let batches = township.letter_batches(c.campaign).await.unwrap();
    assert_eq!((batches.len(), batches[0].fellows, batches[0].skipped), (1, 2, 1));
    assert_eq!((batches[0].template_name.as_str(), batches[0].by.as_str()), ("春节慰问信", "xinqiang"));
    assert!(
        store
            .campaigns(&c.gangkou, Permission::LiaisonWrite)
            .unwrap()
            .letter_batches(c.campaign)
            .await
            .unwrap()
            .is_empty()
    );
    let again = township.mark_letters_printed(c.campaign, batch(&c, &[c.xq1, c.qs])).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "all ticked: {again:?}");
    let printed = audited(store, &c.admin, "letters.print").await;
    assert_eq!((printed.len(), printed[0]["ticked"].as_u64(), printed[0]["skipped"].as_u64()), (1, Some(2), Some(1)));

    // 筻口镇's staff cannot undo 新墙镇's batch; 新墙镇's can, once.
    let gangkou = store.campaigns(&c.gangkou, Permission::LiaisonWrite).unwrap();
    assert!(matches!(gangkou.undo_letter_batch(c.campaign, done.batch_id).await, Err(StoreError::NotFound)));
    assert_eq!(township.undo_letter_batch(c.campaign, done.batch_id).await.unwrap(), 2);
    assert_eq!(letter_ticked(store, &c).await, [("李二".to_string(), TickSource::Hand)]);
    let twice = township.undo_letter_batch(c.campaign, done.batch_id).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    assert!(township.letter_batches(c.campaign).await.unwrap()[0].undone_at.is_some());
    assert_eq!(audited(store, &c.admin, "letters.undo").await[0]["ticks"].as_u64(), Some(2));

    // A closed campaign prints no more.
    manage.close(c.campaign).await.unwrap();
    let closed = township.mark_letters_printed(c.campaign, batch(&c, &[c.xq1])).await;
    assert!(matches!(closed, Err(StoreError::Invalid(_))), "{closed:?}");
    db
});

store_test!(a_batch_is_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    // The database refuses the letter tick of 欧阳三, as a crash would stop it.
    let conn = store.system().connection();
    let refuse = match store.backend() {
        Backend::Sqlite => vec![
            "CREATE TRIGGER boom BEFORE INSERT ON campaign_ticks \
             WHEN NEW.fellow_id = (SELECT id FROM fellows WHERE name = '欧阳三') \
             BEGIN SELECT RAISE(ABORT, 'boom'); END",
        ],
        Backend::Postgres => vec![
            "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN \
             IF NEW.fellow_id = (SELECT id FROM fellows WHERE name = '欧阳三') THEN RAISE EXCEPTION 'boom'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER boom BEFORE INSERT ON campaign_ticks FOR EACH ROW EXECUTE FUNCTION boom()",
        ],
    };
    for sql in refuse {
        conn.execute_unprepared(sql).await.unwrap();
    }
    let township = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let failed = township.mark_letters_printed(c.campaign, batch(&c, &[c.xq1, c.xq2, c.qs])).await;
    assert!(matches!(failed, Err(StoreError::Db(_))), "{failed:?}");
    assert!(letter_ticked(store, &c).await.is_empty(), "no fellow half-ticked");
    assert!(township.letter_batches(c.campaign).await.unwrap().is_empty(), "no batch recorded");
    assert!(audited(store, &c.admin, "letters.print").await.is_empty());
    let missing = MatrixQuery { missing: Some(Missing::Kind(ContactKind::Letter)), limit: 10, ..Default::default() };
    let page = store.campaigns(&c.admin, Permission::LiaisonRead).unwrap().matrix(c.campaign, &missing).await.unwrap();
    assert_eq!(page.total, 4);
    db
});
