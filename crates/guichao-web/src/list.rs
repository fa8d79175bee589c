//! The one list building block: every list page (fellows, chambers, users,
//! the audit log, import results…) pages and sorts through a [`ListNav`] and
//! shows it with the partials in `templates/_list/`:
//!
//! - `_list/pager.html`: the exact total (共 N 条), previous / next, page
//!   numbers with gaps, and a 跳到第 [ ] 页 form;
//! - `_list/sort.html`: the `th` macro, a column header that sorts by its
//!   column (and toggles the direction), with `aria-sort`;
//! - `_list/caption.html`: the filters as the printed page's title.
//!
//! Every link keeps the page's filters. A page reads `page`, `sort` and `dir`
//! from its query with [`page_number`] and [`Order::parse`], asks the store
//! for the total and for the rows at [`Paging::offset`], and hands both to
//! [`ListNav::new`].

use crate::error::AppError;
use guichao_domain::paging::{MAX_PAGE, PageNumber, Paging};
use serde::Deserialize;

/// The paging and sort parameters of a list page that has no other query
/// (pages with filters add these three fields to their own query struct).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListArgs {
    pub page: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
}

/// The sort of a list: a column code the page offers, and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub column: &'static str,
    pub descending: bool,
}

impl Order {
    /// The `sort` and `dir` of a query among the `sortable` column codes (the
    /// first is the default, ascending). Unknown values are refused.
    pub fn parse(sort: &Option<String>, dir: &Option<String>, sortable: &[&'static str]) -> Result<Order, AppError> {
        let column = match given(sort) {
            None => sortable[0],
            Some(s) => *sortable
                .iter()
                .find(|c| **c == s)
                .ok_or_else(|| AppError::invalid("排序方式无效", "Unknown sort column"))?,
        };
        let descending = match given(dir) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(AppError::invalid("排序方向无效", "Unknown sort direction")),
        };
        Ok(Order { column, descending })
    }
}

/// The page a query asks for (1 when none, or 0; at most [`MAX_PAGE`]); not
/// a whole number is refused.
pub fn page_number(page: &Option<String>) -> Result<u64, AppError> {
    match given(page) {
        None => Ok(1),
        Some(p) => p
            .parse::<u64>()
            .map(|n| n.clamp(1, MAX_PAGE))
            .map_err(|_| AppError::invalid("页码须为正整数", "The page must be a whole number")),
    }
}

/// Page `requested` of a list of `per_page` rows: `fetch(offset)` answers the
/// rows from `offset` and the total. A page past the last one shows the last
/// one (asked for again, once the total is known).
pub async fn fetch_page<T, E, Fut>(
    requested: u64,
    per_page: u64,
    fetch: impl Fn(u64) -> Fut,
) -> Result<(Vec<T>, Paging), E>
where
    Fut: std::future::Future<Output = Result<(Vec<T>, u64), E>>,
{
    let asked = (requested - 1) * per_page;
    let (rows, total) = fetch(asked).await?;
    let paging = Paging::new(requested, per_page, total);
    if paging.offset() == asked {
        return Ok((rows, paging));
    }
    Ok((fetch(paging.offset()).await?.0, paging))
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// One entry of a pager, ready for the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The page number; `None` for a gap (…).
    pub number: Option<u64>,
    pub href: String,
    pub current: bool,
}

/// A page of a list as its links need it: where it lives, its filters, its
/// sort and its paging.
#[derive(Debug, Clone)]
pub struct ListNav {
    /// Owned, since some lists live at a path with an id in it (an import's rejected rows).
    path: String,
    filters: Vec<(&'static str, String)>,
    sortable: &'static [&'static str],
    order: Order,
    paging: Paging,
    caption: String,
}

impl ListNav {
    /// The list at `path` filtered by `filters` (query pairs kept in every
    /// link), sorted by `order` among `sortable` (the first is the default).
    pub fn new(
        path: impl Into<String>,
        filters: Vec<(&'static str, String)>,
        sortable: &'static [&'static str],
        order: Order,
        paging: Paging,
    ) -> Self {
        ListNav { path: path.into(), filters, sortable, order, paging, caption: String::new() }
    }

    /// With the filters described in words, the printed page's title.
    pub fn with_caption(mut self, caption: String) -> Self {
        self.caption = caption;
        self
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn caption(&self) -> &str {
        &self.caption
    }

    pub fn total(&self) -> u64 {
        self.paging.total
    }

    pub fn page(&self) -> u64 {
        self.paging.page
    }

    pub fn pages(&self) -> u64 {
        self.paging.pages()
    }

    /// The first and last row numbers shown, when any.
    pub fn rows(&self) -> Option<(u64, u64)> {
        self.paging.rows()
    }

    pub fn previous_href(&self) -> Option<String> {
        self.paging.previous().map(|p| self.href(p))
    }

    pub fn next_href(&self) -> Option<String> {
        self.paging.next().map(|p| self.href(p))
    }

    /// The pager's page numbers and gaps.
    pub fn numbers(&self) -> Vec<PageLink> {
        self.paging
            .numbers()
            .into_iter()
            .map(|n| match n {
                PageNumber::Page(p) => PageLink { number: Some(p), href: self.href(p), current: p == self.paging.page },
                PageNumber::Gap => PageLink { number: None, href: String::new(), current: false },
            })
            .collect()
    }

    /// Page `page` of this list, same filters and sort.
    pub fn href(&self, page: u64) -> String {
        self.url(self.order, page)
    }

    /// The first page sorted by `column`: the other direction when it is
    /// the current sort, else ascending.
    pub fn sort_href(&self, column: &str) -> String {
        let Some(column) = self.sortable.iter().copied().find(|c| *c == column) else {
            return self.href(1);
        };
        let descending = self.order.column == column && !self.order.descending;
        self.url(Order { column, descending }, 1)
    }

    /// The header's `aria-sort`.
    pub fn aria_sort(&self, column: &str) -> &'static str {
        match (self.order.column == column, self.order.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// The arrow beside a sorted header (▲ or ▼), empty for the others.
    pub fn sort_mark(&self, column: &str) -> &'static str {
        match self.aria_sort(column) {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        }
    }

    /// What the jump form sends besides the page: the filters and the sort.
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.filters.clone();
        pairs.extend(self.order_pairs(self.order));
        pairs
    }

    fn order_pairs(&self, order: Order) -> Vec<(&'static str, String)> {
        let mut pairs = vec![];
        if order.column != self.sortable.first().copied().unwrap_or_default() {
            pairs.push(("sort", order.column.to_string()));
        }
        if order.descending {
            pairs.push(("dir", "desc".to_string()));
        }
        pairs
    }

    fn url(&self, order: Order, page: u64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(&self.filters);
        query.extend_pairs(self.order_pairs(order));
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() { self.path.clone() } else { format!("{}?{query}", self.path) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SORTS: &[&str] = &["name", "updated"];

    fn nav(page: u64, total: u64, order: Order) -> ListNav {
        ListNav::new(
            "/fellows",
            vec![("township_id", "新墙镇".into()), ("tag", "a&b".into())],
            SORTS,
            order,
            Paging::new(page, 50, total),
        )
    }

    fn by_name() -> Order {
        Order { column: "name", descending: false }
    }

    #[test]
    fn links_keep_the_filters_and_the_sort() {
        let n = nav(2, 3210, Order { column: "updated", descending: true });
        let keep = "township_id=%E6%96%B0%E5%A2%99%E9%95%87&tag=a%26b&sort=updated&dir=desc";
        assert_eq!(n.previous_href().unwrap(), format!("/fellows?{keep}"));
        assert_eq!(n.next_href().unwrap(), format!("/fellows?{keep}&page=3"));
        assert_eq!(n.hidden().len(), 4);
    }

    #[test]
    fn the_default_sort_and_first_page_stay_out_of_the_url() {
        let n = ListNav::new("/chambers", vec![], SORTS, by_name(), Paging::new(1, 50, 10));
        assert_eq!(n.href(1), "/chambers");
        assert_eq!(n.sort_href("name"), "/chambers?dir=desc");
        assert_eq!(n.sort_href("updated"), "/chambers?sort=updated");
        assert_eq!((n.previous_href(), n.next_href()), (None, None));
    }

    #[test]
    fn a_sorted_header_toggles_and_others_sort_ascending_from_page_one() {
        let n = nav(5, 3210, Order { column: "name", descending: true });
        assert!(n.sort_href("name").ends_with("tag=a%26b"));
        assert!(n.sort_href("updated").ends_with("&sort=updated"));
        assert_eq!((n.aria_sort("name"), n.aria_sort("updated")), ("descending", "none"));
        assert_eq!((n.sort_mark("name"), n.sort_mark("updated")), ("▼", ""));
        // A column that is not sortable links to the list as it is.
        assert_eq!(n.sort_href("phone"), n.href(1));
    }

    #[test]
    fn page_numbers_link_each_page_and_mark_the_current_one() {
        let numbers = nav(1, 3210, by_name()).numbers();
        let shown: Vec<Option<u64>> = numbers.iter().map(|l| l.number).collect();
        assert_eq!(shown, [Some(1), Some(2), Some(3), None, Some(65)]);
        assert!(numbers[0].current && !numbers[1].current);
        assert!(numbers[4].href.ends_with("&page=65"));
    }

    #[test]
    fn bad_page_and_sort_values_are_refused_in_words() {
        assert_eq!(page_number(&None).unwrap(), 1);
        assert_eq!(page_number(&Some(" 7 ".into())).unwrap(), 7);
        assert_eq!(page_number(&Some("0".into())).unwrap(), 1);
        assert!(page_number(&Some("二".into())).is_err());
        assert_eq!(Order::parse(&None, &None, SORTS).unwrap(), by_name());
        let updated = Order::parse(&Some("updated".into()), &Some("desc".into()), SORTS).unwrap();
        assert_eq!(updated, Order { column: "updated", descending: true });
        assert!(Order::parse(&Some("phone".into()), &None, SORTS).is_err());
        assert!(Order::parse(&None, &Some("up".into()), SORTS).is_err());
    }
}
