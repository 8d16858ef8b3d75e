//! The medical sheet: always open to the child's parents; to staff only inside an activity's
//! window, each reading logged with the activity that justified it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use tempatro_core::access::ChildAccess;
use tempatro_core::api::{
    ApiError, ContactView, DoctorView, MedicalConfirmation, MedicalConfirmationInput, MedicalInput,
    MedicalReading, MedicalSheetView,
};
use tempatro_core::date::parse_date;
use tempatro_core::medical::{
    BloodGroup, EmergencyContact, MedicalSheet, Stay, parent_may_edit, parse_text,
    staff_reading_reason,
};
use tempatro_core::{Field, PersonName, PhoneNumber};

use super::AppState;
use super::extractor::{ApiJson, ApiPath, ApiQuery, CurrentAccount, Responsable, child_for};
use crate::error::{Error, Result, request_lang};
use crate::store::{Actor, StoreError, StoredChild, StoredMedical};

/// A child's registrations with their activities' dates, as the medical rules need them.
pub struct OwnedStay {
    pub activity_id: i64,
    pub activity_name: String,
    pub status: tempatro_core::RegistrationStatus,
    pub starts_on: time::Date,
    pub ends_on: time::Date,
    pub needs_medical: bool,
    pub confirmed_on: Option<time::Date>,
}

impl OwnedStay {
    fn as_stay(&self) -> Stay<'_> {
        Stay {
            activity_id: self.activity_id,
            activity_name: &self.activity_name,
            status: self.status,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }
}

pub async fn stays_of(state: &AppState, child: i64) -> Result<Vec<OwnedStay>> {
    let mut stays = Vec::new();
    for registration in state.store.registrations_of_children(&[child]).await? {
        if let Some(activity) = state.store.activity(registration.activity_id).await? {
            stays.push(OwnedStay {
                activity_id: activity.id,
                activity_name: activity.details.name,
                status: registration.status,
                starts_on: activity.details.starts_on,
                ends_on: activity.details.ends_on,
                needs_medical: activity.details.needs_medical,
                confirmed_on: registration.medical_confirmed_on,
            });
        }
    }
    Ok(stays)
}

/// The sheet as shown; `editable` is for the parents' form (None: a staff reading).
pub async fn medical_view(
    state: &AppState,
    child: &StoredChild,
    stored: Option<&StoredMedical>,
    stays: &[OwnedStay],
    parent: Option<()>,
) -> Result<MedicalSheetView> {
    let lang = request_lang();
    let today = state.today();
    let borrowed: Vec<Stay<'_>> = stays.iter().map(OwnedStay::as_stay).collect();
    let lock = parent.map(|()| parent_may_edit(&borrowed, today));
    let sheet = stored.map(|s| &s.sheet);
    Ok(MedicalSheetView {
        child_id: child.id,
        child_name: child.record.full_name(),
        version: stored.map_or(0, |s| s.version),
        doctor: child.record.doctor.as_ref().map(|d| DoctorView {
            name: d.name.to_string(),
            phone: d.phone.to_string(),
        }),
        insurer: sheet.and_then(|s| s.insurer.clone()),
        blood_group: sheet.and_then(|s| s.blood_group).map(|g| g.to_string()),
        allergies: sheet.and_then(|s| s.allergies.clone()),
        allergy_actions: sheet.and_then(|s| s.allergy_actions.clone()),
        diet: sheet.and_then(|s| s.diet.clone()),
        conditions: sheet.and_then(|s| s.conditions.clone()),
        medication: sheet.map(|s| s.medication.clone()).unwrap_or_default(),
        tetanus_vaccination: sheet.and_then(|s| s.tetanus_vaccination),
        can_swim: sheet.and_then(|s| s.can_swim),
        may_do_sports: sheet.and_then(|s| s.may_do_sports),
        paracetamol_allowed: sheet.and_then(|s| s.paracetamol_allowed),
        emergency_contact: sheet
            .and_then(|s| s.emergency_contact.as_ref())
            .map(|c| ContactView {
                name: c.name.to_string(),
                phone: Some(c.phone.to_string()),
                email: None,
            }),
        remarks: sheet.and_then(|s| s.remarks.clone()),
        consent_given_at: stored.map(|s| s.consent_at),
        updated_at: stored.map(|s| s.updated_at),
        editable: matches!(lock, Some(Ok(()))),
        locked_reason: match lock {
            Some(Err(error)) => Some(capitalize(&error.message(lang))),
            _ => None,
        },
        confirmations: stays
            .iter()
            .filter(|s| s.needs_medical && s.status.is_active() && s.ends_on >= today)
            .map(|s| MedicalConfirmation {
                activity_id: s.activity_id,
                activity_name: s.activity_name.clone(),
                starts_on: s.starts_on,
                confirmed_on: s.confirmed_on,
            })
            .collect(),
    })
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Parents always; staff inside an activity's window only (403 with the reason otherwise), and
/// every staff reading goes to the log.
#[utoipa::path(
    get, path = "/api/v1/children/{id}/medical", tag = "medical",
    params(("id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = MedicalSheetView),
        (status = 403, description = "Staff outside the medical window: the message says when it opens", body = ApiError),
        (status = 404, body = ApiError),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MedicalSheetView>> {
    // A medical reading is a person's act, logged under their name: never a script's.
    current.require_session()?;
    let account = current.account;
    let (child, access) = child_for(&state, &account, id).await?;
    let stays = stays_of(&state, id).await?;
    let stored = state.store.medical(id).await?;
    if access == ChildAccess::Parent {
        return Ok(Json(
            medical_view(&state, &child, stored.as_ref(), &stays, Some(())).await?,
        ));
    }
    let borrowed: Vec<Stay<'_>> = stays.iter().map(OwnedStay::as_stay).collect();
    let activity = staff_reading_reason(&borrowed, state.config.medical_window, state.today())
        .map_err(|error| Error::Refused {
            code: "medical_closed",
            error,
        })?;
    state
        .store
        .log_medical_readings(&Actor::of(&account), &[id], activity)
        .await?;
    tracing::info!(staff = %account.id, child = id, activity, "medical sheet read");
    Ok(Json(
        medical_view(&state, &child, stored.as_ref(), &stays, None).await?,
    ))
}

fn parse_sheet(input: &MedicalInput, today: time::Date) -> Result<MedicalSheet> {
    if !input.consent {
        return Err(tempatro_core::Error::ConsentRequired
            .in_field(Field::Consent)
            .into());
    }
    let text = |value: &Option<String>, field| parse_text(value.as_deref(), field);
    let tetanus = match input
        .tetanus_vaccination
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(raw) => Some(parse_date(raw).map_err(|e| e.in_field(Field::Tetanus))?),
        None => None,
    };
    if tetanus.is_some_and(|date| date > today) {
        return Err(tempatro_core::Error::DateInFuture
            .in_field(Field::Tetanus)
            .into());
    }
    let emergency_contact = match &input.emergency_contact {
        Some(contact) if !contact.name.trim().is_empty() => Some(EmergencyContact {
            name: PersonName::parse(&contact.name).map_err(|e| e.in_field(Field::EmergencyName))?,
            phone: PhoneNumber::parse(contact.phone.as_deref().unwrap_or_default())
                .map_err(|e| e.in_field(Field::EmergencyPhone))?,
        }),
        _ => None,
    };
    Ok(MedicalSheet {
        insurer: text(&input.insurer, Field::Insurer)?,
        blood_group: input
            .blood_group
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(|g| BloodGroup::parse(g).map_err(|e| e.in_field(Field::BloodGroup)))
            .transpose()?,
        allergies: text(&input.allergies, Field::Allergies)?,
        allergy_actions: text(&input.allergy_actions, Field::AllergyActions)?,
        diet: text(&input.diet, Field::Diet)?,
        conditions: text(&input.conditions, Field::Conditions)?,
        medication: MedicalSheet::parse_medication(&input.medication)?,
        tetanus_vaccination: tetanus,
        can_swim: input.can_swim,
        may_do_sports: input.may_do_sports,
        paracetamol_allowed: input.paracetamol_allowed,
        emergency_contact,
        remarks: text(&input.remarks, Field::Remarks)?,
    })
}

/// The names of the fields that differ, for the audit log (which never keeps their values).
fn changed_fields(old: Option<&MedicalSheet>, new: &MedicalSheet) -> Vec<&'static str> {
    let empty = MedicalSheet::default();
    let old = old.unwrap_or(&empty);
    let mut fields = Vec::new();
    let mut note = |differs: bool, name| {
        if differs {
            fields.push(name);
        }
    };
    note(old.insurer != new.insurer, "insurer");
    note(old.blood_group != new.blood_group, "blood_group");
    note(old.allergies != new.allergies, "allergies");
    note(
        old.allergy_actions != new.allergy_actions,
        "allergy_actions",
    );
    note(old.diet != new.diet, "diet");
    note(old.conditions != new.conditions, "conditions");
    note(old.medication != new.medication, "medication");
    note(
        old.tetanus_vaccination != new.tetanus_vaccination,
        "tetanus_vaccination",
    );
    note(old.can_swim != new.can_swim, "can_swim");
    note(old.may_do_sports != new.may_do_sports, "may_do_sports");
    note(
        old.paracetamol_allowed != new.paracetamol_allowed,
        "paracetamol_allowed",
    );
    note(
        old.emergency_contact != new.emergency_contact,
        "emergency_contact",
    );
    note(old.remarks != new.remarks, "remarks");
    fields
}

/// Parents fill in or update the sheet, while the child is registered to a camp or hike that is
/// not over; the whole sheet is sent, with the consent and the `version` it was read at.
#[utoipa::path(
    put, path = "/api/v1/children/{id}/medical", tag = "medical",
    params(("id" = i64, Path, description = "Child id")),
    request_body = MedicalInput,
    security(("bearer" = [])),
    responses(
        (status = 200, body = MedicalSheetView),
        (status = 403, description = "Not a parent of the child, or no coming stay", body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Changed meanwhile", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn save(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MedicalInput>,
) -> Result<Json<MedicalSheetView>> {
    let (child, access) = child_for(&state, &account, id).await?;
    if access != ChildAccess::Parent {
        return Err(Error::Forbidden);
    }
    let stays = stays_of(&state, id).await?;
    let borrowed: Vec<Stay<'_>> = stays.iter().map(OwnedStay::as_stay).collect();
    parent_may_edit(&borrowed, state.today()).map_err(|error| Error::Refused {
        code: "medical_locked",
        error,
    })?;
    let sheet = parse_sheet(&body, state.today())?;
    let current = state.store.medical(id).await?;
    if current.as_ref().map_or(0, |c| c.version) != body.version {
        return Err(Error::StaleVersion);
    }
    let fields = changed_fields(current.as_ref().map(|c| &c.sheet), &sheet);
    let saved = state
        .store
        .save_medical(id, body.version, &sheet, &fields, &Actor::of(&account))
        .await
        .map_err(|error| match error {
            StoreError::Conflict => Error::StaleVersion,
            other => other.into(),
        })?;
    Ok(Json(
        medical_view(&state, &child, Some(&saved), &stays, Some(())).await?,
    ))
}

/// "Les informations sont à jour", before an activity that needs it.
#[utoipa::path(
    post, path = "/api/v1/children/{id}/medical/confirmations", tag = "medical",
    params(("id" = i64, Path, description = "Child id")),
    request_body = MedicalConfirmationInput,
    security(("bearer" = [])),
    responses((status = 200, body = MedicalSheetView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn confirm(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MedicalConfirmationInput>,
) -> Result<Json<MedicalSheetView>> {
    let (child, access) = child_for(&state, &account, id).await?;
    if access != ChildAccess::Parent {
        return Err(Error::Forbidden);
    }
    let today = state.today();
    let stays = stays_of(&state, id).await?;
    stays
        .iter()
        .find(|s| s.activity_id == body.activity_id && s.status.is_active() && s.ends_on >= today)
        .ok_or(Error::NotFound)?;
    let stored = state.store.medical(id).await?;
    if stored.is_none() {
        return Err(Error::Conflict(tempatro_core::Error::MedicalSheetMissing));
    }
    state
        .store
        .confirm_medical(body.activity_id, id, today, &Actor::of(&account))
        .await?;
    let stays = stays_of(&state, id).await?;
    Ok(Json(
        medical_view(&state, &child, stored.as_ref(), &stays, Some(())).await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ReadingsQuery {
    /// One child's readings only.
    child: Option<i64>,
}

/// Responsable: who read which medical sheet, when, and for which activity.
#[utoipa::path(
    get, path = "/api/v1/medical-readings", tag = "medical", params(ReadingsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = [MedicalReading]), (status = 403, body = ApiError))
)]
pub async fn readings(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiQuery(query): ApiQuery<ReadingsQuery>,
) -> Result<Json<Vec<MedicalReading>>> {
    Ok(Json(state.store.medical_readings(query.child).await?))
}
