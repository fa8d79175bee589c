//! Writing the fellow list to xlsx (the list page's export button and
//! `guichao export fellows`): the columns of the import template, so an
//! export can be edited and imported again.

use crate::{ExportWriter, Field, SheetError};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Category, FellowStatus, Gender};
use guichao_store::fellows::{ExportRow, FellowQuery};
use guichao_store::{Actor, Store, StoreError};

/// Rows read from the store per page.
const PAGE: u64 = 2_000;

/// The exported columns, in order.
const COLUMNS: [Field; 19] = [
    Field::Name,
    Field::Gender,
    Field::BirthDate,
    Field::Township,
    Field::Village,
    Field::Category,
    Field::Province,
    Field::City,
    Field::District,
    Field::Employer,
    Field::Title,
    Field::Industry,
    Field::Phone,
    Field::IdNumber,
    Field::WeChat,
    Field::Email,
    Field::Tags,
    Field::Status,
    Field::Notes,
];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The fellows `actor` may see that `q` selects, as an xlsx, and how many.
/// Audited as one event naming the filters.
pub async fn fellows_xlsx(
    store: &Store,
    actor: &Actor,
    q: &FellowQuery,
    filters: serde_json::Value,
    reveal: bool,
) -> Result<(Vec<u8>, usize), ExportError> {
    let headers: Vec<&str> = COLUMNS.iter().map(|f| f.header()).collect();
    let mut writer = ExportWriter::new("乡友", &headers)?;
    let mut page = FellowQuery { limit: PAGE, after: None, ..q.clone() };
    let mut total = 0;
    loop {
        let rows = store.fellows(actor, Permission::FellowRead)?.export_page(&page, reveal).await?;
        let Some(last) = rows.last() else { break };
        page.after = Some((last.sort_key.clone(), last.id));
        total += rows.len();
        for row in &rows {
            writer.write_row(&cells(row))?;
        }
        if (rows.len() as u64) < PAGE {
            break;
        }
    }
    let bytes = writer.finish()?;
    store.fellows(actor, Permission::FellowRead)?.record_export(filters, total, reveal).await?;
    Ok((bytes, total))
}

fn cells(r: &ExportRow) -> [String; 19] {
    let zh = Lang::Zh;
    let label = |code: &Option<String>| code.as_deref().and_then(Gender::parse).map(|g| g.label(zh)).unwrap_or("");
    let [phone, id_number, wechat, email] = r.personal.clone().map(Option::unwrap_or_default);
    [
        r.name.clone(),
        label(&r.gender).to_string(),
        r.birth_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        r.township.clone(),
        r.village.clone(),
        Category::parse(&r.category).map(|c| c.label(zh)).unwrap_or(&r.category).to_string(),
        r.province.clone(),
        r.city.clone(),
        r.district.clone(),
        r.employer.clone(),
        r.title.clone(),
        r.industry.clone(),
        phone,
        id_number,
        wechat,
        email,
        r.tags.join(" "),
        FellowStatus::parse(&r.status).map(|s| s.label(zh)).unwrap_or(&r.status).to_string(),
        r.notes.clone(),
    ]
}
