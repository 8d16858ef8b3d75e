//! Dues, payments, bank statements and reminders.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::payment::DueStatus;
use crate::{Amount, PaymentMethod};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DueKind {
    Affiliation,
    Activity,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DuePayment {
    pub paid_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    pub method: PaymentMethod,
    /// Matched from a bank statement rather than recorded by hand.
    pub from_bank: bool,
}

/// What a family owes for one thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DueView {
    pub id: i64,
    pub kind: DueKind,
    pub child_id: i64,
    pub child_name: String,
    /// "Affiliation 2026-2027", "Camp d'été 2027".
    pub label: String,
    /// Euro cents.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub paid: Amount,
    /// What is left to pay, never negative.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub left: Amount,
    pub status: DueStatus,
    /// The structured communication, `+++123/4567/89012+++`.
    pub reference: String,
    pub created_on: Date,
    #[serde(default)]
    pub payments: Vec<DuePayment>,
}

/// How to pay a due by transfer: the Patro's account and the EPC QR code's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TransferDetails {
    pub beneficiary: String,
    /// Grouped by four, `BE68 5390 0754 7034`.
    pub iban: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    pub reference: String,
    /// EPC069-12 ("SEPA QR") payload, to draw as a QR code a banking app scans.
    pub epc_payload: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DueDetail {
    pub due: DueView,
    /// Absent once nothing is left to pay, or while the Patro has not set its account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<TransferDetails>,
}

/// Staff: something else a family owes (a T-shirt, a weekend).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DueInput {
    pub child_id: i64,
    pub label: String,
    pub amount: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Matched,
    Partial,
    Overpaid,
    Unmatched,
    AlreadyImported,
    Debit,
}

/// One line of a bank statement, and what its import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportEntry {
    pub line_id: String,
    pub date: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub outcome: ImportOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportReport {
    /// `coda`, `camt053` or `csv`.
    pub format: String,
    /// Nothing was written.
    pub dry_run: bool,
    pub matched: u32,
    pub partial: u32,
    pub overpaid: u32,
    pub unmatched: u32,
    pub already_imported: u32,
    pub debits: u32,
    pub entries: Vec<ImportEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BankLineStatus {
    Matched,
    Unmatched,
    Debit,
}

/// A bank line as kept: never dropped, whatever became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BankLineView {
    pub id: String,
    pub date: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication: Option<String>,
    pub status: BankLineStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BankLineMatch {
    /// The bank line's id (ids may hold `/`, so it travels in the body).
    pub line_id: String,
    pub due_id: i64,
}

/// One family's reminder: the parent it went to and the dues it listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Reminder {
    pub email: String,
    pub name: String,
    pub dues: Vec<DueView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReminderReport {
    pub dry_run: bool,
    pub reminders: Vec<Reminder>,
}
