//! The liaison benchmark's baseline: the coverage figures the naive way, one
//! fellow at a time (their assignments, their last contact, each live
//! assignment's last contact by its cadre: a query each), with the rule
//! applied in Rust by the domain's functions. Its total must equal the
//! store's set-wise one, which checks both.

use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::date::china_date;
use guichao_domain::liaison::{ContactState, CoverageCounts, LiaisonLevel, contacted_within, live_on, state};
use guichao_store::{Backend, Store};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

fn statement(store: &Store, sql: &str, values: Vec<Value>) -> Statement {
    let backend = match store.backend() {
        Backend::Sqlite => DbBackend::Sqlite,
        Backend::Postgres => DbBackend::Postgres,
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The coverage on `as_of` of the county's unarchived fellows (of one
/// township when given), fellow by fellow.
pub async fn coverage(
    store: &Store,
    tenant_id: Uuid,
    township: Option<Uuid>,
    as_of: NaiveDate,
) -> anyhow::Result<CoverageCounts> {
    let db = store.system().connection();
    let t: Value = tenant_id.into();
    let (sql, values) = match township {
        None => ("SELECT id FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL", vec![t.clone()]),
        Some(w) => (
            "SELECT id FROM fellows WHERE tenant_id = $1 AND archived_at IS NULL AND township_id = $2",
            vec![t.clone(), w.into()],
        ),
    };
    let ids: Vec<Uuid> = db
        .query_all_raw(statement(store, sql, values))
        .await?
        .into_iter()
        .map(|r| r.try_get::<Uuid>("", "id"))
        .collect::<Result<_, _>>()?;
    let mut c = CoverageCounts::default();
    for id in ids {
        let f: Value = id.into();
        let assignments = db
            .query_all_raw(statement(
                store,
                "SELECT cadre_id, level, cycle_days, started_at, ended_at FROM liaison_assignments \
                 WHERE tenant_id = $1 AND fellow_id = $2",
                vec![t.clone(), f.clone()],
            ))
            .await?;
        let last = db
            .query_one_raw(statement(
                store,
                "SELECT MAX(cf.contact_date) AS d FROM contact_fellows cf JOIN contact_records cr \
                 ON cr.tenant_id = cf.tenant_id AND cr.id = cf.contact_id \
                 WHERE cf.tenant_id = $1 AND cf.fellow_id = $2 AND cr.deleted_at IS NULL AND cf.contact_date <= $3",
                vec![t.clone(), f.clone(), as_of.into()],
            ))
            .await?
            .and_then(|r| r.try_get::<Option<NaiveDate>>("", "d").ok().flatten());
        let (mut levels, mut overdue) = ([false; 3], false);
        for a in assignments {
            let started: DateTime<Utc> = a.try_get("", "started_at")?;
            let ended: Option<DateTime<Utc>> = a.try_get("", "ended_at")?;
            let started = china_date(started);
            if !live_on(started, ended.map(china_date), as_of) {
                continue;
            }
            let level = LiaisonLevel::parse(&a.try_get::<String>("", "level")?);
            if let Some(i) = level.and_then(|l| LiaisonLevel::ALL.iter().position(|x| *x == l)) {
                levels[i] = true;
            }
            let cadre: Uuid = a.try_get("", "cadre_id")?;
            let by_cadre = db
                .query_one_raw(statement(
                    store,
                    "SELECT MAX(contact_date) AS d FROM contact_pairs \
                     WHERE tenant_id = $1 AND fellow_id = $2 AND cadre_id = $3 AND contact_date <= $4",
                    vec![t.clone(), f.clone(), cadre.into(), as_of.into()],
                ))
                .await?
                .and_then(|r| r.try_get::<Option<NaiveDate>>("", "d").ok().flatten());
            let cycle: i32 = a.try_get("", "cycle_days")?;
            overdue |= state(cycle, started, by_cadre, as_of) == ContactState::Overdue;
        }
        let one = |b: bool| u64::from(b);
        c.fellows += 1;
        c.assigned_county += one(levels[0]);
        c.assigned_township += one(levels[1]);
        c.assigned_village += one(levels[2]);
        c.contacted_90d += one(last.is_some_and(|d| contacted_within(d, as_of)));
        c.overdue += one(overdue);
    }
    Ok(c)
}
