//! Times the CSV path end to end (decode, header, normalise, validate) on a
//! synthetic roster: `cargo run --release -p guichao-sheets --example csv_speed [rows] [utf8|gbk] [file]`;
//! with `file` the roster is written to a temporary file and streamed from disk.
//! `csv_speed path/to/roster.csv` imports that file instead (every township accepted).
//! Every value is synthetic; ID numbers use the area code 990102, which is no
//! province's.

use chrono::NaiveDate;
use guichao_domain::fellows::IdNumber;
use guichao_domain::ids::Uuid;
use guichao_sheets::normalize::township_key;
use guichao_sheets::{ImportOptions, UnitError, Units, Workbook};
use std::time::Instant;

fn roster(rows: usize, gbk: bool) -> Vec<u8> {
    let mut text = String::from(
        "岳阳县寓外乡友名录\n序号,姓名,性别,出生年月,乡镇,村（社区）,类别,工作单位,职务,现居城市,手机号码,身份证号,备注\n",
    );
    let towns = ["新墙镇", "新牆鎮", "新墙"];
    let categories = ["企业家", "文教", "党政军", "工商企"];
    for i in 0..rows {
        let body = format!("990102{}{:02}{:02}{:03}", 1950 + i % 50, 1 + i % 12, 1 + i % 28, i % 1000);
        let id = format!("{body}{}", IdNumber::check_char(&body).unwrap());
        text.push_str(&format!(
            "{i},示例{},{},{}.{:02},{},荣家村,{},示例公司{},经理,深圳,139{:08},{id},\n",
            ["甲", "乙", "丙", "丁"][i % 4],
            ["男", "女"][i % 2],
            1950 + i % 50,
            1 + i % 12,
            towns[i % 3],
            categories[i % 4],
            i % 100,
            i % 100_000_000,
        ));
    }
    if gbk { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() }
}

/// This thread's CPU time in seconds (Linux), so that other work on a busy
/// machine does not count; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// With a path as the only argument, imports that file instead and reports.
fn import_file(path: &std::path::Path) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    let mut book = Workbook::open_path(path).unwrap();
    let resolver = |_: &str, _: &str| Ok(Units { township: Uuid::from_u128(1), village: None });
    let (mut ok, mut bad) = (0u64, 0u64);
    for row in book.import(ImportOptions::new(today), resolver).unwrap() {
        match row.unwrap().result {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        }
    }
    let cpu = cpu_seconds().zip(cpu_start).map_or(0.0, |(end, begin)| end - begin);
    println!("{ok} accepted, {bad} rejected in {:.2} s wall, {cpu:.2} s CPU", start.elapsed().as_secs_f64());
}

fn main() {
    if let Some(path) = std::env::args().nth(1).map(std::path::PathBuf::from).filter(|p| p.is_file()) {
        return import_file(&path);
    }
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let township = Uuid::from_u128(1);
    let only = std::env::args().nth(2);
    for gbk in [false, true] {
        if only.as_deref().is_some_and(|o| o != if gbk { "gbk" } else { "utf8" }) {
            continue;
        }
        let bytes = roster(rows, gbk);
        let file = std::env::args().nth(3).is_some_and(|a| a == "file").then(|| {
            let mut file = tempfile::NamedTempFile::new().unwrap();
            std::io::Write::write_all(&mut file, &bytes).unwrap();
            file
        });
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let mut book = match &file {
            Some(file) => {
                drop(bytes);
                Workbook::open_path(file.path()).unwrap()
            }
            None => Workbook::open(bytes, "roster.csv").unwrap(),
        };
        let resolver = |t: &str, _: &str| {
            if township_key(t) == "新墙" {
                Ok(Units { township, village: None })
            } else {
                Err(UnitError::Township(guichao_domain::Msg::new("x", "x")))
            }
        };
        let import = book.import(ImportOptions::new(today), resolver).unwrap();
        let (mut ok, mut bad) = (0, 0);
        for row in import {
            match row.unwrap().result {
                Ok(_) => ok += 1,
                Err(_) => bad += 1,
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_start).map_or(secs, |(end, begin)| end - begin);
        let encoding = if gbk { "GBK" } else { "UTF-8" };
        println!(
            "{encoding}: {ok} accepted, {bad} rejected in {secs:.2} s wall, {cpu:.2} s CPU: {:.0} rows per CPU second",
            rows as f64 / cpu
        );
    }
}
