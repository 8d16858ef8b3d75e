//! Uploads never hold the writer: an import receives its whole file before it takes the import
//! lock and its transaction, a body that stops coming is ended, and a write that waits too long
//! for the database answers 503, to be tried again.

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use crate::helpers::{
    PARENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD, TestApp, assert_error, numbered_children_csv,
    spawn_app_with,
};
use crate::imports::{FAMILIES, import, ready};

on_each_engine!(
    a_stalled_upload_holds_back_no_login_no_write_and_no_other_import,
    a_body_that_stops_coming_is_ended_after_the_idle_timeout,
    an_upload_past_its_deadline_is_ended_even_while_it_trickles_in,
    a_write_that_waits_too_long_for_the_database_answers_503,
);

/// Longer than any timeout these tests give the server: a server that never ends a request fails
/// the test instead of hanging it.
const PATIENCE: Duration = Duration::from_secs(60);

/// A request written by hand on a connection of its own, so that the test decides when each piece
/// of the body leaves. It sends `Expect: 100-continue`, so the server's interim answer says that
/// the handler has begun reading the body.
struct RawRequest {
    reader: OwnedReadHalf,
    writer: OwnedWriteHalf,
}

impl RawRequest {
    /// Sends the request's head; returns once the server has begun reading the body.
    async fn start(app: &TestApp, request_line: &str, headers: &[(&str, &str)]) -> RawRequest {
        let stream = TcpStream::connect(app.server.addr()).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        let mut head = format!(
            "{request_line} HTTP/1.1\r\nHost: {}\r\nExpect: 100-continue\r\nConnection: close\r\n",
            app.server.addr()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        writer.write_all(head.as_bytes()).await.unwrap();
        let mut interim = Vec::new();
        while !interim.ends_with(b"\r\n\r\n") {
            let byte = tokio::time::timeout(PATIENCE, reader.read_u8())
                .await
                .expect("the server answers the head")
                .expect("the connection stays open");
            interim.push(byte);
        }
        assert!(
            interim.starts_with(b"HTTP/1.1 100 "),
            "{}",
            String::from_utf8_lossy(&interim)
        );
        RawRequest { reader, writer }
    }

    /// An import whose body is sent in chunks, as the test says.
    async fn upload(app: &TestApp, token: &str, list: &str) -> RawRequest {
        RawRequest::start(
            app,
            &format!("POST /api/v1/imports/{list}"),
            &[
                ("Authorization", &format!("Bearer {token}")),
                ("Content-Type", "text/csv"),
                ("Transfer-Encoding", "chunked"),
            ],
        )
        .await
    }

    async fn send_chunk(&mut self, text: &str) {
        self.writer
            .write_all(format!("{:x}\r\n{text}\r\n", text.len()).as_bytes())
            .await
            .unwrap();
    }

    /// Ends the chunked body; the answer.
    async fn finish(mut self) -> (StatusCode, Value) {
        self.writer.write_all(b"0\r\n\r\n").await.unwrap();
        answer(self.reader)
            .await
            .expect("an answer to the whole file")
    }
}

/// Reads the answer up to the end of the connection: its status and JSON body, or `None` if the
/// server closed the connection without one.
async fn answer(mut reader: OwnedReadHalf) -> Option<(StatusCode, Value)> {
    let mut raw = Vec::new();
    let read = tokio::time::timeout(PATIENCE, reader.read_to_end(&mut raw))
        .await
        .expect("the server ends the request");
    if read.is_err() || raw.is_empty() {
        return None;
    }
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("an HTTP answer: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .unwrap_or_else(|| panic!("a status line: {head:?}"));
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON body: {text:?}"));
    Some((status, body))
}

fn assert_request_timeout(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{body}");
    assert_eq!(body["code"], "request_timeout", "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| message.starts_with("La requête")),
        "{body}"
    );
}

async fn children_count(app: &TestApp, staff: &str) -> usize {
    app.ok(Method::GET, "/api/v1/children", staff, None)
        .await
        .as_array()
        .unwrap()
        .len()
}

async fn a_stalled_upload_holds_back_no_login_no_write_and_no_other_import() {
    let (app, staff) = ready().await;
    let parent = app.parent_token(&staff, "papa@exemple.be").await;
    let mut lines = FAMILIES.lines();
    let mut stalled = RawRequest::upload(&app, &staff, "children").await;
    let head: Vec<&str> = lines.by_ref().take(3).collect();
    stalled.send_chunk(&format!("{}\n", head.join("\n"))).await;

    // The rest of the file does not come; everyone else goes on.
    let login = app
        .log_in("papa@exemple.be", PARENT_PASSWORD, "parents")
        .await;
    assert_eq!(login.status(), StatusCode::CREATED);
    app.ok(
        Method::PATCH,
        "/api/v1/me",
        &parent,
        Some(json!({"phone": "0470 11 22 33"})),
    )
    .await;
    let other = import(
        &app,
        &staff,
        "children",
        "external_id;nom;prenom;date_naissance\nL-1;Martin;Lou;02/02/2017\n",
        false,
    )
    .await;
    assert_eq!(other["applied"], true, "{other}");

    let rest: Vec<&str> = lines.collect();
    stalled.send_chunk(&format!("{}\n", rest.join("\n"))).await;
    let (status, report) = stalled.finish().await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["created_count"], 3, "{report}");
    assert_eq!(children_count(&app, &staff).await, 4);
}

async fn a_body_that_stops_coming_is_ended_after_the_idle_timeout() {
    let app = spawn_app_with(|config| config.request_idle_timeout = Duration::from_secs(1)).await;
    let staff = app.staff_token().await;

    let mut upload = RawRequest::upload(&app, &staff, "children").await;
    upload.send_chunk(FAMILIES.lines().next().unwrap()).await;
    let (status, body) = answer(upload.reader).await.expect("an answer");
    assert_request_timeout(status, &body);

    // Any route: a login whose body stops halfway.
    let login =
        json!({"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "portal": "staff"}).to_string();
    let mut half = RawRequest::start(
        &app,
        "POST /api/v1/sessions",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", &login.len().to_string()),
        ],
    )
    .await;
    half.writer
        .write_all(&login.as_bytes()[..login.len() / 2])
        .await
        .unwrap();
    let (status, body) = answer(half.reader).await.expect("an answer");
    assert_request_timeout(status, &body);

    // Neither left anything held.
    app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    let report = import(&app, &staff, "children", &numbered_children_csv(3), false).await;
    assert_eq!(report["applied"], true, "{report}");
}

async fn an_upload_past_its_deadline_is_ended_even_while_it_trickles_in() {
    let app = spawn_app_with(|config| config.upload_timeout = Duration::from_secs(1)).await;
    let staff = app.staff_token().await;
    let mut upload = RawRequest::upload(&app, &staff, "children").await;
    upload
        .send_chunk(&format!("{}\n", FAMILIES.lines().next().unwrap()))
        .await;
    let RawRequest { reader, mut writer } = upload;
    // A row every tenth of a second: never idle for long, never done.
    let trickle = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(100));
        for n in 0.. {
            every.tick().await;
            let row = format!("T-{n};Lent;Enfant;01/05/2018\n");
            let chunk = format!("{:x}\r\n{row}\r\n", row.len());
            if writer.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    // The server ends it: with its answer, or by closing a connection still being written to.
    if let Some((status, body)) = answer(reader).await {
        assert_request_timeout(status, &body);
    }
    trickle.abort();
    assert_eq!(children_count(&app, &staff).await, 0);
}

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
                "LOCK TABLE rate_limits, sessions IN EXCLUSIVE MODE",
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
