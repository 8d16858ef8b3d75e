//! What differs between SQLite and PostgreSQL, and nothing else. Every query of the store is written
//! once, in the `$N` dialect both engines read (`store/sql`); it asks this module for the few
//! pieces that cannot be written once: how a connection is opened, how a writing transaction
//! starts, the locks that serialise work spanning many rows, how a list is passed as one
//! parameter, and how a batch of ids is reserved.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::{StoreError, StoreResult};

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a writer waits for SQLite's single write lock before giving up (the server then
/// answers 503): a second process, such as `staff create` beside a running server, waits its turn.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite's page cache per connection, in KiB. A small Patro's database fits; a large import's
/// indexes mostly do, and the pool's connections together stay within the server's memory budget.
const SQLITE_CACHE_KIB: u32 = 4096;

#[derive(Clone)]
pub enum Engine {
    /// One server owns the file, so its own memory is where two imports meet.
    Sqlite { imports: Arc<Mutex<()>> },
    /// Several servers may share the database: locks live in the database.
    Postgres,
}

/// Work spanning many rows that two transactions must not do at once.
#[derive(Debug, Clone, Copy)]
pub enum Lock {
    /// Recomputing a family's fees reads every sibling's affiliation: two of them recomputed at
    /// once would each miss the other.
    FamilyFees,
    /// Importing a statement decides per line whether it is new: a second import of the same
    /// statement must wait and find the lines there.
    BankLines,
    /// Disabling or demoting a responsable first counts the others: two responsables removing
    /// each other at once would each count the other and leave nobody.
    Responsables,
}

impl Lock {
    /// The key of PostgreSQL's transaction-scoped advisory lock.
    fn key(self) -> i64 {
        match self {
            Lock::FamilyFees => 0x7465_6d70_0001,
            Lock::BankLines => 0x7465_6d70_0002,
            Lock::Responsables => 0x7465_6d70_0011,
        }
    }
}

/// The advisory key that keeps two members' imports apart, on any server.
const IMPORT_KEY: i64 = 0x7465_6d70_0003;

/// Whether a row lock also holds back writers of rows that refer to the locked one (a payment
/// inserted for a locked due).
#[derive(Debug, Clone, Copy)]
pub enum Referrers {
    Wait,
    Proceed,
}

/// What a list parameter holds, so that PostgreSQL compares like with like.
#[derive(Debug, Clone, Copy)]
pub enum ListOf {
    Ids,
    Texts,
}

impl Engine {
    /// `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite://…`, `sqlite:…` or a bare path
    /// for SQLite.
    pub fn is_postgres(url: &str) -> bool {
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    /// Opens a pool of at most `connections` to `url` and brings its schema up to date.
    pub async fn open(url: &str, connections: u32) -> StoreResult<(Engine, AnyPool)> {
        sqlx::any::install_default_drivers();
        if Engine::is_postgres(url) {
            let pool = AnyPoolOptions::new()
                .max_connections(connections)
                .connect_with(AnyConnectOptions::from_str(url)?)
                .await?;
            // Several servers may migrate at once: the migrator takes a lock while it works.
            POSTGRES_MIGRATOR.run(&pool).await?;
            return Ok((Engine::Postgres, pool));
        }
        let native = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
        } else {
            SqliteConnectOptions::new().filename(url)
        }
        .create_if_missing(true);
        let options = AnyConnectOptions::from_str(native.to_url_lossy().as_str())?;
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    connection
                        .execute(sqlx::AssertSqlSafe(format!(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};
                             PRAGMA cache_size = -{SQLITE_CACHE_KIB};",
                            SQLITE_BUSY_TIMEOUT.as_millis()
                        )))
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        SQLITE_MIGRATOR.run(&pool).await?;
        let engine = Engine::Sqlite {
            imports: Arc::default(),
        };
        Ok((engine, pool))
    }

    /// A transaction that is going to write. SQLite's default (deferred) transaction reads first
    /// and fails with "database is locked" when it then tries to write after another writer:
    /// starting as the writer makes concurrent changes wait their turn instead. PostgreSQL runs
    /// at read committed and takes the row or advisory locks its decisions need.
    pub async fn begin_write(&self, pool: &AnyPool) -> StoreResult<Transaction<'static, Any>> {
        Ok(match self {
            Engine::Sqlite { .. } => pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => pool.begin().await?,
        })
    }

    /// Waits for `lock` until the transaction ends. A SQLite write transaction already holds the
    /// only write lock there is.
    pub async fn lock(&self, tx: &mut Transaction<'static, Any>, lock: Lock) -> StoreResult<()> {
        if let Engine::Postgres = self {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock.key())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// The transaction of a members' import, holding the import lock, which is tried and never
    /// waited for: [`StoreError::Busy`] if another import holds it. With the transaction, a guard
    /// to keep until it ends (SQLite, taken before the write lock, for which a second import
    /// would otherwise wait), or none because the transaction itself holds the lock
    /// (PostgreSQL, released by its end whatever ends it, on whichever server it runs).
    pub async fn begin_import(
        &self,
        pool: &AnyPool,
    ) -> StoreResult<(Transaction<'static, Any>, Option<OwnedMutexGuard<()>>)> {
        match self {
            Engine::Sqlite { imports } => {
                let guard = Arc::clone(imports)
                    .try_lock_owned()
                    .map_err(|_| StoreError::Busy)?;
                Ok((self.begin_write(pool).await?, Some(guard)))
            }
            Engine::Postgres => {
                let mut tx = self.begin_write(pool).await?;
                let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
                    .bind(IMPORT_KEY)
                    .fetch_one(&mut *tx)
                    .await?;
                if !locked {
                    return Err(StoreError::Busy);
                }
                Ok((tx, None))
            }
        }
    }

    /// The values of the list bound as JSON text (see [`json_list`]) at parameter `$n`, as a
    /// subquery: `column IN {list}`.
    pub fn list(&self, n: usize, of: ListOf) -> String {
        let cast = match (self, of) {
            (Engine::Postgres, ListOf::Ids) => "::BIGINT",
            _ => "",
        };
        format!("(SELECT value{cast} FROM {})", self.list_source(n))
    }

    /// The list bound at `$n` as a table of one text column, `value`: `FROM {source}`.
    pub fn list_source(&self, n: usize) -> String {
        match self {
            Engine::Sqlite { .. } => format!("json_each(${n})"),
            Engine::Postgres => format!("jsonb_array_elements_text(${n}::JSONB) AS list(value)"),
        }
    }

    /// Appended to a `SELECT` of one row that the transaction is about to decide on: other
    /// writers of that row wait until it ends, and so do writers of rows referring to it when
    /// `referrers` says so. SQLite's write transaction already excludes every other writer.
    pub fn row_lock(&self, referrers: Referrers) -> &'static str {
        match (self, referrers) {
            (Engine::Sqlite { .. }, _) => "",
            (Engine::Postgres, Referrers::Wait) => " FOR UPDATE",
            (Engine::Postgres, Referrers::Proceed) => " FOR NO KEY UPDATE",
        }
    }

    /// `(p, …), (p, …)`: the placeholders of a multi-row `VALUES` of `rows` rows of `width`
    /// values, bound in order, in a statement that has no other parameter. SQLite is given
    /// anonymous `?`: it finds a numbered parameter's name by walking the list of all of them, for
    /// each one it binds, which makes a statement of 23,000 values take seconds (100,000 children
    /// took 100 s instead of 2); PostgreSQL reads only `$N`.
    pub fn values(&self, rows: usize, width: usize) -> String {
        let placeholder = |n: usize| match self {
            Engine::Sqlite { .. } => "?".to_owned(),
            Engine::Postgres => format!("${n}"),
        };
        (0..rows)
            .map(|row| {
                let row: Vec<String> = (1..=width).map(|n| placeholder(row * width + n)).collect();
                format!("({})", row.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `count` new ids of `children`, known before the rows are written so that a whole batch
    /// goes in one statement.
    pub async fn reserve_child_ids(
        &self,
        tx: &mut Transaction<'static, Any>,
        count: usize,
    ) -> StoreResult<Vec<i64>> {
        let count = i64::try_from(count).map_err(|_| StoreError::Corrupt("id count".into()))?;
        match self {
            // Inside the write transaction nobody else inserts.
            Engine::Sqlite { .. } => {
                let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM children")
                    .fetch_one(&mut **tx)
                    .await?;
                Ok((1..=count).map(|n| last + n).collect())
            }
            // Taken from the sequence, whatever other servers insert meanwhile.
            Engine::Postgres => Ok(sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('children', 'id'))
                 FROM generate_series(1, $1)",
            )
            .bind(count)
            .fetch_all(&mut **tx)
            .await?),
        }
    }
}

/// A list as the JSON array that [`Engine::list`] reads: how a query takes a list of values.
pub fn json_list<T: serde::Serialize>(values: &[T]) -> StoreResult<String> {
    serde_json::to_string(values).map_err(|error| StoreError::Corrupt(error.to_string()))
}
