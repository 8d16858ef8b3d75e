//! A person's first or last name.

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::Error;

const MAX_LEN: usize = 100;
const FORBIDDEN: &[char] = &['<', '>', '"', '/', '\\', '{', '}', '(', ')', ';', '@'];

/// A trimmed, non-empty name of at most 100 characters, with accents and hyphens welcome
/// ("Maëlle", "Jean-Édouard", "d'Ursel", "Papa de Billy") and no markup characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, Error> {
        // Inner runs of spaces are folded: they come from copy-paste, never from intent.
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Error::Required);
        }
        if name.chars().count() > MAX_LEN {
            return Err(Error::TooLong { max: MAX_LEN });
        }
        if let Some(c) = name
            .chars()
            .find(|c| c.is_control() || FORBIDDEN.contains(c))
        {
            return Err(Error::ForbiddenCharacter(c));
        }
        Ok(PersonName(name))
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower case without accents: what two spellings of one name have in common.
pub(crate) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name's words, folded and separated by one space, whatever hyphens, apostrophes or spacing
/// joined them (`Jean-Édouard` is `jean edouard`).
pub(crate) fn words(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What lists of people sort by, stored beside the names so that both database engines order
/// "Élodie, Émile, Zoé" the same way, whatever their collations: the last name's words then the
/// first name's, folded, separated by a character below every letter and the space (so that
/// "Dubois, Zoé" comes before "Duboisier, Anne").
pub fn sort_key(last_name: &str, first_name: &str) -> String {
    format!("{}\u{1f}{}", words(last_name), words(first_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accented_and_compound_names_are_accepted() {
        for name in [
            "Maëlle",
            "Jean-Édouard",
            "d'Ursel",
            "Papa de Billy",
            "LE PIVERT",
            "Zoë",
        ] {
            assert_eq!(PersonName::parse(name).unwrap().as_ref(), name);
        }
    }

    #[test]
    fn surrounding_and_repeated_spaces_are_folded() {
        assert_eq!(
            PersonName::parse("  Papa   de  Billy ").unwrap().as_ref(),
            "Papa de Billy"
        );
    }

    #[test]
    fn sort_keys_ignore_case_and_accents_and_end_the_last_name_first() {
        let mut names = [
            ("Zoé", "Dubois"),
            ("Émile", "dubois"),
            ("Élodie", "DUBOIS"),
            ("Anne", "Duboisier"),
        ];
        names.sort_by_key(|(first, last)| sort_key(last, first));
        assert_eq!(
            names.iter().map(|(first, _)| *first).collect::<Vec<_>>(),
            ["Élodie", "Émile", "Zoé", "Anne"]
        );
    }

    #[test]
    fn a_blank_name_is_required() {
        assert_eq!(PersonName::parse(" \t "), Err(Error::Required));
    }

    #[test]
    fn markup_characters_are_rejected_by_name() {
        assert_eq!(
            PersonName::parse("<script>"),
            Err(Error::ForbiddenCharacter('<'))
        );
        assert_eq!(
            PersonName::parse("Billy (le grand)"),
            Err(Error::ForbiddenCharacter('('))
        );
    }

    #[test]
    fn a_name_of_101_characters_is_too_long() {
        assert!(PersonName::parse(&"a".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(Error::TooLong { max: 100 })
        );
    }

    proptest! {
        #[test]
        fn letters_with_accents_always_parse(name in "[A-Za-zÀ-ÖØ-öø-ÿ' -]{1,60}") {
            prop_assume!(!name.trim().is_empty());
            prop_assert!(PersonName::parse(&name).is_ok());
        }
    }
}
