//! The operator's maintenance commands: copying a SQLite database into PostgreSQL
//! (`migrate-data`), and the online backup of a SQLite database (`backup`, `restore`); and what a
//! running server prunes on its own (`housekeeping`).

mod backup;
pub(crate) mod housekeeping;
mod migrate;

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Context;
use sqlx::sqlite::SqliteConnectOptions;

pub use backup::{Backup, backup, restore};
pub use migrate::{MigrationReport, TABLES, TableCheck, migrate_data};

/// The options of the existing SQLite database named by `url` (`sqlite://path` or a bare path),
/// never creating it, and its file.
fn existing_sqlite(url: &str) -> anyhow::Result<(SqliteConnectOptions, PathBuf)> {
    let options = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url).with_context(|| format!("adresse SQLite {url}"))?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    let path = options.get_filename().to_path_buf();
    if !path.is_file() {
        anyhow::bail!(
            "la base SQLite {} n'existe pas (ou n'est pas un fichier)",
            path.display()
        );
    }
    let options = options
        .create_if_missing(false)
        .foreign_keys(true)
        // A running server may be writing: wait for it rather than fail.
        .busy_timeout(std::time::Duration::from_secs(10));
    Ok((options, path))
}
