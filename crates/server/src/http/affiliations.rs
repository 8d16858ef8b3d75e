//! Affiliations: renewal by parents; payments, solidarity and sections by the Patro.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use tempatro_core::api::{AffiliationView, ApiError, PaymentInput, SectionChoice, SolidarityInput};
use tempatro_core::{Cycle, Field};

use super::AppState;
use super::children::{parse_cycle, resolve_section};
use super::dues::payment_from;
use super::extractor::{
    ApiJson, ApiPath, ApiQuery, CurrentAccount, Responsable, child_for, require_manager,
};
use super::views::{affiliation_view, suggested_section};
use crate::error::{Error, Result, request_lang};
use crate::store::{Actor, NewAffiliation, StoreError, StoredAffiliation};

fn cycle_in_path(raw: &str) -> Result<Cycle> {
    raw.parse::<Cycle>().map_err(|_| Error::NotFound)
}

async fn view(state: &AppState, affiliation: &StoredAffiliation) -> Result<AffiliationView> {
    let sections = state.store.sections().await?;
    let name = state
        .store
        .child(affiliation.child_id)
        .await?
        .map(|child| child.record.full_name())
        .unwrap_or_default();
    Ok(affiliation_view(
        affiliation,
        name,
        &sections,
        request_lang(),
    ))
}

fn store_error(cycle: Cycle) -> impl Fn(StoreError) -> Error {
    move |error| match error {
        StoreError::Missing("cycle") => Error::CycleNotOpen(cycle),
        StoreError::Missing("affiliation") => Error::NoAffiliation(cycle),
        StoreError::Duplicate => Error::Conflict(tempatro_core::Error::AlreadyRenewed { cycle }),
        other => other.into(),
    }
}

/// "Renouveler une affiliation": the next cycle's affiliation, in the section the child's age
/// suggests, with last cycle's solidarity carried over.
#[utoipa::path(
    post, path = "/api/v1/children/{id}/renewal", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses(
        (status = 201, body = AffiliationView),
        (status = 404, body = ApiError),
        (status = 409, description = "Window closed, already renewed, nothing to renew, or cycle not open", body = ApiError),
    )
)]
pub async fn renew(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<AffiliationView>)> {
    let (child, access) = child_for(&state, &account, id).await?;
    if !access.may_edit() {
        return Err(Error::Forbidden);
    }
    let affiliations = state.store.affiliations_of(id).await?;
    let cycles: Vec<Cycle> = affiliations.iter().map(|a| a.cycle).collect();
    let target = state
        .config
        .renewal_window
        .renew(state.config.cycle_calendar, state.today(), &cycles)
        .map_err(Error::Conflict)?;
    let solidarity = affiliations
        .iter()
        .find(|a| a.cycle == target.previous())
        .is_some_and(|a| a.solidarity);
    let sections = state.store.sections().await?;
    let created = state
        .store
        .create_affiliation(
            id,
            &NewAffiliation {
                cycle: target,
                section_id: suggested_section(&state, &child, target, &sections).map(|s| s.id),
                solidarity,
            },
            "affiliation_renewed",
            &Actor::of(&account),
        )
        .await
        .map_err(store_error(target))?;
    tracing::info!(account = %account.id, child = id, cycle = %target, "affiliation renewed");
    Ok((StatusCode::CREATED, Json(view(&state, &created).await?)))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct AffiliateInput {
    /// `2026-2027`; the current cycle when absent.
    #[serde(default)]
    cycle: Option<String>,
    /// A section's name or id; the one the child's age suggests when absent.
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    solidarity: bool,
}

/// Staff: affiliates a child for a cycle, whatever the renewal window.
#[utoipa::path(
    post, path = "/api/v1/children/{id}/affiliations", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id")),
    request_body = AffiliateInput,
    security(("bearer" = [])),
    responses((status = 201, body = AffiliationView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn affiliate(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AffiliateInput>,
) -> Result<(StatusCode, Json<AffiliationView>)> {
    let (child, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let cycle = parse_cycle(body.cycle.as_deref(), state.current_cycle())?;
    let sections = state.store.sections().await?;
    let section = match body.section.as_deref() {
        Some(wanted) => Some(resolve_section(&sections, wanted)?.id),
        None => suggested_section(&state, &child, cycle, &sections).map(|s| s.id),
    };
    let created = state
        .store
        .create_affiliation(
            id,
            &NewAffiliation {
                cycle,
                section_id: section,
                solidarity: body.solidarity,
            },
            "affiliation_created",
            &Actor::of(&account),
        )
        .await
        .map_err(store_error(cycle))?;
    Ok((StatusCode::CREATED, Json(view(&state, &created).await?)))
}

/// Staff: records that an affiliation is paid (today, its fee and a bank transfer unless said).
#[utoipa::path(
    put, path = "/api/v1/children/{id}/affiliations/{cycle}/payment", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id"), ("cycle" = String, Path, description = "2026-2027")),
    request_body = PaymentInput,
    security(("bearer" = [])),
    responses((status = 200, body = AffiliationView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn pay(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, cycle)): ApiPath<(i64, String)>,
    ApiJson(body): ApiJson<PaymentInput>,
) -> Result<Json<AffiliationView>> {
    let cycle = cycle_in_path(&cycle)?;
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let current = state
        .store
        .affiliations_of(id)
        .await?
        .into_iter()
        .find(|a| a.cycle == cycle)
        .ok_or(Error::NoAffiliation(cycle))?;
    let payment = payment_from(&body, current.due.left(), state.today())?;
    let paid = state
        .store
        .set_payment(id, cycle, Some(&payment), &Actor::of(&account))
        .await
        .map_err(store_error(cycle))?;
    tracing::info!(staff = %account.id, child = id, %cycle, "affiliation paid");
    Ok(Json(view(&state, &paid).await?))
}

/// Staff: the affiliation is unpaid again (a payment recorded by mistake).
#[utoipa::path(
    delete, path = "/api/v1/children/{id}/affiliations/{cycle}/payment", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id"), ("cycle" = String, Path, description = "2026-2027")),
    security(("bearer" = [])),
    responses((status = 200, body = AffiliationView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn unpay(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, cycle)): ApiPath<(i64, String)>,
) -> Result<Json<AffiliationView>> {
    let cycle = cycle_in_path(&cycle)?;
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let unpaid = state
        .store
        .set_payment(id, cycle, None, &Actor::of(&account))
        .await
        .map_err(store_error(cycle))?;
    Ok(Json(view(&state, &unpaid).await?))
}

/// Staff: grants or revokes the reduced "affiliation solidaire"; the fee follows if unpaid.
#[utoipa::path(
    put, path = "/api/v1/children/{id}/affiliations/{cycle}/solidarity", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id"), ("cycle" = String, Path, description = "2026-2027")),
    request_body = SolidarityInput,
    security(("bearer" = [])),
    responses((status = 200, body = AffiliationView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn solidarity(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, cycle)): ApiPath<(i64, String)>,
    ApiJson(body): ApiJson<SolidarityInput>,
) -> Result<Json<AffiliationView>> {
    let cycle = cycle_in_path(&cycle)?;
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let changed = state
        .store
        .set_solidarity(id, cycle, body.granted, &Actor::of(&account))
        .await
        .map_err(store_error(cycle))?;
    Ok(Json(view(&state, &changed).await?))
}

/// Staff: puts the child in another section than its age suggests, for that cycle.
#[utoipa::path(
    put, path = "/api/v1/children/{id}/affiliations/{cycle}/section", tag = "affiliations",
    params(("id" = i64, Path, description = "Child id"), ("cycle" = String, Path, description = "2026-2027")),
    request_body = SectionChoice,
    security(("bearer" = [])),
    responses((status = 200, body = AffiliationView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn section(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, cycle)): ApiPath<(i64, String)>,
    ApiJson(body): ApiJson<SectionChoice>,
) -> Result<Json<AffiliationView>> {
    let cycle = cycle_in_path(&cycle)?;
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let sections = state.store.sections().await?;
    let section = resolve_section(&sections, &body.section)?;
    let changed = state
        .store
        .set_affiliation_section(id, cycle, section.id, &Actor::of(&account))
        .await
        .map_err(store_error(cycle))?;
    Ok(Json(view(&state, &changed).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct AffiliationsQuery {
    /// `2026-2027`; every cycle when absent.
    cycle: Option<String>,
    #[serde(default)]
    unpaid: bool,
}

/// Staff: affiliations, by cycle then name.
#[utoipa::path(
    get, path = "/api/v1/affiliations", tag = "affiliations", params(AffiliationsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = [AffiliationView]), (status = 403, body = ApiError))
)]
pub async fn list(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiQuery(query): ApiQuery<AffiliationsQuery>,
) -> Result<Json<Vec<AffiliationView>>> {
    let cycle = query
        .cycle
        .as_deref()
        .map(|raw| raw.parse::<Cycle>().map_err(|e| e.in_field(Field::Cycle)))
        .transpose()?;
    let sections = state.store.sections().await?;
    let lang = request_lang();
    let rows = state.store.affiliations(cycle, query.unpaid).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(affiliation, name)| affiliation_view(&affiliation, name, &sections, lang))
            .collect(),
    ))
}
