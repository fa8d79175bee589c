//! The list's filters as they travel in a URL (all text, so a half-filled
//! filter form never fails to parse), their checked form ([`FellowQuery`]),
//! the sort, the page number and the keyset cursor of the next page. Pages
//! and the API share them.

use crate::api::vocab::{CategoryCode, HeldRoleCode, LiaisonLevelCode};
use crate::error::AppError;
use crate::list::Order;
use guichao_domain::fellows::{Category, HeldRole};
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::paging::MAX_PAGE;
use guichao_store::Actor;
use guichao_store::fellows::{FellowQuery, FellowRow, FellowSort, MAX_SEARCH_PAGE};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters, search text and cursor of a fellow list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Search text: a name (simplified or traditional), pinyin, initials
    /// (`zs`), a company, a city or a tag. When given, the answer is every
    /// match, best first, with their number, without filters.
    pub q: Option<String>,
    /// Home township (org unit id).
    pub township_id: Option<String>,
    /// Home village (org unit id).
    pub village_id: Option<String>,
    #[param(value_type = Option<CategoryCode>)]
    pub category: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    /// Current member of this chamber (chamber id).
    pub chamber_id: Option<String>,
    /// Written by this import (the import's id, as its result page links it).
    pub import: Option<String>,
    pub tag: Option<String>,
    /// Holds this role today.
    #[param(value_type = Option<HeldRoleCode>)]
    pub held_role: Option<String>,
    /// Has a live liaison assignment to this cadre (a user id, or `mine`).
    pub cadre: Option<String>,
    /// Has no live liaison assignment at this level.
    #[param(value_type = Option<LiaisonLevelCode>)]
    pub missing_level: Option<String>,
    /// `true` (or `on`) lists archived fellows instead of current ones.
    pub archived: Option<String>,
    /// Cursor from the previous page's `next`: without `q`, the keyset of
    /// the name order; with `q`, the number of matches already shown.
    pub after: Option<String>,
    /// Page number, from 1, of `limit` rows (not with `q`; pages list the
    /// page after by number in `next`).
    pub page: Option<String>,
    /// `name` (pinyin order, the default) or `updated` (last change); not with
    /// `q` (ranked). Another order than the default pages by number.
    pub sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub dir: Option<String>,
    /// Page size, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// A parameter's text, trimmed; `None` when empty.
/// The columns a fellow list sorts by, the default first (codes of [`FellowSort`]).
pub const SORTS: &[&str] = &["name", "updated"];

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn bad(zh: &str, en: &str) -> AppError {
    AppError::invalid(format!("筛选条件有误：{zh}"), format!("Bad filter: {en}"))
}

fn id(value: &Option<String>, zh: &str, en: &str) -> Result<Option<Uuid>, AppError> {
    given(value).map(|v| Uuid::parse_str(v).map_err(|_| bad(zh, en))).transpose()
}

impl ListParams {
    /// The search text, when there is one.
    pub fn search_text(&self) -> Option<&str> {
        given(&self.q)
    }

    pub fn text(&self, value: &Option<String>) -> String {
        given(value).unwrap_or_default().to_string()
    }

    pub fn archived(&self) -> bool {
        matches!(given(&self.archived), Some("on" | "true" | "1"))
    }

    /// The checked sort.
    pub fn order(&self) -> Result<Order, AppError> {
        Order::parse(&self.sort, &self.dir, SORTS)
    }

    /// The checked query for `actor` (`mine` becomes their own id), from
    /// the first row in its order.
    pub fn to_query(&self, actor: &Actor, limit: u64) -> Result<FellowQuery, AppError> {
        let code = |value: &Option<String>, known: fn(&str) -> bool, zh: &str, en: &str| {
            given(value).map(|v| if known(v) { Ok(v.to_string()) } else { Err(bad(zh, en)) }).transpose()
        };
        let order = self.order()?;
        if order != Order::parse(&None, &None, SORTS)? && given(&self.after).is_some() {
            return Err(AppError::invalid(
                "翻页参数只用于按姓名排序，请从第一页重新查看",
                "The cursor only pages the name order",
            ));
        }
        let cadre_id = match given(&self.cadre) {
            None => None,
            Some("mine") => Some(actor.user_id()),
            Some(v) => Some(Uuid::parse_str(v).map_err(|_| bad("联系人编号无效", "unknown cadre id"))?),
        };
        Ok(FellowQuery {
            township_id: id(&self.township_id, "乡镇编号无效", "unknown township id")?,
            village_id: id(&self.village_id, "村（社区）编号无效", "unknown village id")?,
            category: code(&self.category, |c| Category::parse(c).is_some(), "类别无效", "unknown category")?,
            province: given(&self.province).map(str::to_string),
            city: given(&self.city).map(str::to_string),
            industry: given(&self.industry).map(str::to_string),
            chamber_id: id(&self.chamber_id, "商会编号无效", "unknown chamber id")?,
            import: id(&self.import, "导入批次编号无效", "unknown import id")?,
            tag: given(&self.tag).map(str::to_string),
            held_role: code(&self.held_role, |r| HeldRole::parse(r).is_some(), "任职类型无效", "unknown role")?,
            cadre_id,
            missing_level: code(
                &self.missing_level,
                |l| LiaisonLevel::parse(l).is_some(),
                "联系层级无效",
                "unknown liaison level",
            )?,
            archived: self.archived(),
            after: given(&self.after).map(decode_cursor).transpose()?,
            sort: FellowSort::parse(order.column).unwrap_or_default(),
            descending: order.descending,
            offset: 0,
            limit,
        })
    }

    /// The query string of these filters (without cursor and limit), for links.
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let fields = [
            ("township_id", &self.township_id),
            ("village_id", &self.village_id),
            ("category", &self.category),
            ("province", &self.province),
            ("city", &self.city),
            ("industry", &self.industry),
            ("chamber_id", &self.chamber_id),
            ("import", &self.import),
            ("tag", &self.tag),
            ("held_role", &self.held_role),
            ("cadre", &self.cadre),
            ("missing_level", &self.missing_level),
        ];
        let mut pairs: Vec<(&'static str, String)> =
            fields.into_iter().filter_map(|(k, v)| given(v).map(|v| (k, v.to_string()))).collect();
        if self.archived() {
            pairs.push(("archived", "on".into()));
        }
        pairs
    }

    /// Whether any filter is set (besides the search text).
    pub fn filtered(&self) -> bool {
        !self.filter_pairs().is_empty()
    }

    /// With search text: how many matches the page skips (its `after`). More
    /// than any registry holds ([`MAX_PAGE`] pages of the largest) means the
    /// same as past the last match, and stays an offset the databases accept.
    pub fn search_offset(&self) -> Result<u64, AppError> {
        given(&self.after).map_or(Ok(0), |a| {
            a.parse::<u64>()
                .map(|n| n.min(MAX_PAGE * MAX_SEARCH_PAGE))
                .map_err(|_| AppError::invalid("翻页参数无效，请从第一页重新查看", "The page cursor is not valid"))
        })
    }

    /// The path of the search page after `shown` matches.
    pub fn next_search_path(&self, base: &str, text: &str, shown: u64, limit: Option<u64>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", text);
        if let Some(limit) = limit {
            query.append_pair("limit", &limit.to_string());
        }
        query.append_pair("after", &shown.to_string());
        format!("{base}?{}", query.finish())
    }

    /// The path of the page after page `page` (whose last row is `last`),
    /// keeping the filters and the sort: by keyset cursor in the default
    /// order when no page number was asked for, else by the next number.
    pub fn next_path(&self, base: &str, last: &FellowRow, limit: u64, page: u64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(self.filter_pairs());
        query.append_pair("limit", &limit.to_string());
        let by_cursor = given(&self.page).is_none() && given(&self.sort).is_none() && given(&self.dir).is_none();
        if by_cursor {
            query.append_pair("after", &encode_cursor(last));
        } else {
            for (key, value) in [("after", &self.after), ("sort", &self.sort), ("dir", &self.dir)] {
                if let Some(v) = given(value) {
                    query.append_pair(key, v);
                }
            }
            query.append_pair("page", &(page + 1).to_string());
        }
        format!("{base}?{}", query.finish())
    }
}

/// The cursor after a row: its id, a colon, its sort key (ids hold no colon).
pub fn encode_cursor(row: &FellowRow) -> String {
    format!("{}:{}", row.id, row.sort_key)
}

fn decode_cursor(text: &str) -> Result<(String, Uuid), AppError> {
    let invalid = || AppError::invalid("翻页参数无效，请从第一页重新查看", "The page cursor is not valid");
    let (id, key) = text.split_once(':').ok_or_else(invalid)?;
    Ok((key.to_string(), Uuid::parse_str(id).map_err(|_| invalid())?))
}

/// Reads one more row than the page holds, to know whether a next page exists
/// without offering a link to an empty one. Returns the limit to ask the store for.
pub fn probe_limit(page: u64) -> u64 {
    (page + 1).min(200)
}

/// Cuts the probe row off; true when there is more after this page.
pub fn cut_page(rows: &mut Vec<FellowRow>, page: u64) -> bool {
    // The store never returns more than 200, so a 200-row page cannot probe:
    // offer the next page when it is full.
    let more = rows.len() as u64 > page || (page >= 200 && rows.len() as u64 == page);
    rows.truncate(page as usize);
    more && !rows.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_names_with_colons() {
        let row_id = Uuid::now_v7();
        let text = format!("{row_id}:张:三");
        assert_eq!(decode_cursor(&text).unwrap(), ("张:三".to_string(), row_id));
        assert!(decode_cursor("nonsense").is_err());
    }

    #[test]
    fn empty_filters_are_no_filters() {
        let p = ListParams { city: Some("  ".into()), tag: Some("电子".into()), ..Default::default() };
        assert_eq!(p.filter_pairs(), vec![("tag", "电子".to_string())]);
        assert!(p.filtered());
        assert!(!ListParams::default().filtered());
    }
}
