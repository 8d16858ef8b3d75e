//! Tempatro's server: the HTTP JSON API over the domain rules of `tempatro-core`, and the only
//! part of Tempatro that touches the database.

mod config;
pub mod demo;
mod error;
mod http;
mod imports;
mod mail;
pub mod maintenance;
mod second_factor;
mod secrets;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use tempatro_core::api::AccountView;
use tempatro_core::{AccountStatus, Email, Field, Password, PersonName, Role};

pub use config::{Config, data_dir};
pub use error::Error;
pub use http::router;
pub use store::{SqlStore, Store};

use http::AppState;
use mail::Mailer;
use store::NewAccount;

/// Opens the store named by `database_url`, migrating it to the current schema:
/// `postgres://…` (or `postgresql://…`) for PostgreSQL, `sqlite://…` or a bare path for SQLite.
pub async fn open_store(database_url: &str) -> anyhow::Result<Arc<dyn Store>> {
    open_store_with_pool(database_url, store::DEFAULT_POOL).await
}

/// [`open_store`] with at most `connections` connections to the database.
pub async fn open_store_with_pool(
    database_url: &str,
    connections: u32,
) -> anyhow::Result<Arc<dyn Store>> {
    let store = SqlStore::open(database_url, connections).await;
    let store = if is_postgres(database_url) {
        // The URL may carry a password: it is not repeated in the error.
        store.context("ouverture de la base de données PostgreSQL")?
    } else {
        store.with_context(|| format!("ouverture de la base de données {database_url}"))?
    };
    Ok(Arc::new(store))
}

/// Whether `database_url` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres(database_url: &str) -> bool {
    store::Engine::is_postgres(database_url)
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    outbox: PathBuf,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
    background: tokio_util::task::TaskTracker,
    housekeeping: JoinHandle<()>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, what the clients are given.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The folder e-mails are written to when no SMTP server is configured.
    pub fn outbox(&self) -> PathBuf {
        self.outbox.clone()
    }

    /// Stops accepting connections and lets the requests under way finish, then the e-mails
    /// they left to send.
    pub async fn stop(self) -> anyhow::Result<()> {
        // The server may already be gone, in which case there is nothing to tell it.
        let _ = self.shutdown.send(());
        self.housekeeping.abort();
        self.task.await??;
        self.background.close();
        self.background.wait().await;
        Ok(())
    }

    /// Waits until the work requests left behind (e-mails queued, token uses being recorded) is
    /// done.
    pub async fn settle(&self) {
        self.background.close();
        self.background.wait().await;
        self.background.reopen();
    }

    /// Runs until the process receives Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await
    }
}

/// Opens the database, binds `config.listen` and serves in the background.
pub async fn start(config: Config) -> anyhow::Result<Server> {
    let store = open_store_with_pool(&config.database_url, config.database_pool).await?;
    // Pruning is bookkeeping: a database too busy for it now does not keep the server from
    // starting, the next hour tries again.
    if let Err(error) =
        maintenance::housekeeping::prune(store.as_ref(), time::OffsetDateTime::now_utc()).await
    {
        tracing::warn!(%error, "pruning at start failed");
    }
    let housekeeping = maintenance::housekeeping::every_hour(store.clone());
    let background = tokio_util::task::TaskTracker::new();
    let mailer = Mailer::new(
        &config.mail_from,
        &config.patro_name,
        config.smtp_url.as_deref(),
        &config.outbox,
        background.clone(),
    )?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("écoute sur {}", config.listen))?;
    let addr = listener.local_addr()?;
    let outbox = config.outbox.clone();
    let app = router(AppState {
        limits: http::limits::Limits::new(store.clone()),
        store,
        mailer: Arc::new(mailer),
        config: Arc::new(config),
        background: background.clone(),
    });
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        // The limits count clients by the connection's address (`http::extractor::ClientIp`).
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    tracing::info!(%addr, "listening");
    Ok(Server {
        addr,
        outbox,
        shutdown,
        task,
        background,
        housekeeping,
    })
}

/// Creates an active staff account directly in the database: how the first `responsable` comes to
/// exist. Safe to run while a server uses the same database.
pub async fn create_staff(
    database_url: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
    role: Role,
    password: &str,
) -> anyhow::Result<AccountView> {
    if !role.is_staff() {
        anyhow::bail!("le rôle doit être animateur ou responsable");
    }
    let email = Email::parse(email).map_err(|e| e.in_field(Field::Email))?;
    let first_name = PersonName::parse(first_name).map_err(|e| e.in_field(Field::FirstName))?;
    let last_name = PersonName::parse(last_name).map_err(|e| e.in_field(Field::LastName))?;
    let password = Password::parse(password, &email).map_err(|e| e.in_field(Field::Password))?;
    let store = open_store(database_url).await?;
    let account = store
        .create_account(NewAccount {
            email,
            first_name,
            last_name,
            role,
            status: AccountStatus::Active,
            email_verified: true,
            password_hash: secrets::hash_password(&password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        })
        .await
        .map_err(|error| match error {
            store::StoreError::DuplicateEmail => {
                anyhow::anyhow!("un compte existe déjà avec cette adresse e-mail")
            }
            other => anyhow::Error::from(other),
        })?;
    Ok(http::account_view(&account))
}

/// The operator's answer to a lost phone: removes the second factor of the account at `email`,
/// ends its sessions, and gives a responsable a new grace period to enrol again (also how a
/// responsable past the grace period gets back in). Safe to run while a server uses the database.
/// Whether a second factor was active.
pub async fn reset_second_factor(database_url: &str, email: &str) -> anyhow::Result<bool> {
    let email = Email::parse(email).map_err(|e| e.in_field(Field::Email))?;
    let store = open_store(database_url).await?;
    let account = store
        .account_by_email(&email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("aucun compte à l'adresse {email}"))?;
    let removed = store
        .reset_second_factor(account.id, time::OffsetDateTime::now_utc())
        .await?;
    store
        .record_act(&store::PrivilegedAct {
            actor: store::Actor {
                id: None,
                label: "opérateur du serveur".to_owned(),
            },
            action: tempatro_core::audit::AccountAction::SecondFactorReset,
            account: Some(account.id),
            ip: None,
            changes: Vec::new(),
        })
        .await?;
    Ok(removed)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
