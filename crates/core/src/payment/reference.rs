//! The Belgian structured communication ("communication structurée", OGM in French, VCS in Dutch):
//! what a parent types in the transfer so that the Patro recognises the payment.
//!
//! Twelve digits: a 10-digit number, then two check digits equal to that number modulo 97, written
//! `97` when the remainder is 0 (Febelfin, "conditions pour proposer des virements"). Shown as
//! `+++090/9337/55493+++`; `***090/9337/55493***` is also seen, and banks take the bare digits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The first number that no longer fits in the 10 digits before the check digits.
const LIMIT: u64 = 10_000_000_000;

/// A structured communication whose check digits are right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructuredReference {
    /// The 10 digits before the check digits; the check digits are always derived from it, so a
    /// value of this type cannot carry wrong ones.
    number: u64,
}

impl StructuredReference {
    /// The reference of a 10-digit number (below 10¹⁰), with its check digits computed.
    pub fn from_number(number: u64) -> Result<StructuredReference, Error> {
        if number >= LIMIT {
            return Err(Error::ReferenceInvalid);
        }
        Ok(StructuredReference { number })
    }

    /// The 10 digits before the check digits.
    pub fn number(self) -> u64 {
        self.number
    }

    /// The number modulo 97, or 97 when the remainder is 0 (00 is never a valid check).
    pub fn check_digits(self) -> u8 {
        check_digits_of(self.number)
    }

    /// The 12 bare digits, `090933755493`: the form of bank files and of the EPC QR code's
    /// structured remittance field.
    pub fn digits(self) -> String {
        format!("{:010}{:02}", self.number, self.check_digits())
    }

    /// Reads a reference in the forms parents and banks write it: `+++090/9337/55493+++`,
    /// `***090/9337/55493***`, `090/9337/55493` or the 12 bare digits, with spaces anywhere.
    /// A wrong check is refused, as a bank would: it is most often a typing mistake.
    pub fn parse(input: &str) -> Result<StructuredReference, Error> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(Error::Required);
        }
        let inner = strip_delimiters(&compact).ok_or(Error::ReferenceInvalid)?;
        let digits = if inner.contains('/') {
            let groups: Vec<&str> = inner.split('/').collect();
            let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
            if lengths != [3, 4, 5] {
                return Err(Error::ReferenceInvalid);
            }
            groups.concat()
        } else {
            inner.to_owned()
        };
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::ReferenceInvalid);
        }
        let number: u64 = digits[..10].parse().map_err(|_| Error::ReferenceInvalid)?;
        let found: u8 = digits[10..].parse().map_err(|_| Error::ReferenceInvalid)?;
        let reference = StructuredReference { number };
        let expected = reference.check_digits();
        if found != expected {
            return Err(Error::ReferenceCheckDigits { found, expected });
        }
        Ok(reference)
    }

    /// Finds a structured communication written inside a free text, as parents do when their
    /// bank app has no structured field or they pasted it in the wrong one: `Léa +++090/9337/55493+++`,
    /// `***090/9337/55493***`, or the slashed form `090/9337/55493` alone. Only candidates whose
    /// check digits are right are taken, which rules out most dates and account numbers; the bare
    /// 12 digits are not searched for, since phone or account numbers would match one time in 97.
    pub fn find_in(text: &str) -> Option<StructuredReference> {
        find_delimited(text, "+++")
            .or_else(|| find_delimited(text, "***"))
            .or_else(|| find_slashed(text))
    }
}

fn check_digits_of(number: u64) -> u8 {
    match number % 97 {
        0 => 97,
        // The remainder is below 97, so it always fits.
        remainder => u8::try_from(remainder).unwrap_or(97),
    }
}

/// The text inside `+++…+++` or `***…***`, or the whole text when it has no delimiters; `None`
/// when the delimiters are unbalanced or mixed.
fn strip_delimiters(text: &str) -> Option<&str> {
    for delimiter in ["+++", "***"] {
        let opens = text.starts_with(delimiter);
        let closes = text.len() >= 6 && text.ends_with(delimiter);
        match (opens, closes) {
            (true, true) => return Some(&text[3..text.len() - 3]),
            (false, false) => {}
            _ => return None,
        }
    }
    Some(text)
}

fn find_delimited(text: &str, delimiter: &str) -> Option<StructuredReference> {
    let mut rest = text;
    while let Some(start) = rest.find(delimiter) {
        let after = &rest[start + delimiter.len()..];
        let end = after.find(delimiter)?;
        let candidate = format!("{delimiter}{}{delimiter}", &after[..end]);
        if let Ok(reference) = StructuredReference::parse(&candidate) {
            return Some(reference);
        }
        // The closing delimiter may open the next candidate (`+++ x +++090/…+++`).
        rest = &after[end..];
    }
    None
}

/// `ddd/dddd/ddddd` not touching other digits or slashes.
fn find_slashed(text: &str) -> Option<StructuredReference> {
    let bytes = text.as_bytes();
    let shape = b"ddd/dddd/ddddd";
    if bytes.len() < shape.len() {
        return None;
    }
    let part_of_number = |b: u8| b.is_ascii_digit() || b == b'/';
    (0..=bytes.len() - shape.len()).find_map(|start| {
        let window = &bytes[start..start + shape.len()];
        let fits = window.iter().zip(shape).all(|(&b, &s)| match s {
            b'd' => b.is_ascii_digit(),
            _ => b == b'/',
        });
        let alone = (start == 0 || !part_of_number(bytes[start - 1]))
            && bytes
                .get(start + shape.len())
                .is_none_or(|&b| !part_of_number(b));
        if !(fits && alone) {
            return None;
        }
        // The window is ASCII, so it is valid UTF-8 on its own.
        std::str::from_utf8(window)
            .ok()
            .and_then(|candidate| StructuredReference::parse(candidate).ok())
    })
}

impl fmt::Display for StructuredReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits();
        write!(
            f,
            "+++{}/{}/{}+++",
            &digits[..3],
            &digits[3..7],
            &digits[7..]
        )
    }
}

impl FromStr for StructuredReference {
    type Err = Error;

    fn from_str(input: &str) -> Result<StructuredReference, Error> {
        StructuredReference::parse(input)
    }
}

impl Serialize for StructuredReference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StructuredReference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        StructuredReference::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::Lang;

    fn reference(text: &str) -> StructuredReference {
        StructuredReference::parse(text).expect(text)
    }

    #[test]
    fn the_published_vectors_have_the_right_check_digits() {
        for (number, shown) in [
            (909_337_554, "+++090/9337/55493+++"),
            (1_231_234_123, "+++123/1234/12328+++"),
            (8_000_906, "+++000/8000/90655+++"),
        ] {
            let built = StructuredReference::from_number(number).unwrap();
            assert_eq!(built.to_string(), shown);
            assert_eq!(reference(shown), built);
        }
    }

    #[test]
    fn a_remainder_of_zero_is_written_97() {
        let built = StructuredReference::from_number(1_197_530_766).unwrap();
        assert_eq!(1_197_530_766 % 97, 0);
        assert_eq!(built.check_digits(), 97);
        assert_eq!(built.to_string(), "+++119/7530/76697+++");
        assert_eq!(reference("+++119/7530/76697+++"), built);
    }

    #[test]
    fn every_usual_form_reads_the_same_reference() {
        let expected = reference("+++090/9337/55493+++");
        for input in [
            "***090/9337/55493***",
            "090/9337/55493",
            "090933755493",
            " +++ 090 / 9337 / 55493 +++ ",
            "0909 3375 5493",
        ] {
            assert_eq!(StructuredReference::parse(input), Ok(expected), "{input}");
        }
        assert_eq!(expected.digits(), "090933755493");
    }

    #[test]
    fn a_wrong_check_digit_is_refused_and_named() {
        let error = StructuredReference::parse("+++090/9337/55494+++").unwrap_err();
        assert_eq!(
            error,
            Error::ReferenceCheckDigits {
                found: 94,
                expected: 93
            }
        );
        assert_eq!(
            error.to_string(),
            "communication structurée erronée : les chiffres de contrôle 94 ne correspondent pas \
             aux dix premiers chiffres (93 attendu), vérifiez-la"
        );
        assert!(error.message(Lang::En).contains("check digits 94"));
    }

    #[test]
    fn a_check_of_00_is_always_wrong() {
        assert!(matches!(
            StructuredReference::parse("000000000000"),
            Err(Error::ReferenceCheckDigits {
                found: 0,
                expected: 97
            })
        ));
    }

    #[test]
    fn other_shapes_are_refused() {
        for input in [
            "+++090/9337/55493",
            "090/9337/55493+++",
            "+++090/9337/55493***",
            "09/09337/55493",
            "09093375549",
            "0909337554930",
            "090/9337/5549a",
            "+++090-9337-55493+++",
            "abc",
        ] {
            assert_eq!(
                StructuredReference::parse(input),
                Err(Error::ReferenceInvalid),
                "{input}"
            );
        }
        assert_eq!(StructuredReference::parse("  "), Err(Error::Required));
    }

    #[test]
    fn a_number_needs_at_most_ten_digits() {
        assert!(StructuredReference::from_number(9_999_999_999).is_ok());
        assert_eq!(
            StructuredReference::from_number(10_000_000_000),
            Err(Error::ReferenceInvalid)
        );
    }

    #[test]
    fn it_travels_as_its_display_form() {
        let value = reference("090933755493");
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"+++090/9337/55493+++\"");
        assert_eq!(
            serde_json::from_str::<StructuredReference>(&json).unwrap(),
            value
        );
        assert!(serde_json::from_str::<StructuredReference>("\"090933755494\"").is_err());
    }

    #[test]
    fn a_reference_is_found_inside_a_free_communication() {
        let expected = Some(reference("090933755493"));
        for text in [
            "Cotisation Léa +++090/9337/55493+++ merci",
            "Camp ***090/9337/55493***",
            "+++ 090/9337/55493 +++",
            "paiement 090/9337/55493 Dupont",
            "+++ erreur +++090/9337/55493+++",
        ] {
            assert_eq!(StructuredReference::find_in(text), expected, "{text}");
        }
    }

    #[test]
    fn nothing_is_found_without_a_valid_reference() {
        for text in [
            "Cotisation Léa",
            "+++090/9337/55494+++",
            "090933755493",
            "1090/9337/55493",
            "090/9337/554931",
            "",
        ] {
            assert_eq!(StructuredReference::find_in(text), None, "{text}");
        }
    }

    fn any_reference() -> impl Strategy<Value = StructuredReference> {
        (0..LIMIT).prop_map(|number| StructuredReference::from_number(number).unwrap())
    }

    proptest! {
        #[test]
        fn every_reference_reads_back_from_each_form(value in any_reference()) {
            let shown = value.to_string();
            let slashed = &shown[3..shown.len() - 3];
            let stars = format!("***{slashed}***");
            let spaced = format!("+++ {} +++", slashed.replace('/', " / "));
            for form in [shown.as_str(), slashed, &value.digits(), &stars, &spaced] {
                prop_assert_eq!(StructuredReference::parse(form), Ok(value), "{}", form);
            }
            prop_assert_eq!(StructuredReference::find_in(&format!("Camp {shown} Léa")), Some(value));
        }

        #[test]
        fn changing_the_check_digits_is_always_caught(value in any_reference(), other in 0u8..100) {
            prop_assume!(other != value.check_digits());
            let digits = format!("{:010}{:02}", value.number(), other);
            prop_assert!(StructuredReference::parse(&digits).is_err());
        }

        #[test]
        fn no_text_makes_the_search_panic(text in ".*") {
            let _ = StructuredReference::find_in(&text);
            let _ = StructuredReference::parse(&text);
        }
    }
}
