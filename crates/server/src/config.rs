//! How a server runs: where it listens, what it stores, how it mails.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use time::Duration;

use tempatro_core::payment::{Beneficiary, CsvMapping, Iban, ReferenceLine};
use tempatro_core::{CycleCalendar, MedicalWindow, RenewalWindow};

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite://path`, a bare path to a SQLite file, or `postgres://user@host/database`.
    pub database_url: String,
    /// Connections this server keeps to the database.
    pub database_pool: u32,
    /// Where e-mails are written as `.eml` files when no SMTP server is configured.
    pub outbox: PathBuf,
    /// `smtp://user:pass@host:port` or `smtps://…`; when set, e-mails go there instead of the outbox.
    pub smtp_url: Option<String>,
    /// The sender of the Patro's e-mails.
    pub mail_from: String,
    pub patro_name: String,
    /// How long a parent's session lasts.
    pub session_ttl: Duration,
    /// How long a staff member's session lasts in all, however often it is used.
    pub staff_session_ttl: Duration,
    /// A staff member's session ends after this long without a request.
    pub staff_session_idle: Duration,
    /// How long a responsable may still log in without a second factor, counted from when the
    /// account became responsable (or from the upgrade that brought second factors, if later).
    pub staff_second_factor_grace: Duration,
    pub cycle_calendar: CycleCalendar,
    pub renewal_window: RenewalWindow,
    /// When leaders may read the participants' medical sheets around an activity.
    pub medical_window: MedicalWindow,
    /// The Patro's account, for transfers and their QR codes; none until the Patro sets it.
    pub bank_account: Option<Beneficiary>,
    /// Which remittance field of the EPC QR code carries the structured communication.
    pub reference_line: ReferenceLine,
    /// Dues unpaid for this many days get a reminder (at most one a week per due).
    pub reminder_days: u16,
    /// The columns of the bank's CSV export, when the Patro's bank gives CSV.
    pub csv_mapping: Option<CsvMapping>,
    /// The longest a request's body may go without sending anything before the server ends it:
    /// a stalled client must not keep a connection, a task and a temporary file for ever.
    pub request_idle_timeout: std::time::Duration,
    /// The longest an import's file may take to arrive, however steadily it trickles in.
    pub upload_timeout: std::time::Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (the limits count clients by
    /// address); nobody else's is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Config {
    pub const DEFAULT_PATRO_NAME: &'static str = "Patro du Val d'Haine";
    pub const DEFAULT_MAIL_FROM: &'static str = "Tempatro <tempatro@localhost>";
    /// The IBAN of the European Committee for Banking Standards' examples: valid, and nobody's.
    pub const EXAMPLE_IBAN: &'static str = "BE68 5390 0754 7034";
    pub const DEFAULT_REQUEST_IDLE_SECONDS: u16 = 30;
    pub const DEFAULT_UPLOAD_MINUTES: u16 = 10;
    pub const DEFAULT_STAFF_SESSION_DAYS: u16 = 7;
    pub const DEFAULT_STAFF_SESSION_IDLE_HOURS: u16 = 12;
    pub const DEFAULT_STAFF_2FA_GRACE_DAYS: u16 = 14;

    /// A server in `dir` (a temporary folder): its own SQLite file and outbox, on a free loopback
    /// port. For tests and the demo.
    /// How long a new session of an account of `role` lasts in all.
    pub fn session_lifetime(&self, role: tempatro_core::Role) -> Duration {
        if role.is_staff() {
            self.staff_session_ttl
        } else {
            self.session_ttl
        }
    }

    pub fn for_tests(dir: &Path) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: format!("sqlite://{}", dir.join("tempatro.db").display()),
            database_pool: crate::store::DEFAULT_POOL,
            outbox: dir.join("outbox"),
            smtp_url: None,
            mail_from: Config::DEFAULT_MAIL_FROM.to_owned(),
            patro_name: Config::DEFAULT_PATRO_NAME.to_owned(),
            session_ttl: Duration::days(30),
            staff_session_ttl: Duration::days(Config::DEFAULT_STAFF_SESSION_DAYS.into()),
            staff_session_idle: Duration::hours(Config::DEFAULT_STAFF_SESSION_IDLE_HOURS.into()),
            staff_second_factor_grace: Duration::days(Config::DEFAULT_STAFF_2FA_GRACE_DAYS.into()),
            cycle_calendar: CycleCalendar::default(),
            renewal_window: RenewalWindow::default(),
            medical_window: MedicalWindow::default(),
            bank_account: Some(Beneficiary {
                name: Config::DEFAULT_PATRO_NAME.to_owned(),
                iban: Iban::parse(Config::EXAMPLE_IBAN).expect("the example IBAN is valid"),
                bic: None,
            }),
            reference_line: ReferenceLine::default(),
            reminder_days: 14,
            csv_mapping: None,
            request_idle_timeout: std::time::Duration::from_secs(
                Config::DEFAULT_REQUEST_IDLE_SECONDS.into(),
            ),
            upload_timeout: std::time::Duration::from_secs(
                u64::from(Config::DEFAULT_UPLOAD_MINUTES) * 60,
            ),
            trusted_proxies: Vec::new(),
        }
    }
}

/// The platform's data folder for the server (`~/.local/share/tempatro` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("be", "Patro", "Tempatro").map(|dirs| dirs.data_dir().to_owned())
}
