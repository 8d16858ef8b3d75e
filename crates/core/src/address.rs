//! A Belgian postal address.

use std::fmt;

use serde::Serialize;

use crate::Error;

/// A Belgian postal code, 1000 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PostalCode(u16);

impl PostalCode {
    pub fn parse(input: &str) -> Result<PostalCode, Error> {
        let text = input.trim();
        if text.is_empty() {
            return Err(Error::Required);
        }
        let text = text.strip_prefix("B-").unwrap_or(text);
        if text.len() != 4 || !text.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::PostalCodeInvalid);
        }
        let code: u16 = text.parse().map_err(|_| Error::PostalCodeInvalid)?;
        if code < 1000 {
            return Err(Error::PostalCodeInvalid);
        }
        Ok(PostalCode(code))
    }

    pub fn value(self) -> u16 {
        self.0
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Street and number, postal code, locality: `Rue du Roeulx 23, 7110 Maurage`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Address {
    street: String,
    postal_code: PostalCode,
    locality: String,
}

const MAX_PART: usize = 120;

impl Address {
    pub fn new(street: &str, postal_code: &str, locality: &str) -> Result<Address, Error> {
        let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let street = clean(street);
        let locality = clean(locality);
        if street.is_empty() || locality.is_empty() {
            return Err(Error::AddressIncomplete);
        }
        if street.chars().count() > MAX_PART || locality.chars().count() > MAX_PART {
            return Err(Error::TooLong { max: MAX_PART });
        }
        if let Some(c) = street
            .chars()
            .chain(locality.chars())
            .find(|c| c.is_control() || matches!(c, '<' | '>' | '{' | '}'))
        {
            return Err(Error::ForbiddenCharacter(c));
        }
        Ok(Address {
            street,
            postal_code: PostalCode::parse(postal_code)?,
            locality,
        })
    }

    /// Reads the one-line form people type, `Rue du Roeulx 23, 7110 Maurage`.
    pub fn parse(input: &str) -> Result<Address, Error> {
        let Some((street, place)) = input.rsplit_once(',') else {
            return Err(Error::AddressIncomplete);
        };
        let place = place.trim();
        let Some((code, locality)) = place.split_once(char::is_whitespace) else {
            return Err(Error::AddressIncomplete);
        };
        Address::new(street, code, locality)
    }

    pub fn street(&self) -> &str {
        &self.street
    }

    pub fn postal_code(&self) -> PostalCode {
        self.postal_code
    }

    pub fn locality(&self) -> &str {
        &self.locality
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {} {}", self.street, self.postal_code, self.locality)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_run_from_1000_to_9999() {
        assert_eq!(PostalCode::parse("1000").unwrap().value(), 1000);
        assert_eq!(PostalCode::parse("9999").unwrap().value(), 9999);
        assert_eq!(PostalCode::parse("B-7110").unwrap().value(), 7110);
        for bad in ["0999", "999", "10000", "71l0", "75001x"] {
            assert_eq!(
                PostalCode::parse(bad),
                Err(Error::PostalCodeInvalid),
                "{bad}"
            );
        }
        assert_eq!(PostalCode::parse(""), Err(Error::Required));
    }

    #[test]
    fn the_one_line_form_reads_back() {
        let address = Address::parse("Rue du Roeulx 23, 7110 Maurage").unwrap();
        assert_eq!(address.street(), "Rue du Roeulx 23");
        assert_eq!(address.postal_code().value(), 7110);
        assert_eq!(address.locality(), "Maurage");
        assert_eq!(address.to_string(), "Rue du Roeulx 23, 7110 Maurage");
    }

    #[test]
    fn a_locality_of_several_words_is_kept_whole() {
        let address = Address::parse("Place communale 1, 7100 La Louvière").unwrap();
        assert_eq!(address.locality(), "La Louvière");
    }

    #[test]
    fn a_missing_part_says_what_is_expected() {
        assert_eq!(
            Address::parse("Rue du Roeulx 23"),
            Err(Error::AddressIncomplete)
        );
        assert_eq!(
            Address::parse("Rue du Roeulx 23, 7110"),
            Err(Error::AddressIncomplete)
        );
        assert_eq!(
            Address::parse(", 7110 Maurage"),
            Err(Error::AddressIncomplete)
        );
        assert_eq!(
            Address::parse("Rue du Roeulx 23, 71 Maurage"),
            Err(Error::PostalCodeInvalid)
        );
    }
}
