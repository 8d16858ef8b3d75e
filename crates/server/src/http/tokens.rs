//! API tokens: how a responsable lets a cron job in, with a name and a scope.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use tempatro_core::Field;
use tempatro_core::api::{ApiError, TokenCreated, TokenInput, TokenView};
use tempatro_core::token::parse_token_name;

use super::AppState;
use super::extractor::{API_TOKEN_PREFIX, ApiJson, ApiPath, ResponsableInPerson};
use crate::error::{Error, Result};
use crate::secrets::{digest, new_token};
use crate::store::{StoreError, StoredAccount, StoredToken};

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
    })
}

/// Creates a token; its secret is in this answer only.
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
    ApiJson(body): ApiJson<TokenInput>,
) -> Result<(StatusCode, Json<TokenCreated>)> {
    let name = parse_token_name(&body.name).map_err(|e| e.in_field(Field::Name))?;
    let secret = format!("{API_TOKEN_PREFIX}{}", new_token());
    let token = state
        .store
        .create_token(&name, body.scope, &digest(&secret), current.account.id)
        .await
        .map_err(|error| match error {
            StoreError::Duplicate => Error::TokenNameTaken,
            other => other.into(),
        })?;
    tracing::info!(staff = %current.account.id, token = %name, scope = body.scope.as_str(), "API token created");
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            token: secret,
            view: view(&state, &token).await?,
        }),
    ))
}

/// The live tokens: names, scopes, when last used; never their secrets.
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
    ApiPath(name): ApiPath<String>,
) -> Result<StatusCode> {
    if state.store.revoke_token(&name).await? {
        tracing::info!(staff = %current.account.id, token = %name, "API token revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}
