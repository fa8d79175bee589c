//! The print pages: one A4 letter per sheet (`/campaigns/{id}/letters/print`)
//! with a toolbar to print and to mark the batch printed, and the address
//! label sheet (`/campaigns/{id}/letters/labels`), 2 × 7 labels to an A4
//! sheet, with the fellows who have no address listed above it. Both stand
//! alone (no site header) with their own print stylesheet; the toolbar and
//! the list are hidden on paper.

use super::MergeParams;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_store::campaigns::letters::{Letter, Merge, MergeQuery};
use uuid::Uuid;

/// Labels on one A4 sheet: two across, seven down.
const LABELS_PER_SHEET: usize = 14;

#[derive(Template)]
#[template(path = "campaigns/letters/print.html")]
struct PrintPage<'a> {
    lang: Lang,
    campaign_id: Uuid,
    campaign_name: &'a str,
    merge: &'a Merge,
    q: &'a MergeQuery,
    /// The fellows on the page, comma-joined, for "mark printed".
    fellow_ids: String,
}

impl PrintPage<'_> {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    fn count(&self) -> String {
        let (n, total) = (self.merge.letters.len(), self.merge.total);
        let mut text = match self.lang {
            Lang::Zh => format!("共 {n} 封"),
            Lang::En => format!("{n} letters"),
        };
        if total > n as u64 {
            text.push_str(&match self.lang {
                Lang::Zh => format!("（符合条件 {total} 人，本页为前 {n} 人；标记后再打印其余）"),
                Lang::En => format!(" (of {total}; mark these printed, then print the rest)"),
            });
        }
        text
    }

    fn township_id(&self) -> String {
        self.q.township_id.map(|t| t.to_string()).unwrap_or_default()
    }

    fn template_id(&self) -> String {
        self.q.template_id.map(|t| t.to_string()).unwrap_or_default()
    }
}

/// The print page's HTML for a merge: what `/campaigns/{id}/letters/print`
/// answers, and what the campaign benchmark times.
pub fn print_html(
    lang: Lang,
    campaign_id: Uuid,
    campaign_name: &str,
    merge: &Merge,
    q: &MergeQuery,
) -> Result<String, askama::Error> {
    let fellow_ids = merge.letters.iter().map(|l| l.fellow_id.to_string()).collect::<Vec<_>>().join(",");
    PrintPage { lang, campaign_id, campaign_name, merge, q, fellow_ids }.render()
}

pub(super) async fn letters(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let form = FormData::from_query(raw.as_deref().unwrap_or_default());
    let p = MergeParams::read(&form, &super::default_sign_off(user.actor.tenant_name()))?;
    if p.template_id.is_none() {
        return Err(AppError::invalid("请选择信件模板", "Please choose a letter template"));
    }
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    let c = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let q = p.merge(true);
    let merge = campaigns.merge_letters(id, &q).await?;
    Ok(Html(print_html(user.lang, id, &c.name, &merge, &q).map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "campaigns/letters/labels.html")]
struct LabelsPage {
    lang: Lang,
    campaign_id: Uuid,
    campaign_name: String,
    sheets: Vec<Vec<Letter>>,
    without: Vec<Letter>,
    back: String,
}

impl LabelsPage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    fn labels(&self) -> usize {
        self.sheets.iter().map(Vec::len).sum()
    }
}

pub(super) async fn labels(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let form = FormData::from_query(raw.as_deref().unwrap_or_default());
    let p = MergeParams::read(&form, &super::default_sign_off(user.actor.tenant_name()))?;
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    let c = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let merge = campaigns.merge_letters(id, &p.merge(false)).await?;
    let (with, without): (Vec<Letter>, Vec<Letter>) = merge.letters.into_iter().partition(Letter::has_address);
    let sheets = with.chunks(LABELS_PER_SHEET).map(<[Letter]>::to_vec).collect();
    let page = LabelsPage {
        lang: user.lang,
        campaign_id: id,
        campaign_name: c.name,
        sheets,
        without,
        back: format!("/campaigns/{id}/letters?{}", p.query()),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
