use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_error, spawn_app};

on_each_engine!(
    a_token_does_only_what_its_scope_allows_and_dies_when_revoked,
    a_read_token_writes_nothing_and_names_are_unique,
    only_a_responsable_manages_tokens,
    every_route_refuses_the_scopes_that_are_not_its_own,
    a_token_lives_a_year_unless_told_and_two_years_at_most,
    an_expired_token_is_refused_as_expired,
    token_uses_are_kept_ninety_days,
    creating_and_revoking_a_token_are_audited,
);

async fn a_token_does_only_what_its_scope_allows_and_dies_when_revoked() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "rappels-hebdo", "scope": "payments"})),
        )
        .await;
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("tpt_") && secret.len() > 60);
    assert_eq!(created["scope"], "payments");

    // The payments' area is open to it, reading and writing.
    app.ok(Method::GET, "/api/v1/dues", &secret, None).await;
    app.ok(
        Method::POST,
        "/api/v1/reminders?dry_run=true",
        &secret,
        None,
    )
    .await;
    // Anything else is refused, saying why.
    let outside = app
        .call(
            Method::POST,
            "/api/v1/children",
            Some(&secret),
            Some(json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"})),
        )
        .await;
    let body = assert_error(outside, StatusCode::FORBIDDEN, "token_scope").await;
    assert_eq!(
        body["message"],
        "Ce jeton (portée « paiements ») ne permet pas cette action"
    );
    // A script cannot mint itself new tokens.
    let mint = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&secret),
            Some(json!({"name": "x", "scope": "import"})),
        )
        .await;
    assert_error(mint, StatusCode::FORBIDDEN, "token_scope").await;
    let peek = app
        .call(Method::GET, "/api/v1/tokens", Some(&secret), None)
        .await;
    assert_error(peek, StatusCode::FORBIDDEN, "token_scope").await;

    // Uses are recorded beside the requests: once they are written, the list shows them.
    app.server.settle().await;
    let list = app.ok(Method::GET, "/api/v1/tokens", &staff, None).await;
    assert_eq!(list[0]["name"], "rappels-hebdo");
    assert!(list[0]["last_used_at"].is_string(), "uses are recorded");
    assert!(
        !list.to_string().contains(&secret),
        "the secret is never listed"
    );

    let revoked = app
        .call(
            Method::DELETE,
            "/api/v1/tokens/rappels-hebdo",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let dead = app
        .call(Method::GET, "/api/v1/dues", Some(&secret), None)
        .await;
    assert_error(dead, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn a_read_token_writes_nothing_and_names_are_unique() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let created: Value = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "lecture", "scope": "read"})),
        )
        .await;
    let secret = created["token"].as_str().unwrap();
    let write = app
        .call(
            Method::POST,
            "/api/v1/news",
            Some(secret),
            Some(json!({"title": "x", "body": "y"})),
        )
        .await;
    assert_error(write, StatusCode::FORBIDDEN, "token_scope").await;
    let again = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&staff),
            Some(json!({"name": "LECTURE", "scope": "read"})),
        )
        .await;
    assert_error(again, StatusCode::CONFLICT, "token_name_taken").await;
    let bad = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&staff),
            Some(json!({"name": "avec espace", "scope": "read"})),
        )
        .await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "name");
    let unknown = app
        .call(Method::DELETE, "/api/v1/tokens/inconnu", Some(&staff), None)
        .await;
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
}

async fn only_a_responsable_manages_tokens() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let animateur = app
        .animateur_token(&staff, "anim@patro.be", &["Benjamins"])
        .await;
    let response = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&animateur),
            Some(json!({"name": "x", "scope": "read"})),
        )
        .await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
}

/// Every route behind a bearer token, and the scopes that may call it. A route of the OpenAPI
/// document with a bearer not listed here fails the test below: a new route must say which scopes
/// reach it. (The public ones, such as `GET /api/v1/help`, take no token.)
const SCOPES_OF_ROUTES: &[(&str, &str, &[&str])] = &[
    ("GET", "/api/v1/accounts", &[]),
    ("POST", "/api/v1/accounts/{id}/approve", &[]),
    ("POST", "/api/v1/accounts/{id}/reject", &[]),
    ("PUT", "/api/v1/accounts/{id}/staff", &[]),
    ("POST", "/api/v1/accounts/{id}/disable", &[]),
    ("DELETE", "/api/v1/sessions/current", &[]),
    ("GET", "/api/v1/me", &[]),
    ("PATCH", "/api/v1/me", &[]),
    ("GET", "/api/v1/me/dashboard", &[]),
    ("PUT", "/api/v1/me/password", &[]),
    ("POST", "/api/v1/me/second-factor", &[]),
    ("DELETE", "/api/v1/me/second-factor", &[]),
    ("POST", "/api/v1/me/second-factor/confirmation", &[]),
    ("POST", "/api/v1/me/email/confirm", &[]),
    ("GET", "/api/v1/audit", &[]),
    ("GET", "/api/v1/children", &["read"]),
    ("POST", "/api/v1/children", &[]),
    ("GET", "/api/v1/children/{id}", &["read"]),
    ("PATCH", "/api/v1/children/{id}", &[]),
    ("GET", "/api/v1/children/{id}/history", &[]),
    ("POST", "/api/v1/children/{id}/parents", &[]),
    ("DELETE", "/api/v1/children/{id}/parents/{account_id}", &[]),
    ("POST", "/api/v1/children/{id}/renewal", &[]),
    ("POST", "/api/v1/children/{id}/affiliations", &[]),
    (
        "PUT",
        "/api/v1/children/{id}/affiliations/{cycle}/payment",
        &[],
    ),
    (
        "DELETE",
        "/api/v1/children/{id}/affiliations/{cycle}/payment",
        &[],
    ),
    (
        "PUT",
        "/api/v1/children/{id}/affiliations/{cycle}/solidarity",
        &[],
    ),
    (
        "PUT",
        "/api/v1/children/{id}/affiliations/{cycle}/section",
        &[],
    ),
    ("GET", "/api/v1/children/{id}/activities", &["read"]),
    ("GET", "/api/v1/children/{id}/medical", &[]),
    ("PUT", "/api/v1/children/{id}/medical", &[]),
    ("POST", "/api/v1/children/{id}/medical/confirmations", &[]),
    ("GET", "/api/v1/medical-readings", &[]),
    ("GET", "/api/v1/affiliations", &["read"]),
    ("GET", "/api/v1/link-requests", &[]),
    ("POST", "/api/v1/link-requests", &[]),
    ("POST", "/api/v1/link-requests/{id}/approve", &[]),
    ("POST", "/api/v1/link-requests/{id}/reject", &[]),
    ("GET", "/api/v1/sections", &["read"]),
    ("POST", "/api/v1/sections", &[]),
    ("PUT", "/api/v1/sections/{id}", &[]),
    ("GET", "/api/v1/cycles", &["read"]),
    ("POST", "/api/v1/cycles", &[]),
    ("GET", "/api/v1/cycles/{cycle}", &["read"]),
    ("GET", "/api/v1/activities", &["read", "export"]),
    ("POST", "/api/v1/activities", &[]),
    ("GET", "/api/v1/activities/{id}", &["read"]),
    ("PATCH", "/api/v1/activities/{id}", &[]),
    ("POST", "/api/v1/activities/{id}/registrations", &[]),
    (
        "DELETE",
        "/api/v1/activities/{id}/registrations/{child_id}",
        &[],
    ),
    (
        "PUT",
        "/api/v1/activities/{id}/registrations/{child_id}/payment",
        &[],
    ),
    ("GET", "/api/v1/activities/{id}/participants", &["read"]),
    ("GET", "/api/v1/documents", &[]),
    ("POST", "/api/v1/documents", &[]),
    ("DELETE", "/api/v1/documents/{id}", &[]),
    ("GET", "/api/v1/documents/{id}/content", &[]),
    ("GET", "/api/v1/news", &[]),
    ("POST", "/api/v1/news", &[]),
    ("GET", "/api/v1/news/{id}", &[]),
    ("PUT", "/api/v1/news/{id}", &[]),
    ("POST", "/api/v1/news/{id}/unpublish", &[]),
    ("PUT", "/api/v1/help", &[]),
    ("GET", "/api/v1/dues", &["payments"]),
    ("POST", "/api/v1/dues", &[]),
    ("GET", "/api/v1/dues/{id}", &["payments"]),
    ("POST", "/api/v1/dues/{id}/payments", &["payments"]),
    ("POST", "/api/v1/dues/{id}/cancel", &[]),
    ("POST", "/api/v1/bank-statements", &["payments"]),
    ("GET", "/api/v1/bank-lines", &["payments"]),
    ("POST", "/api/v1/bank-lines/match", &["payments"]),
    ("POST", "/api/v1/reminders", &["payments"]),
    ("GET", "/api/v1/exports/{list}", &["export"]),
    ("POST", "/api/v1/imports/children", &["import"]),
    ("POST", "/api/v1/imports/parents", &["import"]),
    ("GET", "/api/v1/tokens", &[]),
    ("POST", "/api/v1/tokens", &[]),
    ("DELETE", "/api/v1/tokens/{name}", &[]),
];

/// A route's path with its parameters filled in.
fn concrete(path: &str) -> String {
    path.replace("{cycle}", "2026-2027")
        .replace("{list}", "children")
        .replace("{name}", "inconnu")
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "1"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn every_route_refuses_the_scopes_that_are_not_its_own() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    // Every route of the API that takes a bearer token is in the table.
    let doc = app
        .ok(Method::GET, "/api/v1/openapi.json", &staff, None)
        .await;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            if operation.get("security").is_none() {
                continue;
            }
            let method = method.to_uppercase();
            assert!(
                SCOPES_OF_ROUTES
                    .iter()
                    .any(|(m, p, _)| *m == method && p == path),
                "{method} {path} is missing from SCOPES_OF_ROUTES"
            );
        }
    }
    for scope in ["read", "export", "payments", "import"] {
        let created = app
            .ok(
                Method::POST,
                "/api/v1/tokens",
                &staff,
                Some(json!({"name": format!("jeton-{scope}"), "scope": scope})),
            )
            .await;
        let secret = created["token"].as_str().unwrap().to_owned();
        for (method, path, scopes) in SCOPES_OF_ROUTES {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let response = app
                .call(method.clone(), &concrete(path), Some(&secret), None)
                .await;
            let status = response.status();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            if scopes.contains(&scope) {
                assert_ne!(body["code"], "token_scope", "{scope}: {method} {path}");
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{scope}: {method} {path}");
            } else {
                assert_eq!(
                    (status, body["code"].as_str()),
                    (StatusCode::FORBIDDEN, Some("token_scope")),
                    "{scope}: {method} {path}"
                );
            }
        }
    }
}

async fn a_token_lives_a_year_unless_told_and_two_years_at_most() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let day = time::Duration::days(1);
    let expiry = |view: &Value| {
        let at = |field: &str| {
            time::OffsetDateTime::parse(
                view[field].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
        };
        at("expires_at") - at("created_at")
    };
    let yearly = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "annuel", "scope": "read"})),
        )
        .await;
    assert_eq!(expiry(&yearly), day * 365);
    let quarterly = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "trimestriel", "scope": "read", "expires_in_days": 90})),
        )
        .await;
    assert_eq!(expiry(&quarterly), day * 90);
    let list = app.ok(Method::GET, "/api/v1/tokens", &staff, None).await;
    assert_eq!(expiry(&list[1]), day * 90, "{list}");

    for days in [0, 731] {
        let refused = app
            .call(
                Method::POST,
                "/api/v1/tokens",
                Some(&staff),
                Some(json!({"name": "trop", "scope": "read", "expires_in_days": days})),
            )
            .await;
        let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(body["field"], "expires_in_days", "{days}: {body}");
    }
}

async fn an_expired_token_is_refused_as_expired() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "lecture", "scope": "read", "expires_in_days": 1})),
        )
        .await;
    let secret = created["token"].as_str().unwrap().to_owned();
    app.ok(Method::GET, "/api/v1/children", &secret, None).await;
    // A day and a second later, as far as the database can tell.
    app.sql("UPDATE api_tokens SET expires_at = expires_at - 86401")
        .await;
    let expired = app
        .call(Method::GET, "/api/v1/children", Some(&secret), None)
        .await;
    let body = assert_error(expired, StatusCode::UNAUTHORIZED, "token_expired").await;
    assert!(
        body["message"].as_str().unwrap().contains("a expiré"),
        "{body}"
    );
}

async fn token_uses_are_kept_ninety_days() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "lecture", "scope": "read"})),
        )
        .await;
    let secret = created["token"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        app.ok(Method::GET, "/api/v1/children", &secret, None).await;
    }
    app.server.settle().await;
    assert_eq!(app.sql("SELECT COUNT(*) FROM token_uses").await, Some(3));
    // Two of the uses were 91 days ago, one 89 days ago.
    app.sql(
        "UPDATE token_uses SET at = at - 91 * 86400 WHERE id IN (SELECT id FROM token_uses ORDER BY id LIMIT 2)",
    )
    .await;
    app.sql(
        "UPDATE token_uses SET at = at - 89 * 86400 WHERE id = (SELECT MAX(id) FROM token_uses)",
    )
    .await;
    // A server prunes as it starts, then every hour.
    let pruning = app.second_server().await;
    assert_eq!(app.sql("SELECT COUNT(*) FROM token_uses").await, Some(1));
    pruning.stop().await.unwrap();
}

async fn creating_and_revoking_a_token_are_audited() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.ok(
        Method::POST,
        "/api/v1/tokens",
        &staff,
        Some(json!({"name": "releves", "scope": "payments", "expires_in_days": 90})),
    )
    .await;
    let revoked = app
        .call(Method::DELETE, "/api/v1/tokens/releves", Some(&staff), None)
        .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let acts = app.ok(Method::GET, "/api/v1/audit", &staff, None).await;
    let of = |action: &str| {
        acts.as_array()
            .unwrap()
            .iter()
            .find(|act| act["action"] == action)
            .unwrap_or_else(|| panic!("{action} in {acts}"))
            .clone()
    };
    let created = of("token_created");
    assert!(
        created["actor"]
            .as_str()
            .unwrap()
            .contains("secretariat@patro.be"),
        "{created}"
    );
    assert_eq!(created["ip"], "127.0.0.1");
    let changes = created["changes"].to_string();
    for expected in ["releves", "payments", "expires_at"] {
        assert!(changes.contains(expected), "{expected} in {changes}");
    }
    let revoked = of("token_revoked");
    assert!(
        revoked["changes"].to_string().contains("releves"),
        "{revoked}"
    );
}
