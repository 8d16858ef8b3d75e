use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};
use time::{Date, OffsetDateTime};

use tempatro_core::api::{AuditChange, AuditEntry, LinkRequestStatus};
use tempatro_core::{
    AccountId, Address, Amount, BirthDate, ChildRecord, Contact, ContactSlot, Cycle, Doctor,
    FieldChange, Gender, PersonName,
};

use super::dues::{DUE_COLUMNS, clear_payments, create_due, due_from_row, record_payment};
use super::{SqliteStore, audit, from_unix, iso, on_unique, parse_date, unix};
use crate::store::{
    AccountStore, Actor, ChildQuery, ChildRow, ChildStore, DueKind, LinkDecision, NewAffiliation,
    NewLinkRequest, Payment, StoreError, StoreResult, StoredAccount, StoredAffiliation,
    StoredChild, StoredLinkRequest,
};

pub(super) const CHILD_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.street, c.postal_code, \
    c.locality, c.image_rights, c.image_rights_set_at, c.image_rights_set_by, c.primary_contact_name, \
    c.primary_contact_phone, c.primary_contact_email, c.secondary_contact_name, c.secondary_contact_phone, \
    c.secondary_contact_email, c.doctor_name, c.doctor_phone, c.created_at, c.version, c.external_id";

/// An affiliation's columns, prefixed `a_`, for queries that join `affiliations a` and its
/// `dues d`; the due's come after.
fn affiliation_columns() -> String {
    format!(
        "a.child_id AS a_child_id, a.cycle AS a_cycle, a.section_id AS a_section_id, \
         a.solidarity AS a_solidarity, {DUE_COLUMNS}"
    )
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

pub(super) fn child_from_row(row: &SqliteRow) -> StoreResult<StoredChild> {
    let text = |column: &str| -> StoreResult<Option<String>> { Ok(row.try_get(column)?) };
    let id: i64 = row.try_get("id")?;
    let first_name: String = row.try_get("first_name")?;
    let last_name: String = row.try_get("last_name")?;
    let birth: String = row.try_get("birth_date")?;
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
        row.try_get::<Option<i64>, _>("postal_code")?,
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
        image_rights: row.try_get("image_rights")?,
        primary_contact: contact(ContactSlot::Primary, "primary_contact")?,
        secondary_contact: contact(ContactSlot::Secondary, "secondary_contact")?,
        doctor,
    };
    Ok(StoredChild {
        id,
        record,
        image_rights_set_at: row
            .try_get::<Option<i64>, _>("image_rights_set_at")?
            .map(from_unix)
            .transpose()?,
        image_rights_set_by: text("image_rights_set_by")?,
        created_at: from_unix(row.try_get("created_at")?)?,
        version: row.try_get("version")?,
        external_id: text("external_id")?,
    })
}

fn cycle_from(year: i64) -> StoreResult<Cycle> {
    i32::try_from(year)
        .map(Cycle::starting_in)
        .map_err(|_| corrupt("cycle", year))
}

/// Reads the `a_`-prefixed affiliation columns of a joined row, absent when the join found none.
fn affiliation_from_row(row: &SqliteRow) -> StoreResult<Option<StoredAffiliation>> {
    let Some(child_id) = row.try_get::<Option<i64>, _>("a_child_id")? else {
        return Ok(None);
    };
    Ok(Some(StoredAffiliation {
        child_id,
        cycle: cycle_from(row.try_get("a_cycle")?)?,
        section_id: row.try_get("a_section_id")?,
        solidarity: row.try_get("a_solidarity")?,
        due: due_from_row(row)?.ok_or_else(|| corrupt("affiliation", "without its due"))?,
    }))
}

fn link_request_from_row(row: &SqliteRow) -> StoreResult<StoredLinkRequest> {
    let status: String = row.try_get("status")?;
    let birth: String = row.try_get("birth_date")?;
    Ok(StoredLinkRequest {
        id: row.try_get("id")?,
        account: AccountId(row.try_get("account_id")?),
        child_first_name: row.try_get("child_first_name")?,
        child_last_name: row.try_get("child_last_name")?,
        birth_date: parse_date(&birth)?,
        message: row.try_get("message")?,
        status: match status.as_str() {
            "pending" => LinkRequestStatus::Pending,
            "approved" => LinkRequestStatus::Approved,
            "rejected" => LinkRequestStatus::Rejected,
            other => return Err(corrupt("link request status", other)),
        },
        child_id: row.try_get("child_id")?,
        reason: row.try_get("reason")?,
        created_at: from_unix(row.try_get("created_at")?)?,
    })
}

/// Binds a child's record to the 17 columns of an INSERT or UPDATE, in `CHILD_COLUMNS`' order
/// from `first_name` to `doctor_phone`, without the image-rights stamp.
macro_rules! bind_record {
    ($query:expr, $record:expr) => {{
        let record: &ChildRecord = $record;
        let address = record.address.as_ref();
        let primary = record.primary_contact.as_ref();
        let secondary = record.secondary_contact.as_ref();
        let doctor = record.doctor.as_ref();
        $query
            .bind(record.first_name.to_string())
            .bind(record.last_name.to_string())
            .bind(iso(record.birth_date.date()))
            .bind(record.gender.map(Gender::as_str))
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
    }};
}

/// The fees of a child's family for a cycle: brothers and sisters (children sharing a parent)
/// affiliated that cycle are ranked eldest first, and every unpaid affiliation among them gets
/// the fee of its rank. Affiliations with a payment keep what they were paid for.
pub(super) async fn refresh_family_fees(
    tx: &mut Transaction<'static, Sqlite>,
    child: i64,
    cycle: Cycle,
) -> StoreResult<()> {
    let year = i64::from(cycle.start_year());
    let Some(fees) = sqlx::query(
        "SELECT normal_fee, solidarity_fee, sibling_discount FROM cycles WHERE start_year = ?",
    )
    .bind(year)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Err(StoreError::Missing("cycle"));
    };
    let schedule = tempatro_core::FeeSchedule {
        normal: Amount::from_cents(fees.try_get("normal_fee")?),
        solidarity: Amount::from_cents(fees.try_get("solidarity_fee")?),
        sibling_discount: Amount::from_cents(fees.try_get("sibling_discount")?),
    };
    let family = sqlx::query(
        "SELECT a.child_id, a.solidarity, a.due_id, b.paid > 0 AS paid, b.amount AS fee
         FROM affiliations a JOIN children c ON c.id = a.child_id
         JOIN due_balances b ON b.due_id = a.due_id
         WHERE a.cycle = ?1 AND b.cancelled = 0 AND a.child_id IN (
             SELECT ?2 UNION
             SELECT p2.child_id FROM child_parents p1
             JOIN child_parents p2 ON p1.account_id = p2.account_id WHERE p1.child_id = ?2)
         ORDER BY c.birth_date, c.id",
    )
    .bind(year)
    .bind(child)
    .fetch_all(&mut **tx)
    .await?;
    for (rank, member) in family.iter().enumerate() {
        let paid: bool = member.try_get("paid")?;
        let fee = schedule.fee(rank, member.try_get("solidarity")?);
        if !paid && fee.cents() != member.try_get::<i64, _>("fee")? {
            sqlx::query("UPDATE dues SET amount = ? WHERE id = ?")
                .bind(fee.cents())
                .bind(member.try_get::<i64, _>("due_id")?)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// A link between a parent and a child changed: the fees of the child and of the parent's other
/// children (its brothers and sisters, or former ones) are worked out again.
async fn refresh_family_of(
    tx: &mut Transaction<'static, Sqlite>,
    child: i64,
    parent: i64,
) -> StoreResult<()> {
    let mut children: Vec<i64> =
        sqlx::query_scalar("SELECT child_id FROM child_parents WHERE account_id = ?")
            .bind(parent)
            .fetch_all(&mut **tx)
            .await?;
    children.push(child);
    children.sort_unstable();
    children.dedup();
    for member in children {
        refresh_all_fees_of(tx, member).await?;
    }
    Ok(())
}

/// Every cycle in which a child has an unpaid affiliation: where a change of family moves fees.
pub(super) async fn refresh_all_fees_of(
    tx: &mut Transaction<'static, Sqlite>,
    child: i64,
) -> StoreResult<()> {
    let cycles: Vec<i64> = sqlx::query_scalar(
        "SELECT a.cycle FROM affiliations a JOIN due_balances b ON b.due_id = a.due_id
             WHERE a.child_id = ? AND b.paid = 0",
    )
    .bind(child)
    .fetch_all(&mut **tx)
    .await?;
    for cycle in cycles {
        refresh_family_fees(tx, child, cycle_from(cycle)?).await?;
    }
    Ok(())
}

pub(super) fn affiliation_summary(affiliation: &StoredAffiliation) -> String {
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

impl SqliteStore {
    async fn affiliation_in(
        tx: &mut Transaction<'static, Sqlite>,
        child: i64,
        cycle: Cycle,
    ) -> StoreResult<StoredAffiliation> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM affiliations a JOIN dues d ON d.id = a.due_id
             WHERE a.child_id = ? AND a.cycle = ?",
            affiliation_columns()
        )))
        .bind(child)
        .bind(i64::from(cycle.start_year()))
        .fetch_optional(&mut **tx)
        .await?;
        row.as_ref()
            .map(affiliation_from_row)
            .transpose()?
            .flatten()
            .ok_or(StoreError::Missing("affiliation"))
    }
}

#[async_trait]
impl ChildStore for SqliteStore {
    async fn create_child(
        &self,
        record: &ChildRecord,
        affiliation: Option<&NewAffiliation>,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let now = unix(OffsetDateTime::now_utc());
        let query = sqlx::query(
            "INSERT INTO children (first_name, last_name, birth_date, gender, street, postal_code, locality,
                image_rights, primary_contact_name, primary_contact_phone, primary_contact_email,
                secondary_contact_name, secondary_contact_phone, secondary_contact_email, doctor_name,
                doctor_phone, image_rights_set_at, image_rights_set_by, created_at, match_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        let id = bind_record!(query, record)
            .bind(now)
            .bind(actor.label.clone())
            .bind(now)
            .bind(record_key(record))
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        let changes = creation_changes(record);
        audit(&mut tx, actor, Some(id), "child_created", &changes).await?;
        if let Some(affiliation) = affiliation {
            insert_affiliation(&mut tx, id, affiliation, "affiliation_created", actor).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn child(&self, id: i64) -> StoreResult<Option<StoredChild>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS} FROM children c WHERE c.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(child_from_row).transpose()
    }

    async fn update_child(
        &self,
        id: i64,
        version: i64,
        record: &ChildRecord,
        changes: &[FieldChange],
        actor: &Actor,
    ) -> StoreResult<StoredChild> {
        let mut tx = self.write().await?;
        let image_rights_changed = changes
            .iter()
            .any(|change| change.field == tempatro_core::ChildField::ImageRights);
        let query = sqlx::query(
            "UPDATE children SET first_name = ?, last_name = ?, birth_date = ?, gender = ?, street = ?,
                postal_code = ?, locality = ?, image_rights = ?, primary_contact_name = ?,
                primary_contact_phone = ?, primary_contact_email = ?, secondary_contact_name = ?,
                secondary_contact_phone = ?, secondary_contact_email = ?, doctor_name = ?, doctor_phone = ?,
                image_rights_set_at = CASE WHEN ? THEN ? ELSE image_rights_set_at END,
                image_rights_set_by = CASE WHEN ? THEN ? ELSE image_rights_set_by END,
                match_key = ?, version = version + 1
             WHERE id = ? AND version = ?",
        );
        let updated = bind_record!(query, record)
            .bind(image_rights_changed)
            .bind(unix(OffsetDateTime::now_utc()))
            .bind(image_rights_changed)
            .bind(actor.label.clone())
            .bind(record_key(record))
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        let audit_changes: Vec<AuditChange> =
            changes.iter().cloned().map(AuditChange::from).collect();
        audit(&mut tx, actor, Some(id), "child_updated", &audit_changes).await?;
        if changes
            .iter()
            .any(|change| change.field == tempatro_core::ChildField::BirthDate)
        {
            // Birth order decides who pays the full fee in a family.
            refresh_all_fees_of(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.child(id).await?.ok_or(StoreError::Missing("child"))
    }

    async fn children(&self, query: &ChildQuery) -> StoreResult<Vec<ChildRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS}, {},
                (SELECT COUNT(*) FROM child_parents p WHERE p.child_id = c.id) AS parents
             FROM children c LEFT JOIN affiliations a ON a.child_id = c.id AND a.cycle = ?1
             LEFT JOIN dues d ON d.id = a.due_id LEFT JOIN due_balances b ON b.due_id = a.due_id
             WHERE (?2 IS NULL OR c.id IN (SELECT child_id FROM child_parents WHERE account_id = ?2))
               AND (?3 IS NULL OR a.section_id = ?3)
               AND (?4 = 0 OR (a.child_id IS NOT NULL AND b.cancelled = 0 AND b.paid < b.amount))
               AND (?5 = 0 OR a.solidarity = 1)
               AND (?6 = 0 OR NOT EXISTS (SELECT 1 FROM child_parents p WHERE p.child_id = c.id))
             ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id",
            affiliation_columns()
        )))
        .bind(i64::from(query.cycle.start_year()))
        .bind(query.parent.map(|p| p.0))
        .bind(query.section)
        .bind(query.unpaid)
        .bind(query.solidarity)
        .bind(query.unlinked)
        .fetch_all(&self.pool)
        .await?;
        let mut children = Vec::with_capacity(rows.len());
        for row in &rows {
            let affiliation = affiliation_from_row(row)?;
            if let Some(led) = &query.sections_led {
                let in_reach = affiliation
                    .as_ref()
                    .and_then(|a| a.section_id)
                    .is_some_and(|section| led.contains(&section));
                if !in_reach {
                    continue;
                }
            }
            let parents: i64 = row.try_get("parents")?;
            children.push(ChildRow {
                child: child_from_row(row)?,
                affiliation,
                parents: u32::try_from(parents).unwrap_or(u32::MAX),
            });
        }
        Ok(children)
    }

    async fn parents_of(&self, child: i64) -> StoreResult<Vec<StoredAccount>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT account_id FROM child_parents WHERE child_id = ? ORDER BY account_id",
        )
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        let mut parents = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(account) = self.account(AccountId(id)).await? {
                parents.push(account);
            }
        }
        Ok(parents)
    }

    async fn parent_links(&self) -> StoreResult<Vec<(StoredAccount, Option<i64>)>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {}, p.child_id FROM accounts a LEFT JOIN child_parents p ON p.account_id = a.id
             WHERE a.role = 'parent'
             ORDER BY a.last_name COLLATE NOCASE, a.first_name COLLATE NOCASE, a.id, p.child_id",
            super::accounts::ACCOUNT_COLUMNS
                .split(", ")
                .map(|column| format!("a.{column}"))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    super::accounts::account_from_row(row)?,
                    row.try_get("child_id")?,
                ))
            })
            .collect()
    }

    async fn is_parent(&self, account: AccountId, child: i64) -> StoreResult<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM child_parents WHERE account_id = ? AND child_id = ?")
                .bind(account.0)
                .bind(child)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn link_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        link_in(&mut tx, child, parent, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unlink_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let unlinked =
            sqlx::query("DELETE FROM child_parents WHERE child_id = ? AND account_id = ?")
                .bind(child)
                .bind(parent.id.0)
                .execute(&mut *tx)
                .await?;
        if unlinked.rows_affected() == 0 {
            return Ok(false);
        }
        let change = AuditChange {
            field: "parent".to_owned(),
            old: Some(format!(
                "{} {} ({})",
                parent.first_name, parent.last_name, parent.email
            )),
            new: None,
        };
        audit(&mut tx, actor, Some(child), "parent_unlinked", &[change]).await?;
        refresh_family_of(&mut tx, child, parent.id.0).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn affiliations_of(&self, child: i64) -> StoreResult<Vec<StoredAffiliation>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM affiliations a JOIN dues d ON d.id = a.due_id
             WHERE a.child_id = ? ORDER BY a.cycle",
            affiliation_columns()
        )))
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .filter_map(|row| affiliation_from_row(row).transpose())
            .collect()
    }

    async fn create_affiliation(
        &self,
        child: i64,
        affiliation: &NewAffiliation,
        action: &str,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let created = insert_affiliation(&mut tx, child, affiliation, action, actor).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn set_payment(
        &self,
        child: i64,
        cycle: Cycle,
        payment: Option<&Payment>,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        match payment {
            Some(payment) => record_payment(&mut tx, before.due.id, payment, &actor.label).await?,
            None => {
                clear_payments(&mut tx, before.due.id).await?;
                // Unpaid again: its fee follows the family's again.
                refresh_family_fees(&mut tx, child, cycle).await?;
            }
        }
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        let change = AuditChange {
            field: format!("payment {cycle}"),
            old: Some(format!("{} / {}", before.due.paid, before.due.amount)),
            new: Some(format!("{} / {}", after.due.paid, after.due.amount)),
        };
        let action = if payment.is_some() {
            "affiliation_paid"
        } else {
            "affiliation_unpaid"
        };
        audit(&mut tx, actor, Some(child), action, &[change]).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn set_solidarity(
        &self,
        child: i64,
        cycle: Cycle,
        granted: bool,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        sqlx::query("UPDATE affiliations SET solidarity = ? WHERE child_id = ? AND cycle = ?")
            .bind(granted)
            .bind(child)
            .bind(i64::from(cycle.start_year()))
            .execute(&mut *tx)
            .await?;
        refresh_family_fees(&mut tx, child, cycle).await?;
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        let change = AuditChange {
            field: format!("solidarity {cycle}"),
            old: Some(affiliation_summary(&before)),
            new: Some(affiliation_summary(&after)),
        };
        let action = if granted {
            "solidarity_granted"
        } else {
            "solidarity_revoked"
        };
        audit(&mut tx, actor, Some(child), action, &[change]).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn set_affiliation_section(
        &self,
        child: i64,
        cycle: Cycle,
        section: i64,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        sqlx::query("UPDATE affiliations SET section_id = ? WHERE child_id = ? AND cycle = ?")
            .bind(section)
            .bind(child)
            .bind(i64::from(cycle.start_year()))
            .execute(&mut *tx)
            .await?;
        let name = |id: Option<i64>| async move {
            match id {
                Some(id) => {
                    sqlx::query_scalar::<_, String>("SELECT name FROM sections WHERE id = ?")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(StoreError::from)
                }
                None => Ok(None),
            }
        };
        let change = AuditChange {
            field: format!("section {cycle}"),
            old: name(before.section_id).await?,
            new: name(Some(section)).await?,
        };
        audit(&mut tx, actor, Some(child), "section_changed", &[change]).await?;
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn affiliations(
        &self,
        cycle: Option<Cycle>,
        unpaid_only: bool,
    ) -> StoreResult<Vec<(StoredAffiliation, String)>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {}, c.first_name, c.last_name
             FROM affiliations a JOIN children c ON c.id = a.child_id
             JOIN dues d ON d.id = a.due_id JOIN due_balances b ON b.due_id = a.due_id
             WHERE (?1 IS NULL OR a.cycle = ?1) AND (?2 = 0 OR (b.cancelled = 0 AND b.paid < b.amount))
             ORDER BY a.cycle, c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE",
            affiliation_columns()
        )))
        .bind(cycle.map(|c| i64::from(c.start_year())))
        .bind(unpaid_only)
        .fetch_all(&self.pool)
        .await?;
        let mut affiliations = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(affiliation) = affiliation_from_row(row)? {
                let first: String = row.try_get("first_name")?;
                let last: String = row.try_get("last_name")?;
                affiliations.push((affiliation, format!("{first} {last}")));
            }
        }
        Ok(affiliations)
    }

    async fn family_rank(&self, child: i64, cycle: Cycle) -> StoreResult<usize> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM affiliations a JOIN children c ON c.id = a.child_id
                 JOIN due_balances b ON b.due_id = a.due_id, children me
             WHERE me.id = ?2 AND a.cycle = ?1 AND a.child_id <> ?2 AND b.cancelled = 0
               AND a.child_id IN (SELECT p2.child_id FROM child_parents p1
                   JOIN child_parents p2 ON p1.account_id = p2.account_id WHERE p1.child_id = ?2)
               AND (c.birth_date < me.birth_date OR (c.birth_date = me.birth_date AND c.id < me.id))",
        )
        .bind(i64::from(cycle.start_year()))
        .bind(child)
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    async fn audit_of(&self, child: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, changes FROM audit_log WHERE child_id = ? ORDER BY at, id",
        )
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let changes: String = row.try_get("changes")?;
                Ok(AuditEntry {
                    at: from_unix(row.try_get("at")?)?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    changes: serde_json::from_str(&changes)
                        .map_err(|error| corrupt("audit changes", error))?,
                })
            })
            .collect()
    }

    async fn camps_of(&self, child: i64, today: Date) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT a.name FROM activities a JOIN registrations r ON r.activity_id = a.id
             WHERE r.child_id = ? AND r.status = 'registered' AND a.ends_on < ? ORDER BY a.starts_on",
        )
        .bind(child)
        .bind(iso(today))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_link_request(
        &self,
        request: &NewLinkRequest,
    ) -> StoreResult<StoredLinkRequest> {
        let id = sqlx::query(
            "INSERT INTO link_requests (account_id, child_first_name, child_last_name, birth_date, message, status, created_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?)",
        )
        .bind(request.account.0)
        .bind(request.child_first_name.clone())
        .bind(request.child_last_name.clone())
        .bind(iso(request.birth_date))
        .bind(request.message.clone())
        .bind(unix(OffsetDateTime::now_utc()))
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        self.link_request(id)
            .await?
            .ok_or(StoreError::Missing("link request"))
    }

    async fn link_requests(
        &self,
        status: Option<LinkRequestStatus>,
        account: Option<AccountId>,
    ) -> StoreResult<Vec<StoredLinkRequest>> {
        let rows = sqlx::query(
            "SELECT * FROM link_requests WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR account_id = ?2)
             ORDER BY created_at, id",
        )
        .bind(status.map(|s| match s {
            LinkRequestStatus::Pending => "pending",
            LinkRequestStatus::Approved => "approved",
            LinkRequestStatus::Rejected => "rejected",
        }))
        .bind(account.map(|a| a.0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(link_request_from_row).collect()
    }

    async fn link_request(&self, id: i64) -> StoreResult<Option<StoredLinkRequest>> {
        let row = sqlx::query("SELECT * FROM link_requests WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(link_request_from_row).transpose()
    }

    async fn decide_link_request(
        &self,
        id: i64,
        decision: &LinkDecision,
        actor: &Actor,
    ) -> StoreResult<StoredLinkRequest> {
        let mut tx = self.write().await?;
        let (status, child, reason) = match decision {
            LinkDecision::Approve { child } => ("approved", Some(*child), None),
            LinkDecision::Reject { reason } => ("rejected", None, Some(reason.clone())),
        };
        let decided = sqlx::query(
            "UPDATE link_requests SET status = ?, child_id = ?, reason = ? WHERE id = ? AND status = 'pending'",
        )
        .bind(status)
        .bind(child)
        .bind(reason)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if decided.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        if let Some(child) = child {
            let account: i64 =
                sqlx::query_scalar("SELECT account_id FROM link_requests WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let linked = sqlx::query(
                "INSERT OR IGNORE INTO child_parents (child_id, account_id) VALUES (?, ?)",
            )
            .bind(child)
            .bind(account)
            .execute(&mut *tx)
            .await?;
            if linked.rows_affected() == 1 {
                let parent = self
                    .account(AccountId(account))
                    .await?
                    .ok_or(StoreError::Missing("account"))?;
                let change = AuditChange {
                    field: "parent".to_owned(),
                    old: None,
                    new: Some(format!(
                        "{} {} ({})",
                        parent.first_name, parent.last_name, parent.email
                    )),
                };
                audit(&mut tx, actor, Some(child), "parent_linked", &[change]).await?;
                refresh_family_of(&mut tx, child, account).await?;
            }
        }
        tx.commit().await?;
        self.link_request(id)
            .await?
            .ok_or(StoreError::Missing("link request"))
    }
}

pub(super) async fn insert_affiliation(
    tx: &mut Transaction<'static, Sqlite>,
    child: i64,
    affiliation: &NewAffiliation,
    action: &str,
    actor: &Actor,
) -> StoreResult<StoredAffiliation> {
    let year = i64::from(affiliation.cycle.start_year());
    let open: Option<i64> = sqlx::query_scalar("SELECT 1 FROM cycles WHERE start_year = ?")
        .bind(year)
        .fetch_optional(&mut **tx)
        .await?;
    if open.is_none() {
        return Err(StoreError::Missing("cycle"));
    }
    let due = create_due(
        tx,
        DueKind::Affiliation,
        child,
        &format!("Affiliation {}", affiliation.cycle),
        Amount::from_cents(0),
    )
    .await?;
    sqlx::query(
        "INSERT INTO affiliations (child_id, cycle, section_id, solidarity, due_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(child)
    .bind(year)
    .bind(affiliation.section_id)
    .bind(affiliation.solidarity)
    .bind(due)
    .bind(unix(OffsetDateTime::now_utc()))
    .execute(&mut **tx)
    .await
    .map_err(|error| on_unique(error, StoreError::Duplicate))?;
    refresh_family_fees(tx, child, affiliation.cycle).await?;
    let created = SqliteStore::affiliation_in(tx, child, affiliation.cycle).await?;
    let change = AuditChange {
        field: "affiliation".to_owned(),
        old: None,
        new: Some(affiliation_summary(&created)),
    };
    audit(tx, actor, Some(child), action, &[change]).await?;
    Ok(created)
}

/// Links a parent inside the caller's transaction; false if they were already linked.
pub(super) async fn link_in(
    tx: &mut Transaction<'static, Sqlite>,
    child: i64,
    parent: &StoredAccount,
    actor: &Actor,
) -> StoreResult<bool> {
    let linked =
        sqlx::query("INSERT OR IGNORE INTO child_parents (child_id, account_id) VALUES (?, ?)")
            .bind(child)
            .bind(parent.id.0)
            .execute(&mut **tx)
            .await?;
    if linked.rows_affected() == 0 {
        return Ok(false);
    }
    let change = AuditChange {
        field: "parent".to_owned(),
        old: None,
        new: Some(format!(
            "{} {} ({})",
            parent.first_name, parent.last_name, parent.email
        )),
    };
    audit(tx, actor, Some(child), "parent_linked", &[change]).await?;
    refresh_family_of(tx, child, parent.id.0).await?;
    Ok(true)
}

/// What the audit log says of a new child: its name, then every field it was given.
pub(super) fn creation_changes(record: &ChildRecord) -> Vec<AuditChange> {
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

/// The key an import recognises this child by when its file has no `external_id`.
pub(super) fn record_key(record: &ChildRecord) -> String {
    tempatro_core::import::match_key(
        record.last_name.as_ref(),
        record.first_name.as_ref(),
        record.birth_date.date(),
    )
}
