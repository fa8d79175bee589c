//! `/chains/nodes/{id}/export.xlsx?city=`: a node's matches as a workbook,
//! in rank order, phones masked unless `reveal=1` is asked by a user who may
//! reveal them (the store checks each fellow and records the export).

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_sheets::ExportWriter;
use guichao_store::chains::MatchExportRow;

/// The columns, in order.
const HEADERS: [&str; 12] =
    ["序号", "姓名", "匹配依据", "现居城市", "工作单位", "职务", "行业", "企业", "商会", "手机", "乡镇", "标签"];

fn cells(r: &MatchExportRow) -> [String; 12] {
    let m = &r.row;
    let evidence: Vec<&str> = m.evidence.iter().map(|e| e.label(Lang::Zh)).collect();
    let companies: Vec<String> = m.companies.iter().map(|c| format!("{}（{}）", c.name, c.industry)).collect();
    [
        r.rank.to_string(),
        m.fellow.name.clone(),
        evidence.join("、"),
        m.fellow.city.clone(),
        m.fellow.employer.clone(),
        m.fellow.title.clone(),
        m.industry.clone(),
        companies.join("；"),
        m.chambers.join("、"),
        r.phone.clone().unwrap_or_default(),
        m.fellow.township.clone(),
        m.fellow.tags.join(" "),
    ]
}

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
    let (city, reveal) = (get("city"), get("reveal") == "1");
    if reveal && !user.actor.can(Permission::FellowReveal) {
        return Err(AppError::Forbidden);
    }
    let chains = state.store.chains(&user.actor, Permission::ProjectRead)?;
    let node = chains.node(id).await?;
    let rows = chains.export_matches(id, &city, reveal).await?;
    let sheet = |e: guichao_sheets::SheetError| AppError::Invalid(e.message());
    let mut writer = ExportWriter::new("相符乡友", &HEADERS).map_err(sheet)?;
    for r in &rows {
        writer.write_row(&cells(r)).map_err(sheet)?;
    }
    let bytes = writer.finish().map_err(sheet)?;
    let place = if city.is_empty() { String::new() } else { format!("-{city}") };
    let name = format!("{}-{}{place}-相符乡友.xlsx", node.chain, node.name);
    Ok(crate::fellows::import::pages::xlsx(bytes, &name))
}
