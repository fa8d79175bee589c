//! `guichao import loans` as the county's employment office runs it on a
//! bank's ledger: a dry run that reports every bad row with its column and
//! writes nothing; the error file; the import of the accepted loans as one
//! audited transaction; the same ledger again, whose contracts are skipped.

use guichao_domain::access::Permission;
use guichao_store::{Actor, Store};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("--database-url").arg(url).args(args).output().expect("run guichao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

async fn admin(store: &Store) -> Actor {
    let tenant = store.tenant_by_code("430621").await.unwrap().unwrap();
    let id = store
        .system()
        .first_holder(tenant.id, guichao_domain::access::BuiltinRole::CountyAdmin)
        .await
        .unwrap()
        .unwrap();
    store.system().actor(tenant.id, id).await.unwrap()
}

const LEDGER: &str = "岳阳县创业担保贷款发放台账\n\
序号,借款人,身份证号,联系电话,所属乡镇,贷款银行,合同编号,贷款金额（万元）,年利率,贴息利率,期限,放款日期,还款方式\n\
1,张创业,,13800138000,新墙镇,岳阳县农村商业银行,DB2023001,20,3.45%,3.45%,24个月,2023-05-08,到期还本\n\
2,李创业,,,筻口,岳阳县农村商业银行,DB2023002,30,3.45,3.45,36,2023年6月1日,等额本金\n\
3,王创业,123,,平江镇,岳阳县农村商业银行,DB2023003,十万,3.45,,24,2023-06-02,\n";

#[tokio::test]
async fn a_loan_ledger_is_checked_then_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("g.db").display());
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "name,level,parent\n新墙镇,township,\n筻口镇,township,\n").unwrap();
    let init = ["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()];
    assert_eq!(guichao(&url, &init).0, 0);
    // The system admin holds no registry data (三员分立): the commands act as
    // the first county admin.
    assert_eq!(guichao(&url, &["user", "add", "importer", "--role", "county_admin"]).0, 0);
    let file = dir.path().join("loans.csv");
    std::fs::write(&file, LEDGER).unwrap();
    let file = file.to_str().unwrap();
    let errors = dir.path().join("errors.xlsx");

    let dry = ["import", "loans", file, "--dry-run", "--json", "--errors", errors.to_str().unwrap()];
    let (code, out, err) = guichao(&url, &dry);
    assert_eq!(code, 2, "a row was rejected: {out} {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["accepted"].as_u64(), report["rejected"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(report["accepted_amount_fen"], 50_000_000);
    let columns: Vec<&str> =
        report["errors"].as_array().unwrap().iter().map(|e| e["column"].as_str().unwrap()).collect();
    assert_eq!(columns, ["所属乡镇", "身份证号", "贷款金额（万元）"]);
    assert!(std::fs::metadata(&errors).unwrap().len() > 0, "the error file is written");
    let store = Store::connect(&url).await.unwrap();
    let admin = admin(&store).await;
    let funds = store.funds(&admin, Permission::FundRead).unwrap();
    assert_eq!(
        funds.loan_totals(guichao_domain::date::today()).await.unwrap().all.count,
        0,
        "a dry run writes nothing"
    );

    let (code, out, err) = guichao(&url, &["import", "loans", file, "--json"]);
    assert_eq!(code, 2, "{out} {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["written"], 2);
    let t = funds.loan_totals(guichao_domain::date::today()).await.unwrap();
    assert_eq!((t.all.count, t.all.amount_fen), (2, 50_000_000));
    let towns: Vec<&str> = t.by_township.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(towns, ["新墙镇", "筻口镇"]);

    // The same ledger again: its contracts are known, nothing is written twice.
    let (_, out, _) = guichao(&url, &["import", "loans", file, "--json"]);
    let again: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((again["accepted"].as_u64(), again["existing"].as_array().unwrap().len()), (Some(0), 2));
    assert_eq!(funds.loan_totals(guichao_domain::date::today()).await.unwrap().all.count, 2);
    let (code, out, _) = guichao(&url, &["import", "loans", file]);
    assert_eq!(code, 2);
    assert!(out.contains("已登记跳过 2"), "{out}");
}
