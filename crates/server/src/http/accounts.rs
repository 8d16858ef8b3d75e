//! Accounts: sign-up by parents, review by the Patro.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use tempatro_core::api::{AccountView, ApiError, AuditChange, Notice, Rejection, SignUp};
use tempatro_core::audit::AccountAction;
use tempatro_core::{
    AccountId, AccountStatus, Email, Field, Lang, Password, PersonName, Role, StatusChange,
};

use super::AppState;
use super::extractor::{ApiJson, ApiPath, ApiQuery, ClientIp, Responsable};
use super::limits::Limit;
use super::verification::{CodeFor, send_code};
use crate::error::{Error, Malformed, Result, request_lang};
use crate::mail::Mail;
use crate::secrets::hash_password;
use crate::store::{AccountFilter, Actor, NewAccount, PrivilegedAct, StoreError, StoredAccount};

const MAX_REASON: usize = 500;

pub fn view(account: &StoredAccount) -> AccountView {
    AccountView {
        id: account.id.0,
        email: account.email.to_string(),
        first_name: account.first_name.to_string(),
        last_name: account.last_name.to_string(),
        role: account.role,
        status: account.status,
        created_at: account.created_at,
        phone: account.phone.as_ref().map(ToString::to_string),
        rejection_reason: account.rejection_reason.clone(),
        email_verified: account.email_verified_at.is_some(),
        pending_email: None,
    }
}

/// "Créez votre compte !": a parent's account, pending until the Patro approves it, with a code
/// e-mailed to prove the address. An address that already has an account gets the same answer, after
/// the same work (the password is hashed either way): its holder is e-mailed instead, so that
/// nobody learns from this form who has an account.
#[utoipa::path(
    post, path = "/api/v1/accounts", tag = "accounts", request_body = SignUp,
    responses(
        (status = 202, description = "Request received; an e-mail went to the address", body = Notice),
        (status = 422, description = "A field is invalid", body = ApiError),
        (status = 429, description = "Too many sign-ups from this source or for this address", body = ApiError),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<SignUp>,
) -> Result<(StatusCode, Json<Notice>)> {
    let first_name =
        PersonName::parse(&body.first_name).map_err(|e| e.in_field(Field::FirstName))?;
    let last_name = PersonName::parse(&body.last_name).map_err(|e| e.in_field(Field::LastName))?;
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    let password =
        Password::parse(&body.password, &email).map_err(|e| e.in_field(Field::Password))?;
    // Counted once the form is valid: a field to correct costs no attempt.
    state.limits.check(Limit::SignUp, &ip, Some(&email)).await?;
    let created = state
        .store
        .create_account(NewAccount {
            email: email.clone(),
            first_name,
            last_name,
            role: Role::Parent,
            status: AccountStatus::Pending,
            email_verified: false,
            password_hash: hash_password(&password).await?,
        })
        .await;
    match created {
        Ok(account) => {
            tracing::info!(account = %account.id, "sign-up received");
            send_code(&state, &account, CodeFor::SignUp).await?;
        }
        Err(StoreError::DuplicateEmail) => {
            if let Some(existing) = state.store.account_by_email(&email).await? {
                tracing::info!(account = %existing.id, "sign-up with an address already in use");
                // Someone who lost the first code signs up again: a new code is what they need.
                if existing.status == AccountStatus::Pending && existing.email_verified_at.is_none()
                {
                    send_code(&state, &existing, CodeFor::Resend).await?;
                } else {
                    state
                        .mailer
                        .send(&existing, Mail::SignUpWithYourAddress)
                        .await;
                }
            }
        }
        Err(other) => return Err(other.into()),
    }
    let message = match request_lang() {
        Lang::Fr => format!(
            "Votre demande est enregistrée. Nous venons d'envoyer un e-mail à {email} : entrez le code qu'il contient pour confirmer votre adresse."
        ),
        Lang::En => format!(
            "Your request has been received. We have just sent an e-mail to {email}: enter the code it holds to confirm your address."
        ),
    };
    Ok((StatusCode::ACCEPTED, Json(Notice { message })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AccountsQuery {
    /// `pending`, `active`, `rejected` or `disabled`.
    status: Option<String>,
    /// One exact address, case-insensitive.
    email: Option<String>,
}

/// Staff: the accounts, oldest first, optionally of one status or one address.
#[utoipa::path(
    get, path = "/api/v1/accounts", tag = "accounts", params(AccountsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = [AccountView]),
        (status = 401, body = ApiError),
        (status = 403, description = "Not a responsable", body = ApiError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiQuery(query): ApiQuery<AccountsQuery>,
) -> Result<Json<Vec<AccountView>>> {
    let status = query
        .status
        .as_deref()
        .map(|raw| {
            AccountStatus::parse(raw)
                .ok_or_else(|| Error::Malformed(Malformed::UnknownStatus(raw.to_owned())))
        })
        .transpose()?;
    let email = query
        .email
        .as_deref()
        .map(|raw| Email::parse(raw).map_err(|e| e.in_field(Field::Email)))
        .transpose()?;
    let accounts = state
        .store
        .accounts(&AccountFilter {
            status,
            email,
            ids: None,
        })
        .await?;
    Ok(Json(accounts.iter().map(view).collect()))
}

/// Staff: confirms that a pending account belongs to a member's parent; the parent is told by e-mail.
/// An address its owner has not proven yet is refused: whoever typed it may not own it.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/approve", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = AccountView),
        (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Not pending or rejected, or its address not proven", body = ApiError),
    )
)]
pub async fn approve(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountView>> {
    let account = change_status(&state, AccountId(id), StatusChange::Approve, None).await?;
    record(
        &state,
        &staff,
        &account,
        AccountAction::AccountApproved,
        None,
    )
    .await?;
    tracing::info!(staff = %staff.id, account = %account.id, "account approved");
    state.mailer.send(&account, Mail::AccountActivated).await;
    Ok(Json(view(&account)))
}

/// Staff: declines a pending account, with a reason that the e-mail passes on.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/reject", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    request_body = Rejection,
    security(("bearer" = [])),
    responses(
        (status = 200, body = AccountView),
        (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Not pending", body = ApiError),
        (status = 422, description = "Missing reason", body = ApiError),
    )
)]
pub async fn reject(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Rejection>,
) -> Result<Json<AccountView>> {
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(tempatro_core::Error::Required
            .in_field(Field::Reason)
            .into());
    }
    if reason.chars().count() > MAX_REASON {
        return Err(tempatro_core::Error::TooLong { max: MAX_REASON }
            .in_field(Field::Reason)
            .into());
    }
    let account = change_status(&state, AccountId(id), StatusChange::Reject, Some(reason)).await?;
    state.store.delete_sessions_of(account.id).await?;
    record(
        &state,
        &staff,
        &account,
        AccountAction::AccountRejected,
        Some(reason),
    )
    .await?;
    tracing::info!(staff = %staff.id, account = %account.id, "account rejected");
    state
        .mailer
        .send(&account, Mail::AccountRejected { reason })
        .await;
    Ok(Json(view(&account)))
}

/// Responsable: disables an account (someone leaving the team, a parent to shut out). Its sessions
/// end and the API tokens it created are revoked at once; the last active responsable cannot be
/// disabled.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/disable", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = AccountView),
        (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Not active, or the last active responsable", body = ApiError),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountView>> {
    let account = state
        .store
        .account(AccountId(id))
        .await?
        .ok_or(Error::NotFound)?;
    account
        .status
        .apply(StatusChange::Disable)
        .map_err(Error::Conflict)?;
    let disabled = state.store.disable_account(account.id).await?;
    record(
        &state,
        &staff,
        &disabled,
        AccountAction::AccountDisabled,
        None,
    )
    .await?;
    tracing::info!(staff = %staff.id, account = %account.id, "account disabled");
    Ok(Json(view(&disabled)))
}

async fn record(
    state: &AppState,
    staff: &StoredAccount,
    account: &StoredAccount,
    action: AccountAction,
    reason: Option<&str>,
) -> Result<()> {
    let changes = vec![AuditChange {
        field: "status".to_owned(),
        old: None,
        new: Some(account.status.as_str().to_owned()),
    }]
    .into_iter()
    .chain(reason.map(|reason| AuditChange {
        field: "reason".to_owned(),
        old: None,
        new: Some(reason.to_owned()),
    }))
    .collect();
    Ok(state
        .store
        .record_act(&PrivilegedAct {
            actor: Actor::of(staff),
            action,
            account: Some(account.id),
            ip: None,
            changes,
        })
        .await?)
}

async fn change_status(
    state: &AppState,
    id: AccountId,
    change: StatusChange,
    reason: Option<&str>,
) -> Result<StoredAccount> {
    let account = state.store.account(id).await?.ok_or(Error::NotFound)?;
    let to = account.status.apply(change).map_err(Error::Conflict)?;
    if change == StatusChange::Approve && account.email_verified_at.is_none() {
        return Err(Error::EmailNotVerified);
    }
    Ok(state
        .store
        .change_status(id, account.status, to, reason)
        .await?)
}
