//! The languages users read: French first, English available.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Reads a locale such as `LANG=en_GB.UTF-8`, `fr_BE` or an `Accept-Language` header; anything
    /// that does not ask for English gets French, the Patro's language.
    pub fn from_locale(locale: &str) -> Lang {
        let first = locale
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if first.starts_with("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the text of this language among a French and an English one.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_locales_and_headers_select_english() {
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("en-US,en;q=0.9"), Lang::En);
    }

    #[test]
    fn anything_else_falls_back_to_french() {
        for locale in ["fr_BE.UTF-8", "nl_BE", "", "C", "fr, en;q=0.5"] {
            assert_eq!(Lang::from_locale(locale), Lang::Fr, "{locale:?}");
        }
    }
}
