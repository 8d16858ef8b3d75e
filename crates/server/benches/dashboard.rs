//! The load benchmark of the parents' dashboard (`GET /api/v1/me/dashboard`), against `/healthz`
//! on the same server.
//!
//! For each engine — SQLite, then PostgreSQL when `TEMPATRO_BENCH_POSTGRES_URL` names a server
//! whose user may `CREATE DATABASE` (a database is created for the run and dropped after) — it
//! starts a server in-process, seeds a Patro through the HTTP API (`TEMPATRO_BENCH_FAMILIES`
//! families, 300 by default, each a parent with one or two children affiliated this cycle, some
//! paid, a camp and a hike with registrations, other dues, news) and logs every parent in once.
//! Then it loads `/healthz`, then the dashboard, one after the other, each with
//! `TEMPATRO_BENCH_CLIENTS` connections (64) for `TEMPATRO_BENCH_SECONDS` (10) after a warm-up.
//! The dashboards are those of one family, always the same token, unless
//! `TEMPATRO_BENCH_LOADED_FAMILIES` spreads the load over that many families, a different token at
//! each request. It prints both rates and their ratio (dashboard ÷ healthz), the latency
//! percentiles, and how the machine's cores were shared out during each load.
//!
//! The load comes from another process: this program run again with `TEMPATRO_BENCH_GENERATOR`
//! set, a pure HTTP client that prints what it saw as one JSON line. The server's process reads
//! its own CPU time, the generator's, that of the PostgreSQL backends serving the benchmark's
//! database and the whole machine's in `/proc` when the measured part of a load starts and when it
//! ends, so the cores the client takes are told apart from those the server takes.
//!
//!   cargo bench -p tempatro-server --bench dashboard
//!   TEMPATRO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!       cargo bench -p tempatro-server --bench dashboard
//!
//! A benchmark, not a test: it fails only if something breaks (a seeding call refused, a request
//! answered with an error), never on timing. Run without `--bench` (`cargo test --benches`), it
//! only checks that it still works, on a few families, a few connections, a second per load.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::IpAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::{Client, Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

use tempatro_core::Role;
use tempatro_core::date::short;
use tempatro_server::{Config, Server, create_staff, start};

mod support;
use support::{
    BenchDatabase, POSTGRES_URL_VARIABLE, clock_ticks_per_second, machine, process_ticks,
};

const CLIENTS_VARIABLE: &str = "TEMPATRO_BENCH_CLIENTS";
const SECONDS_VARIABLE: &str = "TEMPATRO_BENCH_SECONDS";
const FAMILIES_VARIABLE: &str = "TEMPATRO_BENCH_FAMILIES";
const LOADED_FAMILIES_VARIABLE: &str = "TEMPATRO_BENCH_LOADED_FAMILIES";
/// Set (to the load's [`LoadSpec`] in JSON) in the load generator's environment only.
const GENERATOR_VARIABLE: &str = "TEMPATRO_BENCH_GENERATOR";
/// What the load generator prints when its warm-up is over and the measured part starts.
const MEASURING: &str = "mesure";

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
    /// Families seeded.
    families: usize,
    /// The first families, whose parents' tokens the dashboard load goes through in turn.
    loaded_families: usize,
    connections: usize,
    warm_up: Duration,
    measured: Duration,
}

impl Settings {
    /// `cargo bench` passes `--bench`; without it (`cargo test --benches`), a quick check only,
    /// through every family so that each token is used under load.
    fn from_env() -> anyhow::Result<Settings> {
        if !std::env::args().any(|arg| arg == "--bench") {
            return Ok(Settings {
                families: 12,
                loaded_families: 12,
                connections: 4,
                warm_up: Duration::from_millis(200),
                measured: Duration::from_secs(1),
            });
        }
        let connections = setting(
            CLIENTS_VARIABLE,
            64,
            |connections| *connections > 0,
            "un nombre de connexions (1 ou plus)",
        )?;
        let seconds = setting(
            SECONDS_VARIABLE,
            10.0,
            |seconds: &f64| seconds.is_finite() && *seconds > 0.0,
            "une durée en secondes (plus de 0)",
        )?;
        let families = setting(
            FAMILIES_VARIABLE,
            300,
            |families| *families > 0,
            "un nombre de familles (1 ou plus)",
        )?;
        let loaded_families = setting(
            LOADED_FAMILIES_VARIABLE,
            1,
            |loaded| (1..=families).contains(loaded),
            &format!("un nombre de familles de 1 à {families} ({FAMILIES_VARIABLE})"),
        )?;
        Ok(Settings {
            families,
            loaded_families,
            connections,
            warm_up: Duration::from_secs(2),
            measured: Duration::from_secs_f64(seconds),
        })
    }
}

/// The environment variable `name` read as a `T` that `valid` accepts, `default` when unset.
fn setting<T: std::str::FromStr>(
    name: &str,
    default: T,
    valid: impl Fn(&T) -> bool,
    expected: &str,
) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(raw) => raw
            .trim()
            .parse::<T>()
            .ok()
            .filter(|value| valid(value))
            .with_context(|| format!("{name} : {expected}, pas « {raw} »")),
        Err(_) => Ok(default),
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

/// What a load asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Healthz,
    Dashboard,
}

impl Target {
    fn path(self) -> &'static str {
        match self {
            Target::Healthz => "/healthz",
            Target::Dashboard => "/api/v1/me/dashboard",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Target::Healthz => "/healthz",
            Target::Dashboard => "tableau de bord",
        }
    }
}

fn main() -> anyhow::Result<()> {
    if let Ok(spec) = std::env::var(GENERATOR_VARIABLE) {
        return generate_load(&spec);
    }
    let settings = Settings::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("le runtime tokio")?;
    let failed = runtime.block_on(run(settings))?;
    if failed {
        bail!("des requêtes ont répondu par une erreur (voir plus haut)");
    }
    Ok(())
}

/// Runs every engine, prints the tables and the ratios; whether requests failed.
async fn run(settings: Settings) -> anyhow::Result<bool> {
    let mut engines = vec![Engine::Sqlite];
    let postgres_url = std::env::var(POSTGRES_URL_VARIABLE).ok();
    if postgres_url.is_some() {
        engines.push(Engine::Postgres);
    }
    println!("Tableau de bord des parents (GET /api/v1/me/dashboard) et GET /healthz");
    println!("Machine : {}", machine());
    let loaded = if settings.loaded_families == 1 {
        "d'une famille, toujours le même jeton".to_owned()
    } else {
        format!(
            "de {} familles, le jeton d'un autre parent à chaque requête",
            settings.loaded_families
        )
    };
    println!(
        "Charge : /healthz puis le tableau de bord, chacun {} connexions pendant {:.1} s après \
         {:.1} s de chauffe ; les tableaux de bord {loaded} ; {} familles semées",
        settings.connections,
        settings.measured.as_secs_f64(),
        settings.warm_up.as_secs_f64(),
        settings.families,
    );
    println!(
        "Générateur de charge : ce programme relancé dans un processus à part ; le temps CPU \
         (utilisateur + système) du serveur, du générateur, de PostgreSQL et de la machine lu \
         dans /proc au début et à la fin de chaque mesure"
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
                bench_engine(engine, config, settings, None).await?
            }
            Engine::Postgres => {
                let admin_url = postgres_url.as_deref().unwrap_or_default();
                let database = BenchDatabase::create(admin_url).await?;
                let dir = tempfile::tempdir().context("un dossier temporaire")?;
                let mut config = Config::for_tests(dir.path());
                config.database_url = database.url.clone();
                let result = bench_engine(engine, config, settings, Some(&database.name)).await;
                database.drop_database().await;
                result?
            }
        };
        results.push(result);
    }
    println!();
    print_table(&results);
    println!();
    print_cores(&results);
    println!();
    for result in &results {
        println!(
            "{} : tableau de bord ÷ /healthz = {:.3} ({:.1} ÷ {:.1} requêtes/s)",
            result.engine.name(),
            result.dashboard.report.requests_per_second()
                / result.healthz.report.requests_per_second(),
            result.dashboard.report.requests_per_second(),
            result.healthz.report.requests_per_second(),
        );
    }
    let mut failed = false;
    for result in &results {
        for load in [&result.healthz, &result.dashboard] {
            if load.report.errors > 0 {
                failed = true;
                println!();
                println!(
                    "{}, {} : {} erreurs, dont :",
                    result.engine.name(),
                    load.target.name(),
                    load.report.errors
                );
                for error in &load.report.first_errors {
                    println!("  {error}");
                }
            }
        }
    }
    Ok(failed)
}

/// One engine's figures.
struct EngineResult {
    engine: Engine,
    healthz: LoadResult,
    dashboard: LoadResult,
}

/// A server on `config`'s database: seeded, loaded, stopped. `database`: the PostgreSQL database's
/// name, whose backends' CPU time is counted.
async fn bench_engine(
    engine: Engine,
    mut config: Config,
    settings: Settings,
    database: Option<&str>,
) -> anyhow::Result<EngineResult> {
    // The families sign up from addresses of their own (the limits count sign-ups per source),
    // named by this machine as a reverse proxy would.
    config.trusted_proxies = vec![IpAddr::from([127, 0, 0, 1])];
    let server = Arc::new(start(config.clone()).await.context("le serveur démarre")?);
    let http = Client::builder()
        .pool_max_idle_per_host(SEEDING_WORKERS)
        .build()
        .context("le client HTTP")?;
    let api = Api {
        http,
        base: server.url(),
    };

    let seeding_started = Instant::now();
    let seeded = seed(&api, &config, &server, settings.families).await?;
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
    let mut shown = Vec::new();
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
        shown.push([
            family.children,
            dashboard["alerts"].as_array().map_or(0, Vec::len),
            dashboard["news"].as_array().map_or(0, Vec::len),
        ]);
    }
    let loaded = &shown[..settings.loaded_families];
    if let [[children, alerts, news]] = loaded {
        println!(
            "  tableau de bord chargé : celui de la famille 0, {children} enfants, {alerts} \
             alertes, {news} nouvelles"
        );
    } else {
        let average = |at: usize| {
            loaded.iter().map(|shown| shown[at]).sum::<usize>() as f64 / loaded.len() as f64
        };
        println!(
            "  tableaux de bord chargés : ceux des familles 0 à {}, en moyenne {:.1} enfants, \
             {:.1} alertes, {:.1} nouvelles",
            loaded.len() - 1,
            average(0),
            average(1),
            average(2),
        );
    }

    let tokens: Vec<String> = seeded.families[..settings.loaded_families]
        .iter()
        .map(|family| family.token.clone())
        .collect();
    let healthz = load(Target::Healthz, &api.base, Vec::new(), settings, database).await?;
    let dashboard = load(Target::Dashboard, &api.base, tokens, settings, database).await?;

    // The server waits for open connections to close: the pool goes first.
    drop(api);
    let Ok(server) = Arc::try_unwrap(server) else {
        bail!("le serveur est encore partagé");
    };
    server.stop().await.context("le serveur s'arrête")?;
    Ok(EngineResult {
        engine,
        healthz,
        dashboard,
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
    /// Its outbox holds the codes the families prove their addresses with.
    server: Arc<Server>,
    staff: String,
    cycle: String,
    today: time::Date,
    camp: i64,
    hike: i64,
}

/// A Patro: the cycle opened with its fees, a camp and a hike, news, then the families,
/// `SEEDING_WORKERS` at a time.
async fn seed(
    api: &Api,
    config: &Config,
    server: &Arc<Server>,
    families: usize,
) -> anyhow::Result<Seeded> {
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
        server: Arc::clone(server),
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

/// The 8-digit code of the e-mail sent to `email` ("1234 5678" on a line of its own).
fn code_sent_to(outbox: &Path, email: &str) -> anyhow::Result<String> {
    for entry in std::fs::read_dir(outbox).context("la boîte d'envoi")? {
        let mail = std::fs::read_to_string(entry?.path())?;
        if !mail
            .lines()
            .any(|line| line.starts_with("To: ") && line.contains(email))
        {
            continue;
        }
        if let Some(code) = mail
            .lines()
            .map(str::trim)
            .find(|line| line.len() == 9 && line.chars().filter(char::is_ascii_digit).count() == 8)
        {
            return Ok(code.to_owned());
        }
    }
    bail!("aucun code envoyé à {email}")
}

/// Family `index`: a parent signs up, proves the address and is approved; the secretariat adds their children (four
/// families in ten have two), which are affiliated this cycle, and links them; about six children
/// in ten have paid. The parent logs in; a family in three registers its eldest for the camp
/// (past its capacity, children wait), a family in four for the hike, a family in ten owes a
/// t-shirt.
async fn seed_family(world: &World, index: usize) -> anyhow::Result<SeededFamily> {
    let api = &world.api;
    let staff = world.staff.as_str();
    let last_name = LAST_NAMES[index % LAST_NAMES.len()];
    let email = format!("parent{index:03}@banc.patro.be");
    // Each family from its own address: 10.x.y.z by its number.
    let source = format!(
        "10.{}.{}.{}",
        index >> 16 & 255,
        index >> 8 & 255,
        index & 255
    );
    let signed_up = api
        .http
        .post(api.url("/api/v1/accounts"))
        .header("X-Forwarded-For", &source)
        .json(&json!({
            "first_name": PARENT_NAMES[index % PARENT_NAMES.len()],
            "last_name": last_name,
            "email": email,
            "password": PARENT_PASSWORD,
        }))
        .send()
        .await
        .context("l'inscription")?;
    if signed_up.status() != StatusCode::ACCEPTED {
        bail!("l'inscription de {email} : {}", signed_up.status());
    }
    // The code the parent reads in the e-mail, once the server has sent it.
    world.server.settle().await;
    let code = code_sent_to(&world.server.outbox(), &email)?;
    api.call(
        Method::POST,
        "/api/v1/accounts/verification",
        None,
        Some(json!({"email": email, "code": code})),
    )
    .await?;
    let found = api
        .ok(
            Method::GET,
            &format!("/api/v1/accounts?email={email}"),
            staff,
            None,
        )
        .await?;
    let account = found[0]["id"].as_i64().context("l'identifiant du compte")?;
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

/// What the load generator is asked to do.
#[derive(Serialize, Deserialize)]
struct LoadSpec {
    url: String,
    connections: usize,
    warm_up_seconds: f64,
    measured_seconds: f64,
}

/// What the load generator saw during the measured part, as it prints it.
#[derive(Serialize, Deserialize)]
struct LoadReport {
    seconds: f64,
    answered: usize,
    /// Warm-up's errors included: an error is one whether it came before or after the clock
    /// started.
    errors: usize,
    first_errors: Vec<String>,
    /// None when nothing was answered.
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
}

impl LoadReport {
    fn requests(&self) -> usize {
        self.answered + self.errors
    }

    fn requests_per_second(&self) -> f64 {
        self.requests() as f64 / self.seconds.max(f64::EPSILON)
    }
}

/// One load's figures.
struct LoadResult {
    target: Target,
    report: LoadReport,
    /// None where /proc does not tell.
    cpu: Option<CpuUse>,
}

/// Loads `target` from a load generator in another process, `tokens` in turn (none for
/// `/healthz`), and reads the CPU time of both processes (and of `database`'s backends) around the
/// measured part.
async fn load(
    target: Target,
    base: &str,
    tokens: Vec<String>,
    settings: Settings,
    database: Option<&str>,
) -> anyhow::Result<LoadResult> {
    let spec = serde_json::to_string(&LoadSpec {
        url: format!("{base}{}", target.path()),
        connections: settings.connections,
        warm_up_seconds: settings.warm_up.as_secs_f64(),
        measured_seconds: settings.measured.as_secs_f64(),
    })?;
    // Waiting on the generator's pipe blocks: off the runtime, whose threads serve the requests.
    let database = database.map(str::to_owned);
    let (report, cpu) =
        tokio::task::spawn_blocking(move || run_generator(&spec, &tokens, database.as_deref()))
            .await
            .context("le générateur de charge")??;
    Ok(LoadResult {
        target,
        report,
        cpu,
    })
}

/// Starts the generator, gives it its tokens, and reads the CPU clocks when it says the measured
/// part starts and when it has printed its report — before it exits, which it does once its
/// standard input is closed.
fn run_generator(
    spec: &str,
    tokens: &[String],
    database: Option<&str>,
) -> anyhow::Result<(LoadReport, Option<CpuUse>)> {
    let program = std::env::current_exe().context("le chemin de ce programme")?;
    let mut generator = Command::new(program)
        .env(GENERATOR_VARIABLE, spec)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("le générateur de charge ne démarre pas")?;
    let pid = generator.id();
    let mut input = generator.stdin.take().context("l'entrée du générateur")?;
    let mut output =
        BufReader::new(generator.stdout.take().context("la sortie du générateur")?).lines();
    for token in tokens {
        writeln!(input, "{token}")?;
    }
    writeln!(input)?;
    input.flush()?;

    let mut next_line = || -> anyhow::Result<String> {
        match output.next() {
            Some(line) => Ok(line?),
            None => bail!("le générateur de charge s'est arrêté avant la fin (voir plus haut)"),
        }
    };
    let measuring = next_line()?;
    if measuring != MEASURING {
        bail!("le générateur de charge a écrit « {measuring} » au lieu de « {MEASURING} »");
    }
    let before = CpuClock::read(pid, database);
    let report = next_line()?;
    let after = CpuClock::read(pid, database);
    drop(input);
    let status = generator.wait().context("la fin du générateur de charge")?;
    if !status.success() {
        bail!("le générateur de charge a échoué : {status}");
    }
    let report: LoadReport = serde_json::from_str(&report)
        .with_context(|| format!("le rapport du générateur de charge : {report}"))?;
    let cpu = before
        .zip(after)
        .map(|(before, after)| CpuUse::between(&before, &after, database));
    Ok((report, cpu))
}

/// The load generator: reads the tokens on its standard input up to an empty line, loads
/// `spec.url`, prints [`MEASURING`] after the warm-up and its [`LoadReport`] at the end, then waits
/// for its input to close so that the server's process can read its CPU time first.
fn generate_load(spec: &str) -> anyhow::Result<()> {
    let spec: LoadSpec = serde_json::from_str(spec)
        .with_context(|| format!("{GENERATOR_VARIABLE} : pas une charge : {spec}"))?;
    let stdin = std::io::stdin();
    let mut tokens = Vec::new();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.is_empty() {
            break;
        }
        tokens.push(line);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("le runtime tokio")?;
    let report = runtime.block_on(async {
        // Every connection stays open from the warm-up to the end.
        let http = Client::builder()
            .pool_max_idle_per_host(spec.connections)
            .build()
            .context("le client HTTP")?;
        let tokens = Arc::new(tokens);
        let warm_up = hit(
            &http,
            &spec.url,
            &tokens,
            spec.connections,
            Duration::from_secs_f64(spec.warm_up_seconds),
        )
        .await;
        println!("{MEASURING}");
        let mut measured = hit(
            &http,
            &spec.url,
            &tokens,
            spec.connections,
            Duration::from_secs_f64(spec.measured_seconds),
        )
        .await;
        measured.errors += warm_up.errors;
        let mut first_errors = warm_up.first_errors;
        first_errors.append(&mut measured.first_errors);
        first_errors.truncate(ERRORS_SHOWN);
        measured.first_errors = first_errors;
        Ok::<_, anyhow::Error>(measured.report())
    })?;
    println!("{}", serde_json::to_string(&report)?);
    std::io::copy(&mut stdin.lock(), &mut std::io::sink())?;
    Ok(())
}

/// What `connections` connections fetching a URL for a while saw.
#[derive(Default)]
struct Hits {
    elapsed: Duration,
    /// Answered requests' latencies, in microseconds, sorted.
    latencies: Vec<u64>,
    errors: usize,
    first_errors: Vec<String>,
}

impl Hits {
    /// The `percent` percentile (nearest rank), in milliseconds.
    fn percentile_ms(&self, percent: f64) -> Option<f64> {
        if self.latencies.is_empty() {
            return None;
        }
        let rank = (percent / 100.0 * self.latencies.len() as f64).ceil() as usize;
        let at = rank.clamp(1, self.latencies.len()) - 1;
        Some(self.latencies[at] as f64 / 1000.0)
    }

    fn report(self) -> LoadReport {
        LoadReport {
            seconds: self.elapsed.as_secs_f64(),
            answered: self.latencies.len(),
            p50_ms: self.percentile_ms(50.0),
            p95_ms: self.percentile_ms(95.0),
            p99_ms: self.percentile_ms(99.0),
            errors: self.errors,
            first_errors: self.first_errors,
        }
    }
}

/// `connections` tasks, each fetching `url` after another until `duration` has passed, with the
/// next token in turn when there are tokens (shared among the tasks: round-robin over them).
async fn hit(
    http: &Client,
    url: &str,
    tokens: &Arc<Vec<String>>,
    connections: usize,
    duration: Duration,
) -> Hits {
    let url: Arc<str> = Arc::from(url);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let end = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let http = http.clone();
        let url = Arc::clone(&url);
        let tokens = Arc::clone(tokens);
        let next = Arc::clone(&next);
        tasks.spawn(async move {
            let mut seen = Hits::default();
            while Instant::now() < end {
                let mut request = http.get(&*url);
                if !tokens.is_empty() {
                    let token = &tokens[next.fetch_add(1, Ordering::Relaxed) % tokens.len()];
                    request = request.bearer_auth(token);
                }
                let sent = Instant::now();
                let outcome = match request.send().await {
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
    let mut total = Hits::default();
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
                    .push(format!("une connexion s'est arrêtée : {error}"));
            }
        }
    }
    total.elapsed = started.elapsed();
    total.latencies.sort_unstable();
    total.first_errors.truncate(ERRORS_SHOWN);
    total
}

/// The CPU time, user and system, of the server's process (this one), of the load generator, of
/// the PostgreSQL backends serving the benchmark's database and of the whole machine (every core)
/// at one instant, from /proc.
struct CpuClock {
    at: Instant,
    server: Duration,
    generator: Duration,
    /// By process id: a backend that appears between two readings counts from zero.
    backends: HashMap<u32, Duration>,
    machine: Duration,
}

impl CpuClock {
    /// None where /proc does not tell (not Linux), or once the generator is gone. `database`: the
    /// PostgreSQL database whose backends are counted, found by the title each one gives its
    /// process (`postgres: user database host(port) activity`).
    fn read(generator: u32, database: Option<&str>) -> Option<CpuClock> {
        let ticks = clock_ticks_per_second()?;
        let time = |ticks_used: u64| Duration::from_secs_f64(ticks_used as f64 / ticks);
        let process = |path: &str| {
            std::fs::read_to_string(path)
                .ok()
                .as_deref()
                .and_then(process_ticks)
                .map(time)
        };
        let machine = std::fs::read_to_string("/proc/stat")
            .ok()
            .as_deref()
            .and_then(machine_busy_ticks)
            .map(time)?;
        let mut backends = HashMap::new();
        if let Some(database) = database {
            let title = format!(" {database} ");
            for entry in std::fs::read_dir("/proc").ok()?.flatten() {
                let Some(pid) = entry.file_name().to_str().and_then(|pid| pid.parse().ok()) else {
                    continue;
                };
                let serves = std::fs::read(entry.path().join("cmdline"))
                    .is_ok_and(|line| String::from_utf8_lossy(&line).contains(&title));
                if let Some(used) = serves
                    .then(|| process(&format!("/proc/{pid}/stat")))
                    .flatten()
                {
                    backends.insert(pid, used);
                }
            }
        }
        Some(CpuClock {
            at: Instant::now(),
            server: process("/proc/self/stat")?,
            generator: process(&format!("/proc/{generator}/stat"))?,
            backends,
            machine,
        })
    }
}

/// What was used between two readings.
struct CpuUse {
    wall: Duration,
    server: Duration,
    generator: Duration,
    /// None on SQLite, which runs in the server's process.
    backends: Option<Duration>,
    /// The machine's busy time that is none of the above: other programs, PostgreSQL's own
    /// processes (its WAL writer, checkpointer, other databases' backends), the kernel's work
    /// charged to no process.
    others: Duration,
}

impl CpuUse {
    fn between(before: &CpuClock, after: &CpuClock, database: Option<&str>) -> CpuUse {
        let server = after.server.saturating_sub(before.server);
        let generator = after.generator.saturating_sub(before.generator);
        let backends = database.map(|_| {
            after
                .backends
                .iter()
                .map(|(pid, used)| {
                    used.saturating_sub(before.backends.get(pid).copied().unwrap_or_default())
                })
                .sum::<Duration>()
        });
        CpuUse {
            wall: after.at.duration_since(before.at),
            server,
            generator,
            backends,
            others: after
                .machine
                .saturating_sub(before.machine)
                .saturating_sub(server + generator + backends.unwrap_or_default()),
        }
    }

    /// `used` as a share of every core over the interval, in per cent.
    fn share(&self, used: Duration) -> f64 {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        100.0 * used.as_secs_f64() / (self.wall.as_secs_f64() * cores as f64).max(f64::EPSILON)
    }
}

/// Every core's busy time, in ticks, from /proc/stat's first line: user, nice, system, irq,
/// softirq and steal (guest time is already in user's), not idle nor iowait.
fn machine_busy_ticks(stat: &str) -> Option<u64> {
    let fields = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|field| field.parse::<u64>().ok())
        .collect::<Option<Vec<u64>>>()?;
    [0, 1, 2, 5, 6, 7]
        .iter()
        .map(|&at| fields.get(at).copied())
        .sum()
}

fn print_table(results: &[EngineResult]) {
    println!(
        "{:<12} {:<16} {:>11} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "moteur", "charge", "requêtes/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "requêtes", "erreurs",
    );
    let ms = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |ms| format!("{ms:.2}"));
    for result in results {
        for load in [&result.healthz, &result.dashboard] {
            let report = &load.report;
            println!(
                "{:<12} {:<16} {:>11.1} {:>9} {:>9} {:>9} {:>9} {:>8}",
                result.engine.name(),
                load.target.name(),
                report.requests_per_second(),
                ms(report.p50_ms),
                ms(report.p95_ms),
                ms(report.p99_ms),
                report.requests(),
                report.errors,
            );
        }
    }
}

/// Per load, the CPU seconds and the share of the cores of the server, the load generator, the
/// PostgreSQL backends and the rest of the machine during the measured part.
fn print_cores(results: &[EngineResult]) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "Temps CPU (utilisateur + système) pendant la mesure, et sa part des {cores} cœurs ; \
         « PostgreSQL » : les processus qui servent la base du banc ; « autres » : le reste de \
         la machine"
    );
    println!(
        "{:<12} {:<16} {:>9} {:>17} {:>17} {:>17} {:>17}",
        "moteur", "charge", "durée (s)", "serveur", "générateur", "PostgreSQL", "autres",
    );
    for result in results {
        for load in [&result.healthz, &result.dashboard] {
            let Some(cpu) = &load.cpu else {
                println!(
                    "{:<12} {:<16} temps CPU non mesuré (pas de /proc)",
                    result.engine.name(),
                    load.target.name()
                );
                continue;
            };
            let used =
                |time: Duration| format!("{:.2} s {:>5.1} %", time.as_secs_f64(), cpu.share(time));
            println!(
                "{:<12} {:<16} {:>9.2} {:>17} {:>17} {:>17} {:>17}",
                result.engine.name(),
                load.target.name(),
                cpu.wall.as_secs_f64(),
                used(cpu.server),
                used(cpu.generator),
                cpu.backends.map_or_else(|| "-".to_owned(), used),
                used(cpu.others),
            );
        }
    }
}
