//! A record's edit history as sentences a reader follows: for each edit, who
//! and when, and each field that changed from what to what. The store keeps
//! the record's image before each edit; the state after an edit is the next
//! edit's "before", or the record as it is now. Fellows are named only when
//! the reader may see them; the others are counted.

use crate::layout::show_time;
use guichao_domain::Lang;
use guichao_domain::liaison::ContactKind;
use guichao_store::contacts::{ContactRow, HistoryEntry};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// One edit: when, by whom, and its changes as `(field, before, after)`.
pub struct Edit {
    pub at: String,
    pub user: String,
    pub changes: Vec<(&'static str, String, String)>,
}

/// Names the history may show: fellows the reader sees, chambers by id.
#[derive(Default)]
pub struct Names {
    pub fellows: HashMap<Uuid, String>,
    pub chambers: HashMap<Uuid, String>,
}

/// The record as it is now, in the shape of a history image.
pub fn image_of(c: &ContactRow) -> Value {
    json!({
        "kind": c.kind.code(), "date": c.date, "place": c.place,
        "fellow_ids": c.fellows.iter().map(|f| f.fellow_id).collect::<Vec<_>>(),
        "cadres": c.cadres.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        "chamber_id": c.chamber_id, "notes": c.notes, "outcome": c.outcome,
    })
}

/// The fellow ids an image names.
pub fn fellow_ids(image: &Value) -> Vec<Uuid> {
    image["fellow_ids"]
        .as_array()
        .map(|ids| ids.iter().filter_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok())).collect())
        .unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v.as_str() {
        Some("") | None => "—".into(),
        Some(s) => s.into(),
    }
}

/// One field of an image as the reader reads it.
fn shown(key: &str, image: &Value, names: &Names, lang: Lang) -> String {
    let v = &image[key];
    match key {
        "kind" => v.as_str().and_then(ContactKind::parse).map(|k| k.label(lang).to_string()).unwrap_or_else(|| text(v)),
        "fellow_ids" => {
            let ids = fellow_ids(image);
            let mut seen: Vec<String> = ids.iter().filter_map(|id| names.fellows.get(id).cloned()).collect();
            seen.sort();
            let hidden = ids.len() - seen.len();
            if hidden > 0 {
                seen.push(match lang {
                    Lang::Zh => format!("另{hidden}位乡友"),
                    Lang::En => format!("{hidden} other fellow(s)"),
                });
            }
            seen.join(lang.pick("、", ", "))
        }
        "cadres" => {
            let mut all: Vec<&str> =
                v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            all.sort();
            all.join(lang.pick("、", ", "))
        }
        "chamber_id" => match v.as_str().and_then(|s| Uuid::parse_str(s).ok()) {
            None => "—".into(),
            Some(id) => {
                names.chambers.get(&id).cloned().unwrap_or_else(|| lang.pick("（某商会）", "(a chamber)").into())
            }
        },
        _ => text(v),
    }
}

const FIELDS: [(&str, &str, &str); 8] = [
    ("kind", "联系方式", "How"),
    ("date", "联系日期", "Date"),
    ("place", "地点", "Place"),
    ("fellow_ids", "乡友", "Fellows"),
    ("cadres", "干部", "Cadres"),
    ("chamber_id", "商会", "Chamber"),
    ("notes", "联系内容", "Notes"),
    ("outcome", "成效", "Outcome"),
];

/// The edits of a record, newest first (as the store gives `history`).
pub fn edits(now: &ContactRow, history: &[HistoryEntry], names: &Names, lang: Lang) -> Vec<Edit> {
    let current = image_of(now);
    history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let after = if i == 0 { &current } else { &history[i - 1].before };
            let changes = FIELDS
                .iter()
                .filter_map(|(key, zh, en)| {
                    let (b, a) = (shown(key, &h.before, names, lang), shown(key, after, names, lang));
                    (b != a).then(|| (lang.pick(zh, en), b, a))
                })
                .collect();
            Edit { at: show_time(&h.at), user: h.user.clone(), changes }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_store::contacts::{ContactCadre, ContactFellow};

    fn row(kind: ContactKind, fellows: &[(u128, Option<&str>)], notes: &str) -> ContactRow {
        let at = chrono::Utc::now();
        ContactRow {
            id: Uuid::nil(),
            kind,
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
            place: "深圳".into(),
            fellows: fellows
                .iter()
                .map(|(i, n)| ContactFellow { fellow_id: Uuid::from_u128(*i), name: n.map(String::from) })
                .collect(),
            cadres: vec![ContactCadre { user_id: Uuid::nil(), name: "李干部".into() }],
            chamber_id: None,
            chamber: String::new(),
            notes: notes.into(),
            outcome: String::new(),
            author_id: Uuid::nil(),
            author: "李干部".into(),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn an_edit_reads_before_and_after_with_hidden_fellows_counted() {
        let before = row(ContactKind::Call, &[(1, Some("张三"))], "");
        let now = row(ContactKind::Visit, &[(1, Some("张三")), (2, None)], "谈了投资");
        let history = vec![HistoryEntry {
            at: now.updated_at,
            user_id: Uuid::nil(),
            user: "李干部".into(),
            before: image_of(&before),
        }];
        let names = Names { fellows: [(Uuid::from_u128(1), "张三".to_string())].into(), ..Default::default() };
        let e = &edits(&now, &history, &names, Lang::Zh)[0];
        assert_eq!(e.user, "李干部");
        let changes: Vec<(&str, &str, &str)> = e.changes.iter().map(|(f, b, a)| (*f, b.as_str(), a.as_str())).collect();
        assert_eq!(
            changes,
            [("联系方式", "电话", "上门拜访"), ("乡友", "张三", "张三、另1位乡友"), ("联系内容", "—", "谈了投资")]
        );
    }

    #[test]
    fn older_edits_compare_with_the_next_newer_image() {
        let first = row(ContactKind::Sms, &[(1, Some("张三"))], "");
        let second = row(ContactKind::Call, &[(1, Some("张三"))], "");
        let now = row(ContactKind::Call, &[(1, Some("张三"))], "补记");
        let at = now.updated_at;
        let entry = |r: &ContactRow| HistoryEntry { at, user_id: Uuid::nil(), user: "甲".into(), before: image_of(r) };
        let all = edits(&now, &[entry(&second), entry(&first)], &Names::default(), Lang::En);
        assert_eq!(all[0].changes.iter().map(|c| c.0).collect::<Vec<_>>(), ["Notes"]);
        assert_eq!(all[1].changes, [("How", "SMS".to_string(), "Phone call".to_string())]);
    }
}
