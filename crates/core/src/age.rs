//! A person's age in whole years.

use time::Date;

use crate::Lang;

/// Age in completed years at `on`. Someone born on 29 February has their birthday on 1 March in
/// the years without one: on 28 February they are still a year younger (the day they would turn
/// that age has not come yet).
pub fn age_at(birth: Date, on: Date) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (u8::from(on.month()), on.day()) < (u8::from(birth.month()), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// `(8 ans)`, `(1 an)`; `(8 years old)` in English.
pub fn age_label(years: u32, lang: Lang) -> String {
    match (lang, years) {
        (Lang::Fr, 0 | 1) => format!("({years} an)"),
        (Lang::Fr, _) => format!("({years} ans)"),
        (Lang::En, 1) => "(1 year old)".to_owned(),
        (Lang::En, _) => format!("({years} years old)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn billy_is_eight_in_november_2026() {
        assert_eq!(age_at(date!(2018 - 05 - 01), date!(2026 - 11 - 26)), 8);
    }

    #[test]
    fn the_birthday_itself_counts() {
        assert_eq!(age_at(date!(2018 - 05 - 01), date!(2026 - 04 - 30)), 7);
        assert_eq!(age_at(date!(2018 - 05 - 01), date!(2026 - 05 - 01)), 8);
    }

    #[test]
    fn a_leap_day_birthday_comes_on_the_first_of_march_in_common_years() {
        let birth = date!(2016 - 02 - 29);
        assert_eq!(age_at(birth, date!(2025 - 02 - 28)), 8);
        assert_eq!(age_at(birth, date!(2025 - 03 - 01)), 9);
        assert_eq!(age_at(birth, date!(2024 - 02 - 29)), 8);
        assert_eq!(age_at(birth, date!(2024 - 02 - 28)), 7);
    }

    #[test]
    fn before_birth_the_age_is_zero() {
        assert_eq!(age_at(date!(2026 - 01 - 01), date!(2025 - 01 - 01)), 0);
    }

    #[test]
    fn labels_agree_with_the_number() {
        assert_eq!(age_label(8, Lang::Fr), "(8 ans)");
        assert_eq!(age_label(1, Lang::Fr), "(1 an)");
        assert_eq!(age_label(0, Lang::Fr), "(0 an)");
        assert_eq!(age_label(8, Lang::En), "(8 years old)");
        assert_eq!(age_label(1, Lang::En), "(1 year old)");
    }
}
