//! How a due stands once money comes in: the pure rule behind bank imports and manual payments.

use serde::{Deserialize, Serialize};

use crate::{Amount, Lang};

/// Where a due stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    Unpaid,
    PartiallyPaid,
    Paid,
    /// More was received than due: flagged for the secretariat to refund or keep.
    Overpaid,
    /// Cancelled by staff; only they set it, [`settle`] never returns it.
    Cancelled,
}

impl DueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DueStatus::Unpaid => "unpaid",
            DueStatus::PartiallyPaid => "partially_paid",
            DueStatus::Paid => "paid",
            DueStatus::Overpaid => "overpaid",
            DueStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(input: &str) -> Option<DueStatus> {
        [
            DueStatus::Unpaid,
            DueStatus::PartiallyPaid,
            DueStatus::Paid,
            DueStatus::Overpaid,
            DueStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| status.as_str() == input.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DueStatus::Unpaid => lang.pick("non payé", "unpaid"),
            DueStatus::PartiallyPaid => lang.pick("payé en partie", "partially paid"),
            DueStatus::Paid => lang.pick("payé", "paid"),
            DueStatus::Overpaid => lang.pick("payé en trop", "overpaid"),
            DueStatus::Cancelled => lang.pick("annulé", "cancelled"),
        }
    }
}

/// The status of a due of `due` once `received` comes in on top of `already_paid`.
///
/// Nothing (or less, after a refund) received is unpaid; less than due, partially paid; exactly
/// the due, paid; more, overpaid. A due of zero is paid as long as nothing came in.
pub fn settle(due: Amount, already_paid: Amount, received: Amount) -> DueStatus {
    let total = already_paid.cents().saturating_add(received.cents());
    let due = due.cents();
    if total > due {
        DueStatus::Overpaid
    } else if total == due {
        DueStatus::Paid
    } else if total <= 0 {
        DueStatus::Unpaid
    } else {
        DueStatus::PartiallyPaid
    }
}

/// What is left to pay: never negative.
pub fn amount_left(due: Amount, paid: Amount) -> Amount {
    due.saturating_sub(paid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euros(value: i64) -> Amount {
        Amount::from_cents(value * 100)
    }

    #[test]
    fn the_exact_amount_pays_the_due() {
        assert_eq!(settle(euros(45), euros(0), euros(45)), DueStatus::Paid);
    }

    #[test]
    fn less_pays_it_in_part() {
        assert_eq!(
            settle(euros(45), euros(0), euros(20)),
            DueStatus::PartiallyPaid
        );
        assert_eq!(amount_left(euros(45), euros(20)), euros(25));
    }

    #[test]
    fn more_is_overpaid() {
        assert_eq!(settle(euros(45), euros(0), euros(50)), DueStatus::Overpaid);
        assert_eq!(settle(euros(45), euros(45), euros(45)), DueStatus::Overpaid);
        assert_eq!(amount_left(euros(45), euros(90)), euros(0));
    }

    #[test]
    fn several_partial_payments_add_up() {
        let due = euros(120);
        let first = settle(due, euros(0), euros(40));
        let second = settle(due, euros(40), euros(40));
        let third = settle(due, euros(80), euros(40));
        assert_eq!(
            [first, second, third],
            [
                DueStatus::PartiallyPaid,
                DueStatus::PartiallyPaid,
                DueStatus::Paid
            ]
        );
    }

    #[test]
    fn nothing_received_is_unpaid_and_a_refund_can_take_a_due_back_there() {
        assert_eq!(settle(euros(45), euros(0), euros(0)), DueStatus::Unpaid);
        assert_eq!(settle(euros(45), euros(45), euros(-45)), DueStatus::Unpaid);
        assert_eq!(
            settle(euros(45), euros(45), euros(-5)),
            DueStatus::PartiallyPaid
        );
    }

    #[test]
    fn a_free_due_is_paid_until_money_comes_in() {
        assert_eq!(settle(euros(0), euros(0), euros(0)), DueStatus::Paid);
        assert_eq!(settle(euros(0), euros(0), euros(5)), DueStatus::Overpaid);
    }

    #[test]
    fn statuses_have_codes_and_labels() {
        assert_eq!(
            serde_json::to_string(&DueStatus::PartiallyPaid).unwrap(),
            "\"partially_paid\""
        );
        assert_eq!(
            DueStatus::parse("partially_paid"),
            Some(DueStatus::PartiallyPaid)
        );
        assert_eq!(DueStatus::parse("paye"), None);
        assert_eq!(DueStatus::Overpaid.label(Lang::Fr), "payé en trop");
    }
}
