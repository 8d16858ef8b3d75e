//! Camps and hikes, and the registrations to them.

use tempatro_core::api::AuditChange;
use tempatro_core::{AccountId, ActivityKind, Amount, RegistrationStatus};

use super::dues::{DUE_COLUMNS, DueSummaryRow};
use super::{Flag, corrupt, count, from_unix, optional_date, parse_date};
use crate::store::{
    DueSummary, NewActivity, Stay, StoreError, StoreResult, StoredActivity, StoredRegistration,
};

/// Every activity with its counts of registered and waiting children.
pub const ACTIVITY_QUERY: &str = "SELECT a.*,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'registered') AS registered,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'waitlisted') AS waitlisted
     FROM activities a";

/// A row of [`ACTIVITY_QUERY`].
#[derive(sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    kind: String,
    name: String,
    place: String,
    starts_on: String,
    ends_on: String,
    deadline: String,
    price: i64,
    solidarity_price: Option<i64>,
    capacity: Option<i64>,
    needs_medical: Flag,
    registered: i64,
    waitlisted: i64,
}

impl ActivityRow {
    /// The activity, with its sections and leaders read apart.
    pub fn into_activity(
        self,
        sections: Vec<i64>,
        leaders: Vec<i64>,
    ) -> StoreResult<StoredActivity> {
        Ok(StoredActivity {
            id: self.id,
            details: NewActivity {
                kind: ActivityKind::parse(&self.kind).ok_or_else(|| corrupt("kind", &self.kind))?,
                name: self.name,
                place: self.place,
                starts_on: parse_date(&self.starts_on)?,
                ends_on: parse_date(&self.ends_on)?,
                deadline: parse_date(&self.deadline)?,
                sections,
                price: Amount::from_cents(self.price),
                solidarity_price: self.solidarity_price.map(Amount::from_cents),
                capacity: self.capacity.map(count),
                needs_medical: self.needs_medical.0,
                leaders: leaders.into_iter().map(AccountId).collect(),
            },
            registered: count(self.registered),
            waitlisted: count(self.waitlisted),
        })
    }
}

/// A registration's columns, for queries on `registrations r` joined to its `dues d`.
pub fn registration_columns() -> String {
    format!(
        "r.activity_id, r.child_id, r.status, r.fee, r.medical_confirmed_on, r.created_at, {DUE_COLUMNS}"
    )
}

/// The [`registration_columns`] of a row.
#[derive(sqlx::FromRow)]
pub struct RegistrationRow {
    activity_id: i64,
    child_id: i64,
    status: String,
    fee: i64,
    medical_confirmed_on: Option<String>,
    created_at: i64,
    #[sqlx(flatten)]
    due: DueSummaryRow,
}

impl TryFrom<RegistrationRow> for StoredRegistration {
    type Error = StoreError;

    fn try_from(row: RegistrationRow) -> Result<Self, StoreError> {
        Ok(StoredRegistration {
            activity_id: row.activity_id,
            child_id: row.child_id,
            status: RegistrationStatus::parse(&row.status)
                .ok_or_else(|| corrupt("status", &row.status))?,
            fee: Amount::from_cents(row.fee),
            due: row.due.into_summary()?,
            medical_confirmed_on: optional_date(row.medical_confirmed_on.as_deref())?,
            registered_at: from_unix(row.created_at)?,
        })
    }
}

/// A registration read with its activity's `stay_` columns.
#[derive(sqlx::FromRow)]
pub struct StayRow {
    #[sqlx(flatten)]
    registration: RegistrationRow,
    stay_name: String,
    stay_starts_on: String,
    stay_needs_medical: Flag,
}

impl TryFrom<StayRow> for Stay {
    type Error = StoreError;

    fn try_from(row: StayRow) -> Result<Self, StoreError> {
        Ok(Stay {
            registration: row.registration.try_into()?,
            activity_name: row.stay_name,
            starts_on: parse_date(&row.stay_starts_on)?,
            needs_medical: row.stay_needs_medical.0,
        })
    }
}

/// A participant's registration with the section of its affiliation (`p_section_id`).
#[derive(sqlx::FromRow)]
pub struct ParticipantRow {
    #[sqlx(flatten)]
    pub registration: RegistrationRow,
    pub p_section_id: Option<i64>,
}

pub fn registration_change(activity: &str, status: RegistrationStatus) -> AuditChange {
    AuditChange {
        field: "registration".to_owned(),
        old: None,
        new: Some(format!(
            "{activity} · {}",
            status.label(tempatro_core::Lang::Fr)
        )),
    }
}

pub fn registration_cancelled_change(activity: &str, before: RegistrationStatus) -> AuditChange {
    AuditChange {
        field: "registration".to_owned(),
        old: Some(format!(
            "{activity} · {}",
            before.label(tempatro_core::Lang::Fr)
        )),
        new: None,
    }
}

/// The audit line of a registration's payment recorded or cleared.
pub fn registration_payment_change(
    activity: i64,
    before: &StoredRegistration,
    after: &StoredRegistration,
) -> AuditChange {
    let describe = |due: &Option<DueSummary>| {
        due.as_ref()
            .map(|due| format!("{} / {}", due.paid, due.amount))
    };
    AuditChange {
        field: format!("payment activity {activity}"),
        old: describe(&before.due),
        new: describe(&after.due),
    }
}
