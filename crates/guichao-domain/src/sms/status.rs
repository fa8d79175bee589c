//! Where a message stands, why one failed, and how an opt-out was taken.

use crate::vocab::vocabulary;

vocabulary! {
    /// A message's state in the outbox. A message moves forward only:
    /// queued → sending → sent → delivered, or failed at any step. `sending`
    /// is written and committed before the provider is called, so a message
    /// left `sending` (a crash, or an answer that never came) is reported and
    /// never sent again without a person deciding.
    pub enum SmsStatus {
        Queued = "queued", "待发送", "Queued", ["排队"];
        Sending = "sending", "发送中", "Sending", [];
        Sent = "sent", "已提交", "Sent", ["已发送"];
        Delivered = "delivered", "已送达", "Delivered", ["送达", "成功"];
        Failed = "failed", "失败", "Failed", ["发送失败"];
    }
}

vocabulary! {
    /// Why a message failed.
    pub enum FailReason {
        /// The fellow has no phone, or a landline.
        NoMobile = "no_mobile", "无有效手机号", "No valid mobile number", [];
        /// The county requires recorded consent and the fellow has none.
        NoConsent = "no_consent", "未登记同意接收", "No recorded consent", [];
        /// The number or the fellow is on the opt-out list.
        OptedOut = "opted_out", "已退订", "Opted out", ["拒收"];
        /// The number has had its messages for the day.
        DailyLimit = "daily_limit", "超过当日条数上限", "Daily limit for the number reached", [];
        /// The provider refused the message (its reason is kept beside).
        Rejected = "rejected", "短信平台拒绝", "Refused by the provider", [];
        /// The provider could not be reached after every retry.
        Unreachable = "unreachable", "短信平台无法连接", "Provider unreachable", [];
        /// The provider's delivery report says the phone never got it.
        Undelivered = "undelivered", "未送达", "Not delivered", [];
        /// Left `sending` with no answer; a person closed it as not sent.
        Abandoned = "abandoned", "结果不明，已人工关闭", "Outcome unknown, closed by hand", [];
        /// The fellow was archived or merged before sending.
        Archived = "archived", "乡友已归档", "Fellow archived", [];
    }
}

vocabulary! {
    /// How a fellow said they want no more messages.
    pub enum OptOutSource {
        /// Replied R or 退订.
        Reply = "reply", "短信回复", "SMS reply", ["回复"];
        /// Said so on the phone or in person; a staff member entered it.
        Call = "call", "电话告知", "By phone", ["电话"];
    }
}

impl SmsStatus {
    /// Whether the message has reached the provider (and counts against the
    /// number's daily limit and the per-minute rate).
    pub fn reached_provider(self) -> bool {
        matches!(self, SmsStatus::Sending | SmsStatus::Sent | SmsStatus::Delivered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        crate::vocab::assert_round_trips!(SmsStatus, FailReason, OptOutSource);
    }

    #[test]
    fn only_handed_over_messages_count_against_limits() {
        assert!(SmsStatus::Sending.reached_provider());
        assert!(SmsStatus::Delivered.reached_provider());
        assert!(!SmsStatus::Queued.reached_provider());
        assert!(!SmsStatus::Failed.reached_provider());
    }
}
