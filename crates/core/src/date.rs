//! Dates as Belgian users write and read them: `01/05/2018`, `1er mai 2018`.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::{Error, Lang};

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads a date in any of the forms people type: `01/05/2018`, `1/5/2018`, `01-05-2018`,
/// `01.05.2018`, ISO `2018-05-01`, or written out, `1er mai 2018` / `1 mai 2018`.
pub fn parse_date(input: &str) -> Result<Date, Error> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Error::Required);
    }
    let (day, month, year) = if let Some(parts) = numeric_parts(text) {
        parts
    } else if let Some(parts) = written_parts(text) {
        parts
    } else {
        return Err(Error::DateFormat);
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(Error::DateDoesNotExist)?;
    let day = u8::try_from(day).map_err(|_| Error::DateDoesNotExist)?;
    let year = i32::try_from(year).map_err(|_| Error::DateFormat)?;
    Date::from_calendar_date(year, month, day).map_err(|_| Error::DateDoesNotExist)
}

fn numeric_parts(text: &str) -> Option<(u32, u32, u32)> {
    let separator = ['/', '-', '.'].into_iter().find(|s| text.contains(*s))?;
    let parts: Vec<&str> = text.split(separator).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let (a, b, c): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => Some((c, b, a)),
        (1..=2, 4) => Some((a, b, c)),
        _ => None,
    }
}

fn written_parts(text: &str) -> Option<(u32, u32, u32)> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let day = day.strip_suffix("er").unwrap_or(day).parse().ok()?;
    let month = MONTHS_FR.iter().chain(MONTHS_EN.iter()).position(|name| {
        name.to_lowercase() == *month || name.replace('é', "e").replace('û', "u") == *month
    })? % 12
        + 1;
    let year = (year.len() == 4).then(|| year.parse().ok()).flatten()?;
    Some((day, u32::try_from(month).ok()?, year))
}

/// The month's name in lower case (`mai`, `août`; `May` in English).
pub fn month_name(month: Month, lang: Lang) -> &'static str {
    let index = usize::from(u8::from(month)) - 1;
    match lang {
        Lang::Fr => MONTHS_FR[index],
        Lang::En => MONTHS_EN[index],
    }
}

/// `01/05/2018`: the short form of forms and lists.
pub fn short(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `1er mai 2018` in French, `1 May 2018` in English: the form of sentences and sheets.
pub fn long(date: Date, lang: Lang) -> String {
    let month_index = usize::from(u8::from(date.month())) - 1;
    match lang {
        Lang::Fr => {
            let day = if date.day() == 1 {
                "1er".to_owned()
            } else {
                date.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month_index], date.year())
        }
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month_index], date.year()),
    }
}

/// A child's birth date: a real date, not in the future, and not more than 120 years ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BirthDate(Date);

impl BirthDate {
    pub fn parse(input: &str, today: Date) -> Result<BirthDate, Error> {
        BirthDate::new(parse_date(input)?, today)
    }

    pub fn new(date: Date, today: Date) -> Result<BirthDate, Error> {
        if date > today {
            return Err(Error::DateInFuture);
        }
        if today.year() - date.year() > 120 {
            return Err(Error::DateTooOld);
        }
        Ok(BirthDate(date))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&short(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 26);

    #[test]
    fn every_usual_form_reads_the_same_date() {
        for input in [
            "01/05/2018",
            "1/5/2018",
            "01-05-2018",
            "01.05.2018",
            "2018-05-01",
            "1er mai 2018",
            "1 mai 2018",
            "1 May 2018",
            " 1ER MAI 2018 ",
        ] {
            assert_eq!(parse_date(input), Ok(date!(2018 - 05 - 01)), "{input}");
        }
    }

    #[test]
    fn months_with_accents_are_read_with_or_without_them() {
        assert_eq!(parse_date("15 août 2019"), Ok(date!(2019 - 08 - 15)));
        assert_eq!(parse_date("15 aout 2019"), Ok(date!(2019 - 08 - 15)));
        assert_eq!(parse_date("3 février 2020"), Ok(date!(2020 - 02 - 03)));
    }

    #[test]
    fn impossible_dates_are_named_as_such() {
        assert_eq!(parse_date("31/04/2018"), Err(Error::DateDoesNotExist));
        assert_eq!(parse_date("29/02/2019"), Err(Error::DateDoesNotExist));
        assert_eq!(parse_date("01/13/2018"), Err(Error::DateDoesNotExist));
        assert_eq!(parse_date("29/02/2020"), Ok(date!(2020 - 02 - 29)));
    }

    #[test]
    fn other_shapes_ask_for_the_expected_format() {
        for input in ["2018", "01/05/18", "hier", "01/05", "1er mai"] {
            assert_eq!(parse_date(input), Err(Error::DateFormat), "{input}");
        }
        assert_eq!(parse_date(""), Err(Error::Required));
    }

    #[test]
    fn short_and_long_forms() {
        let d = date!(2018 - 05 - 01);
        assert_eq!(short(d), "01/05/2018");
        assert_eq!(long(d, Lang::Fr), "1er mai 2018");
        assert_eq!(long(date!(2025 - 08 - 27), Lang::Fr), "27 août 2025");
        assert_eq!(long(d, Lang::En), "1 May 2018");
    }

    #[test]
    fn a_birth_date_cannot_be_in_the_future() {
        assert_eq!(
            BirthDate::parse("27/11/2026", TODAY),
            Err(Error::DateInFuture)
        );
        assert!(BirthDate::parse("26/11/2026", TODAY).is_ok());
    }

    #[test]
    fn a_birth_date_more_than_120_years_ago_is_refused() {
        assert_eq!(
            BirthDate::parse("01/01/1900", TODAY),
            Err(Error::DateTooOld)
        );
    }

    proptest! {
        #[test]
        fn the_short_form_reads_back(days in 0i32..60_000) {
            let d = date!(1900 - 01 - 01) + time::Duration::days(i64::from(days));
            prop_assert_eq!(parse_date(&short(d)), Ok(d));
            prop_assert_eq!(parse_date(&long(d, Lang::Fr)), Ok(d));
        }
    }
}
