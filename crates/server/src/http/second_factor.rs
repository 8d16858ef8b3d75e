//! A staff member's second factor: enrolment, its confirmation by a first code, removal, and the
//! proof a login or a removal asks for.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::OffsetDateTime;

use tempatro_core::AccountId;
use tempatro_core::api::{ApiError, RecoveryCodes, SecondFactorCode, SecondFactorEnrolment};
use tempatro_core::audit::AccountAction;

use super::AppState;
use super::extractor::{ApiJson, StaffSession};
use crate::error::{Error, Malformed, Result};
use crate::second_factor::{
    check, new_recovery_codes, new_secret, normalize_recovery_code, otpauth_url,
};
use crate::secrets::digest;
use crate::store::{Actor, PrivilegedAct, StoredAccount};

/// Starts an enrolment: a new secret, to put in an authenticator app. Not active until
/// confirmed; starting again replaces a secret not confirmed yet.
#[utoipa::path(
    post, path = "/api/v1/me/second-factor", tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 201, body = SecondFactorEnrolment),
        (status = 401, body = ApiError),
        (status = 403, description = "Not staff, or an API token", body = ApiError),
        (status = 409, description = "A second factor is already active", body = ApiError),
    )
)]
pub async fn enrol(
    State(state): State<AppState>,
    StaffSession(account): StaffSession,
) -> Result<(StatusCode, Json<SecondFactorEnrolment>)> {
    let secret = new_secret();
    if !state.store.begin_second_factor(account.id, &secret).await? {
        return Err(Error::SecondFactorActive);
    }
    let otpauth_url = otpauth_url(&secret, &state.config.patro_name, account.email.as_ref())?;
    Ok((
        StatusCode::CREATED,
        Json(SecondFactorEnrolment {
            secret,
            otpauth_url,
        }),
    ))
}

/// Confirms the enrolment with a first code of the app: the second factor is active from now on,
/// and the ten recovery codes are shown, this once.
#[utoipa::path(
    post, path = "/api/v1/me/second-factor/confirmation", tag = "sessions",
    request_body = SecondFactorCode,
    security(("bearer" = [])),
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 409, description = "No enrolment waiting, or already active", body = ApiError),
        (status = 422, description = "Wrong code", body = ApiError),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    StaffSession(account): StaffSession,
    ApiJson(body): ApiJson<SecondFactorCode>,
) -> Result<Json<RecoveryCodes>> {
    let code = body
        .totp
        .ok_or_else(|| Error::Malformed(Malformed::MissingField("totp".to_owned())))?;
    let factor = state.store.second_factor(account.id).await?;
    let secret = match factor.secret {
        Some(_) if factor.enabled => return Err(Error::SecondFactorActive),
        Some(secret) => secret,
        None => return Err(Error::NoEnrolment),
    };
    let now = OffsetDateTime::now_utc();
    let step = check(&secret, &code, now)?.ok_or(Error::WrongCode)?;
    let codes = new_recovery_codes();
    // SHA-256 rather than argon2: each code carries 79 random bits, which no hash speed brings
    // within guessing, and a plain digest lets one conditional DELETE find and spend a code, so
    // that two logins racing with it cannot both succeed.
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| digest(&normalize_recovery_code(code)))
        .collect();
    if !state
        .store
        .confirm_second_factor(account.id, &secret, step, &hashes, now)
        .await?
    {
        return Err(Error::NoEnrolment);
    }
    record(&state, &account, AccountAction::SecondFactorEnabled).await?;
    tracing::info!(account = %account.id, "second factor enabled");
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turns the second factor off, on the proof of a code of the app or a recovery code.
#[utoipa::path(
    delete, path = "/api/v1/me/second-factor", tag = "sessions",
    request_body = SecondFactorCode,
    security(("bearer" = [])),
    responses(
        (status = 204),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 409, description = "No second factor active", body = ApiError),
        (status = 422, description = "Wrong code", body = ApiError),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    StaffSession(account): StaffSession,
    ApiJson(body): ApiJson<SecondFactorCode>,
) -> Result<StatusCode> {
    let factor = state.store.second_factor(account.id).await?;
    let secret = match factor.secret {
        Some(secret) if factor.enabled => secret,
        _ => return Err(Error::NoSecondFactor),
    };
    match prove(
        &state,
        account.id,
        &secret,
        &body,
        OffsetDateTime::now_utc(),
    )
    .await?
    {
        Proof::Accepted => {}
        Proof::Missing => {
            return Err(Error::Malformed(Malformed::MissingField("totp".to_owned())));
        }
        Proof::Refused => return Err(Error::WrongCode),
    }
    state.store.remove_second_factor(account.id).await?;
    record(&state, &account, AccountAction::SecondFactorDisabled).await?;
    tracing::info!(account = %account.id, "second factor disabled");
    Ok(StatusCode::NO_CONTENT)
}

/// Turning one's own second factor on or off, for the audit log.
async fn record(state: &AppState, account: &StoredAccount, action: AccountAction) -> Result<()> {
    Ok(state
        .store
        .record_act(&PrivilegedAct {
            actor: Actor::of(account),
            action,
            account: Some(account.id),
            ip: None,
            changes: Vec::new(),
        })
        .await?)
}

/// What a proof of the second factor came to.
pub enum Proof {
    Accepted,
    Missing,
    /// Wrong, replayed within its step, or a recovery code not (or no longer) the account's.
    Refused,
}

/// Checks a code of the app (accepted once per time step) or spends a recovery code.
pub async fn prove(
    state: &AppState,
    account: AccountId,
    secret: &str,
    proof: &SecondFactorCode,
    now: OffsetDateTime,
) -> Result<Proof> {
    let accepted = match (&proof.totp, &proof.recovery_code) {
        (Some(code), _) => match check(secret, code, now)? {
            Some(step) => state.store.accept_totp_step(account, step).await?,
            None => false,
        },
        (None, Some(code)) => {
            state
                .store
                .spend_recovery_code(account, &digest(&normalize_recovery_code(code)))
                .await?
        }
        (None, None) => return Ok(Proof::Missing),
    };
    Ok(if accepted {
        Proof::Accepted
    } else {
        Proof::Refused
    })
}
