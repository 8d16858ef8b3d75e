//! The embedded default: one SQLite file in WAL mode.

use std::str::FromStr;

mod accounts;
mod activities;
mod children;
mod content;
mod dues;
mod settings;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use time::OffsetDateTime;

use super::rows::{audit_json, unix};
use super::{Actor, StoreResult};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` — `sqlite://path`, `sqlite::memory:` or a
    /// bare path — and brings its schema up to date.
    pub async fn open(url: &str) -> StoreResult<SqliteStore> {
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
        .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
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
