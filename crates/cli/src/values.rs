//! The values typed after the flags. Words from a short list (gender, payment method, oui/non) are
//! clap enums, so that completions offer them; cycles, amounts and dates are read here with core's
//! parsers, so that a mistake is told in the staff member's language and names its flag.

use std::io::Read;
use std::path::Path;

use tempatro_core::api::PaymentInput;
use tempatro_core::{Amount, Cycle, Gender, PaymentMethod};
use time::Date;

use crate::error::Error;

pub fn cycle(flag: &'static str, input: &str) -> Result<Cycle, Error> {
    input
        .parse()
        .map_err(|error| Error::InvalidValue { flag, error })
}

pub fn amount(flag: &'static str, input: &str) -> Result<Amount, Error> {
    Amount::parse(input).map_err(|error| Error::InvalidValue { flag, error })
}

pub fn date(flag: &'static str, input: &str) -> Result<Date, Error> {
    tempatro_core::date::parse_date(input).map_err(|error| Error::InvalidValue { flag, error })
}

/// The payment that `--amount`, `--date` and `--method` describe. Each is read here first so
/// that a typo names its flag before anything is sent; sent on as typed, the server reading the
/// same forms.
pub fn payment(
    amount: Option<String>,
    date: Option<&str>,
    method: Option<MethodArg>,
) -> Result<PaymentInput, Error> {
    if let Some(amount) = &amount {
        self::amount("--amount", amount)?;
    }
    let paid_on = date.map(|input| self::date("--date", input)).transpose()?;
    Ok(PaymentInput {
        date: paid_on.map(tempatro_core::date::short),
        amount: amount.map(|amount| amount.trim().to_owned()),
        method: method.map(|method| PaymentMethod::from(method).as_str().to_owned()),
    })
}

/// The items of a comma-separated flag (`--sections Benjamins,Chevaliers`), without the spaces a
/// copy-paste brings nor the empty ones a trailing comma leaves.
pub fn items(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .collect()
}

/// A text given as a file, or as `-` for the standard input, so that a script can pipe a news
/// body or the help page in without a temporary file.
pub fn text_file(path: &Path) -> Result<String, Error> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(Error::Stdin)?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|error| Error::ReadFile {
        path: path.to_owned(),
        detail: error.to_string(),
    })
}

/// An optional cycle flag, read only when given.
pub fn optional_cycle(flag: &'static str, input: Option<&str>) -> Result<Option<Cycle>, Error> {
    input.map(|input| cycle(flag, input)).transpose()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GenderArg {
    #[value(name = "garçon", alias = "garcon", alias = "boy")]
    Boy,
    #[value(name = "fille", alias = "girl")]
    Girl,
}

impl From<GenderArg> for Gender {
    fn from(gender: GenderArg) -> Gender {
        match gender {
            GenderArg::Boy => Gender::Boy,
            GenderArg::Girl => Gender::Girl,
        }
    }
}

impl GenderArg {
    /// The API's code, `boy` or `girl`.
    pub fn code(self) -> String {
        Gender::from(self).as_str().to_owned()
    }
}

/// A child's gender as a sheet reads it: singular, unlike a section's "garçons".
pub fn gender_label(gender: Gender, lang: tempatro_core::Lang) -> &'static str {
    match gender {
        Gender::Boy => lang.pick("garçon", "boy"),
        Gender::Girl => lang.pick("fille", "girl"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// virement bancaire
    #[value(name = "virement", alias = "transfer")]
    Transfer,
    /// en liquide
    #[value(name = "liquide", alias = "cash", alias = "espèces")]
    Cash,
    #[value(name = "autre", alias = "other")]
    Other,
}

impl From<MethodArg> for PaymentMethod {
    fn from(method: MethodArg) -> PaymentMethod {
        match method {
            MethodArg::Transfer => PaymentMethod::Transfer,
            MethodArg::Cash => PaymentMethod::Cash,
            MethodArg::Other => PaymentMethod::Other,
        }
    }
}

/// `true` or `false`, for a flag that turns a setting on or off (`--needs-medical false`); the
/// French and English words are understood too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    #[value(name = "true", alias = "oui", alias = "yes")]
    On,
    #[value(name = "false", alias = "non", alias = "no")]
    Off,
}

impl From<Switch> for bool {
    fn from(switch: Switch) -> bool {
        switch == Switch::On
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum YesNo {
    #[value(name = "oui", alias = "yes", alias = "o", alias = "y")]
    Yes,
    #[value(name = "non", alias = "no", alias = "n")]
    No,
}

impl From<YesNo> for bool {
    fn from(answer: YesNo) -> bool {
        answer == YesNo::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Lang;

    #[test]
    fn a_wrong_value_names_its_flag_in_both_languages() {
        let error = cycle("--cycle", "2026").unwrap_err();
        assert_eq!(
            error.message(Lang::Fr),
            "--cycle : cycle attendu sous la forme 2026-2027"
        );
        assert_eq!(
            error.message(Lang::En),
            "--cycle: cycle expected as 2026-2027"
        );
    }

    #[test]
    fn values_read_as_people_type_them() {
        assert_eq!(
            cycle("--cycle", "2026-2027").unwrap().to_string(),
            "2026-2027"
        );
        assert_eq!(
            amount("--amount", "45,5").unwrap(),
            Amount::from_cents(4550)
        );
        assert_eq!(
            tempatro_core::date::short(date("--date", "1/5/2018").unwrap()),
            "01/05/2018"
        );
    }
}
