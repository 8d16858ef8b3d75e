//! The caller's own account, dashboard and profile ("Gérer mes infos").

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use tempatro_core::RegistrationStatus;
use tempatro_core::alerts::{
    DueStanding, Standing, StayStanding, affiliation_alerts, due_alerts, stay_alerts,
};
use tempatro_core::api::{AccountView, Alert, ApiError, Dashboard, PasswordChange, ProfilePatch};
use tempatro_core::{Email, Field, Password, PersonName, PhoneNumber};

use super::AppState;
use super::extractor::{ApiJson, ClientIp, CurrentAccount};
use super::limits::Limit;
use super::news::visible_news;
use super::verification::{CodeFor, own_view, send_code};
use crate::error::{Error, Result, request_lang};
use crate::secrets::{hash_password, verify_password};
use crate::store::{ChildQuery, ChildRow, DueFilter, DueKind, ProfileUpdate};

#[utoipa::path(
    get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ApiError))
)]
pub async fn me(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<Json<AccountView>> {
    Ok(Json(own_view(&state, &current.account).await?))
}

/// The parents' "Tableau de bord": how many children are linked, the current cycle, and
/// "Actions spéciales": an alert per unpaid or missing affiliation of the current cycle.
#[utoipa::path(
    get, path = "/api/v1/me/dashboard", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 401, body = ApiError))
)]
pub async fn dashboard(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<Json<Dashboard>> {
    let account = &current.account;
    let cycle = state.current_cycle();
    let children = state
        .store
        .children(&ChildQuery {
            parent: Some(account.id),
            ..ChildQuery::all(cycle)
        })
        .await?;
    let names: Vec<String> = children
        .iter()
        .map(|row| row.child.record.full_name())
        .collect();
    let standings: Vec<Standing<'_>> = children
        .iter()
        .zip(&names)
        .map(|(row, name)| Standing {
            child_id: row.child.id,
            child_name: name,
            affiliation_paid: row.affiliation.as_ref().map(|a| a.due.settled()),
        })
        .collect();
    let lang = request_lang();
    let mut alerts = affiliation_alerts(&standings, cycle, lang);
    alerts.extend(stay_alerts_of(&state, &children, &names).await?);
    alerts.extend(other_due_alerts(&state, &children).await?);
    Ok(Json(Dashboard {
        first_name: account.first_name.to_string(),
        last_name: account.last_name.to_string(),
        patro_name: state.config.patro_name.clone(),
        children_count: u32::try_from(children.len()).unwrap_or(u32::MAX),
        current_cycle: cycle,
        alerts,
        news: visible_news(
            &state,
            account,
            &family_sections(&children),
            Some(DASHBOARD_NEWS),
        )
        .await?,
    }))
}

/// The sections the children are in this cycle.
fn family_sections(children: &[ChildRow]) -> Vec<i64> {
    children
        .iter()
        .filter_map(|row| row.affiliation.as_ref().and_then(|a| a.section_id))
        .collect()
}

/// Unpaid dues that are neither affiliations nor camps (those have their own alerts).
async fn other_due_alerts(state: &AppState, children: &[ChildRow]) -> Result<Vec<Alert>> {
    if children.is_empty() {
        return Ok(Vec::new());
    }
    let dues = state
        .store
        .dues(&DueFilter {
            children: Some(children.iter().map(|row| row.child.id).collect()),
            unpaid: true,
            ..DueFilter::default()
        })
        .await?;
    let standings: Vec<DueStanding<'_>> = dues
        .iter()
        .filter(|due| due.kind == DueKind::Other)
        .map(|due| DueStanding {
            child_id: due.child_id,
            child_name: &due.child_name,
            label: &due.label,
            left: due.summary.left(),
        })
        .collect();
    Ok(due_alerts(&standings, request_lang()))
}

/// How many news items the dashboard shows; the rest are in the news list.
const DASHBOARD_NEWS: usize = 5;

/// Unpaid fees and medical sheets to confirm, for the coming camps and hikes of the children.
async fn stay_alerts_of(
    state: &AppState,
    children: &[ChildRow],
    names: &[String],
) -> Result<Vec<Alert>> {
    let ids: Vec<i64> = children.iter().map(|row| row.child.id).collect();
    let mut coming = state.store.coming_stays(&ids, state.today()).await?;
    // Alerts follow the children's order, each child's stays in the order registered.
    coming.sort_by_key(|stay| ids.iter().position(|id| *id == stay.registration.child_id));
    let stays: Vec<StayStanding<'_>> = coming
        .iter()
        .filter(|stay| stay.registration.status == RegistrationStatus::Registered)
        .filter_map(|stay| {
            let due = stay.registration.due.as_ref()?;
            let name = children
                .iter()
                .zip(names)
                .find(|(row, _)| row.child.id == stay.registration.child_id)
                .map(|(_, name)| name.as_str())?;
            Some(StayStanding {
                child_id: stay.registration.child_id,
                child_name: name,
                activity_name: &stay.activity_name,
                starts_on: stay.starts_on,
                fee: due.amount,
                paid: due.settled(),
                medical_to_confirm: stay.needs_medical
                    && stay.registration.medical_confirmed_on.is_none(),
            })
        })
        .collect();
    Ok(stay_alerts(&stays, request_lang()))
}

/// "Gérer mes infos": name and phone at once. A new e-mail needs the current password, since it
/// becomes the login, and counts only once the code sent to it is entered
/// (`POST /api/v1/me/email/confirm`): until then the answer names it `pending_email`.
#[utoipa::path(
    patch, path = "/api/v1/me", tag = "me", request_body = ProfilePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, body = AccountView),
        (status = 422, description = "Invalid field or wrong current password", body = ApiError),
        (status = 429, description = "Too many codes asked for from this source or for this address", body = ApiError),
    )
)]
pub async fn update_profile(
    State(state): State<AppState>,
    current: CurrentAccount,
    ip: ClientIp,
    ApiJson(body): ApiJson<ProfilePatch>,
) -> Result<Json<AccountView>> {
    current.require_session()?;
    let account = current.account;
    let email = body
        .email
        .as_deref()
        .map(|raw| Email::parse(raw).map_err(|e| e.in_field(Field::Email)))
        .transpose()?
        .filter(|email| email.normalized() != account.email.normalized());
    if let Some(email) = &email {
        let current = body.current_password.as_deref().unwrap_or_default();
        if !verify_password(current, Some(&account.password_hash)).await? {
            return Err(Error::WrongCurrentPassword);
        }
        // Codes sent to any address the caller names are limited as a resend's are; checked
        // before anything is saved, so that a refusal loses no edit.
        state
            .limits
            .check(Limit::EmailVerification, &ip, Some(email))
            .await?;
    }
    let update = ProfileUpdate {
        first_name: body
            .first_name
            .as_deref()
            .map(|raw| PersonName::parse(raw).map_err(|e| e.in_field(Field::FirstName)))
            .transpose()?,
        last_name: body
            .last_name
            .as_deref()
            .map(|raw| PersonName::parse(raw).map_err(|e| e.in_field(Field::LastName)))
            .transpose()?,
        phone: body
            .phone
            .as_ref()
            .map(
                |phone| match phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                    Some(raw) => PhoneNumber::parse(raw)
                        .map(Some)
                        .map_err(|e| e.in_field(Field::Phone)),
                    None => Ok(None),
                },
            )
            .transpose()?,
    };
    let updated = state.store.update_profile(account.id, &update).await?;
    // Whether the new address is free is learnt only once it is proven, so that the profile
    // cannot be used to find out who has an account.
    if let Some(email) = &email {
        send_code(&state, &updated, CodeFor::NewAddress(email)).await?;
        tracing::info!(account = %account.id, "code sent to a new e-mail address");
    }
    Ok(Json(own_view(&state, &updated).await?))
}

/// Changes the caller's password; their other sessions are closed, this one stays open.
#[utoipa::path(
    put, path = "/api/v1/me/password", tag = "me", request_body = PasswordChange,
    security(("bearer" = [])),
    responses((status = 204), (status = 422, description = "Wrong current password or weak new one", body = ApiError))
)]
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode> {
    current.require_session()?;
    let CurrentAccount {
        account,
        token_hash,
        ..
    } = current;
    if !verify_password(&body.current_password, Some(&account.password_hash)).await? {
        return Err(Error::WrongCurrentPassword);
    }
    let password = Password::parse(&body.new_password, &account.email)
        .map_err(|e| e.in_field(Field::Password))?;
    state
        .store
        .set_password(
            account.id,
            &hash_password(&password).await?,
            Some(&token_hash),
        )
        .await?;
    tracing::info!(account = %account.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
