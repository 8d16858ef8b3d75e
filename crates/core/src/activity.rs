//! Camps and hikes: who may register, until when, what it costs, and when leaders may read the
//! medical sheets.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::{Amount, Error, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    Camp,
    Hike,
}

impl ActivityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Camp => "camp",
            ActivityKind::Hike => "hike",
        }
    }

    pub fn parse(input: &str) -> Option<ActivityKind> {
        match input.trim().to_lowercase().as_str() {
            "camp" => Some(ActivityKind::Camp),
            "hike" => Some(ActivityKind::Hike),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActivityKind::Camp => "camp",
            ActivityKind::Hike => lang.pick("hike", "hike"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    Registered,
    /// Past capacity: waits, in order, for a place to free.
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(input: &str) -> Option<RegistrationStatus> {
        match input {
            "registered" => Some(RegistrationStatus::Registered),
            "waitlisted" => Some(RegistrationStatus::Waitlisted),
            "cancelled" => Some(RegistrationStatus::Cancelled),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RegistrationStatus::Registered => lang.pick("inscrit", "registered"),
            RegistrationStatus::Waitlisted => lang.pick("liste d'attente", "waiting list"),
            RegistrationStatus::Cancelled => lang.pick("annulé", "cancelled"),
        }
    }

    /// Registered or waiting: the child holds (or waits for) a place.
    pub fn is_active(self) -> bool {
        self != RegistrationStatus::Cancelled
    }
}

/// An activity's dates and who it is for: what the registration rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityTerms {
    pub starts_on: Date,
    pub ends_on: Date,
    /// Last day to register or cancel.
    pub deadline: Date,
    /// The sections it is for.
    pub sections: Vec<i64>,
}

impl ActivityTerms {
    /// Checks an activity's dates: it ends on or after its start, and registrations close on or
    /// before its first day.
    pub fn new(
        starts_on: Date,
        ends_on: Date,
        deadline: Date,
        sections: Vec<i64>,
    ) -> Result<ActivityTerms, Error> {
        if ends_on < starts_on || deadline > starts_on {
            return Err(Error::ActivityDates);
        }
        if sections.is_empty() {
            return Err(Error::Required.in_field(crate::Field::Section));
        }
        Ok(ActivityTerms {
            starts_on,
            ends_on,
            deadline,
            sections,
        })
    }

    pub fn is_over(&self, today: Date) -> bool {
        today > self.ends_on
    }

    /// A parent registering a child: the activity is for the child's section (this cycle), the
    /// deadline has not passed, and the child is not already on the list.
    pub fn check_registration(
        &self,
        child_section: Option<i64>,
        today: Date,
        current: Option<RegistrationStatus>,
    ) -> Result<(), Error> {
        if current.is_some_and(RegistrationStatus::is_active) {
            return Err(Error::AlreadyRegistered);
        }
        if !child_section.is_some_and(|section| self.sections.contains(&section)) {
            return Err(Error::ActivityNotForSection);
        }
        self.check_deadline(today)
    }

    /// Parents register and cancel until the deadline, included.
    pub fn check_deadline(&self, today: Date) -> Result<(), Error> {
        if today > self.deadline {
            Err(Error::RegistrationClosed {
                deadline: self.deadline,
            })
        } else {
            Ok(())
        }
    }
}

/// The fee of a registration: the solidarity price for a child with the solidarity affiliation,
/// when the activity has one.
pub fn activity_fee(price: Amount, solidarity_price: Option<Amount>, solidarity: bool) -> Amount {
    match solidarity_price {
        Some(reduced) if solidarity => reduced,
        _ => price,
    }
}

/// When leaders may read the medical sheets of an activity's participants: from `days_before`
/// its first day (3 by default) to its last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MedicalWindow {
    pub days_before: u16,
}

impl Default for MedicalWindow {
    fn default() -> Self {
        MedicalWindow { days_before: 3 }
    }
}

impl MedicalWindow {
    pub fn opens(self, starts_on: Date) -> Date {
        starts_on - Duration::days(i64::from(self.days_before))
    }

    pub fn is_open(self, starts_on: Date, ends_on: Date, today: Date) -> bool {
        self.opens(starts_on) <= today && today <= ends_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn camp() -> ActivityTerms {
        ActivityTerms::new(
            date!(2027 - 07 - 10),
            date!(2027 - 07 - 20),
            date!(2027 - 06 - 15),
            vec![2],
        )
        .unwrap()
    }

    #[test]
    fn dates_must_follow_each_other() {
        assert_eq!(
            ActivityTerms::new(
                date!(2027 - 07 - 10),
                date!(2027 - 07 - 09),
                date!(2027 - 06 - 15),
                vec![2]
            ),
            Err(Error::ActivityDates)
        );
        assert_eq!(
            ActivityTerms::new(
                date!(2027 - 07 - 10),
                date!(2027 - 07 - 20),
                date!(2027 - 07 - 11),
                vec![2]
            ),
            Err(Error::ActivityDates)
        );
        assert!(
            ActivityTerms::new(
                date!(2027 - 04 - 10),
                date!(2027 - 04 - 10),
                date!(2027 - 04 - 10),
                vec![2]
            )
            .is_ok(),
            "a one-day hike closing on its day"
        );
    }

    #[test]
    fn a_child_of_the_section_registers_until_the_deadline_included() {
        assert_eq!(
            camp().check_registration(Some(2), date!(2027 - 06 - 15), None),
            Ok(())
        );
        assert_eq!(
            camp().check_registration(Some(2), date!(2027 - 06 - 16), None),
            Err(Error::RegistrationClosed {
                deadline: date!(2027 - 06 - 15)
            })
        );
    }

    #[test]
    fn a_child_of_another_section_or_without_one_is_refused() {
        assert_eq!(
            camp().check_registration(Some(3), date!(2027 - 05 - 01), None),
            Err(Error::ActivityNotForSection)
        );
        assert_eq!(
            camp().check_registration(None, date!(2027 - 05 - 01), None),
            Err(Error::ActivityNotForSection)
        );
    }

    #[test]
    fn a_child_registers_once_but_again_after_cancelling() {
        let today = date!(2027 - 05 - 01);
        for status in [
            RegistrationStatus::Registered,
            RegistrationStatus::Waitlisted,
        ] {
            assert_eq!(
                camp().check_registration(Some(2), today, Some(status)),
                Err(Error::AlreadyRegistered)
            );
        }
        assert_eq!(
            camp().check_registration(Some(2), today, Some(RegistrationStatus::Cancelled)),
            Ok(())
        );
    }

    #[test]
    fn the_medical_window_runs_from_three_days_before_to_the_last_day() {
        let window = MedicalWindow::default();
        let (start, end) = (date!(2027 - 07 - 10), date!(2027 - 07 - 20));
        assert!(
            !window.is_open(start, end, date!(2027 - 07 - 06)),
            "the day before it opens"
        );
        assert!(
            window.is_open(start, end, date!(2027 - 07 - 07)),
            "first day of the window"
        );
        assert!(
            window.is_open(start, end, date!(2027 - 07 - 20)),
            "last day of the camp"
        );
        assert!(
            !window.is_open(start, end, date!(2027 - 07 - 21)),
            "the day after"
        );
        assert_eq!(MedicalWindow { days_before: 0 }.opens(start), start);
    }

    #[test]
    fn the_solidarity_price_applies_only_when_both_exist() {
        let (price, reduced) = (Amount::from_cents(12_000), Some(Amount::from_cents(6_000)));
        assert_eq!(
            activity_fee(price, reduced, true),
            Amount::from_cents(6_000)
        );
        assert_eq!(activity_fee(price, reduced, false), price);
        assert_eq!(activity_fee(price, None, true), price);
    }
}
