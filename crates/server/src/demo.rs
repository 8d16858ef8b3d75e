//! The demo: a server on a free loopback port with a temporary SQLite database holding the family of
//! the parents' guide. Nothing to install, nothing left behind.

use time::macros::date;
use time::{Date, Month, OffsetDateTime};

use tempatro_core::age::age_at;
use tempatro_core::section::suggest_section;
use tempatro_core::{
    AccountStatus, ActivityKind, Address, Amount, BirthDate, ChildRecord, Contact, ContactSlot,
    Cycle, Doctor, Email, FeeSchedule, Gender, PaymentMethod, PersonName, Role, Section,
};

use crate::config::Config;
use crate::secrets::hash_password;
use crate::store::{
    Actor, ChildQuery, NewAccount, NewActivity, NewAffiliation, NewDocument, Payment, Store,
    StoredAccount, StoredAudience,
};
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

    /// Waits until the e-mails queued so far are in the outbox.
    pub async fn settle(&self) {
        self.server.settle().await;
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
                    email_verified: true,
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
    for (name, year, section_name) in [
        ("Thimougies", 2023, "Poussins"),
        ("Fernelmont", 2024, "Benjamins"),
        ("Opont", 2025, "Benjamins"),
    ] {
        let camp = store
            .create_activity(&NewActivity {
                kind: ActivityKind::Camp,
                name: format!("{name} {year}"),
                place: name.to_owned(),
                starts_on: Date::from_calendar_date(year, Month::July, 20)?,
                ends_on: Date::from_calendar_date(year, Month::July, 30)?,
                deadline: Date::from_calendar_date(year, Month::June, 30)?,
                sections: section(section_name).into_iter().collect(),
                price: Amount::from_cents(11_000),
                solidarity_price: None,
                capacity: None,
                needs_medical: true,
                leaders: Vec::new(),
            })
            .await?;
        store
            .register(camp, billy, Amount::from_cents(11_000), &actor)
            .await?;
        // Paid long ago: the past does not show up in "Mes paiements".
        store
            .set_registration_payment(
                camp,
                billy,
                Some(&Payment {
                    paid_on: Date::from_calendar_date(year, Month::July, 1)?,
                    amount: Amount::from_cents(11_000),
                    method: PaymentMethod::Transfer,
                }),
                &actor,
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

    seed_coming_season(&*store, current, &section, &stored, &actor).await?;

    let server = crate::start(config).await?;
    Ok(Demo {
        server,
        accounts,
        _dir: dir,
    })
}

/// The coming summer camp (full, so that the waiting list shows), a spring hike, two news items
/// and the camp letter.
async fn seed_coming_season(
    store: &dyn Store,
    current: Cycle,
    section: &dyn Fn(&str) -> Option<i64>,
    accounts: &[StoredAccount],
    actor: &Actor,
) -> anyhow::Result<()> {
    let summer = current.start_year() + 1;
    let benjamins: Vec<i64> = section("Benjamins").into_iter().collect();
    let camp = store
        .create_activity(&NewActivity {
            kind: ActivityKind::Camp,
            name: format!("Camp d'été {summer}"),
            place: "Hastière".to_owned(),
            starts_on: Date::from_calendar_date(summer, Month::July, 10)?,
            ends_on: Date::from_calendar_date(summer, Month::July, 20)?,
            deadline: Date::from_calendar_date(summer, Month::June, 15)?,
            sections: benjamins.clone(),
            price: Amount::from_cents(12_000),
            solidarity_price: Some(Amount::from_cents(6_000)),
            capacity: Some(1),
            needs_medical: true,
            leaders: vec![accounts[4].id],
        })
        .await?;
    let leon = store
        .children(&ChildQuery::all(current))
        .await?
        .into_iter()
        .find(|row| row.child.record.first_name.as_ref() == "Léon")
        .map(|row| row.child.id);
    if let Some(leon) = leon {
        store
            .register(camp, leon, Amount::from_cents(12_000), actor)
            .await?;
    }
    store
        .create_activity(&NewActivity {
            kind: ActivityKind::Hike,
            name: format!("Hike de printemps {summer}"),
            place: "Vallée de la Molignée".to_owned(),
            starts_on: Date::from_calendar_date(summer, Month::April, 17)?,
            ends_on: Date::from_calendar_date(summer, Month::April, 18)?,
            deadline: Date::from_calendar_date(summer, Month::April, 10)?,
            sections: benjamins
                .iter()
                .copied()
                .chain(section("Chevaliers"))
                .collect(),
            price: Amount::from_cents(1_500),
            solidarity_price: None,
            capacity: None,
            needs_medical: false,
            leaders: Vec::new(),
        })
        .await?;
    store
        .create_news(
            "Souper du Patro le 6 décembre",
            "Le traditionnel **souper du Patro** aura lieu le samedi 6 décembre à la salle communale.\n\nAu menu : boulettes sauce lapin, frites et desserts des animateurs. Réservez auprès du secrétariat !",
            None,
            actor,
        )
        .await?;
    store
        .create_news(
            &format!("Inscriptions au camp {summer} ouvertes"),
            &format!("Les inscriptions au **camp d'été {summer}** des Benjamins sont ouvertes dans « Camps & hikes ». Attention, les places sont limitées : inscrivez votre enfant avant le 15 juin."),
            section("Benjamins"),
            actor,
        )
        .await?;
    store
        .create_document(
            &NewDocument {
                title: &format!("Lettre du camp d'été {summer}"),
                filename: &format!("lettre-camp-{summer}.pdf"),
                content_type: "application/pdf",
                audience: StoredAudience::Activity(camp),
                content: &camp_letter(summer),
            },
            actor,
        )
        .await?;
    Ok(())
}

/// A one-page PDF, written out by hand: the demo needs a real file, not a dependency.
fn camp_letter(year: i32) -> Vec<u8> {
    let text = format!(
        "BT /F1 16 Tf 72 760 Td (Lettre du camp d'ete {year}) Tj 0 -28 Td /F1 11 Tf \
         (Rendez-vous le 10 juillet a 9 h devant le local du Patro.) Tj 0 -16 Td \
         (Sac de couchage, bottes et bonne humeur obligatoires !) Tj ET"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
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
        .map(|a| a.due.amount)
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
