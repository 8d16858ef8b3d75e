//! API tokens: how a responsable lets a cron job in, with a name and a scope.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use time::OffsetDateTime;

use tempatro_core::Field;
use tempatro_core::api::{ApiError, AuditChange, TokenCreated, TokenInput, TokenView};
use tempatro_core::audit::AccountAction;
use tempatro_core::token::{TokenLifetime, parse_token_name};

use super::AppState;
use super::extractor::{API_TOKEN_PREFIX, ApiJson, ApiPath, ClientIp, ResponsableInPerson};
use crate::error::{Error, Result};
use crate::secrets::{digest, new_token};
use crate::store::{Actor, PrivilegedAct, StoreError, StoredAccount, StoredToken};

/// A token's creation or revocation, in the audit log: who, from where, which token.
async fn record(
    state: &AppState,
    staff: &StoredAccount,
    ip: ClientIp,
    action: AccountAction,
    changes: Vec<AuditChange>,
) -> Result<()> {
    Ok(state
        .store
        .record_act(&PrivilegedAct {
            actor: Actor::of(staff),
            action,
            account: None,
            ip: Some(ip.0),
            changes,
        })
        .await?)
}

fn change(field: &str, new: String) -> AuditChange {
    AuditChange {
        field: field.to_owned(),
        old: None,
        new: Some(new),
    }
}

async fn view(state: &AppState, token: &StoredToken) -> Result<TokenView> {
    let creator: Option<StoredAccount> = state.store.account(token.creator).await?;
    Ok(TokenView {
        name: token.name.clone(),
        scope: token.scope,
        created_by: creator
            .map(|a| format!("{} {}", a.first_name, a.last_name))
            .unwrap_or_default(),
        created_at: token.created_at,
        last_used_at: token.last_used_at,
        expires_at: token.expires_at,
    })
}

/// Creates a token, for `expires_in_days` days (a year when not said, two at most); its secret is
/// in this answer only.
#[utoipa::path(
    post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenInput,
    security(("bearer" = [])),
    responses(
        (status = 201, body = TokenCreated), (status = 403, body = ApiError),
        (status = 409, description = "Name taken", body = ApiError), (status = 422, body = ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ResponsableInPerson(current): ResponsableInPerson,
    ip: ClientIp,
    ApiJson(body): ApiJson<TokenInput>,
) -> Result<(StatusCode, Json<TokenCreated>)> {
    let name = parse_token_name(&body.name).map_err(|e| e.in_field(Field::Name))?;
    let lifetime = body
        .expires_in_days
        .map(TokenLifetime::days)
        .transpose()
        .map_err(|e| e.in_field(Field::Expires))?
        .unwrap_or_default();
    let secret = format!("{API_TOKEN_PREFIX}{}", new_token());
    let expires_at = OffsetDateTime::now_utc() + lifetime.duration();
    let token = state
        .store
        .create_token(
            &name,
            body.scope,
            &digest(&secret),
            current.account.id,
            expires_at,
        )
        .await
        .map_err(|error| match error {
            StoreError::Duplicate => Error::TokenNameTaken,
            other => other.into(),
        })?;
    let created = vec![
        change("name", name.clone()),
        change("scope", body.scope.as_str().to_owned()),
        change("expires_at", expires_at.date().to_string()),
    ];
    record(
        &state,
        &current.account,
        ip,
        AccountAction::TokenCreated,
        created,
    )
    .await?;
    tracing::info!(staff = %current.account.id, token = %name, scope = body.scope.as_str(), "API token created");
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            token: secret,
            view: view(&state, &token).await?,
        }),
    ))
}

/// The live tokens (expired ones included, until revoked): names, scopes, when last used and
/// when they expire; never their secrets.
#[utoipa::path(
    get, path = "/api/v1/tokens", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, body = [TokenView]), (status = 403, body = ApiError))
)]
pub async fn list(
    State(state): State<AppState>,
    ResponsableInPerson(_current): ResponsableInPerson,
) -> Result<Json<Vec<TokenView>>> {
    let mut views = Vec::new();
    for token in state.store.tokens().await? {
        views.push(view(&state, &token).await?);
    }
    Ok(Json(views))
}

/// Revokes a token: it stops working at once.
#[utoipa::path(
    delete, path = "/api/v1/tokens/{name}", tag = "tokens",
    params(("name" = String, Path, description = "Token name")),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn revoke(
    State(state): State<AppState>,
    ResponsableInPerson(current): ResponsableInPerson,
    ip: ClientIp,
    ApiPath(name): ApiPath<String>,
) -> Result<StatusCode> {
    if state.store.revoke_token(&name).await? {
        let revoked = vec![AuditChange {
            field: "name".to_owned(),
            old: Some(name.clone()),
            new: None,
        }];
        record(
            &state,
            &current.account,
            ip,
            AccountAction::TokenRevoked,
            revoked,
        )
        .await?;
        tracing::info!(staff = %current.account.id, token = %name, "API token revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}
