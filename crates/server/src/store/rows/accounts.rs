//! Accounts, their sessions and API tokens.

use tempatro_core::audit::AccountAction;
use tempatro_core::{AccountId, AccountStatus, Email, PersonName, PhoneNumber, Role, TokenScope};

use super::{corrupt, from_unix};
use crate::store::{SecondFactorState, StoreError, StoredAccount, StoredAct, StoredToken};

pub const ACCOUNT_COLUMNS: &str = "id, email, first_name, last_name, phone, role, status, rejection_reason, password_hash, created_at, email_verified_at";

/// The [`ACCOUNT_COLUMNS`] of a row.
#[derive(sqlx::FromRow)]
pub struct AccountRow {
    id: i64,
    email: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    role: String,
    status: String,
    rejection_reason: Option<String>,
    password_hash: String,
    created_at: i64,
    email_verified_at: Option<i64>,
}

impl TryFrom<AccountRow> for StoredAccount {
    type Error = StoreError;

    fn try_from(row: AccountRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("{what}: {value:?}"));
        Ok(StoredAccount {
            id: AccountId(row.id),
            email: Email::parse(&row.email).map_err(|_| corrupt("email", &row.email))?,
            first_name: PersonName::parse(&row.first_name)
                .map_err(|_| corrupt("first_name", &row.first_name))?,
            last_name: PersonName::parse(&row.last_name)
                .map_err(|_| corrupt("last_name", &row.last_name))?,
            phone: row
                .phone
                .map(|phone| PhoneNumber::parse(&phone).map_err(|_| corrupt("phone", &phone)))
                .transpose()?,
            role: Role::parse(&row.role).ok_or_else(|| corrupt("role", &row.role))?,
            status: AccountStatus::parse(&row.status)
                .ok_or_else(|| corrupt("status", &row.status))?,
            rejection_reason: row.rejection_reason,
            password_hash: row.password_hash,
            created_at: from_unix(row.created_at)?,
            email_verified_at: row.email_verified_at.map(from_unix).transpose()?,
        })
    }
}

/// A session with its account's columns.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub expires_at: i64,
    pub last_used_at: i64,
    #[sqlx(flatten)]
    pub account: AccountRow,
}

/// A parent's account with the child a query joined it to: `C` is `Option<i64>` when the join
/// may find none.
#[derive(sqlx::FromRow)]
pub struct ParentRow<C> {
    pub child_id: C,
    #[sqlx(flatten)]
    pub account: AccountRow,
}

/// An account's `responsable_since` with its second factor, if any.
#[derive(sqlx::FromRow)]
pub struct SecondFactorRow {
    pub responsable_since: Option<i64>,
    pub secret: Option<String>,
    pub enabled_at: Option<i64>,
}

impl TryFrom<SecondFactorRow> for SecondFactorState {
    type Error = StoreError;

    fn try_from(row: SecondFactorRow) -> Result<Self, StoreError> {
        Ok(SecondFactorState {
            responsable_since: row.responsable_since.map(from_unix).transpose()?,
            enabled: row.secret.is_some() && row.enabled_at.is_some(),
            secret: row.secret,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct TokenRow {
    name: String,
    scope: String,
    account_id: i64,
    created_at: i64,
    last_used_at: Option<i64>,
    expires_at: i64,
}

impl TryFrom<TokenRow> for StoredToken {
    type Error = StoreError;

    fn try_from(row: TokenRow) -> Result<Self, StoreError> {
        Ok(StoredToken {
            scope: TokenScope::parse(&row.scope)
                .ok_or_else(|| StoreError::Corrupt(format!("token scope {:?}", row.scope)))?,
            name: row.name,
            creator: AccountId(row.account_id),
            created_at: from_unix(row.created_at)?,
            last_used_at: row.last_used_at.map(from_unix).transpose()?,
            expires_at: from_unix(row.expires_at)?,
        })
    }
}

/// An act of the audit log, with the address of the account it was about.
#[derive(sqlx::FromRow)]
pub struct ActRow {
    at: i64,
    actor: String,
    action: String,
    account: Option<String>,
    ip: Option<String>,
    changes: String,
}

impl TryFrom<ActRow> for StoredAct {
    type Error = StoreError;

    fn try_from(row: ActRow) -> Result<Self, StoreError> {
        Ok(StoredAct {
            at: from_unix(row.at)?,
            action: AccountAction::parse(&row.action)
                .ok_or_else(|| StoreError::Corrupt(format!("audit action {:?}", row.action)))?,
            actor: row.actor,
            account: row.account,
            ip: row.ip,
            changes: serde_json::from_str(&row.changes)
                .map_err(|error| corrupt("audit changes", error))?,
        })
    }
}

/// "Papa de Billy (papa.billy@…)", as the audit log names a parent linked or unlinked.
pub fn parent_label(parent: &StoredAccount) -> String {
    format!(
        "{} {} ({})",
        parent.first_name, parent.last_name, parent.email
    )
}
