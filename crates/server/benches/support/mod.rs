//! What the benchmarks share: the machine they ran on, the CPU time /proc tells, and the
//! PostgreSQL database made for a run.

use anyhow::Context;
use sqlx::Connection;

/// Names a PostgreSQL server whose user may `CREATE DATABASE`; unset, PostgreSQL is not measured.
pub const POSTGRES_URL_VARIABLE: &str = "TEMPATRO_BENCH_POSTGRES_URL";

/// "2 cœurs (AMD EPYC …), 23.5 Gio, Linux 6.1.0-…": what the figures were measured on.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .map(|model| format!(" ({model})"))
        .unwrap_or_default();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or_else(
            || "mémoire inconnue".to_owned(),
            |kib| format!("{:.1} Gio", kib as f64 / 1_048_576.0),
        );
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|release| format!("Linux {}", release.trim()))
        .unwrap_or_else(|_| std::env::consts::OS.to_owned());
    format!("{cores} cœurs{cpu}, {memory}, {kernel}")
}

/// Clock ticks per second (`USER_HZ`), the unit of /proc's CPU times: the `AT_CLKTCK` entry of the
/// auxiliary vector the kernel gave this process, where `sysconf(_SC_CLK_TCK)` reads it too.
pub fn clock_ticks_per_second() -> Option<f64> {
    const AT_CLKTCK: usize = 17;
    let vector = std::fs::read("/proc/self/auxv").ok()?;
    let mut words = vector
        .chunks_exact(size_of::<usize>())
        .filter_map(|bytes| bytes.try_into().ok().map(usize::from_ne_bytes));
    while let (Some(key), Some(value)) = (words.next(), words.next()) {
        if key == AT_CLKTCK {
            return Some(value as f64);
        }
    }
    None
}

/// A process's user and system time, in ticks, from its /proc/PID/stat: the 14th and 15th fields,
/// counted after the command name, which may hold spaces and parentheses.
pub fn process_ticks(stat: &str) -> Option<u64> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let mut fields = after_name.split_whitespace().skip(11);
    let user = fields.next()?.parse::<u64>().ok()?;
    let system = fields.next()?.parse::<u64>().ok()?;
    Some(user + system)
}

/// A PostgreSQL database made for the run, dropped after it.
pub struct BenchDatabase {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl BenchDatabase {
    pub async fn create(admin_url: &str) -> anyhow::Result<BenchDatabase> {
        let name = format!("tempatro_bench_{:016x}", rand::random::<u64>());
        // The URL may carry a password: it is not repeated in the errors.
        let mut admin = sqlx::PgConnection::connect(admin_url)
            .await
            .with_context(|| format!("{POSTGRES_URL_VARIABLE} : connexion à PostgreSQL"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .with_context(|| format!("création de la base {name}"))?;
        let _ = admin.close().await;
        Ok(BenchDatabase {
            admin_url: admin_url.to_owned(),
            url: with_database(admin_url, &name),
            name,
        })
    }

    /// Drops the database; FORCE ends the connections a server may have left. A failure is said,
    /// not fatal: the figures are already there.
    pub async fn drop_database(self) {
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = async {
            let mut admin = sqlx::PgConnection::connect(&self.admin_url).await?;
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut admin)
                .await?;
            admin.close().await
        }
        .await;
        if let Err(error) = dropped {
            eprintln!(
                "attention : la base {} n'a pas pu être supprimée : {error}",
                self.name
            );
        }
    }
}

/// `url` with its database (the path) replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |at| at + 3);
    let host_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |at| authority_start + at);
    format!("{}/{database}{query}", &base[..host_end])
}
