//! Waiting for the database: a write that waits too long for it answers 503, to be tried again.

use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use sqlx::Connection;

use crate::helpers::{STAFF_EMAIL, STAFF_PASSWORD, assert_error, spawn_app_with};

on_each_engine!(a_write_that_waits_too_long_for_the_database_answers_503);

/// A transaction of another process holding what a login writes.
enum Holder {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Holder {
    async fn take(database_url: &str) -> Holder {
        if tempatro_server::is_postgres(database_url) {
            let mut connection = sqlx::PgConnection::connect(database_url).await.unwrap();
            for statement in [
                "BEGIN",
                "LOCK TABLE login_failures, sessions IN EXCLUSIVE MODE",
            ] {
                sqlx::query(statement)
                    .execute(&mut connection)
                    .await
                    .unwrap();
            }
            Holder::Postgres(connection)
        } else {
            let mut connection = sqlx::SqliteConnection::connect(database_url).await.unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut connection)
                .await
                .unwrap();
            Holder::Sqlite(connection)
        }
    }

    async fn release(self) {
        match self {
            Holder::Sqlite(mut connection) => {
                sqlx::query("ROLLBACK")
                    .execute(&mut connection)
                    .await
                    .unwrap();
                connection.close().await.unwrap();
            }
            Holder::Postgres(mut connection) => {
                sqlx::query("ROLLBACK")
                    .execute(&mut connection)
                    .await
                    .unwrap();
                connection.close().await.unwrap();
            }
        }
    }
}

async fn a_write_that_waits_too_long_for_the_database_answers_503() {
    // SQLite's writers wait for its lock ten seconds; PostgreSQL's wait as long as they are told,
    // here a fifth of a second.
    let app = spawn_app_with(|config| {
        if tempatro_server::is_postgres(&config.database_url) {
            let joint = if config.database_url.contains('?') {
                '&'
            } else {
                '?'
            };
            config
                .database_url
                .push_str(&format!("{joint}options[lock_timeout]=200"));
        }
    })
    .await;
    app.staff_token().await;
    let holder = Holder::take(&app.config.database_url).await;
    let refused = app.log_in(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    let retry_after = refused
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let body = assert_error(refused, StatusCode::SERVICE_UNAVAILABLE, "server_busy").await;
    assert!(retry_after.is_some_and(|seconds| seconds > 0), "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("réessayez dans quelques secondes"),
        "{body}"
    );
    holder.release().await;
    app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
}
