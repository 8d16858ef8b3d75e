//! A new password, as chosen at sign-up or reset.

use std::fmt;

use crate::{Email, Error};

pub const MIN_LEN: usize = 12;
const MAX_LEN: usize = 256;

/// A password that meets the Patro's rule: at least 12 characters, at most 256 (argon2 does not need
/// more, and a bound keeps hashing cheap), and not the account's own e-mail. Its `Debug` never shows
/// the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str, email: &Email) -> Result<Password, Error> {
        let length = input.chars().count();
        if length == 0 {
            return Err(Error::Required);
        }
        if length < MIN_LEN {
            return Err(Error::PasswordTooShort { min: MIN_LEN });
        }
        if length > MAX_LEN {
            return Err(Error::TooLong { max: MAX_LEN });
        }
        if input.trim().to_lowercase() == email.normalized() {
            return Err(Error::PasswordIsEmail);
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("papa.billy@patro.be").unwrap()
    }

    #[test]
    fn twelve_characters_are_enough() {
        assert!(Password::parse("douze-carac!", &email()).is_ok());
    }

    #[test]
    fn eleven_characters_are_too_few() {
        assert_eq!(
            Password::parse("onze-carac!", &email()),
            Err(Error::PasswordTooShort { min: 12 })
        );
    }

    #[test]
    fn accented_characters_count_as_one() {
        assert_eq!(
            Password::parse("ééééééééééé", &email()),
            Err(Error::PasswordTooShort { min: 12 })
        );
        assert!(Password::parse("éééééééééééé", &email()).is_ok());
    }

    #[test]
    fn the_accounts_own_email_is_refused_whatever_its_case() {
        assert_eq!(
            Password::parse("Papa.Billy@Patro.be", &email()),
            Err(Error::PasswordIsEmail)
        );
    }

    #[test]
    fn an_empty_password_is_required() {
        assert_eq!(Password::parse("", &email()), Err(Error::Required));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let password = Password::parse("un secret bien long", &email()).unwrap();
        assert!(!format!("{password:?}").contains("secret"));
    }
}
