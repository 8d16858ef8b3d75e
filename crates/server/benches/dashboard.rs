//! The load benchmark of the parents' dashboard (`GET /api/v1/me/dashboard`).
//!
//! For each engine — SQLite, then PostgreSQL when `TEMPATRO_BENCH_POSTGRES_URL` names a server
//! whose user may `CREATE DATABASE` (a database is created for the run and dropped after) — it
//! starts a server in-process, seeds a Patro through the HTTP API (300 families, each a parent with
//! one or two children affiliated this cycle, some paid, a camp and a hike with registrations,
//! other dues, news), logs every parent in once, then has `TEMPATRO_BENCH_CLIENTS` clients (32)
//! fetch dashboards for `TEMPATRO_BENCH_SECONDS` (10) after a warm-up, each request with the next
//! parent's token. It prints requests per second, latency percentiles and errors.
//!
//!   cargo bench -p tempatro-server --bench dashboard
//!   TEMPATRO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!       cargo bench -p tempatro-server --bench dashboard
//!
//! A benchmark, not a test: it fails only if something breaks (a seeding call refused, a dashboard
//! answered with an error), never on timing. Run without `--bench` (`cargo test --benches`), it
//! only checks that it still works, on a few families for a second.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;
use time::OffsetDateTime;

use tempatro_core::Role;
use tempatro_core::date::short;
use tempatro_server::{Config, create_staff, start};

const POSTGRES_URL_VARIABLE: &str = "TEMPATRO_BENCH_POSTGRES_URL";
const CLIENTS_VARIABLE: &str = "TEMPATRO_BENCH_CLIENTS";
const SECONDS_VARIABLE: &str = "TEMPATRO_BENCH_SECONDS";

const STAFF_EMAIL: &str = "secretariat@banc.patro.be";
const STAFF_PASSWORD: &str = "mot de passe du secrétariat";
const PARENT_PASSWORD: &str = "Billy aime les crêpes";

/// Families seeded at once: enough to keep both cores hashing passwords, few enough that SQLite's
/// writers do not queue for long.
const SEEDING_WORKERS: usize = 8;

/// The errors shown when requests fail: the first ones are enough to see what broke.
const ERRORS_SHOWN: usize = 5;

const FIRST_NAMES: [&str; 20] = [
    "Emma", "Louis", "Olivia", "Arthur", "Louise", "Jules", "Alice", "Gabriel", "Mila", "Adam",
    "Lina", "Victor", "Zoë", "Léon", "Nora", "Noah", "Camille", "Hugo", "Juliette", "Théo",
];
const PARENT_NAMES: [&str; 10] = [
    "Claire",
    "Marc",
    "Sophie",
    "Benoît",
    "Nathalie",
    "Olivier",
    "Anne",
    "Didier",
    "Isabelle",
    "Frédéric",
];
const LAST_NAMES: [&str; 24] = [
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "Lejeune",
    "Renard",
    "Leclercq",
    "Le Pivert",
    "Michaux",
    "Gilson",
    "Collignon",
    "Delhaye",
    "Hautot",
    "Vandenberghe",
    "Dethier",
];
const TOWNS: [&str; 8] = [
    "7000 Mons",
    "6000 Charleroi",
    "5000 Namur",
    "4000 Liège",
    "7500 Tournai",
    "7110 Maurage",
    "7130 Binche",
    "1300 Wavre",
];

/// What one run measures.
#[derive(Debug, Clone, Copy)]
struct Settings {
    families: usize,
    clients: usize,
    warm_up: Duration,
    measured: Duration,
}

impl Settings {
    /// `cargo bench` passes `--bench`; without it (`cargo test --benches`), a quick check only.
    fn from_env() -> anyhow::Result<Settings> {
        if !std::env::args().any(|arg| arg == "--bench") {
            return Ok(Settings {
                families: 12,
                clients: 4,
                warm_up: Duration::from_millis(200),
                measured: Duration::from_secs(1),
            });
        }
        let clients = match std::env::var(CLIENTS_VARIABLE) {
            Ok(raw) => raw
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|clients| *clients > 0)
                .with_context(|| {
                    format!("{CLIENTS_VARIABLE} : un nombre de clients (1 ou plus), pas « {raw} »")
                })?,
            Err(_) => 32,
        };
        let seconds = match std::env::var(SECONDS_VARIABLE) {
            Ok(raw) => raw
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
                .with_context(|| {
                    format!("{SECONDS_VARIABLE} : une durée en secondes (plus de 0), pas « {raw} »")
                })?,
            Err(_) => 10.0,
        };
        Ok(Settings {
            families: 300,
            clients,
            warm_up: Duration::from_secs(2),
            measured: Duration::from_secs_f64(seconds),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("le runtime tokio")?;
    let failed = runtime.block_on(run(settings))?;
    if failed {
        bail!("des tableaux de bord ont répondu par une erreur (voir plus haut)");
    }
    Ok(())
}

/// Runs every engine, prints the table; whether requests failed.
async fn run(settings: Settings) -> anyhow::Result<bool> {
    let mut engines = vec![Engine::Sqlite];
    let postgres_url = std::env::var(POSTGRES_URL_VARIABLE).ok();
    if postgres_url.is_some() {
        engines.push(Engine::Postgres);
    }
    println!("Tableau de bord des parents : GET /api/v1/me/dashboard");
    println!("Machine : {}", machine());
    println!(
        "Charge : {} clients pendant {:.1} s après {:.1} s de chauffe, {} familles, un jeton \
         de parent différent à chaque requête ; serveur et clients dans le même processus",
        settings.clients,
        settings.measured.as_secs_f64(),
        settings.warm_up.as_secs_f64(),
        settings.families,
    );
    if postgres_url.is_none() {
        println!("PostgreSQL : non mesuré ({POSTGRES_URL_VARIABLE} n'est pas définie)");
    }
    let mut results = Vec::new();
    for engine in engines {
        println!();
        println!("{} :", engine.name());
        let result = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().context("un dossier temporaire")?;
                let config = Config::for_tests(dir.path());
                bench_engine(engine, config, settings).await?
            }
            Engine::Postgres => {
                let admin_url = postgres_url.as_deref().unwrap_or_default();
                let database = BenchDatabase::create(admin_url).await?;
                let dir = tempfile::tempdir().context("un dossier temporaire")?;
                let mut config = Config::for_tests(dir.path());
                config.database_url = database.url.clone();
                let result = bench_engine(engine, config, settings).await;
                database.drop_database().await;
                result?
            }
        };
        results.push(result);
    }
    println!();
    print_table(&results);
    let mut failed = false;
    for result in &results {
        if result.load.errors > 0 {
            failed = true;
            println!();
            println!(
                "{} : {} erreurs, dont :",
                result.engine.name(),
                result.load.errors
            );
            for error in &result.load.first_errors {
                println!("  {error}");
            }
        }
    }
    Ok(failed)
}

/// One engine's figures.
struct EngineResult {
    engine: Engine,
    seeding: Duration,
    load: Load,
}

/// A server on `config`'s database: seeded, loaded, stopped.
async fn bench_engine(
    engine: Engine,
    config: Config,
    settings: Settings,
) -> anyhow::Result<EngineResult> {
    let server = start(config.clone()).await.context("le serveur démarre")?;
    let http = Client::builder()
        .pool_max_idle_per_host(settings.clients.max(SEEDING_WORKERS))
        .build()
        .context("le client HTTP")?;
    let api = Api {
        http,
        base: server.url(),
    };

    let seeding_started = Instant::now();
    let seeded = seed(&api, &config, settings.families).await?;
    let seeding = seeding_started.elapsed();
    println!(
        "  semis (API, {SEEDING_WORKERS} à la fois) : {} familles et leurs connexions, {} enfants \
         ({} affiliations payées), {} inscriptions, {} autres dettes, {} nouvelles en {:.1} s",
        seeded.families.len(),
        seeded.children,
        seeded.paid_affiliations,
        seeded.registrations,
        seeded.other_dues,
        seeded.news,
        seeding.as_secs_f64(),
    );

    // Every parent's dashboard once: it shows their children, and nothing fails before the clock
    // starts.
    let (mut alerts, mut news) = (0, 0);
    for family in &seeded.families {
        let dashboard = api
            .ok(Method::GET, "/api/v1/me/dashboard", &family.token, None)
            .await?;
        let count = dashboard["children_count"].as_u64().unwrap_or_default();
        if usize::try_from(count).ok() != Some(family.children) {
            bail!(
                "le tableau de bord de la famille {} montre {count} enfants au lieu de {}",
                family.index,
                family.children
            );
        }
        alerts += dashboard["alerts"].as_array().map_or(0, Vec::len);
        news += dashboard["news"].as_array().map_or(0, Vec::len);
    }
    let shown = seeded.families.len().max(1) as f64;
    println!(
        "  un tableau de bord montre en moyenne {:.1} enfants, {:.1} alertes, {:.1} nouvelles",
        seeded.children as f64 / shown,
        f64::from(u32::try_from(alerts).unwrap_or(u32::MAX)) / shown,
        f64::from(u32::try_from(news).unwrap_or(u32::MAX)) / shown,
    );

    let tokens: Arc<Vec<String>> =
        Arc::new(seeded.families.iter().map(|f| f.token.clone()).collect());
    let warm_up = load(&api, &tokens, settings.clients, settings.warm_up).await;
    let mut measured = load(&api, &tokens, settings.clients, settings.measured).await;
    // An error is one whether it came before or after the clock started.
    measured.errors += warm_up.errors;
    let mut first_errors = warm_up.first_errors;
    first_errors.append(&mut measured.first_errors);
    first_errors.truncate(ERRORS_SHOWN);
    measured.first_errors = first_errors;

    // The server waits for open connections to close: the pool goes first.
    drop(api);
    server.stop().await.context("le serveur s'arrête")?;
    Ok(EngineResult {
        engine,
        seeding,
        load: measured,
    })
}

/// The HTTP API of the server under test, through one pooled client.
struct Api {
    http: Client,
    base: String,
}

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request that must succeed; its JSON body (null when empty).
    async fn ok(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        self.call(method, path, Some(token), body).await
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .with_context(|| format!("{method} {path} : la réponse"))?;
        if !status.is_success() {
            bail!("{method} {path} : {status} {text}");
        }
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path} : {text}"))
    }

    /// Logs in; the session token.
    async fn log_in(&self, email: &str, password: &str, portal: &str) -> anyhow::Result<String> {
        let session = self
            .call(
                Method::POST,
                "/api/v1/sessions",
                None,
                Some(json!({"email": email, "password": password, "portal": portal})),
            )
            .await?;
        session["token"]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("pas de jeton dans la session de {email} : {session}"))
    }
}

/// A seeded family: its parent's session, and how many children the dashboard must show.
struct Family {
    index: usize,
    token: String,
    children: usize,
}

struct Seeded {
    families: Vec<Family>,
    children: usize,
    paid_affiliations: usize,
    registrations: usize,
    other_dues: usize,
    news: usize,
}

/// What every family's seeding needs.
struct World {
    api: Api,
    staff: String,
    cycle: String,
    today: time::Date,
    camp: i64,
    hike: i64,
}

/// A Patro: the cycle opened with its fees, a camp and a hike, news, then the families,
/// `SEEDING_WORKERS` at a time.
async fn seed(api: &Api, config: &Config, families: usize) -> anyhow::Result<Seeded> {
    create_staff(
        &config.database_url,
        STAFF_EMAIL,
        "Claire",
        "Secrétariat",
        Role::Responsable,
        STAFF_PASSWORD,
    )
    .await
    .context("le compte du secrétariat")?;
    let staff = api.log_in(STAFF_EMAIL, STAFF_PASSWORD, "staff").await?;
    let today = OffsetDateTime::now_utc().date();
    let cycle = config.cycle_calendar.cycle_of(today).to_string();
    api.ok(
        Method::POST,
        "/api/v1/cycles",
        &staff,
        Some(json!({"cycle": cycle, "normal_fee": "45", "solidarity_fee": "15", "sibling_discount": "10"})),
    )
    .await?;
    let all_sections = [
        "Poussins",
        "Benjamins",
        "Chevaliers",
        "Conquérants",
        "Aventuriers",
    ];
    let camp = api
        .ok(
            Method::POST,
            "/api/v1/activities",
            &staff,
            Some(json!({
                "kind": "camp", "name": "Camp d'été", "place": "Hastière",
                "starts_on": short(today + time::Duration::days(60)),
                "ends_on": short(today + time::Duration::days(70)),
                "deadline": short(today + time::Duration::days(30)),
                "sections": all_sections, "price": "120", "solidarity_price": "60",
                "capacity": families * 3 / 10, "needs_medical": true,
            })),
        )
        .await?["id"]
        .as_i64()
        .context("l'identifiant du camp")?;
    let hike = api
        .ok(
            Method::POST,
            "/api/v1/activities",
            &staff,
            Some(json!({
                "kind": "hike", "name": "Hike de Noël", "place": "Spa",
                "starts_on": short(today + time::Duration::days(20)),
                "ends_on": short(today + time::Duration::days(21)),
                "deadline": short(today + time::Duration::days(10)),
                "sections": all_sections, "price": "15",
            })),
        )
        .await?["id"]
        .as_i64()
        .context("l'identifiant du hike")?;
    let news = [
        json!({"title": "Souper du Patro", "body": "Le **6 décembre** à la salle paroissiale."}),
        json!({"title": "Réunion des parents", "body": "Présentation des camps, samedi à 14 h."}),
        json!({"title": "Marche parrainée", "body": "Au profit de la rénovation du local."}),
        json!({"title": "Réunion Chevaliers", "body": "Samedi, bottes obligatoires.", "section": "Chevaliers"}),
        json!({"title": "Jeu de nuit", "body": "Prévoir une lampe de poche.", "section": "Conquérants"}),
        json!({"title": "Bricolage", "body": "Apporter des rouleaux de papier.", "section": "Poussins"}),
    ];
    for item in &news {
        api.ok(Method::POST, "/api/v1/news", &staff, Some(item.clone()))
            .await?;
    }

    let world = Arc::new(World {
        api: Api {
            http: api.http.clone(),
            base: api.base.clone(),
        },
        staff,
        cycle,
        today,
        camp,
        hike,
    });
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..SEEDING_WORKERS {
        let world = Arc::clone(&world);
        let next = Arc::clone(&next);
        workers.spawn(async move {
            let mut seeded = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= families {
                    return Ok::<_, anyhow::Error>(seeded);
                }
                seeded.push(
                    seed_family(&world, index)
                        .await
                        .with_context(|| format!("la famille {index}"))?,
                );
            }
        });
    }
    let mut seeded = Vec::new();
    while let Some(done) = workers.join_next().await {
        seeded.extend(done.context("une tâche du semis")??);
    }
    seeded.sort_by_key(|family| family.family.index);
    Ok(Seeded {
        children: seeded.iter().map(|f| f.family.children).sum(),
        paid_affiliations: seeded.iter().map(|f| f.paid).sum(),
        registrations: seeded.iter().map(|f| f.registrations).sum(),
        other_dues: seeded.iter().map(|f| f.other_dues).sum(),
        news: news.len(),
        families: seeded.into_iter().map(|f| f.family).collect(),
    })
}

struct SeededFamily {
    family: Family,
    paid: usize,
    registrations: usize,
    other_dues: usize,
}

/// Family `index`: a parent signs up and is approved; the secretariat adds their children (four
/// families in ten have two), which are affiliated this cycle, and links them; about six children
/// in ten have paid. The parent logs in; a family in three registers its eldest for the camp
/// (past its capacity, children wait), a family in four for the hike, a family in ten owes a
/// t-shirt.
async fn seed_family(world: &World, index: usize) -> anyhow::Result<SeededFamily> {
    let api = &world.api;
    let staff = world.staff.as_str();
    let last_name = LAST_NAMES[index % LAST_NAMES.len()];
    let email = format!("parent{index:03}@banc.patro.be");
    let created = api
        .call(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({
                "first_name": PARENT_NAMES[index % PARENT_NAMES.len()],
                "last_name": last_name,
                "email": email,
                "password": PARENT_PASSWORD,
            })),
        )
        .await?;
    let account = created["id"].as_i64().context("l'identifiant du compte")?;
    api.ok(
        Method::POST,
        &format!("/api/v1/accounts/{account}/approve"),
        staff,
        None,
    )
    .await?;

    let count = if index % 5 < 2 { 2 } else { 1 };
    let address = format!(
        "Rue du Patro {}, {}",
        index % 150 + 1,
        TOWNS[index % TOWNS.len()]
    );
    let mut children = Vec::new();
    for child in 0..count {
        // From 5 to 16 years old: every section has children.
        let age = i64::try_from(5 + (index * 7 + child * 4) % 12)?;
        let days = i64::try_from((index * 37 + child * 101) % 330)?;
        let birth = world.today - time::Duration::days(age * 365 + days);
        let sheet = api
            .ok(
                Method::POST,
                "/api/v1/children",
                staff,
                Some(json!({
                    "first_name": FIRST_NAMES[(index * 3 + child * 7) % FIRST_NAMES.len()],
                    "last_name": last_name.to_uppercase(),
                    "birth_date": short(birth),
                    "address": address,
                })),
            )
            .await?;
        let id = sheet["id"].as_i64().context("l'identifiant de l'enfant")?;
        api.ok(
            Method::POST,
            &format!("/api/v1/children/{id}/parents"),
            staff,
            Some(json!({"email": email})),
        )
        .await?;
        children.push(id);
    }
    let mut paid = 0;
    for (child, id) in children.iter().enumerate() {
        if (index * 7 + child * 3) % 10 < 6 {
            api.ok(
                Method::PUT,
                &format!("/api/v1/children/{id}/affiliations/{}/payment", world.cycle),
                staff,
                Some(json!({})),
            )
            .await?;
            paid += 1;
        }
    }

    let token = api.log_in(&email, PARENT_PASSWORD, "parents").await?;
    let mut registrations = 0;
    let eldest = children[children.len() - 1];
    for (activity, registers) in [
        (world.camp, index.is_multiple_of(3)),
        (world.hike, index % 4 == 1),
    ] {
        if !registers {
            continue;
        }
        let registration = api
            .ok(
                Method::POST,
                &format!("/api/v1/activities/{activity}/registrations"),
                &token,
                Some(json!({"child_id": eldest})),
            )
            .await?;
        registrations += 1;
        if registration["status"] == "registered" && index.is_multiple_of(2) {
            api.ok(
                Method::PUT,
                &format!("/api/v1/activities/{activity}/registrations/{eldest}/payment"),
                staff,
                Some(json!({})),
            )
            .await?;
        }
    }
    let mut other_dues = 0;
    if index.is_multiple_of(10) {
        api.ok(
            Method::POST,
            "/api/v1/dues",
            staff,
            Some(json!({"child_id": children[0], "label": "T-shirt du Patro", "amount": "12"})),
        )
        .await?;
        other_dues += 1;
    }
    Ok(SeededFamily {
        family: Family {
            index,
            token,
            children: children.len(),
        },
        paid,
        registrations,
        other_dues,
    })
}

/// What `clients` clients fetching dashboards for a while saw.
#[derive(Default)]
struct Load {
    elapsed: Duration,
    /// Answered dashboards' latencies, in microseconds, sorted.
    latencies: Vec<u64>,
    errors: usize,
    first_errors: Vec<String>,
}

impl Load {
    fn requests_per_second(&self) -> f64 {
        let requests = self.latencies.len() + self.errors;
        requests as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The `percent` percentile (nearest rank), in milliseconds.
    fn percentile_ms(&self, percent: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = (percent / 100.0 * self.latencies.len() as f64).ceil() as usize;
        let at = rank.clamp(1, self.latencies.len()) - 1;
        self.latencies[at] as f64 / 1000.0
    }
}

/// `clients` tasks, each fetching a dashboard after another until `duration` has passed, with the
/// next token in turn (shared among the clients: round-robin over the parents).
async fn load(api: &Api, tokens: &Arc<Vec<String>>, clients: usize, duration: Duration) -> Load {
    let url = Arc::new(api.url("/api/v1/me/dashboard"));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let end = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let http = api.http.clone();
        let url = Arc::clone(&url);
        let tokens = Arc::clone(tokens);
        let next = Arc::clone(&next);
        tasks.spawn(async move {
            let mut seen = Load::default();
            while Instant::now() < end {
                let token = &tokens[next.fetch_add(1, Ordering::Relaxed) % tokens.len()];
                let sent = Instant::now();
                let outcome = match http.get(url.as_str()).bearer_auth(token).send().await {
                    Ok(response) if response.status() == StatusCode::OK => response
                        .bytes()
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    Ok(response) => {
                        let status = response.status();
                        let body = response.text().await.unwrap_or_default();
                        Err(format!("{status} {body}"))
                    }
                    Err(error) => Err(error.to_string()),
                };
                match outcome {
                    Ok(()) => seen
                        .latencies
                        .push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX)),
                    Err(error) => {
                        seen.errors += 1;
                        if seen.first_errors.len() < ERRORS_SHOWN {
                            seen.first_errors.push(error);
                        }
                    }
                }
            }
            seen
        });
    }
    let mut total = Load::default();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(mut seen) => {
                total.latencies.append(&mut seen.latencies);
                total.errors += seen.errors;
                total.first_errors.append(&mut seen.first_errors);
            }
            Err(error) => {
                total.errors += 1;
                total
                    .first_errors
                    .push(format!("un client s'est arrêté : {error}"));
            }
        }
    }
    total.elapsed = started.elapsed();
    total.latencies.sort_unstable();
    total.first_errors.truncate(ERRORS_SHOWN);
    total
}

fn print_table(results: &[EngineResult]) {
    println!(
        "{:<12} {:>11} {:>9} {:>9} {:>9} {:>9} {:>8} {:>10}",
        "moteur",
        "requêtes/s",
        "p50 (ms)",
        "p95 (ms)",
        "p99 (ms)",
        "requêtes",
        "erreurs",
        "semis (s)"
    );
    for result in results {
        let load = &result.load;
        println!(
            "{:<12} {:>11.1} {:>9.2} {:>9.2} {:>9.2} {:>9} {:>8} {:>10.1}",
            result.engine.name(),
            load.requests_per_second(),
            load.percentile_ms(50.0),
            load.percentile_ms(95.0),
            load.percentile_ms(99.0),
            load.latencies.len() + load.errors,
            load.errors,
            result.seeding.as_secs_f64(),
        );
    }
}

/// "2 cœurs (AMD EPYC …), 23.5 Gio, Linux 6.1.0-…": what the figures were measured on.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .map(|model| format!(" ({model})"))
        .unwrap_or_default();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or_else(
            || "mémoire inconnue".to_owned(),
            |kib| format!("{:.1} Gio", kib as f64 / 1_048_576.0),
        );
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|release| format!("Linux {}", release.trim()))
        .unwrap_or_else(|_| std::env::consts::OS.to_owned());
    format!("{cores} cœurs{cpu}, {memory}, {kernel}")
}

/// A PostgreSQL database made for the run, dropped after it.
struct BenchDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl BenchDatabase {
    async fn create(admin_url: &str) -> anyhow::Result<BenchDatabase> {
        let name = format!("tempatro_bench_{:016x}", rand::random::<u64>());
        // The URL may carry a password: it is not repeated in the errors.
        let mut admin = sqlx::PgConnection::connect(admin_url)
            .await
            .with_context(|| format!("{POSTGRES_URL_VARIABLE} : connexion à PostgreSQL"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .with_context(|| format!("création de la base {name}"))?;
        let _ = admin.close().await;
        Ok(BenchDatabase {
            admin_url: admin_url.to_owned(),
            url: with_database(admin_url, &name),
            name,
        })
    }

    /// Drops the database; FORCE ends the connections a server may have left. A failure is said,
    /// not fatal: the figures are already there.
    async fn drop_database(self) {
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = async {
            let mut admin = sqlx::PgConnection::connect(&self.admin_url).await?;
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut admin)
                .await?;
            admin.close().await
        }
        .await;
        if let Err(error) = dropped {
            eprintln!(
                "attention : la base {} n'a pas pu être supprimée : {error}",
                self.name
            );
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
