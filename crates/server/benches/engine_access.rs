//! `sqlx::Any` against the engines' own pools: what the store pays for writing its SQL once.
//!
//! For each engine — SQLite on a temporary file, then PostgreSQL when
//! `TEMPATRO_BENCH_POSTGRES_URL` names a server whose user may `CREATE DATABASE` (a database is
//! created for the run and dropped after) — the store migrates a fresh database, plain `INSERT`s
//! seed a Patro (300 families), and the same SQL runs through the engine's own pool (`SqlitePool`,
//! `PgPool`) and through an `AnyPool` opened as the store opens its own, every column read with
//! `Row::try_get` into the same Rust values:
//!
//! - the reads of one parent's dashboard (`http/me.rs`, with the store's SQL): the children with
//!   their affiliation, their coming camps and hikes, their unpaid dues and the dues' payments,
//!   the latest news; 2,000 dashboards by 1 client, then by 16;
//! - 20,000 children written in one transaction by multi-row `INSERT`s of 1,000 rows of 22
//!   columns, placeholders as `Engine::values` writes them (`?` for SQLite, `$N` for PostgreSQL),
//!   then rolled back.
//!
//! The two paths take turns over 5 rounds, the one going first alternating, so that the machine's
//! noise (other builds, the disk) falls on both. It prints each path's median time and the median
//! of the rounds' ratios Any / native: by the clock, and in this process's CPU time (Linux), which
//! is where Any's work is done and which other programs on the machine do not disturb.
//!
//!   cargo bench -p tempatro-server --bench engine_access
//!   TEMPATRO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!       cargo bench -p tempatro-server --bench engine_access
//!
//! A benchmark, not a test: it fails only if something breaks (a statement refused, the two paths
//! reading different values), never on timing. Run without `--bench` (`cargo test --benches`), it
//! only checks that it still works, on a few families and rows.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::postgres::PgPoolOptions;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{
    Any, AnyPool, AssertSqlSafe, ColumnIndex, ConnectOptions, Database, Decode, Encode, Executor,
    IntoArguments, Pool, Row, Transaction, Type,
};
use time::{Date, OffsetDateTime};

use tempatro_server::open_store;

mod support;
use support::{
    BenchDatabase, POSTGRES_URL_VARIABLE, clock_ticks_per_second, machine, process_ticks,
};

/// Both pools hold as many connections as the server's by default (`database_pool`).
const CONNECTIONS: u32 = 8;

/// The clients reading dashboards at once: one, then more than the pool has connections.
const CLIENTS: [usize; 2] = [1, 16];

/// Rows per `INSERT`, as an import writes them (`store/sql/imports.rs`).
const INSERT_BATCH: usize = 1000;

/// What the store runs on every new SQLite connection (`store/engine.rs`).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -4096;";

/// What one run measures.
#[derive(Debug, Clone, Copy)]
struct Settings {
    families: usize,
    dashboards: usize,
    children: usize,
    rounds: usize,
}

impl Settings {
    /// `cargo bench` passes `--bench`; without it (`cargo test --benches`), a quick check only.
    fn from_args() -> Settings {
        if std::env::args().any(|arg| arg == "--bench") {
            Settings {
                families: 300,
                dashboards: 2000,
                children: 20 * INSERT_BATCH,
                rounds: 5,
            }
        } else {
            Settings {
                families: 12,
                dashboards: 20,
                children: 2 * INSERT_BATCH,
                rounds: 2,
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }

    /// The ids bound as a JSON array at `$n`, as a subquery: the store's `Engine::list`.
    fn ids(self, n: usize) -> String {
        match self {
            Engine::Sqlite => format!("(SELECT value FROM json_each(${n}))"),
            Engine::Postgres => {
                format!(
                    "(SELECT value::BIGINT FROM jsonb_array_elements_text(${n}::JSONB) AS list(value))"
                )
            }
        }
    }

    /// The `n`th placeholder of a multi-row `VALUES`, as `Engine::values` writes it: SQLite finds
    /// a numbered parameter's name by walking the list of all of them, for each one it binds.
    fn value(self, n: usize) -> String {
        match self {
            Engine::Sqlite => "?".to_owned(),
            Engine::Postgres => format!("${n}"),
        }
    }

    /// How the store starts a writing transaction (`Engine::begin_write`).
    fn begin_write(self) -> &'static str {
        match self {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        }
    }
}

fn main() -> anyhow::Result<()> {
    let settings = Settings::from_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("le runtime tokio")?;
    runtime.block_on(run(settings))
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    println!(
        "sqlx::Any contre le pool du moteur : les mêmes requêtes, lues dans les mêmes valeurs"
    );
    println!("Machine : {}", machine());
    println!(
        "Mesure : {} tours, les deux chemins à tour de rôle ; {} tableaux de bord par {} puis {} \
         clients ({CONNECTIONS} connexions) ; {} enfants insérés par lots de {INSERT_BATCH} dans \
         une transaction annulée ; {} familles",
        settings.rounds,
        settings.dashboards,
        CLIENTS[0],
        CLIENTS[1],
        settings.children,
        settings.families,
    );
    let postgres_url = std::env::var(POSTGRES_URL_VARIABLE).ok();
    if postgres_url.is_none() {
        println!("PostgreSQL : non mesuré ({POSTGRES_URL_VARIABLE} n'est pas définie)");
    }

    let dir = tempfile::tempdir().context("un dossier temporaire")?;
    let path = dir.path().join("tempatro.db");
    let url = path.to_str().context("le chemin de la base SQLite")?;
    drop(open_store(url).await?);
    let options = SqliteConnectOptions::new().filename(&path);
    let native = SqlitePoolOptions::new()
        .max_connections(CONNECTIONS)
        .after_connect(|connection, _| {
            Box::pin(async move { connection.execute(SQLITE_PRAGMAS).await.map(drop) })
        })
        .connect_with(options.clone())
        .await?;
    let any = AnyPoolOptions::new()
        .max_connections(CONNECTIONS)
        .after_connect(|connection, _| {
            Box::pin(async move { connection.execute(SQLITE_PRAGMAS).await.map(drop) })
        })
        .connect_with(AnyConnectOptions::from_str(
            options.to_url_lossy().as_str(),
        )?)
        .await?;
    bench_engine(Engine::Sqlite, native, any, settings).await?;

    if let Some(admin_url) = postgres_url {
        let database = BenchDatabase::create(&admin_url).await?;
        let measured = async {
            drop(open_store(&database.url).await?);
            let native = PgPoolOptions::new()
                .max_connections(CONNECTIONS)
                .connect(&database.url)
                .await?;
            let any = AnyPoolOptions::new()
                .max_connections(CONNECTIONS)
                .connect(&database.url)
                .await?;
            bench_engine(Engine::Postgres, native, any, settings).await
        }
        .await;
        database.drop_database().await;
        measured?;
    }
    Ok(())
}

/// Seeds the engine's database, checks that both paths read the same values, then measures them
/// in turns and prints the figures.
async fn bench_engine<P: Access>(
    engine: Engine,
    native: P,
    any: AnyPool,
    settings: Settings,
) -> anyhow::Result<()> {
    println!();
    println!("{} :", engine.name());
    let today = OffsetDateTime::now_utc().date();
    let seeding = Instant::now();
    let seeded = seed(&any, settings.families, today)
        .await
        .context("le semis")?;
    // A running PostgreSQL has its tables analysed by autovacuum: without statistics it would
    // plan otherwise, and change plans when autovacuum comes during the run. Nothing analyses
    // SQLite's, the store included.
    if engine == Engine::Postgres {
        sqlx::query("ANALYZE").execute(&any).await?;
    }
    println!(
        "  semis (SQL) : {} familles, {} enfants, {} inscriptions, {} dettes, {} paiements, \
         {} nouvelles en {:.1} s",
        settings.families,
        seeded.children,
        seeded.registrations,
        seeded.dues,
        seeded.payments,
        NEWS.len(),
        seeding.elapsed().as_secs_f64(),
    );

    let dashboard = Arc::new(Dashboard::new(engine, seeded.account, today));
    let read = dashboard.read(&native).await?;
    if read != dashboard.read(&any).await? {
        bail!("les deux chemins ne lisent pas les mêmes valeurs");
    }
    println!(
        "  le tableau de bord mesuré lit {} enfants, {} séjours à venir, {} dettes impayées, \
         {} paiements, {} nouvelles",
        read[0].len(),
        read[1].len(),
        read[2].len(),
        read[3].len(),
        read[4].len(),
    );
    let inserts = children_statements(engine, settings.children, today);
    let works = [
        Work::Dashboards(CLIENTS[0]),
        Work::Dashboards(CLIENTS[1]),
        Work::Insert(&inserts),
    ];
    // An untimed turn of each path first: connections opened, statements prepared.
    for work in works {
        work.time(&native, engine, &dashboard, settings).await?;
        work.time(&any, engine, &dashboard, settings).await?;
    }
    let mut figures: Vec<Figures> = works.iter().map(|work| Figures::new(*work)).collect();
    for round in 0..settings.rounds {
        for figures in &mut figures {
            let work = figures.work;
            // The native pool goes first in even rounds, Any in odd ones.
            for through_any in [round % 2 == 1, round % 2 == 0] {
                if through_any {
                    let time = work.time(&any, engine, &dashboard, settings).await?;
                    figures.any.push(time);
                } else {
                    let time = work.time(&native, engine, &dashboard, settings).await?;
                    figures.native.push(time);
                }
            }
        }
    }
    print_figures(&figures, settings);
    Ok(())
}

/// What is timed.
#[derive(Clone, Copy)]
enum Work<'a> {
    /// `Settings::dashboards` dashboards read by this many clients at once.
    Dashboards(usize),
    /// `Settings::children` children inserted by these statements in one transaction, rolled
    /// back.
    Insert(&'a [Statement]),
}

impl Work<'_> {
    /// The time of one dashboard (the whole run's divided by their number), or of the whole
    /// insertion.
    async fn time<P: Access>(
        self,
        pool: &P,
        engine: Engine,
        dashboard: &Arc<Dashboard>,
        settings: Settings,
    ) -> anyhow::Result<Timing> {
        let started = Instant::now();
        let cpu_started = cpu_time();
        let iterations = match self {
            Work::Dashboards(clients) => {
                let next = Arc::new(AtomicUsize::new(0));
                let mut tasks = tokio::task::JoinSet::new();
                for _ in 0..clients {
                    let (pool, dashboard, next) =
                        (pool.clone(), Arc::clone(dashboard), Arc::clone(&next));
                    tasks.spawn(async move {
                        while next.fetch_add(1, Ordering::Relaxed) < settings.dashboards {
                            dashboard.read(&pool).await?;
                        }
                        Ok::<_, sqlx::Error>(())
                    });
                }
                while let Some(done) = tasks.join_next().await {
                    done.context("un client")??;
                }
                u32::try_from(settings.dashboards)?
            }
            Work::Insert(statements) => {
                pool.write_rolled_back(engine.begin_write(), statements)
                    .await?;
                1
            }
        };
        Ok(Timing {
            wall: started.elapsed() / iterations,
            cpu: cpu_started
                .zip(cpu_time())
                .map(|(started, now)| now.saturating_sub(started) / iterations),
        })
    }

    fn label(self, settings: Settings) -> String {
        match self {
            Work::Dashboards(1) => "un tableau de bord, 1 client".to_owned(),
            Work::Dashboards(clients) => format!("un tableau de bord, {clients} clients"),
            Work::Insert(statements) => {
                format!("{} enfants, {} INSERT", settings.children, statements.len())
            }
        }
    }
}

/// The time of one iteration of a work.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    /// This process's CPU time, all its threads together.
    cpu: Option<Duration>,
}

/// This process's CPU time so far, from `/proc` (`None` where it does not tell), in clock ticks
/// (10 ms on Linux).
fn cpu_time() -> Option<Duration> {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .as_deref()
        .and_then(process_ticks)?;
    Some(Duration::from_secs_f64(
        ticks as f64 / clock_ticks_per_second()?,
    ))
}

/// A work's time per round through each path.
struct Figures<'a> {
    work: Work<'a>,
    native: Vec<Timing>,
    any: Vec<Timing>,
}

impl<'a> Figures<'a> {
    fn new(work: Work<'a>) -> Figures<'a> {
        Figures {
            work,
            native: Vec::new(),
            any: Vec::new(),
        }
    }
}

/// Which of a timing's times a table shows.
type Clock = fn(&Timing) -> Option<Duration>;

/// A table by the clock, then one in CPU time when the system tells it.
fn print_figures(figures: &[Figures], settings: Settings) {
    let clocks: [(&str, Clock); 2] = [
        ("durée (horloge)", |timing| Some(timing.wall)),
        ("CPU de ce processus", |timing| timing.cpu),
    ];
    for (clock, read) in clocks {
        let seconds = |timings: &[Timing]| -> Option<Vec<f64>> {
            timings
                .iter()
                .map(|timing| read(timing).map(|time| time.as_secs_f64()))
                .collect()
        };
        println!(
            "  {:<32} {:>10} {:>10} {:>10} {:>15}",
            clock, "natif", "Any", "Any/natif", "(tours : de – à)"
        );
        for figures in figures {
            let (Some(native), Some(any)) = (seconds(&figures.native), seconds(&figures.any))
            else {
                println!("  (non mesuré sur ce système)");
                break;
            };
            let mut ratios: Vec<f64> = any.iter().zip(&native).map(|(a, n)| a / n).collect();
            ratios.sort_by(f64::total_cmp);
            println!(
                "  {:<32} {:>10} {:>10} {:>10.3} {:>15}",
                figures.work.label(settings),
                shown(median(native)),
                shown(median(any)),
                median(ratios.clone()),
                format!(
                    "{:.3} – {:.3}",
                    ratios.first().copied().unwrap_or(f64::NAN),
                    ratios.last().copied().unwrap_or(f64::NAN)
                ),
            );
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Seconds in µs below 10 ms, in ms above.
fn shown(seconds: f64) -> String {
    if seconds < 0.01 {
        format!("{:.0} µs", seconds * 1e6)
    } else {
        format!("{:.1} ms", seconds * 1e3)
    }
}

/// A value bound to a `$N` placeholder, bound the way the store binds it.
enum Bind {
    Int(i64),
    Text(String),
    Flag(bool),
    NoInt,
    NoText,
}

/// A statement and how its columns are read back: each named column as an integer, a text or a
/// flag, NULL or not.
struct Read {
    sql: Arc<str>,
    ints: &'static [&'static str],
    texts: &'static [&'static str],
    flags: &'static [&'static str],
}

impl Read {
    fn new(
        sql: String,
        ints: &'static [&'static str],
        texts: &'static [&'static str],
        flags: &'static [&'static str],
    ) -> Read {
        Read {
            sql: sql.into(),
            ints,
            texts,
            flags,
        }
    }

    /// The integers of `column` in `rows`, NULLs left out.
    fn ints_of(&self, rows: &[Values], column: &str) -> Vec<i64> {
        let at = self.ints.iter().position(|name| *name == column);
        rows.iter()
            .filter_map(|row| at.and_then(|at| row.ints[at]))
            .collect()
    }
}

/// A row read back, its columns in the order its [`Read`] names them.
#[derive(PartialEq)]
struct Values {
    ints: Vec<Option<i64>>,
    texts: Vec<Option<String>>,
    flags: Vec<Option<bool>>,
}

/// A multi-row `INSERT` and its values.
struct Statement {
    sql: Arc<str>,
    binds: Vec<Bind>,
}

/// A pool the SQL runs through: an engine's own or `sqlx::Any`'s. Implemented once for every
/// `Pool<DB>`, so that both paths run the very same code.
trait Access: Clone + Send + Sync + 'static {
    /// The rows of `read` with `binds`, every column read into Rust values.
    fn fetch(
        &self,
        read: &Read,
        binds: &[Bind],
    ) -> impl Future<Output = sqlx::Result<Vec<Values>>> + Send;

    /// Runs `statements` in a transaction opened by `begin`, then rolls it back.
    fn write_rolled_back(
        &self,
        begin: &'static str,
        statements: &[Statement],
    ) -> impl Future<Output = sqlx::Result<()>> + Send;
}

impl<DB> Access for Pool<DB>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'a> &'a str: ColumnIndex<DB::Row>,
{
    async fn fetch(&self, read: &Read, binds: &[Bind]) -> sqlx::Result<Vec<Values>> {
        let rows = bound::<DB>(&read.sql, binds).fetch_all(self).await?;
        let mut values = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut flags = Vec::with_capacity(read.flags.len());
            for column in read.flags {
                // sqlx::Any hands SQLite's INTEGER flags on as integers: the store's
                // `rows::Flag` decodes a boolean and, failing that, an integer; so does this.
                flags.push(match row.try_get_unchecked::<Option<bool>, _>(*column) {
                    Err(sqlx::Error::ColumnDecode { .. }) => row
                        .try_get::<Option<i64>, _>(*column)?
                        .map(|flag| flag != 0),
                    read => read?,
                });
            }
            values.push(Values {
                ints: read
                    .ints
                    .iter()
                    .map(|column| row.try_get(*column))
                    .collect::<sqlx::Result<_>>()?,
                texts: read
                    .texts
                    .iter()
                    .map(|column| row.try_get(*column))
                    .collect::<sqlx::Result<_>>()?,
                flags,
            });
        }
        Ok(values)
    }

    async fn write_rolled_back(
        &self,
        begin: &'static str,
        statements: &[Statement],
    ) -> sqlx::Result<()> {
        let mut tx: Transaction<'static, DB> = self.begin_with(begin).await?;
        for statement in statements {
            bound::<DB>(&statement.sql, &statement.binds)
                .execute(&mut *tx)
                .await?;
        }
        tx.rollback().await
    }
}

/// `sql` with `binds` bound in order.
fn bound<DB>(sql: &Arc<str>, binds: &[Bind]) -> Query<'static, DB, DB::Arguments>
where
    DB: Database,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<String>: Encode<'q, DB>,
{
    let mut query = sqlx::query(AssertSqlSafe(Arc::clone(sql)));
    for bind in binds {
        query = match bind {
            Bind::Int(value) => query.bind(*value),
            Bind::Text(value) => query.bind(value.clone()),
            Bind::Flag(value) => query.bind(*value),
            Bind::NoInt => query.bind(None::<i64>),
            Bind::NoText => query.bind(None::<String>),
        };
    }
    query
}

/// A child's columns as the store reads them (`CHILD_COLUMNS` in `store/rows.rs`).
const CHILD_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.street, \
    c.postal_code, c.locality, c.image_rights, c.image_rights_set_at, c.image_rights_set_by, \
    c.primary_contact_name, c.primary_contact_phone, c.primary_contact_email, \
    c.secondary_contact_name, c.secondary_contact_phone, c.secondary_contact_email, \
    c.doctor_name, c.doctor_phone, c.created_at, c.version, c.external_id";

/// A due's columns as the store reads them (`DUE_COLUMNS`).
const DUE_COLUMNS: &str = "d.id AS d_id, d.amount AS d_amount, d.reference AS d_reference, \
    d.cancelled_at IS NOT NULL AS d_cancelled, \
    CAST((SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.due_id = d.id) AS BIGINT) AS d_paid, \
    (SELECT p.paid_on FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_paid_on, \
    (SELECT p.method FROM payments p WHERE p.due_id = d.id ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS d_last_method";

/// One parent's dashboard: the store's reads for `GET /api/v1/me/dashboard`, as the store writes
/// them for a family (its filters on children written in, the others `$N IS NULL`), each fed by
/// the one before, with the same binds every time.
struct Dashboard {
    account: i64,
    cycle: i64,
    today: String,
    children: Read,
    stays: Read,
    dues: Read,
    payments: Read,
    news: Read,
}

impl Dashboard {
    fn new(engine: Engine, account: i64, today: Date) -> Dashboard {
        Dashboard {
            account,
            cycle: i64::from(today.year()),
            today: today.to_string(),
            children: Read::new(
                format!(
                    "SELECT {CHILD_COLUMNS}, a.child_id AS a_child_id, a.cycle AS a_cycle,
                        a.section_id AS a_section_id, a.solidarity AS a_solidarity, {DUE_COLUMNS},
                        (SELECT COUNT(*) FROM child_parents p WHERE p.child_id = c.id) AS parents
                     FROM children c LEFT JOIN affiliations a ON a.child_id = c.id AND a.cycle = $1
                     LEFT JOIN dues d ON d.id = a.due_id LEFT JOIN due_balances b ON b.due_id = a.due_id
                     WHERE c.id IN (SELECT child_id FROM child_parents WHERE account_id = $2)
                       AND ($3 IS NULL OR a.section_id = $3)
                       AND (NOT $4 OR (a.child_id IS NOT NULL AND NOT b.cancelled AND b.paid < b.amount))
                       AND (NOT $5 OR a.solidarity)
                       AND (NOT $6 OR NOT EXISTS (SELECT 1 FROM child_parents p WHERE p.child_id = c.id))
                     ORDER BY c.sort_key, c.id"
                ),
                &[
                    "id",
                    "postal_code",
                    "image_rights_set_at",
                    "created_at",
                    "version",
                    "a_child_id",
                    "a_cycle",
                    "a_section_id",
                    "d_id",
                    "d_amount",
                    "d_paid",
                    "parents",
                ],
                &[
                    "first_name",
                    "last_name",
                    "birth_date",
                    "gender",
                    "street",
                    "locality",
                    "image_rights_set_by",
                    "primary_contact_name",
                    "primary_contact_phone",
                    "primary_contact_email",
                    "secondary_contact_name",
                    "secondary_contact_phone",
                    "secondary_contact_email",
                    "doctor_name",
                    "doctor_phone",
                    "external_id",
                    "d_reference",
                    "d_last_paid_on",
                    "d_last_method",
                ],
                &["image_rights", "a_solidarity", "d_cancelled"],
            ),
            stays: Read::new(
                format!(
                    "SELECT r.activity_id, r.child_id, r.status, r.fee, r.medical_confirmed_on,
                        r.created_at, {DUE_COLUMNS}, a.name AS stay_name,
                        a.starts_on AS stay_starts_on, a.needs_medical AS stay_needs_medical
                     FROM registrations r JOIN activities a ON a.id = r.activity_id
                     LEFT JOIN dues d ON d.id = r.due_id
                     WHERE r.child_id IN {} AND a.ends_on >= $2
                     ORDER BY r.child_id, r.queued_at",
                    engine.ids(1)
                ),
                &[
                    "activity_id",
                    "child_id",
                    "fee",
                    "created_at",
                    "d_id",
                    "d_amount",
                    "d_paid",
                ],
                &[
                    "status",
                    "medical_confirmed_on",
                    "d_reference",
                    "d_last_paid_on",
                    "d_last_method",
                    "stay_name",
                    "stay_starts_on",
                ],
                &["d_cancelled", "stay_needs_medical"],
            ),
            dues: Read::new(
                format!(
                    "SELECT d.kind, d.child_id, d.label, d.created_at, c.first_name, c.last_name,
                        {DUE_COLUMNS}
                     FROM dues d JOIN children c ON c.id = d.child_id
                     JOIN due_balances b ON b.due_id = d.id
                     LEFT JOIN affiliations a ON a.due_id = d.id
                     LEFT JOIN registrations r ON r.due_id = d.id
                     WHERE d.child_id IN {}
                       AND ($2 = 0 OR (NOT b.cancelled AND b.paid < b.amount))
                       AND ($3 IS NULL OR a.cycle = $3)
                       AND ($4 IS NULL OR r.activity_id = $4)
                       AND $5 IS NULL
                     ORDER BY d.created_at, d.id",
                    engine.ids(1)
                ),
                &["d_id", "child_id", "created_at", "d_amount", "d_paid"],
                &[
                    "kind",
                    "label",
                    "first_name",
                    "last_name",
                    "d_reference",
                    "d_last_paid_on",
                    "d_last_method",
                ],
                &["d_cancelled"],
            ),
            payments: Read::new(
                format!(
                    "SELECT due_id, amount, paid_on, method, bank_line FROM payments
                     WHERE due_id IN {} ORDER BY paid_on, id",
                    engine.ids(1)
                ),
                &["due_id", "amount"],
                &["paid_on", "method", "bank_line"],
                &[],
            ),
            news: Read::new(
                format!(
                    "SELECT n.*, EXISTS (SELECT 1 FROM news_reads r
                         WHERE r.news_id = n.id AND r.account_id = $1) AS read
                     FROM news n
                     WHERE (NOT $2 OR n.published)
                       AND ($3 IS NULL OR n.section_id IS NULL OR n.section_id IN {})
                       AND ($4 IS NULL OR n.id = $4)
                     ORDER BY n.published_at DESC, n.id DESC LIMIT $5",
                    engine.ids(3)
                ),
                &["id", "section_id", "published_at", "updated_at"],
                &["title", "body", "author"],
                &["published", "read"],
            ),
        }
    }

    /// Reads the dashboard through `pool`: the rows of each statement, in order.
    async fn read<P: Access>(&self, pool: &P) -> sqlx::Result<Vec<Vec<Values>>> {
        let children = pool
            .fetch(
                &self.children,
                &[
                    Bind::Int(self.cycle),
                    Bind::Int(self.account),
                    Bind::NoInt,
                    Bind::Flag(false),
                    Bind::Flag(false),
                    Bind::Flag(false),
                ],
            )
            .await?;
        let ids = json_list(&self.children.ints_of(&children, "id"));
        let stays = pool
            .fetch(
                &self.stays,
                &[Bind::Text(ids.clone()), Bind::Text(self.today.clone())],
            )
            .await?;
        // The unpaid dues of the children, then their payments.
        let dues = pool
            .fetch(
                &self.dues,
                &[
                    Bind::Text(ids),
                    Bind::Int(1),
                    Bind::NoInt,
                    Bind::NoInt,
                    Bind::NoInt,
                ],
            )
            .await?;
        let due_ids = json_list(&self.dues.ints_of(&dues, "d_id"));
        let payments = pool.fetch(&self.payments, &[Bind::Text(due_ids)]).await?;
        // The five latest published news items for the children's sections, or for everyone.
        let sections = json_list(&self.children.ints_of(&children, "a_section_id"));
        let news = pool
            .fetch(
                &self.news,
                &[
                    Bind::Int(self.account),
                    Bind::Flag(true),
                    Bind::Text(sections),
                    Bind::NoInt,
                    Bind::Int(5),
                ],
            )
            .await?;
        Ok(vec![children, stays, dues, payments, news])
    }
}

/// A list bound as one parameter, as the store's `json_list` writes it.
fn json_list(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_default()
}

/// The children's columns an import writes, but the id: its record's 18 (`RECORD_COLUMNS`) and 4
/// more.
const INSERTED_COLUMNS: [&str; 22] = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "street",
    "postal_code",
    "locality",
    "image_rights",
    "primary_contact_name",
    "primary_contact_phone",
    "primary_contact_email",
    "secondary_contact_name",
    "secondary_contact_phone",
    "secondary_contact_email",
    "doctor_name",
    "doctor_phone",
    "match_key",
    "sort_key",
    "image_rights_set_at",
    "image_rights_set_by",
    "created_at",
    "external_id",
];

/// `count` new children in `INSERT`s of `INSERT_BATCH` rows.
fn children_statements(engine: Engine, count: usize, today: Date) -> Vec<Statement> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let columns = INSERTED_COLUMNS.len();
    (0..count)
        .collect::<Vec<_>>()
        .chunks(INSERT_BATCH)
        .map(|chunk| {
            let rows = (0..chunk.len())
                .map(|row| {
                    let first = 1 + row * columns;
                    let placeholders: Vec<String> =
                        (first..first + columns).map(|n| engine.value(n)).collect();
                    format!("({})", placeholders.join(", "))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO children ({}) VALUES {rows}",
                INSERTED_COLUMNS.join(", ")
            );
            let binds = chunk
                .iter()
                .flat_map(|n| child_values(*n, now, today))
                .collect();
            Statement {
                sql: sql.into(),
                binds,
            }
        })
        .collect()
}

/// Child `n`'s 22 values, in the order of [`INSERTED_COLUMNS`]; a second contact for one child in
/// three.
fn child_values(n: usize, now: i64, today: Date) -> [Bind; 22] {
    let first = FIRST_NAMES[n % FIRST_NAMES.len()];
    let last = LAST_NAMES[n / FIRST_NAMES.len() % LAST_NAMES.len()];
    let parent = PARENT_NAMES[n % PARENT_NAMES.len()];
    let (postal_code, locality) = TOWNS[n % TOWNS.len()];
    let birth = today - time::Duration::days(5 * 365 + i64::try_from(n % 4000).unwrap_or(0));
    let second = n.is_multiple_of(3);
    let text = |value: String| Bind::Text(value);
    [
        text(first.to_owned()),
        text(last.to_uppercase()),
        text(birth.to_string()),
        if n.is_multiple_of(2) {
            text("girl".to_owned())
        } else {
            text("boy".to_owned())
        },
        text(format!("Rue du Patro {}", n % 150 + 1)),
        Bind::Int(postal_code),
        text(locality.to_owned()),
        Bind::Flag(!n.is_multiple_of(5)),
        text(format!("{parent} {last}")),
        text(format!("+3247{n:07}")),
        text(format!("parent{n}@banc.patro.be")),
        if second {
            text(format!("Marie {last}"))
        } else {
            Bind::NoText
        },
        if second {
            text(format!("+3248{n:07}"))
        } else {
            Bind::NoText
        },
        Bind::NoText,
        text("Dr Lejeune".to_owned()),
        text("+3265123456".to_owned()),
        text(format!(
            "{}|{}|{birth}",
            last.to_lowercase(),
            first.to_lowercase()
        )),
        text(format!(
            "{}\u{1f}{}",
            last.to_lowercase(),
            first.to_lowercase()
        )),
        Bind::Int(now),
        text("Secrétariat".to_owned()),
        Bind::Int(now),
        text(format!("B{n:07}")),
    ]
}

const FIRST_NAMES: [&str; 20] = [
    "Emma", "Louis", "Olivia", "Arthur", "Louise", "Jules", "Alice", "Gabriel", "Mila", "Adam",
    "Lina", "Victor", "Zoë", "Léon", "Nora", "Noah", "Camille", "Hugo", "Juliette", "Théo",
];
const PARENT_NAMES: [&str; 6] = ["Claire", "Marc", "Sophie", "Benoît", "Nathalie", "Olivier"];
const LAST_NAMES: [&str; 12] = [
    "Dubois", "Lambert", "Martin", "Dupont", "Peeters", "Janssens", "Maes", "Jacobs", "Lejeune",
    "Renard", "Michaux", "Gilson",
];
const TOWNS: [(i64, &str); 6] = [
    (7000, "Mons"),
    (6000, "Charleroi"),
    (5000, "Namur"),
    (4000, "Liège"),
    (7130, "Binche"),
    (1300, "Wavre"),
];

/// The news items: for everyone, or for a section (its id).
const NEWS: [(&str, Option<i64>); 6] = [
    ("Souper du Patro", None),
    ("Réunion des parents", None),
    ("Marche parrainée", None),
    ("Réunion Chevaliers", Some(3)),
    ("Jeu de nuit", Some(4)),
    ("Bricolage", Some(1)),
];

/// What the seeding wrote, and the account whose dashboard is measured.
struct Seeded {
    account: i64,
    children: usize,
    registrations: usize,
    dues: usize,
    payments: usize,
}

/// A Patro as the dashboard benchmark seeds it through the API, written by plain SQL in one
/// transaction: the cycle, a camp and a hike, news; per family a parent, one or two children (four
/// families in ten have two) affiliated this cycle, six in ten paid; a family in three registers
/// its eldest for the camp, a family in four for the hike, a family in ten owes a t-shirt. The
/// first family has all of these: its dashboard is the one measured.
async fn seed(pool: &AnyPool, families: usize, today: Date) -> anyhow::Result<Seeded> {
    let mut tx = pool.begin().await?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let cycle = i64::from(today.year());
    sqlx::query(
        "INSERT INTO cycles (start_year, normal_fee, solidarity_fee, sibling_discount)
         VALUES ($1, 4500, 1500, 1000)",
    )
    .bind(cycle)
    .execute(&mut *tx)
    .await?;
    let mut activities = Vec::new();
    for (kind, name, starts, days, price, needs_medical) in [
        ("camp", "Camp d'été", 60, 10, 12000, true),
        ("hike", "Hike de printemps", 20, 2, 1500, false),
    ] {
        let starts_on = today + time::Duration::days(starts);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (kind, name, place, starts_on, ends_on, deadline, price,
                 needs_medical, created_at)
             VALUES ($1, $2, 'Hastière', $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(kind)
        .bind(name)
        .bind(starts_on.to_string())
        .bind((starts_on + time::Duration::days(days)).to_string())
        .bind((starts_on - time::Duration::days(10)).to_string())
        .bind(price)
        .bind(needs_medical)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        activities.push((id, name, price));
    }
    let mut news = Vec::new();
    for (title, section) in NEWS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO news (title, body, section_id, published, published_at, updated_at, author)
             VALUES ($1, 'Tous les détails au local.', $2, TRUE, $3, $3, 'Secrétariat')
             RETURNING id",
        )
        .bind(title)
        .bind(section)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        news.push(id);
    }

    let mut seeded = Seeded {
        account: 0,
        children: 0,
        registrations: 0,
        dues: 0,
        payments: 0,
    };
    let mut dues = Dues { tx, next: 1, now };
    for family in 0..families {
        let last = LAST_NAMES[family % LAST_NAMES.len()];
        let first = PARENT_NAMES[family % PARENT_NAMES.len()];
        let email = format!("parent{family:03}@banc.patro.be");
        let account: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, email_normalized, first_name, last_name, password_hash,
                 role, status, created_at, updated_at, sort_key)
             VALUES ($1, $1, $2, $3, 'pas de mot de passe', 'parent', 'active', $4, $4, $5)
             RETURNING id",
        )
        .bind(&email)
        .bind(first)
        .bind(last)
        .bind(now)
        .bind(format!(
            "{}\u{1f}{}",
            last.to_lowercase(),
            first.to_lowercase()
        ))
        .fetch_one(&mut *dues.tx)
        .await?;
        if family == 0 {
            seeded.account = account;
        }
        let count = if family % 5 < 2 { 2 } else { 1 };
        let mut children = Vec::new();
        for child in 0..count {
            let first = FIRST_NAMES[(family * 3 + child * 7) % FIRST_NAMES.len()];
            let age = i64::try_from(5 + (family * 7 + child * 4) % 12)?;
            let (postal_code, locality) = TOWNS[family % TOWNS.len()];
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO children (first_name, last_name, birth_date, street, postal_code,
                     locality, image_rights, primary_contact_name, primary_contact_email,
                     created_at, match_key, sort_key)
                 VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(first)
            .bind(last.to_uppercase())
            .bind((today - time::Duration::days(age * 365)).to_string())
            .bind(format!("Rue du Patro {}", family % 150 + 1))
            .bind(postal_code)
            .bind(locality)
            .bind(format!(
                "{} {last}",
                PARENT_NAMES[family % PARENT_NAMES.len()]
            ))
            .bind(&email)
            .bind(now)
            .bind(format!("{}|{}", last.to_lowercase(), first.to_lowercase()))
            .bind(format!(
                "{}\u{1f}{}",
                last.to_lowercase(),
                first.to_lowercase()
            ))
            .fetch_one(&mut *dues.tx)
            .await?;
            sqlx::query("INSERT INTO child_parents (child_id, account_id) VALUES ($1, $2)")
                .bind(id)
                .bind(account)
                .execute(&mut *dues.tx)
                .await?;
            let paid = (family * 7 + child * 3) % 10 < 6;
            let due = dues
                .add(
                    "affiliation",
                    id,
                    &format!("Affiliation {cycle}"),
                    4500,
                    paid,
                )
                .await?;
            sqlx::query(
                "INSERT INTO affiliations (child_id, cycle, section_id, due_id, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(cycle)
            .bind(i64::try_from((family + child) % 5 + 1)?)
            .bind(due)
            .bind(now)
            .execute(&mut *dues.tx)
            .await?;
            seeded.payments += usize::from(paid);
            children.push(id);
        }
        seeded.children += children.len();
        let eldest = children[0];
        for ((activity, name, price), registers) in activities
            .iter()
            .zip([family.is_multiple_of(3), family % 4 == 0])
        {
            if !registers {
                continue;
            }
            let paid = family.is_multiple_of(2);
            let due = dues.add("activity", eldest, name, *price, paid).await?;
            sqlx::query(
                "INSERT INTO registrations (activity_id, child_id, status, fee, due_id,
                     queued_at, created_at)
                 VALUES ($1, $2, 'registered', $3, $4, $5, $5)",
            )
            .bind(*activity)
            .bind(eldest)
            .bind(*price)
            .bind(due)
            .bind(now)
            .execute(&mut *dues.tx)
            .await?;
            seeded.registrations += 1;
            seeded.payments += usize::from(paid);
        }
        if family.is_multiple_of(10) {
            dues.add("other", eldest, "T-shirt du Patro", 1200, false)
                .await?;
        }
        // Half the parents have read the first news item.
        if family.is_multiple_of(2) {
            sqlx::query("INSERT INTO news_reads (account_id, news_id) VALUES ($1, $2)")
                .bind(account)
                .bind(news[0])
                .execute(&mut *dues.tx)
                .await?;
        }
    }
    seeded.dues = usize::try_from(dues.next - 1)?;
    dues.tx.commit().await?;
    Ok(seeded)
}

/// The seeding's transaction, and what writes a due in it.
struct Dues {
    tx: Transaction<'static, Any>,
    /// The next due's number, its structured communication.
    next: i64,
    now: i64,
}

impl Dues {
    /// A due for `child`, paid in full by transfer if `paid`; its id.
    async fn add(
        &mut self,
        kind: &str,
        child: i64,
        label: &str,
        amount: i64,
        paid: bool,
    ) -> sqlx::Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dues (kind, child_id, label, amount, reference, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(kind.to_owned())
        .bind(child)
        .bind(label.to_owned())
        .bind(amount)
        .bind(format!("{:012}", self.next))
        .bind(self.now)
        .fetch_one(&mut *self.tx)
        .await?;
        self.next += 1;
        if paid {
            sqlx::query(
                "INSERT INTO payments (due_id, amount, paid_on, method, recorded_at, recorded_by)
                 VALUES ($1, $2, '2026-09-15', 'transfer', $3, 'Secrétariat')",
            )
            .bind(id)
            .bind(amount)
            .bind(self.now)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(id)
    }
}
