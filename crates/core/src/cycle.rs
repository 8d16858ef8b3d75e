//! The Patro year ("cycle d'affiliation"), `2026-2027`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::Error;

/// One Patro year, named by the calendar years it spans: `2026-2027`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cycle {
    start_year: i32,
}

impl Cycle {
    pub fn starting_in(start_year: i32) -> Cycle {
        Cycle { start_year }
    }

    pub fn start_year(self) -> i32 {
        self.start_year
    }

    pub fn next(self) -> Cycle {
        Cycle::starting_in(self.start_year + 1)
    }

    pub fn previous(self) -> Cycle {
        Cycle::starting_in(self.start_year - 1)
    }
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start_year, self.start_year + 1)
    }
}

impl FromStr for Cycle {
    type Err = Error;

    fn from_str(input: &str) -> Result<Cycle, Error> {
        let (first, second) = input
            .trim()
            .split_once(['-', '/'])
            .ok_or(Error::CycleInvalid)?;
        let first: i32 = first.trim().parse().map_err(|_| Error::CycleInvalid)?;
        let second: i32 = second.trim().parse().map_err(|_| Error::CycleInvalid)?;
        if !(1900..=9998).contains(&first) || second != first + 1 {
            return Err(Error::CycleInvalid);
        }
        Ok(Cycle::starting_in(first))
    }
}

impl Serialize for Cycle {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cycle {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// When a Patro's year begins: 1 September unless the group says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleCalendar {
    start_month: Month,
}

impl Default for CycleCalendar {
    fn default() -> Self {
        CycleCalendar {
            start_month: Month::September,
        }
    }
}

impl CycleCalendar {
    pub fn starting_in(start_month: Month) -> CycleCalendar {
        CycleCalendar { start_month }
    }

    pub fn start_month(self) -> Month {
        self.start_month
    }

    /// The cycle that `date` falls in.
    pub fn cycle_of(self, date: Date) -> Cycle {
        if date.month() >= self.start_month {
            Cycle::starting_in(date.year())
        } else {
            Cycle::starting_in(date.year() - 1)
        }
    }

    /// The first day of a cycle (`1 September 2026` for `2026-2027` by default).
    pub fn first_day(self, cycle: Cycle) -> Date {
        Date::from_calendar_date(cycle.start_year(), self.start_month, 1)
            .expect("the first of a month always exists")
    }

    /// The date at which a child's age decides its section: 31 December of the year the cycle
    /// starts, so that children born the same year are in the same section, as Patros group them.
    pub fn reference_date(self, cycle: Cycle) -> Date {
        Date::from_calendar_date(cycle.start_year(), Month::December, 31)
            .expect("31 December always exists")
    }

    /// The last day of a cycle: the eve of the next one's first day.
    pub fn last_day(self, cycle: Cycle) -> Date {
        self.first_day(cycle.next())
            .previous_day()
            .expect("a cycle's first day is never the first date time can represent")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn a_cycle_is_shown_with_both_years() {
        assert_eq!(Cycle::starting_in(2026).to_string(), "2026-2027");
    }

    #[test]
    fn the_first_of_september_opens_the_new_cycle() {
        let calendar = CycleCalendar::default();
        assert_eq!(
            calendar.cycle_of(date!(2026 - 08 - 31)).to_string(),
            "2025-2026"
        );
        assert_eq!(
            calendar.cycle_of(date!(2026 - 09 - 01)).to_string(),
            "2026-2027"
        );
        assert_eq!(
            calendar.cycle_of(date!(2026 - 11 - 26)).to_string(),
            "2026-2027"
        );
        assert_eq!(
            calendar.cycle_of(date!(2027 - 01 - 01)).to_string(),
            "2026-2027"
        );
    }

    #[test]
    fn the_start_month_is_configuration() {
        let calendar = CycleCalendar::starting_in(Month::August);
        assert_eq!(
            calendar.cycle_of(date!(2026 - 08 - 15)).to_string(),
            "2026-2027"
        );
        assert_eq!(
            calendar.first_day(Cycle::starting_in(2026)),
            date!(2026 - 08 - 01)
        );
        assert_eq!(
            calendar.last_day(Cycle::starting_in(2026)),
            date!(2027 - 07 - 31)
        );
    }

    #[test]
    fn a_cycle_runs_from_first_to_last_day() {
        let calendar = CycleCalendar::default();
        let cycle = Cycle::starting_in(2026);
        assert_eq!(calendar.first_day(cycle), date!(2026 - 09 - 01));
        assert_eq!(calendar.last_day(cycle), date!(2027 - 08 - 31));
        assert_eq!(cycle.next().to_string(), "2027-2028");
        assert_eq!(cycle.previous().to_string(), "2025-2026");
    }

    #[test]
    fn the_reference_date_is_the_end_of_the_first_calendar_year() {
        let calendar = CycleCalendar::default();
        assert_eq!(
            calendar.reference_date(Cycle::starting_in(2026)),
            date!(2026 - 12 - 31)
        );
    }

    #[test]
    fn a_cycle_is_parsed_from_its_name_only_when_years_follow() {
        assert_eq!("2026-2027".parse::<Cycle>(), Ok(Cycle::starting_in(2026)));
        assert_eq!(" 2026/2027 ".parse::<Cycle>(), Ok(Cycle::starting_in(2026)));
        for bad in ["2026-2028", "2026", "26-27", "2027-2026", "abcd-efgh"] {
            assert_eq!(bad.parse::<Cycle>(), Err(Error::CycleInvalid), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_day_belongs_to_the_cycle_whose_bounds_contain_it(days in 0i64..40_000, month in 1u8..=12) {
            let calendar = CycleCalendar::starting_in(Month::try_from(month).unwrap());
            let day = date!(1950 - 01 - 01) + time::Duration::days(days);
            let cycle = calendar.cycle_of(day);
            prop_assert!(calendar.first_day(cycle) <= day && day <= calendar.last_day(cycle));
            prop_assert_eq!(cycle.to_string().parse::<Cycle>(), Ok(cycle));
        }
    }
}
