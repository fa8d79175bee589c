//! Pages of a list: which page a request lands on, how many pages there
//! are, and the page numbers a pager offers (first, last and the current
//! page's neighbours, with gaps between).

/// Page numbers shown on each side of the current one.
const AROUND: u64 = 2;

/// The highest page a request may name. A page past the last lands on the
/// last, so a larger number would mean the same; bounding it keeps every
/// offset (page × rows a page) far inside what the databases accept.
pub const MAX_PAGE: u64 = 1_000_000_000;

/// One page of a list of `total` rows, `per_page` to a page. Pages count
/// from 1; a request past the last page lands on the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// An entry of a pager: a page number, or a gap standing for those left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageNumber {
    Page(u64),
    Gap,
}

impl Paging {
    /// The page `requested` (1 when 0) of `total` rows, clamped to the last page.
    pub fn new(requested: u64, per_page: u64, total: u64) -> Self {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        Paging { page: requested.clamp(1, pages), per_page, total }
    }

    /// How many pages there are (1 for an empty list).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }

    /// Rows before this page.
    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }

    /// The 1-based numbers of the first and last row shown, or `None` when empty.
    pub fn rows(&self) -> Option<(u64, u64)> {
        (self.total > 0).then(|| (self.offset() + 1, (self.offset() + self.per_page).min(self.total)))
    }

    pub fn previous(&self) -> Option<u64> {
        (self.page > 1).then(|| self.page - 1)
    }

    pub fn next(&self) -> Option<u64> {
        (self.page < self.pages()).then(|| self.page + 1)
    }

    /// The pager's entries: page 1, the last page and the pages within
    /// [`AROUND`] of the current one, a gap where pages are left out. A gap
    /// never hides a single page: that page is shown instead.
    pub fn numbers(&self) -> Vec<PageNumber> {
        let last = self.pages();
        let from = self.page.saturating_sub(AROUND).max(1);
        let to = (self.page + AROUND).min(last);
        let mut out = vec![];
        let push_range = |out: &mut Vec<PageNumber>, a: u64, b: u64| out.extend((a..=b).map(PageNumber::Page));
        match from {
            1 => {}
            2 | 3 => push_range(&mut out, 1, from - 1),
            _ => out.extend([PageNumber::Page(1), PageNumber::Gap]),
        }
        push_range(&mut out, from, to);
        match last - to {
            0 => {}
            1 | 2 => push_range(&mut out, to + 1, last),
            _ => out.extend([PageNumber::Gap, PageNumber::Page(last)]),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::PageNumber::{Gap, Page};
    use super::*;

    fn numbers(page: u64, pages: u64) -> Vec<PageNumber> {
        Paging::new(page, 10, pages * 10).numbers()
    }

    #[test]
    fn pages_offsets_and_rows() {
        let p = Paging::new(3, 50, 3210);
        assert_eq!((p.pages(), p.offset(), p.rows()), (65, 100, Some((101, 150))));
        assert_eq!(Paging::new(65, 50, 3210).rows(), Some((3201, 3210)));
        assert_eq!((p.previous(), p.next()), (Some(2), Some(4)));
    }

    #[test]
    fn out_of_range_requests_land_on_the_first_or_last_page() {
        assert_eq!(Paging::new(0, 50, 120).page, 1);
        assert_eq!(Paging::new(99, 50, 120).page, 3);
        let empty = Paging::new(5, 50, 0);
        assert_eq!((empty.page, empty.pages(), empty.rows(), empty.next()), (1, 1, None, None));
    }

    #[test]
    fn few_pages_are_all_shown() {
        assert_eq!(numbers(1, 1), [Page(1)]);
        assert_eq!(numbers(3, 5), [Page(1), Page(2), Page(3), Page(4), Page(5)]);
    }

    #[test]
    fn far_pages_become_gaps() {
        assert_eq!(numbers(1, 65), [Page(1), Page(2), Page(3), Gap, Page(65)]);
        assert_eq!(numbers(30, 65), [Page(1), Gap, Page(28), Page(29), Page(30), Page(31), Page(32), Gap, Page(65)]);
        assert_eq!(numbers(65, 65), [Page(1), Gap, Page(63), Page(64), Page(65)]);
    }

    #[test]
    fn a_gap_never_stands_for_one_page() {
        assert_eq!(numbers(4, 9), [Page(1), Page(2), Page(3), Page(4), Page(5), Page(6), Gap, Page(9)]);
        assert_eq!(numbers(6, 9), [Page(1), Gap, Page(4), Page(5), Page(6), Page(7), Page(8), Page(9)]);
    }
}
