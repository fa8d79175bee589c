//! `guichao services report` as a clerk runs it: the report of a period as
//! one JSON object (every kind, the total), a table by default, a user who
//! does not exist refused, a malformed date refused by the arguments.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("--database-url").arg(url).args(args).output().expect("run guichao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_report_prints_for_a_period() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("g.db").display());
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "name,level,parent\n新墙镇,township,\n").unwrap();
    let init = ["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()];
    assert_eq!(guichao(&url, &init).0, 0);
    // The system admin holds no registry data (三员分立): the commands act as
    // the first county admin.
    assert_eq!(guichao(&url, &["user", "add", "importer", "--role", "county_admin"]).0, 0);

    let (code, out, err) =
        guichao(&url, &["services", "report", "--from", "2024-01-01", "--to", "2024-12-31", "--json"]);
    assert_eq!(code, 0, "{err}");
    let body: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(body["by_kind"].as_array().unwrap().len(), 6);
    assert_eq!(body["total"]["received"], 0);
    assert_eq!(body["from"], "2024-01-01");

    let (code, out, _) = guichao(&url, &["services", "report", "--from", "2024-01-01", "--to", "2024-12-31"]);
    assert_eq!(code, 0);
    assert!(out.contains("子女入学") && out.contains("合计"), "{out}");
    let (code, _, _) =
        guichao(&url, &["services", "report", "--from", "2024-01-01", "--to", "2024-12-31", "--as", "nobody"]);
    assert_ne!(code, 0);
    let (code, _, _) = guichao(&url, &["services", "report", "--from", "2024-13-01", "--to", "2024-12-31"]);
    assert_ne!(code, 0);
    let (code, _, _) = guichao(&url, &["services", "report", "--from", "2024-12-31", "--to", "2024-01-01"]);
    assert_ne!(code, 0, "a backwards period");
}
