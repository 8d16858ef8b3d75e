//! Amounts of money, in euro cents: never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in euro cents, shown the Belgian way: `45,00 €`, `1 250,50 €`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Amount(i64);

impl Amount {
    pub fn from_cents(cents: i64) -> Amount {
        Amount(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        let euros = (cents / 100).to_string();
        let mut grouped = String::new();
        for (index, digit) in euros.chars().enumerate() {
            if index > 0 && (euros.len() - index).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}{grouped},{:02} €", cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_a_decimal_comma_and_the_euro_sign_after() {
        assert_eq!(Amount::from_cents(4500).to_string(), "45,00 €");
        assert_eq!(Amount::from_cents(5).to_string(), "0,05 €");
        assert_eq!(Amount::from_cents(0).to_string(), "0,00 €");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(Amount::from_cents(125_050).to_string(), "1 250,50 €");
        assert_eq!(
            Amount::from_cents(100_000_000).to_string(),
            "1 000 000,00 €"
        );
    }

    #[test]
    fn a_refund_is_negative() {
        assert_eq!(Amount::from_cents(-4500).to_string(), "-45,00 €");
    }
}
