//! Logging in and out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::OffsetDateTime;

use tempatro_core::api::{ApiError, LogIn, SessionCreated};
use tempatro_core::audit::AccountAction;
use tempatro_core::{Email, Field, Portal};

use super::AppState;
use super::accounts::view;
use super::extractor::{ApiJson, ClientIp, CurrentAccount};
use crate::error::{Error, Result};
use crate::secrets::{digest, new_token, verify_password};
use crate::store::{Actor, PrivilegedAct, StoredAccount};

/// "Se connecter" on the parents' space or the leaders' intranet. Only a right password learns
/// why an account may not log in (pending, rejected, disabled, wrong side): a wrong one gets the
/// same answer whether the e-mail exists or not.
#[utoipa::path(
    post, path = "/api/v1/sessions", tag = "sessions", request_body = LogIn,
    responses(
        (status = 201, body = SessionCreated),
        (status = 401, description = "Wrong e-mail or password", body = ApiError),
        (status = 403, description = "Pending, rejected or disabled account; parent on the staff side", body = ApiError),
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
    state.limits.login_succeeded(&ip, &email).await?;
    account
        .to_domain()
        .may_log_in(body.portal)
        .map_err(Error::LoginRefused)?;
    let token = new_token();
    let expires_at = now + state.config.session_ttl;
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
        }),
    ))
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
