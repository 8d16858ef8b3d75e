//! What both engines share: how a stored row reads back into the store's records, and how values
//! are written (instants as Unix seconds, dates as ISO text, amounts as cents). Only the SQL that
//! reaches these rows differs between SQLite and PostgreSQL.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use tempatro_core::api::{AuditChange, LinkRequestStatus};
use tempatro_core::medical::{BloodGroup, EmergencyContact, MedicalSheet, Medication};
use tempatro_core::payment::{BankLine, Due, StructuredReference};
use tempatro_core::{
    AccountId, AccountStatus, ActivityKind, Address, AgeRange, Amount, BirthDate, ChildRecord,
    Contact, ContactSlot, Cycle, Doctor, Email, FeeSchedule, Gender, PaymentMethod, PersonName,
    PhoneNumber, RegistrationStatus, Role, Section, TokenScope,
};

use super::{
    DueKind, DueSummary, NewActivity, Payment, StoreError, StoreResult, StoredAccount,
    StoredActivity, StoredAffiliation, StoredAudience, StoredBankLine, StoredChild, StoredDocument,
    StoredDue, StoredLinkRequest, StoredMedical, StoredNews, StoredPayment, StoredRegistration,
    StoredToken,
};

/// A column's value as the store reads it, the same from either engine.
pub trait Value: Sized {
    fn decode(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error>;
}

macro_rules! plain_values {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn decode(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
                row.try_get(column)
            }
        }
    )*};
}

plain_values!(
    i64,
    String,
    Vec<u8>,
    Option<i64>,
    Option<String>,
    Option<Vec<u8>>
);

/// A flag is a BOOLEAN on PostgreSQL and an INTEGER (0 or 1) on SQLite, which `sqlx::Any` passes
/// on as it finds it.
impl Value for bool {
    fn decode(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        Option::<bool>::decode(row, column)?.ok_or_else(|| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: "NULL in a flag".into(),
        })
    }
}

impl Value for Option<bool> {
    fn decode(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        match row.try_get::<Option<bool>, _>(column) {
            Err(sqlx::Error::ColumnDecode { .. }) => {
                Ok(row.try_get::<Option<i64>, _>(column)?.map(|flag| flag != 0))
            }
            read => read,
        }
    }
}

/// A row read by column name.
pub trait Read {
    fn read<T: Value>(&self, column: &str) -> StoreResult<T>;
}

impl Read for AnyRow {
    fn read<T: Value>(&self, column: &str) -> StoreResult<T> {
        Ok(T::decode(self, column)?)
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

pub fn iso(date: Date) -> String {
    date.to_string()
}

fn optional_date(row: &impl Read, column: &str) -> StoreResult<Option<Date>> {
    let text: Option<String> = row.read(column)?;
    text.as_deref().map(parse_date).transpose()
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

// Accounts and tokens.

pub const ACCOUNT_COLUMNS: &str = "id, email, first_name, last_name, phone, role, status, rejection_reason, password_hash, created_at";

/// `columns` ("id, email, …") each prefixed with a table's alias ("a.id, a.email, …").
pub fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|column| format!("{alias}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn account_from_row(row: &impl Read) -> StoreResult<StoredAccount> {
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("{what}: {value:?}"));
    let email: String = row.read("email")?;
    let first_name: String = row.read("first_name")?;
    let last_name: String = row.read("last_name")?;
    let role: String = row.read("role")?;
    let status: String = row.read("status")?;
    let phone: Option<String> = row.read("phone")?;
    Ok(StoredAccount {
        id: AccountId(row.read("id")?),
        email: Email::parse(&email).map_err(|_| corrupt("email", &email))?,
        first_name: PersonName::parse(&first_name)
            .map_err(|_| corrupt("first_name", &first_name))?,
        last_name: PersonName::parse(&last_name).map_err(|_| corrupt("last_name", &last_name))?,
        phone: phone
            .map(|phone| PhoneNumber::parse(&phone).map_err(|_| corrupt("phone", &phone)))
            .transpose()?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        status: AccountStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        rejection_reason: row.read("rejection_reason")?,
        password_hash: row.read("password_hash")?,
        created_at: from_unix(row.read("created_at")?)?,
    })
}

pub fn token_from_row(row: &impl Read) -> StoreResult<StoredToken> {
    let scope: String = row.read("scope")?;
    Ok(StoredToken {
        name: row.read("name")?,
        scope: TokenScope::parse(&scope)
            .ok_or_else(|| StoreError::Corrupt(format!("token scope {scope:?}")))?,
        creator: AccountId(row.read("account_id")?),
        created_at: from_unix(row.read("created_at")?)?,
        last_used_at: row
            .read::<Option<i64>>("last_used_at")?
            .map(from_unix)
            .transpose()?,
    })
}

/// "Papa de Billy (papa.billy@…)", as the audit log names a parent linked or unlinked.
pub fn parent_label(parent: &StoredAccount) -> String {
    format!(
        "{} {} ({})",
        parent.first_name, parent.last_name, parent.email
    )
}

// Sections and cycles.

pub fn section_from_row(row: &impl Read) -> StoreResult<Section> {
    let min: i64 = row.read("min_age")?;
    let max: i64 = row.read("max_age")?;
    let gender: Option<String> = row.read("gender")?;
    let ages = u8::try_from(min)
        .ok()
        .zip(u8::try_from(max).ok())
        .and_then(|(min, max)| AgeRange::new(min, max).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("section ages {min}-{max}")))?;
    Ok(Section {
        id: row.read("id")?,
        name: row.read("name")?,
        ages,
        gender: gender.as_deref().and_then(Gender::parse),
        position: row.read("position")?,
    })
}

pub fn fees_from_row(row: &impl Read) -> StoreResult<FeeSchedule> {
    Ok(FeeSchedule {
        normal: Amount::from_cents(row.read("normal_fee")?),
        solidarity: Amount::from_cents(row.read("solidarity_fee")?),
        sibling_discount: Amount::from_cents(row.read("sibling_discount")?),
    })
}

/// A cycle with its fees and how many children it has (`affiliated`), as `cycles()` lists it.
pub fn cycle_from_row(row: &impl Read) -> StoreResult<(Cycle, FeeSchedule, u32)> {
    let affiliated: i64 = row.read("affiliated")?;
    Ok((
        cycle_from(row.read("start_year")?)?,
        fees_from_row(row)?,
        u32::try_from(affiliated).unwrap_or(u32::MAX),
    ))
}

// Dues, payments and bank lines.

/// A due's columns, for queries that join `dues d`: each is prefixed `d_`. The sum is cast
/// because PostgreSQL sums BIGINT into NUMERIC; SQLite reads the cast as INTEGER.
pub const DUE_COLUMNS: &str = "d.id AS d_id, d.amount AS d_amount, d.reference AS d_reference, \
    d.cancelled_at IS NOT NULL AS d_cancelled, \
    CAST((SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.due_id = d.id) AS BIGINT) AS d_paid, \
    (SELECT p.paid_on FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_paid_on, \
    (SELECT p.method FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_method";

/// The columns of a due's own record, before [`DUE_COLUMNS`], for queries on `dues d` joined to
/// its `children c`.
pub const DUE_QUERY: &str =
    "SELECT d.kind, d.child_id, d.label, d.created_at, c.first_name, c.last_name";

pub fn kind_str(kind: DueKind) -> &'static str {
    match kind {
        DueKind::Affiliation => "affiliation",
        DueKind::Activity => "activity",
        DueKind::Other => "other",
    }
}

fn kind_from(text: &str) -> StoreResult<DueKind> {
    match text {
        "affiliation" => Ok(DueKind::Affiliation),
        "activity" => Ok(DueKind::Activity),
        "other" => Ok(DueKind::Other),
        other => Err(StoreError::Corrupt(format!("due kind {other:?}"))),
    }
}

/// A due's structured communication, built from its id: unique, and stable for as long as the
/// due lives. Its first digit lets a secretary reading a bank line tell an affiliation (1) from a
/// camp (2) or anything else (3) at a glance.
pub fn due_reference(kind: DueKind, id: i64) -> StoreResult<StructuredReference> {
    let digit: u64 = match kind {
        DueKind::Affiliation => 1,
        DueKind::Activity => 2,
        DueKind::Other => 3,
    };
    let number = digit * 1_000_000_000
        + u64::try_from(id).map_err(|_| StoreError::Corrupt(format!("due id {id}")))?;
    StructuredReference::from_number(number)
        .map_err(|e| StoreError::Corrupt(format!("reference for due {id}: {e}")))
}

/// Reads the `d_` columns; `None` when a left join found no due.
pub fn due_from_row(row: &impl Read) -> StoreResult<Option<DueSummary>> {
    let Some(id) = row.read::<Option<i64>>("d_id")? else {
        return Ok(None);
    };
    let reference: Option<String> = row.read("d_reference")?;
    let reference = reference
        .as_deref()
        .map(StructuredReference::parse)
        .transpose()
        .map_err(|e| StoreError::Corrupt(format!("reference: {e}")))?
        .ok_or_else(|| StoreError::Corrupt(format!("due {id} without reference")))?;
    let last_paid_on: Option<String> = row.read("d_last_paid_on")?;
    let last_method: Option<String> = row.read("d_last_method")?;
    Ok(Some(DueSummary {
        id,
        due: Due {
            reference,
            amount: Amount::from_cents(row.read("d_amount")?),
            paid: Amount::from_cents(row.read("d_paid")?),
            cancelled: row.read("d_cancelled")?,
        },
        last_payment: match last_paid_on {
            Some(paid_on) => Some(Payment {
                paid_on: parse_date(&paid_on)?,
                amount: Amount::from_cents(0),
                method: last_method
                    .as_deref()
                    .and_then(PaymentMethod::parse)
                    .unwrap_or(PaymentMethod::Other),
            }),
            None => None,
        },
    }))
}

/// A row of `DUE_QUERY, DUE_COLUMNS`, with the due's payments.
pub fn stored_due(row: &impl Read, payments: Vec<StoredPayment>) -> StoreResult<StoredDue> {
    let kind: String = row.read("kind")?;
    let first: String = row.read("first_name")?;
    let last: String = row.read("last_name")?;
    Ok(StoredDue {
        summary: due_from_row(row)?.ok_or_else(|| StoreError::Corrupt("due row".to_owned()))?,
        kind: kind_from(&kind)?,
        child_id: row.read("child_id")?,
        child_name: format!("{first} {last}"),
        label: row.read("label")?,
        created_at: from_unix(row.read("created_at")?)?,
        payments,
    })
}

/// A row of `payments`: the due it pays, and the payment.
pub fn payment_from_row(row: &impl Read) -> StoreResult<(i64, StoredPayment)> {
    let method: String = row.read("method")?;
    Ok((
        row.read("due_id")?,
        StoredPayment {
            payment: Payment {
                paid_on: parse_date(&row.read::<String>("paid_on")?)?,
                amount: Amount::from_cents(row.read("amount")?),
                method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Other),
            },
            bank_line: row.read("bank_line")?,
        },
    ))
}

pub fn line_status_str(status: tempatro_core::api::BankLineStatus) -> &'static str {
    use tempatro_core::api::BankLineStatus;
    match status {
        BankLineStatus::Matched => "matched",
        BankLineStatus::Unmatched => "unmatched",
        BankLineStatus::Debit => "debit",
    }
}

pub fn bank_line_from_row(row: &impl Read) -> StoreResult<StoredBankLine> {
    use tempatro_core::api::BankLineStatus;
    let reference: Option<String> = row.read("reference")?;
    let status: String = row.read("status")?;
    Ok(StoredBankLine {
        line: BankLine {
            id: row.read("id")?,
            date: parse_date(&row.read::<String>("booked_on")?)?,
            amount: Amount::from_cents(row.read("amount")?),
            counterparty: row.read("counterparty")?,
            reference: reference
                .as_deref()
                .map(StructuredReference::parse)
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("bank line reference: {e}")))?,
            communication: row.read("communication")?,
        },
        status: match status.as_str() {
            "matched" => BankLineStatus::Matched,
            "unmatched" => BankLineStatus::Unmatched,
            "debit" => BankLineStatus::Debit,
            other => return Err(StoreError::Corrupt(format!("bank line status {other:?}"))),
        },
        due_id: row.read("due_id")?,
    })
}

/// The audit line of a payment read from a bank statement.
pub fn bank_payment_change(due: i64, line: &BankLine) -> AuditChange {
    AuditChange {
        field: format!("due {due}"),
        old: None,
        new: Some(format!(
            "{} · {} · extrait bancaire",
            tempatro_core::date::short(line.date),
            line.amount
        )),
    }
}

/// The audit line of a payment recorded by hand on a due.
pub fn due_payment_change(due: i64, payment: &Payment) -> AuditChange {
    AuditChange {
        field: format!("due {due}"),
        old: None,
        new: Some(format!(
            "{} · {} · {}",
            tempatro_core::date::short(payment.paid_on),
            payment.amount,
            payment.method.label(tempatro_core::Lang::Fr)
        )),
    }
}

// Children, affiliations and link requests.

pub const CHILD_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.street, c.postal_code, \
    c.locality, c.image_rights, c.image_rights_set_at, c.image_rights_set_by, c.primary_contact_name, \
    c.primary_contact_phone, c.primary_contact_email, c.secondary_contact_name, c.secondary_contact_phone, \
    c.secondary_contact_email, c.doctor_name, c.doctor_phone, c.created_at, c.version, c.external_id";

/// An affiliation's columns, prefixed `a_`, for queries that join `affiliations a` and its
/// `dues d`; the due's come after.
pub fn affiliation_columns() -> String {
    format!(
        "a.child_id AS a_child_id, a.cycle AS a_cycle, a.section_id AS a_section_id, \
         a.solidarity AS a_solidarity, {DUE_COLUMNS}"
    )
}

pub fn child_from_row(row: &impl Read) -> StoreResult<StoredChild> {
    let text = |column: &str| -> StoreResult<Option<String>> { row.read(column) };
    let id: i64 = row.read("id")?;
    let first_name: String = row.read("first_name")?;
    let last_name: String = row.read("last_name")?;
    let birth: String = row.read("birth_date")?;
    let today = OffsetDateTime::now_utc().date();
    let contact = |slot, prefix: &str| -> StoreResult<Option<Contact>> {
        let Some(name) = text(&format!("{prefix}_name"))? else {
            return Ok(None);
        };
        let phone = text(&format!("{prefix}_phone"))?;
        let email = text(&format!("{prefix}_email"))?;
        Contact::parse(slot, &name, phone.as_deref(), email.as_deref())
            .map(Some)
            .map_err(|error| corrupt(prefix, error))
    };
    let address = match (
        text("street")?,
        row.read::<Option<i64>>("postal_code")?,
        text("locality")?,
    ) {
        (Some(street), Some(code), Some(locality)) => Some(
            Address::new(&street, &code.to_string(), &locality)
                .map_err(|e| corrupt("address", e))?,
        ),
        _ => None,
    };
    let doctor = match (text("doctor_name")?, text("doctor_phone")?) {
        (Some(name), Some(phone)) => {
            Some(Doctor::parse(&name, &phone).map_err(|e| corrupt("doctor", e))?)
        }
        _ => None,
    };
    let record = ChildRecord {
        first_name: PersonName::parse(&first_name).map_err(|e| corrupt("first_name", e))?,
        last_name: PersonName::parse(&last_name).map_err(|e| corrupt("last_name", e))?,
        birth_date: BirthDate::new(parse_date(&birth)?, today.max(parse_date(&birth)?))
            .map_err(|e| corrupt("birth_date", e))?,
        gender: text("gender")?.as_deref().and_then(Gender::parse),
        address,
        image_rights: row.read("image_rights")?,
        primary_contact: contact(ContactSlot::Primary, "primary_contact")?,
        secondary_contact: contact(ContactSlot::Secondary, "secondary_contact")?,
        doctor,
    };
    Ok(StoredChild {
        id,
        record,
        image_rights_set_at: row
            .read::<Option<i64>>("image_rights_set_at")?
            .map(from_unix)
            .transpose()?,
        image_rights_set_by: text("image_rights_set_by")?,
        created_at: from_unix(row.read("created_at")?)?,
        version: row.read("version")?,
        external_id: text("external_id")?,
    })
}

/// The key an import recognises this child by when its file has no `external_id`.
pub fn record_key(record: &ChildRecord) -> String {
    tempatro_core::import::match_key(
        record.last_name.as_ref(),
        record.first_name.as_ref(),
        record.birth_date.date(),
    )
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

/// Reads the `a_`-prefixed affiliation columns of a joined row, absent when the join found none.
pub fn affiliation_from_row(row: &impl Read) -> StoreResult<Option<StoredAffiliation>> {
    let Some(child_id) = row.read::<Option<i64>>("a_child_id")? else {
        return Ok(None);
    };
    Ok(Some(StoredAffiliation {
        child_id,
        cycle: cycle_from(row.read("a_cycle")?)?,
        section_id: row.read("a_section_id")?,
        solidarity: row.read("a_solidarity")?,
        due: due_from_row(row)?.ok_or_else(|| corrupt("affiliation", "without its due"))?,
    }))
}

pub fn affiliation_summary(affiliation: &StoredAffiliation) -> String {
    format!(
        "{} · {}{}",
        affiliation.cycle,
        affiliation.due.amount,
        if affiliation.solidarity {
            " · solidaire"
        } else {
            ""
        }
    )
}

pub fn link_status_str(status: LinkRequestStatus) -> &'static str {
    match status {
        LinkRequestStatus::Pending => "pending",
        LinkRequestStatus::Approved => "approved",
        LinkRequestStatus::Rejected => "rejected",
    }
}

pub fn link_request_from_row(row: &impl Read) -> StoreResult<StoredLinkRequest> {
    let status: String = row.read("status")?;
    let birth: String = row.read("birth_date")?;
    Ok(StoredLinkRequest {
        id: row.read("id")?,
        account: AccountId(row.read("account_id")?),
        child_first_name: row.read("child_first_name")?,
        child_last_name: row.read("child_last_name")?,
        birth_date: parse_date(&birth)?,
        message: row.read("message")?,
        status: match status.as_str() {
            "pending" => LinkRequestStatus::Pending,
            "approved" => LinkRequestStatus::Approved,
            "rejected" => LinkRequestStatus::Rejected,
            other => return Err(corrupt("link request status", other)),
        },
        child_id: row.read("child_id")?,
        reason: row.read("reason")?,
        created_at: from_unix(row.read("created_at")?)?,
    })
}

/// An audit entry as `audit_of` lists it.
pub fn audit_entry_from_row(row: &impl Read) -> StoreResult<tempatro_core::api::AuditEntry> {
    let changes: String = row.read("changes")?;
    Ok(tempatro_core::api::AuditEntry {
        at: from_unix(row.read("at")?)?,
        actor: row.read("actor")?,
        action: row.read("action")?,
        changes: serde_json::from_str(&changes).map_err(|error| corrupt("audit changes", error))?,
    })
}

// Activities, registrations and medical sheets.

/// Every activity with its counts of registered and waiting children.
pub const ACTIVITY_QUERY: &str = "SELECT a.*,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'registered') AS registered,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'waitlisted') AS waitlisted
     FROM activities a";

/// A row of [`ACTIVITY_QUERY`], with the activity's sections and leaders read apart.
pub fn activity_from_row(
    row: &impl Read,
    sections: Vec<i64>,
    leaders: Vec<i64>,
) -> StoreResult<StoredActivity> {
    let kind: String = row.read("kind")?;
    let count = |column: &str| -> StoreResult<u32> {
        Ok(u32::try_from(row.read::<i64>(column)?).unwrap_or(u32::MAX))
    };
    Ok(StoredActivity {
        id: row.read("id")?,
        details: NewActivity {
            kind: ActivityKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            name: row.read("name")?,
            place: row.read("place")?,
            starts_on: parse_date(&row.read::<String>("starts_on")?)?,
            ends_on: parse_date(&row.read::<String>("ends_on")?)?,
            deadline: parse_date(&row.read::<String>("deadline")?)?,
            sections,
            price: Amount::from_cents(row.read("price")?),
            solidarity_price: row
                .read::<Option<i64>>("solidarity_price")?
                .map(Amount::from_cents),
            capacity: row
                .read::<Option<i64>>("capacity")?
                .map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
            needs_medical: row.read("needs_medical")?,
            leaders: leaders.into_iter().map(AccountId).collect(),
        },
        registered: count("registered")?,
        waitlisted: count("waitlisted")?,
    })
}

/// A registration's columns, for queries on `registrations r` joined to its `dues d`.
pub fn registration_columns() -> String {
    format!(
        "r.activity_id, r.child_id, r.status, r.fee, r.medical_confirmed_on, r.created_at, {DUE_COLUMNS}"
    )
}

/// A registration read with its activity's `stay_` columns.
pub fn stay_from_row(row: &impl Read) -> StoreResult<super::Stay> {
    let starts_on: String = row.read("stay_starts_on")?;
    Ok(super::Stay {
        registration: registration_from_row(row)?,
        activity_name: row.read("stay_name")?,
        starts_on: parse_date(&starts_on)?,
        needs_medical: row.read("stay_needs_medical")?,
    })
}

pub fn registration_from_row(row: &impl Read) -> StoreResult<StoredRegistration> {
    let status: String = row.read("status")?;
    Ok(StoredRegistration {
        activity_id: row.read("activity_id")?,
        child_id: row.read("child_id")?,
        status: RegistrationStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        fee: Amount::from_cents(row.read("fee")?),
        due: due_from_row(row)?,
        medical_confirmed_on: optional_date(row, "medical_confirmed_on")?,
        registered_at: from_unix(row.read("created_at")?)?,
    })
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

/// The audit line of "les informations sont à jour" for a stay.
pub fn medical_confirmed_change(activity: &str, on: Date) -> AuditChange {
    AuditChange {
        field: "medical_confirmed".to_owned(),
        old: None,
        new: Some(format!("{activity} · {}", tempatro_core::date::short(on))),
    }
}

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

pub fn medication_json(sheet: &MedicalSheet) -> StoreResult<String> {
    serde_json::to_string(&sheet.medication).map_err(|e| corrupt("medication", e))
}

pub fn medical_from_row(row: &impl Read) -> StoreResult<StoredMedical> {
    let text = |column: &str| -> StoreResult<Option<String>> { row.read(column) };
    let flag = |column: &str| -> StoreResult<Option<bool>> { row.read(column) };
    let medication: String = row.read("medication")?;
    let emergency = match (text("emergency_name")?, text("emergency_phone")?) {
        (Some(name), Some(phone)) => Some(EmergencyContact {
            name: PersonName::parse(&name).map_err(|e| corrupt("emergency name", e))?,
            phone: PhoneNumber::parse(&phone).map_err(|e| corrupt("emergency phone", e))?,
        }),
        _ => None,
    };
    Ok(StoredMedical {
        sheet: MedicalSheet {
            insurer: text("insurer")?,
            blood_group: text("blood_group")?
                .map(|g| BloodGroup::parse(&g).map_err(|e| corrupt("blood group", e)))
                .transpose()?,
            allergies: text("allergies")?,
            allergy_actions: text("allergy_actions")?,
            diet: text("diet")?,
            conditions: text("conditions")?,
            medication: serde_json::from_str::<Vec<Medication>>(&medication)
                .map_err(|e| corrupt("medication", e))?,
            tetanus_vaccination: optional_date(row, "tetanus_vaccination")?,
            can_swim: flag("can_swim")?,
            may_do_sports: flag("may_do_sports")?,
            paracetamol_allowed: flag("paracetamol_allowed")?,
            emergency_contact: emergency,
            remarks: text("remarks")?,
        },
        consent_at: from_unix(row.read("consent_at")?)?,
        updated_at: from_unix(row.read("updated_at")?)?,
        version: row.read("version")?,
    })
}

pub fn medical_reading_from_row(
    row: &impl Read,
) -> StoreResult<tempatro_core::api::MedicalReading> {
    let first: String = row.read("first_name")?;
    let last: String = row.read("last_name")?;
    Ok(tempatro_core::api::MedicalReading {
        at: from_unix(row.read("at")?)?,
        staff: row.read("staff")?,
        child_id: row.read("child_id")?,
        child_name: format!("{first} {last}"),
        activity_id: row.read("activity_id")?,
        activity_name: row.read("activity_name")?,
    })
}

// Documents and news.

pub const DOCUMENT_COLUMNS: &str =
    "id, title, filename, content_type, size, audience, audience_id, published_at";

/// How a document's audience is stored: its kind, and the id it names.
pub fn audience_columns(audience: StoredAudience) -> (&'static str, Option<i64>) {
    match audience {
        StoredAudience::All => ("all", None),
        StoredAudience::Section(id) => ("section", Some(id)),
        StoredAudience::Activity(id) => ("activity", Some(id)),
        StoredAudience::Child(id) => ("child", Some(id)),
    }
}

pub fn document_from_row(row: &impl Read) -> StoreResult<StoredDocument> {
    let audience: String = row.read("audience")?;
    let target: Option<i64> = row.read("audience_id")?;
    let audience = match (audience.as_str(), target) {
        ("all", _) => StoredAudience::All,
        ("section", Some(id)) => StoredAudience::Section(id),
        ("activity", Some(id)) => StoredAudience::Activity(id),
        ("child", Some(id)) => StoredAudience::Child(id),
        (other, _) => return Err(StoreError::Corrupt(format!("audience {other:?}"))),
    };
    let size: i64 = row.read("size")?;
    Ok(StoredDocument {
        id: row.read("id")?,
        title: row.read("title")?,
        filename: row.read("filename")?,
        content_type: row.read("content_type")?,
        size: u64::try_from(size).unwrap_or(0),
        audience,
        published_at: from_unix(row.read("published_at")?)?,
    })
}

pub fn news_from_row(row: &impl Read) -> StoreResult<StoredNews> {
    Ok(StoredNews {
        id: row.read("id")?,
        title: row.read("title")?,
        body: row.read("body")?,
        section: row.read("section_id")?,
        published: row.read("published")?,
        published_at: from_unix(row.read("published_at")?)?,
        read: row.read("read")?,
    })
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

/// `$from, $from+1, …`: `count` placeholders.
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `column = $from, next = $from+1, …`: an UPDATE's assignments of `columns`.
pub fn assignments(columns: &[&str], from: usize) -> String {
    columns
        .iter()
        .zip(from..)
        .map(|(column, n)| format!("{column} = ${n}"))
        .collect::<Vec<_>>()
        .join(", ")
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
