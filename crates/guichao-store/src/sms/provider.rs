//! What sends a message: the provider trait, and the file provider every
//! county has without a contract (it writes each message to a log and calls
//! it delivered). The HTTP provider of Aliyun / Tencent shape lives in the
//! binary, which owns the network.
//!
//! Providers are not idempotent: a request that reached the provider may
//! have sent the message even when no answer came back. So each message
//! carries its own id (the provider's OutId / SessionContext), a provider
//! says plainly whether the message may have gone ([`SendOutcome::Unknown`])
//! or surely did not ([`SendOutcome::Rejected`], [`SendOutcome::Unreachable`]),
//! and only the latter may be retried.

use chrono::Utc;
use serde_json::{Value, json};
use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use uuid::Uuid;

/// A message as handed to a provider. The phone is the only place a number
/// is ever in the clear, and only for the length of the call.
#[derive(Debug, Clone)]
pub struct OutgoingSms<'a> {
    /// The message's own id (sent as OutId / SessionContext).
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// 11 digits.
    pub phone: &'a str,
    /// The rendered text, opt-out line included.
    pub text: &'a str,
    /// The provider's template id, empty when the county has none.
    pub provider_template: &'a str,
    /// The template's fields and values, `[[name, value], ...]` in the
    /// template's order.
    pub params: &'a Value,
}

/// What came of handing a message to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Taken by the provider under its id; `delivered` when the provider
    /// also vouches for the delivery (the file provider).
    Accepted { provider_id: String, delivered: bool },
    /// Refused by the provider: not sent.
    Rejected { detail: String },
    /// The provider was never reached (every retry failed before sending):
    /// not sent.
    Unreachable { detail: String },
    /// The request may have reached the provider, but no answer came: the
    /// message may have been sent and must not be sent again blindly.
    Unknown { detail: String },
}

/// Something that sends SMS.
pub trait SmsProvider: Send + Sync {
    /// Sends one message. Retries, if any, are the provider's own, and only
    /// of requests that surely did not send.
    fn send(&self, msg: &OutgoingSms<'_>) -> impl Future<Output = SendOutcome> + Send;
}

/// Appends each message to a log file, one JSON object a line, and counts it
/// delivered. The number is written masked: the log is a record of what
/// went out, not a list of numbers.
pub struct FileProvider {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileProvider {
    pub fn new(path: impl Into<PathBuf>) -> FileProvider {
        FileProvider { path: path.into(), lock: Mutex::new(()) }
    }

    fn append(&self, line: &Value) -> std::io::Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&self.path)?;
        writeln!(file, "{line}")
    }
}

impl SmsProvider for FileProvider {
    async fn send(&self, msg: &OutgoingSms<'_>) -> SendOutcome {
        let line = json!({
            "at": Utc::now().to_rfc3339(),
            "id": msg.id,
            "tenant_id": msg.tenant_id,
            "phone": crate::fellows::mask_phone(msg.phone),
            "text": msg.text,
            "template": msg.provider_template,
            "params": msg.params,
        });
        match self.append(&line) {
            Ok(()) => SendOutcome::Accepted { provider_id: format!("file-{}", msg.id.simple()), delivered: true },
            // Nothing was written, so nothing went out.
            Err(e) => SendOutcome::Unreachable { detail: format!("{}: {e}", self.path.display()) },
        }
    }
}
