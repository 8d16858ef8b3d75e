//! Amounts of money, in euro cents: never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// An amount in euro cents, shown the Belgian way: `45,00 €`, `1 250,50 €`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Amount(i64);

impl Amount {
    pub const fn from_cents(cents: i64) -> Amount {
        Amount(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Reads an amount as people type it: `45`, `45,00`, `45.00`, `45,00 €`, `1 250,50`, `€45.5`.
    /// Negative amounts and more than two decimals are refused.
    pub fn parse(input: &str) -> Result<Amount, Error> {
        let text: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202f}')
            .collect();
        let text = text.strip_suffix("EUR").unwrap_or(&text);
        if text.is_empty() {
            return Err(Error::Required);
        }
        let (euros, cents) = match text.rsplit_once([',', '.']) {
            Some((euros, cents)) => (euros, cents),
            None => (text, ""),
        };
        let euros_digits = euros.replace(['.', ','], "");
        let valid = !euros_digits.is_empty()
            && euros_digits.chars().all(|c| c.is_ascii_digit())
            && cents.len() <= 2
            && cents.chars().all(|c| c.is_ascii_digit())
            && euros_digits.len() <= 10;
        if !valid {
            return Err(Error::AmountInvalid);
        }
        let euros: i64 = euros_digits.parse().map_err(|_| Error::AmountInvalid)?;
        let cents: i64 = match cents.len() {
            0 => 0,
            1 => cents.parse::<i64>().map_err(|_| Error::AmountInvalid)? * 10,
            _ => cents.parse().map_err(|_| Error::AmountInvalid)?,
        };
        Ok(Amount(euros * 100 + cents))
    }

    /// `45.00`: the dot-decimal form of machines (the EPC QR code's amount, CSV for other tools).
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", cents / 100, cents % 100)
    }

    pub fn saturating_sub(self, other: Amount) -> Amount {
        Amount((self.0 - other.0).max(0))
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
    fn amounts_are_read_as_people_type_them() {
        let cases = [
            ("45", 4500),
            ("45,00", 4500),
            ("45.00", 4500),
            ("45,00 €", 4500),
            ("€45.5", 4550),
            ("1 250,50", 125_050),
            ("1.250,50", 125_050),
            ("0,05", 5),
            ("45 EUR", 4500),
        ];
        for (input, cents) in cases {
            assert_eq!(
                Amount::parse(input),
                Ok(Amount::from_cents(cents)),
                "{input}"
            );
        }
    }

    #[test]
    fn nonsense_amounts_are_refused() {
        for input in ["-5", "45,001", "quarante", "45,0a", ","] {
            assert_eq!(Amount::parse(input), Err(Error::AmountInvalid), "{input}");
        }
        assert_eq!(Amount::parse(" "), Err(Error::Required));
    }

    #[test]
    fn the_plain_form_uses_a_dot_and_no_grouping() {
        assert_eq!(Amount::from_cents(4500).to_plain(), "45.00");
        assert_eq!(Amount::from_cents(5).to_plain(), "0.05");
        assert_eq!(Amount::from_cents(125_050).to_plain(), "1250.50");
        assert_eq!(Amount::from_cents(-4500).to_plain(), "-45.00");
    }

    proptest::proptest! {
        #[test]
        fn the_display_form_reads_back(cents in 0i64..10_000_000_000) {
            let amount = Amount::from_cents(cents);
            proptest::prop_assert_eq!(Amount::parse(&amount.to_string()), Ok(amount));
            proptest::prop_assert_eq!(Amount::parse(&amount.to_plain()), Ok(amount));
        }
    }

    #[test]
    fn a_refund_is_negative() {
        assert_eq!(Amount::from_cents(-4500).to_string(), "-45,00 €");
    }
}
