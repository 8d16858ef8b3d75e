//! Dues: what families owe, how to pay it by transfer, and the secretariat's side — payments by
//! hand, bank statements, unmatched lines and reminders.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use time::Duration;

use tempatro_core::api::{
    ApiError, BankLineMatch, BankLineStatus, BankLineView, DueDetail, DueInput, DueKind,
    DuePayment, DueView, ImportEntry, ImportOutcome, ImportReport, PaymentInput, Reminder,
    ReminderReport, TransferDetails,
};
use tempatro_core::date::parse_date;
use tempatro_core::medical::parse_text;
use tempatro_core::payment::bank::detect;
use tempatro_core::payment::{BankFormat, BankFormatKind, CsvMapping, EpcPayment};
use tempatro_core::{Amount, Cycle, Email, Field, PaymentMethod, Role};

use super::AppState;
use super::extractor::{ApiJson, ApiPath, ApiQuery, CurrentAccount, Responsable};
use super::scope::Scope;
use crate::error::{Error, Malformed, Result};
use crate::mail::Mail;
use crate::store::{
    Actor, ChildQuery, DueFilter, Payment, StoreError, StoredAccount, StoredBankLine, StoredDue,
};

/// Bank statements of a few years fit; anything larger is not a statement.
pub const MAX_STATEMENT_BYTES: usize = 20 * 1024 * 1024;

/// A payment as staff record it: the amount, date and method given, or what is left, today and
/// a bank transfer.
pub fn payment_from(input: &PaymentInput, left: Amount, today: time::Date) -> Result<Payment> {
    let payment = Payment {
        paid_on: match input.date.as_deref() {
            Some(raw) => parse_date(raw).map_err(|e| e.in_field(Field::Date))?,
            None => today,
        },
        amount: match input.amount.as_deref() {
            Some(raw) => Amount::parse(raw).map_err(|e| e.in_field(Field::Amount))?,
            None => left,
        },
        method: match input.method.as_deref() {
            Some(raw) => PaymentMethod::parse(raw).ok_or_else(|| {
                Error::Malformed(Malformed::UnknownValue {
                    field: Some("method".to_owned()),
                    value: raw.to_owned(),
                })
            })?,
            None => PaymentMethod::Transfer,
        },
    };
    if payment.amount.cents() == 0 {
        // Nothing left to pay and no amount given, or "0": there is no payment to record.
        return Err(tempatro_core::Error::AmountInvalid
            .in_field(Field::Amount)
            .into());
    }
    Ok(payment)
}

pub fn due_view(due: &StoredDue) -> DueView {
    let summary = &due.summary;
    DueView {
        id: summary.id,
        kind: match due.kind {
            crate::store::DueKind::Affiliation => DueKind::Affiliation,
            crate::store::DueKind::Activity => DueKind::Activity,
            crate::store::DueKind::Other => DueKind::Other,
        },
        child_id: due.child_id,
        child_name: due.child_name.clone(),
        label: due.label.clone(),
        amount: summary.amount,
        paid: summary.paid,
        left: summary.left(),
        status: summary.status(),
        reference: summary.reference.to_string(),
        created_on: due.created_at.date(),
        payments: due
            .payments
            .iter()
            .map(|p| DuePayment {
                paid_on: p.payment.paid_on,
                amount: p.payment.amount,
                method: p.payment.method,
                from_bank: p.bank_line.is_some(),
            })
            .collect(),
    }
}

/// The children whose dues a caller sees: all for a responsable, their own for anyone else.
async fn own_children(state: &AppState, account: &StoredAccount) -> Result<Option<Vec<i64>>> {
    if account.role == Role::Responsable {
        Ok(None)
    } else {
        Ok(Some(Scope::of(state, account).await?.children))
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct DuesQuery {
    /// Only what is left to pay.
    #[serde(default)]
    unpaid: bool,
    /// Affiliations of this cycle (staff).
    cycle: Option<String>,
    /// Fees of this activity (staff).
    activity: Option<i64>,
    /// One child's dues (staff).
    child: Option<i64>,
    /// One family's dues, by a parent's e-mail (staff).
    family: Option<String>,
}

/// A family's dues ("Mes paiements"); every due, with filters, for a responsable.
#[utoipa::path(
    get, path = "/api/v1/dues", tag = "payments", params(DuesQuery), security(("bearer" = [])),
    responses((status = 200, body = [DueView]), (status = 422, body = ApiError))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiQuery(query): ApiQuery<DuesQuery>,
) -> Result<Json<Vec<DueView>>> {
    let mut filter = DueFilter {
        children: own_children(&state, &account).await?,
        unpaid: query.unpaid,
        ..DueFilter::default()
    };
    if filter.children.is_none() {
        filter.cycle = query
            .cycle
            .as_deref()
            .map(|raw| raw.parse::<Cycle>().map_err(|e| e.in_field(Field::Cycle)))
            .transpose()?;
        filter.activity = query.activity;
        if let Some(child) = query.child {
            filter.children = Some(vec![child]);
        }
        if let Some(raw) = &query.family {
            let email = Email::parse(raw).map_err(|e| e.in_field(Field::Email))?;
            let parent = state
                .store
                .account_by_email(&email)
                .await?
                .ok_or_else(|| Error::UnknownAccount(email.to_string()))?;
            let children = state
                .store
                .children(&ChildQuery {
                    parent: Some(parent.id),
                    ..ChildQuery::all(state.current_cycle())
                })
                .await?;
            filter.children = Some(children.iter().map(|row| row.child.id).collect());
        }
    }
    let dues = state.store.dues(&filter).await?;
    Ok(Json(dues.iter().map(due_view).collect()))
}

/// How to pay a due: the Patro's account, the structured communication and the EPC QR payload
/// for what is left; nothing to pay once settled.
pub fn transfer_details(state: &AppState, due: &StoredDue) -> Option<TransferDetails> {
    let account = state.config.bank_account.as_ref()?;
    if due.summary.settled() {
        return None;
    }
    let left = due.summary.left();
    let payload = EpcPayment {
        beneficiary: account.clone(),
        amount: left,
        reference: due.summary.reference,
        line: state.config.reference_line,
    }
    .payload()
    .ok()?;
    Some(TransferDetails {
        beneficiary: account.name.clone(),
        iban: account.iban.to_string(),
        bic: account.bic.as_ref().map(ToString::to_string),
        amount: left,
        reference: due.summary.reference.to_string(),
        epc_payload: payload,
    })
}

#[utoipa::path(
    get, path = "/api/v1/dues/{id}", tag = "payments",
    params(("id" = i64, Path, description = "Due id")),
    security(("bearer" = [])),
    responses((status = 200, body = DueDetail), (status = 404, body = ApiError))
)]
pub async fn show(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DueDetail>> {
    let due = state.store.due(id).await?.ok_or(Error::NotFound)?;
    if let Some(children) = own_children(&state, &account).await?
        && !children.contains(&due.child_id)
    {
        return Err(Error::NotFound);
    }
    Ok(Json(DueDetail {
        transfer: transfer_details(&state, &due),
        due: due_view(&due),
    }))
}

/// Responsable: something else a family owes.
#[utoipa::path(
    post, path = "/api/v1/dues", tag = "payments", request_body = DueInput,
    security(("bearer" = [])),
    responses((status = 201, body = DueView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn create(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiJson(body): ApiJson<DueInput>,
) -> Result<(StatusCode, Json<DueView>)> {
    state
        .store
        .child(body.child_id)
        .await?
        .ok_or(Error::NotFound)?;
    let label = parse_text(Some(&body.label), Field::Title)?
        .ok_or(tempatro_core::Error::Required.in_field(Field::Title))?;
    let amount = Amount::parse(&body.amount).map_err(|e| e.in_field(Field::Amount))?;
    if amount.cents() == 0 {
        return Err(tempatro_core::Error::AmountInvalid
            .in_field(Field::Amount)
            .into());
    }
    let id = state
        .store
        .create_other_due(body.child_id, &label, amount, &Actor::of(&staff))
        .await?;
    let due = state.store.due(id).await?.ok_or(Error::NotFound)?;
    Ok((StatusCode::CREATED, Json(due_view(&due))))
}

/// Responsable: a payment received outside the bank statements (cash, or seen elsewhere).
#[utoipa::path(
    post, path = "/api/v1/dues/{id}/payments", tag = "payments",
    params(("id" = i64, Path, description = "Due id")),
    request_body = PaymentInput,
    security(("bearer" = [])),
    responses((status = 200, body = DueView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn record(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PaymentInput>,
) -> Result<Json<DueView>> {
    let due = state.store.due(id).await?.ok_or(Error::NotFound)?;
    if due.summary.cancelled {
        return Err(Error::Conflict(tempatro_core::Error::DueCancelled));
    }
    let payment = payment_from(&body, due.summary.left(), state.today())?;
    state
        .store
        .record_due_payment(id, &payment, &Actor::of(&staff))
        .await?;
    let due = state.store.due(id).await?.ok_or(Error::NotFound)?;
    Ok(Json(due_view(&due)))
}

/// Responsable: the family no longer owes it.
#[utoipa::path(
    post, path = "/api/v1/dues/{id}/cancel", tag = "payments",
    params(("id" = i64, Path, description = "Due id")),
    security(("bearer" = [])),
    responses((status = 200, body = DueView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn cancel(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DueView>> {
    state.store.due(id).await?.ok_or(Error::NotFound)?;
    state
        .store
        .cancel_due(id, &Actor::of(&staff))
        .await
        .map_err(|error| match error {
            StoreError::Conflict => Error::AlreadyDecided,
            other => other.into(),
        })?;
    let due = state.store.due(id).await?.ok_or(Error::NotFound)?;
    Ok(Json(due_view(&due)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `coda`, `camt053` or `csv`; detected when absent (CODA and camt.053).
    format: Option<String>,
    /// Report what the import would do, and write nothing.
    #[serde(default)]
    dry_run: bool,
    /// CSV: the header of the date column (else the server's configured mapping).
    date: Option<String>,
    /// CSV: the amount column.
    amount: Option<String>,
    /// CSV: the communication column.
    communication: Option<String>,
    /// CSV: the counterparty column.
    counterparty: Option<String>,
    /// CSV: a column with each line's own id.
    id: Option<String>,
}

fn format_of(state: &AppState, query: &ImportQuery, bytes: &[u8]) -> Result<BankFormat> {
    let unknown = |value: &str| {
        Error::Malformed(Malformed::UnknownValue {
            field: Some("format".to_owned()),
            value: value.to_owned(),
        })
    };
    let kind = match query.format.as_deref() {
        Some(raw) => raw.parse::<BankFormatKind>().map_err(|_| unknown(raw))?,
        None => detect(bytes).ok_or_else(|| unknown("?"))?,
    };
    Ok(match kind {
        BankFormatKind::Coda => BankFormat::Coda,
        BankFormatKind::Camt053 => BankFormat::Camt053,
        BankFormatKind::Csv => {
            BankFormat::Csv(match (&query.date, &query.amount, &query.communication) {
                (Some(date), Some(amount), Some(communication)) => CsvMapping {
                    date: date.clone(),
                    amount: amount.clone(),
                    communication: communication.clone(),
                    counterparty: query.counterparty.clone(),
                    id: query.id.clone(),
                    separator: None,
                },
                _ => state.config.csv_mapping.clone().ok_or(Error::Malformed(
                    Malformed::MissingField("date, amount, communication".to_owned()),
                ))?,
            })
        }
    })
}

/// Responsable: imports a bank statement (the body is the file) and reconciles it: each credit
/// whose structured communication is a due's pays it (fully, partly or more); others are kept
/// unmatched for staff. Importing the same statement twice changes nothing; a bad file changes
/// nothing and says which line is wrong.
#[utoipa::path(
    post, path = "/api/v1/bank-statements", tag = "payments", params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ImportReport), (status = 403, body = ApiError),
        (status = 422, description = "Unreadable file: the message names the line", body = ApiError),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiQuery(query): ApiQuery<ImportQuery>,
    content: Bytes,
) -> Result<Json<ImportReport>> {
    if content.len() > MAX_STATEMENT_BYTES {
        return Err(Error::FileTooLarge { max_mib: 20 });
    }
    let format = format_of(&state, &query, &content)?;
    let lines = tempatro_core::payment::bank::parse(&format, &content)
        .map_err(|e| Error::from(e.in_field(Field::File)))?;
    let imported = state
        .store
        .import_bank_lines(&lines, query.dry_run, &Actor::of(&staff))
        .await?;
    let mut report = ImportReport {
        format: format.kind().as_str().to_owned(),
        dry_run: query.dry_run,
        matched: 0,
        partial: 0,
        overpaid: 0,
        unmatched: 0,
        already_imported: 0,
        debits: 0,
        entries: Vec::with_capacity(imported.len()),
    };
    for line in imported {
        *match line.outcome {
            ImportOutcome::Matched => &mut report.matched,
            ImportOutcome::Partial => &mut report.partial,
            ImportOutcome::Overpaid => &mut report.overpaid,
            ImportOutcome::Unmatched => &mut report.unmatched,
            ImportOutcome::AlreadyImported => &mut report.already_imported,
            ImportOutcome::Debit => &mut report.debits,
        } += 1;
        report.entries.push(ImportEntry {
            line_id: line.line.id,
            date: line.line.date,
            amount: line.line.amount,
            counterparty: line.line.counterparty,
            reference: line.line.reference.map(|r| r.to_string()),
            outcome: line.outcome,
            due_id: line.due_id,
        });
    }
    tracing::info!(staff = %staff.id, matched = report.matched, unmatched = report.unmatched, dry_run = query.dry_run, "bank statement imported");
    Ok(Json(report))
}

fn line_view(line: &StoredBankLine) -> BankLineView {
    BankLineView {
        id: line.line.id.clone(),
        date: line.line.date,
        amount: line.line.amount,
        counterparty: line.line.counterparty.clone(),
        reference: line.line.reference.map(|r| r.to_string()),
        communication: line.line.communication.clone(),
        status: line.status,
        due_id: line.due_id,
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LinesQuery {
    /// `unmatched` (by default), `matched` or `debit`.
    status: Option<String>,
}

/// Responsable: bank lines, the unmatched ones by default.
#[utoipa::path(
    get, path = "/api/v1/bank-lines", tag = "payments", params(LinesQuery),
    security(("bearer" = [])),
    responses((status = 200, body = [BankLineView]), (status = 403, body = ApiError))
)]
pub async fn lines(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiQuery(query): ApiQuery<LinesQuery>,
) -> Result<Json<Vec<BankLineView>>> {
    let status = match query.status.as_deref().unwrap_or("unmatched") {
        "unmatched" => BankLineStatus::Unmatched,
        "matched" => BankLineStatus::Matched,
        "debit" => BankLineStatus::Debit,
        other => {
            return Err(Error::Malformed(Malformed::UnknownValue {
                field: Some("status".to_owned()),
                value: other.to_owned(),
            }));
        }
    };
    let lines = state.store.bank_lines(Some(status)).await?;
    Ok(Json(lines.iter().map(line_view).collect()))
}

/// Responsable: pays a due with a bank line the import could not match.
#[utoipa::path(
    post, path = "/api/v1/bank-lines/match", tag = "payments", request_body = BankLineMatch,
    security(("bearer" = [])),
    responses((status = 200, body = BankLineView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, description = "The line is not unmatched", body = ApiError))
)]
pub async fn match_line(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiJson(body): ApiJson<BankLineMatch>,
) -> Result<Json<BankLineView>> {
    let due = state.store.due(body.due_id).await?.ok_or(Error::NotFound)?;
    if due.summary.cancelled {
        return Err(Error::NotFound);
    }
    let line = state
        .store
        .match_bank_line(&body.line_id, body.due_id, &Actor::of(&staff))
        .await
        .map_err(|error| match error {
            StoreError::Conflict => Error::AlreadyDecided,
            StoreError::Missing(_) => Error::NotFound,
            other => other.into(),
        })?;
    Ok(Json(line_view(&line)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct RemindersQuery {
    /// Say who would be reminded, and send nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Responsable: one e-mail per family for its dues unpaid after the configured days, at most
/// once a week per due; each reminder is recorded.
#[utoipa::path(
    post, path = "/api/v1/reminders", tag = "payments", params(RemindersQuery),
    security(("bearer" = [])),
    responses((status = 200, body = ReminderReport), (status = 403, body = ApiError))
)]
pub async fn remind(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiQuery(query): ApiQuery<RemindersQuery>,
) -> Result<Json<ReminderReport>> {
    let now = time::OffsetDateTime::now_utc();
    let dues = state
        .store
        .dues_to_remind(
            now - Duration::days(i64::from(state.config.reminder_days)),
            now - Duration::weeks(1),
        )
        .await?;
    // A family is the set of parent accounts linked to a child: brothers and sisters' dues go
    // in one message to all their parents.
    let children: Vec<i64> = dues.iter().map(|due| due.child_id).collect();
    let links = state.store.parents_of_children(&children).await?;
    let mut families: BTreeMap<Vec<i64>, (Vec<StoredAccount>, Vec<StoredDue>)> = BTreeMap::new();
    for due in dues {
        let parents: Vec<StoredAccount> = links
            .iter()
            .filter(|(child, parent)| {
                *child == due.child_id && parent.status == tempatro_core::AccountStatus::Active
            })
            .map(|(_, parent)| parent.clone())
            .collect();
        if parents.is_empty() {
            continue;
        }
        let key = parents.iter().map(|p| p.id.0).collect();
        families
            .entry(key)
            .or_insert_with(|| (parents, Vec::new()))
            .1
            .push(due);
    }
    let how_to_pay = match &state.config.bank_account {
        Some(account) => format!(
            "Virement sur le compte {} ({}), avec la communication structurée indiquée pour chaque montant.",
            account.iban, account.name
        ),
        None => "Le Patro vous indiquera comment payer.".to_owned(),
    };
    let mut reminders = Vec::with_capacity(families.len());
    let mut sent = Vec::new();
    for (parents, dues) in families.into_values() {
        let lines: Vec<String> = dues
            .iter()
            .map(|due| {
                format!(
                    "- {} ({}) : {} — {}",
                    due.label,
                    due.child_name,
                    due.summary.left(),
                    due.summary.reference
                )
            })
            .collect();
        if !query.dry_run {
            state
                .mailer
                .send_to(
                    &parents,
                    Mail::Reminder {
                        lines: &lines,
                        how_to_pay: &how_to_pay,
                    },
                )
                .await;
            sent.extend(dues.iter().map(|due| (due.summary.id, parents[0].id)));
        }
        reminders.push(Reminder {
            email: parents
                .iter()
                .map(|p| p.email.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            name: parents
                .iter()
                .map(|p| format!("{} {}", p.first_name, p.last_name))
                .collect::<Vec<_>>()
                .join(", "),
            dues: dues.iter().map(due_view).collect(),
        });
    }
    if !sent.is_empty() {
        state.store.record_reminders(&sent).await?;
    }
    tracing::info!(staff = %staff.id, families = reminders.len(), dry_run = query.dry_run, "reminders");
    Ok(Json(ReminderReport {
        dry_run: query.dry_run,
        reminders,
    }))
}
