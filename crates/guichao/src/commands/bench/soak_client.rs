//! One client of the soak ([`super::soak`]): the requests a clerk's day is
//! made of, each timed and classed, and what each acknowledged write was, so
//! that the soak can read every one of them back afterwards.

use super::ms;
use anyhow::Context;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A write the server acknowledged, to be read back after the run.
#[derive(Debug, Clone)]
pub enum Acked {
    /// A fellow's notes set to `notes` by an edit based on `base_version`.
    Edit { fellow_id: Uuid, base_version: i64, notes: String },
    /// A contact record with the fellow it names.
    Contact { id: Uuid, fellow_id: Uuid },
    /// An import that reported `created` new fellows.
    Import { created: u64 },
}

/// What one client saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub times_ms: Vec<f64>,
    pub requests: u64,
    /// Answers that were neither a success nor an expected conflict.
    pub errors: u64,
    pub error_samples: Vec<String>,
    /// Edits refused because another client's edit landed first (409).
    pub conflicts: u64,
    pub acked: Vec<Acked>,
}

/// What came back.
struct Answer {
    status: StatusCode,
    /// Where a redirect points.
    location: Option<String>,
    /// The `name=value` of a cookie set.
    cookie: Option<String>,
    body: String,
}

/// An API client signed in by token, and (for imports) a browser session.
pub struct SoakClient {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
    pub cookie: Option<String>,
    pub tally: Tally,
}

impl SoakClient {
    pub fn new(base: &str, token: String) -> anyhow::Result<SoakClient> {
        // No redirects followed: the import pages answer 303 with where to go,
        // and the sign-in's cookie rides on its 303.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()?;
        Ok(SoakClient { http, base: base.to_string(), token, cookie: None, tally: Tally::default() })
    }

    /// Sends one request, timed; its answer, or `None` after a transport
    /// failure (counted as an error).
    async fn send(&mut self, request: reqwest::RequestBuilder) -> Option<Answer> {
        let started = Instant::now();
        let answer = async {
            let response = request.send().await?;
            let status = response.status();
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            let location = header("location");
            let cookie = header("set-cookie").and_then(|c| Some(c.split(';').next()?.to_string()));
            Ok::<_, reqwest::Error>(Answer { status, location, cookie, body: response.text().await? })
        }
        .await;
        self.tally.times_ms.push(ms(started));
        self.tally.requests += 1;
        answer.map_err(|e| self.error(format!("transport: {e}"))).ok()
    }

    fn error(&mut self, what: String) {
        self.tally.errors += 1;
        if self.tally.error_samples.len() < 5 {
            self.tally.error_samples.push(what);
        }
    }

    fn api(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token)
    }

    fn page(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base)).header("origin", &self.base);
        match &self.cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    }

    /// `GET path` expecting 200 with JSON.
    pub async fn get_json(&mut self, path: &str) -> Option<Value> {
        let Answer { status, body, .. } = self.send(self.api(Method::GET, path)).await?;
        if status != StatusCode::OK {
            self.error(format!("GET {path}: {status} {}", clip(&body)));
            return None;
        }
        serde_json::from_str(&body).ok().or_else(|| {
            self.error(format!("GET {path}: not JSON"));
            None
        })
    }

    /// An edit of the fellow's notes, based on the version just read: 200
    /// (acknowledged) or 409 (someone else's edit came first).
    pub async fn edit(&mut self, fellow_id: Uuid, mark: &str) {
        let Some(fellow) = self.get_json(&format!("/api/v1/fellows/{fellow_id}")).await else { return };
        let base_version = fellow["version"].as_i64().unwrap_or_default();
        let notes = format!("soak {mark}");
        let text = |key: &str| fellow[key].as_str().unwrap_or_default().to_string();
        let body = json!({
            "name": text("name"), "gender": text("gender"), "birth_date": text("birth_date"),
            "category": text("category"), "township_id": text("township_id"), "village_id": text("village_id"),
            "province": text("province"), "city": text("city"), "district": text("district"),
            "employer": text("employer"), "title": text("title"), "industry": text("industry"),
            "tags": fellow["tags"], "status": text("status"), "source": text("source"),
            "notes": notes, "consent": fellow["consent"], "version": base_version, "confirm_duplicates": true,
        });
        let path = format!("/api/v1/fellows/{fellow_id}");
        let Some(Answer { status, body: answer, .. }) = self.send(self.api(Method::PUT, &path).json(&body)).await
        else {
            return;
        };
        match status {
            StatusCode::OK => self.tally.acked.push(Acked::Edit { fellow_id, base_version, notes }),
            StatusCode::CONFLICT => self.tally.conflicts += 1,
            _ => self.error(format!("PUT {path}: {status} {}", clip(&answer))),
        }
    }

    /// A phone call with the fellow, recorded today.
    pub async fn contact(&mut self, fellow_id: Uuid, day: chrono::NaiveDate, mark: &str) {
        let body = json!({"kind": "call", "date": day.to_string(), "fellow_ids": [fellow_id], "notes": format!("soak {mark}")});
        let Some(Answer { status, body: answer, .. }) =
            self.send(self.api(Method::POST, "/api/v1/contacts").json(&body)).await
        else {
            return;
        };
        let id = serde_json::from_str::<Value>(&answer).ok().and_then(|v| v["id"].as_str()?.parse::<Uuid>().ok());
        match (status, id) {
            (StatusCode::CREATED | StatusCode::OK, Some(id)) => self.tally.acked.push(Acked::Contact { id, fellow_id }),
            _ => self.error(format!("POST /api/v1/contacts: {status} {}", clip(&answer))),
        }
    }

    /// Signs in through the page, as a browser does, keeping the cookie.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> anyhow::Result<()> {
        let form = [("username", username), ("password", password)];
        let answer = self.send(self.page(Method::POST, "/login").form(&form)).await.context("no answer")?;
        anyhow::ensure!(answer.status == StatusCode::SEE_OTHER, "sign-in answered {}", answer.status);
        self.cookie = Some(answer.cookie.context("the sign-in set no cookie")?);
        Ok(())
    }

    /// A roster uploaded through the import pages, checked, committed and
    /// waited for, as a clerk does it.
    pub async fn import(&mut self, file_name: &str, roster: Vec<u8>) {
        match self.import_steps(file_name, roster).await {
            Ok(created) => self.tally.acked.push(Acked::Import { created }),
            Err(e) => self.error(format!("import {file_name}: {e:#}")),
        }
    }

    async fn import_steps(&mut self, file_name: &str, roster: Vec<u8>) -> anyhow::Result<u64> {
        let boundary = format!("soak{}", Uuid::now_v7().simple());
        let mut body = Vec::new();
        body.extend(
            format!("--{boundary}\r\ncontent-disposition: form-data; name=\"on_duplicate\"\r\n\r\nskip\r\n").bytes(),
        );
        body.extend(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 content-type: text/csv\r\n\r\n"
            )
            .bytes(),
        );
        body.extend(roster);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let upload = self
            .page(Method::POST, "/fellows/import")
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        let answer = self.send(upload).await.context("no answer to the upload")?;
        let job =
            answer.location.with_context(|| format!("upload answered {}: {}", answer.status, clip(&answer.body)))?;
        // The columns as the page mapped them, confirmed as they stand.
        let page = self.wait_for(&job, "/mapping\"").await?;
        let mapping = self.page(Method::POST, &format!("{job}/mapping")).form(&mapped_columns(&page));
        let answer = self.send(mapping).await.context("no answer to the mapping")?;
        anyhow::ensure!(answer.status == StatusCode::SEE_OTHER, "mapping answered {}", answer.status);
        self.wait_for(&job, "id=\"commit\"").await?;
        let commit = self.page(Method::POST, &format!("{job}/commit")).form(&[("go", "1")]);
        let answer = self.send(commit).await.context("no answer to the commit")?;
        anyhow::ensure!(answer.status == StatusCode::SEE_OTHER, "commit answered {}", answer.status);
        let page = self.wait_for(&job, "id=\"batch\"").await?;
        let created = page
            .split("导入完成：新增")
            .nth(1)
            .and_then(|rest| rest.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
            .context("the finished import's page does not say how many were created")?;
        Ok(created)
    }

    /// The job's page once it shows `marker`; an error when it fails or the
    /// wait passes two minutes.
    async fn wait_for(&mut self, job: &str, marker: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let Answer { status, body: page, .. } =
                self.send(self.page(Method::GET, job)).await.context("no answer")?;
            anyhow::ensure!(status == StatusCode::OK, "{job} answered {status}");
            if page.contains(marker) {
                return Ok(page);
            }
            anyhow::ensure!(!page.contains("role=\"alert\""), "the import failed: {}", clip(&page));
            anyhow::ensure!(Instant::now() < deadline, "{job} did not show {marker} within two minutes");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// What a browser sends for the mapping page's form: each `col_N` select
/// with its selected option.
fn mapped_columns(page: &str) -> Vec<(String, String)> {
    page.split("<select name=\"")
        .skip(1)
        .filter_map(|select| {
            let (name, rest) = select.split_once('"')?;
            let options = rest.split("</select>").next()?;
            let chosen = options.split("<option value=\"").skip(1).find(|o| o.contains("\" selected>"))?;
            Some((name.to_string(), chosen.split('"').next()?.to_string()))
        })
        .collect()
}

fn clip(text: &str) -> String {
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::mapped_columns;

    #[test]
    fn the_mapping_form_sends_each_columns_selected_field() {
        let page = r#"<form><select name="col_0" aria-label="姓名"><option value="">不导入</option><option value="name" selected>姓名</option><option value="gender">性别</option></select>
<select name="col_1" aria-label="备注"><option value="">不导入</option><option value="notes">备注</option></select>
<select name="col_2"><option value="">不导入</option><option value="phone" selected>手机</option></select></form>"#;
        let sent = mapped_columns(page);
        let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("col_0", "name"), ("col_2", "phone")]);
    }
}
