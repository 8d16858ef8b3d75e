use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};
use time::OffsetDateTime;

use tempatro_core::payment::StructuredReference;
use tempatro_core::{Amount, PaymentMethod};

use super::{parse_date, unix};
use crate::store::{DueSummary, Payment, StoreError, StoreResult};

/// A due's columns, for queries that join `dues d`: each is prefixed `d_`.
pub(super) const DUE_COLUMNS: &str = "d.id AS d_id, d.amount AS d_amount, d.reference AS d_reference, \
    d.cancelled_at IS NOT NULL AS d_cancelled, \
    (SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.due_id = d.id) AS d_paid, \
    (SELECT p.paid_on FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_paid_on, \
    (SELECT p.method FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_method";

#[derive(Debug, Clone, Copy)]
pub(super) enum DueKind {
    Affiliation,
    Activity,
}

impl DueKind {
    fn as_str(self) -> &'static str {
        match self {
            DueKind::Affiliation => "affiliation",
            DueKind::Activity => "activity",
        }
    }

    /// The first digit of the due's reference, so that a secretary reading a bank line can
    /// tell an affiliation (1) from a camp (2) at a glance.
    fn digit(self) -> u64 {
        match self {
            DueKind::Affiliation => 1,
            DueKind::Activity => 2,
        }
    }
}

/// Reads the `d_` columns; `None` when a left join found no due.
pub(super) fn due_from_row(row: &SqliteRow) -> StoreResult<Option<DueSummary>> {
    let Some(id) = row.try_get::<Option<i64>, _>("d_id")? else {
        return Ok(None);
    };
    let reference: Option<String> = row.try_get("d_reference")?;
    let reference = reference
        .as_deref()
        .map(StructuredReference::parse)
        .transpose()
        .map_err(|e| StoreError::Corrupt(format!("reference: {e}")))?
        .ok_or_else(|| StoreError::Corrupt(format!("due {id} without reference")))?;
    let last_paid_on: Option<String> = row.try_get("d_last_paid_on")?;
    let last_method: Option<String> = row.try_get("d_last_method")?;
    Ok(Some(DueSummary {
        id,
        reference,
        amount: Amount::from_cents(row.try_get("d_amount")?),
        paid: Amount::from_cents(row.try_get("d_paid")?),
        cancelled: row.try_get("d_cancelled")?,
        last_payment: match last_paid_on {
            Some(paid_on) => Some(Payment {
                paid_on: parse_date(&paid_on)?,
                amount: Amount::from_cents(0),
                method: last_method
                    .as_deref()
                    .and_then(PaymentMethod::parse)
                    .unwrap_or(PaymentMethod::Other),
            }),
            None => None,
        },
    }))
}

/// Creates a due and gives it its structured communication, built from its id: unique, and
/// stable for as long as the due lives.
pub(super) async fn create_due(
    tx: &mut Transaction<'static, Sqlite>,
    kind: DueKind,
    child: i64,
    label: &str,
    amount: Amount,
) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO dues (kind, child_id, label, amount, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(kind.as_str())
    .bind(child)
    .bind(label.to_owned())
    .bind(amount.cents())
    .bind(unix(OffsetDateTime::now_utc()))
    .execute(&mut **tx)
    .await?
    .last_insert_rowid();
    let number = kind.digit() * 1_000_000_000
        + u64::try_from(id).map_err(|_| StoreError::Corrupt(format!("due id {id}")))?;
    let reference = StructuredReference::from_number(number)
        .map_err(|e| StoreError::Corrupt(format!("reference for due {id}: {e}")))?;
    sqlx::query("UPDATE dues SET reference = ? WHERE id = ?")
        .bind(reference.digits())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Records a payment by hand.
pub(super) async fn record_payment(
    tx: &mut Transaction<'static, Sqlite>,
    due: i64,
    payment: &Payment,
    recorded_by: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payments (due_id, amount, paid_on, method, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(due)
    .bind(payment.amount.cents())
    .bind(super::iso(payment.paid_on))
    .bind(payment.method.as_str())
    .bind(unix(OffsetDateTime::now_utc()))
    .bind(recorded_by.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets a due's payments (recorded by mistake); bank lines they came from are unmatched again
/// and wait for staff.
pub(super) async fn clear_payments(
    tx: &mut Transaction<'static, Sqlite>,
    due: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE bank_lines SET status = 'unmatched', due_id = NULL
         WHERE id IN (SELECT bank_line FROM payments WHERE due_id = ? AND bank_line IS NOT NULL)",
    )
    .bind(due)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM payments WHERE due_id = ?")
        .bind(due)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
