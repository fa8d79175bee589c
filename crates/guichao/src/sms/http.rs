//! The HTTP provider: one POST a message in the request shape of Aliyun's or
//! Tencent Cloud's `SendSms`, with the message's own id as OutId /
//! SessionContext, the key as a bearer token and the signature as SignName.
//! (The request is meant for the county's SMS gateway or a relay that signs
//! it for the cloud API.) An `https://` URL is checked against Mozilla's
//! roots, which the binary carries, and any CA in `ca_file`; a certificate
//! that does not check out means the message never left.
//!
//! Retries, with exponential backoff, only when the message surely did not
//! go: the connection was refused, or the provider answered 429 / 503 (it
//! took nothing). Any other failure after the request may have left (a
//! timeout, a dropped connection, a 5xx, an answer that cannot be read) is
//! [`SendOutcome::Unknown`]: the message stays `sending` and is never sent
//! twice.

use super::config::{Shape, SmsConfig};
use guichao_store::sms::provider::{OutgoingSms, SendOutcome, SmsProvider};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

pub struct HttpProvider {
    client: reqwest::Client,
    url: String,
    key: String,
    signature: String,
    app_id: String,
    shape: Shape,
    retries: u32,
    backoff: Duration,
}

/// What one request came to.
enum Try {
    Done(SendOutcome),
    /// Surely not sent: may be tried again.
    Again(String),
}

impl HttpProvider {
    pub fn new(config: &SmsConfig) -> anyhow::Result<HttpProvider> {
        let url = config.url.clone().filter(|u| !u.trim().is_empty());
        let url = url.ok_or_else(|| anyhow::anyhow!("[sms] provider = \"http\" needs a url"))?;
        let mut client = reqwest::Client::builder().timeout(config.timeout()).connect_timeout(Duration::from_secs(5));
        if let Some(path) = &config.ca_file {
            let pem = std::fs::read(path)
                .map_err(|e| anyhow::anyhow!("[sms] ca_file {} cannot be read: {e}", path.display()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| anyhow::anyhow!("[sms] ca_file {} is not PEM certificates: {e}", path.display()))?;
            if certs.is_empty() {
                anyhow::bail!("[sms] ca_file {} holds no certificate", path.display());
            }
            for cert in certs {
                client = client.add_root_certificate(cert);
            }
        }
        let client = client.build()?;
        Ok(HttpProvider {
            client,
            url,
            key: config.key(),
            signature: config.signature.clone().unwrap_or_default(),
            app_id: config.app_id.clone().unwrap_or_default(),
            shape: config.shape,
            retries: config.retries.unwrap_or(3),
            backoff: Duration::from_millis(config.backoff_ms.unwrap_or(500)),
        })
    }

    /// The request body of one message.
    pub fn body(&self, msg: &OutgoingSms<'_>) -> Value {
        let pairs: Vec<(String, String)> = msg
            .params
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        match self.shape {
            Shape::Aliyun => {
                let params: serde_json::Map<String, Value> = pairs.into_iter().map(|(k, v)| (k, v.into())).collect();
                json!({
                    "PhoneNumbers": msg.phone,
                    "SignName": self.signature,
                    "TemplateCode": msg.provider_template,
                    // Aliyun takes the parameters as a JSON string.
                    "TemplateParam": Value::Object(params).to_string(),
                    "OutId": msg.id.to_string(),
                })
            }
            Shape::Tencent => json!({
                "PhoneNumberSet": [format!("+86{}", msg.phone)],
                "SmsSdkAppId": self.app_id,
                "SignName": self.signature,
                "TemplateId": msg.provider_template,
                "TemplateParamSet": pairs.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
                "SessionContext": msg.id.to_string(),
            }),
        }
    }

    async fn attempt(&self, body: &Value) -> Try {
        let sent = self.client.post(&self.url).bearer_auth(&self.key).json(body).send().await;
        let response = match sent {
            Ok(r) => r,
            // Refused or unresolvable: the request never left.
            Err(e) if e.is_connect() => return Try::Again(format!("无法连接短信平台：{e}")),
            Err(e) => return Try::Done(SendOutcome::Unknown { detail: format!("请求已发出但无应答：{e}") }),
        };
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            return Try::Again(format!("短信平台繁忙（HTTP {}）", status.as_u16()));
        }
        let text = match response.text().await {
            Ok(t) => t,
            Err(e) => return Try::Done(SendOutcome::Unknown { detail: format!("应答读取失败：{e}") }),
        };
        let detail = |what: &str| format!("HTTP {} {what}", status.as_u16());
        if status.is_server_error() {
            return Try::Done(SendOutcome::Unknown { detail: detail(&clip(&text)) });
        }
        if !status.is_success() {
            return Try::Done(SendOutcome::Rejected { detail: detail(&clip(&text)) });
        }
        let Ok(answer) = serde_json::from_str::<Value>(&text) else {
            return Try::Done(SendOutcome::Unknown {
                detail: detail(&format!("应答无法识别：{}", clip(&text)))
            });
        };
        Try::Done(self.read(&answer).unwrap_or_else(|| SendOutcome::Unknown {
            detail: detail(&format!("应答无法识别：{}", clip(&text))),
        }))
    }

    /// The provider's verdict in its answer, `None` when it has none.
    fn read(&self, answer: &Value) -> Option<SendOutcome> {
        let refused = |code: &str, message: &str| SendOutcome::Rejected { detail: format!("{code} {message}") };
        match self.shape {
            Shape::Aliyun => {
                let code = answer.get("Code")?.as_str()?;
                if code == "OK" {
                    let id = answer.get("BizId").and_then(Value::as_str).unwrap_or_default();
                    Some(SendOutcome::Accepted { provider_id: id.to_string(), delivered: false })
                } else {
                    Some(refused(code, answer.get("Message").and_then(Value::as_str).unwrap_or_default()))
                }
            }
            Shape::Tencent => {
                let r = answer.get("Response")?;
                if let Some(e) = r.get("Error") {
                    let code = e.get("Code").and_then(Value::as_str).unwrap_or_default();
                    return Some(refused(code, e.get("Message").and_then(Value::as_str).unwrap_or_default()));
                }
                let s = r.get("SendStatusSet")?.get(0)?;
                let code = s.get("Code")?.as_str()?;
                if code.eq_ignore_ascii_case("ok") {
                    let id = s.get("SerialNo").and_then(Value::as_str).unwrap_or_default();
                    Some(SendOutcome::Accepted { provider_id: id.to_string(), delivered: false })
                } else {
                    Some(refused(code, s.get("Message").and_then(Value::as_str).unwrap_or_default()))
                }
            }
        }
    }
}

/// At most 200 characters of a provider's answer.
fn clip(text: &str) -> String {
    text.chars().take(200).collect()
}

impl SmsProvider for HttpProvider {
    async fn send(&self, msg: &OutgoingSms<'_>) -> SendOutcome {
        if msg.provider_template.is_empty() {
            return SendOutcome::Rejected { detail: "模板未填写平台模板编号".into() };
        }
        let body = self.body(msg);
        let mut tries = 0;
        loop {
            match self.attempt(&body).await {
                Try::Done(outcome) => return outcome,
                Try::Again(detail) if tries >= self.retries => {
                    return SendOutcome::Unreachable { detail: format!("{detail}（已重试 {tries} 次）") };
                }
                Try::Again(_) => {
                    tokio::time::sleep(self.backoff * 2u32.saturating_pow(tries)).await;
                    tries += 1;
                }
            }
        }
    }
}
