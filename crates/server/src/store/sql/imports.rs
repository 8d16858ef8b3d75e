use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{Any, Transaction};
use time::OffsetDateTime;
use tokio::sync::OwnedMutexGuard;

use tempatro_core::api::AuditChange;
use tempatro_core::name::sort_key;
use tempatro_core::{AccountId, AccountStatus, Cycle, Role};

use super::children::{insert_affiliation, link_all, refresh_all_fees_of};
use super::{SqlStore, audit};
use crate::store::engine::{Engine, ListOf, json_list};
use crate::store::rows::accounts::{ACCOUNT_COLUMNS, AccountRow};
use crate::store::rows::children::{CHILD_COLUMNS, MatchedChildRow, child_created_changes};
use crate::store::rows::{
    RECORD_COLUMNS, audit_json, bind_record, child_assignments, on_unique, unix,
};
use crate::store::{
    Actor, ChildWrite, ImportStore, ImportTx, MatchedChild, NewAffiliation, ParentWrite,
    StoreError, StoreResult, StoredAccount,
};

/// Rows per INSERT: PostgreSQL allows 65,535 bound values per statement, and a child takes 23
/// (SQLite's bundled build allows 250,000).
const INSERT_BATCH: usize = 1000;

struct SqlImport {
    tx: Transaction<'static, Any>,
    engine: Engine,
    _lock: Option<OwnedMutexGuard<()>>,
}

#[async_trait]
impl ImportStore for SqlStore {
    async fn begin_import(&self) -> StoreResult<Box<dyn ImportTx>> {
        let (tx, lock) = self.engine.begin_import(&self.pool).await?;
        Ok(Box::new(SqlImport {
            tx,
            engine: self.engine.clone(),
            _lock: lock,
        }))
    }
}

#[async_trait]
impl ImportTx for SqlImport {
    async fn find_children(
        &mut self,
        external_ids: &[String],
        match_keys: &[String],
        cycle: Cycle,
    ) -> StoreResult<Vec<MatchedChild>> {
        // Two indexed lookups joined: an OR of both lists would scan the table for every batch.
        let rows: Vec<MatchedChildRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS}, c.match_key,
                    a.child_id IS NOT NULL AS affiliated, a.section_id AS a_section
             FROM children c LEFT JOIN affiliations a ON a.child_id = c.id AND a.cycle = $1
             WHERE c.id IN (
                 SELECT id FROM children WHERE external_id IN {}
                 UNION
                 SELECT id FROM children WHERE match_key IN {})",
            self.engine.list(2, ListOf::Texts),
            self.engine.list(3, ListOf::Texts)
        )))
        .bind(i64::from(cycle.start_year()))
        .bind(json_list(external_ids)?)
        .bind(json_list(match_keys)?)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.into_iter().map(MatchedChild::try_from).collect()
    }

    async fn create_children(
        &mut self,
        children: &[ChildWrite<'_>],
        actor: &Actor,
    ) -> StoreResult<Vec<i64>> {
        let ids = self
            .engine
            .reserve_child_ids(&mut self.tx, children.len())
            .await?;
        let now = unix(OffsetDateTime::now_utc());
        let columns = RECORD_COLUMNS.len() + 5;
        for (chunk, chunk_ids) in children.chunks(INSERT_BATCH).zip(ids.chunks(INSERT_BATCH)) {
            let rows = self.engine.values(chunk.len(), columns);
            let sql = format!(
                "INSERT INTO children ({}, id, image_rights_set_at, image_rights_set_by, created_at,
                    external_id) VALUES {rows}",
                RECORD_COLUMNS.join(", ")
            );
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (child, id) in chunk.iter().zip(chunk_ids) {
                insert = bind_record!(insert, child.record)
                    .bind(*id)
                    .bind(now)
                    .bind(actor.label.clone())
                    .bind(now)
                    .bind(child.external_id.map(str::to_owned));
            }
            insert
                .execute(&mut *self.tx)
                .await
                .map_err(|error| on_unique(error, StoreError::Duplicate))?;
            let rows = self.engine.values(chunk.len(), 6);
            let mut log = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes) VALUES {rows}"
            )));
            for (child, id) in chunk.iter().zip(chunk_ids) {
                log = log
                    .bind(now)
                    .bind(actor.id.map(|id| id.0))
                    .bind(actor.label.clone())
                    .bind(*id)
                    .bind("child_created")
                    .bind(audit_json(&child_created_changes(child.record))?);
            }
            log.execute(&mut *self.tx).await?;
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
        let n = RECORD_COLUMNS.len();
        let query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE children SET {}, external_id = ${}, version = version + 1 WHERE id = ${}",
            child_assignments(),
            n + 4,
            n + 5
        )));
        bind_record!(query, child.record)
            .bind(image_rights_changed)
            .bind(unix(OffsetDateTime::now_utc()))
            .bind(actor.label.clone())
            .bind(child.external_id.map(str::to_owned))
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .map_err(|error| on_unique(error, StoreError::Duplicate))?;
        audit(&mut self.tx, actor, Some(id), "child_updated", changes).await?;
        if changes.iter().any(|c| c.field == "birth_date") {
            // Birth order decides who pays the full fee in a family.
            refresh_all_fees_of(&self.engine, &mut self.tx, id).await?;
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
            &self.engine,
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
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts
             WHERE email_normalized IN {}",
            self.engine.list(1, ListOf::Texts)
        )))
        .bind(json_list(emails)?)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.into_iter().map(StoredAccount::try_from).collect()
    }

    async fn create_parents(
        &mut self,
        parents: &[ParentWrite<'_>],
    ) -> StoreResult<Vec<StoredAccount>> {
        let now = OffsetDateTime::now_utc();
        let mut ids = HashMap::new();
        for chunk in parents.chunks(INSERT_BATCH) {
            let mut insert = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "INSERT INTO accounts (email, email_normalized, first_name, last_name, sort_key,
                    phone, password_hash, role, status, created_at, updated_at)
                 VALUES {} RETURNING email_normalized, id",
                self.engine.values(chunk.len(), 11)
            )));
            for parent in chunk {
                insert = insert
                    .bind(parent.email.to_string())
                    .bind(parent.email.normalized())
                    .bind(parent.first_name.to_string())
                    .bind(parent.last_name.to_string())
                    .bind(sort_key(
                        parent.last_name.as_ref(),
                        parent.first_name.as_ref(),
                    ))
                    .bind(parent.phone.flatten().map(|p| p.e164().to_owned()))
                    .bind("")
                    .bind("parent")
                    .bind("active")
                    .bind(unix(now))
                    .bind(unix(now));
            }
            let created: Vec<(String, i64)> = insert
                .fetch_all(&mut *self.tx)
                .await
                .map_err(|error| on_unique(error, StoreError::DuplicateEmail))?;
            ids.extend(created);
        }
        parents
            .iter()
            .map(|parent| {
                let id = ids
                    .get(&parent.email.normalized())
                    .ok_or(StoreError::Missing("account"))?;
                Ok(StoredAccount {
                    id: AccountId(*id),
                    email: parent.email.clone(),
                    first_name: parent.first_name.clone(),
                    last_name: parent.last_name.clone(),
                    role: Role::Parent,
                    status: AccountStatus::Active,
                    phone: parent.phone.flatten().cloned(),
                    rejection_reason: None,
                    password_hash: String::new(),
                    created_at: now.replace_nanosecond(0).unwrap_or(now),
                    email_verified_at: None,
                })
            })
            .collect()
    }

    async fn update_parent(
        &mut self,
        id: AccountId,
        parent: &ParentWrite<'_>,
        changes: &[AuditChange],
        actor: &Actor,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET first_name = $1, last_name = $2, sort_key = $3,
                phone = CASE WHEN $4 THEN $5 ELSE phone END, updated_at = $6
             WHERE id = $7",
        )
        .bind(parent.first_name.to_string())
        .bind(parent.last_name.to_string())
        .bind(sort_key(
            parent.last_name.as_ref(),
            parent.first_name.as_ref(),
        ))
        .bind(parent.phone.is_some())
        .bind(parent.phone.flatten().map(|p| p.e164().to_owned()))
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id.0)
        .execute(&mut *self.tx)
        .await?;
        audit(&mut self.tx, actor, None, "parent_updated", changes).await
    }

    async fn link_parents(
        &mut self,
        links: &[(i64, &StoredAccount)],
        actor: &Actor,
    ) -> StoreResult<Vec<bool>> {
        link_all(&self.engine, &mut self.tx, links, actor).await
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
