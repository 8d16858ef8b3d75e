//! "Actions spéciales": what a family has to do, worked out from its children's standing.

use crate::api::Alert;
use crate::{Cycle, Lang};

/// A child's affiliation standing in the current cycle.
pub struct Standing<'a> {
    pub child_id: i64,
    pub child_name: &'a str,
    /// `None`: no affiliation this cycle; `Some(paid)` otherwise.
    pub affiliation_paid: Option<bool>,
}

pub fn affiliation_alerts(children: &[Standing<'_>], cycle: Cycle, lang: Lang) -> Vec<Alert> {
    children
        .iter()
        .filter_map(|child| {
            let (code, message) = match child.affiliation_paid {
                Some(true) => return None,
                Some(false) => (
                    "affiliation_unpaid",
                    match lang {
                        Lang::Fr => format!(
                            "Une affiliation n'est pas payée, veuillez la régler ! ({}, {cycle})",
                            child.child_name
                        ),
                        Lang::En => format!(
                            "An affiliation is unpaid, please settle it! ({}, {cycle})",
                            child.child_name
                        ),
                    },
                ),
                None => (
                    "affiliation_missing",
                    match lang {
                        Lang::Fr => format!(
                            "{} n'a pas d'affiliation pour le cycle {cycle} : renouvelez-la ou contactez le Patro.",
                            child.child_name
                        ),
                        Lang::En => format!(
                            "{} has no affiliation for the cycle {cycle}: renew it or contact the Patro.",
                            child.child_name
                        ),
                    },
                ),
            };
            Some(Alert {
                code: code.to_owned(),
                message,
                child_id: Some(child.child_id),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_alert_per_unpaid_or_missing_affiliation() {
        let children = [
            Standing {
                child_id: 1,
                child_name: "Billy LE PIVERT",
                affiliation_paid: Some(false),
            },
            Standing {
                child_id: 2,
                child_name: "Zoë LE PIVERT",
                affiliation_paid: Some(true),
            },
            Standing {
                child_id: 3,
                child_name: "Léon LE PIVERT",
                affiliation_paid: None,
            },
        ];
        let alerts = affiliation_alerts(&children, Cycle::starting_in(2026), Lang::Fr);
        assert_eq!(alerts.len(), 2);
        assert_eq!(alerts[0].code, "affiliation_unpaid");
        assert_eq!(
            alerts[0].message,
            "Une affiliation n'est pas payée, veuillez la régler ! (Billy LE PIVERT, 2026-2027)"
        );
        assert_eq!(alerts[0].child_id, Some(1));
        assert_eq!(alerts[1].code, "affiliation_missing");
        assert!(
            alerts[1]
                .message
                .starts_with("Léon LE PIVERT n'a pas d'affiliation pour le cycle 2026-2027")
        );
    }

    #[test]
    fn a_family_with_everything_paid_has_nothing_to_do() {
        let children = [Standing {
            child_id: 1,
            child_name: "Billy",
            affiliation_paid: Some(true),
        }];
        assert!(affiliation_alerts(&children, Cycle::starting_in(2026), Lang::En).is_empty());
    }
}
