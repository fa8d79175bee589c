//! A campaign's greeting letters (慰问信件): the county's letter templates
//! (`/campaigns/letter-templates`), a campaign's letters page with the merge
//! form and its printed batches (`/campaigns/{id}/letters`), the print page
//! of one A4 letter per sheet with its "mark printed" button, the address
//! label sheet, a fellow's mailing details, and the `/api/v1` routes.
//! Who may merge and print is who may tick (the store decides).

pub mod api;
mod api_types;
mod pages;
mod print;
mod templates;

pub use print::print_html;

use crate::AppState;
use crate::error::AppError;
use crate::extract::FormData;
use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use guichao_domain::date::{parse_optional_date, today};
use guichao_store::campaigns::letters::MergeQuery;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns/letter-templates", get(templates::list).post(templates::create))
        .route("/campaigns/letter-templates/{id}", get(templates::edit).post(templates::update))
        .route("/campaigns/letter-templates/{id}/delete", post(templates::delete))
        .route("/campaigns/{id}/letters", get(pages::show))
        .route("/campaigns/{id}/letters/print", get(print::letters))
        .route("/campaigns/{id}/letters/labels", get(print::labels))
        .route("/campaigns/{id}/letters/batches", post(pages::mark_printed))
        .route("/campaigns/{id}/letters/batches/{batch_id}/undo", post(pages::undo))
        .route("/campaigns/{id}/letters/fellows/{fellow_id}", get(pages::address).post(pages::save_address))
}

/// The merge as a query string or form names it: `template_id`,
/// `township_id`, `all` (also the fellows already ticked), `sign_off`, `date`.
#[derive(Debug, Clone)]
pub(crate) struct MergeParams {
    pub template_id: Option<Uuid>,
    pub township_id: Option<Uuid>,
    pub all: bool,
    pub sign_off: String,
    pub date: NaiveDate,
}

fn id_of(form: &FormData, name: &str, zh: &str, en: &str) -> Result<Option<Uuid>, AppError> {
    let text = form.get(name);
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(text).map(Some).map_err(|_| AppError::invalid(format!("{zh}无效"), format!("Unknown {en}")))
}

impl MergeParams {
    pub(crate) fn read(form: &FormData, default_sign_off: &str) -> Result<MergeParams, AppError> {
        let date = match parse_optional_date(form.get("date").trim()) {
            Ok(Some(day)) => day,
            Ok(None) => today(),
            Err(e) => return Err(AppError::Invalid(e.msg("信件日期", "letter date", &form.get("date")))),
        };
        let sign_off = form.get("sign_off");
        Ok(MergeParams {
            template_id: id_of(form, "template_id", "信件模板", "template")?,
            township_id: id_of(form, "township_id", "乡镇", "township")?,
            all: form.get("all") == "1",
            sign_off: if sign_off.trim().is_empty() { default_sign_off.to_string() } else { sign_off },
            date,
        })
    }

    pub(crate) fn merge(&self, template: bool) -> MergeQuery {
        MergeQuery {
            template_id: if template { self.template_id } else { None },
            township_id: self.township_id,
            only_unticked: !self.all,
            sign_off: self.sign_off.clone(),
            date: self.date,
            limit: guichao_domain::campaigns::letters::MAX_LETTERS,
        }
    }

    /// The params as a query string, for links between the pages.
    pub(crate) fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(t) = self.template_id {
            q.append_pair("template_id", &t.to_string());
        }
        if let Some(t) = self.township_id {
            q.append_pair("township_id", &t.to_string());
        }
        if self.all {
            q.append_pair("all", "1");
        }
        q.append_pair("sign_off", &self.sign_off).append_pair("date", &self.date.to_string()).finish()
    }
}

/// The sign-off a county's letters carry unless another is chosen.
pub(crate) fn default_sign_off(tenant_name: &str) -> String {
    format!("{tenant_name}人民政府")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_reads_from_a_query_and_back() {
        let form = FormData::from_query("township_id=&date=2025-01-20&all=1&sign_off=%E5%8E%BF%20%E5%BA%9C");
        let p = MergeParams::read(&form, "岳阳县人民政府").unwrap();
        assert_eq!(p.sign_off, "县 府");
        assert!(p.all && p.township_id.is_none());
        assert_eq!(p.query(), "all=1&sign_off=%E5%8E%BF+%E5%BA%9C&date=2025-01-20");
        let p = MergeParams::read(&FormData::from_query(""), "岳阳县人民政府").unwrap();
        assert_eq!(p.sign_off, "岳阳县人民政府");
        assert!(MergeParams::read(&FormData::from_query("template_id=x"), "").is_err());
    }
}
