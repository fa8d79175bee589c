//! `guichao bench import`: rows a second of a spreadsheet import, end to end
//! (read, check, plan, write, index), against inserting the same rows raw.
//!
//! Generates a csv of `--rows` rows and an xlsx of a tenth as many (synthetic
//! fellows of two generated counties, as a county office's roster has them:
//! a title row, Chinese headers), imports each through the same pipeline as
//! the upload page into its own county, then copies the csv's rows as text
//! into a table without indexes in one transaction (the baseline: no parsing,
//! validation, encryption or indexing). Peak memory is the process's.

use super::{round, user};
use crate::demo::records::Generator;
use crate::demo::scale::{self, ScaleCounty};
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::access::BuiltinRole;
use guichao_domain::fellows::DuplicateAction;
use guichao_sheets::ExportWriter;
use guichao_sheets::registry::import::{FileOptions, FileSource, Progress, check};
use guichao_store::Store;
use guichao_store::entities::org_unit;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

const HEADERS: [&str; 11] =
    ["姓名", "性别", "出生日期", "乡镇", "村", "类别", "工作单位", "职务", "现居城市", "手机号码", "身份证号"];

pub async fn run(store: &Store, rows: u64, dir: &Path) -> anyhow::Result<Value> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let counties = scale::counties(store, 2).await?;
    let csv = dir.join(format!("roster-{rows}.csv"));
    let xlsx_rows = (rows / 10).max(1);
    let xlsx = dir.join(format!("roster-{xlsx_rows}.xlsx"));
    let (u0, u1) = (counties[0].units.clone(), counties[1].units.clone());
    let (csv_path, xlsx_path) = (csv.clone(), xlsx.clone());
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        write_csv(&csv_path, table(&u0, 7), rows)?;
        write_xlsx(&xlsx_path, table(&u1, 11), xlsx_rows)
    })
    .await??;
    let csv_steps = import(store, &counties[0], &csv).await?.json(rows);
    let xlsx_steps = import(store, &counties[1], &xlsx).await?.json(xlsx_rows);
    let raw_rate = raw(store, &csv, rows).await?;
    Ok(json!({
        "backend": store.backend().name(),
        "rows": rows,
        "csv_rows_per_s": csv_steps["rows_per_s"],
        "xlsx_rows_per_s": xlsx_steps["rows_per_s"],
        "csv": csv_steps,
        "xlsx": xlsx_steps,
        "raw_rows_per_s": raw_rate.round(),
        "peak_rss_mb": peak_rss_mb(),
    }))
}

/// A county's generator and unit names.
struct Table {
    generator: Generator,
    names: HashMap<uuid::Uuid, String>,
}

fn table(units: &[org_unit::Model], seed: u64) -> Table {
    Table {
        generator: Generator::new(seed, 0, crate::demo::homes(units)),
        names: units.iter().map(|u| (u.id, u.name.clone())).collect(),
    }
}

/// The next generated fellow as a roster row.
fn row(t: &mut Table) -> [String; 11] {
    let d = t.generator.fellow().draft;
    let name = |id: Option<uuid::Uuid>| id.and_then(|u| t.names.get(&u).cloned()).unwrap_or_default();
    [
        d.name.clone(),
        d.gender.map(|g| g.label(Lang::Zh).to_string()).unwrap_or_default(),
        d.birth_date.map(|b| b.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        name(Some(d.township_id)),
        name(d.village_id),
        d.category.label(Lang::Zh).to_string(),
        d.employer.clone(),
        d.title.clone(),
        d.city.clone(),
        d.phone.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
        d.id_number.as_ref().map(|i| i.as_str().to_string()).unwrap_or_default(),
    ]
}

fn write_csv(path: &Path, mut t: Table, rows: u64) -> anyhow::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(file);
    out.write_record(["寓外乡友名录（基准测试，合成数据）"])?;
    out.write_record(HEADERS)?;
    for _ in 0..rows {
        out.write_record(row(&mut t))?;
    }
    out.flush()?;
    Ok(())
}

fn write_xlsx(path: &Path, mut t: Table, rows: u64) -> anyhow::Result<()> {
    let mut out = ExportWriter::new("名录", &HEADERS)?;
    for _ in 0..rows {
        out.write_row(&row(&mut t))?;
    }
    out.finish_to_path(path)?;
    Ok(())
}

/// Writes a csv roster of `rows` fellows generated from `seed` for the county of `units`.
pub(super) async fn write_roster(path: &Path, units: &[org_unit::Model], seed: u64, rows: u64) -> anyhow::Result<()> {
    let (path, units) = (path.to_path_buf(), units.to_vec());
    tokio::task::spawn_blocking(move || write_csv(&path, table(&units, seed), rows)).await?
}

/// Seconds of an import's two steps: the check the clerk previews, and the
/// commit that writes.
pub(super) struct Steps {
    pub check_s: f64,
    pub commit_s: f64,
}

impl Steps {
    fn json(&self, rows: u64) -> Value {
        let rate = |s: f64| (rows as f64 / s).round();
        json!({
            "rows_per_s": rate(self.check_s + self.commit_s),
            "check_s": round(self.check_s), "commit_s": round(self.commit_s),
            "commit_rows_per_s": rate(self.commit_s),
        })
    }
}

/// How long checking and committing `path` into `county` take.
pub(super) async fn import(store: &Store, county: &ScaleCounty, path: &Path) -> anyhow::Result<Steps> {
    let root = county.tenant.root_unit_id;
    let actor = user(store, county.tenant.id, "bench_importer", root, BuiltinRole::CountyAdmin).await?;
    let quiet: Progress = Arc::new(|_| {});
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let started = Instant::now();
    let checked = check(
        store,
        &actor,
        FileSource::Path(path.to_path_buf()),
        &name,
        DuplicateAction::Skip,
        FileOptions::default(),
        quiet.clone(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
    let rejected = checked.rejected.len();
    let check_s = started.elapsed().as_secs_f64();
    let (_, counts) =
        checked.commit(store, quiet).await.map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{name}: {} new, {} duplicates skipped, {rejected} rejected in {seconds:.1} s",
        counts.created, counts.skipped
    );
    Ok(Steps { check_s, commit_s: seconds - check_s })
}

/// Rows a second of copying the csv's rows as text into a table with no
/// index, in one transaction of multi-row inserts.
async fn raw(store: &Store, path: &Path, rows: u64) -> anyhow::Result<f64> {
    let db = store.system().connection();
    let backend = db.get_database_backend();
    db.execute_unprepared("DROP TABLE IF EXISTS bench_raw").await?;
    let columns: Vec<String> = (0..HEADERS.len()).map(|i| format!("c{i} TEXT")).collect();
    db.execute_unprepared(&format!("CREATE TABLE bench_raw ({})", columns.join(", "))).await?;
    let per_statement = 30_000 / HEADERS.len();
    let started = Instant::now();
    let tx = db.begin().await?;
    let mut lines = std::io::BufReader::new(std::fs::File::open(path)?).lines().skip(2);
    let mut written = 0;
    loop {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(per_statement * HEADERS.len());
        for line in lines.by_ref().take(per_statement) {
            let line = line?;
            let mut cells = line.split(',');
            values.extend((0..HEADERS.len()).map(|_| sea_orm::Value::from(cells.next().unwrap_or("").to_string())));
        }
        let n = values.len() / HEADERS.len();
        if n == 0 {
            break;
        }
        let mut sql = String::from("INSERT INTO bench_raw VALUES ");
        let mut p = 0;
        for r in 0..n {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..HEADERS.len() {
                p += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&if backend == sea_orm::DbBackend::Postgres { format!("${p}") } else { "?".into() });
            }
            sql.push(')');
        }
        tx.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
        written += n as u64;
    }
    tx.commit().await?;
    let seconds = started.elapsed().as_secs_f64();
    db.execute_unprepared("DROP TABLE bench_raw").await?;
    anyhow::ensure!(written == rows, "the baseline read {written} of {rows} rows");
    Ok(rows as f64 / seconds)
}

/// The process's peak resident memory (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
