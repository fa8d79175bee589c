//! `/campaigns/{id}/export.xlsx`: the matrix in the layout counties keep it
//! in — a total sheet by township first, then one sheet per township with a
//! row per fellow and a column per kind — over the fellows the user may
//! see, with the page's filters. The export is audited with its count.

use super::how;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_sheets::{SheetCell, SheetTable, tables_workbook};
use guichao_store::campaigns::{CompletionBy, MatrixQuery};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Rows read per trip.
const CHUNK: u64 = 500;

pub(super) async fn xlsx(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let uuid = |key: &str| match get(key).as_str() {
        "" => Ok(None),
        v => Uuid::parse_str(v).map(Some).map_err(|_| AppError::invalid("筛选条件无效", "Bad filter")),
    };
    let missing = match get("missing").as_str() {
        "" => None,
        m => Some(
            super::parse_missing(m).ok_or_else(|| AppError::invalid("缺少的慰问方式无效", "Unknown missing kind"))?,
        ),
    };
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let c = campaigns.get(id).await?;
    let kinds = c.kinds.kinds().to_vec();
    let (rows, total) = campaigns.completion(id, CompletionBy::Township, Lang::Zh).await?;
    let mut headers = vec!["乡镇".to_string(), "乡友人数".into(), "应慰问（项次）".into(), "已慰问（项次）".into()];
    headers.extend(["完成率".to_string(), "全部完成（人）".into()]);
    let line = |r: &guichao_domain::campaigns::CompletionRow| {
        vec![
            SheetCell::Text(r.label.clone()),
            SheetCell::Number(r.fellows as f64),
            SheetCell::Number(r.required as f64),
            SheetCell::Number(r.ticks as f64),
            SheetCell::Percent(r.completion),
            SheetCell::Number(r.fellows_done as f64),
        ]
    };
    let mut sheet_rows: Vec<Vec<SheetCell>> = rows.iter().map(line).collect();
    sheet_rows.push(line(&total));
    let mut tables = vec![SheetTable { name: "合计".into(), headers, rows: sheet_rows }];

    let mut per_township: BTreeMap<(usize, String), Vec<Vec<SheetCell>>> = BTreeMap::new();
    let order: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let mut q = MatrixQuery {
        township_id: uuid("township_id")?,
        cadre_id: uuid("cadre_id")?,
        missing,
        limit: CHUNK,
        ..Default::default()
    };
    let mut written = 0u64;
    loop {
        let chunk = campaigns.matrix_rows(id, &q).await?;
        let Some(last) = chunk.last() else { break };
        q.after = Some((last.sort_key.clone(), last.fellow_id));
        for r in &chunk {
            let township = if r.township.is_empty() { "未填乡镇".to_string() } else { r.township.clone() };
            let place = order.iter().position(|t| *t == township).unwrap_or(usize::MAX);
            let sheet = per_township.entry((place, township.clone())).or_default();
            let mut cells = vec![
                SheetCell::Number((sheet.len() + 1) as f64),
                SheetCell::Text(r.name.clone()),
                SheetCell::Text(township),
            ];
            let mut done = 0;
            for k in &kinds {
                let ticks: Vec<String> = r.ticks.iter().filter(|t| t.kind == *k).map(|t| how(t, Lang::Zh)).collect();
                done += usize::from(!ticks.is_empty());
                cells.push(SheetCell::Text(ticks.join("；")));
            }
            cells.push(SheetCell::Text(format!("{done}/{}", kinds.len())));
            sheet.push(cells);
            written += 1;
        }
        if (chunk.len() as u64) < CHUNK {
            break;
        }
    }
    let mut headers = vec!["序号".to_string(), "姓名".into(), "乡镇".into()];
    headers.extend(kinds.iter().map(|k| k.label(Lang::Zh).to_string()));
    headers.push("完成情况".into());
    for ((_, township), rows) in per_township {
        tables.push(SheetTable { name: township, headers: headers.clone(), rows });
    }
    let bytes = tables_workbook(&tables).map_err(|e| AppError::Invalid(e.message()))?;
    state.store.campaigns(&user.actor, Permission::LiaisonRead)?.record_export(id, written).await?;
    Ok(crate::fellows::import::pages::xlsx(bytes, &format!("{}-慰问台账.xlsx", c.name)))
}
