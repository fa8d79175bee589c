//! Email addresses and WeChat IDs: the other ways to reach a fellow.

use super::text::fold_width;
use super::{FieldError, Phone, PhoneKind};

/// An email address with a plausible shape and a lower-cased domain.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Reads an address as typed; a full-width ＠ or the Chinese full stop 。 typed by an
    /// input method in place of `.` are folded.
    pub fn parse(text: &str) -> Result<Email, FieldError> {
        let text = fold_width(text).replace('。', ".");
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldError::EmailEmpty);
        }
        if text.len() > 254 {
            return Err(FieldError::EmailTooLong);
        }
        let (local, domain) = text.split_once('@').ok_or(FieldError::EmailFormat)?;
        if !valid_local(local) || !valid_domain(domain) {
            return Err(FieldError::EmailFormat);
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first character of the mailbox and the domain: `z***@qq.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').expect("checked when parsed");
        format!("{}***@{domain}", &local[..1])
    }
}

fn valid_local(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let top = labels.last().copied().unwrap_or("");
    labels.len() >= 2
        && top.len() >= 2
        && top.bytes().all(|b| b.is_ascii_alphabetic())
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Email").field(&self.masked()).finish()
    }
}

/// A WeChat ID: one the user chose (6-20 letters, digits, `_` or `-`, starting with
/// a letter), one WeChat generated (`wxid_...`), or a mobile number, which many
/// people use as their WeChat ID.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WeChatId(String);

impl WeChatId {
    /// Reads an ID as typed. A mobile number is normalised like a [`Phone`].
    pub fn parse(text: &str) -> Result<WeChatId, FieldError> {
        let text = fold_width(text);
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldError::WeChatEmpty);
        }
        if let Ok(phone) = Phone::parse(text)
            && phone.kind() == PhoneKind::Mobile
        {
            return Ok(WeChatId(phone.as_str().to_string()));
        }
        // IDs WeChat generates (wxid_ and 14-16 characters) run past the 20 a user may choose.
        let max = if text.starts_with("wxid_") { 30 } else { 20 };
        let shaped = text.starts_with(|c: char| c.is_ascii_alphabetic())
            && (6..=max).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !shaped {
            return Err(FieldError::WeChatFormat);
        }
        Ok(WeChatId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first two and last two characters: `wx****23`.
    pub fn masked(&self) -> String {
        let len = self.0.len();
        format!("{}{}{}", &self.0[..2], "*".repeat(len - 4), &self.0[len - 2..])
    }
}

impl std::fmt::Debug for WeChatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("WeChatId").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldError::*;
    use proptest::prelude::*;

    #[test]
    fn emails_keep_the_mailbox_and_lower_the_domain() {
        assert_eq!(Email::parse(" Zhang.San@Example.COM ").unwrap().as_str(), "Zhang.San@example.com");
        assert_eq!(Email::parse("zhangsan＠qq。com").unwrap().as_str(), "zhangsan@qq.com");
        assert_eq!(Email::parse("a+b@mail.example.cn").unwrap().masked(), "a***@mail.example.cn");
    }

    #[test]
    fn emails_must_look_like_emails() {
        assert_eq!(Email::parse(""), Err(EmailEmpty));
        assert_eq!(Email::parse(&format!("{}@qq.com", "a".repeat(250))), Err(EmailTooLong));
        for text in [
            "zhangsan",
            "zhangsan@",
            "@qq.com",
            "zhang san@qq.com",
            "zhangsan@qq",
            "zhangsan@qq.c",
            "zhangsan@qq..com",
            "zhangsan@-qq.com",
            "a@b@qq.com",
            ".zs@qq.com",
            "z..s@qq.com",
            "张三@qq.com",
            "zs@例子.中国",
            "zs@qq.com.",
        ] {
            assert_eq!(Email::parse(text), Err(EmailFormat), "{text}");
        }
    }

    #[test]
    fn wechat_ids_chosen_generated_or_a_phone() {
        assert_eq!(WeChatId::parse(" zhang_san-88 ").unwrap().as_str(), "zhang_san-88");
        assert_eq!(WeChatId::parse("wxid_a1b2c3d4e5f6g7h8").unwrap().as_str(), "wxid_a1b2c3d4e5f6g7h8");
        assert_eq!(WeChatId::parse("138 1234 5678").unwrap().as_str(), "13812345678");
        assert_eq!(WeChatId::parse("+86 13812345678").unwrap().masked(), "13*******78");
        assert_eq!(WeChatId::parse("zhangsan").unwrap().masked(), "zh****an");
    }

    #[test]
    fn wechat_ids_follow_the_rules() {
        assert_eq!(WeChatId::parse(" "), Err(WeChatEmpty));
        for text in ["zs123", "8zhangsan", "_zhangsan", "zhang san", "张三三三三三", "0730-1234567", &"a".repeat(21)]
        {
            assert_eq!(WeChatId::parse(text), Err(WeChatFormat), "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_wellformed_wechat_id_round_trips(id in "[a-zA-Z][a-zA-Z0-9_-]{5,19}") {
            let parsed = WeChatId::parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
            prop_assert_eq!(WeChatId::parse(parsed.as_str()), Ok(parsed.clone()));
            let masked = parsed.masked();
            prop_assert_eq!(masked.len(), id.len());
            prop_assert!(masked[2..id.len() - 2].bytes().all(|b| b == b'*'));
        }

        #[test]
        fn parsed_emails_parse_again_unchanged(local in "[a-z0-9][a-z0-9._]{0,20}[a-z0-9]", domain in "[a-z0-9]{1,10}\\.(com|cn|net)") {
            prop_assume!(!local.contains(".."));
            let email = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
        }
    }
}
