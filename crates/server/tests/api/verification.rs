use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, spawn_app};

on_each_engine!(
    the_code_e_mailed_at_sign_up_proves_the_address,
    five_wrong_codes_spend_the_code_even_when_sent_together,
    a_new_code_replaces_the_old_and_unknown_addresses_get_the_same_answer,
    approvals_and_refusals_are_in_the_audit_for_a_responsable_in_person,
);

async fn verify(app: &TestApp, email: &str, code: &str) -> reqwest::Response {
    app.post(
        "/api/v1/accounts/verification",
        json!({"email": email, "code": code}),
    )
    .send()
    .await
    .unwrap()
}

async fn pending(app: &TestApp, staff: &str) -> Vec<Value> {
    let list = app
        .ok(Method::GET, "/api/v1/accounts?status=pending", staff, None)
        .await;
    list.as_array().unwrap().clone()
}

async fn the_code_e_mailed_at_sign_up_proves_the_address() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.sign_up("Papa", "papa@patro.be").await;
    assert_eq!(pending(&app, &staff).await[0]["email_verified"], false);

    let code = app.last_code_to("papa@patro.be").await;
    let response = verify(&app, "PAPA@patro.be", &code).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(pending(&app, &staff).await[0]["email_verified"], true);

    // A code serves once.
    assert_error(
        verify(&app, "papa@patro.be", &code).await,
        StatusCode::BAD_REQUEST,
        "invalid_code",
    )
    .await;
    // An address without an account answers like a wrong code.
    assert_error(
        verify(&app, "personne@patro.be", &code).await,
        StatusCode::BAD_REQUEST,
        "invalid_code",
    )
    .await;
    let empty = assert_error(
        verify(&app, "papa@patro.be", " ").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(empty["field"], "code");
}

async fn five_wrong_codes_spend_the_code_even_when_sent_together() {
    let app = spawn_app().await;
    app.sign_up("Papa", "papa@patro.be").await;
    let code = app.last_code_to("papa@patro.be").await;
    let wrong: String = code
        .chars()
        .map(|c| match c {
            '0'..='8' => char::from(c as u8 + 1),
            '9' => '0',
            other => other,
        })
        .collect();
    // Fifteen guesses at once: each is counted before any is compared.
    let guesses: Vec<_> = (0..15)
        .map(|_| verify(&app, "papa@patro.be", &wrong))
        .collect();
    for response in futures_util::future::join_all(guesses).await {
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
    assert_error(
        verify(&app, "papa@patro.be", &code).await,
        StatusCode::BAD_REQUEST,
        "invalid_code",
    )
    .await;
}

async fn a_new_code_replaces_the_old_and_unknown_addresses_get_the_same_answer() {
    let app = spawn_app().await;
    app.sign_up("Papa", "papa@patro.be").await;
    let first = app.last_code_to("papa@patro.be").await;
    let resend = |email: &str| {
        app.post(
            "/api/v1/accounts/verification/resend",
            json!({ "email": email }),
        )
        .send()
    };
    let known = resend("papa@patro.be").await.unwrap();
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    let known: Value = known.json().await.unwrap();
    let unknown = resend("personne@patro.be").await.unwrap();
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(known, unknown);
    assert!(app.mails_to("personne@patro.be").await.is_empty());

    let second = app.last_code_to("papa@patro.be").await;
    assert_eq!(app.mails_to("papa@patro.be").await.len(), 2);
    if first != second {
        assert_error(
            verify(&app, "papa@patro.be", &first).await,
            StatusCode::BAD_REQUEST,
            "invalid_code",
        )
        .await;
    }
    assert_eq!(
        verify(&app, "papa@patro.be", &second).await.status(),
        StatusCode::NO_CONTENT
    );
    // A proven address is not sent codes any more.
    resend("papa@patro.be").await.unwrap();
    assert_eq!(app.mails_to("papa@patro.be").await.len(), 2);
}

async fn approvals_and_refusals_are_in_the_audit_for_a_responsable_in_person() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let papa = app.active_parent("papa@patro.be", &staff).await;
    let maman = app.verified_sign_up("Maman", "maman@patro.be").await;
    app.ok(
        Method::POST,
        &format!("/api/v1/accounts/{maman}/reject"),
        &staff,
        Some(json!({"reason": "Inconnue au Patro"})),
    )
    .await;

    let acts = app.ok(Method::GET, "/api/v1/audit", &staff, None).await;
    // The staff member's own login is there too, oldest of all.
    assert_eq!(
        acts.as_array().unwrap().last().unwrap()["action"],
        "staff_login"
    );
    let acts: Vec<&Value> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|act| act["action"] != "staff_login")
        .collect();
    assert_eq!(acts.len(), 2, "{acts:?}");
    // Newest first.
    assert_eq!(acts[0]["action"], "account_rejected");
    assert_eq!(acts[0]["account"], "maman@patro.be");
    assert_eq!(acts[0]["changes"][1]["new"], "Inconnue au Patro");
    assert_eq!(acts[1]["action"], "account_approved");
    assert_eq!(acts[1]["account"], "papa@patro.be");
    assert!(
        acts[1]["actor"].as_str().unwrap().contains("secretariat@"),
        "{}",
        acts[1]
    );
    assert!(papa > 0);

    let by_nobody = app
        .ok(
            Method::GET,
            "/api/v1/audit?actor=personne@patro.be",
            &staff,
            None,
        )
        .await;
    assert_eq!(by_nobody, json!([]));
    let future = app
        .ok(Method::GET, "/api/v1/audit?since=01/01/2999", &staff, None)
        .await;
    assert_eq!(future, json!([]));
    let bad = assert_error(
        app.call(Method::GET, "/api/v1/audit?since=hier", Some(&staff), None)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(bad["field"], "since");

    let parent = app
        .token("papa@patro.be", crate::helpers::PARENT_PASSWORD, "parents")
        .await;
    assert_error(
        app.call(Method::GET, "/api/v1/audit", Some(&parent), None)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let token: Value = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "nuit", "scope": "read"})),
        )
        .await;
    let script = token["token"].as_str().unwrap();
    assert_eq!(
        app.call(Method::GET, "/api/v1/audit", Some(script), None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
