//! What families owe: dues, the payments that settle them, bank lines and reminders.

use tempatro_core::Amount;
use tempatro_core::payment::{DueStatus, StructuredReference, settle};

use super::Payment;

/// A due as the other records see it: what it costs, what came in, where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueSummary {
    pub id: i64,
    pub reference: StructuredReference,
    pub amount: Amount,
    pub paid: Amount,
    pub cancelled: bool,
    /// The latest payment, for the date and the method to show.
    pub last_payment: Option<Payment>,
}

impl DueSummary {
    pub fn status(&self) -> DueStatus {
        if self.cancelled {
            DueStatus::Cancelled
        } else {
            settle(self.amount, self.paid, Amount::from_cents(0))
        }
    }

    /// Nothing more to pay: paid in full (or more), or cancelled.
    pub fn settled(&self) -> bool {
        matches!(
            self.status(),
            DueStatus::Paid | DueStatus::Overpaid | DueStatus::Cancelled
        )
    }

    /// Paid in full: the total received, on the date and by the means of the latest payment.
    pub fn settlement(&self) -> Option<Payment> {
        match self.status() {
            DueStatus::Paid | DueStatus::Overpaid => {
                self.last_payment.as_ref().map(|last| Payment {
                    paid_on: last.paid_on,
                    amount: self.paid,
                    method: last.method,
                })
            }
            _ => None,
        }
    }
}
