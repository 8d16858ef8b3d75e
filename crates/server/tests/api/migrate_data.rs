//! `tempatro-server migrate-data`: a Patro's SQLite database copied into PostgreSQL, through the
//! real binary, and read back through the API of a server on PostgreSQL.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;

use tempatro_server::maintenance::TABLES;

use crate::activities::{Camp, activity, camp_world};
use crate::helpers::{
    Engine, PARENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD, TestApp, fresh_database, run_on,
    spawn_app_with,
};
use crate::payments::{billy_due, coda, digits};

on_each_engine!(every_table_of_the_schema_is_copied);

/// SQLite to PostgreSQL: it needs a PostgreSQL server, so it has no SQLite variant, and prints
/// SKIPPED like the others without one.
#[tokio::test]
async fn a_whole_patro_moves_to_postgresql_and_a_second_copy_is_refused() {
    run_on(Engine::Postgres, moves_to_postgresql()).await;
}

pub fn server_command(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tempatro-server"))
        .args(args)
        .output()
        .expect("the server binary runs")
}

pub const DOCUMENT: &[u8] = b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary \x00 bytes\n%%EOF\n";

/// What a Patro has after a while, every table touched, made through the API: Billy (with
/// contacts, a paid affiliation from a bank statement, a camp, a medical sheet), Zoë (paid by
/// hand), a document, news, the help page, an API token used once, a failed login.
pub struct Patro {
    pub camp: Camp,
    pub token: String,
}

pub async fn seed_patro() -> Patro {
    let camp = camp_world().await;
    let app = &camp.app;
    let billy = format!("/api/v1/children/{}", camp.billy);
    let sheet = app.ok(Method::GET, &billy, &camp.papa, None).await;
    app.ok(
        Method::PATCH,
        &billy,
        &camp.papa,
        Some(json!({
            "version": sheet["version"],
            "primary_contact": {"name": "Papa de Billy", "phone": "0470 11 22 33"},
            "secondary_contact": {"name": "Mamy Pivert", "phone": "0470 12 34 56"},
        })),
    )
    .await;

    // Billy's affiliation paid by the bank, Zoë's by hand.
    let due = billy_due(&camp).await;
    let imported = app
        .http
        .post(app.url("/api/v1/bank-statements"))
        .bearer_auth(&camp.staff)
        .body(coda(&digits(&due["reference"]), 4500))
        .send()
        .await
        .unwrap();
    assert!(
        imported.status().is_success(),
        "{}",
        imported.text().await.unwrap()
    );
    let cycle = app.current_cycle();
    app.ok(
        Method::PUT,
        &format!("/api/v1/children/{}/affiliations/{cycle}/payment", camp.zoe),
        &camp.staff,
        Some(json!({"date": "15/09/2026", "amount": "45,00", "method": "liquide"})),
    )
    .await;

    let camp_id = activity(&camp, 30, 10, 20, json!({})).await;
    app.ok(
        Method::POST,
        &format!("/api/v1/activities/{camp_id}/registrations"),
        &camp.staff,
        Some(json!({"child_id": camp.billy})),
    )
    .await;
    app.ok(
        Method::PUT,
        &format!("{billy}/medical"),
        &camp.papa,
        Some(json!({
            "version": 0, "consent": true, "insurer": "Solidaris", "blood_group": "0+",
            "allergies": "Arachides", "allergy_actions": "EpiPen dans la trousse",
            "medication": [{"name": "Ventolin", "dose": "2 bouffées", "given_by": "les animateurs"}],
            "can_swim": true, "may_do_sports": true, "paracetamol_allowed": false,
            "emergency_contact": {"name": "Mamy Pivert", "phone": "0470 12 34 56"}
        })),
    )
    .await;

    let published = app
        .http
        .post(app.url("/api/v1/documents"))
        .query(&[
            ("title", "Lettre de camp"),
            ("filename", "lettre.pdf"),
            ("for", "all"),
        ])
        .bearer_auth(&camp.staff)
        .header("Content-Type", "application/pdf")
        .body(DOCUMENT.to_vec())
        .send()
        .await
        .unwrap();
    assert!(
        published.status().is_success(),
        "{}",
        published.text().await.unwrap()
    );
    app.ok(
        Method::POST,
        "/api/v1/news",
        &camp.staff,
        Some(json!({"title": "Souper du Patro", "body": "Le **6 décembre**, à l'école."})),
    )
    .await;
    app.ok(
        Method::PUT,
        "/api/v1/help",
        &camp.staff,
        Some(json!({"markdown": "# Aide du Patro\n\nÉcrivez-nous."})),
    )
    .await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &camp.staff,
            Some(json!({"name": "lecture", "scope": "read"})),
        )
        .await;
    let token = created["token"].as_str().unwrap().to_owned();
    app.ok(Method::GET, "/api/v1/children", &token, None).await;
    let refused = app
        .log_in("papa@patro.be", "pas le bon mot de passe", "parents")
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    Patro { camp, token }
}

/// What the API shows of the Patro, as staff and as Billy's father: the same data gives the same
/// JSON.
pub async fn snapshot(app: &TestApp, staff: &str, papa: &str, billy: i64) -> Vec<(String, Value)> {
    let mut views = Vec::new();
    for (path, token) in [
        (format!("/api/v1/children/{billy}"), staff),
        (format!("/api/v1/children/{billy}/history"), staff),
        (format!("/api/v1/children/{billy}/medical"), papa),
        (format!("/api/v1/children/{billy}/activities"), papa),
        ("/api/v1/children".to_owned(), staff),
        ("/api/v1/accounts".to_owned(), staff),
        ("/api/v1/affiliations".to_owned(), staff),
        ("/api/v1/dues".to_owned(), staff),
        ("/api/v1/dues".to_owned(), papa),
        ("/api/v1/bank-lines".to_owned(), staff),
        ("/api/v1/activities".to_owned(), staff),
        ("/api/v1/documents".to_owned(), papa),
        ("/api/v1/news".to_owned(), papa),
        ("/api/v1/help".to_owned(), papa),
        ("/api/v1/sections".to_owned(), staff),
        ("/api/v1/cycles".to_owned(), staff),
        ("/api/v1/tokens".to_owned(), staff),
        ("/api/v1/me/dashboard".to_owned(), papa),
    ] {
        let view = app.ok(Method::GET, &path, token, None).await;
        views.push((path, view));
    }
    views
}

pub async fn document_bytes(app: &TestApp, token: &str) -> Vec<u8> {
    let documents = app.ok(Method::GET, "/api/v1/documents", token, None).await;
    let id = documents[0]["id"].as_i64().unwrap();
    let response = app
        .http
        .get(app.url(&format!("/api/v1/documents/{id}/content")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

pub fn assert_same_views(before: &[(String, Value)], after: &[(String, Value)]) {
    assert_eq!(before.len(), after.len());
    for ((path, old), (_, new)) in before.iter().zip(after) {
        assert_eq!(old, new, "{path} reads the same");
    }
}

async fn moves_to_postgresql() {
    // The Patro lives on SQLite (a nested scope makes the seeding servers use SQLite)…
    let mut seeded = None;
    run_on(Engine::Sqlite, async {
        seeded = Some(seed_patro().await);
    })
    .await;
    let Patro { camp, token } = seeded.unwrap();
    let (staff, papa, billy) = (camp.staff.clone(), camp.papa.clone(), camp.billy);
    let before = snapshot(&camp.app, &staff, &papa, billy).await;
    let document = document_bytes(&camp.app, &papa).await;
    assert_eq!(document, DOCUMENT);
    camp.app.server.stop().await.unwrap();
    let sqlite_url = camp.app.config.database_url.clone();
    let folder = tempfile::tempdir().unwrap();

    // …and moves to an empty PostgreSQL database.
    let (pg_url, _database) = fresh_database(folder.path()).await;
    let migrated = server_command(&["migrate-data", "--from", &sqlite_url, "--to", &pg_url]);
    let stdout = String::from_utf8_lossy(&migrated.stdout);
    assert!(
        migrated.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    for table in TABLES {
        let line = stdout
            .lines()
            .find(|line| line.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("{table} is in the report:\n{stdout}"));
        assert!(line.ends_with("identique"), "{line}");
    }
    assert!(stdout.contains("la copie est validée"), "{stdout}");

    let app = spawn_app_with(|config| config.database_url = pg_url.clone()).await;
    // The sessions came along: the same bearer tokens still work…
    let after = snapshot(&app, &staff, &papa, billy).await;
    assert_same_views(&before, &after);
    assert_eq!(document_bytes(&app, &papa).await, document);
    // …the passwords too…
    app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;
    app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    // …and the script's token.
    app.ok(Method::GET, "/api/v1/children", &token, None).await;
    // New rows get ids after the copied ones.
    let zaza = app
        .add_child(
            &staff,
            json!({"first_name": "Zaza", "last_name": "NOUVELLE", "birth_date": "02/02/2017"}),
        )
        .await;
    assert!(zaza > billy);
    app.ok(
        Method::POST,
        "/api/v1/news",
        &staff,
        Some(json!({"title": "Après la migration", "body": "Bienvenue."})),
    )
    .await;

    // A second copy into the database, no longer empty, is refused and changes nothing. The
    // server first finishes what it records beside its answers (the token's use): the command
    // blocks this test's only thread, and a transaction left half-way would hold its locks.
    app.server.settle().await;
    let again = server_command(&["migrate-data", "--from", &sqlite_url, "--to", &pg_url]);
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("la base PostgreSQL de destination n'est pas vide"),
        "{stderr}"
    );
    assert!(stderr.contains("accounts"), "{stderr}");
    let children = app.ok(Method::GET, "/api/v1/children", &staff, None).await;
    assert_eq!(children.as_array().unwrap().len(), 3, "{children}");
    app.server.stop().await.unwrap();
}

async fn every_table_of_the_schema_is_copied() {
    let folder = tempfile::tempdir().unwrap();
    let (url, _database) = fresh_database(folder.path()).await;
    // The store creates the schema.
    drop(tempatro_server::open_store(&url).await.unwrap());
    let tables: BTreeSet<String> = if tempatro_server::is_postgres(&url) {
        let mut connection = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar(
            "SELECT table_name::TEXT FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap()
        .into_iter()
        .collect()
    } else {
        let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap()
        .into_iter()
        .collect()
    };
    let mut copied: BTreeSet<String> = TABLES.iter().map(|&t| t.to_owned()).collect();
    assert_eq!(copied.len(), TABLES.len(), "no table is listed twice");
    copied.insert("_sqlx_migrations".to_owned());
    assert_eq!(
        tables, copied,
        "migrate-data copies every table of the schema (tempatro_server::maintenance::TABLES)"
    );
}

/// A target whose sections were changed is not the new database migrate-data expects.
#[tokio::test]
async fn a_target_with_changed_sections_is_refused() {
    run_on(Engine::Postgres, changed_sections_are_refused()).await;
}

async fn changed_sections_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", folder.path().join("patro.db").display());
    drop(tempatro_server::open_store(&sqlite_url).await.unwrap());
    let (pg_url, _database) = fresh_database(folder.path()).await;
    drop(tempatro_server::open_store(&pg_url).await.unwrap());
    let mut connection = sqlx::PgConnection::connect(&pg_url).await.unwrap();
    sqlx::query("UPDATE sections SET max_age = 7 WHERE name = 'Poussins'")
        .execute(&mut connection)
        .await
        .unwrap();
    let refused = server_command(&["migrate-data", "--from", &sqlite_url, "--to", &pg_url]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("n'est pas vide (tables : sections (modifiées))"),
        "{stderr}"
    );
    let poussins: i64 = sqlx::query_scalar("SELECT max_age FROM sections WHERE name = 'Poussins'")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert_eq!(poussins, 7, "nothing was changed");

    // Without the change, the same empty Patro is copied.
    sqlx::query("UPDATE sections SET max_age = 6 WHERE name = 'Poussins'")
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    let copied = server_command(&["migrate-data", "--from", &sqlite_url, "--to", &pg_url]);
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );
}
