//! The Patro's bank account as a payer's bank needs it: IBAN and, optionally, BIC.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// An IBAN whose country format and check digits are right (validated by the `iban_validate`
/// crate), kept in the electronic form `BE68539007547034`; shown grouped by four,
/// `BE68 5390 0754 7034`, as on paper.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Iban(iban::Iban);

impl Iban {
    /// Reads an IBAN typed with or without spaces, in upper or lower case.
    pub fn parse(input: &str) -> Result<Iban, Error> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(Error::Required);
        }
        compact.parse().map(Iban).map_err(|_| Error::IbanInvalid)
    }

    /// `BE68539007547034`: the form of machines (QR codes, bank files).
    pub fn electronic(&self) -> &str {
        use iban::IbanLike;
        self.0.electronic_str()
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The crate's `Display` is the paper form, grouped by four.
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iban({})", self.electronic())
    }
}

impl FromStr for Iban {
    type Err = Error;

    fn from_str(input: &str) -> Result<Iban, Error> {
        Iban::parse(input)
    }
}

impl Serialize for Iban {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.electronic())
    }
}

impl<'de> Deserialize<'de> for Iban {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Iban::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A BIC (ISO 9362): 4 letters for the bank, 2 for the country, 2 letters or digits for the
/// location, and an optional 3-character branch: `GEBABEBB` or `GEBABEBB036`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    pub fn parse(input: &str) -> Result<Bic, Error> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(Error::Required);
        }
        let bytes = compact.as_bytes();
        let valid = matches!(bytes.len(), 8 | 11)
            && bytes[..6].iter().all(u8::is_ascii_uppercase)
            && bytes[6..].iter().all(u8::is_ascii_alphanumeric);
        if !valid {
            return Err(Error::BicInvalid);
        }
        Ok(Bic(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Bic {
    type Err = Error;

    fn from_str(input: &str) -> Result<Bic, Error> {
        Bic::parse(input)
    }
}

impl Serialize for Bic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Bic::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn an_iban_is_read_with_spaces_or_lower_case_and_kept_without_spaces() {
        for input in [
            "BE68 5390 0754 7034",
            "BE68539007547034",
            "be68 5390 0754 7034",
            " BE68  5390 07547034 ",
        ] {
            let iban = Iban::parse(input).expect(input);
            assert_eq!(iban.electronic(), "BE68539007547034");
            assert_eq!(iban.to_string(), "BE68 5390 0754 7034");
        }
    }

    #[test]
    fn a_wrong_iban_is_refused_in_french() {
        for input in [
            "BE68 5390 0754 7035",
            "BE68 5390 0754",
            "XX68539007547034",
            "IBAN",
        ] {
            assert_eq!(Iban::parse(input), Err(Error::IbanInvalid), "{input}");
        }
        assert_eq!(
            Error::IbanInvalid.to_string(),
            "numéro de compte IBAN invalide, vérifiez-le (exemple : BE68 5390 0754 7034)"
        );
        assert_eq!(
            Error::IbanInvalid.message(Lang::En),
            "invalid IBAN account number, check it (example: BE68 5390 0754 7034)"
        );
        assert_eq!(Iban::parse(" "), Err(Error::Required));
    }

    #[test]
    fn an_iban_travels_in_its_electronic_form() {
        let iban = Iban::parse("BE68 5390 0754 7034").unwrap();
        let json = serde_json::to_string(&iban).unwrap();
        assert_eq!(json, "\"BE68539007547034\"");
        assert_eq!(serde_json::from_str::<Iban>(&json).unwrap(), iban);
        assert!(serde_json::from_str::<Iban>("\"BE00\"").is_err());
    }

    #[test]
    fn a_bic_has_8_or_11_characters() {
        assert_eq!(Bic::parse("gebabebb").unwrap().as_str(), "GEBABEBB");
        assert_eq!(Bic::parse("GEBA BEBB 036").unwrap().as_str(), "GEBABEBB036");
        for input in [
            "GEBABE",
            "GEBABEBB03",
            "GEBABEBB0366",
            "1EBABEBB",
            "GEBA-EBB",
        ] {
            assert_eq!(Bic::parse(input), Err(Error::BicInvalid), "{input}");
        }
    }
}
