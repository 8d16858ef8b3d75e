use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::{Assert, OutputAssertExt};
use serde::de::DeserializeOwned;
use tempatro_client::Client;
use tempatro_core::api::{ActivityView, ChildSheet, SignUp};
use tempatro_core::{Cycle, CycleCalendar, Lang, Portal, Role};
use tempfile::TempDir;

pub const STAFF_EMAIL: &str = "chef@patro-valdhaine.be";
pub const STAFF_PASSWORD: &str = "Le Patro c'est la vie 2026";
pub const PARENT_EMAIL: &str = "papa.billy@example.be";
pub const PARENT_PASSWORD: &str = "Billy aime le Patro 2018";
pub const BILLY_BIRTH_DATE: &str = "01/05/2018";
pub const ANIMATEUR_EMAIL: &str = "animateur@patro-valdhaine.be";

/// `days` from today (negative: before), as a staff member types a date: the server reads the
/// real clock, so activities are placed around the day the tests run.
pub fn day(days: i64) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    tempatro_core::date::short(today + time::Duration::days(days))
}

/// The cycle the server calls current: the tests run on the real date.
pub fn current_cycle() -> Cycle {
    CycleCalendar::default().cycle_of(time::OffsetDateTime::now_utc().date())
}

pub struct TestApp {
    pub server: tempatro_server::Server,
    pub database_url: String,
    /// The CLI's configuration folder: the test's own, never the developer's home.
    pub config_dir: PathBuf,
    _dir: TempDir,
}

/// A fresh server on a free port, with its own SQLite file and outbox, and a `responsable`.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with the server's configuration changed first, for what the tests' defaults
/// leave out (`reminder_days = 0`, so that dues created now are already due for a reminder).
pub async fn spawn_app_with(configure: impl FnOnce(&mut tempatro_server::Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = tempatro_server::Config::for_tests(dir.path());
    configure(&mut config);
    let database_url = config.database_url.clone();
    let server = tempatro_server::start(config)
        .await
        .expect("the server starts");
    tempatro_server::create_staff(
        &database_url,
        STAFF_EMAIL,
        "Cheffe",
        "Responsable",
        Role::Responsable,
        STAFF_PASSWORD,
    )
    .await
    .expect("the responsable is created");
    TestApp {
        server,
        database_url,
        config_dir: dir.path().join("admin-config"),
        _dir: dir,
    }
}

impl TestApp {
    /// The binary, pointed at this server through `TEMPATRO_SERVER`.
    pub fn admin(&self) -> Command {
        let mut command = admin(&self.config_dir);
        command.env("TEMPATRO_SERVER", self.server.url());
        command
    }

    pub fn session_file(&self) -> PathBuf {
        self.config_dir.join("admin-session.json")
    }

    pub async fn log_in_as_staff(&self) {
        let mut login = self.admin();
        login
            .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
            .write_stdin(format!("{STAFF_PASSWORD}\n"));
        run(login).await.success();
    }

    pub fn client(&self) -> Client {
        Client::new(&self.server.url(), Lang::Fr).expect("a loopback URL")
    }

    /// "Créez votre compte !" then "Entrez le code reçu par e-mail" through the client, as the
    /// parents' app does.
    pub async fn sign_up(&self, first_name: &str, last_name: &str, email: &str) {
        self.unverified_sign_up(first_name, last_name, email).await;
        let code = self
            .outbox()
            .await
            .iter()
            .filter(|mail| {
                mail.lines()
                    .any(|line| line.starts_with("To: ") && line.contains(email))
            })
            .find_map(|mail| {
                mail.lines()
                    .map(|line| line.replace(' ', ""))
                    .find(|line| line.len() == 8 && line.chars().all(|c| c.is_ascii_digit()))
            })
            .expect("the sign-up e-mail carries a code");
        self.client()
            .verify_email(email, &code)
            .await
            .expect("the code proves the address");
    }

    /// "Créez votre compte !" alone: the address is not proven.
    pub async fn unverified_sign_up(&self, first_name: &str, last_name: &str, email: &str) {
        self.client()
            .sign_up(&SignUp {
                first_name: first_name.to_owned(),
                last_name: last_name.to_owned(),
                email: email.to_owned(),
                password: PARENT_PASSWORD.to_owned(),
            })
            .await
            .expect("the sign-up is accepted");
    }

    pub async fn parent_log_in(&self, email: &str) -> Result<Client, tempatro_client::Error> {
        let mut client = self.client();
        client
            .log_in(email, PARENT_PASSWORD, Portal::Parents)
            .await
            .map(|_| client)
    }

    /// The binary with `args`, which must succeed; its standard output.
    pub async fn admin_ok(&self, args: &[&str]) -> String {
        let mut command = self.admin();
        command.args(args);
        stdout_of(&run(command).await.success())
    }

    /// The binary with `args` and `--json`, which must succeed; its output decoded.
    pub async fn admin_json<T: DeserializeOwned>(&self, args: &[&str]) -> T {
        let stdout = self.admin_ok(&[args, &["--json"]].concat()).await;
        serde_json::from_str(&stdout)
            .unwrap_or_else(|error| panic!("{args:?} --json decodes ({error}):\n{stdout}"))
    }

    /// Logs the binary in as another staff member, replacing the responsable's session.
    pub async fn log_in_as(&self, email: &str) {
        let mut login = self.admin();
        login
            .args(["login", "--email", email, "--password-stdin"])
            .write_stdin(format!("{STAFF_PASSWORD}\n"));
        run(login).await.success();
    }

    /// Opens the current cycle, which affiliating a child needs: 45 €, 15 € solidarity.
    pub async fn open_current_cycle(&self) -> Cycle {
        let cycle = current_cycle();
        self.admin_ok(&[
            "cycles",
            "create",
            &cycle.to_string(),
            "--fee",
            "45",
            "--solidarity-fee",
            "15",
        ])
        .await;
        cycle
    }

    /// Billy of the guide, added with the binary: Benjamins by his age, affiliated, unpaid.
    pub async fn add_billy(&self) -> ChildSheet {
        self.admin_json(&[
            "children",
            "add",
            "--first-name",
            "Billy",
            "--last-name",
            "LE PIVERT",
            "--birth-date",
            BILLY_BIRTH_DATE,
            "--address",
            "Rue du Roeulx 23, 7110 Maurage",
        ])
        .await
    }

    /// A child added with the binary, affiliated for the current cycle in the section of its age.
    pub async fn add_child(&self, first_name: &str, birth_date: &str) -> ChildSheet {
        self.admin_json(&[
            "children",
            "add",
            "--first-name",
            first_name,
            "--last-name",
            "LE PIVERT",
            "--birth-date",
            birth_date,
        ])
        .await
    }

    /// A camp for the Benjamins created with the binary, from `start` to `end` days from today,
    /// registrations closing the day before it starts.
    pub async fn benjamins_camp(&self, start: i64, end: i64, capacity: u32) -> ActivityView {
        self.admin_json(&[
            "activities",
            "create",
            "--kind",
            "camp",
            "--name",
            "Camp d'été 2027",
            "--place",
            "Opont",
            "--start",
            &day(start),
            "--end",
            &day(end),
            "--sections",
            "Benjamins",
            "--price",
            "120",
            "--capacity",
            &capacity.to_string(),
            "--deadline",
            &day(start - 1),
            "--needs-medical",
        ])
        .await
    }

    /// A parent who signed up, was approved with the binary and is logged in with the client.
    pub async fn active_parent(&self, first_name: &str, last_name: &str, email: &str) -> Client {
        self.sign_up(first_name, last_name, email).await;
        self.admin_ok(&["accounts", "approve", email]).await;
        self.parent_log_in(email)
            .await
            .expect("an approved parent logs in")
    }

    /// A new animateur leading `sections`, set up with the binary by the responsable.
    pub async fn animateur(&self, email: &str, sections: &str) {
        tempatro_server::create_staff(
            &self.database_url,
            email,
            "Anim",
            "Ateur",
            Role::Animateur,
            STAFF_PASSWORD,
        )
        .await
        .expect("the animateur is created");
        self.admin_ok(&[
            "staff",
            "set",
            email,
            "--role",
            "animateur",
            "--sections",
            sections,
        ])
        .await;
    }

    /// The e-mails written to the outbox, each as its raw text, once the server has delivered
    /// every mail queued so far.
    pub async fn outbox(&self) -> Vec<String> {
        self.server.settle().await;
        read_emails(&self.server.outbox())
    }
}

/// The first statement of the core's sample CODA file, its structured credit rewritten to pay
/// `reference` with `cents`; it also holds a credit with a reference no due has, and a debit.
/// The same rewriting as the server's tests: the movement record 2.1 with the structured
/// communication flag at 61, its 12 digits at 65..77 and the amount in thousandths at 32..47.
pub fn coda(reference: &str, cents: i64) -> Vec<u8> {
    let digits = tempatro_core::payment::StructuredReference::parse(reference)
        .expect("a due's reference")
        .digits();
    let sample = include_bytes!("../../../core/tests/data/two-statements.cod");
    let mut lines: Vec<Vec<u8>> = sample
        .split(|b| *b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line).to_vec())
        .collect();
    let end = lines
        .iter()
        .position(|line| line.starts_with(b"9"))
        .expect("the first statement's last record");
    lines.truncate(end + 1);
    let movement = &mut lines[2];
    assert!(
        movement.starts_with(b"21") && movement[61] == b'1',
        "the sample's structured credit"
    );
    movement[65..77].copy_from_slice(digits.as_bytes());
    movement[32..47].copy_from_slice(format!("{:015}", cents * 10).as_bytes());
    lines.join(&b"\r\n"[..])
}

/// The binary with `config_dir` as its configuration folder and nothing inherited from the
/// developer's environment that could change its answers.
pub fn admin(config_dir: &Path) -> Command {
    Command::from_std(admin_process(config_dir))
}

/// [`admin`] as a plain process, for the tests that wire its output themselves.
pub fn admin_process(config_dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tempatro-admin"));
    command
        .env("TEMPATRO_CONFIG_DIR", config_dir)
        .env("LANG", "fr_BE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("TEMPATRO_SERVER")
        .env_remove("TEMPATRO_PASSWORD")
        .env_remove("TEMPATRO_TOKEN");
    command
}

fn read_emails(outbox: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(outbox) else {
        return Vec::new();
    };
    entries
        .map(|entry| entry.expect("an outbox entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .map(|path| std::fs::read_to_string(path).expect("a readable e-mail"))
        .collect()
}

/// Runs the binary off the async threads, so the in-process server keeps answering meanwhile.
pub async fn run(mut command: Command) -> Assert {
    tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .expect("the blocking task ends")
        .assert()
}

pub fn stdout_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 on stdout")
}

pub fn stderr_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("UTF-8 on stderr")
}
