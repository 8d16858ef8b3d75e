use std::future::Future;
use std::io::Write;
use std::path::PathBuf;

use sqlx::Connection;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

use tempatro_core::Role;
use tempatro_server::{Config, Server, create_staff, start};

pub const STAFF_EMAIL: &str = "secretariat@patro.be";
pub const STAFF_PASSWORD: &str = "mot de passe du secrétariat";
pub const PARENT_PASSWORD: &str = "Billy aime les crêpes";

/// The variable naming a PostgreSQL server the tests may create databases on, as a URL whose
/// user may `CREATE DATABASE` (`postgres://postgres@127.0.0.1:5432/postgres`).
pub const POSTGRES_URL_VARIABLE: &str = "TEMPATRO_TEST_POSTGRES_URL";

/// The database engine a test's servers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

tokio::task_local! {
    static ENGINE: Engine;
}

/// Runs a test's body with its servers on `engine`. Without [`POSTGRES_URL_VARIABLE`], a
/// PostgreSQL test says it was skipped and returns: straight to the process's stderr, since the
/// test harness would hide an `eprintln!` of a test that passes.
pub async fn run_on(engine: Engine, test: impl Future<Output = ()>) {
    if engine == Engine::Postgres && std::env::var_os(POSTGRES_URL_VARIABLE).is_none() {
        let test_name = std::thread::current()
            .name()
            .unwrap_or("a PostgreSQL test")
            .to_owned();
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {POSTGRES_URL_VARIABLE} is not set ({test_name})"
        );
        return;
    }
    ENGINE.scope(engine, test).await;
}

fn engine() -> Engine {
    ENGINE.try_with(|engine| *engine).unwrap_or(Engine::Sqlite)
}

/// A PostgreSQL database made for one test, dropped when the test ends (passed or failed).
pub struct TestDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let admin_url = std::env::var(POSTGRES_URL_VARIABLE)
            .unwrap_or_else(|_| panic!("{POSTGRES_URL_VARIABLE} names the PostgreSQL server"));
        let name = format!("tempatro_test_{:016x}", rand::random::<u64>());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|error| panic!("{POSTGRES_URL_VARIABLE} reaches PostgreSQL: {error}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("a test database is created");
        let _ = admin.close().await;
        let url = with_database(&admin_url, &name);
        TestDatabase {
            admin_url,
            name,
            url,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be the current thread: a runtime of its
        // own on another thread does the work. FORCE ends the servers' connections still open.
        let admin_url = self.admin_url.clone();
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(statement))
                    .execute(&mut admin)
                    .await?;
                admin.close().await?;
                Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: the test database {} could not be dropped",
                self.name
            );
        }
    }
}

/// A fresh database of the test's engine for a server run as a process: its URL, and what drops
/// it at the end of the test (PostgreSQL).
pub async fn fresh_database(dir: &std::path::Path) -> (String, Option<TestDatabase>) {
    match engine() {
        Engine::Sqlite => (
            format!("sqlite://{}", dir.join("tempatro.db").display()),
            None,
        ),
        Engine::Postgres => {
            let database = TestDatabase::create().await;
            (database.url.clone(), Some(database))
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

pub struct TestApp {
    pub server: Server,
    pub config: Config,
    pub http: reqwest::Client,
    _dir: TempDir,
    /// Declared after the server, so dropped after it.
    _database: Option<TestDatabase>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server with a fresh database of the test's engine (see [`run_on`]) and its own outbox.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = Config::for_tests(dir.path());
    let database = match engine() {
        Engine::Sqlite => None,
        Engine::Postgres => Some(TestDatabase::create().await),
    };
    if let Some(database) = &database {
        config.database_url = database.url.clone();
    }
    adjust(&mut config);
    let server = start(config.clone()).await.expect("the server starts");
    TestApp {
        server,
        config,
        http: reqwest::Client::new(),
        _dir: dir,
        _database: database,
    }
}

impl TestApp {
    /// Another server on the same database and outbox, on its own port: what a Patro running
    /// several servers behind one address has.
    pub async fn second_server(&self) -> Server {
        start(self.config.clone())
            .await
            .expect("the second server starts")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path))
    }

    pub fn post(&self, path: &str, body: Value) -> RequestBuilder {
        self.http.post(self.url(path)).json(&body)
    }

    /// Signs a parent up, as from their own home: the request names an address of its own in
    /// `X-Forwarded-For`, which counts only on a server that trusts 127.0.0.1 as its proxy (one
    /// that seeds more families than one source may sign up in an hour).
    pub async fn sign_up(&self, first_name: &str, email: &str) -> Response {
        let home = email
            .bytes()
            .fold(0u32, |hash, byte| {
                hash.wrapping_mul(31).wrapping_add(byte.into())
            })
            .to_be_bytes();
        self.post(
            "/api/v1/accounts",
            json!({"first_name": first_name, "last_name": "de Billy", "email": email, "password": PARENT_PASSWORD}),
        )
        .header("X-Forwarded-For", format!("10.{}.{}.{}", home[1], home[2], home[3]))
        .send()
        .await
        .unwrap()
    }

    pub async fn log_in(&self, email: &str, password: &str, portal: &str) -> Response {
        self.post(
            "/api/v1/sessions",
            json!({"email": email, "password": password, "portal": portal}),
        )
        .send()
        .await
        .unwrap()
    }

    /// Logs in and returns the token, failing the test if the login is refused.
    pub async fn token(&self, email: &str, password: &str, portal: &str) -> String {
        let response = self.log_in(email, password, portal).await;
        assert_eq!(response.status(), StatusCode::CREATED, "login of {email}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn create_staff(&self, email: &str, role: Role) {
        create_staff(
            &self.config.database_url,
            email,
            "Claire",
            "Secrétariat",
            role,
            STAFF_PASSWORD,
        )
        .await
        .expect("staff account created");
    }

    pub async fn staff_token(&self) -> String {
        self.create_staff(STAFF_EMAIL, Role::Responsable).await;
        self.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await
    }

    /// Enters the last code e-mailed to `email` to prove the address of a new account.
    pub async fn verify_email(&self, email: &str) {
        let code = self.last_code_to(email).await;
        let response = self
            .post(
                "/api/v1/accounts/verification",
                json!({"email": email, "code": code}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "verifying {email}"
        );
    }

    /// Signs a parent up and proves the address, as its owner would; returns the account's id.
    pub async fn verified_sign_up(&self, first_name: &str, email: &str) -> i64 {
        let response = self.sign_up(first_name, email).await;
        assert_eq!(
            response.status(),
            StatusCode::ACCEPTED,
            "sign-up of {email}"
        );
        self.verify_email(email).await;
        self.account_id(email).await
    }

    /// The account with that address, as the staff's list gives it.
    pub async fn account(&self, staff: &str, email: &str) -> Value {
        let found = self
            .ok(
                Method::GET,
                &format!("/api/v1/accounts?email={email}"),
                staff,
                None,
            )
            .await;
        found[0].clone()
    }

    /// The id of the account with that address.
    pub async fn account_id(&self, email: &str) -> i64 {
        let staff = self.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
        let account = self.account(&staff, email).await;
        account["id"]
            .as_i64()
            .expect("an account with that address")
    }

    /// The code of the last e-mail to `address` that has one ("1234 5678").
    pub async fn last_code_to(&self, address: &str) -> String {
        self.mails_to(address)
            .await
            .iter()
            .rev()
            .find_map(|mail| code_in(mail))
            .unwrap_or_else(|| panic!("no code e-mailed to {address}"))
    }

    /// Signs a parent up, proves the address and approves the account; returns the account's id.
    pub async fn active_parent(&self, email: &str, staff_token: &str) -> i64 {
        let id = self.verified_sign_up("Papa", email).await;
        let approved = self
            .call(
                Method::POST,
                &format!("/api/v1/accounts/{id}/approve"),
                Some(staff_token),
                None,
            )
            .await;
        assert_eq!(approved.status(), StatusCode::OK);
        id
    }

    /// The e-mails written to the outbox for `address`, oldest first, once the server has
    /// delivered every mail queued so far.
    pub async fn mails_to(&self, address: &str) -> Vec<String> {
        self.server.settle().await;
        let outbox: PathBuf = self.server.outbox();
        let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&outbox)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.path().extension().is_some_and(|e| e == "eml"))
                    .map(|entry| {
                        let modified = entry.metadata().and_then(|m| m.modified()).unwrap();
                        (modified, std::fs::read_to_string(entry.path()).unwrap())
                    })
                    .filter(|(_, text)| {
                        text.lines()
                            .any(|line| line.starts_with("To: ") && line.contains(address))
                    })
                    .collect()
            })
            .unwrap_or_default();
        mails.sort_by_key(|(modified, _)| *modified);
        mails.into_iter().map(|(_, text)| text).collect()
    }
}

/// The 8-digit code of a mail, on a line of its own or after "Votre code : ".
pub fn code_in(mail: &str) -> Option<String> {
    mail.lines().find_map(|line| {
        let candidate = line.trim().trim_start_matches("Votre code : ");
        let digits: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| candidate.to_owned())
    })
}

impl TestApp {
    /// Any request, as the holder of `token` (or anonymously).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// A request that must succeed; its JSON body.
    pub async fn ok(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Value {
        let response = self.call(method.clone(), path, Some(token), body).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn open_cycle(&self, staff: &str, cycle: &str) {
        self.ok(
            reqwest::Method::POST,
            "/api/v1/cycles",
            staff,
            Some(json!({"cycle": cycle, "normal_fee": "45", "solidarity_fee": "15", "sibling_discount": "10"})),
        )
        .await;
    }

    /// Staff adds a child; returns its id.
    pub async fn add_child(&self, staff: &str, body: Value) -> i64 {
        let sheet = self
            .ok(reqwest::Method::POST, "/api/v1/children", staff, Some(body))
            .await;
        sheet["id"].as_i64().unwrap()
    }

    pub async fn link(&self, staff: &str, child: i64, email: &str) {
        self.ok(
            reqwest::Method::POST,
            &format!("/api/v1/children/{child}/parents"),
            staff,
            Some(json!({"email": email})),
        )
        .await;
    }

    /// An active parent account, logged in; returns its token.
    pub async fn parent_token(&self, staff: &str, email: &str) -> String {
        self.active_parent(email, staff).await;
        self.token(email, PARENT_PASSWORD, "parents").await
    }

    /// An animateur leading `sections`, logged in; returns its token.
    pub async fn animateur_token(&self, staff: &str, email: &str, sections: &[&str]) -> String {
        self.create_staff(email, Role::Animateur).await;
        let accounts: Vec<Value> = self
            .ok(
                reqwest::Method::GET,
                &format!("/api/v1/accounts?email={email}"),
                staff,
                None,
            )
            .await
            .as_array()
            .unwrap()
            .clone();
        let id = accounts[0]["id"].as_i64().unwrap();
        self.ok(
            reqwest::Method::PUT,
            &format!("/api/v1/accounts/{id}/staff"),
            staff,
            Some(json!({"role": "animateur", "sections": sections})),
        )
        .await;
        self.token(email, STAFF_PASSWORD, "staff").await
    }

    pub fn current_cycle(&self) -> tempatro_core::Cycle {
        self.config
            .cycle_calendar
            .cycle_of(time::OffsetDateTime::now_utc().date())
    }
}

/// A children file of `count` new children, each with its own external id and family.
pub fn numbered_children_csv(count: usize) -> String {
    let mut csv = String::from("external_id;nom;prenom;date_naissance\n");
    for n in 0..count {
        csv.push_str(&format!("K-{n};Famille{n};Enfant;01/05/2018\n"));
    }
    csv
}

/// Asserts an error answer: its status, its `code`, and that its message reads in French.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("an error body in JSON");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

impl TestApp {
    /// Runs `statement` on the test's database directly, as an operator with `psql` or `sqlite3`
    /// would: for what no route does, such as moving a row back in time. Returns the first column
    /// of the first row, when the statement returns one that is not null.
    pub async fn sql(&self, statement: &str) -> Option<i64> {
        let url = &self.config.database_url;
        if tempatro_server::is_postgres(url) {
            let mut db = sqlx::PgConnection::connect(url).await.unwrap();
            let value: Option<Option<i64>> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(statement.to_owned()))
                    .fetch_optional(&mut db)
                    .await
                    .unwrap();
            db.close().await.unwrap();
            value.flatten()
        } else {
            let mut db = sqlx::SqliteConnection::connect(url).await.unwrap();
            let value: Option<Option<i64>> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(statement.to_owned()))
                    .fetch_optional(&mut db)
                    .await
                    .unwrap();
            db.close().await.unwrap();
            value.flatten()
        }
    }
}
