//! The `[sms]` section of `guichao.toml`:
//!
//! ```toml
//! [sms]
//! provider = "http"              # or "file" (the default)
//! log_file = "sms.log"           # the file provider's log
//! url = "https://dysmsapi.aliyuncs.com/"   # https (Mozilla's roots) or http
//! ca_file = "/etc/guichao/gateway-ca.pem"   # also trust this CA (a county gateway's own)
//! key = "..."                    # or GUICHAO_SMS_KEY
//! signature = "岳阳县委统战部"     # the provider's 短信签名
//! shape = "aliyun"               # or "tencent"
//! app_id = ""                    # Tencent's SmsSdkAppId
//! timeout_ms = 10000
//! retries = 3
//! backoff_ms = 500
//! per_minute = 60
//! per_number_per_day = 1
//! ```

use guichao_domain::sms::Limits;
use serde::Deserialize;
use std::path::PathBuf;

/// Which provider sends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Writes each message to `log_file` and counts it delivered.
    #[default]
    File,
    Http,
}

/// The request shape of the HTTP provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// Aliyun `SendSms`: PhoneNumbers, SignName, TemplateCode, TemplateParam, OutId.
    #[default]
    Aliyun,
    /// Tencent Cloud `SendSms`: PhoneNumberSet, SmsSdkAppId, SignName,
    /// TemplateId, TemplateParamSet, SessionContext.
    Tencent,
}

/// The `[sms]` section. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    #[serde(default)]
    pub provider: ProviderKind,
    pub log_file: Option<PathBuf>,
    pub url: Option<String>,
    /// PEM certificates of a certificate authority to trust besides the
    /// public ones, for a county SMS gateway with its own CA.
    pub ca_file: Option<PathBuf>,
    pub key: Option<String>,
    pub signature: Option<String>,
    #[serde(default)]
    pub shape: Shape,
    pub app_id: Option<String>,
    pub timeout_ms: Option<u64>,
    pub retries: Option<u32>,
    pub backoff_ms: Option<u64>,
    pub per_minute: Option<u32>,
    pub per_number_per_day: Option<u32>,
}

impl SmsConfig {
    pub fn limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            per_minute: self.per_minute.unwrap_or(d.per_minute),
            per_number_per_day: self.per_number_per_day.unwrap_or(d.per_number_per_day),
        }
    }

    /// The HTTP provider's timeout per request.
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.timeout_ms.unwrap_or(10_000))
    }

    /// How long a message may stay `sending` before it is surely no longer
    /// in flight (no run waits longer than the provider's timeout for an
    /// answer, plus five seconds to write it down): then it is reported as
    /// left by a crash or a lost answer.
    pub fn stuck_after(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.timeout()).unwrap_or(chrono::Duration::seconds(10))
            + chrono::Duration::seconds(5)
    }

    /// The file provider's log: `sms.log` in the working directory by default.
    pub fn log_file(&self) -> PathBuf {
        self.log_file.clone().unwrap_or_else(|| PathBuf::from("sms.log"))
    }

    /// The provider's key: `GUICHAO_SMS_KEY`, else the file's.
    pub fn key(&self) -> String {
        std::env::var("GUICHAO_SMS_KEY").ok().filter(|k| !k.trim().is_empty()).or(self.key.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_reads_with_defaults() {
        let c: SmsConfig = toml::from_str("provider = \"http\"\nurl = \"http://x\"\nshape = \"tencent\"").unwrap();
        assert_eq!((c.provider, c.shape), (ProviderKind::Http, Shape::Tencent));
        assert_eq!(c.limits(), Limits::default());
        let c = SmsConfig::default();
        assert_eq!(c.provider, ProviderKind::File);
        assert_eq!(c.log_file(), PathBuf::from("sms.log"));
        assert!(toml::from_str::<SmsConfig>("provdier = \"file\"").is_err(), "a misspelt key is refused");
    }
}
