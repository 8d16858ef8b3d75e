//! Proving an e-mail address: a one-time code sent to it, entered in the parents' space. An account
//! is created with its address unproven, and a new address in "Gérer mes infos" becomes the
//! account's only once its code is entered: nobody can claim an address they cannot read.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::{Duration, OffsetDateTime};

use tempatro_core::api::{
    AccountView, ApiError, EmailChangeConfirm, EmailVerification, Notice, VerificationResend,
};
use tempatro_core::audit::AccountAction;
use tempatro_core::{AccountStatus, Email, Field};

use super::AppState;
use super::accounts::view;
use super::extractor::{ApiJson, ClientIp, CurrentAccount};
use super::limits::Limit;
use crate::error::{Error, Result, request_lang};
use crate::mail::Mail;
use crate::secrets::{digest, new_mail_code, normalize_mail_code, readable_code};
use crate::store::{Actor, EmailProof, PrivilegedAct, StoredAccount};

const CODE_VALIDITY: Duration = Duration::minutes(30);
const MAX_ATTEMPTS: u32 = 5;

/// Why a code is sent, which decides the e-mail's words and where it goes.
pub enum CodeFor<'a> {
    SignUp,
    Resend,
    NewAddress(&'a Email),
}

/// Saves a new code for the address and e-mails it there (the previous code stops working).
pub async fn send_code(
    state: &AppState,
    account: &StoredAccount,
    purpose: CodeFor<'_>,
) -> Result<()> {
    let code = new_mail_code();
    let email = match purpose {
        CodeFor::NewAddress(email) => email,
        CodeFor::SignUp | CodeFor::Resend => &account.email,
    };
    state
        .store
        .save_email_code(
            account.id,
            email,
            &digest(&code),
            OffsetDateTime::now_utc() + CODE_VALIDITY,
        )
        .await?;
    let (code, valid_minutes) = (readable_code(&code), CODE_VALIDITY.whole_minutes());
    match purpose {
        CodeFor::SignUp => {
            let mail = Mail::SignUpReceived {
                code: &code,
                valid_minutes,
            };
            state.mailer.send(account, mail).await;
        }
        CodeFor::Resend => {
            let mail = Mail::VerificationCode {
                code: &code,
                valid_minutes,
            };
            state.mailer.send(account, mail).await;
        }
        CodeFor::NewAddress(email) => {
            let to = StoredAccount {
                email: email.clone(),
                ..account.clone()
            };
            let mail = Mail::EmailChangeCode {
                code: &code,
                valid_minutes,
            };
            state.mailer.send(&to, mail).await;
        }
    }
    Ok(())
}

fn code_of(raw: &str) -> Result<String> {
    let code = normalize_mail_code(raw);
    if code.is_empty() {
        return Err(tempatro_core::Error::Required
            .in_field(Field::VerificationCode)
            .into());
    }
    Ok(code)
}

async fn check(state: &AppState, account: &StoredAccount, code: &str) -> Result<EmailProof> {
    state
        .store
        .check_email_code(
            account.id,
            &digest(code),
            OffsetDateTime::now_utc(),
            MAX_ATTEMPTS,
        )
        .await?
        .ok_or(Error::InvalidVerificationCode)
}

/// "Entrez le code reçu par e-mail": the address of a new account is proven.
#[utoipa::path(
    post, path = "/api/v1/accounts/verification", tag = "accounts",
    request_body = EmailVerification,
    responses(
        (status = 204, description = "Address proven"),
        (status = 400, description = "Wrong, expired or used code", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<EmailVerification>,
) -> Result<StatusCode> {
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    let code = code_of(&body.code)?;
    // An unknown address gets the answer a wrong code gets.
    let account = state
        .store
        .account_by_email(&email)
        .await?
        .ok_or(Error::InvalidVerificationCode)?;
    match check(&state, &account, &code).await? {
        EmailProof::Verified => {
            tracing::info!(account = %account.id, "e-mail address verified");
            Ok(StatusCode::NO_CONTENT)
        }
        // A code for another address than the account's is a change, confirmed in the profile.
        EmailProof::Changed { .. } => Err(Error::InvalidVerificationCode),
    }
}

/// "Renvoyer le code": a new code for an account whose address is not proven yet. The answer is
/// the same whatever the address, so that nobody learns which ones have an account.
#[utoipa::path(
    post, path = "/api/v1/accounts/verification/resend", tag = "accounts",
    request_body = VerificationResend,
    responses(
        (status = 202, body = Notice),
        (status = 422, body = ApiError),
        (status = 429, description = "Too many requests from this source or for this address", body = ApiError),
    )
)]
pub async fn resend(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<VerificationResend>,
) -> Result<(StatusCode, Json<Notice>)> {
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    state
        .limits
        .check(Limit::EmailVerification, &ip, Some(&email))
        .await?;
    // After the answer, as a password reset does: how long it takes says nothing of the address.
    let after = state.clone();
    state.background.spawn(async move {
        if let Err(error) = resend_code(&after, &email).await {
            tracing::error!(%error, "verification code not sent again");
        }
    });
    let message = request_lang().pick(
        "Si cette adresse attend une confirmation, un nouveau code vient de lui être envoyé. Il est valable 30 minutes.",
        "If this address is waiting to be confirmed, a new code has just been sent to it. It is valid for 30 minutes.",
    );
    Ok((
        StatusCode::ACCEPTED,
        Json(Notice {
            message: message.to_owned(),
        }),
    ))
}

/// A new code for the account of `email`, if its address still waits to be proven.
async fn resend_code(state: &AppState, email: &Email) -> Result<()> {
    if let Some(account) = state.store.account_by_email(email).await?
        && account.email_verified_at.is_none()
        && matches!(
            account.status,
            AccountStatus::Pending | AccountStatus::Active
        )
    {
        send_code(state, &account, CodeFor::Resend).await?;
        tracing::info!(account = %account.id, "verification code sent again");
    }
    Ok(())
}

/// "Gérer mes infos": the code sent to the new address makes it the account's; the old address is
/// told.
#[utoipa::path(
    post, path = "/api/v1/me/email/confirm", tag = "me", request_body = EmailChangeConfirm,
    security(("bearer" = [])),
    responses(
        (status = 200, body = AccountView),
        (status = 400, description = "Wrong, expired or used code", body = ApiError),
        (status = 409, description = "The address was taken meanwhile", body = ApiError),
    )
)]
pub async fn confirm_change(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiJson(body): ApiJson<EmailChangeConfirm>,
) -> Result<Json<AccountView>> {
    current.require_session()?;
    let account = current.account;
    let code = code_of(&body.code)?;
    let proof = check(&state, &account, &code).await?;
    let updated = state
        .store
        .account(account.id)
        .await?
        .ok_or(Error::NotFound)?;
    if let EmailProof::Changed { old } = proof {
        state
            .store
            .record_act(&PrivilegedAct {
                actor: Actor::of(&account),
                action: AccountAction::EmailChanged,
                account: Some(account.id),
                ip: None,
                changes: vec![tempatro_core::api::AuditChange {
                    field: "email".to_owned(),
                    old: Some(old.to_string()),
                    new: Some(updated.email.to_string()),
                }],
            })
            .await?;
        tracing::info!(account = %account.id, "e-mail address changed");
        let new_email = updated.email.to_string();
        state
            .mailer
            .send(
                &account,
                Mail::EmailChanged {
                    new_email: &new_email,
                },
            )
            .await;
    }
    Ok(Json(view(&updated)))
}

/// The account as its owner sees it, with the address it is changing to.
pub async fn own_view(state: &AppState, account: &StoredAccount) -> Result<AccountView> {
    let pending = state
        .store
        .email_being_proven(account.id, OffsetDateTime::now_utc())
        .await?
        .filter(|email| email.normalized() != account.email.normalized());
    Ok(AccountView {
        pending_email: pending.map(|email| email.to_string()),
        ..view(account)
    })
}
