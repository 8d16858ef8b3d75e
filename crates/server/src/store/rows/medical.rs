//! The medical sheet, its confirmations for a stay, and staff's readings of it.

use time::Date;

use tempatro_core::api::{AuditChange, MedicalReading};
use tempatro_core::medical::{BloodGroup, EmergencyContact, MedicalSheet, Medication};
use tempatro_core::{PersonName, PhoneNumber};

use super::{Flag, corrupt, from_unix, optional_date};
use crate::store::{StoreError, StoreResult, StoredMedical};

/// A row of `medical_sheets`.
#[derive(sqlx::FromRow)]
pub struct MedicalRow {
    pub child_id: i64,
    insurer: Option<String>,
    blood_group: Option<String>,
    allergies: Option<String>,
    allergy_actions: Option<String>,
    diet: Option<String>,
    conditions: Option<String>,
    medication: String,
    tetanus_vaccination: Option<String>,
    can_swim: Option<Flag>,
    may_do_sports: Option<Flag>,
    paracetamol_allowed: Option<Flag>,
    emergency_name: Option<String>,
    emergency_phone: Option<String>,
    remarks: Option<String>,
    consent_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<MedicalRow> for StoredMedical {
    type Error = StoreError;

    fn try_from(row: MedicalRow) -> Result<Self, StoreError> {
        let emergency = match (row.emergency_name, row.emergency_phone) {
            (Some(name), Some(phone)) => Some(EmergencyContact {
                name: PersonName::parse(&name).map_err(|e| corrupt("emergency name", e))?,
                phone: PhoneNumber::parse(&phone).map_err(|e| corrupt("emergency phone", e))?,
            }),
            _ => None,
        };
        let flag = |flag: Option<Flag>| flag.map(|Flag(flag)| flag);
        Ok(StoredMedical {
            sheet: MedicalSheet {
                insurer: row.insurer,
                blood_group: row
                    .blood_group
                    .map(|g| BloodGroup::parse(&g).map_err(|e| corrupt("blood group", e)))
                    .transpose()?,
                allergies: row.allergies,
                allergy_actions: row.allergy_actions,
                diet: row.diet,
                conditions: row.conditions,
                medication: serde_json::from_str::<Vec<Medication>>(&row.medication)
                    .map_err(|e| corrupt("medication", e))?,
                tetanus_vaccination: optional_date(row.tetanus_vaccination.as_deref())?,
                can_swim: flag(row.can_swim),
                may_do_sports: flag(row.may_do_sports),
                paracetamol_allowed: flag(row.paracetamol_allowed),
                emergency_contact: emergency,
                remarks: row.remarks,
            },
            consent_at: from_unix(row.consent_at)?,
            updated_at: from_unix(row.updated_at)?,
            version: row.version,
        })
    }
}

pub fn medication_json(sheet: &MedicalSheet) -> StoreResult<String> {
    serde_json::to_string(&sheet.medication).map_err(|e| corrupt("medication", e))
}

/// Binds a medical sheet to its 14 columns from `insurer` to `remarks`, in the table's order.
macro_rules! bind_medical {
    ($query:expr, $sheet:expr, $medication:expr) => {{
        let sheet: &tempatro_core::medical::MedicalSheet = $sheet;
        let emergency = sheet.emergency_contact.as_ref();
        $query
            .bind(sheet.insurer.clone())
            .bind(sheet.blood_group.map(|g| g.to_string()))
            .bind(sheet.allergies.clone())
            .bind(sheet.allergy_actions.clone())
            .bind(sheet.diet.clone())
            .bind(sheet.conditions.clone())
            .bind($medication)
            .bind(sheet.tetanus_vaccination.map($crate::store::rows::iso))
            .bind(sheet.can_swim)
            .bind(sheet.may_do_sports)
            .bind(sheet.paracetamol_allowed)
            .bind(emergency.map(|e| e.name.to_string()))
            .bind(emergency.map(|e| e.phone.e164().to_owned()))
            .bind(sheet.remarks.clone())
    }};
}

pub(crate) use bind_medical;

/// The audit log names a medical sheet's changed fields, never their values: old versions are
/// not kept.
pub fn medical_saved_changes(changed_fields: &[&str]) -> Vec<AuditChange> {
    changed_fields
        .iter()
        .map(|field| AuditChange {
            field: format!("medical.{field}"),
            old: None,
            new: None,
        })
        .collect()
}

/// The audit line of "les informations sont à jour" for a stay.
pub fn medical_confirmed_change(activity: &str, on: Date) -> AuditChange {
    AuditChange {
        field: "medical_confirmed".to_owned(),
        old: None,
        new: Some(format!("{activity} · {}", tempatro_core::date::short(on))),
    }
}

/// A row of `medical_readings` with the names of its child and activity.
#[derive(sqlx::FromRow)]
pub struct MedicalReadingRow {
    at: i64,
    staff: String,
    child_id: i64,
    first_name: String,
    last_name: String,
    activity_id: i64,
    activity_name: String,
}

impl TryFrom<MedicalReadingRow> for MedicalReading {
    type Error = StoreError;

    fn try_from(row: MedicalReadingRow) -> Result<Self, StoreError> {
        Ok(MedicalReading {
            at: from_unix(row.at)?,
            staff: row.staff,
            child_id: row.child_id,
            child_name: format!("{} {}", row.first_name, row.last_name),
            activity_id: row.activity_id,
            activity_name: row.activity_name,
        })
    }
}
