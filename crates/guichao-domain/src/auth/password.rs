//! The password policy: at least 8 characters from at least 3 of the four classes
//! lower case, upper case, digit and symbol.

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    TooFewClasses,
}

impl PasswordError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            PasswordError::TooShort => lang.pick("密码至少8位", "The password needs at least 8 characters"),
            PasswordError::TooLong => lang.pick("密码不能超过128位", "The password may have at most 128 characters"),
            PasswordError::TooFewClasses => lang.pick(
                "密码须包含小写字母、大写字母、数字、符号中的至少三类",
                "The password needs at least three of: lower case, upper case, digit, symbol",
            ),
        }
    }
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message(Lang::Zh))
    }
}

impl std::error::Error for PasswordError {}

pub fn check_password_policy(password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if len < 8 {
        return Err(PasswordError::TooShort);
    }
    if len > 128 {
        return Err(PasswordError::TooLong);
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|&&held| held).count() < 3 {
        return Err(PasswordError::TooFewClasses);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_three_classes() {
        assert_eq!(check_password_policy("abcDEF12"), Ok(()));
        assert_eq!(check_password_policy("abc12!@#"), Ok(()));
        assert_eq!(check_password_policy("ABC12!@#"), Ok(()));
    }

    #[test]
    fn rejects_short_and_simple() {
        assert_eq!(check_password_policy("aB1!"), Err(PasswordError::TooShort));
        assert_eq!(check_password_policy("abcdefgh1"), Err(PasswordError::TooFewClasses));
        assert_eq!(check_password_policy("12345678"), Err(PasswordError::TooFewClasses));
        assert_eq!(check_password_policy(&"aA1!".repeat(40)), Err(PasswordError::TooLong));
    }

    proptest! {
        #[test]
        fn any_password_under_eight_characters_is_rejected(p in ".{0,7}") {
            prop_assert!(check_password_policy(&p).is_err());
        }
    }
}
