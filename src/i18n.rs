//! The two UI languages. Every message is written in both at the place it is
//! made ([`Text`]), and the language is picked only when it is shown, so JSON
//! output can keep English while the terminal speaks Japanese.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 日本語
    Ja,
    /// English
    #[default]
    En,
}

impl Lang {
    /// The language a POSIX locale name asks for (`ja_JP.UTF-8` → Japanese).
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let l = locale.trim();
        if l.is_empty() {
            None
        } else if l.to_ascii_lowercase().starts_with("ja") {
            Some(Lang::Ja)
        } else {
            Some(Lang::En)
        }
    }

    /// Picks one of two static strings.
    pub fn pick(self, en: &'static str, ja: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// `inner` in parentheses after a word, as each language writes it:
    /// ` (inner)` in English, `（inner）` in Japanese (full width, no space).
    pub fn paren(self, inner: &str) -> String {
        match self {
            Lang::En => format!(" ({inner})"),
            Lang::Ja => format!("（{inner}）"),
        }
    }

    /// Items of a list in a sentence: `a, b` or `a、b`.
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let sep = self.pick(", ", "、");
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// A text made the same way in each language (with [`Lang::paren`],
    /// [`Lang::list`] …).
    pub fn each(make: impl Fn(Lang) -> String) -> Self {
        Text {
            en: make(Lang::En),
            ja: make(Lang::Ja),
        }
    }

    /// The same text in both languages (data, IDs, messages from other tools).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            en: s.clone(),
            ja: s,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

impl fmt::Display for Text {
    /// English, for logs and `Debug`-like uses; the UI calls [`Text::get`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Builds a [`Text`] from two format strings:
/// `text!(en: "unknown key `{key}`", ja: "不明なキー `{key}`")`.
#[macro_export]
macro_rules! text {
    (en: $en:literal, ja: $ja:literal $(,)?) => {
        $crate::i18n::Text {
            en: format!($en),
            ja: format!($ja),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_names_map_to_languages() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), Some(Lang::En));
        assert_eq!(Lang::from_locale(""), None);
    }

    #[test]
    fn parentheses_and_lists_follow_the_language() {
        assert_eq!(
            format!("東京都{}", Lang::Ja.paren("都、tmg")),
            "東京都（都、tmg）"
        );
        assert_eq!(format!("TMG{}", Lang::En.paren("tmg")), "TMG (tmg)");
        assert_eq!(Lang::Ja.list(&["a", "b"]), "a、b");
        assert_eq!(Lang::En.list(&["a", "b"]), "a, b");
    }

    #[test]
    fn text_macro_formats_both_languages() {
        let key = "lable";
        let t = text!(en: "unknown key `{key}`", ja: "不明なキー `{key}`");
        assert_eq!(t.get(Lang::En), "unknown key `lable`");
        assert_eq!(t.get(Lang::Ja), "不明なキー `lable`");
    }
}
