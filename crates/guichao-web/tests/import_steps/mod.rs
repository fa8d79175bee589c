//! The steps of an import through the browser, shared by the import tests:
//! upload and confirm the column mapping, then follow the job's page.

use super::common::{Session, TestResponse};
use axum::http::StatusCode;

/// Follows a job page until it leaves `busy`, and returns it.
pub async fn follow(session: &Session<'_>, path: &str, busy: &str) -> TestResponse {
    for _ in 0..200 {
        let page = session.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        if !page.text.contains(busy) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import at {path} did not finish");
}

/// Each column's field as the mapping page has it selected (`col_N`, code).
pub fn selected_mapping(page: &TestResponse) -> Vec<(String, String)> {
    page.attrs("select[name^='col_']", "name")
        .into_iter()
        .map(|name| {
            let value = page.attr(&format!("select[name='{name}'] option[selected]"), "value").unwrap_or_default();
            (name, value)
        })
        .collect()
}

/// Uploads `file`, confirms the mapping as detected with `changes` (`col_N`,
/// field code or "" to leave out) on top, and returns the job's path. Each
/// POST answers with a redirect to the job's page.
pub async fn upload(
    session: &Session<'_>,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
    changes: &[(&str, &str)],
) -> String {
    let sent = session.post_multipart("/fellows/import", fields, file).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let job = sent.location().unwrap().to_string();
    let mapping = session.get(&job).await;
    assert!(mapping.text.contains("核对表头"), "{}", mapping.text);
    let mut chosen = selected_mapping(&mapping);
    for (name, code) in changes {
        let slot = chosen.iter_mut().find(|(n, _)| n == name).expect("a column of the file");
        slot.1 = code.to_string();
    }
    let pairs: Vec<(&str, &str)> = chosen.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let confirmed = session.post_form(&format!("{job}/mapping"), &pairs).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.text);
    assert_eq!(confirmed.location(), Some(job.as_str()));
    job
}
