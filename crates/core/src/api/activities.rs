//! Camps and hikes, registrations, the medical sheet and who read it.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::{ContactInput, ContactView, DoctorView, PaymentView, SectionView};
use crate::medical::Medication;
use crate::{ActivityKind, Amount, RegistrationStatus};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A staff member in charge of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LeaderView {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityView {
    pub id: i64,
    pub kind: ActivityKind,
    /// "Camp d'été 2027".
    pub name: String,
    pub place: String,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Last day to register or cancel.
    pub deadline: Date,
    pub sections: Vec<SectionView>,
    /// Euro cents.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub price: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub solidarity_price: Option<Amount>,
    /// No limit when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    pub registered: u32,
    pub waitlisted: u32,
    /// Places left; absent when there is no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_left: Option<u32>,
    /// Whether parents must confirm the medical sheet before it.
    pub needs_medical: bool,
    #[serde(default)]
    pub leaders: Vec<LeaderView>,
}

/// Creates an activity. Dates and amounts as people type them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityInput {
    /// `camp` or `hike`.
    pub kind: String,
    pub name: String,
    pub place: String,
    pub starts_on: String,
    pub ends_on: String,
    pub deadline: String,
    /// Section names or ids.
    pub sections: Vec<String>,
    pub price: String,
    #[serde(default)]
    pub solidarity_price: Option<String>,
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub needs_medical: bool,
    /// Staff e-mails.
    #[serde(default)]
    pub leaders: Vec<String>,
}

/// Changes an activity: only the fields sent change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// `null` removes the limit.
    #[serde(
        default,
        deserialize_with = "super::double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub capacity: Option<Option<u32>>,
    /// `null` removes the solidarity price.
    #[serde(
        default,
        deserialize_with = "super::double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub solidarity_price: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_medical: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaders: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegistrationInput {
    pub child_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegistrationView {
    pub activity_id: i64,
    pub activity_name: String,
    pub child_id: i64,
    pub child_name: String,
    pub status: RegistrationStatus,
    /// Place on the waiting list, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fee: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// Where its due stands, partial payments included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<super::DueBrief>,
    /// When the parent confirmed the medical sheet for this activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_confirmed_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub registered_at: OffsetDateTime,
}

/// "Camps & hikes" for one child: what it may join, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChildActivity {
    pub activity: ActivityView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationView>,
}

/// A participant as the leaders need them: the kitchen's extract always, the full medical sheet
/// only inside the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Participant {
    pub child_id: i64,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub status: RegistrationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[serde(default)]
    pub emergency_contacts: Vec<ContactView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allergies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical: Option<MedicalSheetView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ParticipantList {
    pub activity: ActivityView,
    /// Whether the full sheets are included (inside the medical window).
    pub medical_window_open: bool,
    pub participants: Vec<Participant>,
}

/// An activity the medical sheet must be confirmed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MedicalConfirmation {
    pub activity_id: i64,
    pub activity_name: String,
    pub starts_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<Date>,
}

/// The fiche santé.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MedicalSheetView {
    pub child_id: i64,
    pub child_name: String,
    /// Send it back with a change.
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor: Option<DoctorView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blood_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allergies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allergy_actions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    #[serde(default)]
    pub medication: Vec<Medication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tetanus_vaccination: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_swim: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub may_do_sports: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paracetamol_allowed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_contact: Option<ContactView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// When the parent agreed to these data being kept; absent until the sheet is first filled.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub consent_given_at: Option<OffsetDateTime>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub updated_at: Option<OffsetDateTime>,
    /// For parents: whether they may change it now; when not, `locked_reason` says why.
    pub editable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_reason: Option<String>,
    /// Activities that need the sheet confirmed, with the date it was, if it was.
    #[serde(default)]
    pub confirmations: Vec<MedicalConfirmation>,
}

/// The whole sheet, as the form sends it. `consent` must be true.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MedicalInput {
    pub version: i64,
    #[serde(default)]
    pub insurer: Option<String>,
    #[serde(default)]
    pub blood_group: Option<String>,
    #[serde(default)]
    pub allergies: Option<String>,
    #[serde(default)]
    pub allergy_actions: Option<String>,
    #[serde(default)]
    pub diet: Option<String>,
    #[serde(default)]
    pub conditions: Option<String>,
    #[serde(default)]
    pub medication: Vec<Medication>,
    #[serde(default)]
    pub tetanus_vaccination: Option<String>,
    #[serde(default)]
    pub can_swim: Option<bool>,
    #[serde(default)]
    pub may_do_sports: Option<bool>,
    #[serde(default)]
    pub paracetamol_allowed: Option<bool>,
    #[serde(default)]
    pub emergency_contact: Option<ContactInput>,
    #[serde(default)]
    pub remarks: Option<String>,
    pub consent: bool,
}

/// "Les informations sont à jour", for one activity.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MedicalConfirmationInput {
    pub activity_id: i64,
}

/// One staff reading of a medical sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MedicalReading {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub staff: String,
    pub child_id: i64,
    pub child_name: String,
    pub activity_id: i64,
    pub activity_name: String,
}
