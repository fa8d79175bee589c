//! How a greeting addresses a fellow (称呼): 尊敬的张先生, 尊敬的欧阳女士, or,
//! when the gender is not recorded, 尊敬的欧阳宏伟乡友. Letters and SMS use the
//! same words, and the same one typed for a fellow instead (see
//! [`SALUTATION`], [`salutation_for`]).

use crate::fellows::Gender;
use crate::text::TextField;

/// A salutation typed for one fellow instead of the derived one.
pub const SALUTATION: TextField = TextField::line("称呼", "salutation", 30);

/// The salutation for a fellow named `name` (surname first; compound
/// surnames such as 欧阳, 司马, 诸葛 are kept whole) of `gender`.
pub fn salutation(name: &str, gender: Option<Gender>) -> String {
    let name = name.trim();
    let surname: String = name.chars().take(crate::search::surname_len(name)).collect();
    match gender {
        _ if name.is_empty() => "尊敬的乡友".to_string(),
        Some(Gender::Male) => format!("尊敬的{surname}先生"),
        Some(Gender::Female) => format!("尊敬的{surname}女士"),
        None => format!("尊敬的{name}乡友"),
    }
}

/// The salutation a greeting uses: the one typed for the fellow, else the
/// derived one.
pub fn salutation_for(typed: &str, name: &str, gender: Option<Gender>) -> String {
    match typed.trim() {
        "" => salutation(name, gender),
        typed => typed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_salutation_wins() {
        assert_eq!(salutation_for(" 尊敬的张老 ", "张三", Some(Gender::Male)), "尊敬的张老");
        assert_eq!(salutation_for(" ", "张三", Some(Gender::Male)), "尊敬的张先生");
    }

    #[test]
    fn single_surnames_take_gender() {
        assert_eq!(salutation("张三", Some(Gender::Male)), "尊敬的张先生");
        assert_eq!(salutation(" 李晓红 ", Some(Gender::Female)), "尊敬的李女士");
    }

    #[test]
    fn compound_surnames_are_kept_whole() {
        assert_eq!(salutation("欧阳明华", Some(Gender::Female)), "尊敬的欧阳女士");
        assert_eq!(salutation("司马相如", Some(Gender::Male)), "尊敬的司马先生");
        assert_eq!(salutation("诸葛亮", Some(Gender::Male)), "尊敬的诸葛先生");
    }

    #[test]
    fn without_a_gender_the_whole_name_is_used() {
        assert_eq!(salutation("欧阳宏伟", None), "尊敬的欧阳宏伟乡友");
        assert_eq!(salutation("李四", None), "尊敬的李四乡友");
        assert_eq!(salutation("  ", Some(Gender::Male)), "尊敬的乡友");
    }
}
