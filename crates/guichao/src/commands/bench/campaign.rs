//! `guichao bench campaign`: a four-ones campaign over a generated county of
//! `--fellows` fellows (with the demo's assignments and two years of
//! contacts, one per fellow): the launch that freezes every fellow into it,
//! hand ticks for half of the touches, then for the county user a matrix
//! page (all fellows, one township's, those missing a visit) and completion
//! by township and by cadre, each timed, the matrix page and completion by
//! township again over HTTP, and as a baseline one township's completion
//! counted from its matrix rows walked fellow by fellow (which must agree),
//! the mail merge of the biggest township's letters into the print page's
//! HTML (letters per second), and greeting SMS queued for the campaign's
//! first 20,000 fellows in one request (messages per second).
//! Every run launches a new campaign, so the database is built once and
//! reused.

use super::liaison_http::{self, Asked};
use super::{cpu_s, load_1m, ms, percentile, round, user};
use crate::cli::BenchCampaignArgs;
use crate::demo::scale;
use chrono::Days;
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::letters::MAX_LETTERS;
use guichao_domain::campaigns::{CampaignDraft, Tally, TickSource, TouchKinds};
use guichao_domain::date::today;
use guichao_domain::liaison::ContactKind;
use guichao_store::Store;
use guichao_store::campaigns::letters::{LetterTemplateDraft, MergeQuery};
use guichao_store::campaigns::{CompletionBy, MatrixQuery, Missing, NewTick};
use guichao_store::sms::{MAX_BATCH, QueueRequest, Recipients, TemplateDraft};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::time::Instant;

/// Runs of each timed read.
const RUNS: usize = 20;
/// Runs of the letters print page.
const LETTER_RUNS: usize = 5;
/// Hand ticks written per call.
const TICK_BATCH: usize = 100_000;

pub async fn run(store: &Store, url: &str, args: &BenchCampaignArgs) -> anyhow::Result<Value> {
    let county = scale::counties(store, 1).await?.remove(0);
    let t = county.tenant.id;
    let wide = user(store, t, "bench_county", county.tenant.root_unit_id, BuiltinRole::CountyStaff).await?;
    let mut rng = StdRng::seed_from_u64(12);
    if args.reads_only {
        let read = store.campaigns(&wide, Permission::LiaisonRead)?;
        let id = read.latest_launched().await?.ok_or_else(|| anyhow::anyhow!("no launched campaign to read"))?;
        let mut report = reads(store, url, &wide, id).await?;
        report["fellows"] = json!(read.get(id).await?.fellows);
        return Ok(report);
    }
    super::liaison_data::fellows(store, &county, args.fellows, wide.user_id(), &mut rng).await?;
    super::liaison_data::contacts(store, t, args.fellows, wide.user_id(), &mut rng).await?;

    let manage = store.campaigns(&wide, Permission::LiaisonWrite)?;
    let draft = CampaignDraft {
        name: format!("基准测试 {}", chrono::Utc::now().format("%Y-%m-%d %H:%M:%S%.3f")),
        start: today() - Days::new(120),
        end: today(),
        kinds: TouchKinds::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    };
    let id = manage.create(draft).await?;
    let (started, cpu_before, load) = (Instant::now(), cpu_s(), load_1m());
    let fellows = manage.launch(id).await?;
    let launch_s = started.elapsed().as_secs_f64();
    let launch_cpu_s = cpu_s().zip(cpu_before).map(|(after, before)| round(after - before));

    // Half of the touches ticked by hand, in batches, walking the matrix by cursor.
    let read = store.campaigns(&wide, Permission::LiaisonRead)?;
    let mut q = MatrixQuery { limit: 500, ..Default::default() };
    let mut ticks = Vec::new();
    let mut written = 0;
    let started = Instant::now();
    loop {
        let rows = read.matrix_rows(id, &q).await?;
        let Some(last) = rows.last() else { break };
        q.after = Some((last.sort_key.clone(), last.fellow_id));
        for r in &rows {
            for k in TouchKinds::default().kinds() {
                if r.tick(*k).is_none() && rng.random_bool(0.5) {
                    ticks.push(NewTick {
                        campaign_id: id,
                        fellow_id: r.fellow_id,
                        kind: *k,
                        date: today() - Days::new(rng.random_range(0..120)),
                        source: TickSource::Hand,
                        source_id: None,
                        user_id: Some(wide.user_id()),
                        note: String::new(),
                    });
                }
            }
        }
        if ticks.len() >= TICK_BATCH {
            written += store.system().insert_campaign_ticks(t, &ticks).await?;
            ticks.clear();
        }
        if rows.len() < 500 {
            break;
        }
    }
    written += store.system().insert_campaign_ticks(t, &ticks).await?;
    let ticking_s = started.elapsed().as_secs_f64();
    let mut report = reads(store, url, &wide, id).await?;
    report["fellows"] = json!(fellows);
    report["launch_s"] = json!(round(launch_s));
    // On SQLite the launch's work is this process's: its CPU seconds are
    // what an idle machine's wall seconds would be. On PostgreSQL the
    // server does the work, so they say little.
    report["launch_cpu_s"] = json!(launch_cpu_s);
    report["load_1m_at_launch"] = json!(load);
    report["hand_ticks"] = json!(written);
    report["hand_ticks_per_s"] = json!(round(written as f64 / ticking_s.max(1e-6)));
    let (queued, queue_s) = sms_queue(store, &wide, id).await?;
    report["sms_queued"] = json!(queued);
    report["sms_queue_per_s"] = json!(round(queued as f64 / queue_s.max(1e-6)));
    Ok(report)
}

/// Queues a greeting for the campaign's first fellows in name order (as
/// many as one request may name) as the county user does from the SMS page:
/// the messages queued and the seconds the request took. Fellows without a
/// phone (one in twenty) or consent are skipped and not counted.
async fn sms_queue(store: &Store, wide: &guichao_store::Actor, id: uuid::Uuid) -> anyhow::Result<(u64, f64)> {
    let read = store.campaigns(wide, Permission::LiaisonRead)?;
    let mut q = MatrixQuery { limit: 500, ..Default::default() };
    let mut fellows = Vec::new();
    while fellows.len() < MAX_BATCH {
        let rows = read.matrix_rows(id, &q).await?;
        fellows.extend(rows.iter().map(|r| r.fellow_id).take(MAX_BATCH - fellows.len()));
        match rows.last() {
            Some(last) if rows.len() == 500 => q.after = Some((last.sort_key.clone(), last.fellow_id)),
            _ => break,
        }
    }
    let sms = store.sms(wide, Permission::SmsWrite)?;
    let name = "基准测试慰问短信";
    let template_id = match sms.templates().await?.into_iter().find(|t| t.name == name) {
        Some(t) => t.id,
        None => {
            let body = "{称呼}：值此新春佳节，{乡镇}的父老乡亲祝您阖家幸福、万事如意！{落款}";
            let draft = TemplateDraft { name: name.into(), body: body.into(), provider_template: "SMS_BENCH".into() };
            sms.save_template(None, draft).await?
        }
    };
    let req = QueueRequest {
        template_id,
        recipients: Recipients::Fellows(fellows),
        campaign_id: Some(id),
        sign_off: String::new(),
        date: today(),
    };
    let started = Instant::now();
    let report = sms.queue(req).await?;
    Ok((report.queued, started.elapsed().as_secs_f64()))
}

/// The baseline: one township's completion counted the long way, from its
/// matrix rows walked by cursor (each with its ticks read from the stored
/// ticks and the contact records), fellow by fellow.
async fn walked_completion(
    store: &Store,
    wide: &guichao_store::Actor,
    id: uuid::Uuid,
    township: Option<uuid::Uuid>,
) -> anyhow::Result<Tally> {
    let read = store.campaigns(wide, Permission::LiaisonRead)?;
    let kinds = TouchKinds::default();
    let mut q = MatrixQuery { township_id: township, limit: 500, ..Default::default() };
    let mut tally = Tally::default();
    loop {
        let rows = read.matrix_rows(id, &q).await?;
        for r in &rows {
            let ticked = kinds.kinds().iter().filter(|k| r.tick(**k).is_some()).count() as u64;
            tally.add_fellow(ticked, kinds.len() as u64);
        }
        match rows.last() {
            Some(last) if rows.len() == 500 => q.after = Some((last.sort_key.clone(), last.fellow_id)),
            _ => return Ok(tally),
        }
    }
}

/// The timed reads of campaign `id` for the county user, in the store and
/// over HTTP, and the baseline beside them.
async fn reads(store: &Store, url: &str, wide: &guichao_store::Actor, id: uuid::Uuid) -> anyhow::Result<Value> {
    let read = store.campaigns(wide, Permission::LiaisonRead)?;
    let township = read.townships().await?.first().map(|(id, _)| *id);
    let pages = [
        ("all", MatrixQuery { limit: 50, ..Default::default() }),
        ("township", MatrixQuery { township_id: township, limit: 50, ..Default::default() }),
        (
            "missing_visit",
            MatrixQuery { missing: Some(Missing::Kind(ContactKind::Visit)), limit: 50, ..Default::default() },
        ),
    ];
    let mut page_times = serde_json::Map::new();
    let mut all_p50 = 0.0;
    for (name, q) in &pages {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            std::hint::black_box(read.matrix(id, q).await?);
            times.push(ms(started));
        }
        let p50 = percentile(&mut times, 0.5);
        if *name == "all" {
            all_p50 = p50;
        }
        page_times.insert(format!("{name}_p50_ms"), json!(round(p50)));
    }
    let mut by_township = Vec::new();
    let mut total = None;
    let mut biggest = None;
    for _ in 0..RUNS / 2 {
        let started = Instant::now();
        let (rows, sum) = read.completion(id, CompletionBy::Township, Lang::Zh).await?;
        by_township.push(ms(started));
        total = Some(sum);
        biggest = rows.iter().max_by_key(|r| r.fellows).and_then(|r| r.key.parse::<uuid::Uuid>().ok());
    }
    let mut by_cadre = Vec::new();
    for _ in 0..RUNS / 4 {
        let started = Instant::now();
        std::hint::black_box(read.completion(id, CompletionBy::Cadre, Lang::Zh).await?);
        by_cadre.push(ms(started));
    }
    let total = total.ok_or_else(|| anyhow::anyhow!("no completion was read"))?;
    let started = Instant::now();
    let walked = walked_completion(store, wide, id, township).await?;
    let baseline_ms = ms(started);
    let (rows, _) = read.completion(id, CompletionBy::Township, Lang::Zh).await?;
    let kept = rows.iter().find(|r| Some(r.key.as_str()) == township.map(|t| t.to_string()).as_deref());
    let agrees =
        kept.is_some_and(|r| (r.fellows, r.ticks, r.fellows_done) == (walked.fellows, walked.ticks, walked.done));
    let asked = [
        Asked {
            figure: "matrix_page",
            username: "bench_county".into(),
            paths: vec![format!("/api/v1/campaigns/{id}/matrix?limit=50")],
        },
        Asked {
            figure: "completion_by_township",
            username: "bench_county".into(),
            paths: vec![format!("/api/v1/campaigns/{id}/completion?by=township")],
        },
    ];
    let http = liaison_http::measure(url, wide.tenant_id(), &asked, RUNS / 2).await?;
    let (letters_per_s, letters_page) = letters(store, wide, id, biggest).await?;
    Ok(json!({
        "backend": format!("{:?}", store.backend()).to_lowercase(),
        "matrix_page_p50_ms": round(all_p50),
        "matrix_pages": page_times,
        "completion_by_township_p50_ms": round(percentile(&mut by_township, 0.5)),
        "completion_by_cadre_p50_ms": round(percentile(&mut by_cadre, 0.5)),
        "letters_per_s": round(letters_per_s),
        "letters_page": letters_page,
        "completion": {"ticks": total.ticks, "required": total.required, "share": total.completion, "fellows_done": total.fellows_done},
        "http": http,
        "baseline_township_walked_ms": round(baseline_ms),
        "baseline_township_fellows": walked.fellows,
        "baseline_agrees": agrees,
    }))
}

/// The print page of a township's letters (at most a page's worth), merged
/// and rendered as `/campaigns/{id}/letters/print` does: letters per second
/// and letters on the page.
async fn letters(
    store: &Store,
    wide: &guichao_store::Actor,
    id: uuid::Uuid,
    township_id: Option<uuid::Uuid>,
) -> anyhow::Result<(f64, usize)> {
    let write = store.campaigns(wide, Permission::LiaisonWrite)?;
    let name = "基准测试慰问信";
    let template_id = match write.letter_templates().await?.into_iter().find(|t| t.name == name) {
        Some(t) => t.id,
        None => {
            let body = "{称呼}：\n\n值此新春佳节来临之际，{乡镇}的父老乡亲向您和家人致以诚挚的问候！\n\n{落款}\n{日期}";
            write.save_letter_template(None, LetterTemplateDraft { name: name.into(), body: body.into() }).await?
        }
    };
    let q = MergeQuery {
        template_id: Some(template_id),
        township_id,
        only_unticked: false,
        sign_off: "岳阳县人民政府".into(),
        date: today(),
        limit: MAX_LETTERS,
    };
    let (mut letters, started) = (0, Instant::now());
    for _ in 0..LETTER_RUNS {
        let merge = write.merge_letters(id, &q).await?;
        let html = guichao_web::letters_print_html(Lang::Zh, id, "基准测试", &merge, &q)?;
        letters += std::hint::black_box(html).matches("class=\"letter\"").count();
    }
    Ok((letters as f64 / started.elapsed().as_secs_f64().max(1e-6), letters / LETTER_RUNS))
}
