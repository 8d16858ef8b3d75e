use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{Any, Transaction};
use time::OffsetDateTime;

use tempatro_core::api::{AuditChange, BankLineStatus, ImportOutcome};
use tempatro_core::payment::{BankLine, DueStatus, settle};
use tempatro_core::{AccountId, Amount};

use super::{SqlStore, audit};
use crate::store::engine::{Lock, Referrers, json_list};
use crate::store::rows::dues::{
    BankLineRow, DUE_COLUMNS, DUE_QUERY, DueRow, PaymentRow, bank_payment_change,
    due_payment_change, due_reference, kind_str, line_status_str,
};
use crate::store::rows::{cycle_year, iso, unix};
use crate::store::{
    Actor, DueFilter, DueKind, DueStore, ImportedLine, Payment, StoreError, StoreResult,
    StoredBankLine, StoredDue, StoredPayment,
};

/// Creates a due and gives it its structured communication (see [`due_reference`]).
pub(super) async fn create_due(
    tx: &mut Transaction<'static, Any>,
    kind: DueKind,
    child: i64,
    label: &str,
    amount: Amount,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dues (kind, child_id, label, amount, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(kind_str(kind))
    .bind(child)
    .bind(label.to_owned())
    .bind(amount.cents())
    .bind(unix(OffsetDateTime::now_utc()))
    .fetch_one(&mut **tx)
    .await?;
    let reference = due_reference(kind, id)?;
    sqlx::query("UPDATE dues SET reference = $1 WHERE id = $2")
        .bind(reference.digits())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Records a payment by hand.
pub(super) async fn record_payment(
    tx: &mut Transaction<'static, Any>,
    due: i64,
    payment: &Payment,
    recorded_by: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payments (due_id, amount, paid_on, method, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(due)
    .bind(payment.amount.cents())
    .bind(iso(payment.paid_on))
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
    tx: &mut Transaction<'static, Any>,
    due: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE bank_lines SET status = 'unmatched', due_id = NULL
         WHERE id IN (SELECT bank_line FROM payments WHERE due_id = $1 AND bank_line IS NOT NULL)",
    )
    .bind(due)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM payments WHERE due_id = $1")
        .bind(due)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl SqlStore {
    /// The payments of these dues, by due, in the order they came.
    async fn payments_of(&self, dues: &[i64]) -> StoreResult<HashMap<i64, Vec<StoredPayment>>> {
        let rows: Vec<PaymentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT due_id, amount, paid_on, method, bank_line FROM payments
             WHERE due_id IN {} ORDER BY paid_on, id",
            self.ids(1)
        )))
        .bind(json_list(dues)?)
        .fetch_all(&self.pool)
        .await?;
        let mut by_due: HashMap<i64, Vec<StoredPayment>> = HashMap::new();
        for row in rows {
            by_due.entry(row.due_id).or_default().push(row.try_into()?);
        }
        Ok(by_due)
    }

    async fn dues_where(&self, condition: &str, binds: DueBinds) -> StoreResult<Vec<StoredDue>> {
        let condition = condition.replace("{children}", &self.ids(1));
        let query = format!(
            "{DUE_QUERY}, {DUE_COLUMNS}
             FROM dues d JOIN children c ON c.id = d.child_id
             JOIN due_balances b ON b.due_id = d.id
             LEFT JOIN affiliations a ON a.due_id = d.id
             LEFT JOIN registrations r ON r.due_id = d.id
             WHERE {condition}
             ORDER BY d.created_at, d.id"
        );
        let rows: Vec<DueRow> = sqlx::query_as(sqlx::AssertSqlSafe(query))
            .bind(binds.0)
            .bind(binds.1)
            .bind(binds.2)
            .bind(binds.3)
            .bind(binds.4)
            .fetch_all(&self.pool)
            .await?;
        let mut dues = rows
            .into_iter()
            .map(StoredDue::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = dues.iter().map(|due| due.summary.id).collect();
        let mut payments = self.payments_of(&ids).await?;
        for due in &mut dues {
            due.payments = payments.remove(&due.summary.id).unwrap_or_default();
        }
        Ok(dues)
    }
}

/// The five parameters of [`SqlStore::dues_where`]'s conditions, in order; the first is a list
/// of children, as JSON, that the condition names `{children}`.
type DueBinds = (
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

#[async_trait]
impl DueStore for SqlStore {
    async fn dues(&self, filter: &DueFilter) -> StoreResult<Vec<StoredDue>> {
        // Written only when asked for: `$1 IS NULL OR …` would keep the index on the dues'
        // children from being used.
        let children = if filter.children.is_some() {
            "d.child_id IN {children}"
        } else {
            "$1 IS NULL"
        };
        self.dues_where(
            &format!(
                "{children}
                 AND ($2 = 0 OR (NOT b.cancelled AND b.paid < b.amount))
                 AND ($3 IS NULL OR a.cycle = $3)
                 AND ($4 IS NULL OR r.activity_id = $4)
                 AND $5 IS NULL"
            ),
            (
                filter.children.as_deref().map(json_list).transpose()?,
                Some(i64::from(filter.unpaid)),
                filter.cycle.map(cycle_year),
                filter.activity,
                None,
            ),
        )
        .await
    }

    async fn due(&self, id: i64) -> StoreResult<Option<StoredDue>> {
        Ok(self
            .dues_where(
                "$1 IS NULL AND $2 IS NULL AND $3 IS NULL AND $4 IS NULL AND d.id = $5",
                (None, None, None, None, Some(id)),
            )
            .await?
            .pop())
    }

    async fn create_other_due(
        &self,
        child: i64,
        label: &str,
        amount: Amount,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_due(&mut tx, DueKind::Other, child, label, amount).await?;
        let change = AuditChange {
            field: "due".to_owned(),
            old: None,
            new: Some(format!("{label} · {amount}")),
        };
        audit(&mut tx, actor, Some(child), "due_created", &[change]).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn record_due_payment(
        &self,
        id: i64,
        payment: &Payment,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let child: i64 = sqlx::query_scalar("SELECT child_id FROM dues WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::Missing("due"))?;
        record_payment(&mut tx, id, payment, &actor.label).await?;
        let change = due_payment_change(id, payment);
        audit(&mut tx, actor, Some(child), "payment_recorded", &[change]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn cancel_due(&self, id: i64, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let child: Option<i64> = sqlx::query_scalar(
            "UPDATE dues SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL RETURNING child_id",
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(child) = child else {
            return Err(StoreError::Conflict);
        };
        audit(
            &mut tx,
            actor,
            Some(child),
            "due_cancelled",
            &[AuditChange {
                field: format!("due {id}"),
                old: None,
                new: Some("annulé".to_owned()),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn import_bank_lines(
        &self,
        lines: &[BankLine],
        dry_run: bool,
        actor: &Actor,
    ) -> StoreResult<Vec<ImportedLine>> {
        let mut tx = self.write().await?;
        self.engine.lock(&mut tx, Lock::BankLines).await?;
        let now = unix(OffsetDateTime::now_utc());
        let mut imported = Vec::with_capacity(lines.len());
        for line in lines {
            let known: Option<Option<i64>> =
                sqlx::query_scalar("SELECT due_id FROM bank_lines WHERE id = $1")
                    .bind(line.id.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(due_id) = known {
                imported.push(ImportedLine {
                    line: line.clone(),
                    outcome: ImportOutcome::AlreadyImported,
                    due_id,
                });
                continue;
            }
            let due = match (&line.reference, line.is_credit()) {
                (Some(reference), true) => {
                    // The due's row stays locked until the import ends, and its balance is read
                    // after the lock (a new snapshot): no payment by hand slips in between
                    // reading what it has received and paying it.
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT 1 FROM dues WHERE reference = $1{}",
                        self.engine.row_lock(Referrers::Wait)
                    )))
                    .bind(reference.digits())
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query_as::<_, (i64, i64, i64, i64)>(
                        "SELECT b.due_id, b.amount, b.paid, d.child_id FROM due_balances b
                     JOIN dues d ON d.id = b.due_id WHERE d.reference = $1 AND NOT b.cancelled",
                    )
                    .bind(reference.digits())
                    .fetch_optional(&mut *tx)
                    .await?
                }
                _ => None,
            };
            let (status, outcome, due_id) = match (due, line.is_credit()) {
                (_, false) => ("debit", ImportOutcome::Debit, None),
                (None, true) => ("unmatched", ImportOutcome::Unmatched, None),
                (Some((due_id, amount, paid, _)), true) => {
                    let settled = settle(
                        Amount::from_cents(amount),
                        Amount::from_cents(paid),
                        line.amount,
                    );
                    let outcome = match settled {
                        DueStatus::Paid => ImportOutcome::Matched,
                        DueStatus::Overpaid => ImportOutcome::Overpaid,
                        _ => ImportOutcome::Partial,
                    };
                    ("matched", outcome, Some(due_id))
                }
            };
            insert_bank_line(&mut tx, line, status, due_id, now).await?;
            if let (Some(due_id), Some((_, _, _, child))) = (due_id, due) {
                pay_from_bank(&mut tx, due_id, line, actor).await?;
                let change = bank_payment_change(due_id, line);
                audit(&mut tx, actor, Some(child), "payment_imported", &[change]).await?;
            }
            imported.push(ImportedLine {
                line: line.clone(),
                outcome,
                due_id,
            });
        }
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(imported)
    }

    async fn bank_lines(&self, status: Option<BankLineStatus>) -> StoreResult<Vec<StoredBankLine>> {
        let status = status.map(line_status_str);
        let rows: Vec<BankLineRow> = sqlx::query_as(
            "SELECT * FROM bank_lines WHERE $1 IS NULL OR status = $1 ORDER BY booked_on, id",
        )
        .bind(status)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredBankLine::try_from).collect()
    }

    async fn match_bank_line(
        &self,
        line: &str,
        due: i64,
        actor: &Actor,
    ) -> StoreResult<StoredBankLine> {
        let mut tx = self.write().await?;
        let child: i64 = sqlx::query_scalar("SELECT child_id FROM dues WHERE id = $1")
            .bind(due)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::Missing("due"))?;
        let row: Option<BankLineRow> = sqlx::query_as(
            "UPDATE bank_lines SET status = 'matched', due_id = $1 WHERE id = $2 AND status = 'unmatched' RETURNING *",
        )
        .bind(due)
        .bind(line.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM bank_lines WHERE id = $1")
                    .bind(line.to_owned())
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(if exists.is_some() {
                StoreError::Conflict
            } else {
                StoreError::Missing("bank line")
            });
        };
        let stored = StoredBankLine::try_from(row)?;
        pay_from_bank(&mut tx, due, &stored.line, actor).await?;
        audit(
            &mut tx,
            actor,
            Some(child),
            "payment_matched",
            &[bank_payment_change(due, &stored.line)],
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn dues_to_remind(
        &self,
        created_before: OffsetDateTime,
        reminded_before: OffsetDateTime,
    ) -> StoreResult<Vec<StoredDue>> {
        self.dues_where(
            "$1 IS NULL AND NOT b.cancelled AND b.paid < b.amount AND d.created_at <= $2
             AND (d.last_reminded_at IS NULL OR d.last_reminded_at < $3)
             AND $4 IS NULL AND $5 IS NULL",
            (
                None,
                Some(unix(created_before)),
                Some(unix(reminded_before)),
                None,
                None,
            ),
        )
        .await
    }

    async fn record_reminders(&self, sent: &[(i64, AccountId)]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let now = unix(OffsetDateTime::now_utc());
        for chunk in sent.chunks(1000) {
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO reminders (due_id, account_id, sent_at) VALUES {}",
                self.engine.values(chunk.len(), 3)
            )));
            for (due, account) in chunk {
                insert = insert.bind(*due).bind(account.0).bind(now);
            }
            insert.execute(&mut *tx).await?;
            let dues: Vec<i64> = chunk.iter().map(|(due, _)| *due).collect();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE dues SET last_reminded_at = $1 WHERE id IN {}",
                self.ids(2)
            )))
            .bind(now)
            .bind(json_list(&dues)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_bank_line(
    tx: &mut Transaction<'static, Any>,
    line: &BankLine,
    status: &str,
    due: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO bank_lines (id, imported_at, booked_on, amount, counterparty, reference, communication, status, due_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(line.id.clone())
    .bind(now)
    .bind(iso(line.date))
    .bind(line.amount.cents())
    .bind(line.counterparty.clone())
    .bind(line.reference.map(|r| r.digits()))
    .bind(line.communication.clone())
    .bind(status)
    .bind(due)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn pay_from_bank(
    tx: &mut Transaction<'static, Any>,
    due: i64,
    line: &BankLine,
    actor: &Actor,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payments (due_id, amount, paid_on, method, bank_line, recorded_at, recorded_by)
         VALUES ($1, $2, $3, 'transfer', $4, $5, $6)",
    )
    .bind(due)
    .bind(line.amount.cents())
    .bind(iso(line.date))
    .bind(line.id.clone())
    .bind(unix(OffsetDateTime::now_utc()))
    .bind(actor.label.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
