//! The demo: a server on a free loopback port with a temporary SQLite database holding the family of
//! the parents' guide. Nothing to install, nothing left behind.

use time::macros::date;
use time::{Date, Month, OffsetDateTime};

use tempatro_core::age::age_at;
use tempatro_core::section::suggest_section;
use tempatro_core::{
    AccountStatus, Address, Amount, BirthDate, ChildRecord, Contact, ContactSlot, Cycle, Doctor,
    Email, FeeSchedule, Gender, PaymentMethod, PersonName, Role, Section,
};

use crate::config::Config;
use crate::secrets::hash_password;
use crate::store::{Actor, NewAccount, NewAffiliation, Payment, Store};
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

    /// Papa de Billy first (a parent), then Maman de Billy, Claire Dubois (a parent of two), the
    /// Patro's `responsable`, and an animateur of the Benjamins.
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

const SEEDS: [Seed; 5] = [
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
        label: "Claire Dubois (parent de Zoë et Léon)",
        first_name: "Claire",
        last_name: "Dubois",
        email: "claire.dubois@example.be",
        password: "demo-claire-dubois",
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
    Seed {
        label: "Animateur des Benjamins (animateur)",
        first_name: "Animateur",
        last_name: "des Benjamins",
        email: "benjamins@patrovaldhaine.be",
        password: "demo-benjamins",
        role: Role::Animateur,
    },
];

const FEES: FeeSchedule = FeeSchedule {
    normal: Amount::from_cents(4500),
    solidarity: Amount::from_cents(1500),
    sibling_discount: Amount::from_cents(1000),
};

/// Starts the demo server, seeded.
pub async fn start() -> anyhow::Result<Demo> {
    let dir = tempfile::Builder::new()
        .prefix("tempatro-demo-")
        .tempdir()?;
    let config = Config::for_tests(dir.path());
    let store = open_store(&config.database_url).await?;
    let today = OffsetDateTime::now_utc().date();
    let current = config.cycle_calendar.cycle_of(today);
    let actor = Actor {
        id: None,
        label: "Démo".to_owned(),
    };
    for year in 2021..=current.next().start_year() {
        store.save_cycle(Cycle::starting_in(year), &FEES).await?;
    }

    let mut accounts = Vec::new();
    let mut stored = Vec::new();
    for seed in &SEEDS {
        let email = Email::parse(seed.email)?;
        let password = tempatro_core::Password::parse(seed.password, &email)?;
        stored.push(
            store
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
                .await?,
        );
        accounts.push(DemoAccount {
            label: seed.label.to_owned(),
            email: seed.email.to_owned(),
            password: seed.password.to_owned(),
        });
    }
    let (papa, maman, claire, animateur) = (&stored[0], &stored[1], &stored[2], &stored[4]);
    let sections = store.sections().await?;
    let section = |name: &str| sections.iter().find(|s| s.name == name).map(|s| s.id);
    store
        .set_staff(
            animateur.id,
            Role::Animateur,
            &section("Benjamins").into_iter().collect::<Vec<_>>(),
        )
        .await?;

    // The guide's family: Billy, affiliated since 2021, this cycle unpaid with the solidarity fee.
    let billy = store
        .create_child(
            &ChildRecord {
                first_name: PersonName::parse("Billy")?,
                last_name: PersonName::parse("LE PIVERT")?,
                birth_date: BirthDate::new(date!(2018 - 05 - 01), today)?,
                gender: Some(Gender::Boy),
                address: Some(Address::parse("Rue du Roeulx 23, 7110 Maurage")?),
                image_rights: true,
                primary_contact: Some(Contact::parse(
                    ContactSlot::Primary,
                    "Papa de Billy",
                    Some("0412/34.56.78"),
                    Some("papa.billy@patrovaldhaine.be"),
                )?),
                secondary_contact: Some(Contact::parse(
                    ContactSlot::Secondary,
                    "Maman de Billy",
                    Some("0412/34.56.78"),
                    Some("maman.billy@patrovaldhaine.be"),
                )?),
                doctor: Some(Doctor::parse("Docteur Pivert", "0412345678")?),
            },
            None,
            &actor,
        )
        .await?;
    for parent in [papa, maman] {
        store.link_parent(billy, parent, &actor).await?;
    }
    for year in 2021..current.start_year() {
        let cycle = Cycle::starting_in(year);
        affiliate(
            &*store,
            billy,
            cycle,
            section_for(&sections, date!(2018 - 05 - 01), cycle, &config),
            false,
            &actor,
        )
        .await?;
        pay(&*store, billy, cycle, &actor).await?;
    }
    affiliate(&*store, billy, current, section("Benjamins"), true, &actor).await?;
    for (name, year) in [("Thimougies", 2023), ("Fernelmont", 2024), ("Opont", 2025)] {
        store
            .add_past_activity(
                "camp",
                &format!("{name} {year}"),
                Date::from_calendar_date(year, Month::July, 20)?,
                Date::from_calendar_date(year, Month::July, 30)?,
                &[billy],
            )
            .await?;
    }

    // A second family with two children, so that lists and the sibling discount show.
    for (first, birth, paid) in [
        ("Zoë", date!(2015 - 03 - 14), true),
        ("Léon", date!(2019 - 09 - 02), false),
    ] {
        let child = store
            .create_child(
                &ChildRecord {
                    first_name: PersonName::parse(first)?,
                    last_name: PersonName::parse("DUBOIS")?,
                    birth_date: BirthDate::new(birth, today)?,
                    gender: None,
                    address: Some(Address::parse("Place communale 1, 7100 La Louvière")?),
                    image_rights: false,
                    primary_contact: Some(Contact::parse(
                        ContactSlot::Primary,
                        "Claire Dubois",
                        Some("0470 12 34 56"),
                        Some("claire.dubois@example.be"),
                    )?),
                    secondary_contact: None,
                    doctor: None,
                },
                None,
                &actor,
            )
            .await?;
        store.link_parent(child, claire, &actor).await?;
        affiliate(
            &*store,
            child,
            current,
            section_for(&sections, birth, current, &config),
            false,
            &actor,
        )
        .await?;
        if paid {
            pay(&*store, child, current, &actor).await?;
        }
    }

    let server = crate::start(config).await?;
    Ok(Demo {
        server,
        accounts,
        _dir: dir,
    })
}

fn section_for(sections: &[Section], birth: Date, cycle: Cycle, config: &Config) -> Option<i64> {
    let age = age_at(birth, config.cycle_calendar.reference_date(cycle));
    suggest_section(sections, age, None).map(|s| s.id)
}

async fn affiliate(
    store: &dyn Store,
    child: i64,
    cycle: Cycle,
    section_id: Option<i64>,
    solidarity: bool,
    actor: &Actor,
) -> anyhow::Result<()> {
    store
        .create_affiliation(
            child,
            &NewAffiliation {
                cycle,
                section_id,
                solidarity,
            },
            "affiliation_created",
            actor,
        )
        .await?;
    Ok(())
}

async fn pay(store: &dyn Store, child: i64, cycle: Cycle, actor: &Actor) -> anyhow::Result<()> {
    let fee = store
        .affiliations_of(child)
        .await?
        .into_iter()
        .find(|a| a.cycle == cycle)
        .map(|a| a.fee)
        .unwrap_or_default();
    let paid_on = Date::from_calendar_date(cycle.start_year(), Month::September, 15)?;
    store
        .set_payment(
            child,
            cycle,
            Some(&Payment {
                paid_on,
                amount: fee,
                method: PaymentMethod::Transfer,
            }),
            actor,
        )
        .await?;
    Ok(())
}
