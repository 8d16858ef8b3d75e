//! How a server runs: where it listens, what it stores, how it mails.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use time::Duration;

use tempatro_core::{CycleCalendar, MedicalWindow, RenewalWindow};

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite://path`, or a bare path to a SQLite file.
    pub database_url: String,
    /// Where e-mails are written as `.eml` files when no SMTP server is configured.
    pub outbox: PathBuf,
    /// `smtp://user:pass@host:port` or `smtps://…`; when set, e-mails go there instead of the outbox.
    pub smtp_url: Option<String>,
    /// The sender of the Patro's e-mails.
    pub mail_from: String,
    pub patro_name: String,
    pub session_ttl: Duration,
    pub cycle_calendar: CycleCalendar,
    pub renewal_window: RenewalWindow,
    /// When leaders may read the participants' medical sheets around an activity.
    pub medical_window: MedicalWindow,
}

impl Config {
    pub const DEFAULT_PATRO_NAME: &'static str = "Patro du Val d'Haine";
    pub const DEFAULT_MAIL_FROM: &'static str = "Tempatro <tempatro@localhost>";

    /// A server in `dir` (a temporary folder): its own SQLite file and outbox, on a free loopback
    /// port. For tests and the demo.
    pub fn for_tests(dir: &Path) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: format!("sqlite://{}", dir.join("tempatro.db").display()),
            outbox: dir.join("outbox"),
            smtp_url: None,
            mail_from: Config::DEFAULT_MAIL_FROM.to_owned(),
            patro_name: Config::DEFAULT_PATRO_NAME.to_owned(),
            session_ttl: Duration::days(30),
            cycle_calendar: CycleCalendar::default(),
            renewal_window: RenewalWindow::default(),
            medical_window: MedicalWindow::default(),
        }
    }
}

/// The platform's data folder for the server (`~/.local/share/tempatro` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("be", "Patro", "Tempatro").map(|dirs| dirs.data_dir().to_owned())
}
