//! Children's sheets, the requests to link a parent to one, and their audit log.

use time::OffsetDateTime;

use tempatro_core::api::{AuditChange, AuditEntry, LinkRequestStatus};
use tempatro_core::{
    AccountId, Address, BirthDate, ChildRecord, Contact, ContactSlot, Doctor, Gender, PersonName,
};

use super::affiliations::AffiliationRow;
use super::{Flag, corrupt, from_unix, parse_date};
use crate::store::{MatchedChild, StoreError, StoreResult, StoredChild, StoredLinkRequest};

pub const CHILD_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.street, c.postal_code, \
    c.locality, c.image_rights, c.image_rights_set_at, c.image_rights_set_by, c.primary_contact_name, \
    c.primary_contact_phone, c.primary_contact_email, c.secondary_contact_name, c.secondary_contact_phone, \
    c.secondary_contact_email, c.doctor_name, c.doctor_phone, c.created_at, c.version, c.external_id";

/// The [`CHILD_COLUMNS`] of a row.
#[derive(sqlx::FromRow)]
pub struct ChildSheetRow {
    id: i64,
    first_name: String,
    last_name: String,
    birth_date: String,
    gender: Option<String>,
    street: Option<String>,
    postal_code: Option<i64>,
    locality: Option<String>,
    image_rights: Flag,
    image_rights_set_at: Option<i64>,
    image_rights_set_by: Option<String>,
    primary_contact_name: Option<String>,
    primary_contact_phone: Option<String>,
    primary_contact_email: Option<String>,
    secondary_contact_name: Option<String>,
    secondary_contact_phone: Option<String>,
    secondary_contact_email: Option<String>,
    doctor_name: Option<String>,
    doctor_phone: Option<String>,
    created_at: i64,
    version: i64,
    external_id: Option<String>,
}

/// A contact as stored in its three columns; none without a name.
fn contact(
    slot: ContactSlot,
    what: &str,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
) -> StoreResult<Option<Contact>> {
    let Some(name) = name else {
        return Ok(None);
    };
    Contact::parse(slot, &name, phone.as_deref(), email.as_deref())
        .map(Some)
        .map_err(|error| corrupt(what, error))
}

impl TryFrom<ChildSheetRow> for StoredChild {
    type Error = StoreError;

    fn try_from(row: ChildSheetRow) -> Result<Self, StoreError> {
        let today = OffsetDateTime::now_utc().date();
        let address = match (row.street, row.postal_code, row.locality) {
            (Some(street), Some(code), Some(locality)) => Some(
                Address::new(&street, &code.to_string(), &locality)
                    .map_err(|e| corrupt("address", e))?,
            ),
            _ => None,
        };
        let doctor = match (row.doctor_name, row.doctor_phone) {
            (Some(name), Some(phone)) => {
                Some(Doctor::parse(&name, &phone).map_err(|e| corrupt("doctor", e))?)
            }
            _ => None,
        };
        let birth = parse_date(&row.birth_date)?;
        let record = ChildRecord {
            first_name: PersonName::parse(&row.first_name).map_err(|e| corrupt("first_name", e))?,
            last_name: PersonName::parse(&row.last_name).map_err(|e| corrupt("last_name", e))?,
            birth_date: BirthDate::new(birth, today.max(birth))
                .map_err(|e| corrupt("birth_date", e))?,
            gender: row.gender.as_deref().and_then(Gender::parse),
            address,
            image_rights: row.image_rights.0,
            primary_contact: contact(
                ContactSlot::Primary,
                "primary_contact",
                row.primary_contact_name,
                row.primary_contact_phone,
                row.primary_contact_email,
            )?,
            secondary_contact: contact(
                ContactSlot::Secondary,
                "secondary_contact",
                row.secondary_contact_name,
                row.secondary_contact_phone,
                row.secondary_contact_email,
            )?,
            doctor,
        };
        Ok(StoredChild {
            id: row.id,
            record,
            image_rights_set_at: row.image_rights_set_at.map(from_unix).transpose()?,
            image_rights_set_by: row.image_rights_set_by,
            created_at: from_unix(row.created_at)?,
            version: row.version,
            external_id: row.external_id,
        })
    }
}

/// A line of the children list: the sheet, the affiliation of the cycle asked for, and how many
/// parents the child has.
#[derive(sqlx::FromRow)]
pub struct ChildListRow {
    #[sqlx(flatten)]
    pub child: ChildSheetRow,
    #[sqlx(flatten)]
    pub affiliation: AffiliationRow,
    pub parents: i64,
}

/// A child an import found, with whether it is affiliated to the import's cycle and in which
/// section (`a_section`).
#[derive(sqlx::FromRow)]
pub struct MatchedChildRow {
    #[sqlx(flatten)]
    child: ChildSheetRow,
    match_key: String,
    affiliated: Flag,
    a_section: Option<i64>,
}

impl TryFrom<MatchedChildRow> for MatchedChild {
    type Error = StoreError;

    fn try_from(row: MatchedChildRow) -> Result<Self, StoreError> {
        let child = StoredChild::try_from(row.child)?;
        Ok(MatchedChild {
            id: child.id,
            external_id: child.external_id,
            match_key: row.match_key,
            record: child.record,
            affiliation: row.affiliated.0.then_some(row.a_section),
        })
    }
}

/// What creating a child records in its audit log: its name, then every field it was given.
pub fn child_created_changes(record: &ChildRecord) -> Vec<AuditChange> {
    let empty = ChildRecord {
        address: None,
        gender: None,
        image_rights: false,
        primary_contact: None,
        secondary_contact: None,
        doctor: None,
        ..record.clone()
    };
    let mut changes: Vec<AuditChange> = tempatro_core::ChildEdit {
        gender: Some(record.gender),
        address: Some(record.address.clone()),
        image_rights: Some(record.image_rights),
        primary_contact: Some(record.primary_contact.clone()),
        secondary_contact: Some(record.secondary_contact.clone()),
        doctor: Some(record.doctor.clone()),
        ..tempatro_core::ChildEdit::default()
    }
    .changes(&empty)
    .into_iter()
    .map(AuditChange::from)
    .collect();
    changes.insert(
        0,
        AuditChange {
            field: "name".to_owned(),
            old: None,
            new: Some(record.full_name()),
        },
    );
    changes
}

pub fn link_status_str(status: LinkRequestStatus) -> &'static str {
    match status {
        LinkRequestStatus::Pending => "pending",
        LinkRequestStatus::Approved => "approved",
        LinkRequestStatus::Rejected => "rejected",
    }
}

/// A row of `link_requests`.
#[derive(sqlx::FromRow)]
pub struct LinkRequestRow {
    id: i64,
    account_id: i64,
    child_first_name: String,
    child_last_name: String,
    birth_date: String,
    message: String,
    status: String,
    child_id: Option<i64>,
    reason: Option<String>,
    created_at: i64,
}

impl TryFrom<LinkRequestRow> for StoredLinkRequest {
    type Error = StoreError;

    fn try_from(row: LinkRequestRow) -> Result<Self, StoreError> {
        Ok(StoredLinkRequest {
            id: row.id,
            account: AccountId(row.account_id),
            child_first_name: row.child_first_name,
            child_last_name: row.child_last_name,
            birth_date: parse_date(&row.birth_date)?,
            message: row.message,
            status: match row.status.as_str() {
                "pending" => LinkRequestStatus::Pending,
                "approved" => LinkRequestStatus::Approved,
                "rejected" => LinkRequestStatus::Rejected,
                other => return Err(corrupt("link request status", other)),
            },
            child_id: row.child_id,
            reason: row.reason,
            created_at: from_unix(row.created_at)?,
        })
    }
}

/// An audit entry as `audit_of` lists it.
#[derive(sqlx::FromRow)]
pub struct AuditEntryRow {
    at: i64,
    actor: String,
    action: String,
    changes: String,
}

impl TryFrom<AuditEntryRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(row: AuditEntryRow) -> Result<Self, StoreError> {
        Ok(AuditEntry {
            at: from_unix(row.at)?,
            actor: row.actor,
            action: row.action,
            changes: serde_json::from_str(&row.changes)
                .map_err(|error| corrupt("audit changes", error))?,
        })
    }
}
