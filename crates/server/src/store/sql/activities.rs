use std::collections::HashMap;

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use tempatro_core::api::MedicalReading;
use tempatro_core::medical::MedicalSheet;
use tempatro_core::{Amount, Cycle, RegistrationStatus};

use super::dues::{clear_payments, create_due, record_payment};
use super::{SqlStore, audit};
use crate::store::engine::{Engine, Referrers, json_list};
use crate::store::rows::activities::{
    ACTIVITY_QUERY, ActivityRow, ParticipantRow, RegistrationRow, StayRow,
    registration_cancelled_change, registration_change, registration_columns,
    registration_payment_change,
};
use crate::store::rows::children::{CHILD_COLUMNS, ChildSheetRow};
use crate::store::rows::medical::{
    MedicalReadingRow, MedicalRow, bind_medical, medical_confirmed_change, medical_saved_changes,
    medication_json,
};
use crate::store::rows::{cycle_year, iso, queue_stamp, unix};
use crate::store::{
    ActivityStore, Actor, DueKind, NewActivity, Payment, Stay, StoreError, StoreResult,
    StoredActivity, StoredChild, StoredMedical, StoredParticipant, StoredRegistration,
};

impl SqlStore {
    /// The activities of `rows` with their sections and leaders: three statements in all,
    /// whatever their number.
    async fn with_links(&self, rows: Vec<ActivityRow>) -> StoreResult<Vec<StoredActivity>> {
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let links = |table: &str, column: &str| {
            format!(
                "SELECT activity_id, {column} FROM {table} WHERE activity_id IN {}
                 ORDER BY activity_id, {column}",
                self.ids(1)
            )
        };
        let sections: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(links(
            "activity_sections",
            "section_id",
        )))
        .bind(json_list(&ids)?)
        .fetch_all(&self.pool)
        .await?;
        let leaders: Vec<(i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(links("activity_leaders", "account_id")))
                .bind(json_list(&ids)?)
                .fetch_all(&self.pool)
                .await?;
        let of = |links: &[(i64, i64)], id: i64| -> Vec<i64> {
            links
                .iter()
                .filter(|(activity, _)| *activity == id)
                .map(|(_, linked)| *linked)
                .collect()
        };
        rows.into_iter()
            .map(|row| {
                let id = row.id;
                row.into_activity(of(&sections, id), of(&leaders, id))
            })
            .collect()
    }

    async fn registration_in(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        activity: i64,
        child: i64,
    ) -> StoreResult<StoredRegistration> {
        let row: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.activity_id = $1 AND r.child_id = $2",
            registration_columns()
        )))
        .bind(activity)
        .bind(child)
        .fetch_optional(&mut **tx)
        .await?;
        row.map(StoredRegistration::try_from)
            .transpose()?
            .ok_or(StoreError::Missing("registration"))
    }

    async fn write_activity_links(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: i64,
        activity: &NewActivity,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM activity_sections WHERE activity_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM activity_leaders WHERE activity_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for section in &activity.sections {
            sqlx::query("INSERT INTO activity_sections (activity_id, section_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*section)
                .execute(&mut **tx)
                .await?;
        }
        for leader in &activity.leaders {
            sqlx::query("INSERT INTO activity_leaders (activity_id, account_id) VALUES ($1, $2)")
                .bind(id)
                .bind(leader.0)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// The waiting list's order, the same on both engines: the time of registration (in
/// microseconds), then the child's id.
const QUEUE_ORDER: &str = "r.queued_at, r.child_id";

/// Locks an activity's row until the transaction ends and returns its name. Registrations and
/// cancellations of one activity then follow each other, so that the count of places taken that
/// decides a registration's status is never read while another one is being written. (NO KEY
/// UPDATE: registrations referring to the activity do not wait for it.)
async fn lock_activity(
    engine: &Engine,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    activity: i64,
) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT name FROM activities WHERE id = $1{}",
        engine.row_lock(Referrers::Proceed)
    )))
    .bind(activity)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The child now holds a place: its fee becomes a due.
async fn owe(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    activity: i64,
    child: i64,
    name: &str,
    fee: Amount,
) -> StoreResult<()> {
    let due = create_due(tx, DueKind::Activity, child, name, fee).await?;
    sqlx::query("UPDATE registrations SET due_id = $1 WHERE activity_id = $2 AND child_id = $3")
        .bind(due)
        .bind(activity)
        .bind(child)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl ActivityStore for SqlStore {
    async fn create_activity(&self, activity: &NewActivity) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (kind, name, place, starts_on, ends_on, deadline, price, solidarity_price,
                capacity, needs_medical, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             RETURNING id",
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
        .fetch_one(&mut *tx)
        .await?;
        Self::write_activity_links(&mut tx, id, activity).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_activity(&self, id: i64, activity: &NewActivity) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let updated = sqlx::query(
            "UPDATE activities SET name = $1, place = $2, starts_on = $3, ends_on = $4, deadline = $5, price = $6,
                solidarity_price = $7, capacity = $8, needs_medical = $9 WHERE id = $10",
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
        let row: Option<ActivityRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTIVITY_QUERY} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(self.with_links(row.into_iter().collect()).await?.pop())
    }

    async fn activities(&self) -> StoreResult<Vec<StoredActivity>> {
        let rows: Vec<ActivityRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTIVITY_QUERY} ORDER BY a.starts_on, a.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        self.with_links(rows).await
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
        let Some(name) = lock_activity(&self.engine, &mut tx, activity).await? else {
            return Err(StoreError::Missing("activity"));
        };
        let written = sqlx::query(
            "INSERT INTO registrations (activity_id, child_id, status, fee, queued_at, created_at)
             SELECT a.id, $2,
                 CASE WHEN a.capacity IS NULL OR (SELECT COUNT(*) FROM registrations r
                     WHERE r.activity_id = a.id AND r.status = 'registered') < a.capacity
                 THEN 'registered' ELSE 'waitlisted' END,
                 $3, $4, $5
             FROM activities a WHERE a.id = $1
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
        lock_activity(&self.engine, &mut tx, activity).await?;
        let before = Self::registration_in(&mut tx, activity, child).await?;
        if before.status == RegistrationStatus::Cancelled {
            return Err(StoreError::Missing("registration"));
        }
        sqlx::query(
            "UPDATE registrations SET status = 'cancelled' WHERE activity_id = $1 AND child_id = $2",
        )
        .bind(activity)
        .bind(child)
        .execute(&mut *tx)
        .await?;
        // Nothing is owed for a place given up; what was paid stays recorded on the due.
        if let Some(due) = &before.due {
            sqlx::query("UPDATE dues SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL")
                .bind(unix(OffsetDateTime::now_utc()))
                .bind(due.id)
                .execute(&mut *tx)
                .await?;
        }
        let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1")
            .bind(activity)
            .fetch_one(&mut *tx)
            .await?;
        audit(
            &mut tx,
            actor,
            Some(child),
            "registration_cancelled",
            &[registration_cancelled_change(&name, before.status)],
        )
        .await?;
        let mut promoted = None;
        if before.status == RegistrationStatus::Registered {
            promoted = sqlx::query_scalar(
                sqlx::AssertSqlSafe(format!(
                    "UPDATE registrations SET status = 'registered'
                     WHERE activity_id = $1 AND child_id = (
                         SELECT r.child_id FROM registrations r
                         WHERE r.activity_id = $1 AND r.status = 'waitlisted'
                         ORDER BY {QUEUE_ORDER} LIMIT 1)
                       AND (SELECT capacity FROM activities WHERE id = $1) >
                           (SELECT COUNT(*) FROM registrations WHERE activity_id = $1 AND status = 'registered')
                     RETURNING child_id"
                )),
            )
            .bind(activity)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(moved) = promoted {
                let fee: i64 = sqlx::query_scalar(
                    "SELECT fee FROM registrations WHERE activity_id = $1 AND child_id = $2",
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
        let rows: Vec<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.activity_id = $1 AND r.status <> 'cancelled'
             ORDER BY r.status = 'waitlisted', {QUEUE_ORDER}",
            registration_columns()
        )))
        .bind(activity)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredRegistration::try_from).collect()
    }

    async fn participants(
        &self,
        activity: i64,
        cycle: Cycle,
    ) -> StoreResult<Vec<StoredParticipant>> {
        // Three statements whatever the number of participants: the list, their sheets, their
        // medical sheets.
        let registrations: Vec<ParticipantRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, a.section_id AS p_section_id
             FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             LEFT JOIN affiliations a ON a.child_id = r.child_id AND a.cycle = $2
             WHERE r.activity_id = $1 AND r.status <> 'cancelled'
             ORDER BY r.status = 'waitlisted', {QUEUE_ORDER}",
            registration_columns()
        )))
        .bind(activity)
        .bind(cycle_year(cycle))
        .fetch_all(&self.pool)
        .await?;
        let children: Vec<ChildSheetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS} FROM children c WHERE c.id IN (
                 SELECT child_id FROM registrations WHERE activity_id = $1 AND status <> 'cancelled')"
        )))
        .bind(activity)
        .fetch_all(&self.pool)
        .await?;
        let mut children: HashMap<i64, StoredChild> = children
            .into_iter()
            .map(|row| StoredChild::try_from(row).map(|child| (child.id, child)))
            .collect::<StoreResult<_>>()?;
        let medical: Vec<MedicalRow> = sqlx::query_as(
            "SELECT * FROM medical_sheets WHERE child_id IN (
                 SELECT child_id FROM registrations WHERE activity_id = $1 AND status <> 'cancelled')",
        )
        .bind(activity)
        .fetch_all(&self.pool)
        .await?;
        let mut medical: HashMap<i64, StoredMedical> = medical
            .into_iter()
            .map(|row| Ok((row.child_id, row.try_into()?)))
            .collect::<StoreResult<_>>()?;
        let mut participants = Vec::with_capacity(registrations.len());
        for row in registrations {
            let registration = StoredRegistration::try_from(row.registration)?;
            let child = children
                .remove(&registration.child_id)
                .ok_or(StoreError::Missing("child"))?;
            participants.push(StoredParticipant {
                medical: medical.remove(&child.id),
                section_id: row.p_section_id,
                registration,
                child,
            });
        }
        Ok(participants)
    }

    async fn registrations_of_children(
        &self,
        children: &[i64],
    ) -> StoreResult<Vec<StoredRegistration>> {
        if children.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM registrations r LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.child_id IN {} ORDER BY r.child_id, r.queued_at",
            registration_columns(),
            self.ids(1)
        )))
        .bind(json_list(children)?)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredRegistration::try_from).collect()
    }

    async fn coming_stays(&self, children: &[i64], from: Date) -> StoreResult<Vec<Stay>> {
        let rows: Vec<StayRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, a.name AS stay_name, a.starts_on AS stay_starts_on,
                    a.needs_medical AS stay_needs_medical
             FROM registrations r JOIN activities a ON a.id = r.activity_id
             LEFT JOIN dues d ON d.id = r.due_id
             WHERE r.child_id IN {} AND a.ends_on >= $2
             ORDER BY r.child_id, r.queued_at",
            registration_columns(),
            self.ids(1)
        )))
        .bind(json_list(children)?)
        .bind(iso(from))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Stay::try_from).collect()
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
        audit(
            &mut tx,
            actor,
            Some(child),
            if payment.is_some() {
                "activity_paid"
            } else {
                "activity_unpaid"
            },
            &[registration_payment_change(activity, &before, &after)],
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
            "UPDATE registrations SET medical_confirmed_on = $1 WHERE activity_id = $2 AND child_id = $3",
        )
        .bind(iso(on))
        .bind(activity)
        .bind(child)
        .execute(&mut *tx)
        .await?;
        let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1")
            .bind(activity)
            .fetch_one(&mut *tx)
            .await?;
        let change = medical_confirmed_change(&name, on);
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
        let row: Option<MedicalRow> =
            sqlx::query_as("SELECT * FROM medical_sheets WHERE child_id = $1")
                .bind(child)
                .fetch_optional(&self.pool)
                .await?;
        row.map(StoredMedical::try_from).transpose()
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
        let medication = medication_json(sheet)?;
        let query = sqlx::query(
            "INSERT INTO medical_sheets (child_id, insurer, blood_group, allergies, allergy_actions, diet,
                conditions, medication, tetanus_vaccination, can_swim, may_do_sports, paracetamol_allowed,
                emergency_name, emergency_phone, remarks, consent_at, updated_at, version)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 1 WHERE true
             ON CONFLICT (child_id) DO UPDATE SET insurer = $2, blood_group = $3, allergies = $4,
                allergy_actions = $5, diet = $6, conditions = $7, medication = $8, tetanus_vaccination = $9,
                can_swim = $10, may_do_sports = $11, paracetamol_allowed = $12, emergency_name = $13,
                emergency_phone = $14, remarks = $15, updated_at = $16, version = medical_sheets.version + 1
             WHERE medical_sheets.version = $17",
        )
        .bind(child);
        let written = bind_medical!(query, sheet, medication)
            .bind(now)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if written.rows_affected() == 0 {
            // The sheet exists at another version than the one the change was made on.
            return Err(StoreError::Conflict);
        }
        let changes = medical_saved_changes(changed_fields);
        audit(&mut tx, actor, Some(child), "medical_sheet_saved", &changes).await?;
        tx.commit().await?;
        self.medical(child)
            .await?
            .ok_or(StoreError::Missing("medical sheet"))
    }

    async fn log_medical_readings(
        &self,
        staff: &Actor,
        children: &[i64],
        activity: i64,
    ) -> StoreResult<()> {
        if children.is_empty() {
            return Ok(());
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO medical_readings (at, staff_id, staff, child_id, activity_id)
             SELECT $1, $2, $3, CAST(value AS BIGINT), $4 FROM {}",
            self.engine.list_source(5)
        )))
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(staff.id.map(|id| id.0))
        .bind(staff.label.clone())
        .bind(activity)
        .bind(json_list(children)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn medical_readings(&self, child: Option<i64>) -> StoreResult<Vec<MedicalReading>> {
        let rows: Vec<MedicalReadingRow> = sqlx::query_as(
            "SELECT m.at, m.staff, m.child_id, c.first_name, c.last_name, m.activity_id, a.name AS activity_name
             FROM medical_readings m JOIN children c ON c.id = m.child_id JOIN activities a ON a.id = m.activity_id
             WHERE $1 IS NULL OR m.child_id = $1 ORDER BY m.at, m.id",
        )
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(MedicalReading::try_from).collect()
    }
}
