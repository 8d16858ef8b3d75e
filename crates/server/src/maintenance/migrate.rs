//! `migrate-data`: a Patro's whole SQLite database copied into an empty PostgreSQL database, in
//! one PostgreSQL transaction that commits only when every table reads back with the same number
//! of rows and the same checksum as its source.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use anyhow::{Context, bail};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnectOptions;
use sqlx::{
    AssertSqlSafe, Connection, PgConnection, Postgres, QueryBuilder, Row, SqliteConnection,
};

use crate::store::SqlStore;

/// Every table of the schema (both engines have the same), each after the tables it references:
/// the order they are copied in. A table of the schema missing here stops `migrate-data` before
/// it writes anything (and fails the tests).
pub const TABLES: &[&str] = &[
    "accounts",
    "sessions",
    "second_factors",
    "recovery_codes",
    "password_resets",
    "email_verifications",
    "rate_limits",
    "sections",
    "cycles",
    "children",
    "dues",
    "bank_lines",
    "payments",
    "reminders",
    "child_parents",
    "affiliations",
    "staff_sections",
    "link_requests",
    "audit_log",
    "activities",
    "activity_sections",
    "activity_leaders",
    "registrations",
    "medical_sheets",
    "medical_readings",
    "documents",
    "news",
    "news_reads",
    "pages",
    "api_tokens",
    "token_uses",
];

/// The table each engine's migrator keeps its own history in: not copied.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// A row of `sections`: id, name, min_age, max_age, gender, position.
type SectionRow<'a> = (i64, &'a str, i64, i64, Option<&'a str>, i64);

/// The sections migration 0003 seeds: a new database has them, and `migrate-data` replaces them
/// with the source's. (id, name, min_age, max_age, gender, position).
const SEEDED_SECTIONS: &[SectionRow<'static>] = &[
    (1, "Poussins", 4, 6, None, 1),
    (2, "Benjamins", 6, 9, None, 2),
    (3, "Chevaliers", 9, 12, None, 3),
    (4, "Conquérants", 12, 15, None, 4),
    (5, "Aventuriers", 15, 18, None, 5),
];

/// At most this many values are bound in one `INSERT` (PostgreSQL allows 65 535)…
const BATCH_VALUES: usize = 30_000;
/// …and at most about this many bytes of text and documents.
const BATCH_BYTES: usize = 16 * 1024 * 1024;

/// One table's verification: rows and checksum on each side.
#[derive(Debug, Clone)]
pub struct TableCheck {
    pub table: &'static str,
    pub source_rows: u64,
    pub target_rows: u64,
    pub source_checksum: String,
    pub target_checksum: String,
}

impl TableCheck {
    pub fn matches(&self) -> bool {
        self.source_rows == self.target_rows && self.source_checksum == self.target_checksum
    }
}

/// What `migrate-data` did: every table's verification, and whether the copy was committed (it
/// is only when every table matches).
#[derive(Debug, Clone)]
pub struct MigrationReport {
    pub tables: Vec<TableCheck>,
    pub committed: bool,
}

impl fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<18} {:>8} {:>10}  {:<16}  {:<16}  état",
            "table", "SQLite", "PostgreSQL", "empreinte SQLite", "empreinte PG"
        )?;
        for check in &self.tables {
            writeln!(
                f,
                "{:<18} {:>8} {:>10}  {:<16}  {:<16}  {}",
                check.table,
                check.source_rows,
                check.target_rows,
                &check.source_checksum[..16],
                &check.target_checksum[..16],
                if check.matches() {
                    "identique"
                } else {
                    "DIFFÉRENT"
                }
            )?;
        }
        let rows: u64 = self.tables.iter().map(|check| check.source_rows).sum();
        writeln!(
            f,
            "{rows} lignes dans {} tables (empreintes : SHA-256 des lignes relues dans l'ordre de la clé primaire, 16 premiers caractères).",
            self.tables.len()
        )?;
        if self.committed {
            write!(
                f,
                "Toutes les tables sont identiques : la copie est validée dans PostgreSQL."
            )
        } else {
            write!(
                f,
                "Des tables diffèrent : la transaction est annulée, rien n'a été écrit dans PostgreSQL."
            )
        }
    }
}

/// How a column's values are read, bound and rendered, from its PostgreSQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// BIGINT.
    Int,
    /// BOOLEAN in PostgreSQL, INTEGER 0 or 1 in SQLite.
    Bool,
    /// TEXT.
    Text,
    /// BYTEA in PostgreSQL, BLOB in SQLite.
    Bytes,
}

struct Column {
    name: String,
    kind: Kind,
}

/// A value as read from either engine; a boolean is read as 0 or 1.
enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    fn size(&self) -> usize {
        match self {
            Value::Null | Value::Int(_) => 8,
            Value::Text(text) => text.len(),
            Value::Bytes(bytes) => bytes.len(),
        }
    }

    /// Feeds the value's canonical rendering to `hasher`: a marker for NULL, integers (and
    /// booleans) in decimal, text as it is, bytes in hex; each prefixed by its kind and length,
    /// so that no two different rows hash alike.
    fn hash(&self, hasher: &mut Sha256) {
        let (tag, rendered): (u8, std::borrow::Cow<'_, [u8]>) = match self {
            Value::Null => (b'N', (&[][..]).into()),
            Value::Int(value) => (b'I', value.to_string().into_bytes().into()),
            Value::Text(text) => (b'T', text.as_bytes().into()),
            Value::Bytes(bytes) => (b'X', hex::encode(bytes).into_bytes().into()),
        };
        hasher.update([tag]);
        hasher.update((rendered.len() as u64).to_le_bytes());
        hasher.update(&rendered);
    }
}

/// Copies the SQLite database `from` into the empty PostgreSQL database `to` (see the module).
/// Refuses a target with data; returns the verification of every table, committed or not.
pub async fn migrate_data(from: &str, to: &str) -> anyhow::Result<MigrationReport> {
    if crate::is_postgres(from) {
        bail!("--from doit nommer la base SQLite (sqlite://chemin), pas une base PostgreSQL");
    }
    if !crate::is_postgres(to) {
        bail!("--to doit nommer la base PostgreSQL (postgres://utilisateur@hôte/base)");
    }
    let (source_options, source_path) = super::existing_sqlite(from)?;

    // Both schemas brought to the current version by the stores' own migrations.
    drop(
        SqlStore::open(from, 1)
            .await
            .with_context(|| format!("ouverture de la base SQLite {}", source_path.display()))?,
    );
    // The URL may carry a password: it is not repeated in errors.
    drop(
        SqlStore::open(to, 1)
            .await
            .context("ouverture de la base PostgreSQL de destination")?,
    );

    let mut sqlite = SqliteConnection::connect_with(&source_options)
        .await
        .with_context(|| format!("ouverture de la base SQLite {}", source_path.display()))?;
    let pg_options =
        PgConnectOptions::from_str(to).context("adresse de la base PostgreSQL de destination")?;
    let mut pg = PgConnection::connect_with(&pg_options)
        .await
        .context("connexion à la base PostgreSQL de destination")?;

    // One snapshot of the source: every table is read inside the same read transaction.
    let mut source = sqlite.begin().await?;
    let mut target = pg.begin().await?;

    check_tables(&mut source, &mut target).await?;

    // No server may write to the target while it is filled (nor may another migrate-data).
    sqlx::query("SET LOCAL lock_timeout = '10s'")
        .execute(&mut *target)
        .await?;
    sqlx::query(AssertSqlSafe(format!(
        "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
        TABLES.join(", ")
    )))
    .execute(&mut *target)
    .await
    .context("verrouillage des tables de la base PostgreSQL (un serveur l'utilise-t-il ?)")?;
    check_empty(&mut target).await?;

    sqlx::query("DELETE FROM sections")
        .execute(&mut *target)
        .await?;
    let mut checks = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        let columns = columns(&mut target, &mut source, table).await?;
        let key = primary_key(&mut target, table).await?;
        let (source_rows, source_checksum) =
            copy_table(&mut source, &mut target, table, &columns, &key)
                .await
                .with_context(|| format!("copie de la table {table}"))?;
        let (target_rows, target_checksum) = read_back(&mut target, table, &columns, &key)
            .await
            .with_context(|| format!("relecture de la table {table}"))?;
        checks.push(TableCheck {
            table,
            source_rows,
            target_rows,
            source_checksum,
            target_checksum,
        });
    }
    source.rollback().await?;

    let committed = checks.iter().all(TableCheck::matches);
    if committed {
        reset_identities(&mut target).await?;
        target
            .commit()
            .await
            .context("validation de la transaction PostgreSQL")?;
    } else {
        target.rollback().await?;
    }
    Ok(MigrationReport {
        tables: checks,
        committed,
    })
}

/// Both databases have exactly the tables of [`TABLES`], besides the migrator's.
async fn check_tables(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> anyhow::Result<()> {
    let known: BTreeSet<String> = TABLES.iter().map(|&table| table.to_owned()).collect();
    let in_sqlite: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut *source)
    .await?
    .into_iter()
    .collect();
    let in_postgres: BTreeSet<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut *target)
    .await?
    .into_iter()
    .collect();
    for (engine, tables) in [("SQLite", &in_sqlite), ("PostgreSQL", &in_postgres)] {
        let unknown: Vec<&String> = tables.difference(&known).collect();
        if !unknown.is_empty() {
            bail!(
                "la base {engine} a des tables que migrate-data ne sait pas copier : {} ; rien n'a été copié",
                join(unknown)
            );
        }
        let missing: Vec<&String> = known.difference(tables).collect();
        if !missing.is_empty() {
            bail!(
                "il manque des tables à la base {engine} : {} ; rien n'a été copié",
                join(missing)
            );
        }
    }
    Ok(())
}

fn join<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    names
        .into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The target holds nothing but what its migrations seeded (the five sections).
async fn check_empty(target: &mut PgConnection) -> anyhow::Result<()> {
    let mut filled = Vec::new();
    for &table in TABLES.iter().filter(|&&table| table != "sections") {
        let any: bool = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT EXISTS (SELECT 1 FROM {table})"
        )))
        .fetch_one(&mut *target)
        .await?;
        if any {
            filled.push(table);
        }
    }
    let sections: Vec<(i64, String, i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, name, min_age, max_age, gender, position FROM sections ORDER BY id",
    )
    .fetch_all(&mut *target)
    .await?;
    let seeded = sections.len() == SEEDED_SECTIONS.len()
        && sections.iter().zip(SEEDED_SECTIONS).all(
            |((id, name, min, max, gender, position), seed)| {
                (*id, name.as_str(), *min, *max, gender.as_deref(), *position) == *seed
            },
        );
    if !seeded {
        filled.insert(0, "sections (modifiées)");
    }
    if !filled.is_empty() {
        bail!(
            "la base PostgreSQL de destination n'est pas vide (tables : {}) : migrate-data ne copie \
             que dans une base neuve, où Tempatro n'a encore rien écrit ; rien n'a été copié",
            filled.join(", ")
        );
    }
    Ok(())
}

/// The table's columns in PostgreSQL's order with their kind, once checked that SQLite has the
/// same.
async fn columns(
    target: &mut PgConnection,
    source: &mut SqliteConnection,
    table: &str,
) -> anyhow::Result<Vec<Column>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    let mut columns = Vec::with_capacity(rows.len());
    for (name, data_type) in rows {
        let kind = match data_type.as_str() {
            "bigint" => Kind::Int,
            "boolean" => Kind::Bool,
            "text" => Kind::Text,
            "bytea" => Kind::Bytes,
            other => bail!(
                "la colonne {table}.{name} est de type {other} dans PostgreSQL, que migrate-data ne sait pas copier"
            ),
        };
        columns.push(Column { name, kind });
    }
    let in_sqlite: BTreeSet<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(table)
        .fetch_all(&mut *source)
        .await?
        .into_iter()
        .collect();
    let in_postgres: BTreeSet<String> = columns.iter().map(|c| c.name.clone()).collect();
    if in_sqlite != in_postgres {
        bail!(
            "la table {table} n'a pas les mêmes colonnes dans SQLite ({}) et dans PostgreSQL ({})",
            join(&in_sqlite),
            join(&in_postgres)
        );
    }
    Ok(columns)
}

/// The table's primary key columns, in the key's order, with their kind.
async fn primary_key(target: &mut PgConnection, table: &str) -> anyhow::Result<Vec<String>> {
    let key: Vec<String> = sqlx::query_scalar(
        "SELECT kcu.column_name::TEXT FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu \
           ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
          AND kcu.table_name = tc.table_name \
         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() \
           AND tc.table_name = $1 \
         ORDER BY kcu.ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    if key.is_empty() {
        bail!("la table {table} n'a pas de clé primaire : ses lignes ne peuvent être comparées");
    }
    Ok(key)
}

fn column_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|column| format!("\"{}\"", column.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ORDER BY` on the key, text compared byte by byte on both engines (SQLite's BINARY, PostgreSQL's
/// "C"), so that both read the rows in the same order.
fn order_by(columns: &[Column], key: &[String], text_collation: &str) -> String {
    key.iter()
        .map(|name| {
            let text = columns
                .iter()
                .any(|column| &column.name == name && column.kind == Kind::Text);
            if text {
                format!("\"{name}\" COLLATE {text_collation}")
            } else {
                format!("\"{name}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the table from SQLite in key order, writes it to PostgreSQL in batches, and returns the
/// number of rows read and their checksum.
async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &str,
    columns: &[Column],
    key: &[String],
) -> anyhow::Result<(u64, String)> {
    let select = format!(
        "SELECT {} FROM \"{table}\" ORDER BY {}",
        column_list(columns),
        order_by(columns, key, "BINARY")
    );
    let max_rows = (BATCH_VALUES / columns.len().max(1)).max(1);
    let mut hasher = Sha256::new();
    let mut count = 0u64;
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *source);
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(columns.len());
        for (index, column) in columns.iter().enumerate() {
            let context = || format!("colonne {table}.{} (ligne {})", column.name, count + 1);
            let value = match column.kind {
                Kind::Int => row
                    .try_get::<Option<i64>, _>(index)
                    .with_context(context)?
                    .map_or(Value::Null, Value::Int),
                Kind::Bool => match row.try_get::<Option<i64>, _>(index).with_context(context)? {
                    None => Value::Null,
                    Some(flag @ (0 | 1)) => Value::Int(flag),
                    Some(other) => bail!("{} : {other} n'est pas un booléen (0 ou 1)", context()),
                },
                Kind::Text => row
                    .try_get::<Option<String>, _>(index)
                    .with_context(context)?
                    .map_or(Value::Null, Value::Text),
                Kind::Bytes => row
                    .try_get::<Option<Vec<u8>>, _>(index)
                    .with_context(context)?
                    .map_or(Value::Null, Value::Bytes),
            };
            value.hash(&mut hasher);
            batch_bytes += value.size();
            values.push(value);
        }
        count += 1;
        batch.push(values);
        if batch.len() >= max_rows || batch_bytes >= BATCH_BYTES {
            insert(target, table, columns, std::mem::take(&mut batch)).await?;
            batch_bytes = 0;
        }
    }
    drop(rows);
    if !batch.is_empty() {
        insert(target, table, columns, batch).await?;
    }
    Ok((count, hex::encode(hasher.finalize())))
}

async fn insert(
    target: &mut PgConnection,
    table: &str,
    columns: &[Column],
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    let mut insert: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "INSERT INTO \"{table}\" ({}) ",
        column_list(columns)
    ));
    insert.push_values(rows, |mut tuple, values| {
        for (value, column) in values.into_iter().zip(columns) {
            match (column.kind, value) {
                (Kind::Int, Value::Null) => tuple.push_bind(None::<i64>),
                (Kind::Bool, Value::Null) => tuple.push_bind(None::<bool>),
                (Kind::Text, Value::Null) => tuple.push_bind(None::<String>),
                (Kind::Bytes, Value::Null) => tuple.push_bind(None::<Vec<u8>>),
                (Kind::Bool, Value::Int(flag)) => tuple.push_bind(flag != 0),
                (_, Value::Int(number)) => tuple.push_bind(number),
                (_, Value::Text(text)) => tuple.push_bind(text),
                (_, Value::Bytes(bytes)) => tuple.push_bind(bytes),
            };
        }
    });
    insert.build().execute(&mut *target).await?;
    Ok(())
}

/// Reads the table back from PostgreSQL, inside the copy's transaction, and returns its number of
/// rows and their checksum, computed as for the source.
async fn read_back(
    target: &mut PgConnection,
    table: &str,
    columns: &[Column],
    key: &[String],
) -> anyhow::Result<(u64, String)> {
    let select = format!(
        "SELECT {} FROM \"{table}\" ORDER BY {}",
        column_list(columns),
        order_by(columns, key, "\"C\"")
    );
    let mut hasher = Sha256::new();
    let mut read = 0u64;
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *target);
    while let Some(row) = rows.try_next().await? {
        for (index, column) in columns.iter().enumerate() {
            let value = match column.kind {
                Kind::Int => row
                    .try_get::<Option<i64>, _>(index)?
                    .map_or(Value::Null, Value::Int),
                Kind::Bool => row
                    .try_get::<Option<bool>, _>(index)?
                    .map_or(Value::Null, |flag| Value::Int(i64::from(flag))),
                Kind::Text => row
                    .try_get::<Option<String>, _>(index)?
                    .map_or(Value::Null, Value::Text),
                Kind::Bytes => row
                    .try_get::<Option<Vec<u8>>, _>(index)?
                    .map_or(Value::Null, Value::Bytes),
            };
            value.hash(&mut hasher);
        }
        read += 1;
    }
    drop(rows);
    let counted: i64 =
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT count(*) FROM \"{table}\"")))
            .fetch_one(&mut *target)
            .await?;
    if u64::try_from(counted).ok() != Some(read) {
        bail!("{table} : count(*) = {counted} mais {read} lignes relues");
    }
    Ok((read, hex::encode(hasher.finalize())))
}

/// Every identity column's next value set after the largest id copied (ids were given
/// explicitly, so the sequences have not moved).
async fn reset_identities(target: &mut PgConnection) -> anyhow::Result<()> {
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
         WHERE table_schema = current_schema() \
           AND (is_identity = 'YES' OR column_default LIKE 'nextval(%') \
         ORDER BY table_name, column_name",
    )
    .fetch_all(&mut *target)
    .await?;
    for (table, column) in identities {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), \
             COALESCE((SELECT max(\"{column}\") FROM \"{table}\"), 0) + 1, false)"
        )))
        .bind(&table)
        .bind(&column)
        .execute(&mut *target)
        .await
        .with_context(|| format!("remise à niveau de la séquence de {table}.{column}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checksum(rows: &[&[Value]]) -> String {
        let mut hasher = Sha256::new();
        for row in rows {
            for value in *row {
                value.hash(&mut hasher);
            }
        }
        hex::encode(hasher.finalize())
    }

    #[test]
    fn different_rows_never_render_alike() {
        let text = |s: &str| Value::Text(s.to_owned());
        // NULL is not the empty text, a number is not its digits as text, bytes are not their
        // hex as text, and values do not run into one another.
        assert_ne!(checksum(&[&[Value::Null]]), checksum(&[&[text("")]]));
        assert_ne!(checksum(&[&[Value::Int(1)]]), checksum(&[&[text("1")]]));
        assert_ne!(
            checksum(&[&[Value::Bytes(vec![0xab])]]),
            checksum(&[&[text("ab")]])
        );
        assert_ne!(
            checksum(&[&[text("ab"), text("c")]]),
            checksum(&[&[text("a"), text("bc")]])
        );
        assert_ne!(
            checksum(&[&[Value::Int(1)], &[Value::Int(2)]]),
            checksum(&[&[Value::Int(2)], &[Value::Int(1)]])
        );
        assert_eq!(
            checksum(&[&[
                Value::Int(7),
                text("é"),
                Value::Bytes(vec![0, 255]),
                Value::Null
            ]]),
            checksum(&[&[
                Value::Int(7),
                text("é"),
                Value::Bytes(vec![0, 255]),
                Value::Null
            ]])
        );
    }
}
