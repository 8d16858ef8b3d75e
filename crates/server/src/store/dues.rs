//! What families owe: dues, the payments that settle them, bank lines and reminders.

use tempatro_core::Amount;
use tempatro_core::payment::{Due, DueStatus};

use super::Payment;

/// A due as the other records see it: the domain's due, with its id and latest payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueSummary {
    pub id: i64,
    pub due: Due,
    /// The latest payment, for the date and the method to show.
    pub last_payment: Option<Payment>,
}

/// A summary is read as the due it summarises: `summary.amount`, `summary.status()`.
impl std::ops::Deref for DueSummary {
    type Target = Due;

    fn deref(&self) -> &Due {
        &self.due
    }
}

impl DueSummary {
    /// Paid in full: the total received, on the date and by the means of the latest payment.
    pub fn settlement(&self) -> Option<Payment> {
        match self.due.status() {
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

/// A due with its child and history, as the dues screens show it.
#[derive(Debug, Clone)]
pub struct StoredDue {
    pub summary: DueSummary,
    pub kind: DueKind,
    pub child_id: i64,
    pub child_name: String,
    pub label: String,
    pub created_at: time::OffsetDateTime,
    pub payments: Vec<StoredPayment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    Affiliation,
    Activity,
    Other,
}

#[derive(Debug, Clone)]
pub struct StoredPayment {
    pub payment: Payment,
    pub bank_line: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DueFilter {
    /// Only these children's dues (a family's).
    pub children: Option<Vec<i64>>,
    pub unpaid: bool,
    pub cycle: Option<tempatro_core::Cycle>,
    pub activity: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct StoredBankLine {
    pub line: tempatro_core::payment::BankLine,
    pub status: tempatro_core::api::BankLineStatus,
    pub due_id: Option<i64>,
}

/// What importing one bank line did.
#[derive(Debug, Clone)]
pub struct ImportedLine {
    pub line: tempatro_core::payment::BankLine,
    pub outcome: tempatro_core::api::ImportOutcome,
    pub due_id: Option<i64>,
}

#[async_trait::async_trait]
pub trait DueStore {
    async fn dues(&self, filter: &DueFilter) -> super::StoreResult<Vec<StoredDue>>;
    async fn due(&self, id: i64) -> super::StoreResult<Option<StoredDue>>;
    async fn create_other_due(
        &self,
        child: i64,
        label: &str,
        amount: Amount,
        actor: &super::Actor,
    ) -> super::StoreResult<i64>;
    async fn record_due_payment(
        &self,
        id: i64,
        payment: &Payment,
        actor: &super::Actor,
    ) -> super::StoreResult<()>;
    /// [`StoreError::Conflict`] if it already was.
    async fn cancel_due(&self, id: i64, actor: &super::Actor) -> super::StoreResult<()>;

    /// Imports a statement's lines in one transaction: lines already imported change nothing,
    /// credits carrying a known reference pay their due, others are kept unmatched, debits are
    /// kept as such. A dry run rolls it all back and reports the same.
    async fn import_bank_lines(
        &self,
        lines: &[tempatro_core::payment::BankLine],
        dry_run: bool,
        actor: &super::Actor,
    ) -> super::StoreResult<Vec<ImportedLine>>;
    async fn bank_lines(
        &self,
        status: Option<tempatro_core::api::BankLineStatus>,
    ) -> super::StoreResult<Vec<StoredBankLine>>;
    /// Pays `due` with an unmatched credit line; [`StoreError::Conflict`] if it is not unmatched.
    async fn match_bank_line(
        &self,
        line: &str,
        due: i64,
        actor: &super::Actor,
    ) -> super::StoreResult<StoredBankLine>;

    /// Unpaid, uncancelled dues created before `created_before` and not reminded since
    /// `reminded_before`.
    async fn dues_to_remind(
        &self,
        created_before: time::OffsetDateTime,
        reminded_before: time::OffsetDateTime,
    ) -> super::StoreResult<Vec<StoredDue>>;
    /// Each due was reminded to the account beside it, now.
    async fn record_reminders(
        &self,
        sent: &[(i64, tempatro_core::AccountId)],
    ) -> super::StoreResult<()>;
}
