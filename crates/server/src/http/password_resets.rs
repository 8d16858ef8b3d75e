//! "Vous avez oublié votre mot de passe ?": a one-time code by e-mail, then a new password.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::{Duration, OffsetDateTime};

use tempatro_core::api::{ApiError, Notice, PasswordResetConfirm, PasswordResetRequest};
use tempatro_core::{AccountStatus, Email, Field, Password};

use super::AppState;
use super::extractor::{ApiJson, ClientIp};
use super::limits::Limit;
use crate::error::{Error, Result, request_lang};
use crate::mail::Mail;
use crate::secrets::{digest, hash_password, new_mail_code, normalize_mail_code, readable_code};
use crate::store::ResetCheck;

const CODE_VALIDITY: Duration = Duration::minutes(30);
const MAX_ATTEMPTS: u32 = 5;

/// Sends a code if the address belongs to a pending or active account. The answer is the same
/// either way, and so is the work done before it: looking the address up, saving a code and
/// mailing it happen after the answer, so that nobody learns which addresses have an account,
/// not even from how long the answer took.
#[utoipa::path(
    post, path = "/api/v1/password-resets", tag = "password-resets",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, body = Notice),
        (status = 422, body = ApiError),
        (status = 429, description = "Too many requests from this source or for this address", body = ApiError),
    )
)]
pub async fn request(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<(StatusCode, Json<Notice>)> {
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    state
        .limits
        .check(Limit::PasswordReset, &ip, Some(&email))
        .await?;
    let after = state.clone();
    state.background.spawn(async move {
        if let Err(error) = send_code(&after, &email).await {
            tracing::error!(%error, "password reset code not sent");
        }
    });
    let message = request_lang().pick(
        "Si un compte existe pour cette adresse, un code vient de lui être envoyé par e-mail. Il est valable 30 minutes.",
        "If an account exists for this address, a code has just been e-mailed to it. It is valid for 30 minutes.",
    );
    Ok((
        StatusCode::ACCEPTED,
        Json(Notice {
            message: message.to_owned(),
        }),
    ))
}

/// A new code for the account of `email`, if it may have one, e-mailed to it.
async fn send_code(state: &AppState, email: &Email) -> Result<()> {
    let Some(account) = state.store.account_by_email(email).await? else {
        return Ok(());
    };
    if !matches!(
        account.status,
        AccountStatus::Pending | AccountStatus::Active
    ) {
        return Ok(());
    }
    let code = new_mail_code();
    state
        .store
        .save_reset_code(
            account.id,
            &digest(&code),
            OffsetDateTime::now_utc() + CODE_VALIDITY,
        )
        .await?;
    let readable = readable_code(&code);
    state
        .mailer
        .send(
            &account,
            Mail::ResetCode {
                code: &readable,
                valid_minutes: CODE_VALIDITY.whole_minutes(),
            },
        )
        .await;
    tracing::info!(account = %account.id, "password reset code sent");
    Ok(())
}

/// Sets the new password if the code is right, unexpired, unused and not guessed at too often;
/// every open session of the account is closed.
#[utoipa::path(
    post, path = "/api/v1/password-resets/confirm", tag = "password-resets",
    request_body = PasswordResetConfirm,
    responses(
        (status = 200, body = Notice),
        (status = 400, description = "Wrong, expired or used code", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> Result<Json<Notice>> {
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    let code = normalize_mail_code(&body.code);
    if code.is_empty() {
        return Err(tempatro_core::Error::Required
            .in_field(Field::ResetCode)
            .into());
    }
    // The password is checked first: fixing it must not cost one of the code's attempts.
    let password =
        Password::parse(&body.new_password, &email).map_err(|e| e.in_field(Field::Password))?;
    let account = state
        .store
        .account_by_email(&email)
        .await?
        .ok_or(Error::InvalidResetCode)?;
    let check = state
        .store
        .check_reset_code(
            account.id,
            &digest(&code),
            OffsetDateTime::now_utc(),
            MAX_ATTEMPTS,
        )
        .await?;
    if check == ResetCheck::Refused {
        return Err(Error::InvalidResetCode);
    }
    state
        .store
        .set_password(account.id, &hash_password(&password).await?, None)
        .await?;
    // The code reached the address: the account it came from is proven (an imported parent's
    // first password is chosen this way).
    state.store.mark_email_verified(account.id).await?;
    tracing::info!(account = %account.id, "password reset");
    let message = request_lang().pick(
        "Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.",
        "Your password has been changed. You can now log in.",
    );
    Ok(Json(Notice {
        message: message.to_owned(),
    }))
}
