//! Guarantee loans and the education fund in the store: a loan's standing
//! from its schedule and repayments, the totals by year, bank and township,
//! the borrower's phone sealed and shown masked, repayments refused past
//! what is owed; the education fund's size on a day from paid donations
//! less disbursements, disbursements refused past it (also when several
//! come at once); who sees what; and the summary figures.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::funds::education::DisbursementKind;
use guichao_domain::funds::loans::{RepaymentPlan, Standing};
use guichao_store::funds::Party;
use guichao_store::funds::education::{DisbursementDraft, DonationDraft};
use guichao_store::funds::loans::{LoanDraft, LoanQuery};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

const WAN: i64 = 1_000_000;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn loan(county: &County, name: &str, township: &str, bank: &str, wan: i64, on: NaiveDate) -> LoanDraft {
    LoanDraft {
        party: Party::Person { name: name.into(), unit_id: county.unit(township) },
        phone: "138 0013 8000".into(),
        id_number: String::new(),
        bank: bank.into(),
        contract_no: format!("DB{name}"),
        amount_fen: wan * WAN,
        rate_bp: 345,
        subsidy_bp: 345,
        term_months: 12,
        disbursed: on,
        plan: RepaymentPlan::EqualPrincipal,
        guarantor: "岳阳县创业担保基金".into(),
        note: String::new(),
    }
}

fn query(as_of: NaiveDate) -> LoanQuery {
    LoanQuery { as_of, year: None, bank: None, status: None, by_amount: false, descending: false, offset: 0, limit: 50 }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict(m) | StoreError::Invalid(m)) => m.zh,
        Err(StoreError::Fields(f)) => format!("{}: {}", f[0].field, f[0].message.zh),
        other => panic!("not a refusal: {other:?}"),
    }
}

async fn people(store: &Store) -> (County, Actor, Actor, Actor) {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    (county, admin, xinqiang, gangkou)
}

store_test!(loans_stand_by_their_schedule_and_add_up_by_year_bank_and_township, |db: TestDb| async move {
    let store = &db.store;
    let (county, admin, xinqiang, gangkou) = people(store).await;
    let write = store.funds(&admin, Permission::FundWrite).unwrap();
    let a = write.add_loan(loan(&county, "张创业", "新墙镇", "岳阳县农商银行", 12, d(2022, 3, 31))).await.unwrap();
    write.add_loan(loan(&county, "李创业", "新墙镇", "邮储银行岳阳县支行", 20, d(2023, 5, 10))).await.unwrap();
    write.add_loan(loan(&county, "王创业", "筻口镇", "岳阳县农商银行", 30, d(2023, 8, 1))).await.unwrap();

    // 12万元 over 12 months: 1万元 due each month from 2022-04-30.
    write.repay(a, d(2022, 4, 30), WAN, 34_500, "").await.unwrap();
    let detail = write.loan(a, d(2022, 6, 10)).await.unwrap();
    assert_eq!(detail.schedule.len(), 12);
    assert_eq!(detail.row.phone.as_deref(), Some("138****8000"), "shown masked");
    assert_eq!(detail.row.standing, Standing::Overdue { days: 10, overdue_fen: WAN, owed_fen: 11 * WAN });
    assert_eq!(write.loan(a, d(2022, 5, 30)).await.unwrap().row.standing, Standing::Current { owed_fen: 11 * WAN });
    let too_much = write.repay(a, d(2022, 6, 1), 12 * WAN, 0, "").await;
    assert_eq!(refusal(too_much), "principal: 还款本金超过尚欠本金（11万元）");
    assert!(refusal(write.repay(a, d(2022, 1, 1), WAN, 0, "").await).starts_with("date"));
    write.repay(a, d(2022, 7, 1), 11 * WAN, 0, "提前结清").await.unwrap();
    assert_eq!(write.loan(a, today()).await.unwrap().row.standing, Standing::Repaid { on: d(2022, 7, 1) });

    let t = write.loan_totals(d(2023, 12, 31)).await.unwrap();
    assert_eq!((t.all.count, t.all.amount_fen), (3, 62 * WAN));
    let years: Vec<(i32, i64)> = t.by_year.iter().map(|(y, t)| (*y, t.amount_fen)).collect();
    assert_eq!(years, [(2022, 12 * WAN), (2023, 50 * WAN)]);
    let banks: Vec<(&str, i64)> = t.by_bank.iter().map(|(b, t)| (b.as_str(), t.count)).collect();
    assert_eq!(banks, [("岳阳县农商银行", 2), ("邮储银行岳阳县支行", 1)]);
    let towns: Vec<(&str, i64)> = t.by_township.iter().map(|(b, t)| (b.as_str(), t.amount_fen)).collect();
    assert_eq!(towns, [("新墙镇", 32 * WAN), ("筻口镇", 30 * WAN)]);
    assert_eq!(write.loan_totals(d(2022, 12, 31)).await.unwrap().all.count, 1, "counted as of the day");

    let overdue = LoanQuery { status: Some("overdue".into()), ..query(d(2024, 1, 1)) };
    let (rows, total) = write.loans(&overdue).await.unwrap();
    assert_eq!(total, 2);
    assert!(rows.iter().all(|r| r.standing.code() == "overdue"));
    let by_amount = LoanQuery { by_amount: true, descending: true, ..query(today()) };
    let (rows, _) = write.loans(&by_amount).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.borrower.name.as_str()).collect::<Vec<_>>(), ["王创业", "李创业", "张创业"]);

    // Township staff see their township's loans only; nobody but the county writes.
    let mine = store.funds(&xinqiang, Permission::FundRead).unwrap();
    assert_eq!(mine.loans(&query(today())).await.unwrap().1, 2);
    assert_eq!(mine.loan_totals(today()).await.unwrap().all.amount_fen, 32 * WAN);
    let theirs = store.funds(&gangkou, Permission::FundRead).unwrap();
    assert!(matches!(theirs.loan(a, today()).await, Err(StoreError::NotFound)));
    assert!(store.funds(&gangkou, Permission::FundWrite).is_err());

    // Bad terms, each under its field; nothing written.
    let bad = LoanDraft {
        rate_bp: 5_000,
        phone: "12345".into(),
        ..loan(&county, "赵", "新墙镇", "农商行", 5, d(2023, 1, 1))
    };
    let refused = write.add_loan(bad).await;
    assert!(
        matches!(&refused, Err(StoreError::Fields(f)) if f.iter().map(|e| e.field).collect::<Vec<_>>() == ["rate_bp", "phone"]),
        "{refused:?}"
    );
    let blank_bank = LoanDraft { bank: " ".into(), ..loan(&county, "赵", "新墙镇", "", 5, d(2023, 1, 1)) };
    assert!(refusal(write.add_loan(blank_bank).await).starts_with("bank"));
    assert_eq!(write.loan_totals(today()).await.unwrap().all.count, 3);
    db
});

store_test!(the_education_fund_grows_by_paid_donations_and_never_pays_out_more, |db: TestDb| async move {
    let store = &db.store;
    let (county, admin, xinqiang, gangkou) = people(store).await;
    let write = store.funds(&admin, Permission::FundWrite).unwrap();
    let fund = write.open_branch(county.unit("岳阳县"), "岳阳县教育基金会").await.unwrap();
    let branch = write.open_branch(county.unit("新墙镇"), "新墙镇教育基金分会").await.unwrap();
    assert_eq!(write.open_branch(county.unit("新墙镇"), "again").await.unwrap(), branch, "one per unit");
    let fellow = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", None)).await;
    let donate = |branch_id, wan, pledged, paid| DonationDraft {
        branch_id,
        donor: Party::Fellow(fellow),
        amount_fen: wan * WAN,
        pledged,
        paid,
        purpose: "奖教助学".into(),
    };
    write.add_donation(donate(fund, 100, d(2021, 1, 5), Some(d(2021, 2, 1)))).await.unwrap();
    let pledged = write.add_donation(donate(branch, 50, d(2021, 6, 1), None)).await.unwrap();
    write.add_donation(donate(branch, 20, d(2021, 7, 1), Some(d(2021, 7, 2)))).await.unwrap();
    let award = |branch_id, wan, date| DisbursementDraft {
        branch_id,
        kind: DisbursementKind::Scholarship,
        recipient: "2021届优秀学生".into(),
        amount_fen: wan * WAN,
        date,
        note: String::new(),
    };
    write.disburse(award(fund, 10, d(2021, 9, 1))).await.unwrap();
    // The branch has 20万元 paid in: 30万元 is refused, pledges do not count.
    assert_eq!(refusal(write.disburse(award(branch, 30, d(2021, 9, 1))).await), "教育基金余额不足：现有 20万元");
    let end_2021 = write.education_size(d(2021, 12, 31)).await.unwrap();
    assert_eq!((end_2021.paid_in_fen, end_2021.pledged_fen, end_2021.size_fen()), (120 * WAN, 50 * WAN, 110 * WAN));
    write.donation_paid(pledged, d(2022, 3, 1)).await.unwrap();
    assert!(refusal(write.donation_paid(pledged, d(2022, 3, 2)).await).contains("已登记到账"));
    write.disburse(award(branch, 30, d(2022, 9, 1))).await.unwrap();
    let years = write.education_by_year(d(2021, 1, 1), d(2022, 12, 31)).await.unwrap();
    let sizes: Vec<(i32, i64)> = years.iter().map(|(y, s)| (*y, s.size_fen())).collect();
    assert_eq!(sizes, [(2021, 110 * WAN), (2022, 130 * WAN)]);

    // Township staff see their branch; 筻口镇 has none.
    let mine = store.funds(&xinqiang, Permission::FundRead).unwrap();
    let branches = mine.branches(today()).await.unwrap();
    assert_eq!(
        branches.iter().map(|b| (b.name.as_str(), b.size_fen)).collect::<Vec<_>>(),
        [("新墙镇教育基金分会", 40 * WAN)]
    );
    assert_eq!(mine.donations(0, 50).await.unwrap().1, 2);
    assert_eq!(mine.disbursements(0, 50).await.unwrap().1, 1);
    let theirs = store.funds(&gangkou, Permission::FundRead).unwrap();
    assert_eq!(theirs.education_size(today()).await.unwrap().size_fen(), 0);
    assert!(matches!(theirs.donation(pledged).await, Err(StoreError::NotFound)));
    assert_eq!(mine.donation(pledged).await.unwrap().donor.name, "张一");

    // Many disbursements at once take exactly what the branch holds.
    let tries: Vec<_> = (0..5)
        .map(|_| {
            let (store, admin) = (store.clone(), admin.clone());
            tokio::spawn(async move {
                let write = store.funds(&admin, Permission::FundWrite).unwrap();
                write.disburse(award(branch, 15, today())).await
            })
        })
        .collect();
    let mut paid = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(_) => paid += 1,
            Err(StoreError::Conflict(m)) if m.zh.contains("余额不足") => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(paid, 2, "40万元 holds two of 15万元");
    let now = write.branches(today()).await.unwrap();
    assert_eq!(now.iter().find(|b| b.id == branch).unwrap().size_fen, 10 * WAN);

    // The summary adds it up for the reader.
    let s = write.summary(today()).await.unwrap();
    assert_eq!((s.education_fund_fen, s.loans_count, s.households), (100 * WAN, 0, 0));
    let bad = DonationDraft { paid: Some(d(2020, 1, 1)), ..donate(fund, 1, d(2021, 1, 1), None) };
    assert!(refusal(write.add_donation(bad).await).starts_with("paid_on"));
    assert!(refusal(write.disburse(award(Uuid::now_v7(), 1, today())).await).starts_with("branch_id"));
    db
});
