//! A due: what a family owes for one thing (an affiliation, a camp, anything else), identified by
//! its structured communication, and where it stands once payments come in.

use crate::Amount;
use crate::payment::reconcile::{amount_left, settle};
use crate::payment::{DueStatus, StructuredReference};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The communication a parent types in the transfer; unique to this due.
    pub reference: StructuredReference,
    pub amount: Amount,
    /// The sum of the payments received, by hand or from the bank.
    pub paid: Amount,
    pub cancelled: bool,
}

impl Due {
    pub fn status(&self) -> DueStatus {
        if self.cancelled {
            DueStatus::Cancelled
        } else {
            settle(self.amount, self.paid, Amount::from_cents(0))
        }
    }

    /// What is left to pay: nothing once cancelled or paid in full.
    pub fn left(&self) -> Amount {
        if self.cancelled {
            Amount::from_cents(0)
        } else {
            amount_left(self.amount, self.paid)
        }
    }

    /// Nothing more to pay: paid in full (or more), or cancelled.
    pub fn settled(&self) -> bool {
        matches!(
            self.status(),
            DueStatus::Paid | DueStatus::Overpaid | DueStatus::Cancelled
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(amount: i64, paid: i64, cancelled: bool) -> Due {
        Due {
            reference: StructuredReference::from_number(1_000_000_196).unwrap(),
            amount: Amount::from_cents(amount),
            paid: Amount::from_cents(paid),
            cancelled,
        }
    }

    #[test]
    fn a_due_moves_from_unpaid_to_paid_as_money_comes_in() {
        assert_eq!(due(4500, 0, false).status(), DueStatus::Unpaid);
        assert_eq!(due(4500, 2000, false).status(), DueStatus::PartiallyPaid);
        assert_eq!(due(4500, 2000, false).left(), Amount::from_cents(2500));
        assert_eq!(due(4500, 4500, false).status(), DueStatus::Paid);
        assert!(due(4500, 4500, false).settled());
        assert_eq!(due(4500, 5000, false).status(), DueStatus::Overpaid);
        assert_eq!(due(4500, 5000, false).left(), Amount::from_cents(0));
    }

    #[test]
    fn a_cancelled_due_asks_for_nothing_whatever_was_paid() {
        let cancelled = due(4500, 2000, true);
        assert_eq!(cancelled.status(), DueStatus::Cancelled);
        assert_eq!(cancelled.left(), Amount::from_cents(0));
        assert!(cancelled.settled());
        assert!(!due(4500, 2000, false).settled());
    }
}
