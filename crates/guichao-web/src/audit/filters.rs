//! The audit log's filters as a page or the API receives them: dates as
//! typed (China's calendar days), a user, an action, and an object by name or
//! by the id a record's page links with. Bad input gets a message saying
//! what to write.

use crate::error::AppError;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use guichao_domain::audit::AuditAction;
use guichao_domain::date::china_offset;
use guichao_store::audit::AuditQuery;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// The kinds of record a link to the log may name.
const TARGET_TYPES: [&str; 4] = ["fellow", "chamber", "user", "unit"];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filters {
    /// First day, `2026-01-31`.
    pub from: Option<String>,
    /// Last day (included).
    pub to: Option<String>,
    /// The user who did it (id).
    pub user: Option<String>,
    pub action: Option<String>,
    /// A record's name, as written.
    pub object: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The start of a China calendar day, as typed.
pub(super) fn day_start(text: &str, which: (&str, &str)) -> Result<chrono::DateTime<Utc>, AppError> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        AppError::invalid(
            format!("{}应写成 2026-01-31 这样的日期", which.0),
            format!("Write the {} as a date like 2026-01-31", which.1),
        )
    })?;
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Ok(china_offset().from_local_datetime(&midnight).single().expect("a fixed offset has no gaps").with_timezone(&Utc))
}

impl Filters {
    /// The store's query (without paging), or a message about the first bad filter.
    pub fn query(&self) -> Result<AuditQuery, AppError> {
        let from = given(&self.from).map(|d| day_start(d, ("开始日期", "first day"))).transpose()?;
        let to = given(&self.to).map(|d| day_start(d, ("结束日期", "last day"))).transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::invalid("开始日期晚于结束日期", "The first day is after the last day"));
        }
        let until = to.map(|t| t + Days::new(1));
        let actor = given(&self.user)
            .map(|u| {
                Uuid::parse_str(u)
                    .map_err(|_| AppError::invalid("所选用户无效，请从列表中选择", "Pick a user from the list"))
            })
            .transpose()?;
        let action = given(&self.action)
            .map(|a| {
                AuditAction::parse(a).map(|a| a.code().to_string()).ok_or_else(|| {
                    AppError::invalid("没有这种操作类型，请从列表中选择", "Pick an action from the list")
                })
            })
            .transpose()?;
        let target = match (given(&self.target_type), given(&self.target_id)) {
            (None, None) => None,
            (Some(kind), Some(id)) if TARGET_TYPES.contains(&kind) && Uuid::parse_str(id).is_ok() => {
                Some((kind.to_string(), id.to_string()))
            }
            _ => return Err(AppError::invalid("操作对象的链接无效", "The link to the record is not valid")),
        };
        let target_name = given(&self.object).map(|o| o.chars().take(100).collect());
        Ok(AuditQuery { action, target, target_name, actor, from, until, ..AuditQuery::default() })
    }

    /// The filters as a query string (for pages and the export link).
    pub fn query_string(&self) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        for (key, value) in self.pairs() {
            url.append_pair(key, value);
        }
        url.finish()
    }

    /// The filters given, as recorded with an export.
    pub fn json(&self) -> serde_json::Value {
        self.pairs().into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>().into()
    }

    /// The filters given, as query pairs (kept in every link of the pager).
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("user", &self.user),
            ("action", &self.action),
            ("object", &self.object),
            ("target_type", &self.target_type),
            ("target_id", &self.target_id),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, given(v)?)))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(from: &str, to: &str) -> Filters {
        Filters { from: Some(from.into()), to: Some(to.into()), ..Filters::default() }
    }

    #[test]
    fn days_are_china_days_and_the_last_one_is_included() {
        let q = filters("2026-03-01", "2026-03-01").query().unwrap();
        assert_eq!(q.from.unwrap().to_rfc3339(), "2026-02-28T16:00:00+00:00");
        assert_eq!(q.until.unwrap().to_rfc3339(), "2026-03-01T16:00:00+00:00");
    }

    #[test]
    fn bad_filters_say_what_to_write() {
        let msg = |f: Filters| f.query().unwrap_err().message(guichao_domain::Lang::Zh);
        assert!(msg(filters("3月1日", "")).contains("开始日期应写成"));
        assert!(msg(filters("2026-03-02", "2026-03-01")).contains("晚于"));
        assert!(msg(Filters { action: Some("fellow.delete".into()), ..Filters::default() }).contains("没有这种操作"));
        let link = Filters { target_type: Some("fellow".into()), target_id: Some("1".into()), ..Filters::default() };
        assert!(msg(link).contains("链接无效"));
    }

    #[test]
    fn empty_filters_are_left_out_of_links() {
        let f = Filters { action: Some("fellow.export".into()), user: Some(" ".into()), ..Filters::default() };
        assert_eq!(f.query_string(), "action=fellow.export");
        assert_eq!(f.json(), json!({"action": "fellow.export"}));
    }
}
