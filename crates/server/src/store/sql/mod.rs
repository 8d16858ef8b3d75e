//! The store, written once for both engines: SQL in the `$N` dialect that SQLite and PostgreSQL
//! both read, run through `sqlx::Any`, with the few differences asked of [`Engine`]. Where SQLite
//! serialises writers with `BEGIN IMMEDIATE`, PostgreSQL transactions run at read committed and
//! take the row or advisory locks that make their decisions safe against another server writing
//! at the same time.

mod accounts;
mod activities;
mod children;
mod content;
mod dues;
mod imports;
mod settings;

use sqlx::{Any, AnyPool, Transaction};
use time::OffsetDateTime;

use super::engine::{Engine, ListOf};
use super::rows::{audit_json, record_key, unix};
use super::{Actor, ChildStore, StoreError, StoreResult};

#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    engine: Engine,
}

impl SqlStore {
    /// Opens (creating a SQLite file if needed) the database at `url` with at most `connections`
    /// connections, and brings its schema up to date. For PostgreSQL, each server of a
    /// deployment holds its own pool, and their sum must stay under `max_connections`.
    pub async fn open(url: &str, connections: u32) -> StoreResult<SqlStore> {
        let (engine, pool) = Engine::open(url, connections).await?;
        let store = SqlStore { pool, engine };
        store.fill_keys().await?;
        Ok(store)
    }

    /// Rows recorded before a key existed get it (SQL cannot fold accents the way core does):
    /// the key imports recognise a child by, and the keys lists sort people by. Afterwards every
    /// write keeps them.
    async fn fill_keys(&self) -> StoreResult<()> {
        let children: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM children WHERE match_key IS NULL OR sort_key IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        let accounts: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, last_name, first_name FROM accounts WHERE sort_key IS NULL")
                .fetch_all(&self.pool)
                .await?;
        if children.is_empty() && accounts.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for id in children {
            let child = self.child(id).await?.ok_or(StoreError::Missing("child"))?;
            sqlx::query("UPDATE children SET match_key = $1, sort_key = $2 WHERE id = $3")
                .bind(record_key(&child.record))
                .bind(child_sort_key(&child.record))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for (id, last_name, first_name) in accounts {
            sqlx::query("UPDATE accounts SET sort_key = $1 WHERE id = $2")
                .bind(tempatro_core::name::sort_key(&last_name, &first_name))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn write(&self) -> StoreResult<Transaction<'static, Any>> {
        self.engine.begin_write(&self.pool).await
    }

    /// The list of ids bound at `$n`, as a subquery (see [`Engine::list`]).
    fn ids(&self, n: usize) -> String {
        self.engine.list(n, ListOf::Ids)
    }
}

/// The key lists sort a child by.
fn child_sort_key(record: &tempatro_core::ChildRecord) -> String {
    tempatro_core::name::sort_key(record.last_name.as_ref(), record.first_name.as_ref())
}

/// Writes one line of the audit log inside the caller's transaction, so that a change and its
/// record are kept or lost together.
async fn audit(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    child: Option<i64>,
    action: &str,
    changes: &[tempatro_core::api::AuditChange],
) -> StoreResult<()> {
    let changes = audit_json(changes)?;
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(unix(OffsetDateTime::now_utc()))
    .bind(actor.id.map(|id| id.0))
    .bind(actor.label.clone())
    .bind(child)
    .bind(action.to_owned())
    .bind(changes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
