//! Camps and hikes: the activities, registrations and the waiting list, participants' lists.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use tempatro_core::access::ChildAccess;
use tempatro_core::activity::activity_fee;
use tempatro_core::api::{
    ActivityInput, ActivityPatch, ActivityView, ApiError, ChildActivity, ContactView, LeaderView,
    Participant, ParticipantList, PaymentInput, PaymentView, RegistrationInput, RegistrationView,
};
use tempatro_core::date::parse_date;
use tempatro_core::medical::parse_text;
use tempatro_core::{
    AccountId, ActivityKind, ActivityTerms, Amount, Email, Field, RegistrationStatus, Role,
};

use super::AppState;
use super::children::resolve_section;
use super::extractor::{ApiJson, ApiPath, ApiQuery, CurrentAccount, Responsable, child_for};
use super::medical::{medical_view, stays_of};
use super::scope::Scope;
use super::views::section_view;
use crate::error::{Error, Malformed, Result, request_lang};
use crate::mail::Mail;
use crate::store::{
    AccountFilter, Actor, NewActivity, StoreError, StoredAccount, StoredActivity,
    StoredParticipant, StoredRegistration,
};

pub fn terms(activity: &StoredActivity) -> ActivityTerms {
    let details = &activity.details;
    ActivityTerms {
        starts_on: details.starts_on,
        ends_on: details.ends_on,
        deadline: details.deadline,
        sections: details.sections.clone(),
    }
}

pub async fn activity_view(state: &AppState, activity: &StoredActivity) -> Result<ActivityView> {
    let mut views = activity_views(state, std::slice::from_ref(activity)).await?;
    views.pop().ok_or(Error::NotFound)
}

/// The views of `activities`, with their sections and leaders read once for all.
pub async fn activity_views(
    state: &AppState,
    activities: &[StoredActivity],
) -> Result<Vec<ActivityView>> {
    let lang = request_lang();
    let sections = state.store.sections().await?;
    let leader_ids: Vec<AccountId> = activities
        .iter()
        .flat_map(|activity| activity.details.leaders.iter().copied())
        .collect();
    let leaders = if leader_ids.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .accounts(&AccountFilter {
                ids: Some(leader_ids),
                ..AccountFilter::default()
            })
            .await?
    };
    Ok(activities
        .iter()
        .map(|activity| {
            let details = &activity.details;
            ActivityView {
                id: activity.id,
                kind: details.kind,
                name: details.name.clone(),
                place: details.place.clone(),
                starts_on: details.starts_on,
                ends_on: details.ends_on,
                deadline: details.deadline,
                sections: sections
                    .iter()
                    .filter(|s| details.sections.contains(&s.id))
                    .map(|s| section_view(s, lang))
                    .collect(),
                price: details.price,
                solidarity_price: details.solidarity_price,
                capacity: details.capacity,
                registered: activity.registered,
                waitlisted: activity.waitlisted,
                places_left: details
                    .capacity
                    .map(|capacity| capacity.saturating_sub(activity.registered)),
                needs_medical: details.needs_medical,
                leaders: details
                    .leaders
                    .iter()
                    .filter_map(|id| leaders.iter().find(|leader| leader.id == *id))
                    .map(|leader| LeaderView {
                        account_id: leader.id.0,
                        name: format!("{} {}", leader.first_name, leader.last_name),
                        email: leader.email.to_string(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Where a registration stands, with its place on the waiting list.
pub async fn registration_view(
    state: &AppState,
    registration: &StoredRegistration,
) -> Result<RegistrationView> {
    let activity_name = state
        .store
        .activity(registration.activity_id)
        .await?
        .map(|a| a.details.name)
        .unwrap_or_default();
    let child_name = state
        .store
        .child(registration.child_id)
        .await?
        .map(|c| c.record.full_name())
        .unwrap_or_default();
    let position = if registration.status == RegistrationStatus::Waitlisted {
        let queue = state
            .store
            .registrations_of_activity(registration.activity_id)
            .await?;
        queue
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .position(|r| r.child_id == registration.child_id)
            .map(|index| u32::try_from(index + 1).unwrap_or(u32::MAX))
    } else {
        None
    };
    Ok(RegistrationView {
        activity_id: registration.activity_id,
        activity_name,
        child_id: registration.child_id,
        child_name,
        status: registration.status,
        position,
        fee: registration.fee,
        due: registration.due.as_ref().map(super::views::due_brief),
        payment: registration
            .due
            .as_ref()
            .and_then(|d| d.settlement())
            .as_ref()
            .map(|p| PaymentView {
                paid_on: p.paid_on,
                amount: p.amount,
                method: p.method,
            }),
        medical_confirmed_on: registration.medical_confirmed_on,
        registered_at: registration.registered_at,
    })
}

fn required_text(raw: &str, field: Field, max: usize) -> Result<String> {
    let text =
        parse_text(Some(raw), field)?.ok_or(tempatro_core::Error::Required.in_field(field))?;
    if text.chars().count() > max {
        return Err(tempatro_core::Error::TooLong { max }.in_field(field).into());
    }
    Ok(text)
}

fn date_in(raw: &str, field: Field) -> Result<time::Date> {
    Ok(parse_date(raw).map_err(|e| e.in_field(field))?)
}

fn amount_in(raw: &str, field: Field) -> Result<Amount> {
    Ok(Amount::parse(raw).map_err(|e| e.in_field(field))?)
}

async fn leaders_of(state: &AppState, emails: &[String]) -> Result<Vec<AccountId>> {
    let mut leaders: Vec<AccountId> = Vec::with_capacity(emails.len());
    for raw in emails {
        let email = Email::parse(raw).map_err(|e| e.in_field(Field::Email))?;
        let account = state
            .store
            .account_by_email(&email)
            .await?
            .filter(|a| a.role.is_staff())
            .ok_or_else(|| Error::UnknownAccount(email.to_string()))?;
        if !leaders.contains(&account.id) {
            leaders.push(account.id);
        }
    }
    Ok(leaders)
}

async fn sections_of(state: &AppState, wanted: &[String]) -> Result<Vec<i64>> {
    let sections = state.store.sections().await?;
    let mut ids = wanted
        .iter()
        .map(|name| resolve_section(&sections, name).map(|s| s.id))
        .collect::<Result<Vec<i64>>>()?;
    // "Benjamins" and "2" may name the same section.
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn check_terms(activity: &NewActivity) -> Result<()> {
    ActivityTerms::new(
        activity.starts_on,
        activity.ends_on,
        activity.deadline,
        activity.sections.clone(),
    )
    .map(drop)
    .map_err(|e| match e {
        tempatro_core::Error::ActivityDates => e.in_field(Field::EndsOn).into(),
        other => other.into(),
    })
}

/// Staff: every activity; a family: those for its children's sections and those its children
/// are registered for. Soonest first.
#[utoipa::path(
    get, path = "/api/v1/activities", tag = "activities", security(("bearer" = [])),
    responses((status = 200, body = [ActivityView]), (status = 401, body = ApiError))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
) -> Result<Json<Vec<ActivityView>>> {
    let scope = Scope::of(&state, &account).await?;
    let activities: Vec<StoredActivity> = state
        .store
        .activities()
        .await?
        .into_iter()
        .filter(|activity| visible(&scope, activity))
        .collect();
    Ok(Json(activity_views(&state, &activities).await?))
}

fn visible(scope: &Scope, activity: &StoredActivity) -> bool {
    scope.staff
        || scope.activities.contains(&activity.id)
        || activity
            .details
            .sections
            .iter()
            .any(|s| scope.sections.contains(s))
}

#[utoipa::path(
    get, path = "/api/v1/activities/{id}", tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    security(("bearer" = [])),
    responses((status = 200, body = ActivityView), (status = 404, body = ApiError))
)]
pub async fn show(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ActivityView>> {
    let activity = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    if !visible(&Scope::of(&state, &account).await?, &activity) {
        return Err(Error::NotFound);
    }
    Ok(Json(activity_view(&state, &activity).await?))
}

/// Responsable: a new camp or hike.
#[utoipa::path(
    post, path = "/api/v1/activities", tag = "activities", request_body = ActivityInput,
    security(("bearer" = [])),
    responses((status = 201, body = ActivityView), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn create(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiJson(body): ApiJson<ActivityInput>,
) -> Result<(StatusCode, Json<ActivityView>)> {
    let activity = NewActivity {
        kind: ActivityKind::parse(&body.kind).ok_or_else(|| {
            Error::Malformed(Malformed::UnknownValue {
                field: Some("kind".to_owned()),
                value: body.kind.clone(),
            })
        })?,
        name: required_text(&body.name, Field::Name, 100)?,
        place: required_text(&body.place, Field::Place, 100)?,
        starts_on: date_in(&body.starts_on, Field::StartsOn)?,
        ends_on: date_in(&body.ends_on, Field::EndsOn)?,
        deadline: date_in(&body.deadline, Field::Deadline)?,
        sections: sections_of(&state, &body.sections).await?,
        price: amount_in(&body.price, Field::Price)?,
        solidarity_price: body
            .solidarity_price
            .as_deref()
            .map(|raw| amount_in(raw, Field::SolidarityPrice))
            .transpose()?,
        capacity: body.capacity,
        needs_medical: body.needs_medical,
        leaders: leaders_of(&state, &body.leaders).await?,
    };
    check_terms(&activity)?;
    let id = state.store.create_activity(&activity).await?;
    tracing::info!(staff = %staff.id, activity = id, "activity created");
    let stored = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(activity_view(&state, &stored).await?),
    ))
}

/// Responsable: changes an activity; only the fields sent change.
#[utoipa::path(
    patch, path = "/api/v1/activities/{id}", tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = ActivityPatch,
    security(("bearer" = [])),
    responses((status = 200, body = ActivityView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn update(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ActivityPatch>,
) -> Result<Json<ActivityView>> {
    let stored = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    let mut activity = stored.details;
    if let Some(raw) = &body.name {
        activity.name = required_text(raw, Field::Name, 100)?;
    }
    if let Some(raw) = &body.place {
        activity.place = required_text(raw, Field::Place, 100)?;
    }
    if let Some(raw) = &body.starts_on {
        activity.starts_on = date_in(raw, Field::StartsOn)?;
    }
    if let Some(raw) = &body.ends_on {
        activity.ends_on = date_in(raw, Field::EndsOn)?;
    }
    if let Some(raw) = &body.deadline {
        activity.deadline = date_in(raw, Field::Deadline)?;
    }
    if let Some(wanted) = &body.sections {
        activity.sections = sections_of(&state, wanted).await?;
    }
    if let Some(raw) = &body.price {
        activity.price = amount_in(raw, Field::Price)?;
    }
    if let Some(capacity) = body.capacity {
        activity.capacity = capacity;
    }
    if let Some(price) = &body.solidarity_price {
        activity.solidarity_price = price
            .as_deref()
            .map(|raw| amount_in(raw, Field::SolidarityPrice))
            .transpose()?;
    }
    if let Some(needs) = body.needs_medical {
        activity.needs_medical = needs;
    }
    if let Some(emails) = &body.leaders {
        activity.leaders = leaders_of(&state, emails).await?;
    }
    check_terms(&activity)?;
    state.store.update_activity(id, &activity).await?;
    tracing::info!(staff = %staff.id, activity = id, "activity updated");
    let stored = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    Ok(Json(activity_view(&state, &stored).await?))
}

/// "Camps & hikes" for one child: coming activities of its section and those it is registered
/// for, with where it stands.
#[utoipa::path(
    get, path = "/api/v1/children/{id}/activities", tag = "activities",
    params(("id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses((status = 200, body = [ChildActivity]), (status = 404, body = ApiError))
)]
pub async fn of_child(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ChildActivity>>> {
    let (_, access) = child_for(&state, &account, id).await?;
    if !access.may_read_everything() {
        return Err(Error::Forbidden);
    }
    let section = current_section(&state, id).await?;
    let registrations = state.store.registrations_of_children(&[id]).await?;
    let today = state.today();
    let mut items = Vec::new();
    for activity in state.store.activities().await? {
        if terms(&activity).is_over(today) {
            continue;
        }
        let registration = registrations
            .iter()
            .find(|r| r.activity_id == activity.id && r.status.is_active());
        let for_section = section.is_some_and(|s| activity.details.sections.contains(&s));
        if !for_section && registration.is_none() {
            continue;
        }
        items.push(ChildActivity {
            activity: activity_view(&state, &activity).await?,
            registration: match registration {
                Some(r) => Some(registration_view(&state, r).await?),
                None => None,
            },
        });
    }
    Ok(Json(items))
}

async fn current_section(state: &AppState, child: i64) -> Result<Option<i64>> {
    let cycle = state.current_cycle();
    Ok(state
        .store
        .affiliations_of(child)
        .await?
        .iter()
        .find(|a| a.cycle == cycle)
        .and_then(|a| a.section_id))
}

/// Registers a child: for its parents, an activity of its section, until the deadline, once;
/// staff may add any child. Past capacity the child goes on the waiting list.
#[utoipa::path(
    post, path = "/api/v1/activities/{id}/registrations", tag = "activities",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = RegistrationInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "`registered`, or `waitlisted` past capacity", body = RegistrationView),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, description = "Not for the child's section, deadline passed, or already registered", body = ApiError),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RegistrationInput>,
) -> Result<(StatusCode, Json<RegistrationView>)> {
    let (_, access) = child_for(&state, &account, body.child_id).await?;
    let activity = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    let current = state
        .store
        .registrations_of_children(&[body.child_id])
        .await?
        .into_iter()
        .find(|r| r.activity_id == id)
        .map(|r| r.status);
    match access {
        ChildAccess::Parent => terms(&activity)
            .check_registration(
                current_section(&state, body.child_id).await?,
                state.today(),
                current,
            )
            .map_err(Error::Conflict)?,
        ChildAccess::Manage if current.is_some_and(RegistrationStatus::is_active) => {
            return Err(Error::Conflict(tempatro_core::Error::AlreadyRegistered));
        }
        ChildAccess::Manage => {}
        ChildAccess::Leader | ChildAccess::Hidden => return Err(Error::Forbidden),
    }
    let cycle = state.current_cycle();
    let solidarity = state
        .store
        .affiliations_of(body.child_id)
        .await?
        .iter()
        .any(|a| a.cycle == cycle && a.solidarity);
    let fee = activity_fee(
        activity.details.price,
        activity.details.solidarity_price,
        solidarity,
    );
    let registration = state
        .store
        .register(id, body.child_id, fee, &Actor::of(&account))
        .await
        .map_err(|error| match error {
            StoreError::Duplicate => Error::Conflict(tempatro_core::Error::AlreadyRegistered),
            other => other.into(),
        })?;
    tracing::info!(account = %account.id, activity = id, child = body.child_id, status = registration.status.as_str(), "registration");
    Ok((
        StatusCode::CREATED,
        Json(registration_view(&state, &registration).await?),
    ))
}

/// Cancels a registration (parents until the deadline, staff any time); the first waiting child
/// moves up and its family is told by e-mail.
#[utoipa::path(
    delete, path = "/api/v1/activities/{id}/registrations/{child_id}", tag = "activities",
    params(("id" = i64, Path, description = "Activity id"), ("child_id" = i64, Path, description = "Child id")),
    security(("bearer" = [])),
    responses((status = 200, body = RegistrationView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn cancel(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath((id, child)): ApiPath<(i64, i64)>,
) -> Result<Json<RegistrationView>> {
    let (_, access) = child_for(&state, &account, child).await?;
    let activity = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    match access {
        ChildAccess::Parent => terms(&activity)
            .check_deadline(state.today())
            .map_err(Error::Conflict)?,
        ChildAccess::Manage => {}
        ChildAccess::Leader | ChildAccess::Hidden => return Err(Error::Forbidden),
    }
    let (cancelled, promoted) = state
        .store
        .cancel_registration(id, child, &Actor::of(&account))
        .await
        .map_err(|error| match error {
            StoreError::Missing(_) => Error::NotFound,
            other => other.into(),
        })?;
    if let Some(moved) = promoted {
        tell_moved_up(&state, moved, &activity.details.name).await?;
    }
    Ok(Json(registration_view(&state, &cancelled).await?))
}

async fn tell_moved_up(state: &AppState, child: i64, activity: &str) -> Result<()> {
    let Some(stored) = state.store.child(child).await? else {
        return Ok(());
    };
    let child_name = stored.record.full_name();
    for parent in state.store.parents_of(child).await? {
        state
            .mailer
            .send(
                &parent,
                Mail::MovedUpFromWaitingList {
                    child_name: &child_name,
                    activity,
                },
            )
            .await;
    }
    Ok(())
}

/// Who may see an activity's participants: a responsable, its leaders, the animateurs of its
/// sections.
async fn may_lead(
    state: &AppState,
    account: &StoredAccount,
    activity: &StoredActivity,
) -> Result<bool> {
    Ok(match account.role {
        Role::Responsable => true,
        Role::Animateur => {
            activity.details.leaders.contains(&account.id) || {
                let led = state.store.staff_sections(account.id).await?;
                activity.details.sections.iter().any(|s| led.contains(s))
            }
        }
        Role::Parent => false,
    })
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct ParticipantsQuery {
    /// Include the full medical sheets (inside the window only); each one is then logged as read.
    #[serde(default)]
    medical: bool,
}

/// Leaders: the participants with the extract the kitchen and leaders need; with `medical=true`
/// and inside the window, the full medical sheets too, each reading logged.
#[utoipa::path(
    get, path = "/api/v1/activities/{id}/participants", tag = "activities",
    params(("id" = i64, Path, description = "Activity id"), ParticipantsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = ParticipantList), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn participants(
    State(state): State<AppState>,
    CurrentAccount {
        account,
        api_token: current_token,
        ..
    }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ParticipantsQuery>,
) -> Result<Json<ParticipantList>> {
    Ok(Json(
        participant_list(&state, &account, current_token, id, query.medical).await?,
    ))
}

/// The participants of activity `id` as `account` may see them; with `medical` and inside the
/// window, their full medical sheets, each reading logged. Tokens receive no medical data at all:
/// neither sheets nor the allergies, diet and emergency contact of the kitchen's extract.
pub(super) async fn participant_list(
    state: &AppState,
    account: &StoredAccount,
    current_token: Option<String>,
    id: i64,
    with_medical: bool,
) -> Result<ParticipantList> {
    let state = state.clone();
    let activity = state.store.activity(id).await?.ok_or(Error::NotFound)?;
    if !may_lead(&state, account, &activity).await? {
        return Err(Error::Forbidden);
    }
    // Medical data (the kitchen's extract included) goes to people, never to a script.
    let for_a_person = current_token.is_none();
    if with_medical {
        // A medical reading is a person's act, logged under their name: never a script's.
        if let Some(name) = current_token {
            tracing::warn!(token = %name, activity = id, "medical sheets refused to a token");
            return Err(Error::Refused {
                code: "session_required",
                error: tempatro_core::Error::SessionRequired,
            });
        }
    }
    // An animateur who leads one of its sections, not the activity, sees that section's children.
    let only_sections =
        if account.role == Role::Animateur && !activity.details.leaders.contains(&account.id) {
            Some(state.store.staff_sections(account.id).await?)
        } else {
            None
        };
    let window_open = state.config.medical_window.is_open(
        activity.details.starts_on,
        activity.details.ends_on,
        state.today(),
    );
    let sections = state.store.sections().await?;
    let cycle = state.current_cycle();
    let actor = Actor::of(account);
    let mut participants = Vec::new();
    let mut waiting = 0;
    let listed = state.store.participants(id, cycle).await?;
    let mut read = Vec::new();
    for StoredParticipant {
        registration,
        child,
        medical,
        section_id,
    } in listed
    {
        // Dropped once for a script, so that nothing below can hand it on.
        let medical = medical.filter(|_| for_a_person);
        if let Some(led) = &only_sections
            && !section_id.is_some_and(|s| led.contains(&s))
        {
            continue;
        }
        let section = section_id
            .and_then(|id| sections.iter().find(|s| s.id == id))
            .map(|s| s.name.clone());
        let mut contacts: Vec<ContactView> = [
            &child.record.primary_contact,
            &child.record.secondary_contact,
        ]
        .into_iter()
        .flatten()
        .map(|c| ContactView {
            name: c.name.to_string(),
            phone: c.phone.as_ref().map(ToString::to_string),
            email: c.email.as_ref().map(ToString::to_string),
        })
        .collect();
        if let Some(emergency) = medical
            .as_ref()
            .and_then(|m| m.sheet.emergency_contact.as_ref())
        {
            contacts.push(ContactView {
                name: emergency.name.to_string(),
                phone: Some(emergency.phone.to_string()),
                email: None,
            });
        }
        let full =
            with_medical && window_open && registration.status == RegistrationStatus::Registered;
        if full {
            read.push(child.id);
        }
        let position = (registration.status == RegistrationStatus::Waitlisted).then(|| {
            waiting += 1;
            waiting
        });
        participants.push(Participant {
            child_id: child.id,
            first_name: child.record.first_name.to_string(),
            last_name: child.record.last_name.to_string(),
            section,
            status: registration.status,
            position,
            emergency_contacts: contacts,
            allergies: medical.as_ref().and_then(|m| m.sheet.allergies.clone()),
            diet: medical.as_ref().and_then(|m| m.sheet.diet.clone()),
            medical: if full {
                Some(
                    medical_view(
                        &state,
                        &child,
                        medical.as_ref(),
                        &stays_of(&state, child.id).await?,
                        None,
                    )
                    .await?,
                )
            } else {
                None
            },
        });
    }
    if !read.is_empty() {
        state.store.log_medical_readings(&actor, &read, id).await?;
        tracing::info!(staff = %account.id, activity = id, "participants' medical sheets read");
    }
    Ok(ParticipantList {
        activity: activity_view(&state, &activity).await?,
        medical_window_open: window_open,
        participants,
    })
}

/// Staff: records a registration's payment (today, its fee and a bank transfer unless said).
#[utoipa::path(
    put, path = "/api/v1/activities/{id}/registrations/{child_id}/payment", tag = "activities",
    params(("id" = i64, Path, description = "Activity id"), ("child_id" = i64, Path, description = "Child id")),
    request_body = PaymentInput,
    security(("bearer" = [])),
    responses((status = 200, body = RegistrationView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn pay(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath((id, child)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<PaymentInput>,
) -> Result<Json<RegistrationView>> {
    let registration = state
        .store
        .registrations_of_children(&[child])
        .await?
        .into_iter()
        .find(|r| r.activity_id == id && r.status.is_active())
        .ok_or(Error::NotFound)?;
    let left = registration
        .due
        .as_ref()
        .ok_or(Error::Conflict(tempatro_core::Error::NothingOwedYet))?
        .left();
    let payment = super::dues::payment_from(&body, left, state.today())?;
    let paid = state
        .store
        .set_registration_payment(id, child, Some(&payment), &Actor::of(&staff))
        .await
        .map_err(|error| match error {
            StoreError::Missing("due") => Error::Conflict(tempatro_core::Error::NothingOwedYet),
            other => other.into(),
        })?;
    Ok(Json(registration_view(&state, &paid).await?))
}
