//! Contact records (联系记录) in the browser, inside the liaison area: the
//! list with its filters, the form (the quick entry from 我的联系 opens it
//! prefilled), a record with its follow-ups and edit history, editing and
//! soft deleting, importing an old contact log ([`import`]); and the
//! `/api/v1/contacts` routes. The liaison area's router and API merge these
//! (`liaison::pages::routes`, `liaison::api::routes`).

pub mod api;
mod api_types;
mod choices;
mod detail;
mod form;
mod history;
pub mod import;
mod list;
mod new;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_store::contacts::ContactRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/liaison/contacts", get(list::list).post(new::create))
        .route("/liaison/contacts/new", get(new::form))
        .route(
            "/liaison/contacts/import",
            get(import::upload::form)
                .post(import::upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_UPLOAD)),
        )
        .route("/liaison/contacts/import/{id}", get(import::job::show))
        .route("/liaison/contacts/import/{id}/commit", post(import::job::commit))
        .route("/liaison/contacts/import/{id}/errors.xlsx", get(import::job::errors))
        .route("/liaison/contacts/{id}", get(detail::show))
        .route("/liaison/contacts/{id}/edit", get(detail::edit_form).post(detail::update))
        .route("/liaison/contacts/{id}/delete", post(detail::delete))
}

/// The fellows a record names as its reader may see them: the names they may
/// see, then "另N位乡友" for the others.
pub fn fellow_names(c: &ContactRow, lang: Lang) -> String {
    let mut shown: Vec<String> = c.fellows.iter().filter_map(|f| f.name.clone()).collect();
    let hidden = c.fellows.iter().filter(|f| f.name.is_none()).count();
    if hidden > 0 {
        shown.push(match lang {
            Lang::Zh => format!("另{hidden}位乡友"),
            Lang::En => format!("{hidden} other fellow{}", if hidden == 1 { "" } else { "s" }),
        });
    }
    shown.join(lang.pick("、", ", "))
}

/// The cadres of a record, by name.
pub fn cadre_names(c: &ContactRow, lang: Lang) -> String {
    c.cadres.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(lang.pick("、", ", "))
}

/// The start of a text for a list cell: its first line, at most `chars` characters.
pub fn excerpt(text: &str, chars: usize) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut cut: String = line.chars().take(chars).collect();
    if cut.chars().count() < text.chars().count() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_domain::liaison::ContactKind;
    use guichao_store::contacts::{ContactCadre, ContactFellow};
    use uuid::Uuid;

    fn row(names: &[Option<&str>]) -> ContactRow {
        let at = chrono::Utc::now();
        ContactRow {
            id: Uuid::nil(),
            kind: ContactKind::Forum,
            date: at.date_naive(),
            place: String::new(),
            fellows: names
                .iter()
                .enumerate()
                .map(|(i, n)| ContactFellow { fellow_id: Uuid::from_u128(i as u128), name: n.map(String::from) })
                .collect(),
            cadres: vec![ContactCadre { user_id: Uuid::nil(), name: "李干部".into() }],
            chamber_id: None,
            chamber: String::new(),
            notes: String::new(),
            outcome: String::new(),
            author_id: Uuid::nil(),
            author: String::new(),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn hidden_fellows_are_counted_not_named() {
        let r = row(&[Some("张三"), Some("李四"), None, None]);
        assert_eq!(fellow_names(&r, Lang::Zh), "张三、李四、另2位乡友");
        assert_eq!(fellow_names(&r, Lang::En), "张三, 李四, 2 other fellows");
        assert_eq!(fellow_names(&row(&[None]), Lang::Zh), "另1位乡友");
        assert_eq!(cadre_names(&r, Lang::Zh), "李干部");
    }

    #[test]
    fn an_excerpt_is_the_first_line_cut_short() {
        assert_eq!(excerpt("谈了投资意向", 10), "谈了投资意向");
        assert_eq!(excerpt("谈了投资意向\n第二行", 10), "谈了投资意向…");
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("", 3), "");
    }
}
