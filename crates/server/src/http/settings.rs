//! The Patro's configuration: sections, cycles with their fees, staff roles.

use axum::Json;
use axum::extract::State;

use tempatro_core::api::AuditChange;
use tempatro_core::api::{
    ApiError, CycleInput, CycleView, SectionInput, SectionView, StaffRoleInput, StaffView,
};
use tempatro_core::audit::AccountAction;
use tempatro_core::section::parse_section_name;
use tempatro_core::{AccountId, AgeRange, Amount, Cycle, FeeSchedule, Field, Gender, Role};

use super::AppState;
use super::accounts::view as account_view;
use super::children::resolve_section;
use super::extractor::{ApiJson, ApiPath, CurrentAccount, Responsable};
use super::views::{cycle_view, section_view};
use crate::error::{Error, Malformed, Result, request_lang};
use crate::store::{Actor, PrivilegedAct, StoreError};

/// Sections, youngest first: any staff member.
#[utoipa::path(
    get, path = "/api/v1/sections", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = [SectionView]), (status = 403, body = ApiError))
)]
pub async fn sections(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
) -> Result<Json<Vec<SectionView>>> {
    if !account.role.is_staff() {
        return Err(Error::Forbidden);
    }
    let lang = request_lang();
    let sections = state.store.sections().await?;
    Ok(Json(
        sections.iter().map(|s| section_view(s, lang)).collect(),
    ))
}

fn parse_section(input: &SectionInput) -> Result<(String, AgeRange, Option<Gender>)> {
    let name = parse_section_name(&input.name).map_err(|e| e.in_field(Field::Section))?;
    let ages = AgeRange::parse(&input.ages).map_err(|e| e.in_field(Field::Section))?;
    let gender = match input
        .gender
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        Some(raw) => Some(Gender::parse(raw).ok_or_else(|| {
            Error::Malformed(Malformed::UnknownValue {
                field: Some("gender".to_owned()),
                value: raw.to_owned(),
            })
        })?),
        None => None,
    };
    Ok((name, ages, gender))
}

fn section_error(error: StoreError) -> Error {
    match error {
        StoreError::Duplicate => Error::SectionNameTaken,
        StoreError::Missing(_) => Error::NotFound,
        other => other.into(),
    }
}

/// Responsable: a new section.
#[utoipa::path(
    post, path = "/api/v1/sections", tag = "settings", request_body = SectionInput,
    security(("bearer" = [])),
    responses((status = 200, body = SectionView), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn create_section(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiJson(body): ApiJson<SectionInput>,
) -> Result<Json<SectionView>> {
    let (name, ages, gender) = parse_section(&body)?;
    let section = state
        .store
        .save_section(None, &name, ages, gender, body.position)
        .await
        .map_err(section_error)?;
    Ok(Json(section_view(&section, request_lang())))
}

/// Responsable: changes a section's name, ages, gender or place.
#[utoipa::path(
    put, path = "/api/v1/sections/{id}", tag = "settings",
    params(("id" = i64, Path, description = "Section id")),
    request_body = SectionInput,
    security(("bearer" = [])),
    responses((status = 200, body = SectionView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn update_section(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<SectionInput>,
) -> Result<Json<SectionView>> {
    let (name, ages, gender) = parse_section(&body)?;
    let section = state
        .store
        .save_section(Some(id), &name, ages, gender, body.position)
        .await
        .map_err(section_error)?;
    Ok(Json(section_view(&section, request_lang())))
}

/// Opened cycles with their fees, oldest first: any staff member.
#[utoipa::path(
    get, path = "/api/v1/cycles", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = [CycleView]), (status = 403, body = ApiError))
)]
pub async fn cycles(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
) -> Result<Json<Vec<CycleView>>> {
    if !account.role.is_staff() {
        return Err(Error::Forbidden);
    }
    let cycles = state.store.cycles().await?;
    Ok(Json(
        cycles
            .iter()
            .map(|(cycle, fees, count)| cycle_view(&state, *cycle, fees, *count))
            .collect(),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/cycles/{cycle}", tag = "settings",
    params(("cycle" = String, Path, description = "2026-2027")),
    security(("bearer" = [])),
    responses((status = 200, body = CycleView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn cycle(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<CycleView>> {
    if !account.role.is_staff() {
        return Err(Error::Forbidden);
    }
    let wanted: Cycle = raw.parse().map_err(|_| Error::NotFound)?;
    let cycles = state.store.cycles().await?;
    let (cycle, fees, count) = cycles
        .iter()
        .find(|(cycle, _, _)| *cycle == wanted)
        .ok_or(Error::NotFound)?;
    Ok(Json(cycle_view(&state, *cycle, fees, *count)))
}

/// Responsable: opens a cycle or changes its fees; unpaid affiliations of the cycle follow.
#[utoipa::path(
    post, path = "/api/v1/cycles", tag = "settings", request_body = CycleInput,
    security(("bearer" = [])),
    responses((status = 200, body = CycleView), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn save_cycle(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiJson(body): ApiJson<CycleInput>,
) -> Result<Json<CycleView>> {
    let cycle: Cycle = body
        .cycle
        .parse()
        .map_err(|e: tempatro_core::Error| e.in_field(Field::Cycle))?;
    let amount = |raw: &str| Amount::parse(raw).map_err(|e| e.in_field(Field::Amount));
    let fees = FeeSchedule {
        normal: amount(&body.normal_fee)?,
        solidarity: amount(&body.solidarity_fee)?,
        sibling_discount: match body.sibling_discount.as_deref() {
            Some(raw) => amount(raw)?,
            None => Amount::from_cents(0),
        },
    };
    state.store.save_cycle(cycle, &fees).await?;
    tracing::info!(staff = %staff.id, %cycle, "cycle saved");
    let count = state
        .store
        .cycles()
        .await?
        .iter()
        .find(|(c, _, _)| *c == cycle)
        .map_or(0, |(_, _, count)| *count);
    Ok(Json(cycle_view(&state, cycle, &fees, count)))
}

/// Responsable: sets a staff member's role and the sections an animateur leads.
#[utoipa::path(
    put, path = "/api/v1/accounts/{id}/staff", tag = "settings",
    params(("id" = i64, Path, description = "Account id")),
    request_body = StaffRoleInput,
    security(("bearer" = [])),
    responses((status = 200, body = StaffView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn set_staff(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StaffRoleInput>,
) -> Result<Json<StaffView>> {
    let account = state
        .store
        .account(AccountId(id))
        .await?
        .ok_or(Error::NotFound)?;
    if account.id == staff.id {
        return Err(Error::OwnRole);
    }
    // Making a staff member a parent again is how they leave the team but keep their family's
    // account; the store ends their sessions and revokes their tokens.
    if body.role == Role::Parent && !body.sections.is_empty() {
        return Err(Error::SectionsForParent);
    }
    let sections = state.store.sections().await?;
    let led = body
        .sections
        .iter()
        .map(|wanted| resolve_section(&sections, wanted))
        .collect::<Result<Vec<_>>>()?;
    let mut ids: Vec<i64> = led.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let before = state.store.staff_sections(account.id).await?;
    let updated = state.store.set_staff(account.id, body.role, &ids).await?;
    let names = |ids: &[i64]| {
        let names: Vec<&str> = sections
            .iter()
            .filter(|s| ids.contains(&s.id))
            .map(|s| s.name.as_str())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    let mut changes = Vec::new();
    if account.role != body.role {
        changes.push(AuditChange {
            field: "role".to_owned(),
            old: Some(account.role.as_str().to_owned()),
            new: Some(body.role.as_str().to_owned()),
        });
    }
    if before != ids {
        changes.push(AuditChange {
            field: "sections".to_owned(),
            old: names(&before),
            new: names(&ids),
        });
    }
    if !changes.is_empty() {
        state
            .store
            .record_act(&PrivilegedAct {
                actor: Actor::of(&staff),
                action: AccountAction::StaffChanged,
                account: Some(account.id),
                ip: None,
                changes,
            })
            .await?;
    }
    tracing::info!(staff = %staff.id, account = %account.id, role = body.role.as_str(), "staff role set");
    let lang = request_lang();
    Ok(Json(StaffView {
        account: account_view(&updated),
        sections: led.iter().map(|s| section_view(s, lang)).collect(),
    }))
}
