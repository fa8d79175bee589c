//! `guichao import fellows` and `guichao export` as a user runs them: the
//! JSON report and exit status of a roster with bad rows, a re-import that
//! adds nothing, the export and template files, and a kill part way through
//! a commit that leaves the registry as it was (with an intact audit chain).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

fn guichao(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("--database-url").arg(url).args(args).output().expect("run guichao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// A county with two townships and a village, and its url.
fn county(dir: &std::path::Path) -> String {
    let url = format!("sqlite://{}", dir.join("g.db").display());
    let units = dir.join("units.csv");
    std::fs::write(&units, "name,level,parent\n新墙镇,township,\n筻口镇,township,\n荣家村,village,新墙镇\n").unwrap();
    let (code, _, err) =
        guichao(&url, &["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The system admin holds no registry data (三员分立): the commands act as
    // the first county admin.
    let (code, _, err) = guichao(&url, &["user", "add", "importer", "--role", "county_admin"]);
    assert_eq!(code, 0, "{err}");
    url
}

#[test]
fn a_roster_with_bad_rows_is_reported_and_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = county(dir.path());
    let roster = dir.path().join("名录.csv");
    std::fs::write(
        &roster,
        "新墙镇寓外乡友名录\n姓名,乡镇,村,类别,手机,身份证号\n\
         李明,新墙,荣家,企业家,13800001001,\n\
         王芳,筻口镇,,文教,13800001002,\n\
         赵强,筻扣镇,,政界,13800001003,\n\
         陈静,新墙镇,,工商企,13800001004,4.30621E+17\n\
         合计,,,,,\n",
    )
    .unwrap();
    let file = roster.to_str().unwrap();
    let errors = dir.path().join("errors.xlsx");
    let (code, out, err) = guichao(&url, &["import", "fellows", file, "--json", "--errors", errors.to_str().unwrap()]);
    assert_eq!(code, 2, "rows were rejected: {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["rows"], 4);
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["rejected"], 2);
    assert_eq!(report["written"]["created"], 2);
    let rows: Vec<i64> = report["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(rows, [5, 6]);
    assert!(report["errors"][1]["reason"].as_str().unwrap().contains("后几位已丢失"));
    let names: Vec<&str> = report["errors"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["赵强", "陈静"], "the name beside every rejected row");
    assert!(report["errors"][0]["reason"].as_str().unwrap().contains("是否为：筻口镇？"), "{report}");
    assert_eq!(report["new"], 2);
    assert!(std::fs::metadata(&errors).unwrap().len() > 0);

    // Again, skipping duplicates: nothing new; a dry run writes nothing either.
    let (_, out, _) = guichao(&url, &["import", "fellows", file, "--json"]);
    let again: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(again["duplicates_in_registry"], 2);
    assert_eq!(again["written"]["created"], 0);
    let (_, out, _) = guichao(&url, &["import", "fellows", file, "--dry-run"]);
    assert!(out.contains("试导入"), "{out}");

    let export = dir.path().join("export.xlsx");
    let (code, out, err) = guichao(&url, &["export", "fellows", export.to_str().unwrap(), "--township", "新墙"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已导出 1 名乡友"), "{out}");
    let template = dir.path().join("template.xlsx");
    assert_eq!(guichao(&url, &["export", "template", template.to_str().unwrap()]).0, 0);
    let (code, out, err) = guichao(&url, &["import", "fellows", template.to_str().unwrap(), "--json", "--dry-run"]);
    assert_eq!(code, 0, "the template's sample row is accepted: {out} {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((report["rows"].as_i64(), report["accepted"].as_i64()), (Some(1), Some(1)));
}

#[test]
fn a_kill_during_the_commit_leaves_the_registry_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let url = county(dir.path());
    let roster = dir.path().join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&roster).unwrap());
    writeln!(f, "姓名,乡镇,类别,手机").unwrap();
    let ideograph = |i: u32| char::from_u32(0x4E00 + i).unwrap();
    for n in 0..60_000u32 {
        writeln!(f, "乡{}{},新墙镇,工商企,138{:08}", ideograph(n / 300), ideograph(n % 300), n).unwrap();
    }
    f.flush().unwrap();
    drop(f);

    let mut child = Command::new(BIN)
        .arg("--database-url")
        .arg(&url)
        .args(["import", "fellows", roster.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if line.contains("正在写入") {
                tx.send(()).ok();
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(120)).expect("the commit starts");
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(300) {
        assert!(child.try_wait().unwrap().is_none(), "the commit finished before the kill; use a bigger file");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let (code, out, err) = guichao(&url, &["export", "fellows", dir.path().join("after.xlsx").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已导出 0 名乡友"), "nothing of the killed import is left: {out}");
    let (code, out, err) = guichao(&url, &["audit", "verify"]);
    assert_eq!(code, 0, "{out} {err}");
}
