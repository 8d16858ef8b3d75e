use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::{Date, OffsetDateTime};

use tempatro_core::api::{AuditChange, MedicalReading};
use tempatro_core::medical::{BloodGroup, EmergencyContact, MedicalSheet, Medication};
use tempatro_core::{AccountId, ActivityKind, Amount, PersonName, PhoneNumber, RegistrationStatus};

use super::dues::{DUE_COLUMNS, clear_payments, create_due, due_from_row, record_payment};
use super::{SqliteStore, audit, from_unix, iso, parse_date, unix};
use crate::store::{
    ActivityStore, Actor, DueKind, DueSummary, NewActivity, Payment, StoreError, StoreResult,
    StoredActivity, StoredMedical, StoredRegistration,
};

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

/// Microseconds: the waiting list's order must not depend on two registrations' second.
fn queue_stamp(now: OffsetDateTime) -> i64 {
    i64::try_from(now.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

fn optional_date(row: &SqliteRow, column: &str) -> StoreResult<Option<Date>> {
    let text: Option<String> = row.try_get(column)?;
    text.as_deref().map(parse_date).transpose()
}

fn registration_from_row(row: &SqliteRow) -> StoreResult<StoredRegistration> {
    let status: String = row.try_get("status")?;
    Ok(StoredRegistration {
        activity_id: row.try_get("activity_id")?,
        child_id: row.try_get("child_id")?,
        status: RegistrationStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        fee: Amount::from_cents(row.try_get("fee")?),
        due: due_from_row(row)?,
        medical_confirmed_on: optional_date(row, "medical_confirmed_on")?,
        registered_at: from_unix(row.try_get("created_at")?)?,
    })
}

/// A registration's columns, for queries on `registrations r` joined to its `dues d`.
fn registration_columns() -> String {
    format!(
        "r.activity_id, r.child_id, r.status, r.fee, r.medical_confirmed_on, r.created_at, {DUE_COLUMNS}"
    )
}

fn medical_from_row(row: &SqliteRow) -> StoreResult<StoredMedical> {
    let text = |column: &str| -> StoreResult<Option<String>> { Ok(row.try_get(column)?) };
    let flag = |column: &str| -> StoreResult<Option<bool>> { Ok(row.try_get(column)?) };
    let medication: String = row.try_get("medication")?;
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
        consent_at: from_unix(row.try_get("consent_at")?)?,
        updated_at: from_unix(row.try_get("updated_at")?)?,
        version: row.try_get("version")?,
    })
}

impl SqliteStore {
    async fn activity_from_row(&self, row: &SqliteRow) -> StoreResult<StoredActivity> {
        let id: i64 = row.try_get("id")?;
        let kind: String = row.try_get("kind")?;
        let sections: Vec<i64> = sqlx::query_scalar(
            "SELECT section_id FROM activity_sections WHERE activity_id = ? ORDER BY section_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let leaders: Vec<i64> = sqlx::query_scalar(
            "SELECT account_id FROM activity_leaders WHERE activity_id = ? ORDER BY account_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let count = |column: &str| -> StoreResult<u32> {
            Ok(u32::try_from(row.try_get::<i64, _>(column)?).unwrap_or(u32::MAX))
        };
        Ok(StoredActivity {
            id,
            details: NewActivity {
                kind: ActivityKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                name: row.try_get("name")?,
                place: row.try_get("place")?,
                starts_on: parse_date(&row.try_get::<String, _>("starts_on")?)?,
                ends_on: parse_date(&row.try_get::<String, _>("ends_on")?)?,
                deadline: parse_date(&row.try_get::<String, _>("deadline")?)?,
                sections,
                price: Amount::from_cents(row.try_get("price")?),
                solidarity_price: row
                    .try_get::<Option<i64>, _>("solidarity_price")?
                    .map(Amount::from_cents),
                capacity: row
                    .try_get::<Option<i64>, _>("capacity")?
                    .map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
                needs_medical: row.try_get("needs_medical")?,
                leaders: leaders.into_iter().map(AccountId).collect(),
            },
            registered: count("registered")?,
            waitlisted: count("waitlisted")?,
        })
    }

    async fn registration_in(
        tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
        activity: i64,
        child: i64,
    ) -> StoreResult<StoredRegistration> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.activity_id = ? AND r.child_id = ?",
            registration_columns()
        )))
        .bind(activity)
        .bind(child)
        .fetch_optional(&mut **tx)
        .await?;
        row.as_ref()
            .map(registration_from_row)
            .transpose()?
            .ok_or(StoreError::Missing("registration"))
    }

    async fn write_activity_links(
        tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
        id: i64,
        activity: &NewActivity,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM activity_sections WHERE activity_id = ?")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM activity_leaders WHERE activity_id = ?")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for section in &activity.sections {
            sqlx::query("INSERT INTO activity_sections (activity_id, section_id) VALUES (?, ?)")
                .bind(id)
                .bind(*section)
                .execute(&mut **tx)
                .await?;
        }
        for leader in &activity.leaders {
            sqlx::query("INSERT INTO activity_leaders (activity_id, account_id) VALUES (?, ?)")
                .bind(id)
                .bind(leader.0)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// The child now holds a place: its fee becomes a due.
async fn owe(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    activity: i64,
    child: i64,
    name: &str,
    fee: Amount,
) -> StoreResult<()> {
    let due = create_due(tx, DueKind::Activity, child, name, fee).await?;
    sqlx::query("UPDATE registrations SET due_id = ? WHERE activity_id = ? AND child_id = ?")
        .bind(due)
        .bind(activity)
        .bind(child)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const ACTIVITY_QUERY: &str = "SELECT a.*,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'registered') AS registered,
        (SELECT COUNT(*) FROM registrations r WHERE r.activity_id = a.id AND r.status = 'waitlisted') AS waitlisted
     FROM activities a";

fn registration_change(activity: &str, status: RegistrationStatus) -> AuditChange {
    AuditChange {
        field: "registration".to_owned(),
        old: None,
        new: Some(format!(
            "{activity} · {}",
            status.label(tempatro_core::Lang::Fr)
        )),
    }
}

#[async_trait]
impl ActivityStore for SqliteStore {
    async fn create_activity(&self, activity: &NewActivity) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = sqlx::query(
            "INSERT INTO activities (kind, name, place, starts_on, ends_on, deadline, price, solidarity_price,
                capacity, needs_medical, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(activity.kind.as_str())
        .bind(activity.name.clone())
        .bind(activity.place.clone())
        .bind(iso(activity.starts_on))
        .bind(iso(activity.ends_on))
        .bind(iso(activity.deadline))
        .bind(activity.price.cents())
        .bind(activity.solidarity_price.map(Amount::cents))
        .bind(activity.capacity.map(i64::from))
        .bind(activity.needs_medical)
        .bind(unix(OffsetDateTime::now_utc()))
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        Self::write_activity_links(&mut tx, id, activity).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_activity(&self, id: i64, activity: &NewActivity) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let updated = sqlx::query(
            "UPDATE activities SET name = ?, place = ?, starts_on = ?, ends_on = ?, deadline = ?, price = ?,
                solidarity_price = ?, capacity = ?, needs_medical = ? WHERE id = ?",
        )
        .bind(activity.name.clone())
        .bind(activity.place.clone())
        .bind(iso(activity.starts_on))
        .bind(iso(activity.ends_on))
        .bind(iso(activity.deadline))
        .bind(activity.price.cents())
        .bind(activity.solidarity_price.map(Amount::cents))
        .bind(activity.capacity.map(i64::from))
        .bind(activity.needs_medical)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Missing("activity"));
        }
        Self::write_activity_links(&mut tx, id, activity).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn activity(&self, id: i64) -> StoreResult<Option<StoredActivity>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACTIVITY_QUERY} WHERE a.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.activity_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    async fn activities(&self) -> StoreResult<Vec<StoredActivity>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACTIVITY_QUERY} ORDER BY a.starts_on, a.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut activities = Vec::with_capacity(rows.len());
        for row in &rows {
            activities.push(self.activity_from_row(row).await?);
        }
        Ok(activities)
    }

    async fn register(
        &self,
        activity: i64,
        child: i64,
        fee: Amount,
        actor: &Actor,
    ) -> StoreResult<StoredRegistration> {
        let mut tx = self.write().await?;
        let now = OffsetDateTime::now_utc();
        let Some(name) =
            sqlx::query_scalar::<_, String>("SELECT name FROM activities WHERE id = ?")
                .bind(activity)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Err(StoreError::Missing("activity"));
        };
        let written = sqlx::query(
            "INSERT INTO registrations (activity_id, child_id, status, fee, queued_at, created_at)
             SELECT a.id, ?2,
                 CASE WHEN a.capacity IS NULL OR (SELECT COUNT(*) FROM registrations r
                     WHERE r.activity_id = a.id AND r.status = 'registered') < a.capacity
                 THEN 'registered' ELSE 'waitlisted' END,
                 ?3, ?4, ?5
             FROM activities a WHERE a.id = ?1
             ON CONFLICT (activity_id, child_id) DO UPDATE SET status = excluded.status,
                 fee = excluded.fee, due_id = NULL, queued_at = excluded.queued_at,
                 created_at = excluded.created_at, medical_confirmed_on = NULL
             WHERE registrations.status = 'cancelled'",
        )
        .bind(activity)
        .bind(child)
        .bind(fee.cents())
        .bind(queue_stamp(now))
        .bind(unix(now))
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() == 0 {
            return Err(StoreError::Duplicate);
        }
        let placed = Self::registration_in(&mut tx, activity, child).await?;
        if placed.status == RegistrationStatus::Registered {
            owe(&mut tx, activity, child, &name, fee).await?;
        }
        let registration = Self::registration_in(&mut tx, activity, child).await?;
        audit(
            &mut tx,
            actor,
            Some(child),
            "registered",
            &[registration_change(&name, registration.status)],
        )
        .await?;
        tx.commit().await?;
        Ok(registration)
    }

    async fn cancel_registration(
        &self,
        activity: i64,
        child: i64,
        actor: &Actor,
    ) -> StoreResult<(StoredRegistration, Option<i64>)> {
        let mut tx = self.write().await?;
        let before = Self::registration_in(&mut tx, activity, child).await?;
        if before.status == RegistrationStatus::Cancelled {
            return Err(StoreError::Missing("registration"));
        }
        sqlx::query(
            "UPDATE registrations SET status = 'cancelled' WHERE activity_id = ? AND child_id = ?",
        )
        .bind(activity)
        .bind(child)
        .execute(&mut *tx)
        .await?;
        // Nothing is owed for a place given up; what was paid stays recorded on the due.
        if let Some(due) = &before.due {
            sqlx::query("UPDATE dues SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL")
                .bind(unix(OffsetDateTime::now_utc()))
                .bind(due.id)
                .execute(&mut *tx)
                .await?;
        }
        let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = ?")
            .bind(activity)
            .fetch_one(&mut *tx)
            .await?;
        audit(
            &mut tx,
            actor,
            Some(child),
            "registration_cancelled",
            &[AuditChange {
                field: "registration".to_owned(),
                old: Some(format!(
                    "{name} · {}",
                    before.status.label(tempatro_core::Lang::Fr)
                )),
                new: None,
            }],
        )
        .await?;
        let mut promoted = None;
        if before.status == RegistrationStatus::Registered {
            promoted = sqlx::query_scalar(
                "UPDATE registrations SET status = 'registered'
                 WHERE activity_id = ?1 AND child_id = (
                     SELECT child_id FROM registrations WHERE activity_id = ?1 AND status = 'waitlisted'
                     ORDER BY queued_at, rowid LIMIT 1)
                   AND (SELECT capacity FROM activities WHERE id = ?1) >
                       (SELECT COUNT(*) FROM registrations WHERE activity_id = ?1 AND status = 'registered')
                 RETURNING child_id",
            )
            .bind(activity)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(moved) = promoted {
                let fee: i64 = sqlx::query_scalar(
                    "SELECT fee FROM registrations WHERE activity_id = ? AND child_id = ?",
                )
                .bind(activity)
                .bind(moved)
                .fetch_one(&mut *tx)
                .await?;
                owe(&mut tx, activity, moved, &name, Amount::from_cents(fee)).await?;
                audit(
                    &mut tx,
                    actor,
                    Some(moved),
                    "moved_up_from_waiting_list",
                    &[registration_change(&name, RegistrationStatus::Registered)],
                )
                .await?;
            }
        }
        let after = Self::registration_in(&mut tx, activity, child).await?;
        tx.commit().await?;
        Ok((after, promoted))
    }

    async fn registrations_of_activity(
        &self,
        activity: i64,
    ) -> StoreResult<Vec<StoredRegistration>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.activity_id = ? AND r.status <> 'cancelled'
             ORDER BY r.status = 'waitlisted', r.queued_at, r.rowid",
            registration_columns()
        )))
        .bind(activity)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(registration_from_row).collect()
    }

    async fn registrations_of_child(&self, child: i64) -> StoreResult<Vec<StoredRegistration>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.child_id = ? ORDER BY r.queued_at",
            registration_columns()
        )))
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(registration_from_row).collect()
    }

    async fn set_registration_payment(
        &self,
        activity: i64,
        child: i64,
        payment: Option<&Payment>,
        actor: &Actor,
    ) -> StoreResult<StoredRegistration> {
        let mut tx = self.write().await?;
        let before = Self::registration_in(&mut tx, activity, child).await?;
        let due = before.due.as_ref().ok_or(StoreError::Missing("due"))?;
        match payment {
            Some(payment) => record_payment(&mut tx, due.id, payment, &actor.label).await?,
            None => clear_payments(&mut tx, due.id).await?,
        }
        let after = Self::registration_in(&mut tx, activity, child).await?;
        let describe = |due: &Option<DueSummary>| {
            due.as_ref()
                .map(|due| format!("{} / {}", due.paid, due.amount))
        };
        audit(
            &mut tx,
            actor,
            Some(child),
            if payment.is_some() {
                "activity_paid"
            } else {
                "activity_unpaid"
            },
            &[AuditChange {
                field: format!("payment activity {activity}"),
                old: describe(&before.due),
                new: describe(&after.due),
            }],
        )
        .await?;
        let after = Self::registration_in(&mut tx, activity, child).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn confirm_medical(
        &self,
        activity: i64,
        child: i64,
        on: Date,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE registrations SET medical_confirmed_on = ? WHERE activity_id = ? AND child_id = ?",
        )
        .bind(iso(on))
        .bind(activity)
        .bind(child)
        .execute(&mut *tx)
        .await?;
        let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = ?")
            .bind(activity)
            .fetch_one(&mut *tx)
            .await?;
        let change = AuditChange {
            field: "medical_confirmed".to_owned(),
            old: None,
            new: Some(format!("{name} · {}", tempatro_core::date::short(on))),
        };
        audit(
            &mut tx,
            actor,
            Some(child),
            "medical_sheet_confirmed",
            &[change],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn medical(&self, child: i64) -> StoreResult<Option<StoredMedical>> {
        let row = sqlx::query("SELECT * FROM medical_sheets WHERE child_id = ?")
            .bind(child)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(medical_from_row).transpose()
    }

    async fn save_medical(
        &self,
        child: i64,
        version: i64,
        sheet: &MedicalSheet,
        changed_fields: &[&str],
        actor: &Actor,
    ) -> StoreResult<StoredMedical> {
        let mut tx = self.write().await?;
        let now = unix(OffsetDateTime::now_utc());
        let medication =
            serde_json::to_string(&sheet.medication).map_err(|e| corrupt("medication", e))?;
        let emergency = sheet.emergency_contact.as_ref();
        let written = sqlx::query(
            "INSERT INTO medical_sheets (child_id, insurer, blood_group, allergies, allergy_actions, diet,
                conditions, medication, tetanus_vaccination, can_swim, may_do_sports, paracetamol_allowed,
                emergency_name, emergency_phone, remarks, consent_at, updated_at, version)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, 1 WHERE true
             ON CONFLICT (child_id) DO UPDATE SET insurer = ?2, blood_group = ?3, allergies = ?4,
                allergy_actions = ?5, diet = ?6, conditions = ?7, medication = ?8, tetanus_vaccination = ?9,
                can_swim = ?10, may_do_sports = ?11, paracetamol_allowed = ?12, emergency_name = ?13,
                emergency_phone = ?14, remarks = ?15, updated_at = ?16, version = version + 1
             WHERE medical_sheets.version = ?17",
        )
        .bind(child)
        .bind(sheet.insurer.clone())
        .bind(sheet.blood_group.map(|g| g.to_string()))
        .bind(sheet.allergies.clone())
        .bind(sheet.allergy_actions.clone())
        .bind(sheet.diet.clone())
        .bind(sheet.conditions.clone())
        .bind(medication)
        .bind(sheet.tetanus_vaccination.map(iso))
        .bind(sheet.can_swim)
        .bind(sheet.may_do_sports)
        .bind(sheet.paracetamol_allowed)
        .bind(emergency.map(|e| e.name.to_string()))
        .bind(emergency.map(|e| e.phone.e164().to_owned()))
        .bind(sheet.remarks.clone())
        .bind(now)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() == 0 {
            // The sheet exists at another version than the one the change was made on.
            return Err(StoreError::Conflict);
        }
        // The audit log names the fields, never their values: old versions are not kept.
        let changes: Vec<AuditChange> = changed_fields
            .iter()
            .map(|field| AuditChange {
                field: format!("medical.{field}"),
                old: None,
                new: None,
            })
            .collect();
        audit(&mut tx, actor, Some(child), "medical_sheet_saved", &changes).await?;
        tx.commit().await?;
        self.medical(child)
            .await?
            .ok_or(StoreError::Missing("medical sheet"))
    }

    async fn log_medical_reading(
        &self,
        staff: &Actor,
        child: i64,
        activity: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO medical_readings (at, staff_id, staff, child_id, activity_id) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(staff.id.map(|id| id.0))
        .bind(staff.label.clone())
        .bind(child)
        .bind(activity)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn medical_readings(&self, child: Option<i64>) -> StoreResult<Vec<MedicalReading>> {
        let rows = sqlx::query(
            "SELECT m.at, m.staff, m.child_id, c.first_name, c.last_name, m.activity_id, a.name AS activity_name
             FROM medical_readings m JOIN children c ON c.id = m.child_id JOIN activities a ON a.id = m.activity_id
             WHERE ?1 IS NULL OR m.child_id = ?1 ORDER BY m.at, m.id",
        )
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let first: String = row.try_get("first_name")?;
                let last: String = row.try_get("last_name")?;
                Ok(MedicalReading {
                    at: from_unix(row.try_get("at")?)?,
                    staff: row.try_get("staff")?,
                    child_id: row.try_get("child_id")?,
                    child_name: format!("{first} {last}"),
                    activity_id: row.try_get("activity_id")?,
                    activity_name: row.try_get("activity_name")?,
                })
            })
            .collect()
    }
}
