//! Why a value typed into a fellow's record was refused, in words a county clerk can act on.

use crate::Lang;

/// A rule that a typed value broke. Each variant names one rule, so the import
/// report and the form can say exactly what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldError {
    PhoneEmpty,
    /// Letters or symbols other than spaces, dashes, dots, parentheses and a leading +.
    PhoneCharacters,
    /// A country code other than +86.
    PhoneForeign,
    /// Starts with 1 but is not 11 digits long.
    PhoneMobileLength,
    /// Starts with 1 but the second digit is not 3-9, so no network uses it.
    PhoneMobilePrefix,
    /// Starts with 0 but is not an area code followed by a 7-8 digit number.
    PhoneLandline,
    /// A 7-8 digit local number without its area code.
    PhoneNoAreaCode,
    /// Neither a mobile nor a landline number.
    PhoneFormat,
    /// Excel wrote the number in scientific notation and dropped digits.
    PhoneDigitsLost,

    IdEmpty,
    /// A 15-digit first-generation ID, no longer valid.
    IdOldFormat,
    IdLength,
    /// Something other than 17 digits followed by a digit or X.
    IdCharacters,
    /// Positions 7-14 are not a calendar date.
    IdBirthDate,
    /// The birth date is before 1900 or after today.
    IdBirthRange,
    IdChecksum,
    /// Ends in 000 and fails the checksum: Excel's 15-digit limit most likely cut it.
    IdTruncated,
    /// Excel turned the number into a float; the last digits are gone.
    IdDigitsLost,

    CreditEmpty,
    CreditLength,
    /// Contains I, O, Z, S or V, which the code's alphabet leaves out.
    CreditLetters,
    /// Contains something other than digits and capital letters.
    CreditCharacters,
    CreditChecksum,
    /// Excel turned the code into a float; the last digits are gone.
    CreditDigitsLost,

    EmailEmpty,
    EmailTooLong,
    EmailFormat,

    WeChatEmpty,
    WeChatFormat,

    NameEmpty,
    NameTooLong,
    /// Contains digits or symbols.
    NameCharacters,
    /// Has no Chinese character and no Latin letter.
    NameNoLetter,
}

impl FieldError {
    /// The message shown to the user.
    pub fn message(self, lang: Lang) -> &'static str {
        use FieldError::*;
        match self {
            PhoneEmpty => lang.pick("电话号码不能为空", "The phone number is empty"),
            PhoneCharacters => lang.pick(
                "电话号码只能包含数字、空格、横线、括号和开头的+86",
                "A phone number may only hold digits, spaces, dashes, brackets and a leading +86",
            ),
            PhoneForeign => {
                lang.pick("只支持中国大陆的电话号码（+86）", "Only mainland China numbers (+86) are supported")
            }
            PhoneMobileLength => {
                lang.pick("手机号码应为11位数字，以1开头", "A mobile number has 11 digits and starts with 1")
            }
            PhoneMobilePrefix => lang.pick(
                "手机号码号段不存在：第二位应为3至9",
                "No such mobile number: the second digit must be 3 to 9",
            ),
            PhoneLandline => lang.pick(
                "固定电话应为0开头的区号加7至8位号码，如0730-1234567",
                "A landline is an area code starting with 0 and a 7-8 digit number, e.g. 0730-1234567",
            ),
            PhoneNoAreaCode => lang.pick(
                "固定电话请加上区号，如0730-1234567",
                "Add the area code to the landline number, e.g. 0730-1234567",
            ),
            PhoneFormat => lang.pick(
                "电话号码应为11位手机号码，或带区号的固定电话（如0730-1234567）",
                "Enter an 11-digit mobile number or a landline with its area code (e.g. 0730-1234567)",
            ),
            PhoneDigitsLost => lang.pick(
                "电话号码被Excel转成了科学计数法，后几位已丢失，请把该列设为文本后重新录入",
                "Excel turned the phone number into scientific notation and lost its last digits; format the column as text and enter it again",
            ),
            IdEmpty => lang.pick("身份证号不能为空", "The ID number is empty"),
            IdOldFormat => lang.pick(
                "15位旧身份证号已停用，请录入18位身份证号",
                "15-digit IDs are no longer valid; enter the 18-character ID number",
            ),
            IdLength => lang.pick("身份证号应为18位", "An ID number has 18 characters"),
            IdCharacters => lang.pick(
                "身份证号前17位应为数字，最后一位为数字或X",
                "An ID number is 17 digits followed by a digit or X",
            ),
            IdBirthDate => lang.pick(
                "身份证号中的出生日期（第7至14位）不是有效日期",
                "The birth date in the ID number (characters 7-14) is not a real date",
            ),
            IdBirthRange => lang.pick(
                "身份证号中的出生日期不能早于1900年，也不能晚于今天",
                "The birth date in the ID number must be between 1900 and today",
            ),
            IdChecksum => lang.pick(
                "身份证号校验码不符，请核对是否录错",
                "The ID number's check character does not match; check it for typing errors",
            ),
            IdTruncated => lang.pick(
                "身份证号校验不通过且以000结尾，可能被Excel截断（只保留15位），请把该列设为文本后重新录入",
                "The ID number fails its check and ends in 000: Excel probably cut it to 15 digits; format the column as text and enter it again",
            ),
            IdDigitsLost => lang.pick(
                "身份证号被Excel转成了科学计数法，后几位已丢失，请把该列设为文本后重新录入",
                "Excel turned the ID number into scientific notation and lost its last digits; format the column as text and enter it again",
            ),
            CreditEmpty => lang.pick("统一社会信用代码不能为空", "The unified social credit code is empty"),
            CreditLength => {
                lang.pick("统一社会信用代码应为18位", "A unified social credit code has 18 characters")
            }
            CreditLetters => lang.pick(
                "统一社会信用代码不含字母I、O、Z、S、V，请检查是否把数字1、0、2、5误写成了字母",
                "A unified social credit code has no I, O, Z, S or V; check for 1, 0, 2 or 5 typed as letters",
            ),
            CreditCharacters => lang.pick(
                "统一社会信用代码只能由数字和大写字母组成",
                "A unified social credit code holds only digits and capital letters",
            ),
            CreditChecksum => lang.pick(
                "统一社会信用代码校验码不符，请核对是否录错",
                "The credit code's check character does not match; check it for typing errors",
            ),
            CreditDigitsLost => lang.pick(
                "统一社会信用代码被Excel转成了数字，后几位已丢失，请把该列设为文本后重新录入",
                "Excel turned the credit code into a number and lost its last digits; format the column as text and enter it again",
            ),
            EmailEmpty => lang.pick("邮箱不能为空", "The email address is empty"),
            EmailTooLong => lang.pick("邮箱地址过长", "The email address is too long"),
            EmailFormat => {
                lang.pick("邮箱格式不正确，应类似 name@example.com", "Enter an email address like name@example.com")
            }
            WeChatEmpty => lang.pick("微信号不能为空", "The WeChat ID is empty"),
            WeChatFormat => lang.pick(
                "微信号应为6至20位字母、数字、下划线或减号，以字母开头；也可填写手机号",
                "A WeChat ID has 6-20 letters, digits, _ or -, starting with a letter; a mobile number also works",
            ),
            NameEmpty => lang.pick("姓名不能为空", "The name is empty"),
            NameTooLong => lang.pick("姓名不能超过30个字", "A name may have at most 30 characters"),
            NameCharacters => lang.pick(
                "姓名只能包含汉字、字母、空格和间隔号·",
                "A name may only hold Chinese characters, letters, spaces and the middle dot ·",
            ),
            NameNoLetter => lang.pick(
                "姓名应至少包含一个汉字或字母",
                "A name needs at least one Chinese character or letter",
            ),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message(Lang::Zh))
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_exist_in_both_languages() {
        let err = FieldError::PhoneMobileLength;
        assert_eq!(err.message(Lang::Zh), "手机号码应为11位数字，以1开头");
        assert!(err.message(Lang::En).starts_with("A mobile number"));
        assert_eq!(err.to_string(), err.message(Lang::Zh));
    }

    #[test]
    fn digits_lost_says_how_to_fix_it() {
        let zh = FieldError::IdDigitsLost.message(Lang::Zh);
        assert!(zh.contains("科学计数法") && zh.contains("设为文本"), "{zh}");
    }
}
