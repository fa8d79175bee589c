//! `guichao import contacts` as a clerk runs it on a county's old contact
//! log: a dry run that reports every bad row (unknown and ambiguous fellows,
//! unknown cadres, bad and future dates) with its column and writes nothing,
//! the error file, the commit of the accepted rows as one audited import, a
//! second import of the same log that writes nothing again,
//! and a township user's import that cannot name fellows outside their scope.

use guichao_sheets::Workbook;
use guichao_store::Store;
use guichao_store::entities::{audit_event, contact_record};
use sea_orm::{EntityTrait, QueryOrder};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("--database-url").arg(url).args(args);
    let out = match stdin {
        None => cmd.output().expect("run guichao"),
        Some(text) => {
            use std::io::Write;
            let mut child = cmd
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            child.wait_with_output().unwrap()
        }
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// A county with two townships, four fellows (two called 张伟 in 新墙镇) and
/// a township cadre `xq` (新墙镇干部); its url.
fn county(dir: &std::path::Path) -> String {
    let url = format!("sqlite://{}", dir.join("g.db").display());
    let units = dir.join("units.csv");
    std::fs::write(&units, "name,level,parent\n新墙镇,township,\n筻口镇,township,\n").unwrap();
    let init = ["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()];
    assert_eq!(guichao(&url, &init, None).0, 0);
    // The system admin holds no registry data (三员分立): the commands act as
    // the first county admin.
    assert_eq!(guichao(&url, &["user", "add", "importer", "--role", "county_admin"], None).0, 0);
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        "姓名,乡镇,出生年月,类别,手机\n李明,新墙镇,1970-01,工商企,13800001001\n张伟,新墙镇,1975-03,工商企,13800001002\n\
         张伟,新墙镇,1980-05,文教,13800001003\n王芳,筻口镇,1985-07,政界,13800001004\n",
    )
    .unwrap();
    let (code, out, err) = guichao(&url, &["import", "fellows", roster.to_str().unwrap(), "--json"], None);
    assert_eq!(code, 0, "{out} {err}");
    let add = ["user", "add", "xq", "--name", "新墙镇干部", "--unit", "新墙镇", "--role", "township_staff"];
    let (code, _, err) = guichao(&url, &[&add[..], &["--password-stdin"]].concat(), Some("Xq-pass-123456\n"));
    assert_eq!(code, 0, "{err}");
    url
}

async fn contacts(url: &str) -> Vec<contact_record::Model> {
    let store = Store::connect(url).await.unwrap();
    contact_record::Entity::find()
        .order_by_asc(contact_record::Column::ContactDate)
        .all(store.system().connection())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_contact_log_is_checked_then_committed_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = county(dir.path());
    let log = dir.path().join("台账.csv");
    std::fs::write(
        &log,
        "新墙镇乡友联系台账\n\
         序号,乡友,所属乡镇,手机,联系干部,联系日期,联系方式,联系内容,地点\n\
         1,李明,新墙,,xq,2025-03-05,上门走访,谈回乡投资,长沙\n\
         2,张伟,新墙镇,138-0000-1003,新墙镇干部,2025/4/1,电话,问候,\n\
         3,,,13800001004,admin,2025年5月1日,微信,,\n\
         4,张伟,新墙镇,,xq,2025-06-01,短信,,\n\
         5,赵六,新墙镇,,xq,2025-06-01,电话,,\n\
         6,李明,新墙镇,,小王,2025-06-01,电话,,\n\
         7,李明,新墙镇,,xq,2099-01-01,电话,,\n\
         8,李明,新墙镇,,xq,下周,电话,,\n\
         9,李明,新墙镇,,xq,2025-03-05,走访,同一次走访,\n\
         填表人：张三,,,,,,,,\n",
    )
    .unwrap();
    let file = log.to_str().unwrap();
    let errors = dir.path().join("errors.xlsx");

    // The dry run: every bad row with its column and reason, and nothing written.
    let (code, out, err) =
        guichao(&url, &["import", "contacts", file, "--json", "--errors", errors.to_str().unwrap()], None);
    assert_eq!(code, 2, "rows were rejected: {out} {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["accepted"].as_u64(), report["rejected"].as_u64()),
        (Some(9), Some(3), Some(5))
    );
    assert_eq!(report["duplicates"], 1, "row 11 repeats row 3");
    assert!(report.get("written").is_none());
    let found: Vec<(u64, &str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    let rows: Vec<(u64, &str)> = found.iter().map(|(r, c, _)| (*r, *c)).collect();
    assert_eq!(rows, [(6, "乡友"), (7, "乡友"), (8, "联系干部"), (9, "联系日期"), (10, "联系日期")], "{report}");
    assert!(found[0].2.contains("新墙镇有2位乡友叫“张伟”"), "{}", found[0].2);
    assert!(found[1].2.contains("找不到乡友“赵六”"), "{}", found[1].2);
    assert!(found[2].2.contains("找不到联系干部“小王”"), "{}", found[2].2);
    assert!(found[3].2.contains("晚于今天"), "{}", found[3].2);
    assert!(found[4].2.contains("无法识别"), "{}", found[4].2);
    assert!(contacts(&url).await.is_empty(), "a dry run writes nothing");

    // The error file: the title, the header with 错误原因, the five rows as written.
    let mut book = Workbook::open_path(&errors).unwrap();
    let rows: Vec<Vec<String>> = book.rows().unwrap().map(|r| r.unwrap().display()).collect();
    assert_eq!(rows[0][0], "新墙镇乡友联系台账");
    assert_eq!(rows[1].last().unwrap(), "错误原因");
    assert_eq!(rows.len(), 2 + 5);
    assert_eq!(rows[2][1], "张伟");
    assert!(rows[2].last().unwrap().starts_with("乡友："), "{:?}", rows[2]);

    // The commit: the three good rows in one audited import.
    let (code, out, _) = guichao(&url, &["import", "contacts", file, "--json", "--commit"], None);
    assert_eq!(code, 2);
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["written"]["contacts"], 3);
    let written = contacts(&url).await;
    let kinds: Vec<&str> = written.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["visit", "call", "wechat"]);
    assert_eq!((written[0].place.as_str(), written[0].notes.as_str()), ("长沙", "谈回乡投资"));
    let store = Store::connect(&url).await.unwrap();
    let last = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Seq)
        .one(store.system().connection())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.action, "contact.bulk_insert");
    assert!(last.detail.contains("台账.csv") && last.detail.contains("\"contacts\":3"), "{}", last.detail);
    let (code, out, err) = guichao(&url, &["audit", "verify"], None);
    assert_eq!(code, 0, "{out} {err}");

    // The same log again: its good rows are recorded already and not written twice.
    let (_, out, _) = guichao(&url, &["import", "contacts", file, "--json", "--commit"], None);
    let again: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((again["accepted"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(4)), "{again}");
    assert_eq!(contacts(&url).await.len(), 3);
}

#[tokio::test]
async fn a_township_cadre_imports_their_own_log_within_their_scope() {
    let dir = tempfile::tempdir().unwrap();
    let url = county(dir.path());
    let log = dir.path().join("my.csv");
    // No cadre column: the importing user made the contacts.
    std::fs::write(
        &log,
        "姓名,乡镇,日期,方式,备注\n李明,新墙镇,2025-03-05,慰问,春节慰问\n王芳,筻口镇,2025-03-06,电话,\n",
    )
    .unwrap();
    let file = log.to_str().unwrap();
    let (code, out, _) = guichao(&url, &["import", "contacts", file, "--json", "--as", "xq", "--commit"], None);
    assert_eq!(code, 2);
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((report["accepted"].as_u64(), report["written"]["contacts"].as_u64()), (Some(1), Some(1)));
    let reason = report["errors"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("筻口镇找不到乡友“王芳”"), "outside the scope reads as not found: {reason}");
    let written = contacts(&url).await;
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].kind, "gift");
    let store = Store::connect(&url).await.unwrap();
    let tenant = store.tenant_by_code("430621").await.unwrap().unwrap();
    let xq = store.system().user_id_by_name(tenant.id, "xq").await.unwrap().unwrap();
    assert_eq!(written[0].author_id, xq);
}
