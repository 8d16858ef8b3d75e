//! Affiliations: a child's membership for one cycle, its fee and payment, and renewal.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::{Cycle, CycleCalendar, Error, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    /// Bank transfer ("virement").
    Transfer,
    /// Cash ("liquide").
    Cash,
    Other,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Other => "other",
        }
    }

    /// Reads the API's codes and the French words of the secretariat.
    pub fn parse(input: &str) -> Option<PaymentMethod> {
        match input.trim().to_lowercase().as_str() {
            "transfer" | "virement" => Some(PaymentMethod::Transfer),
            "cash" | "liquide" | "espèces" | "especes" => Some(PaymentMethod::Cash),
            "other" | "autre" => Some(PaymentMethod::Other),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PaymentMethod::Transfer => lang.pick("virement", "bank transfer"),
            PaymentMethod::Cash => lang.pick("liquide", "cash"),
            PaymentMethod::Other => lang.pick("autre", "other"),
        }
    }
}

/// When a parent may renew ("Renouveler une affiliation"): from the first day of `opens` to the
/// last day of `closes`, June to October unless the Patro says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalWindow {
    pub opens: Month,
    pub closes: Month,
}

impl Default for RenewalWindow {
    fn default() -> Self {
        RenewalWindow {
            opens: Month::June,
            closes: Month::October,
        }
    }
}

impl RenewalWindow {
    pub fn is_open(self, today: Date) -> bool {
        let (month, opens, closes) = (
            u8::from(today.month()),
            u8::from(self.opens),
            u8::from(self.closes),
        );
        if opens <= closes {
            opens <= month && month <= closes
        } else {
            month >= opens || month <= closes
        }
    }

    /// The cycle a renewal made `today` creates: the one the window leads into. Before the
    /// cycle's start (June to August) it is the coming cycle; after it (September, October) the
    /// cycle that has just begun, for families who did not renew before the summer.
    pub fn target(self, calendar: CycleCalendar, today: Date) -> Option<Cycle> {
        if !self.is_open(today) {
            return None;
        }
        let opening_year = if today.month() >= self.opens {
            today.year()
        } else {
            today.year() - 1
        };
        let start_year = if calendar.start_month() >= self.opens {
            opening_year
        } else {
            opening_year + 1
        };
        Some(Cycle::starting_in(start_year))
    }

    /// Checks a renewal: the window is open, the child was affiliated the cycle before the
    /// target, and not yet for the target. `affiliated` lists the child's cycles.
    pub fn renew(
        self,
        calendar: CycleCalendar,
        today: Date,
        affiliated: &[Cycle],
    ) -> Result<Cycle, Error> {
        let target = self.target(calendar, today).ok_or(Error::RenewalClosed {
            opens: self.opens,
            closes: self.closes,
        })?;
        if affiliated.contains(&target) {
            return Err(Error::AlreadyRenewed { cycle: target });
        }
        if !affiliated.contains(&target.previous()) {
            return Err(Error::RenewalWithoutPrevious {
                cycle: target.previous(),
            });
        }
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cycle(year: i32) -> Cycle {
        Cycle::starting_in(year)
    }

    #[test]
    fn the_window_runs_from_june_to_october_included() {
        let window = RenewalWindow::default();
        assert!(!window.is_open(date!(2026 - 05 - 31)));
        assert!(window.is_open(date!(2026 - 06 - 01)));
        assert!(window.is_open(date!(2026 - 10 - 31)));
        assert!(!window.is_open(date!(2026 - 11 - 01)));
    }

    #[test]
    fn a_window_may_wrap_around_the_new_year() {
        let window = RenewalWindow {
            opens: Month::November,
            closes: Month::February,
        };
        assert!(window.is_open(date!(2026 - 12 - 15)));
        assert!(window.is_open(date!(2027 - 01 - 15)));
        assert!(!window.is_open(date!(2026 - 10 - 15)));
    }

    #[test]
    fn in_summer_the_renewal_is_for_the_coming_cycle() {
        let window = RenewalWindow::default();
        let calendar = CycleCalendar::default();
        assert_eq!(
            window.target(calendar, date!(2026 - 06 - 15)),
            Some(cycle(2026))
        );
        assert_eq!(
            window.target(calendar, date!(2026 - 08 - 31)),
            Some(cycle(2026))
        );
    }

    #[test]
    fn in_autumn_the_renewal_is_for_the_cycle_just_begun() {
        let window = RenewalWindow::default();
        let calendar = CycleCalendar::default();
        assert_eq!(
            window.target(calendar, date!(2026 - 09 - 01)),
            Some(cycle(2026))
        );
        assert_eq!(
            window.target(calendar, date!(2026 - 10 - 31)),
            Some(cycle(2026))
        );
        assert_eq!(window.target(calendar, date!(2026 - 11 - 26)), None);
    }

    #[test]
    fn a_renewal_needs_the_previous_cycle_and_happens_once() {
        let window = RenewalWindow::default();
        let calendar = CycleCalendar::default();
        let today = date!(2026 - 06 - 15);
        assert_eq!(
            window.renew(calendar, today, &[cycle(2025)]),
            Ok(cycle(2026))
        );
        assert_eq!(
            window.renew(calendar, today, &[cycle(2025), cycle(2026)]),
            Err(Error::AlreadyRenewed { cycle: cycle(2026) })
        );
        assert_eq!(
            window.renew(calendar, today, &[cycle(2023)]),
            Err(Error::RenewalWithoutPrevious { cycle: cycle(2025) })
        );
    }

    #[test]
    fn outside_the_window_the_renewal_says_when_it_opens() {
        let error = RenewalWindow::default()
            .renew(
                CycleCalendar::default(),
                date!(2026 - 11 - 26),
                &[cycle(2026)],
            )
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "le renouvellement des affiliations est ouvert de juin à octobre"
        );
    }

    #[test]
    fn payment_methods_read_french_words() {
        assert_eq!(
            PaymentMethod::parse("Virement"),
            Some(PaymentMethod::Transfer)
        );
        assert_eq!(PaymentMethod::parse("liquide"), Some(PaymentMethod::Cash));
        assert_eq!(PaymentMethod::parse("autre"), Some(PaymentMethod::Other));
        assert_eq!(PaymentMethod::parse("chèque"), None);
    }
}
