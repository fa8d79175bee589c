//! The four-ones area (四个一): the campaign list, the draft form, a
//! campaign's page with its completion table and matrix, a fellow's ticks
//! in it, the list of fellows still missing a touch, the xlsx export, and
//! the `/api/v1/campaigns` routes.

pub mod api;
mod api_types;
mod detail;
mod export;
mod fellow;
mod form;
mod gifts;
mod letters;
mod pages;

pub use letters::print_html;
pub use pages::routes;

use guichao_domain::Lang;
use guichao_domain::campaigns::CampaignState;
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::{MatrixRow, Missing, TickView};

/// "2025-01-06 至 2025-02-12".
pub(crate) fn period(start: chrono::NaiveDate, end: chrono::NaiveDate, lang: Lang) -> String {
    format!("{start} {} {end}", lang.pick("至", "to"))
}

/// The state's label and the CSS class of its badge.
pub(crate) fn state_badge(state: CampaignState, lang: Lang) -> (&'static str, &'static str) {
    let class = match state {
        CampaignState::Draft => "tag warn",
        CampaignState::Launched => "tag on",
        CampaignState::Closed => "tag off",
    };
    (state.label(lang), class)
}

/// A matrix cell as a page shows it: `✓ 01-12` with who and how in its title,
/// or nothing.
pub(crate) struct Cell {
    pub ticked: bool,
    pub text: String,
    pub title: String,
}

pub(crate) fn cell(row: &MatrixRow, kind: ContactKind, lang: Lang) -> Cell {
    match row.tick(kind) {
        None => Cell { ticked: false, text: "—".into(), title: lang.pick("未完成", "Not yet").into() },
        Some(t) => Cell { ticked: true, text: format!("✓ {}", t.date.format("%m-%d")), title: how(t, lang) },
    }
}

/// "2025-01-12 · 联系记录 · 张三：…".
pub(crate) fn how(t: &TickView, lang: Lang) -> String {
    let mut parts = vec![t.date.to_string(), t.source.label(lang).to_string()];
    if !t.by.is_empty() {
        parts.push(t.by.clone());
    }
    if !t.note.is_empty() {
        parts.push(t.note.clone());
    }
    parts.join(" · ")
}

/// A `missing` parameter: a required kind's code, or `any`.
pub(crate) fn parse_missing(text: &str) -> Option<Missing> {
    match text.trim() {
        "any" => Some(Missing::Any),
        code => ContactKind::parse(code).map(Missing::Kind),
    }
}
