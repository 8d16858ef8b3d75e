//! Logging in and out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::OffsetDateTime;

use tempatro_core::api::{ApiError, LogIn, SecondFactorCode, SessionCreated};
use tempatro_core::audit::AccountAction;
use tempatro_core::{Email, Field, Lang, Portal, Role};

use super::AppState;
use super::accounts::view;
use super::extractor::{ApiJson, ClientIp, CurrentAccount};
use super::second_factor::{Proof, prove};
use crate::error::{Error, Result, request_lang};
use crate::secrets::{digest, new_token, verify_password};
use crate::store::{Actor, PrivilegedAct, StoredAccount};

/// "Se connecter" on the parents' space or the leaders' intranet. Only a right password learns
/// why an account may not log in (pending, rejected, disabled, wrong side): a wrong one gets the
/// same answer whether the e-mail exists or not.
#[utoipa::path(
    post, path = "/api/v1/sessions", tag = "sessions", request_body = LogIn,
    responses(
        (status = 201, body = SessionCreated),
        (status = 401, description = "Wrong e-mail or password (`invalid_credentials`); second factor missing (`totp_required`) or wrong (`totp_invalid`)", body = ApiError),
        (status = 403, description = "Pending, rejected or disabled account; parent on the staff side; responsable past the grace period without a second factor (`second_factor_required`)", body = ApiError),
        (status = 429, description = "Too many failed logins for this address from this source, or from this source", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn log_in(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<LogIn>,
) -> Result<(StatusCode, Json<SessionCreated>)> {
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    let now = OffsetDateTime::now_utc();
    state.limits.count_login(&ip, &email).await?;
    let account = state.store.account_by_email(&email).await?;
    let password_ok = verify_password(
        &body.password,
        account.as_ref().map(|a| a.password_hash.as_str()),
    )
    .await?;
    let account = match account {
        Some(account) if password_ok => account,
        _ => {
            record_staff_login(&state, body.portal, &ip, Err(&email)).await?;
            return Err(Error::InvalidCredentials);
        }
    };
    let notice = match second_factor(&state, &account, &body, now).await {
        Ok(notice) => notice,
        Err(Error::TotpInvalid) => {
            record_staff_login(&state, body.portal, &ip, Err(&email)).await?;
            return Err(Error::TotpInvalid);
        }
        Err(other) => return Err(other),
    };
    // Forgotten only now: a wrong second factor counts as a failed login, so that codes cannot be
    // tried without limit by whoever has the password.
    state.limits.login_succeeded(&ip, &email).await?;
    account
        .to_domain()
        .may_log_in(body.portal)
        .map_err(Error::LoginRefused)?;
    let token = new_token();
    let expires_at = now + state.config.session_lifetime(account.role);
    state
        .store
        .create_session(&digest(&token), account.id, expires_at)
        .await?;
    record_staff_login(&state, body.portal, &ip, Ok(&account)).await?;
    tracing::info!(account = %account.id, portal = ?body.portal, "logged in");
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            token,
            expires_at,
            account: view(&account),
            notice,
        }),
    ))
}

/// The second factor of a right password: checked for any account that has one, on either side;
/// a responsable without one is told until when they may do without, then refused.
async fn second_factor(
    state: &AppState,
    account: &StoredAccount,
    body: &LogIn,
    now: OffsetDateTime,
) -> Result<Option<String>> {
    let factor = state.store.second_factor(account.id).await?;
    if let Some(secret) = factor.secret.as_deref().filter(|_| factor.enabled) {
        let proof = SecondFactorCode {
            totp: body.totp.clone(),
            recovery_code: body.recovery_code.clone(),
        };
        return match prove(state, account.id, secret, &proof, now).await? {
            Proof::Accepted => Ok(None),
            Proof::Missing => Err(Error::TotpRequired),
            Proof::Refused => Err(Error::TotpInvalid),
        };
    }
    if account.role != Role::Responsable {
        return Ok(None);
    }
    let since = factor.responsable_since.unwrap_or(account.created_at);
    let deadline = since + state.config.staff_second_factor_grace;
    if now >= deadline {
        return Err(Error::SecondFactorOverdue);
    }
    let date = deadline.date();
    let date = format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    );
    Ok(Some(match request_lang() {
        Lang::Fr => format!(
            "Votre compte de responsable n'a pas encore de double authentification : activez-la avec `tempatro-admin 2fa enable`. Sans elle, la connexion sera refusée à partir du {date} (UTC)."
        ),
        Lang::En => format!(
            "Your responsable account has no two-factor authentication yet: turn it on with `tempatro-admin 2fa enable`. Without it, logins will be refused from {date} (UTC)."
        ),
    }))
}

/// "Se déconnecter": the token stops working at once.
#[utoipa::path(
    delete, path = "/api/v1/sessions/current", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError))
)]
pub async fn log_out(State(state): State<AppState>, current: CurrentAccount) -> Result<StatusCode> {
    state.store.delete_session(&current.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A login on the staff side, in the audit log with its source: the account that logged in, or
/// the address typed with a wrong password (known or not). The parents' side is not recorded.
async fn record_staff_login(
    state: &AppState,
    portal: Portal,
    ip: &ClientIp,
    outcome: std::result::Result<&StoredAccount, &Email>,
) -> Result<()> {
    if portal != Portal::Staff {
        return Ok(());
    }
    let (actor, action, account) = match outcome {
        Ok(account) => (
            Actor::of(account),
            AccountAction::StaffLogin,
            Some(account.id),
        ),
        Err(typed) => (
            Actor {
                id: None,
                label: typed.to_string(),
            },
            AccountAction::StaffLoginFailed,
            None,
        ),
    };
    Ok(state
        .store
        .record_act(&PrivilegedAct {
            actor,
            action,
            account,
            ip: Some(ip.0),
            changes: Vec::new(),
        })
        .await?)
}
