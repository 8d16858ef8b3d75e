//! The demo: a server on a free loopback port with a temporary SQLite database holding the family of
//! the parents' guide. Nothing to install, nothing left behind.

use time::OffsetDateTime;
use time::macros::date;

use tempatro_core::{AccountStatus, Address, BirthDate, Email, PersonName, Role};

use crate::config::Config;
use crate::secrets::hash_password;
use crate::store::{NewAccount, NewChild};
use crate::{Server, open_store};

/// An account of the demo, to log in with.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub label: String,
    pub email: String,
    pub password: String,
}

pub struct Demo {
    server: Server,
    accounts: Vec<DemoAccount>,
    // Dropped last: the database and the outbox live here.
    _dir: tempfile::TempDir,
}

impl Demo {
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Papa de Billy first (a parent), then Maman de Billy, then the Patro's `responsable`.
    pub fn accounts(&self) -> &[DemoAccount] {
        &self.accounts
    }

    pub fn outbox(&self) -> std::path::PathBuf {
        self.server.outbox()
    }

    pub async fn stop(self) -> anyhow::Result<()> {
        self.server.stop().await
    }
}

struct Seed {
    label: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    email: &'static str,
    password: &'static str,
    role: Role,
}

const SEEDS: [Seed; 3] = [
    Seed {
        label: "Papa de Billy (parent)",
        first_name: "Papa",
        last_name: "de Billy",
        email: "papa.billy@patrovaldhaine.be",
        password: "demo-papa-billy",
        role: Role::Parent,
    },
    Seed {
        label: "Maman de Billy (parent)",
        first_name: "Maman",
        last_name: "de Billy",
        email: "maman.billy@patrovaldhaine.be",
        password: "demo-maman-billy",
        role: Role::Parent,
    },
    Seed {
        label: "Secrétariat du Patro (responsable)",
        first_name: "Secrétariat",
        last_name: "du Patro",
        email: "secretariat@patrovaldhaine.be",
        password: "demo-secretariat",
        role: Role::Responsable,
    },
];

/// Starts the demo server, seeded.
pub async fn start() -> anyhow::Result<Demo> {
    let dir = tempfile::Builder::new()
        .prefix("tempatro-demo-")
        .tempdir()?;
    let config = Config::for_tests(dir.path());
    let store = open_store(&config.database_url).await?;
    let today = OffsetDateTime::now_utc().date();
    let billy = store
        .create_child(NewChild {
            first_name: PersonName::parse("Billy")?,
            last_name: PersonName::parse("LE PIVERT")?,
            birth_date: BirthDate::new(date!(2018 - 05 - 01), today)?,
            address: Address::parse("Rue du Roeulx 23, 7110 Maurage")?,
        })
        .await?;
    let mut accounts = Vec::new();
    for seed in &SEEDS {
        let email = Email::parse(seed.email)?;
        let password = tempatro_core::Password::parse(seed.password, &email)?;
        let account = store
            .create_account(NewAccount {
                email,
                first_name: PersonName::parse(seed.first_name)?,
                last_name: PersonName::parse(seed.last_name)?,
                role: seed.role,
                status: AccountStatus::Active,
                password_hash: hash_password(&password)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            })
            .await?;
        if seed.role == Role::Parent {
            store.link_child(billy, account.id).await?;
        }
        accounts.push(DemoAccount {
            label: seed.label.to_owned(),
            email: seed.email.to_owned(),
            password: seed.password.to_owned(),
        });
    }
    let server = crate::start(config).await?;
    Ok(Demo {
        server,
        accounts,
        _dir: dir,
    })
}
