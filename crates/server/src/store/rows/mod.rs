//! What both engines share: how a stored row reads back into the store's records, and how values
//! are written (instants as Unix seconds, dates as ISO text, amounts as cents). Only the SQL that
//! reaches these rows differs between SQLite and PostgreSQL.
//!
//! Each record is read by one row struct deriving [`sqlx::FromRow`], holding the columns as the
//! database returns them, then turned into the record by parsing them into core's values: data
//! that no longer parses is [`StoreError::Corrupt`]. The row structs live by concern next to the
//! columns and audit lines of what they read; this module keeps what they share.

pub mod accounts;
pub mod activities;
pub mod affiliations;
pub mod children;
pub mod content;
pub mod dues;
pub mod medical;
pub mod settings;

use sqlx::any::{AnyTypeInfo, AnyTypeInfoKind, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};
use time::{Date, OffsetDateTime};

use tempatro_core::api::AuditChange;
use tempatro_core::{ChildRecord, Cycle};

use super::{StoreError, StoreResult};

/// A flag is a BOOLEAN on PostgreSQL and an INTEGER (0 or 1) on SQLite, which `sqlx::Any` passes
/// on as it finds it: this reads either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        match <bool as Decode<Any>>::decode(value.clone()) {
            Ok(flag) => Ok(Flag(flag)),
            Err(_) => <i64 as Decode<Any>>::decode(value).map(|flag| Flag(flag != 0)),
        }
    }
}

pub fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

pub fn unix(instant: OffsetDateTime) -> i64 {
    instant.unix_timestamp()
}

pub fn from_unix(seconds: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds)
        .map_err(|_| StoreError::Corrupt(format!("timestamp {seconds}")))
}

pub fn parse_date(text: &str) -> StoreResult<Date> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| StoreError::Corrupt(format!("date {text:?}")))
}

fn optional_date(text: Option<&str>) -> StoreResult<Option<Date>> {
    text.map(parse_date).transpose()
}

pub fn iso(date: Date) -> String {
    date.to_string()
}

/// A count as the API shows it; no Patro reaches the bound.
fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Microseconds: the waiting list's order must not depend on two registrations' second.
pub fn queue_stamp(now: OffsetDateTime) -> i64 {
    i64::try_from(now.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

/// A unique constraint's violation becomes `duplicate`; any other error stays a database error.
pub fn on_unique(error: sqlx::Error, duplicate: StoreError) -> StoreError {
    if matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation()) {
        duplicate
    } else {
        StoreError::Database(error)
    }
}

/// An audit line's changes, as stored.
pub fn audit_json(changes: &[AuditChange]) -> StoreResult<String> {
    serde_json::to_string(changes).map_err(|error| corrupt("audit changes", error))
}

pub fn cycle_from(year: i64) -> StoreResult<Cycle> {
    i32::try_from(year)
        .map(Cycle::starting_in)
        .map_err(|_| corrupt("cycle", year))
}

pub fn cycle_year(cycle: Cycle) -> i64 {
    i64::from(cycle.start_year())
}

/// `columns` ("id, email, …") each prefixed with a table's alias ("a.id, a.email, …").
pub fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|column| format!("{alias}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns [`bind_record!`] binds, in its order: what a child's sheet writes, and the keys
/// derived from it (the one imports recognise the child by, and the one lists sort it by).
pub const RECORD_COLUMNS: [&str; 18] = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "street",
    "postal_code",
    "locality",
    "image_rights",
    "primary_contact_name",
    "primary_contact_phone",
    "primary_contact_email",
    "secondary_contact_name",
    "secondary_contact_phone",
    "secondary_contact_email",
    "doctor_name",
    "doctor_phone",
    "match_key",
    "sort_key",
];

/// The key an import recognises this child by when its file has no `external_id`.
pub fn record_key(record: &ChildRecord) -> String {
    tempatro_core::import::match_key(
        record.last_name.as_ref(),
        record.first_name.as_ref(),
        record.birth_date.date(),
    )
}

/// `$from, $from+1, …`: `count` placeholders.
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `column = $from, next = $from+1, …`: an UPDATE's assignments of `columns`.
fn assignments(columns: &[&str], from: usize) -> String {
    columns
        .iter()
        .zip(from..)
        .map(|(column, n)| format!("{column} = ${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A child's UPDATE assignments: [`RECORD_COLUMNS`] from `$1`, then the image-rights stamp,
/// moved to now (`$n+2`) and to whoever changed them (`$n+3`) only if they changed (`$n+1`), `n`
/// being the record's column count.
pub fn child_assignments() -> String {
    let n = RECORD_COLUMNS.len();
    format!(
        "{}, image_rights_set_at = CASE WHEN ${changed} THEN ${at} ELSE image_rights_set_at END,
         image_rights_set_by = CASE WHEN ${changed} THEN ${by} ELSE image_rights_set_by END",
        assignments(&RECORD_COLUMNS, 1),
        changed = n + 1,
        at = n + 2,
        by = n + 3
    )
}

/// Binds a child's record to [`RECORD_COLUMNS`], in that order. A macro, since a query and a
/// scalar query are different types.
macro_rules! bind_record {
    ($query:expr, $record:expr) => {{
        let record: &tempatro_core::ChildRecord = $record;
        let address = record.address.as_ref();
        let primary = record.primary_contact.as_ref();
        let secondary = record.secondary_contact.as_ref();
        let doctor = record.doctor.as_ref();
        $query
            .bind(record.first_name.to_string())
            .bind(record.last_name.to_string())
            .bind($crate::store::rows::iso(record.birth_date.date()))
            .bind(record.gender.map(tempatro_core::Gender::as_str))
            .bind(address.map(|a| a.street().to_owned()))
            .bind(address.map(|a| i64::from(a.postal_code().value())))
            .bind(address.map(|a| a.locality().to_owned()))
            .bind(record.image_rights)
            .bind(primary.map(|c| c.name.to_string()))
            .bind(primary.and_then(|c| c.phone.as_ref().map(|p| p.e164().to_owned())))
            .bind(primary.and_then(|c| c.email.as_ref().map(ToString::to_string)))
            .bind(secondary.map(|c| c.name.to_string()))
            .bind(secondary.and_then(|c| c.phone.as_ref().map(|p| p.e164().to_owned())))
            .bind(secondary.and_then(|c| c.email.as_ref().map(ToString::to_string)))
            .bind(doctor.map(|d| d.name.to_string()))
            .bind(doctor.map(|d| d.phone.e164().to_owned()))
            .bind($crate::store::rows::record_key(record))
            .bind(tempatro_core::name::sort_key(
                record.last_name.as_ref(),
                record.first_name.as_ref(),
            ))
    }};
}

pub(crate) use bind_record;
