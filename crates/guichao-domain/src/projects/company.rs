//! The investor company as a form or the API names it: a name, and the
//! unified social credit code when known. The store finds the company by its
//! code, else by its exact name, and records it when the county has none.

use crate::fellows::{CreditCode, FormError};
use crate::text::TextField;
use crate::{Lang, Msg};

/// The investor company's name, e.g. 深圳市华湘电子科技有限公司.
pub const COMPANY_NAME: TextField = TextField::line("投资企业名称", "investor company name", 100);
/// The city the company is registered in, e.g. 深圳.
pub const COMPANY_CITY: TextField = TextField::line("企业所在城市", "company city", 50);

/// A checked investor company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRef {
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub city: String,
}

impl CompanyRef {
    /// The company a form names, `None` when every field is empty. A code
    /// without a name, or a code that fails its check, is refused under the
    /// field that holds it.
    pub fn parse(name: &str, credit_code: &str, city: &str) -> Result<Option<CompanyRef>, Vec<FormError>> {
        if [name, credit_code, city].iter().all(|t| t.trim().is_empty()) {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let name = COMPANY_NAME.check(name).unwrap_or_else(|message| {
            errors.push(FormError { field: "company_name", message });
            String::new()
        });
        if name.is_empty() && errors.is_empty() {
            errors.push(FormError::new(
                "company_name",
                "填写了信用代码或城市时，请同时填写投资企业名称",
                "Give the investor company's name with its code or city",
            ));
        }
        let city = COMPANY_CITY.check(city).unwrap_or_else(|message| {
            errors.push(FormError { field: "company_city", message });
            String::new()
        });
        let credit_code = match credit_code.trim() {
            "" => None,
            code => match CreditCode::parse(code) {
                Ok(c) => Some(c),
                Err(e) => {
                    let message = Msg::new(
                        format!("统一社会信用代码有误：{}", e.message(Lang::Zh)),
                        format!("The credit code is wrong: {}", e.message(Lang::En)),
                    );
                    errors.push(FormError { field: "company_credit_code", message });
                    None
                }
            },
        };
        if errors.is_empty() { Ok(Some(CompanyRef { name, credit_code, city })) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code with a valid check character (GB 32100).
    const CODE: &str = "91430621MA4L0000XG";

    fn fields(r: Result<Option<CompanyRef>, Vec<FormError>>) -> Vec<&'static str> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn nothing_typed_is_no_company() {
        assert_eq!(CompanyRef::parse(" ", "", "").unwrap(), None);
    }

    #[test]
    fn a_name_alone_is_enough_and_is_trimmed() {
        let c = CompanyRef::parse(" 湘岳电子科技有限公司 ", "", "深圳").unwrap().unwrap();
        assert_eq!((c.name.as_str(), c.credit_code, c.city.as_str()), ("湘岳电子科技有限公司", None, "深圳"));
    }

    #[test]
    fn a_code_needs_a_name_and_its_check_character() {
        assert_eq!(fields(CompanyRef::parse("", CODE, "")), ["company_name"]);
        let mut wrong = CODE.to_string();
        wrong.pop();
        wrong.push('0');
        assert_eq!(fields(CompanyRef::parse("某公司", &wrong, "")), ["company_credit_code"]);
    }
}
