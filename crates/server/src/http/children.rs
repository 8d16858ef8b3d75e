//! Children: the lists, the sheet, its edits, parents' links and the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use tempatro_core::access::ChildAccess;
use tempatro_core::api::{
    ApiError, AuditEntry, ChildPatch, ChildSheet, ChildSummary, ContactInput, DoctorInput,
    LinkParent, NewChild, ParentLink,
};
use tempatro_core::{
    Address, BirthDate, ChildEdit, ChildRecord, Contact, ContactSlot, Cycle, Doctor, Email, Field,
    Gender, PersonName, Role, Section,
};

use super::AppState;
use super::extractor::{ApiJson, ApiPath, ApiQuery, CurrentAccount, child_for, require_manager};
use super::views::{child_sheet, child_summary, parent_link, suggested_section};
use crate::error::{Error, Result, request_lang};
use crate::store::{Actor, ChildQuery, NewAffiliation, StoreError};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ChildrenQuery {
    /// A section's name or id.
    section: Option<String>,
    /// The cycle whose section and affiliation are shown (`2026-2027`; the current one by default).
    cycle: Option<String>,
    /// Only unpaid affiliations (responsable).
    #[serde(default)]
    unpaid: bool,
    /// Only solidarity fees (responsable).
    #[serde(default)]
    solidarity: bool,
    /// Only children no parent account is linked to (responsable).
    #[serde(default)]
    unlinked: bool,
}

/// Finds a section by id or by name, ignoring case.
pub fn resolve_section<'a>(sections: &'a [Section], wanted: &str) -> Result<&'a Section> {
    let wanted = wanted.trim();
    sections
        .iter()
        .find(|s| s.id.to_string() == wanted || s.name.to_lowercase() == wanted.to_lowercase())
        .ok_or_else(|| Error::UnknownSection(wanted.to_owned()))
}

pub fn parse_cycle(raw: Option<&str>, default: Cycle) -> Result<Cycle> {
    match raw {
        Some(raw) => Ok(raw.parse::<Cycle>().map_err(|e| e.in_field(Field::Cycle))?),
        None => Ok(default),
    }
}

/// A parent's own children ("Gérer mes enfants"); an animateur's sections; everyone for a
/// responsable, with filters.
#[utoipa::path(
    get, path = "/api/v1/children", tag = "children", params(ChildrenQuery),
    security(("bearer" = [])),
    responses((status = 200, body = [ChildSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiQuery(query): ApiQuery<ChildrenQuery>,
) -> Result<Json<Vec<ChildSummary>>> {
    let lang = request_lang();
    let sections = state.store.sections().await?;
    let cycle = parse_cycle(query.cycle.as_deref(), state.current_cycle())?;
    let mut filter = ChildQuery::all(cycle);
    let access = match account.role {
        Role::Responsable => ChildAccess::Manage,
        Role::Animateur => {
            // Leading a section is for this cycle: earlier lists are the Patro's records.
            if cycle != state.current_cycle() {
                return Err(Error::Forbidden);
            }
            filter.sections_led = Some(state.store.staff_sections(account.id).await?);
            ChildAccess::Leader
        }
        Role::Parent => {
            filter.parent = Some(account.id);
            ChildAccess::Parent
        }
    };
    if (query.unpaid || query.solidarity || query.unlinked) && access != ChildAccess::Manage {
        return Err(Error::Forbidden);
    }
    filter.section = query
        .section
        .as_deref()
        .map(|wanted| resolve_section(&sections, wanted).map(|s| s.id))
        .transpose()?;
    filter.unpaid = query.unpaid;
    filter.solidarity = query.solidarity;
    filter.unlinked = query.unlinked;
    let rows = state.store.children(&filter).await?;
    Ok(Json(
        rows.iter()
            .map(|row| child_summary(&state, row, access, cycle, &sections, lang))
            .collect(),
    ))
}

/// Staff: a new child, affiliated for the current cycle (unpaid, in the suggested section) unless
/// told otherwise.
#[utoipa::path(
    post, path = "/api/v1/children", tag = "children", request_body = NewChild,
    security(("bearer" = [])),
    responses(
        (status = 201, body = ChildSheet), (status = 403, body = ApiError),
        (status = 409, description = "Current cycle not open", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiJson(body): ApiJson<NewChild>,
) -> Result<(StatusCode, Json<ChildSheet>)> {
    if account.role != Role::Responsable {
        return Err(Error::Forbidden);
    }
    let today = state.today();
    let record = ChildRecord {
        first_name: PersonName::parse(&body.first_name)
            .map_err(|e| e.in_field(Field::FirstName))?,
        last_name: PersonName::parse(&body.last_name).map_err(|e| e.in_field(Field::LastName))?,
        birth_date: BirthDate::parse(&body.birth_date, today)
            .map_err(|e| e.in_field(Field::BirthDate))?,
        gender: parse_gender(body.gender.as_deref())?,
        address: parse_address(body.address.as_deref())?,
        image_rights: false,
        primary_contact: None,
        secondary_contact: None,
        doctor: None,
    };
    let sections = state.store.sections().await?;
    let cycle = state.current_cycle();
    let affiliation = if body.affiliate.unwrap_or(true) {
        let section = match body.section.as_deref() {
            Some(wanted) => Some(resolve_section(&sections, wanted)?.id),
            None => {
                let probe = crate::store::StoredChild {
                    id: 0,
                    record: record.clone(),
                    image_rights_set_at: None,
                    image_rights_set_by: None,
                    created_at: time::OffsetDateTime::now_utc(),
                    version: 0,
                    external_id: None,
                };
                suggested_section(&state, &probe, cycle, &sections).map(|s| s.id)
            }
        };
        Some(NewAffiliation {
            cycle,
            section_id: section,
            solidarity: body.solidarity,
        })
    } else {
        None
    };
    let id = state
        .store
        .create_child(&record, affiliation.as_ref(), &Actor::of(&account))
        .await
        .map_err(|error| match error {
            StoreError::Missing("cycle") => Error::CycleNotOpen(cycle),
            other => other.into(),
        })?;
    let child = state.store.child(id).await?.ok_or(Error::NotFound)?;
    tracing::info!(staff = %account.id, child = id, "child created");
    Ok((
        StatusCode::CREATED,
        Json(child_sheet(&state, &child, ChildAccess::Manage, request_lang()).await?),
    ))
}

fn parse_gender(raw: Option<&str>) -> Result<Option<Gender>> {
    match raw.map(str::trim).filter(|g| !g.is_empty()) {
        Some(raw) => Gender::parse(raw).map(Some).ok_or_else(|| {
            Error::Malformed(crate::error::Malformed::UnknownValue {
                field: Some("gender".to_owned()),
                value: raw.to_owned(),
            })
        }),
        None => Ok(None),
    }
}

fn parse_address(raw: Option<&str>) -> Result<Option<Address>> {
    match raw.map(str::trim).filter(|a| !a.is_empty()) {
        Some(raw) => Ok(Some(
            Address::parse(raw).map_err(|e| e.in_field(Field::Address))?,
        )),
        None => Ok(None),
    }
}

/// "Vous visualisez la fiche de …": what the caller may see of it.
#[utoipa::path(
    get, path = "/api/v1/children/{id}", tag = "children",
    params(("id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses((status = 200, body = ChildSheet), (status = 404, description = "No such child, or not the caller's to see", body = ApiError))
)]
pub async fn show(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ChildSheet>> {
    let (child, access) = child_for(&state, &account, id).await?;
    Ok(Json(
        child_sheet(&state, &child, access, request_lang()).await?,
    ))
}

fn contact(slot: ContactSlot, input: &Option<ContactInput>) -> Result<Option<Contact>> {
    Ok(match input {
        Some(input) => Some(Contact::parse(
            slot,
            &input.name,
            input.phone.as_deref(),
            input.email.as_deref(),
        )?),
        None => None,
    })
}

fn doctor(input: &Option<DoctorInput>) -> Result<Option<Doctor>> {
    Ok(match input {
        Some(input) => Some(Doctor::parse(&input.name, &input.phone)?),
        None => None,
    })
}

/// Parses a patch into domain values, naming the first bad field.
fn parse_patch(patch: &ChildPatch, today: time::Date) -> Result<ChildEdit> {
    Ok(ChildEdit {
        first_name: patch
            .first_name
            .as_deref()
            .map(|v| PersonName::parse(v).map_err(|e| e.in_field(Field::FirstName)))
            .transpose()?,
        last_name: patch
            .last_name
            .as_deref()
            .map(|v| PersonName::parse(v).map_err(|e| e.in_field(Field::LastName)))
            .transpose()?,
        birth_date: patch
            .birth_date
            .as_deref()
            .map(|v| BirthDate::parse(v, today).map_err(|e| e.in_field(Field::BirthDate)))
            .transpose()?,
        gender: patch
            .gender
            .as_ref()
            .map(|g| parse_gender(g.as_deref()))
            .transpose()?,
        address: patch
            .address
            .as_ref()
            .map(|a| parse_address(a.as_deref()))
            .transpose()?,
        image_rights: patch.image_rights,
        primary_contact: patch
            .primary_contact
            .as_ref()
            .map(|c| contact(ContactSlot::Primary, c))
            .transpose()?,
        secondary_contact: patch
            .secondary_contact
            .as_ref()
            .map(|c| contact(ContactSlot::Secondary, c))
            .transpose()?,
        doctor: patch.doctor.as_ref().map(doctor).transpose()?,
    })
}

/// "Sauver les modifications". Only what really changes is saved and audited; a save that
/// changes nothing (the same save sent twice) answers the sheet as it is.
#[utoipa::path(
    patch, path = "/api/v1/children/{id}", tag = "children",
    params(("id" = i64, Path, description = "Child id")),
    request_body = ChildPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, body = ChildSheet),
        (status = 403, description = "A field only the Patro may change, or a leader", body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "The sheet changed since `version`", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<ChildPatch>,
) -> Result<Json<ChildSheet>> {
    let (child, access) = child_for(&state, &account, id).await?;
    if !access.may_edit() {
        return Err(Error::Forbidden);
    }
    let edit = parse_patch(&patch, state.today())?;
    if access == ChildAccess::Parent {
        edit.check_parent_may_apply(&child.record)
            .map_err(Error::Reserved)?;
    }
    let changes = edit.changes(&child.record);
    if changes.is_empty() {
        return Ok(Json(
            child_sheet(&state, &child, access, request_lang()).await?,
        ));
    }
    if patch.version != child.version {
        return Err(Error::StaleVersion);
    }
    let saved = state
        .store
        .update_child(
            id,
            patch.version,
            &edit.apply(&child.record),
            &changes,
            &Actor::of(&account),
        )
        .await
        .map_err(|error| match error {
            StoreError::Conflict => Error::StaleVersion,
            other => other.into(),
        })?;
    tracing::info!(account = %account.id, child = id, fields = changes.len(), "child sheet saved");
    Ok(Json(
        child_sheet(&state, &saved, access, request_lang()).await?,
    ))
}

/// Staff: every change of the child, its links and affiliations, oldest first.
#[utoipa::path(
    get, path = "/api/v1/children/{id}/history", tag = "children",
    params(("id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses((status = 200, body = [AuditEntry]), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn history(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AuditEntry>>> {
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    Ok(Json(state.store.audit_of(id).await?))
}

/// Staff: links a parent account to the child; the family's fees follow.
#[utoipa::path(
    post, path = "/api/v1/children/{id}/parents", tag = "children",
    params(("id" = i64, Path, description = "Child id")),
    request_body = LinkParent,
    security(("bearer" = [])),
    responses((status = 200, body = [ParentLink]), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn link(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<LinkParent>,
) -> Result<Json<Vec<ParentLink>>> {
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let email = Email::parse(&body.email).map_err(|e| e.in_field(Field::Email))?;
    let parent = state
        .store
        .account_by_email(&email)
        .await?
        .ok_or_else(|| Error::UnknownAccount(email.to_string()))?;
    state
        .store
        .link_parent(id, &parent, &Actor::of(&account))
        .await?;
    let parents = state.store.parents_of(id).await?;
    Ok(Json(parents.iter().map(parent_link).collect()))
}

/// Staff: unlinks a parent account from the child.
#[utoipa::path(
    delete, path = "/api/v1/children/{id}/parents/{account_id}", tag = "children",
    params(("id" = i64, Path, description = "Child id"), ("account_id" = i64, Path, description = "Parent account id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, description = "No such child, or that parent is not linked", body = ApiError))
)]
pub async fn unlink(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, parent_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode> {
    let (_, access) = child_for(&state, &account, id).await?;
    require_manager(access)?;
    let parent = state
        .store
        .account(tempatro_core::AccountId(parent_id))
        .await?
        .ok_or(Error::NotFound)?;
    if state
        .store
        .unlink_parent(id, &parent, &Actor::of(&account))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}
