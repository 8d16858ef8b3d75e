//! The two migration folders must build the same schema: one store's SQL runs on both. Tables,
//! views, columns (name, nullability and kind) and indexes are compared after migration; the
//! differences listed in `DELIBERATE` are how each engine says the same thing.

use std::collections::BTreeSet;

use sqlx::{Connection, PgConnection, Row, SqliteConnection};

use crate::helpers::{POSTGRES_URL_VARIABLE, TestDatabase};

/// An index present on one engine only because the other expresses the same rule in the
/// column's declaration: SQLite's `COLLATE NOCASE UNIQUE` is PostgreSQL's unique index on
/// `lower(name)`.
const DELIBERATE: &[&str] = &[
    "index sections.sections_name",
    "index api_tokens.api_tokens_name",
];

/// What a column holds, whatever each engine calls it: SQLite stores flags as integers.
fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "text" => "text",
        "blob" | "bytea" => "bytes",
        "integer" | "bigint" | "boolean" | "int4" | "int8" | "bool" => "number",
        other => panic!("a column type the comparison does not know: {other}"),
    }
}

async fn sqlite_schema(url: &str) -> BTreeSet<String> {
    let mut db = SqliteConnection::connect(url).await.expect("SQLite opens");
    let mut schema = BTreeSet::new();
    let objects = sqlx::query(
        "SELECT type, name, tbl_name FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' AND type IN ('table', 'view', 'index')",
    )
    .fetch_all(&mut db)
    .await
    .expect("the catalogue is read");
    for object in objects {
        let kind_of: String = object.get("type");
        let name: String = object.get("name");
        let table: String = object.get("tbl_name");
        match kind_of.as_str() {
            "index" => {
                schema.insert(format!("index {table}.{name}"));
            }
            _ => {
                schema.insert(format!("{kind_of} {name}"));
                let columns =
                    sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                        .bind(&name)
                        .fetch_all(&mut db)
                        .await
                        .expect("the columns are read");
                for column in columns {
                    let column_name: String = column.get("name");
                    let declared: String = column.get("type");
                    // A primary key is never null. What a view's column holds is not compared:
                    // PostgreSQL cannot say it, nor whether it may be null.
                    let not_null =
                        column.get::<i64, _>("notnull") == 1 || column.get::<i64, _>("pk") > 0;
                    let kind = if kind_of == "view" {
                        "-"
                    } else {
                        kind(&declared)
                    };
                    schema.insert(format!(
                        "column {name}.{column_name} {kind}{}",
                        if not_null { " not null" } else { "" }
                    ));
                }
            }
        }
    }
    schema
}

async fn postgres_schema(url: &str) -> BTreeSet<String> {
    let mut db = PgConnection::connect(url).await.expect("PostgreSQL opens");
    let mut schema = BTreeSet::new();
    let objects = sqlx::query(
        "SELECT CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind, table_name::TEXT AS name
         FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut db)
    .await
    .expect("the catalogue is read");
    for object in objects {
        let kind_of: String = object.get("kind");
        let name: String = object.get("name");
        schema.insert(format!("{kind_of} {name}"));
        let columns = sqlx::query(
            "SELECT column_name::TEXT AS name, data_type::TEXT AS type, is_nullable = 'NO' AS not_null
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&name)
        .fetch_all(&mut db)
        .await
        .expect("the columns are read");
        for column in columns {
            let column_name: String = column.get("name");
            let declared: String = column.get("type");
            let not_null: bool = column.get("not_null");
            let (kind, not_null) = if kind_of == "view" {
                ("-", false)
            } else {
                (kind(&declared), not_null)
            };
            schema.insert(format!(
                "column {name}.{column_name} {kind}{}",
                if not_null { " not null" } else { "" }
            ));
        }
    }
    // Indexes made by a primary key or a UNIQUE in a column's declaration are SQLite's
    // `sqlite_autoindex_…`, left out above; here they are the constraints' own indexes.
    let indexes = sqlx::query(
        "SELECT i.tablename::TEXT AS tbl, i.indexname::TEXT AS name FROM pg_indexes i
         WHERE i.schemaname = 'public' AND NOT EXISTS (
             SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(&mut db)
    .await
    .expect("the indexes are read");
    for index in indexes {
        let table: String = index.get("tbl");
        let name: String = index.get("name");
        schema.insert(format!("index {table}.{name}"));
    }
    schema
}

#[tokio::test]
async fn both_engines_migrate_to_the_same_schema() {
    if std::env::var_os(POSTGRES_URL_VARIABLE).is_none() {
        eprintln!("SKIPPED: {POSTGRES_URL_VARIABLE} is not set");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sqlite_url = format!("sqlite://{}", dir.path().join("schema.db").display());
    drop(
        tempatro_server::open_store(&sqlite_url)
            .await
            .expect("SQLite migrates"),
    );
    let postgres = TestDatabase::create().await;
    drop(
        tempatro_server::open_store(&postgres.url)
            .await
            .expect("PostgreSQL migrates"),
    );

    let sqlite = sqlite_schema(&sqlite_url).await;
    let postgres = postgres_schema(&postgres.url).await;
    let deliberate: BTreeSet<String> = DELIBERATE.iter().map(|d| (*d).to_owned()).collect();
    let only_sqlite: Vec<_> = sqlite
        .difference(&postgres)
        .filter(|d| !deliberate.contains(*d))
        .collect();
    let only_postgres: Vec<_> = postgres
        .difference(&sqlite)
        .filter(|d| !deliberate.contains(*d))
        .collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the schemas differ\n  SQLite only: {only_sqlite:#?}\n  PostgreSQL only: {only_postgres:#?}"
    );
    assert!(sqlite.contains("column children.sort_key text"));
}
