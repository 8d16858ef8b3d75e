use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder, Row, Transaction};
use time::OffsetDateTime;

use tempatro_core::api::AuditChange;
use tempatro_core::{AccountId, AccountStatus, Cycle, Role};

use super::children::{insert_affiliation, link_in, refresh_all_fees_of};
use super::{PgStore, audit, lock};
use crate::store::rows::{
    ACCOUNT_COLUMNS, CHILD_COLUMNS, account_from_row, audit_json, bind_record,
    child_created_changes, child_from_row, on_unique, unix,
};
use crate::store::{
    Actor, ChildWrite, ImportStore, ImportTx, MatchedChild, NewAffiliation, ParentWrite,
    StoreError, StoreResult, StoredAccount,
};

/// Rows per INSERT: PostgreSQL allows 65,535 bound values per statement, and a child takes 21.
const INSERT_BATCH: usize = 1000;

struct PgImport {
    tx: Transaction<'static, Postgres>,
}

#[async_trait]
impl ImportStore for PgStore {
    async fn begin_import(&self) -> StoreResult<Box<dyn ImportTx>> {
        let mut tx = self.write().await?;
        // Held by the transaction, so released by its end whatever ends it, on whichever server
        // it runs: two imports never interleave, even on two servers.
        let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
            .bind(lock::IMPORT)
            .fetch_one(&mut *tx)
            .await?;
        if !locked {
            return Err(StoreError::Busy);
        }
        Ok(Box::new(PgImport { tx }))
    }
}

#[async_trait]
impl ImportTx for PgImport {
    async fn find_children(
        &mut self,
        external_ids: &[String],
        match_keys: &[String],
        cycle: Cycle,
    ) -> StoreResult<Vec<MatchedChild>> {
        // Two indexed lookups joined: an OR of both lists would scan the table for every batch.
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS}, c.match_key,
                    a.child_id IS NOT NULL AS affiliated, a.section_id AS a_section
             FROM children c LEFT JOIN affiliations a ON a.child_id = c.id AND a.cycle = $1
             WHERE c.id IN (
                 SELECT id FROM children WHERE external_id = ANY($2)
                 UNION
                 SELECT id FROM children WHERE match_key = ANY($3))"
        )))
        .bind(i64::from(cycle.start_year()))
        .bind(external_ids.to_vec())
        .bind(match_keys.to_vec())
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|row| {
                let affiliated: bool = row.try_get("affiliated")?;
                let child = child_from_row(row)?;
                Ok(MatchedChild {
                    id: child.id,
                    external_id: child.external_id,
                    match_key: row.try_get("match_key")?,
                    record: child.record,
                    affiliation: if affiliated {
                        Some(row.try_get("a_section")?)
                    } else {
                        None
                    },
                })
            })
            .collect()
    }

    async fn create_children(
        &mut self,
        children: &[ChildWrite<'_>],
        actor: &Actor,
    ) -> StoreResult<Vec<i64>> {
        // The ids are taken from the sequence first, which lets a whole batch go in one
        // statement and still be known afterwards, whatever other servers insert meanwhile.
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence('children', 'id')) FROM generate_series(1, $1)",
        )
        .bind(children.len() as i64)
        .fetch_all(&mut *self.tx)
        .await?;
        let now = unix(OffsetDateTime::now_utc());
        for (chunk, chunk_ids) in children.chunks(INSERT_BATCH).zip(ids.chunks(INSERT_BATCH)) {
            let mut insert = QueryBuilder::<Postgres>::new(
                "INSERT INTO children (id, first_name, last_name, birth_date, gender, street, postal_code,
                    locality, image_rights, primary_contact_name, primary_contact_phone,
                    primary_contact_email, secondary_contact_name, secondary_contact_phone,
                    secondary_contact_email, doctor_name, doctor_phone, image_rights_set_at,
                    image_rights_set_by, created_at, external_id, match_key) ",
            );
            insert.push_values(chunk.iter().zip(chunk_ids), |mut row, (child, id)| {
                bind_record!(row.push_bind(*id), child.record, push_bind)
                    .push_bind(now)
                    .push_bind(actor.label.clone())
                    .push_bind(now)
                    .push_bind(child.external_id.map(str::to_owned))
                    .push_bind(child.match_key.to_owned());
            });
            insert
                .build()
                .execute(&mut *self.tx)
                .await
                .map_err(|error| on_unique(error, StoreError::Duplicate))?;
            let mut log = QueryBuilder::<Postgres>::new(
                "INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes) ",
            );
            let mut entries = Vec::with_capacity(chunk.len());
            for child in chunk {
                entries.push(audit_json(&child_created_changes(child.record))?);
            }
            log.push_values(chunk_ids.iter().zip(entries), |mut row, (id, changes)| {
                row.push_bind(now)
                    .push_bind(actor.id.map(|id| id.0))
                    .push_bind(actor.label.clone())
                    .push_bind(*id)
                    .push_bind("child_created")
                    .push_bind(changes);
            });
            log.build().execute(&mut *self.tx).await?;
        }
        Ok(ids)
    }

    async fn update_child(
        &mut self,
        id: i64,
        child: &ChildWrite<'_>,
        changes: &[AuditChange],
        actor: &Actor,
    ) -> StoreResult<()> {
        let image_rights_changed = changes.iter().any(|c| c.field == "image_rights");
        let query = sqlx::query(
            "UPDATE children SET first_name = $1, last_name = $2, birth_date = $3, gender = $4,
                street = $5, postal_code = $6, locality = $7, image_rights = $8,
                primary_contact_name = $9, primary_contact_phone = $10, primary_contact_email = $11,
                secondary_contact_name = $12, secondary_contact_phone = $13,
                secondary_contact_email = $14, doctor_name = $15, doctor_phone = $16,
                image_rights_set_at = CASE WHEN $17 THEN $18 ELSE image_rights_set_at END,
                image_rights_set_by = CASE WHEN $19 THEN $20 ELSE image_rights_set_by END,
                external_id = $21, match_key = $22, version = version + 1
             WHERE id = $23",
        );
        bind_record!(query, child.record)
            .bind(image_rights_changed)
            .bind(unix(OffsetDateTime::now_utc()))
            .bind(image_rights_changed)
            .bind(actor.label.clone())
            .bind(child.external_id.map(str::to_owned))
            .bind(child.match_key.to_owned())
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .map_err(|error| on_unique(error, StoreError::Duplicate))?;
        audit(&mut self.tx, actor, Some(id), "child_updated", changes).await?;
        if changes.iter().any(|c| c.field == "birth_date") {
            // Birth order decides who pays the full fee in a family.
            refresh_all_fees_of(&mut self.tx, id).await?;
        }
        Ok(())
    }

    async fn affiliate(
        &mut self,
        child: i64,
        affiliation: &NewAffiliation,
        actor: &Actor,
    ) -> StoreResult<()> {
        insert_affiliation(
            &mut self.tx,
            child,
            affiliation,
            "affiliation_created",
            actor,
        )
        .await
        .map(drop)
    }

    async fn move_to_section(
        &mut self,
        child: i64,
        cycle: Cycle,
        section: i64,
        change: AuditChange,
        actor: &Actor,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE affiliations SET section_id = $1 WHERE child_id = $2 AND cycle = $3")
            .bind(section)
            .bind(child)
            .bind(i64::from(cycle.start_year()))
            .execute(&mut *self.tx)
            .await?;
        audit(
            &mut self.tx,
            actor,
            Some(child),
            "section_changed",
            &[change],
        )
        .await
    }

    async fn find_accounts(&mut self, emails: &[String]) -> StoreResult<Vec<StoredAccount>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts
             WHERE email_normalized = ANY($1)"
        )))
        .bind(emails.to_vec())
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter().map(account_from_row).collect()
    }

    async fn create_parent(&mut self, parent: &ParentWrite<'_>) -> StoreResult<StoredAccount> {
        let now = OffsetDateTime::now_utc();
        let phone = parent.phone.flatten();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, email_normalized, first_name, last_name, phone,
                password_hash, role, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, '', 'parent', 'active', $6, $7) RETURNING id",
        )
        .bind(parent.email.to_string())
        .bind(parent.email.normalized())
        .bind(parent.first_name.to_string())
        .bind(parent.last_name.to_string())
        .bind(phone.map(|p| p.e164().to_owned()))
        .bind(unix(now))
        .bind(unix(now))
        .fetch_one(&mut *self.tx)
        .await
        .map_err(|error| on_unique(error, StoreError::DuplicateEmail))?;
        Ok(StoredAccount {
            id: AccountId(id),
            email: parent.email.clone(),
            first_name: parent.first_name.clone(),
            last_name: parent.last_name.clone(),
            role: Role::Parent,
            status: AccountStatus::Active,
            phone: phone.cloned(),
            rejection_reason: None,
            password_hash: String::new(),
            created_at: now.replace_nanosecond(0).unwrap_or(now),
        })
    }

    async fn update_parent(
        &mut self,
        id: AccountId,
        parent: &ParentWrite<'_>,
        changes: &[AuditChange],
        actor: &Actor,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET first_name = $1, last_name = $2,
                phone = CASE WHEN $3 THEN $4 ELSE phone END, updated_at = $5
             WHERE id = $6",
        )
        .bind(parent.first_name.to_string())
        .bind(parent.last_name.to_string())
        .bind(parent.phone.is_some())
        .bind(parent.phone.flatten().map(|p| p.e164().to_owned()))
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id.0)
        .execute(&mut *self.tx)
        .await?;
        audit(&mut self.tx, actor, None, "parent_updated", changes).await
    }

    async fn link_parent(
        &mut self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<bool> {
        link_in(&mut self.tx, child, parent, actor).await
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
