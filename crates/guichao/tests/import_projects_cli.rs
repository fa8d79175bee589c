//! `guichao import projects` as a clerk runs it on the sample project ledger
//! (the sheets crate's fixture): a dry run that reports every bad row with
//! its column and the project recorded already, and writes nothing; the
//! error file; the import of the accepted projects as one audited
//! transaction; the same ledger again, which writes nothing twice.

use guichao_domain::access::Permission;
use guichao_domain::projects::{FEN_PER_YI, ProjectDraft, ProjectKind, ProjectSource, Stage};
use guichao_sheets::Workbook;
use guichao_store::crypto::FieldKey;
use guichao_store::entities::audit_event;
use guichao_store::projects::ProjectQuery;
use guichao_store::testing::remote_chamber;
use guichao_store::{Actor, Store};
use sea_orm::{EntityTrait, QueryOrder};
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .arg("--database-url")
        .arg(url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run guichao");
    child.stdin.take().unwrap().write_all(stdin.unwrap_or_default().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn ledger() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../guichao-sheets/tests/fixtures/project_ledger.csv")
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

/// A county with 新墙镇 and 筻口镇, the fellows the sample ledger names (张三
/// of 新墙镇, 王五 of 筻口镇, two 李四 of 新墙镇), the officer `officer`,
/// 深圳岳阳商会 and the project 乡村旅游项目; its url.
async fn county(dir: &std::path::Path) -> String {
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
        "姓名,乡镇,出生年月,类别\n张三,新墙镇,1970-01,工商企\n王五,筻口镇,1975-03,工商企\n\
         李四,新墙镇,1980-05,文教\n李四,新墙镇,1982-06,政界\n",
    )
    .unwrap();
    let (code, out, err) = guichao(&url, &["import", "fellows", roster.to_str().unwrap(), "--json"], None);
    assert_eq!(code, 0, "{out} {err}");
    let add = ["user", "add", "officer", "--name", "赵警官", "--role", "project_officer", "--password-stdin"];
    let (code, _, err) = guichao(&url, &add, Some("Officer-pass-123456\n"));
    assert_eq!(code, 0, "{err}");
    // The key `init` made beside the database: the audit chain is keyed with it.
    let key = FieldKey::load_or_create(&dir.join("g.key")).unwrap().0;
    let store = Store::connect(&url).await.unwrap().with_field_key(key);
    let admin = admin(&store).await;
    store
        .chambers(&admin, Permission::ChamberWrite)
        .unwrap()
        .create(remote_chamber("深圳岳阳商会", "深圳"))
        .await
        .unwrap();
    let resort = ProjectDraft {
        name: "乡村旅游项目".into(),
        company_id: None,
        kind: ProjectKind::Tourism,
        investment_fen: 8 * FEN_PER_YI / 10,
        fixed_asset_fen: 0,
        foreign_fen: 0,
        jobs_planned: 0,
        land_need_hundredths_mu: 0,
        factory_need_m2: 0,
        unit_id: store.system().unit_ids_by_name(admin.tenant_id(), "筻口镇").await.unwrap()[0],
        officer_id: None,
        team: vec![],
        source: ProjectSource::Other,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    };
    store.projects(&admin, Permission::ProjectWrite).unwrap().create(resort).await.unwrap();
    url
}

async fn projects(url: &str) -> Vec<(String, Stage)> {
    let store = Store::connect(url).await.unwrap();
    let admin = admin(&store).await;
    let q = ProjectQuery { limit: 50, ..Default::default() };
    let (rows, _) = store.projects(&admin, Permission::ProjectRead).unwrap().list(&q).await.unwrap();
    rows.into_iter().map(|r| (r.name, r.stage)).collect()
}

#[tokio::test]
async fn a_project_ledger_is_checked_then_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = county(dir.path()).await;
    let file = ledger();
    let file = file.to_str().unwrap();
    let errors = dir.path().join("errors.xlsx");

    // The dry run: every bad row with its column and reason, and nothing written.
    let dry = ["import", "projects", file, "--dry-run", "--json", "--errors", errors.to_str().unwrap()];
    let (code, out, err) = guichao(&url, &dry, None);
    assert_eq!(code, 2, "rows were rejected: {out} {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["accepted"].as_u64(), report["rejected"].as_u64()),
        (Some(7), Some(3), Some(3))
    );
    assert_eq!(report["existing"][0]["name"], "乡村旅游项目");
    assert!(report.get("written").is_none());
    let found: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 8, "{report}");
    assert_eq!(found[0], (7, "项目类型"));
    assert_eq!(found[7], (9, "项目名称"));
    assert!(report["errors"][2]["reason"].as_str().unwrap().starts_with("签约日期（2023-03-01）不能早于首次考察日期"));
    assert_eq!(projects(&url).await.len(), 1, "a dry run writes nothing");
    let mut book = Workbook::open_path(&errors).unwrap();
    let rows: Vec<Vec<String>> = book.rows().unwrap().map(|r| r.unwrap().display()).collect();
    assert_eq!((rows.len(), rows[2].last().map(String::as_str)), (6, Some("错误原因")));

    // The import: the three good projects with their stages, one audit event.
    let (code, out, err) = guichao(&url, &["import", "projects", file, "--json"], None);
    assert_eq!(code, 2, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["written"]["projects"], 3);
    assert_eq!(report["written"]["credits"], 2);
    assert_eq!(
        projects(&url).await,
        [
            ("电子元件项目".to_string(), Stage::Dropped),
            ("汽车内饰件项目".to_string(), Stage::Started),
            ("乡村旅游项目".to_string(), Stage::Lead),
            ("预制菜加工项目".to_string(), Stage::Registered),
        ]
    );
    let store = Store::connect(&url).await.unwrap();
    let last = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Seq)
        .one(store.system().connection())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.action, "project.import");
    assert!(last.detail.contains("project_ledger.csv") && last.detail.contains("\"projects\":3"), "{}", last.detail);
    let (code, out, err) = guichao(&url, &["audit", "verify"], None);
    assert_eq!(code, 0, "{out} {err}");

    // The same ledger again: its projects are known now and skipped.
    let (_, out, _) = guichao(&url, &["import", "projects", file], None);
    assert!(out.contains("无误 0") && out.contains("已有项目跳过 4"), "{out}");
    assert!(out.contains("没有可写入的项目"), "{out}");
    assert_eq!(projects(&url).await.len(), 4);
}
