//! Limits that stop attackers, not users: counted per source and per address, so that nobody can
//! close an address to its owner, and told with 429, `Retry-After` and a French sentence.

use std::net::IpAddr;

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    PARENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD, TestApp, assert_error, spawn_app, spawn_app_with,
};

on_each_engine!(
    wrong_passwords_close_an_address_to_their_source_only,
    a_forwarded_address_is_believed_only_from_a_trusted_proxy,
    fifty_logins_at_once_all_answer_then_their_source_waits,
    sign_ups_are_limited_per_source_and_per_address,
    reset_requests_are_limited_alike_for_known_and_unknown_addresses,
    link_requests_are_limited_per_account,
    staff_logins_are_audited_with_their_source,
);

const ATTACKER: &str = "203.0.113.7";
const OWNER: &str = "198.51.100.2";

/// A server behind a reverse proxy on the same machine: it believes the `X-Forwarded-For` of
/// 127.0.0.1, which is how these tests speak from several addresses.
async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|config| config.trusted_proxies = vec![IpAddr::from([127, 0, 0, 1])]).await
}

async fn from(app: &TestApp, ip: &str, method: Method, path: &str, body: Value) -> Response {
    app.http
        .request(method, app.url(path))
        .header("X-Forwarded-For", ip)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn log_in_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Response {
    from(
        app,
        ip,
        Method::POST,
        "/api/v1/sessions",
        json!({"email": email, "password": password, "portal": "parents"}),
    )
    .await
}

/// A 429 of `code`, telling when to come back (within `window_seconds`) in French.
async fn assert_too_many(response: Response, code: &str, window_seconds: u64) {
    let retry_after: u64 = response
        .headers()
        .get(RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=window_seconds).contains(&retry_after), "{retry_after}");
    let body = assert_error(response, StatusCode::TOO_MANY_REQUESTS, code).await;
    assert!(
        body["message"].as_str().unwrap().contains("Réessayez dans"),
        "{body}"
    );
}

async fn wrong_passwords_close_an_address_to_their_source_only() {
    let app = behind_a_proxy().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    for _ in 0..10 {
        assert_error(
            log_in_from(&app, ATTACKER, "papa@patro.be", "pas le bon mot de passe").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    assert_too_many(
        log_in_from(&app, ATTACKER, "papa@patro.be", "pas le bon mot de passe").await,
        "too_many_attempts",
        15 * 60,
    )
    .await;
    // The attacker, even with the right password, waits…
    assert_too_many(
        log_in_from(&app, ATTACKER, "papa@patro.be", PARENT_PASSWORD).await,
        "too_many_attempts",
        15 * 60,
    )
    .await;
    // …but the owner, elsewhere, logs in.
    let owner = log_in_from(&app, OWNER, "papa@patro.be", PARENT_PASSWORD).await;
    assert_eq!(owner.status(), StatusCode::CREATED);
}

async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
    // No --trusted-proxy: every request comes from 127.0.0.1, whatever it claims.
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    for _ in 0..11 {
        log_in_from(&app, ATTACKER, "papa@patro.be", "pas le bon mot de passe").await;
    }
    assert_too_many(
        log_in_from(&app, OWNER, "papa@patro.be", PARENT_PASSWORD).await,
        "too_many_attempts",
        15 * 60,
    )
    .await;
}

async fn fifty_logins_at_once_all_answer_then_their_source_waits() {
    let app = behind_a_proxy().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    // Hashing runs one per core: fifty at once queue for their turn, and every one is answered.
    let logins = (0..50).map(|_| {
        let email = format!("inconnu-{:016x}@exemple.be", rand::random::<u64>());
        let app = &app;
        async move { log_in_from(app, ATTACKER, &email, "un mot de passe au hasard").await }
    });
    for response in futures_util::future::join_all(logins).await {
        assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    // Fifty wrong passwords from one source is all it gets, whatever the addresses.
    assert_too_many(
        log_in_from(&app, ATTACKER, "papa@patro.be", PARENT_PASSWORD).await,
        "too_many_attempts",
        15 * 60,
    )
    .await;
    let owner = log_in_from(&app, OWNER, "papa@patro.be", PARENT_PASSWORD).await;
    assert_eq!(owner.status(), StatusCode::CREATED);
}

fn sign_up_body(email: &str) -> Value {
    json!({"first_name": "Papa", "last_name": "de Billy", "email": email, "password": PARENT_PASSWORD})
}

async fn sign_ups_are_limited_per_source_and_per_address() {
    let app = behind_a_proxy().await;
    for n in 0..5 {
        let created = from(
            &app,
            ATTACKER,
            Method::POST,
            "/api/v1/accounts",
            sign_up_body(&format!("parent{n}@patro.be")),
        )
        .await;
        assert_eq!(created.status(), StatusCode::ACCEPTED, "sign-up {n}");
    }
    assert_too_many(
        from(
            &app,
            ATTACKER,
            Method::POST,
            "/api/v1/accounts",
            sign_up_body("parent5@patro.be"),
        )
        .await,
        "too_many_requests",
        3600,
    )
    .await;
    // Another source signs up.
    let elsewhere = from(
        &app,
        OWNER,
        Method::POST,
        "/api/v1/accounts",
        sign_up_body("maman@patro.be"),
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::ACCEPTED);
    // One address is tried three times an hour at most, from wherever (the same answer each
    // time, whether the address already has an account or not).
    for ip in ["192.0.2.1", "192.0.2.2"] {
        let again = from(
            &app,
            ip,
            Method::POST,
            "/api/v1/accounts",
            sign_up_body("maman@patro.be"),
        )
        .await;
        assert_eq!(again.status(), StatusCode::ACCEPTED);
    }
    assert_too_many(
        from(
            &app,
            "192.0.2.3",
            Method::POST,
            "/api/v1/accounts",
            sign_up_body("maman@patro.be"),
        )
        .await,
        "too_many_requests",
        3600,
    )
    .await;
}

async fn reset_requests_are_limited_alike_for_known_and_unknown_addresses() {
    let app = behind_a_proxy().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    for (n, email) in ["papa@patro.be", "personne@patro.be"]
        .into_iter()
        .enumerate()
    {
        // Each address from its own source: only the limit per address is at stake.
        let ip = format!("192.0.2.{}", n + 1);
        let mut answers = Vec::new();
        for _ in 0..5 {
            let response = from(
                &app,
                &ip,
                Method::POST,
                "/api/v1/password-resets",
                json!({"email": email}),
            )
            .await;
            assert_eq!(response.status(), StatusCode::ACCEPTED, "{email}");
            answers.push(response.text().await.unwrap());
        }
        answers.dedup();
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_too_many(
            from(
                &app,
                &ip,
                Method::POST,
                "/api/v1/password-resets",
                json!({"email": email}),
            )
            .await,
            "too_many_requests",
            3600,
        )
        .await;
    }
    let codes = app
        .mails_to("papa@patro.be")
        .await
        .into_iter()
        .filter(|mail| mail.contains("Votre code"))
        .count();
    assert_eq!(codes, 5);
    assert!(app.mails_to("personne@patro.be").await.is_empty());
}

async fn link_requests_are_limited_per_account() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let parent = app.parent_token(&staff, "papa@patro.be").await;
    let body = json!({"child_first_name": "Billy", "child_last_name": "LE PIVERT", "birth_date": "1er mai 2018", "message": "Mon fils."});
    for n in 0..10 {
        let filed = app
            .call(
                Method::POST,
                "/api/v1/link-requests",
                Some(&parent),
                Some(body.clone()),
            )
            .await;
        assert_eq!(filed.status(), StatusCode::CREATED, "request {n}");
    }
    assert_too_many(
        app.call(
            Method::POST,
            "/api/v1/link-requests",
            Some(&parent),
            Some(body),
        )
        .await,
        "too_many_requests",
        3600,
    )
    .await;
}

async fn staff_logins_are_audited_with_their_source() {
    let app = behind_a_proxy().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    let attempt = |email: &'static str, password: &'static str, portal: &'static str| {
        from(
            &app,
            ATTACKER,
            Method::POST,
            "/api/v1/sessions",
            json!({"email": email, "password": password, "portal": portal}),
        )
    };
    let wrong = attempt(STAFF_EMAIL, "pas le bon mot de passe", "staff").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let unknown = attempt("inconnu@patro.be", "pas le bon mot de passe", "staff").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let right = attempt(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    assert_eq!(right.status(), StatusCode::CREATED);
    // The parents' side is not the audit's business.
    let parent = attempt("papa@patro.be", "pas le bon mot de passe", "parents").await;
    assert_eq!(parent.status(), StatusCode::UNAUTHORIZED);

    let acts = app.ok(Method::GET, "/api/v1/audit", &staff, None).await;
    let logins: Vec<(String, String, String)> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|act| act["ip"] == ATTACKER)
        .map(|act| {
            (
                act["action"].as_str().unwrap().to_owned(),
                act["actor"].as_str().unwrap().to_owned(),
                act["ip"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(logins.len(), 3, "{acts}");
    // Newest first.
    assert_eq!(logins[0].0, "staff_login");
    assert!(logins[0].1.contains(STAFF_EMAIL), "{logins:?}");
    assert_eq!(
        (logins[1].0.as_str(), logins[1].1.as_str()),
        ("staff_login_failed", "inconnu@patro.be")
    );
    assert_eq!(
        (logins[2].0.as_str(), logins[2].1.as_str()),
        ("staff_login_failed", STAFF_EMAIL)
    );
}
