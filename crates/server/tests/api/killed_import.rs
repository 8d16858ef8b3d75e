//! A server killed in the middle of an import: the real binary, a real file, `kill -9`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{fresh_database, numbered_children_csv};
use crate::staff_command::staff_create;

on_each_engine!(a_server_killed_mid_import_keeps_nothing_of_it_and_the_rerun_completes);

const PASSWORD: &str = "le mot de passe du secrétariat";

/// Rows of the file: many batches, so that the server is still writing them when it is killed.
const ROWS: usize = 50_000;

/// A `tempatro-server serve` process, and its log lines as they come.
struct Process {
    child: Child,
    url: String,
    log: tokio::sync::mpsc::UnboundedReceiver<String>,
}

fn strip_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Process {
    async fn start(database_url: &str, outbox: &std::path::Path) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tempatro-server"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database",
                database_url,
            ])
            .arg("--outbox")
            .arg(outbox)
            .env("RUST_LOG", "info,tempatro_server=debug")
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary runs");
        let stderr = child.stderr.take().unwrap();
        let (sender, log) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(strip_colours(&line)).is_err() {
                    return;
                }
            }
        });
        let mut process = Process {
            child,
            url: String::new(),
            log,
        };
        let listening = process.wait_for("listening").await;
        let addr = listening
            .split_whitespace()
            .find_map(|word| word.strip_prefix("addr="))
            .expect("the address in the log");
        process.url = format!("http://{addr}");
        process
    }

    /// Blocks until a log line contains `needle`; that line.
    async fn wait_for(&mut self, needle: &str) -> String {
        loop {
            let line = self
                .log
                .recv()
                .await
                .unwrap_or_else(|| panic!("the server stopped before logging {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn log_in(http: &reqwest::Client, url: &str) -> String {
    let response = http
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"email": "chef@patro.be", "password": PASSWORD, "portal": "staff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}

async fn count_children(http: &reqwest::Client, url: &str, token: &str) -> usize {
    let list: Value = http
        .request(Method::GET, format!("{url}/api/v1/children"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.as_array().unwrap().len()
}

async fn a_server_killed_mid_import_keeps_nothing_of_it_and_the_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let (database_url, _database) = fresh_database(dir.path()).await;
    let outbox = dir.path().join("outbox");
    let created = staff_create(&database_url, "chef@patro.be", PASSWORD);
    assert!(created.status.success());
    let http = reqwest::Client::new();

    let mut server = Process::start(&database_url, &outbox).await;
    let token = log_in(&http, &server.url).await;
    // The whole file arrives before the import begins; it is killed once the first of its many
    // batches is written.
    let import = tokio::spawn(
        http.post(format!("{}/api/v1/imports/children", server.url))
            .bearer_auth(&token)
            .body(numbered_children_csv(ROWS))
            .send(),
    );
    let log = server.wait_for("import batch written").await;
    assert!(log.contains("up_to_line="), "{log}");
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    assert!(import.await.unwrap().is_err(), "the answer never came");

    let server = Process::start(&database_url, &outbox).await;
    let token = log_in(&http, &server.url).await;
    assert_eq!(count_children(&http, &server.url, &token).await, 0);
    let rerun: Value = http
        .post(format!("{}/api/v1/imports/children", server.url))
        .bearer_auth(&token)
        .body(numbered_children_csv(ROWS))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rerun["applied"], true, "{rerun}");
    assert_eq!(rerun["created_count"], ROWS);
    assert_eq!(count_children(&http, &server.url, &token).await, ROWS);
}
