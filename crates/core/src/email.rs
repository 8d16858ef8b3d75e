//! An e-mail address, the login of every account.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

const MAX_LEN: usize = 254;

/// A syntactically plausible e-mail address, trimmed. Two addresses that differ only in case are the
/// same account: compare with [`Email::normalized`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Error> {
        let email = input.trim();
        if email.is_empty() {
            return Err(Error::Required);
        }
        if email.chars().count() > MAX_LEN {
            return Err(Error::TooLong { max: MAX_LEN });
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(Error::EmailInvalid);
        };
        let plausible_domain = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let plausible_local = !local.is_empty()
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"".contains(c));
        if plausible_local && plausible_domain {
            Ok(Email(email.to_owned()))
        } else {
            Err(Error::EmailInvalid)
        }
    }

    /// The form used to look accounts up: lower case, so `Papa@X.be` and `papa@x.be` are one account.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Email::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_ordinary_address_is_accepted_and_trimmed() {
        let email = Email::parse("  papa.billy@patrovaldhaine.be ").unwrap();
        assert_eq!(email.as_ref(), "papa.billy@patrovaldhaine.be");
    }

    #[test]
    fn case_is_kept_for_display_but_not_for_lookup() {
        let email = Email::parse("Papa.Billy@Patro.BE").unwrap();
        assert_eq!(email.to_string(), "Papa.Billy@Patro.BE");
        assert_eq!(email.normalized(), "papa.billy@patro.be");
    }

    #[test]
    fn an_empty_address_is_required() {
        assert_eq!(Email::parse("   "), Err(Error::Required));
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        let cases = [
            ("no at sign", "papa.patro.be"),
            ("no domain", "papa@"),
            ("no local part", "@patro.be"),
            ("no dot in domain", "papa@localhost"),
            ("space inside", "papa billy@patro.be"),
            ("two dots", "papa..billy@patro.be"),
            ("domain ending with a dot", "papa@patro.be."),
            ("two at signs", "papa@billy@patro.be"),
        ];
        for (why, input) in cases {
            assert_eq!(
                Email::parse(input),
                Err(Error::EmailInvalid),
                "{why}: {input}"
            );
        }
    }

    #[test]
    fn an_address_longer_than_254_characters_is_rejected() {
        let long = format!("{}@patro.be", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(Error::TooLong { max: 254 }));
    }

    #[test]
    fn deserializing_parses() {
        assert!(serde_json::from_str::<Email>("\"not-an-email\"").is_err());
        let email: Email = serde_json::from_str("\"a@b.be\"").unwrap();
        assert_eq!(email.as_ref(), "a@b.be");
    }

    proptest! {
        #[test]
        fn valid_shapes_are_accepted(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z0-9-]{1,15}\\.[a-z]{2,6}") {
            prop_assume!(!local.contains(".."));
            let input = format!("{local}@{domain}");
            prop_assert!(Email::parse(&input).is_ok(), "{}", input);
        }
    }
}
