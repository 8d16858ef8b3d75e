//! A telephone number, as Belgian families write them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A valid telephone number. Belgian numbers are accepted in every usual form (`0412/34.56.78`,
/// `0412 34 56 78`, `+32 412 34 56 78`, `0032412345678`) and shown the Belgian way
/// (`0412/34.56.78`, `02/123.45.67`, `071/23.45.67`); foreign numbers need their `+` prefix and are
/// shown in international form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    /// E.164 form, `+32412345678`: one spelling per number, for storage and comparison.
    e164: String,
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<PhoneNumber, Error> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '/' | '.' | '-' | '(' | ')' | '\u{a0}'))
            .collect();
        if compact.is_empty() {
            return Err(Error::Required);
        }
        let (plus, digits) = match compact.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => match compact.strip_prefix("00") {
                Some(rest) => (true, rest),
                None => (false, compact.as_str()),
            },
        };
        if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(Error::ForbiddenCharacter(c));
        }
        let belgian_national = if plus {
            digits.strip_prefix("32").map(|rest| format!("0{rest}"))
        } else if digits.starts_with('0') {
            Some(digits.to_owned())
        } else {
            return Err(Error::PhoneInvalid);
        };
        if let Some(national) = &belgian_national {
            // Mobiles (04…) have 10 digits, landlines 9: saying which is missing helps more than "invalid".
            let expected = if national.starts_with("04") { 10 } else { 9 };
            if national.len() < expected {
                return Err(Error::PhoneIncomplete { expected });
            }
            if national.len() > expected {
                return Err(Error::PhoneTooLong { expected });
            }
        }
        if let Some(national) = belgian_national {
            // Belgian numbers are checked by shape only: the numbering plan's allocated ranges move
            // (and the guide's own example, 0412/34.56.78, is in none of them), a family's number
            // must still be accepted.
            if national.as_bytes()[1] == b'0' {
                return Err(Error::PhoneInvalid);
            }
            return Ok(PhoneNumber {
                e164: format!("+32{}", &national[1..]),
            });
        }
        let number =
            phonenumber::parse(None, format!("+{digits}")).map_err(|_| Error::PhoneInvalid)?;
        if !phonenumber::is_valid(&number) {
            return Err(Error::PhoneInvalid);
        }
        Ok(PhoneNumber {
            e164: number.format().mode(phonenumber::Mode::E164).to_string(),
        })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    fn belgian_national(&self) -> Option<String> {
        self.e164.strip_prefix("+32").map(|rest| format!("0{rest}"))
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(national) = self.belgian_national() else {
            return f.write_str(&self.e164);
        };
        let zone_len = if national.len() == 10 {
            4
        } else if matches!(&national[..2], "02" | "03" | "04" | "09") {
            2
        } else {
            3
        };
        let (zone, rest) = national.split_at(zone_len);
        // The subscriber part is grouped by two from the right: 123.45.67 or 34.56.78.
        let head = rest.len() % 2;
        let mut groups: Vec<&str> = Vec::new();
        if head == 1 {
            groups.push(&rest[..3]);
        }
        let mut index = if head == 1 { 3 } else { 0 };
        while index < rest.len() {
            groups.push(&rest[index..index + 2]);
            index += 2;
        }
        write!(f, "{zone}/{}", groups.join("."))
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        PhoneNumber::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usual_belgian_mobile_form_gives_the_same_number() {
        for input in [
            "0412/34.56.78",
            "0412 34 56 78",
            "+32 412 34 56 78",
            "0032 412 34 56 78",
            "0412345678",
            "+32 (0)412 34 56 78".replace("(0)", "").as_str(),
        ] {
            let phone = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(phone.to_string(), "0412/34.56.78", "{input}");
            assert_eq!(phone.e164(), "+32412345678");
        }
    }

    #[test]
    fn landlines_are_grouped_by_their_zone() {
        assert_eq!(
            PhoneNumber::parse("02 123 45 67").unwrap().to_string(),
            "02/123.45.67"
        );
        assert_eq!(
            PhoneNumber::parse("064/23.45.67").unwrap().to_string(),
            "064/23.45.67"
        );
        assert_eq!(
            PhoneNumber::parse("+3271234567").unwrap().to_string(),
            "071/23.45.67"
        );
    }

    #[test]
    fn a_mobile_with_a_missing_digit_says_how_many_are_expected() {
        assert_eq!(
            PhoneNumber::parse("0412/34.56.7"),
            Err(Error::PhoneIncomplete { expected: 10 })
        );
        assert_eq!(
            PhoneNumber::parse("0412/34.56.789"),
            Err(Error::PhoneTooLong { expected: 10 })
        );
    }

    #[test]
    fn a_short_landline_is_incomplete() {
        assert_eq!(
            PhoneNumber::parse("071 23 45 6"),
            Err(Error::PhoneIncomplete { expected: 9 })
        );
    }

    #[test]
    fn a_zone_cannot_start_with_zero() {
        assert_eq!(PhoneNumber::parse("0012 34 56 7"), Err(Error::PhoneInvalid));
    }

    #[test]
    fn an_impossible_foreign_number_is_rejected() {
        assert_eq!(PhoneNumber::parse("+33 1"), Err(Error::PhoneInvalid));
    }

    #[test]
    fn a_number_without_a_prefix_is_rejected() {
        assert_eq!(PhoneNumber::parse("412345678"), Err(Error::PhoneInvalid));
    }

    #[test]
    fn letters_are_named() {
        assert_eq!(
            PhoneNumber::parse("0412 34 56 7a"),
            Err(Error::ForbiddenCharacter('a'))
        );
    }

    #[test]
    fn an_empty_number_is_required() {
        assert_eq!(PhoneNumber::parse("  "), Err(Error::Required));
    }

    #[test]
    fn foreign_numbers_keep_their_international_form() {
        let french = PhoneNumber::parse("+33 6 12 34 56 78").unwrap();
        assert_eq!(french.to_string(), "+33612345678");
    }

    #[test]
    fn serde_round_trips_through_the_display_form() {
        let phone = PhoneNumber::parse("+32412345678").unwrap();
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(json, "\"0412/34.56.78\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), phone);
    }
}
