//! `guichao import households` and `guichao import entities` as the county
//! runs them: a dry run that reports every bad row with its column and
//! writes nothing, then the import of the accepted rows as one audited
//! transaction; the bureau's sheet with its 合计 row and the year in the
//! title, a wrong 合计 refused, and the same sheet again replacing counts.

use guichao_domain::access::Permission;
use guichao_domain::funds::market::{EntityKind, year_table};
use guichao_store::Store;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("--database-url").arg(url).args(args).output().expect("run guichao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

const ROLL: &str = "新墙镇2023年211户名册\n\
序号,户主姓名,乡镇,村,种粮面积（亩）,年收入（万元）,认定年度\n\
1,张种粮,新墙镇,新墙村,100,12,2023\n\
2,李种粮,筻口,,98.5,11.5,2022年\n\
3,王种粮,平江镇,,100,12,2023\n\
4,赵种粮,新墙镇,清水村,100,8,2023\n";

const SHEET: &str = "2022年全县新登记市场主体统计表\n\
乡镇,新登记个体工商户（户）,新登记企业（户）,新登记农民专业合作社（户）,合计\n\
新墙镇,300,40,5,345\n\
筻口镇,200,30,4,234\n\
平江镇,1,1,1,3\n\
合计,501,71,10,582\n";

#[tokio::test]
async fn a_roll_and_a_bureau_sheet_are_checked_then_imported() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("g.db").display());
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "name,level,parent\n新墙镇,township,\n筻口镇,township,\n新墙村,village,新墙镇\n清水村,village,新墙镇\n",
    )
    .unwrap();
    let init = ["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()];
    assert_eq!(guichao(&url, &init).0, 0);
    // The system admin holds no registry data (三员分立): the commands act as
    // the first county admin.
    assert_eq!(guichao(&url, &["user", "add", "importer", "--role", "county_admin"]).0, 0);
    let roll = dir.path().join("roll.csv");
    std::fs::write(&roll, ROLL).unwrap();
    let roll = roll.to_str().unwrap();

    let (code, out, err) = guichao(&url, &["import", "households", roll, "--dry-run", "--json"]);
    assert_eq!(code, 2, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["accepted"].as_u64(), report["rejected"].as_u64()),
        (Some(4), Some(2), Some(2))
    );
    let columns: Vec<&str> =
        report["errors"].as_array().unwrap().iter().map(|e| e["column"].as_str().unwrap()).collect();
    assert_eq!(columns, ["乡镇", "年收入（万元）"]);
    assert!(report.get("written").is_none());

    let errors = dir.path().join("errors.xlsx");
    let (code, out, _) = guichao(&url, &["import", "households", roll, "--errors", errors.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("已写入 2 户"), "{out}");
    assert!(errors.exists());

    let sheet = dir.path().join("entities.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    let sheet = sheet.to_str().unwrap();
    let (code, out, _) = guichao(&url, &["import", "entities", sheet, "--json"]);
    assert_eq!(code, 2);
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["accepted"].as_u64(), report["written"].as_u64()),
        (Some(3), Some(6), Some(6))
    );
    assert_eq!(report["errors"][0]["column"], "乡镇");

    let store = Store::connect(&url).await.unwrap();
    let tenant = store.tenant_by_code("430621").await.unwrap().unwrap();
    let id = store
        .system()
        .first_holder(tenant.id, guichao_domain::access::BuiltinRole::CountyAdmin)
        .await
        .unwrap()
        .unwrap();
    let admin = store.system().actor(tenant.id, id).await.unwrap();
    let funds = store.funds(&admin, Permission::FundRead).unwrap();
    assert_eq!(funds.summary(chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()).await.unwrap().households, 2);
    let t = year_table(&funds.entity_records().await.unwrap(), 2022);
    assert_eq!((t.totals.total(), t.totals.of(EntityKind::Enterprise)), (579, 70));

    let bad_total = SHEET.replace("新墙镇,300,40,5,345", "新墙镇,300,41,5,345");
    std::fs::write(dir.path().join("e2.csv"), bad_total).unwrap();
    let (_, out, _) =
        guichao(&url, &["import", "entities", dir.path().join("e2.csv").to_str().unwrap(), "--dry-run", "--json"]);
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["errors"][0]["reason"], "合计应为346（各类之和）");
}
