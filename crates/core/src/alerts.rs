//! "Actions spéciales": what a family has to do, worked out from its children's standing.

use time::Date;

use crate::api::Alert;
use crate::date::short;
use crate::{Amount, Cycle, Lang};

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

/// A child's registration to a coming camp or hike, as the dashboard looks at it.
pub struct StayStanding<'a> {
    pub child_id: i64,
    pub child_name: &'a str,
    pub activity_name: &'a str,
    pub starts_on: Date,
    pub fee: Amount,
    pub paid: bool,
    /// The activity needs the medical sheet confirmed and it is not yet.
    pub medical_to_confirm: bool,
}

/// An alert per unpaid camp or hike fee, and per medical sheet to confirm before one.
pub fn stay_alerts(stays: &[StayStanding<'_>], lang: Lang) -> Vec<Alert> {
    let mut alerts = Vec::new();
    for stay in stays {
        if !stay.paid && stay.fee.cents() > 0 {
            alerts.push(Alert {
                code: "activity_unpaid".to_owned(),
                message: match lang {
                    Lang::Fr => format!(
                        "Les frais de {} ne sont pas payés, veuillez les régler ! ({}, {})",
                        stay.activity_name, stay.child_name, stay.fee
                    ),
                    Lang::En => format!(
                        "The fee for {} is unpaid, please settle it! ({}, {})",
                        stay.activity_name, stay.child_name, stay.fee
                    ),
                },
                child_id: Some(stay.child_id),
            });
        }
        if stay.medical_to_confirm {
            alerts.push(Alert {
                code: "medical_to_confirm".to_owned(),
                message: match lang {
                    Lang::Fr => format!(
                        "La fiche santé de {} est à confirmer avant {} (le {}).",
                        stay.child_name,
                        stay.activity_name,
                        short(stay.starts_on)
                    ),
                    Lang::En => format!(
                        "{}'s medical sheet must be confirmed before {} ({}).",
                        stay.child_name,
                        stay.activity_name,
                        short(stay.starts_on)
                    ),
                },
                child_id: Some(stay.child_id),
            });
        }
    }
    alerts
}

/// Something else a family owes (not an affiliation, not a camp), still unpaid.
pub struct DueStanding<'a> {
    pub child_id: i64,
    pub child_name: &'a str,
    pub label: &'a str,
    pub left: Amount,
}

pub fn due_alerts(dues: &[DueStanding<'_>], lang: Lang) -> Vec<Alert> {
    dues.iter()
        .map(|due| Alert {
            code: "due_unpaid".to_owned(),
            message: match lang {
                Lang::Fr => format!(
                    "Un paiement est attendu : {} ({}, {})",
                    due.label, due.child_name, due.left
                ),
                Lang::En => format!(
                    "A payment is expected: {} ({}, {})",
                    due.label, due.child_name, due.left
                ),
            },
            child_id: Some(due.child_id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unpaid_stay_and_an_unconfirmed_sheet_are_two_alerts() {
        let stays = [StayStanding {
            child_id: 1,
            child_name: "Billy LE PIVERT",
            activity_name: "Camp d'été 2027",
            starts_on: time::macros::date!(2027 - 07 - 10),
            fee: Amount::from_cents(12_000),
            paid: false,
            medical_to_confirm: true,
        }];
        let alerts = stay_alerts(&stays, Lang::Fr);
        assert_eq!(alerts.len(), 2);
        assert_eq!(
            alerts[0].message,
            "Les frais de Camp d'été 2027 ne sont pas payés, veuillez les régler ! (Billy LE PIVERT, 120,00 €)"
        );
        assert_eq!(
            alerts[1].message,
            "La fiche santé de Billy LE PIVERT est à confirmer avant Camp d'été 2027 (le 10/07/2027)."
        );
    }

    #[test]
    fn another_due_says_what_and_how_much() {
        let dues = [DueStanding {
            child_id: 3,
            child_name: "Zoë DUBOIS",
            label: "T-shirt du Patro",
            left: Amount::from_cents(1200),
        }];
        assert_eq!(
            due_alerts(&dues, Lang::Fr)[0].message,
            "Un paiement est attendu : T-shirt du Patro (Zoë DUBOIS, 12,00 €)"
        );
    }

    #[test]
    fn a_free_or_paid_stay_raises_nothing() {
        let stay = |fee, paid| StayStanding {
            child_id: 1,
            child_name: "Billy",
            activity_name: "Hike",
            starts_on: time::macros::date!(2027 - 04 - 10),
            fee: Amount::from_cents(fee),
            paid,
            medical_to_confirm: false,
        };
        assert!(stay_alerts(&[stay(0, false), stay(1500, true)], Lang::Fr).is_empty());
    }

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
