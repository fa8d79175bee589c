//! Sending SMS from the binary: the `[sms]` section of `guichao.toml`, the
//! HTTP provider (Aliyun / Tencent request shape) and the choice between it
//! and the store's file provider.

mod config;
mod http;

pub use config::{ProviderKind, Shape, SmsConfig};
pub use http::HttpProvider;
