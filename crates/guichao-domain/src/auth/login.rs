//! The result of a sign-in attempt, as the login log keeps it.

use crate::Lang;

/// What became of one sign-in attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginResult {
    /// Signed in.
    Success,
    /// Signed in with a password past its age: sent to change it.
    PasswordExpired,
    /// No account of that name.
    UnknownUser,
    WrongPassword,
    /// The account is locked after failures in a row.
    Locked,
    /// The account is disabled.
    Disabled,
    /// The account lay unused too long and was disabled at this attempt.
    Inactive,
    /// Refused before the password was checked: too many failures from the
    /// address or for the name.
    Throttled,
    /// The password was right; the second factor is asked for next.
    SecondFactorAsked,
    /// A wrong (or already used) one-time or recovery code.
    WrongSecondFactor,
}

impl LoginResult {
    pub const ALL: [LoginResult; 10] = [
        LoginResult::Success,
        LoginResult::PasswordExpired,
        LoginResult::UnknownUser,
        LoginResult::WrongPassword,
        LoginResult::Locked,
        LoginResult::Disabled,
        LoginResult::Inactive,
        LoginResult::Throttled,
        LoginResult::SecondFactorAsked,
        LoginResult::WrongSecondFactor,
    ];

    /// The code stored in the log; never changed once written.
    pub fn code(self) -> &'static str {
        match self {
            LoginResult::Success => "success",
            LoginResult::PasswordExpired => "expired",
            LoginResult::UnknownUser => "unknown_user",
            LoginResult::WrongPassword => "wrong_password",
            LoginResult::Locked => "locked",
            LoginResult::Disabled => "disabled",
            LoginResult::Inactive => "inactive",
            LoginResult::Throttled => "throttled",
            LoginResult::SecondFactorAsked => "second_asked",
            LoginResult::WrongSecondFactor => "second_wrong",
        }
    }

    pub fn parse(code: &str) -> Option<LoginResult> {
        LoginResult::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LoginResult::Success => lang.pick("成功", "Signed in"),
            LoginResult::PasswordExpired => lang.pick("成功（密码已过期，须修改）", "Signed in, password expired"),
            LoginResult::UnknownUser => lang.pick("用户名不存在", "Unknown username"),
            LoginResult::WrongPassword => lang.pick("密码错误", "Wrong password"),
            LoginResult::Locked => lang.pick("账号已锁定", "Account locked"),
            LoginResult::Disabled => lang.pick("账号已停用", "Account disabled"),
            LoginResult::Inactive => lang.pick("长期未使用，已停用", "Unused too long, disabled"),
            LoginResult::Throttled => lang.pick("失败过多，暂被拒绝", "Too many failures, refused"),
            LoginResult::SecondFactorAsked => lang.pick("密码正确，待输入验证码", "Password right, code asked"),
            LoginResult::WrongSecondFactor => lang.pick("验证码错误", "Wrong second-factor code"),
        }
    }

    /// Whether the attempt opened a session.
    pub fn signed_in(self) -> bool {
        matches!(self, LoginResult::Success | LoginResult::PasswordExpired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_round_trip_and_never_change() {
        let codes: Vec<&str> = LoginResult::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "success",
                "expired",
                "unknown_user",
                "wrong_password",
                "locked",
                "disabled",
                "inactive",
                "throttled",
                "second_asked",
                "second_wrong"
            ]
        );
        for r in LoginResult::ALL {
            assert_eq!(LoginResult::parse(r.code()), Some(r));
            assert!(!r.label(Lang::Zh).is_empty() && !r.label(Lang::En).is_empty());
        }
        assert_eq!(LoginResult::parse("ok"), None);
    }
}
