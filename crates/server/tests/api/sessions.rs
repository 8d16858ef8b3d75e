use reqwest::{Method, StatusCode};
use serde_json::Value;

use tempatro_core::{CycleCalendar, Role};

use crate::helpers::{
    PARENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD, assert_error, spawn_app, spawn_app_with,
};

on_each_engine!(
    health_and_openapi_are_served,
    an_unknown_route_is_a_json_404,
    a_pending_account_is_told_it_awaits_the_patro,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    a_wrong_password_does_not_reveal_that_an_account_is_pending,
    a_parent_is_refused_on_the_staff_side,
    the_login_email_is_case_insensitive,
    a_session_opens_me_and_the_dashboard_until_logout,
    routes_behind_a_session_refuse_missing_and_forged_tokens,
    an_expired_session_is_refused,
    staff_log_in_on_the_staff_side,
    messages_follow_accept_language,
    a_malformed_body_is_a_400_and_a_bad_portal_is_refused,
    every_route_of_the_openapi_document_is_in_the_api_reference,
    ten_wrong_passwords_close_the_address_to_logins_for_a_while,
    a_successful_login_clears_earlier_failures,
);

async fn health_and_openapi_are_served() {
    let app = spawn_app().await;
    let health: Value = app
        .get("/healthz")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");

    let doc: Value = app
        .get("/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/accounts",
        "/api/v1/sessions",
        "/api/v1/sessions/current",
        "/api/v1/me/dashboard",
        "/api/v1/password-resets/confirm",
        "/api/v1/accounts/{id}/approve",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}

async fn an_unknown_route_is_a_json_404() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/nothing-here").send().await.unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn a_pending_account_is_told_it_awaits_the_patro() {
    let app = spawn_app().await;
    app.sign_up("Papa", "papa@patro.be").await;
    // With the right password only, it learns that its address is still to be confirmed.
    let body = assert_error(
        app.log_in("papa@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::FORBIDDEN,
        "email_unconfirmed",
    )
    .await;
    assert_eq!(
        body["message"],
        "Confirmez d'abord votre adresse e-mail avec le code qui vous y a été envoyé"
    );
    app.verify_email("papa@patro.be").await;
    let body = assert_error(
        app.log_in("papa@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::FORBIDDEN,
        "account_pending",
    )
    .await;
    assert_eq!(
        body["message"],
        "Votre compte est en attente de validation par le Patro"
    );
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    let wrong_password = assert_error(
        app.log_in("papa@patro.be", "pas le bon mot de passe", "parents")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = assert_error(
        app.log_in("inconnu@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong_password, unknown);
}

async fn a_wrong_password_does_not_reveal_that_an_account_is_pending() {
    let app = spawn_app().await;
    app.sign_up("Papa", "papa@patro.be").await;
    assert_error(
        app.log_in("papa@patro.be", "pas le bon mot de passe", "parents")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
}

async fn a_parent_is_refused_on_the_staff_side() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    let body = assert_error(
        app.log_in("papa@patro.be", PARENT_PASSWORD, "staff").await,
        StatusCode::FORBIDDEN,
        "staff_only",
    )
    .await;
    assert_eq!(body["message"], "L'intranet est réservé aux animateurs");
}

async fn the_login_email_is_case_insensitive() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("Papa.Billy@Patro.be", &staff).await;
    app.token("papa.billy@PATRO.BE", PARENT_PASSWORD, "parents")
        .await;
}

async fn a_session_opens_me_and_the_dashboard_until_logout() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    let token = app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;

    let me: Value = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "papa@patro.be");
    assert_eq!(me["role"], "parent");
    assert_eq!(me["status"], "active");
    assert!(me.get("password_hash").is_none());

    let dashboard: Value = app
        .call(Method::GET, "/api/v1/me/dashboard", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(dashboard["children_count"], 0);
    assert_eq!(
        dashboard["current_cycle"],
        CycleCalendar::default().cycle_of(today).to_string()
    );
    assert_eq!(dashboard["first_name"], "Papa");
    assert_eq!(dashboard["alerts"], serde_json::json!([]));

    let logout = app
        .call(
            Method::DELETE,
            "/api/v1/sessions/current",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let after = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_error(after, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn routes_behind_a_session_refuse_missing_and_forged_tokens() {
    let app = spawn_app().await;
    for path in ["/api/v1/me", "/api/v1/me/dashboard", "/api/v1/accounts"] {
        let none = app.get(path).send().await.unwrap();
        assert_error(none, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let forged = app
            .get(path)
            .bearer_auth("0".repeat(64))
            .send()
            .await
            .unwrap();
        assert_error(forged, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

async fn an_expired_session_is_refused() {
    let app = spawn_app_with(|config| {
        config.session_ttl = time::Duration::ZERO;
        config.staff_session_ttl = time::Duration::ZERO;
    })
    .await;
    app.create_staff(STAFF_EMAIL, Role::Responsable).await;
    let token = app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    let response = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn staff_log_in_on_the_staff_side() {
    let app = spawn_app().await;
    app.create_staff("animateur@patro.be", Role::Animateur)
        .await;
    app.token("animateur@patro.be", STAFF_PASSWORD, "staff")
        .await;
}

async fn messages_follow_accept_language() {
    let app = spawn_app().await;
    app.sign_up("Papa", "papa@patro.be").await;
    app.verify_email("papa@patro.be").await;
    let response = app
        .post(
            "/api/v1/sessions",
            serde_json::json!({"email": "papa@patro.be", "password": PARENT_PASSWORD, "portal": "parents"}),
        )
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::FORBIDDEN, "account_pending").await;
    assert_eq!(
        body["message"],
        "Your account is waiting for the Patro's approval"
    );
}

async fn a_malformed_body_is_a_400_and_a_bad_portal_is_refused() {
    let app = spawn_app().await;
    let garbage = app
        .http
        .post(app.url("/api/v1/sessions"))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(garbage, StatusCode::BAD_REQUEST, "malformed_request").await;
    let bad_portal = app
        .post(
            "/api/v1/sessions",
            serde_json::json!({"email": "a@b.be", "password": "x", "portal": "admin"}),
        )
        .send()
        .await
        .unwrap();
    assert!(bad_portal.status().is_client_error());
    assert_eq!(
        bad_portal.json::<Value>().await.unwrap()["code"],
        "malformed_request"
    );
}

async fn every_route_of_the_openapi_document_is_in_the_api_reference() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reference =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/API.md"))
            .expect("docs/API.md");
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let line = format!("`{} {path}", method.to_uppercase());
            assert!(
                reference.contains(&line),
                "docs/API.md does not document {line}`"
            );
        }
    }
}

async fn ten_wrong_passwords_close_the_address_to_logins_for_a_while() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    for _ in 0..10 {
        assert_error(
            app.log_in("papa@patro.be", "pas le bon mot de passe", "parents")
                .await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    assert_error(
        app.log_in("PAPA@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    // Other addresses are not affected.
    app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
}

async fn a_successful_login_clears_earlier_failures() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    for round in 0..2 {
        for _ in 0..9 {
            app.log_in("papa@patro.be", "pas le bon mot de passe", "parents")
                .await;
        }
        let response = app
            .log_in("papa@patro.be", PARENT_PASSWORD, "parents")
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "round {round}");
    }
}
