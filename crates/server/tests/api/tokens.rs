use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_error, spawn_app};

on_each_engine!(
    a_token_does_only_what_its_scope_allows_and_dies_when_revoked,
    a_read_token_writes_nothing_and_names_are_unique,
    only_a_responsable_manages_tokens,
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

    // Reading is allowed, and so is the payments' area.
    app.ok(Method::GET, "/api/v1/children", &secret, None).await;
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
    assert_error(peek, StatusCode::FORBIDDEN, "session_required").await;

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
        .call(Method::GET, "/api/v1/children", Some(&secret), None)
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
