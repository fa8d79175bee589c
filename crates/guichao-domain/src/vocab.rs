//! The shape every vocabulary shares (a fellow's category, a chamber's kind, a
//! liaison level...): a stable code for storage, a label per language, and the
//! words people write for it in spreadsheets.

use crate::fellows::text::{fold_traditional, fold_width};

/// Declares a vocabulary enum with `ALL`, `code()`, `label(lang)`, `parse(code)` and
/// `from_words(text)`. Each value lists its code, Chinese and English labels, and
/// further words that mean it; serde uses the code.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal, [$($word:literal),* $(,)?]; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in the order forms and reports list them.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The stable snake_case code stored in the database and used by the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The name shown to a user.
            pub fn label(self, lang: $crate::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($zh, $en),)+ }
            }

            /// Reads a stored code; anything else is `None`.
            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|value| value.code() == code)
            }

            /// Reads what people write in a spreadsheet or form: the code, either
            /// label or a common synonym, in simplified or traditional characters,
            /// full- or half-width, ignoring spaces, separators and a trailing 类.
            pub fn from_words(text: &str) -> Option<$name> {
                $crate::vocab::match_words(text, &[$( ($name::$variant, &[$code, $zh, $en, $($word),*][..]) ),+])
            }
        }
    };
}

pub(crate) use vocabulary;

/// Asserts that every value of each vocabulary reads back from its code and
/// from both of its labels.
#[cfg(test)]
macro_rules! assert_round_trips {
    ($($vocabulary:ty),+ $(,)?) => {$(
        for value in <$vocabulary>::ALL {
            assert_eq!(<$vocabulary>::parse(value.code()), Some(value));
            for lang in [$crate::Lang::Zh, $crate::Lang::En] {
                assert_eq!(<$vocabulary>::from_words(value.label(lang)), Some(value), "{}", value.label(lang));
            }
        }
    )+};
}

#[cfg(test)]
pub(crate) use assert_round_trips;

/// Finds the value one of whose words matches `text` once both are reduced by [`word_key`].
pub(crate) fn match_words<T: Copy>(text: &str, table: &[(T, &[&str])]) -> Option<T> {
    let key = word_key(text);
    if key.is_empty() {
        return None;
    }
    let find = |key: &str| {
        table.iter().find(|(_, words)| words.iter().any(|word| word_key(word) == key)).map(|(value, _)| *value)
    };
    find(&key).or_else(|| key.strip_suffix('类').filter(|k| !k.is_empty()).and_then(find))
}

/// The comparable form of a word: half-width, simplified, lower case, without
/// whitespace or the separators people put between words (、/,;|·-_.&+ and brackets).
pub(crate) fn word_key(text: &str) -> String {
    fold_traditional(&fold_width(text))
        .chars()
        .filter(|c| !c.is_whitespace() && !"、/\\,;|·-_.&+()（）【】[]".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    vocabulary! {
        /// A test vocabulary.
        pub enum Colour {
            Red = "dark_red", "红色", "Dark red", ["红", "紅"];
            Blue = "blue", "蓝色", "Blue", [];
        }
    }

    #[test]
    fn the_macro_gives_codes_labels_and_words() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::Blue]);
        assert_eq!(Colour::Red.code(), "dark_red");
        assert_eq!(Colour::Red.label(crate::Lang::En), "Dark red");
        assert_eq!(Colour::parse("dark_red"), Some(Colour::Red));
        assert_eq!(Colour::parse("红色"), None);
        for text in ["红", "紅", "红色", " 红色类 ", "DARK RED", "dark-red", "Dark_Red", "dark_red"] {
            assert_eq!(Colour::from_words(text), Some(Colour::Red), "{text}");
        }
        assert_eq!(Colour::from_words("蓝色"), Some(Colour::Blue));
        assert_eq!(Colour::from_words("类"), None);
        assert_eq!(Colour::from_words(""), None);
        assert_eq!(Colour::from_words("绿色"), None);
        assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), "\"dark_red\"");
        assert_eq!(serde_json::from_str::<Colour>("\"blue\"").unwrap(), Colour::Blue);
    }

    #[test]
    fn word_keys_drop_separators_and_fold() {
        assert_eq!(word_key(" 文化/教育、藝術 "), "文化教育艺术");
        assert_eq!(word_key("Lost_Contact"), "lostcontact");
        assert_eq!(word_key("村（社区）"), "村社区");
    }
}
