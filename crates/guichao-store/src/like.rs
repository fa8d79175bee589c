//! `LIKE` patterns built from user text, with the wildcards escaped so that
//! `%` and `_` typed into a search box match themselves.

use sea_orm::sea_query::LikeExpr;

/// A pattern matching values that contain `text`.
pub fn contains(text: &str) -> LikeExpr {
    LikeExpr::new(format!("%{}%", escape(text))).escape('\\')
}

/// A pattern matching values that start with `text`.
pub fn starts_with(text: &str) -> LikeExpr {
    LikeExpr::new(format!("{}%", escape(text))).escape('\\')
}

fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect()
}
