//! PostgreSQL, for a Patro that runs several servers on one database. Same schema and behaviour as
//! the SQLite store; where SQLite serialises writers with `BEGIN IMMEDIATE`, transactions here run
//! at PostgreSQL's default (read committed) and take the row or advisory locks that make their
//! decisions safe against another server writing at the same time.

mod accounts;
mod activities;
mod children;
mod content;
mod dues;
mod imports;
mod settings;

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;

use super::rows::{audit_json, unix};
use super::{Actor, ChildStore, StoreError, StoreResult};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Keys of the transaction-scoped advisory locks that serialise work spanning many rows.
mod lock {
    /// Recomputing a family's fees reads every sibling's affiliation: two of them recomputed at
    /// once would each miss the other.
    pub const FAMILY_FEES: i64 = 0x7465_6d70_0001;
    /// Importing a statement decides per line whether it is new: a second import of the same
    /// statement must wait and find the lines there, as with SQLite.
    pub const BANK_LINES: i64 = 0x7465_6d70_0002;
    /// Imports of members' files: two never interleave, on any server (tried, never waited for).
    pub const IMPORT: i64 = 0x7465_6d70_0003;
}

#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`) and brings the schema up
    /// to date. Several servers may do so at once: sqlx's migrator takes a lock while it works.
    pub async fn open(url: &str) -> StoreResult<PgStore> {
        PgStore::open_with_pool(url, super::DEFAULT_POOL).await
    }

    /// The same with at most `connections` connections: each server of a deployment holds its
    /// own pool, and their sum must stay under the database's `max_connections`.
    pub async fn open_with_pool(url: &str, connections: u32) -> StoreResult<PgStore> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(connections)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = PgStore { pool };
        store.fill_match_keys().await?;
        Ok(store)
    }

    /// Children recorded before imports existed get the key imports recognise them by (SQL does
    /// not fold accents the way core does); afterwards every write of a sheet keeps it.
    async fn fill_match_keys(&self) -> StoreResult<()> {
        let missing: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM children WHERE match_key IS NULL")
                .fetch_all(&self.pool)
                .await?;
        if missing.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for id in missing {
            let child = self.child(id).await?.ok_or(StoreError::Missing("child"))?;
            sqlx::query("UPDATE children SET match_key = $1 WHERE id = $2")
                .bind(super::rows::record_key(&child.record))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }
}

/// Waits for the advisory lock `key` until the transaction ends.
async fn take_lock(tx: &mut Transaction<'static, Postgres>, key: i64) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes one line of the audit log inside the caller's transaction, so that a change and its
/// record are kept or lost together.
async fn audit(
    tx: &mut Transaction<'static, Postgres>,
    actor: &Actor,
    child: Option<i64>,
    action: &str,
    changes: &[tempatro_core::api::AuditChange],
) -> StoreResult<()> {
    let changes = audit_json(changes)?;
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes) VALUES ($1, $2, $3, $4, $5, $6)")
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
