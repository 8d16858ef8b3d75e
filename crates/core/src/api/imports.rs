//! What an import answers, and what an export sends.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::children::AuditChange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Children,
    Parents,
}

/// What an import did, or would do (`dry_run`), with every refused cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ListImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    /// True only when the whole file was written: never for a dry run or a file with refused rows.
    pub applied: bool,
    /// Data rows read (the header and blank lines not counted).
    pub rows: u64,
    /// Records created, and the first 1,000 of them.
    pub created_count: u64,
    pub created: Vec<ImportedRow>,
    /// Records changed, and the first 1,000 of them with their changes.
    pub updated_count: u64,
    pub updated: Vec<ImportedRow>,
    /// Rows that matched a record and changed nothing.
    pub unchanged: u64,
    /// Rows with at least one refused cell.
    pub refused_rows: u64,
    /// The refused cells, in file order (the first 1,000 of them).
    pub refused: Vec<RefusedCell>,
    /// Rows set aside, outside strict mode, because their address belongs to an account the file
    /// may not use (pending, rejected, disabled, unconfirmed, or under another name): they changed
    /// nothing, and someone resolves each by hand.
    #[serde(default)]
    pub conflict_rows: u64,
    /// Their cells, in file order (the first 1,000).
    #[serde(default)]
    pub conflicts: Vec<RefusedCell>,
    /// Parents' accounts created, each e-mailed how to choose a password.
    pub invitations: u64,
}

/// A record created or changed by one line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportedRow {
    pub line: u64,
    /// "Billy LE PIVERT", or a parent's "Claire Dubois <claire@exemple.be>".
    pub name: String,
    /// For an update, each field with its old and new values.
    #[serde(default)]
    pub changes: Vec<AuditChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefusedCell {
    /// 1-based line of the file (1 is the header).
    pub line: u64,
    /// The column as the import names it; absent when the whole line is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub message: String,
}

/// A list for the leaders: named columns, then rows of text in the same order. The columns of
/// `children` and `parents` are those their import reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ExportTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
