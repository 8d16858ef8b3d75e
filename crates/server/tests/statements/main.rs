//! How many SQL statements a request makes must not grow with the data: the same request is made
//! for a small and a large family (or camp, or Patro), and both must make as many statements.
//!
//! Statements are counted from sqlx's own log (one `sqlx::query` event per statement, whichever
//! engine and thread runs it) by a subscriber installed for this test binary alone. The count is
//! process-wide, so this binary's tests take turns, and each waits for the work a server leaves
//! behind before counting.

#[allow(
    dead_code,
    reason = "the API tests' helpers, of which these tests use a part"
)]
#[path = "../api/helpers.rs"]
mod helpers;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;

use tempatro_core::date::short;

use helpers::{Engine, TestApp, run_on, spawn_app, spawn_app_with};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

/// One test counts at a time.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Counter;

impl<S: tracing::Subscriber> Layer<S> for Counter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn count_statements() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Counter))
            .expect("the counting subscriber is the only one");
    });
}

/// The statements `path` makes when `token` asks for it. Asked twice: the first warms the pool
/// (a connection opened during the request runs its own set-up statements).
async fn statements(app: &TestApp, token: &str, path: &str) -> usize {
    // Reminders are asked for by POST (a dry run writes nothing).
    let method = if path.starts_with("/api/v1/reminders") {
        Method::POST
    } else {
        Method::GET
    };
    app.ok(method.clone(), path, token, None).await;
    app.server.settle().await;
    let before = STATEMENTS.load(Ordering::SeqCst);
    app.ok(method, path, token, None).await;
    app.server.settle().await;
    STATEMENTS.load(Ordering::SeqCst) - before
}

/// A family of `children` children, each affiliated this cycle and registered for the camp, a
/// parent's token, and the children's ids.
async fn family(
    app: &TestApp,
    staff: &str,
    email: &str,
    children: usize,
    camp: i64,
) -> (String, Vec<i64>) {
    let token = app.parent_token(staff, email).await;
    let mut ids = Vec::new();
    for n in 0..children {
        let id = app
            .add_child(
                staff,
                json!({"first_name": format!("Enfant{n}"), "last_name": email.split('@').next(),
                       "birth_date": format!("0{}/03/2018", n % 9 + 1), "affiliate": true}),
            )
            .await;
        app.link(staff, id, email).await;
        app.ok(
            Method::POST,
            &format!("/api/v1/activities/{camp}/registrations"),
            staff,
            Some(json!({"child_id": id})),
        )
        .await;
        ids.push(id);
    }
    (token, ids)
}

async fn camp(app: &TestApp, staff: &str, name: &str) -> i64 {
    let today = OffsetDateTime::now_utc().date();
    app.ok(
        Method::POST,
        "/api/v1/activities",
        staff,
        Some(json!({
            "kind": "camp", "name": name, "place": "Hastière",
            "starts_on": short(today + Duration::days(30)),
            "ends_on": short(today + Duration::days(40)),
            "deadline": short(today + Duration::days(20)),
            "sections": ["Benjamins"], "price": "120", "needs_medical": true,
        })),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn news(app: &TestApp, staff: &str, count: usize) {
    for n in 0..count {
        app.ok(
            Method::POST,
            "/api/v1/news",
            staff,
            Some(json!({"title": format!("Nouvelle {n}"), "body": "Au local."})),
        )
        .await;
    }
}

/// Per request: the statements for the small case and for the large one.
#[derive(Debug, Default)]
struct Counts<'a>(Vec<(&'a str, usize, usize)>);

impl Counts<'_> {
    fn assert_flat(&self) {
        eprintln!("statements per request (small, large): {:?}", self.0);
        let grown: Vec<_> = self
            .0
            .iter()
            .filter(|(_, small, large)| small != large)
            .collect();
        assert!(
            grown.is_empty(),
            "statements grow with the data (request, small, large): {grown:?}\nall: {:?}",
            self.0
        );
    }
}

async fn a_familys_requests_make_as_many_statements_for_one_child_as_for_six() {
    let _turn = TURN.lock().await;
    count_statements();
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let summer = camp(&app, &staff, "Camp d'été").await;
    let (small, small_children) = family(&app, &staff, "petite@patro.be", 1, summer).await;
    news(&app, &staff, 2).await;
    let (large, large_children) = family(&app, &staff, "grande@patro.be", 6, summer).await;
    news(&app, &staff, 12).await;

    let mut counts = Counts::default();
    for (name, path) in [
        ("dashboard", "/api/v1/me/dashboard"),
        ("children", "/api/v1/children"),
        ("news", "/api/v1/news"),
        ("dues", "/api/v1/dues"),
        ("activities", "/api/v1/activities"),
        ("documents", "/api/v1/documents"),
    ] {
        counts.0.push((
            name,
            statements(&app, &small, path).await,
            statements(&app, &large, path).await,
        ));
    }
    let sheet = |id: i64| format!("/api/v1/children/{id}");
    counts.0.push((
        "child sheet",
        statements(&app, &small, &sheet(small_children[0])).await,
        statements(&app, &large, &sheet(large_children[5])).await,
    ));
    counts.assert_flat();
}

async fn staff_lists_make_as_many_statements_for_5_participants_as_for_90() {
    let _turn = TURN.lock().await;
    count_statements();
    // Thirty-one families sign up, each from its home (see `TestApp::sign_up`).
    let app = spawn_app_with(|config| {
        config.reminder_days = 0;
        config.trusted_proxies = vec![std::net::IpAddr::from([127, 0, 0, 1])];
    })
    .await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let small = camp(&app, &staff, "Hike de Pâques").await;
    family(&app, &staff, "petite@patro.be", 5, small).await;
    let lists = [
        "/api/v1/children",
        "/api/v1/activities",
        "/api/v1/dues",
        "/api/v1/affiliations",
        "/api/v1/exports/children",
        "/api/v1/exports/parents",
        "/api/v1/exports/affiliations",
        "/api/v1/exports/dues",
        "/api/v1/reminders?dry_run=true",
    ];
    let participants = |id: i64| format!("/api/v1/activities/{id}/participants");
    let export = |id: i64| format!("/api/v1/exports/participants?activity={id}");
    let mut before = Vec::new();
    for path in lists {
        before.push(statements(&app, &staff, path).await);
    }
    let small_participants = statements(&app, &staff, &participants(small)).await;
    let small_export = statements(&app, &staff, &export(small)).await;

    // Families of three, as many as make 90 participants, and two more activities.
    let large = camp(&app, &staff, "Camp d'été").await;
    camp(&app, &staff, "Hike d'automne").await;
    for n in 0..30 {
        family(&app, &staff, &format!("famille{n}@patro.be"), 3, large).await;
    }
    let children: Value = app.ok(Method::GET, "/api/v1/children", &staff, None).await;
    assert_eq!(children.as_array().map(Vec::len), Some(95));

    let mut counts = Counts::default();
    for (path, small) in lists.into_iter().zip(before) {
        counts
            .0
            .push((path, small, statements(&app, &staff, path).await));
    }
    counts.0.push((
        "participants",
        small_participants,
        statements(&app, &staff, &participants(large)).await,
    ));
    counts.0.push((
        "participants export",
        small_export,
        statements(&app, &staff, &export(large)).await,
    ));
    counts.assert_flat();
}

macro_rules! on_each_engine {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    $crate::run_on($crate::Engine::Sqlite, super::$test()).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    $crate::run_on($crate::Engine::Postgres, super::$test()).await;
                }
            )*
        }
    };
}

on_each_engine!(
    a_familys_requests_make_as_many_statements_for_one_child_as_for_six,
    staff_lists_make_as_many_statements_for_5_participants_as_for_90,
);
