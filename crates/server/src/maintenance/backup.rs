//! `backup`: a consistent copy of a SQLite database, taken while the server runs (`VACUUM INTO`
//! reads one snapshot); `restore`: a backup put in place of a database no process has open.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteLockingMode};
use sqlx::{Connection, SqliteConnection};

/// A backup written and checked.
#[derive(Debug, Clone)]
pub struct Backup {
    pub file: PathBuf,
    pub bytes: u64,
    /// The number of migrations the copy has: its schema's version.
    pub migrations: i64,
}

/// What to do instead for a PostgreSQL database.
fn use_pg_dump(file: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "une base PostgreSQL se sauvegarde avec pg_dump, pas avec tempatro-server :\n  \
         pg_dump --format=custom --file={} \"$TEMPATRO_DATABASE_URL\"\n\
         et se restaure, serveurs arrêtés, dans une base vide avec :\n  \
         pg_restore --no-owner --dbname=\"$TEMPATRO_DATABASE_URL\" {}",
        file.display(),
        file.display()
    )
}

fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("le chemin {} n'est pas en UTF-8", path.display()))
}

/// Copies the SQLite database `database_url` into the new file `file`, consistently even while a
/// server writes to it, and checks the copy. Never overwrites a file.
pub async fn backup(database_url: &str, file: &Path) -> anyhow::Result<Backup> {
    if crate::is_postgres(database_url) {
        return Err(use_pg_dump(file));
    }
    if file.exists() {
        bail!(
            "le fichier {} existe déjà : une sauvegarde n'écrase jamais un fichier, choisissez un autre nom",
            file.display()
        );
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        bail!("le dossier {} n'existe pas", parent.display());
    }
    let (options, path) = super::existing_sqlite(database_url)?;
    // No migration here: a newer binary's backup must not change an older server's schema.
    let mut database = SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("ouverture de la base SQLite {}", path.display()))?;
    let target = utf8(file)?.to_owned();
    // The file is created first, empty (VACUUM INTO accepts an empty file), readable by this user
    // only: it holds password hashes and medical sheets. Creating it fails if it exists.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .with_context(|| format!("création de {}", file.display()))?;
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut database)
        .await;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(file);
        return Err(error)
            .with_context(|| format!("copie de {} dans {}", path.display(), file.display()));
    }
    database.close().await?;
    let migrations = check(file)
        .await
        .with_context(|| format!("vérification de la sauvegarde {}", file.display()))?;
    Ok(Backup {
        file: file.to_path_buf(),
        bytes: std::fs::metadata(file)?.len(),
        migrations,
    })
}

/// Checks that `file` is a sound Tempatro database; returns how many migrations it has.
async fn check(file: &Path) -> anyhow::Result<i64> {
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false);
    let mut copy = SqliteConnection::connect_with(&options).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut copy)
        .await?;
    if verdict != "ok" {
        bail!("le fichier est abîmé : {verdict}");
    }
    let migrations: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&mut copy)
        .await
        .context("ce n'est pas une base de Tempatro (pas d'historique des migrations)")?;
    copy.close().await?;
    Ok(migrations)
}

/// Puts the backup `file` in place of the SQLite database `database_url`, refusing while any
/// process (a server, a `staff create`) has that database open.
pub async fn restore(file: &Path, database_url: &str) -> anyhow::Result<Backup> {
    if crate::is_postgres(database_url) {
        return Err(use_pg_dump(file));
    }
    if !file.is_file() {
        bail!("la sauvegarde {} n'existe pas", file.display());
    }
    let options = if database_url.starts_with("sqlite:") {
        database_url
            .parse::<SqliteConnectOptions>()
            .with_context(|| format!("adresse SQLite {database_url}"))?
    } else {
        SqliteConnectOptions::new().filename(database_url)
    };
    let target = options.get_filename().to_path_buf();
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        bail!("le dossier {} n'existe pas", folder.display());
    }

    // The backup is copied next to the database and checked there; the backup itself is never
    // opened, so it stays as it was.
    let staged = tempfile::Builder::new()
        .prefix(".tempatro-restore-")
        .suffix(".db")
        .tempfile_in(&folder)
        .with_context(|| format!("création d'un fichier dans {}", folder.display()))?;
    std::fs::copy(file, staged.path()).with_context(|| format!("copie de {}", file.display()))?;
    let migrations = check(staged.path())
        .await
        .with_context(|| format!("vérification de la sauvegarde {}", file.display()))?;
    staged.as_file().sync_all()?;

    // Leaving WAL mode needs the database to itself: SQLite refuses while any other connection,
    // even idle, has it open. In exclusive locking mode the lock is then kept until this
    // connection closes, so that nothing opens the old file while it is replaced.
    let lock = if target.exists() {
        let options = SqliteConnectOptions::new()
            .filename(&target)
            .create_if_missing(false)
            .busy_timeout(std::time::Duration::from_secs(1))
            .locking_mode(SqliteLockingMode::Exclusive)
            .journal_mode(SqliteJournalMode::Delete);
        match SqliteConnection::connect_with(&options).await {
            Ok(mut connection) => {
                // The lock is taken by a first transaction that writes nothing.
                sqlx::query("BEGIN EXCLUSIVE")
                    .execute(&mut connection)
                    .await?;
                sqlx::query("COMMIT").execute(&mut connection).await?;
                Some(connection)
            }
            Err(error) if is_busy(&error) => bail!(
                "la base {} est ouverte par un autre processus (le serveur tourne-t-il encore ?) : \
                 arrêtez-le, puis recommencez ; rien n'a été changé",
                target.display()
            ),
            Err(error) => {
                return Err(error).with_context(|| format!("ouverture de {}", target.display()));
            }
        }
    } else {
        None
    };
    staged
        .persist(&target)
        .with_context(|| format!("remplacement de {}", target.display()))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(error)
                    .with_context(|| format!("suppression de {}", PathBuf::from(side).display()));
            }
        }
    }
    if let Some(lock) = lock {
        // The connection is on the replaced file, which no longer has a name.
        let _ = lock.close().await;
    }
    Ok(Backup {
        bytes: std::fs::metadata(&target)?.len(),
        file: target,
        migrations,
    })
}

fn is_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(error) => {
            error.message().contains("locked")
                || error.code().is_some_and(|code| code == "5" || code == "6")
        }
        _ => false,
    }
}
