//! Dues, their payments and bank lines.

use tempatro_core::api::{AuditChange, BankLineStatus};
use tempatro_core::payment::{BankLine, Due, StructuredReference};
use tempatro_core::{Amount, PaymentMethod};

use super::{Flag, corrupt, from_unix, parse_date};
use crate::store::{
    DueKind, DueSummary, Payment, StoreError, StoreResult, StoredBankLine, StoredDue, StoredPayment,
};

/// A due's columns, for queries that join `dues d`: each is prefixed `d_`. The sum is cast
/// because PostgreSQL sums BIGINT into NUMERIC; SQLite reads the cast as INTEGER.
pub const DUE_COLUMNS: &str = "d.id AS d_id, d.amount AS d_amount, d.reference AS d_reference, \
    d.cancelled_at IS NOT NULL AS d_cancelled, \
    CAST((SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.due_id = d.id) AS BIGINT) AS d_paid, \
    (SELECT p.paid_on FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_paid_on, \
    (SELECT p.method FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_method";

/// The columns of a due's own record, before [`DUE_COLUMNS`], for queries on `dues d` joined to
/// its `children c`.
pub const DUE_QUERY: &str =
    "SELECT d.kind, d.child_id, d.label, d.created_at, c.first_name, c.last_name";

/// The [`DUE_COLUMNS`] of a row. A left join that found no due leaves its own columns NULL, so
/// they are all optional here; `d_paid` and `d_cancelled` are computed, never NULL.
#[derive(sqlx::FromRow)]
pub struct DueSummaryRow {
    #[sqlx(rename = "d_id")]
    id: Option<i64>,
    #[sqlx(rename = "d_amount")]
    amount: Option<i64>,
    #[sqlx(rename = "d_reference")]
    reference: Option<String>,
    #[sqlx(rename = "d_cancelled")]
    cancelled: Flag,
    #[sqlx(rename = "d_paid")]
    paid: i64,
    #[sqlx(rename = "d_last_paid_on")]
    last_paid_on: Option<String>,
    #[sqlx(rename = "d_last_method")]
    last_method: Option<String>,
}

impl DueSummaryRow {
    /// The due, `None` when a left join found none.
    pub fn into_summary(self) -> StoreResult<Option<DueSummary>> {
        let Some(id) = self.id else {
            return Ok(None);
        };
        let reference = self
            .reference
            .as_deref()
            .map(StructuredReference::parse)
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("reference: {e}")))?
            .ok_or_else(|| StoreError::Corrupt(format!("due {id} without reference")))?;
        let amount = self
            .amount
            .ok_or_else(|| StoreError::Corrupt(format!("due {id} without amount")))?;
        Ok(Some(DueSummary {
            id,
            due: Due {
                reference,
                amount: Amount::from_cents(amount),
                paid: Amount::from_cents(self.paid),
                cancelled: self.cancelled.0,
            },
            last_payment: match self.last_paid_on {
                Some(paid_on) => Some(Payment {
                    paid_on: parse_date(&paid_on)?,
                    amount: Amount::from_cents(0),
                    method: self
                        .last_method
                        .as_deref()
                        .and_then(PaymentMethod::parse)
                        .unwrap_or(PaymentMethod::Other),
                }),
                None => None,
            },
        }))
    }
}

/// A row of `DUE_QUERY, DUE_COLUMNS`.
#[derive(sqlx::FromRow)]
pub struct DueRow {
    kind: String,
    child_id: i64,
    label: String,
    created_at: i64,
    first_name: String,
    last_name: String,
    #[sqlx(flatten)]
    summary: DueSummaryRow,
}

/// The due without its payments, which are read apart.
impl TryFrom<DueRow> for StoredDue {
    type Error = StoreError;

    fn try_from(row: DueRow) -> Result<Self, StoreError> {
        Ok(StoredDue {
            summary: row
                .summary
                .into_summary()?
                .ok_or_else(|| StoreError::Corrupt("due row".to_owned()))?,
            kind: kind_from(&row.kind)?,
            child_id: row.child_id,
            child_name: format!("{} {}", row.first_name, row.last_name),
            label: row.label,
            created_at: from_unix(row.created_at)?,
            payments: Vec::new(),
        })
    }
}

pub fn kind_str(kind: DueKind) -> &'static str {
    match kind {
        DueKind::Affiliation => "affiliation",
        DueKind::Activity => "activity",
        DueKind::Other => "other",
    }
}

fn kind_from(text: &str) -> Result<DueKind, StoreError> {
    match text {
        "affiliation" => Ok(DueKind::Affiliation),
        "activity" => Ok(DueKind::Activity),
        "other" => Ok(DueKind::Other),
        other => Err(StoreError::Corrupt(format!("due kind {other:?}"))),
    }
}

/// A due's structured communication, built from its id: unique, and stable for as long as the
/// due lives. Its first digit lets a secretary reading a bank line tell an affiliation (1) from a
/// camp (2) or anything else (3) at a glance.
pub fn due_reference(kind: DueKind, id: i64) -> StoreResult<StructuredReference> {
    let digit: u64 = match kind {
        DueKind::Affiliation => 1,
        DueKind::Activity => 2,
        DueKind::Other => 3,
    };
    let number = digit * 1_000_000_000
        + u64::try_from(id).map_err(|_| StoreError::Corrupt(format!("due id {id}")))?;
    StructuredReference::from_number(number)
        .map_err(|e| StoreError::Corrupt(format!("reference for due {id}: {e}")))
}

/// A row of `payments`.
#[derive(sqlx::FromRow)]
pub struct PaymentRow {
    /// The due it pays.
    pub due_id: i64,
    amount: i64,
    paid_on: String,
    method: String,
    bank_line: Option<String>,
}

impl TryFrom<PaymentRow> for StoredPayment {
    type Error = StoreError;

    fn try_from(row: PaymentRow) -> Result<Self, StoreError> {
        Ok(StoredPayment {
            payment: Payment {
                paid_on: parse_date(&row.paid_on)?,
                amount: Amount::from_cents(row.amount),
                method: PaymentMethod::parse(&row.method).unwrap_or(PaymentMethod::Other),
            },
            bank_line: row.bank_line,
        })
    }
}

pub fn line_status_str(status: BankLineStatus) -> &'static str {
    match status {
        BankLineStatus::Matched => "matched",
        BankLineStatus::Unmatched => "unmatched",
        BankLineStatus::Debit => "debit",
    }
}

/// A row of `bank_lines`.
#[derive(sqlx::FromRow)]
pub struct BankLineRow {
    id: String,
    booked_on: String,
    amount: i64,
    counterparty: Option<String>,
    reference: Option<String>,
    communication: Option<String>,
    status: String,
    due_id: Option<i64>,
}

impl TryFrom<BankLineRow> for StoredBankLine {
    type Error = StoreError;

    fn try_from(row: BankLineRow) -> Result<Self, StoreError> {
        Ok(StoredBankLine {
            line: BankLine {
                id: row.id,
                date: parse_date(&row.booked_on)?,
                amount: Amount::from_cents(row.amount),
                counterparty: row.counterparty,
                reference: row
                    .reference
                    .as_deref()
                    .map(StructuredReference::parse)
                    .transpose()
                    .map_err(|e| corrupt("bank line reference", e))?,
                communication: row.communication,
            },
            status: match row.status.as_str() {
                "matched" => BankLineStatus::Matched,
                "unmatched" => BankLineStatus::Unmatched,
                "debit" => BankLineStatus::Debit,
                other => return Err(StoreError::Corrupt(format!("bank line status {other:?}"))),
            },
            due_id: row.due_id,
        })
    }
}

/// The audit line of a payment read from a bank statement.
pub fn bank_payment_change(due: i64, line: &BankLine) -> AuditChange {
    AuditChange {
        field: format!("due {due}"),
        old: None,
        new: Some(format!(
            "{} · {} · extrait bancaire",
            tempatro_core::date::short(line.date),
            line.amount
        )),
    }
}

/// The audit line of a payment recorded by hand on a due.
pub fn due_payment_change(due: i64, payment: &Payment) -> AuditChange {
    AuditChange {
        field: format!("due {due}"),
        old: None,
        new: Some(format!(
            "{} · {} · {}",
            tempatro_core::date::short(payment.paid_on),
            payment.amount,
            payment.method.label(tempatro_core::Lang::Fr)
        )),
    }
}
