//! The audit of privileged acts: who approved whom, who gave which rights, who signed in on the
//! staff side. A responsable reads it in person; no API token does.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use time::Time;

use tempatro_core::api::{AccountActView, ApiError};
use tempatro_core::date::parse_date;
use tempatro_core::{Email, Field};

use super::AppState;
use super::extractor::{ApiQuery, ResponsableInPerson};
use crate::error::Result;
use crate::store::{ActFilter, StoredAct};

/// Enough for any screen; a longer history is read with `since`.
const DEFAULT_LIMIT: u32 = 200;
const MAX_LIMIT: u32 = 10_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// From this day on (`01/05/2026` or `2026-05-01`), UTC.
    since: Option<String>,
    /// The acts of this staff member (their e-mail address).
    actor: Option<String>,
    /// At most this many, the newest (200 unless said, at most 10,000).
    limit: Option<u32>,
}

fn view(act: StoredAct) -> AccountActView {
    AccountActView {
        at: act.at,
        actor: act.actor,
        action: act.action,
        account: act.account,
        ip: act.ip,
        changes: act.changes,
    }
}

/// Staff: the privileged acts, newest first.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "accounts", params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = [AccountActView]),
        (status = 401, body = ApiError),
        (status = 403, description = "Not a responsable, or an API token", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ResponsableInPerson(_staff): ResponsableInPerson,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AccountActView>>> {
    let since = query
        .since
        .as_deref()
        .map(|raw| parse_date(raw).map_err(|e| e.in_field(Field::Since)))
        .transpose()?
        .map(|day| day.with_time(Time::MIDNIGHT).assume_utc());
    let actor = match query.actor.as_deref() {
        None => None,
        Some(raw) => {
            let email = Email::parse(raw).map_err(|e| e.in_field(Field::Actor))?;
            match state.store.account_by_email(&email).await? {
                Some(account) => Some(account.id),
                // Nobody by that address did anything.
                None => return Ok(Json(Vec::new())),
            }
        }
    };
    let acts = state
        .store
        .acts(&ActFilter {
            since,
            actor,
            limit: query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
        })
        .await?;
    Ok(Json(acts.into_iter().map(view).collect()))
}
