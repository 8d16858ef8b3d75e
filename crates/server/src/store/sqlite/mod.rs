//! The embedded default: one SQLite file in WAL mode.

use std::str::FromStr;
use std::sync::Arc;

mod accounts;
mod activities;
mod children;
mod content;
mod dues;
mod imports;
mod settings;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use time::OffsetDateTime;

use super::rows::{audit_json, unix};
use super::{Actor, ChildStore, StoreError, StoreResult};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    import_lock: Arc<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` — `sqlite://path`, `sqlite::memory:` or a
    /// bare path — and brings its schema up to date.
    pub async fn open(url: &str) -> StoreResult<SqliteStore> {
        SqliteStore::open_with_pool(url, super::DEFAULT_POOL).await
    }

    /// The same with at most `connections` connections (one writes at a time; the others read).
    pub async fn open_with_pool(url: &str, connections: u32) -> StoreResult<SqliteStore> {
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
        } else {
            SqliteConnectOptions::new().filename(url)
        }
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // A second process (the `staff create` command next to a running server) waits for the
        // writer instead of failing.
        .busy_timeout(std::time::Duration::from_secs(10))
        // 32 MiB of page cache per connection instead of SQLite's 2 MiB: a large import's indexes
        // stay in memory instead of going back and forth to the file. A small Patro's database
        // never fills it.
        .pragma("cache_size", "-32768");
        let pool = SqlitePoolOptions::new()
            .max_connections(connections)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = SqliteStore {
            pool,
            import_lock: Arc::default(),
        };
        store.fill_match_keys().await?;
        Ok(store)
    }

    /// Children recorded before imports existed get the key imports recognise them by (SQL
    /// cannot fold accents); afterwards every write of a sheet keeps it.
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
            sqlx::query("UPDATE children SET match_key = ? WHERE id = ?")
                .bind(super::rows::record_key(&child.record))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A transaction that takes the write lock at once. SQLite's default (deferred) transaction
    /// reads first and fails with "database is locked" when it then tries to write after another
    /// writer: starting as the writer makes concurrent changes wait their turn instead.
    async fn write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Writes one line of the audit log inside the caller's transaction, so that a change and its
/// record are kept or lost together.
async fn audit(
    tx: &mut Transaction<'static, Sqlite>,
    actor: &Actor,
    child: Option<i64>,
    action: &str,
    changes: &[tempatro_core::api::AuditChange],
) -> StoreResult<()> {
    let changes = audit_json(changes)?;
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)")
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

/// A list as the JSON array SQLite's `json_each` reads: how a query takes a list of values.
fn json_list<T: serde::Serialize>(values: &[T]) -> StoreResult<String> {
    serde_json::to_string(values).map_err(|error| StoreError::Corrupt(error.to_string()))
}
