//! The caller's own account and dashboard.

use axum::Json;
use axum::extract::State;
use time::OffsetDateTime;

use tempatro_core::api::{AccountView, ApiError, Dashboard};

use super::AppState;
use super::accounts::view;
use super::extractor::CurrentAccount;
use crate::error::Result;

#[utoipa::path(
    get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ApiError))
)]
pub async fn me(current: CurrentAccount) -> Json<AccountView> {
    Json(view(&current.account))
}

/// The parents' "Tableau de bord": how many children are linked, the current cycle, and what the
/// family has to do ("Actions spéciales": unpaid affiliations and camps, once those exist).
#[utoipa::path(
    get, path = "/api/v1/me/dashboard", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 401, body = ApiError))
)]
pub async fn dashboard(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<Json<Dashboard>> {
    let account = &current.account;
    let today = OffsetDateTime::now_utc().date();
    Ok(Json(Dashboard {
        first_name: account.first_name.to_string(),
        last_name: account.last_name.to_string(),
        patro_name: state.config.patro_name.clone(),
        children_count: state.store.children_count(account.id).await?,
        current_cycle: state.config.cycle_calendar.cycle_of(today),
        alerts: Vec::new(),
    }))
}
