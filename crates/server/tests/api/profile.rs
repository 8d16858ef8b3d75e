use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PARENT_PASSWORD, assert_error, spawn_app};

on_each_engine!(
    a_parent_updates_name_and_phone_and_changes_e_mail_with_the_password,
    changing_the_password_keeps_this_session_and_closes_the_others,
    a_responsable_cannot_change_their_own_role,
    codes_to_a_new_address_are_limited_and_a_refusal_saves_nothing,
);

/// A profile could otherwise send codes to any address, as often as one likes.
async fn codes_to_a_new_address_are_limited_and_a_refusal_saves_nothing() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let papa = app.parent_token(&staff, "papa@patro.be").await;
    let change = |first_name: &str| {
        json!({
            "first_name": first_name,
            "email": "cible@patro.be",
            "current_password": PARENT_PASSWORD,
        })
    };
    let mut refused = None;
    for n in 0..30 {
        let response = app
            .call(
                Method::PATCH,
                "/api/v1/me",
                Some(&papa),
                Some(change(&format!("Papa{}", "a".repeat(n)))),
            )
            .await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((n, response));
            break;
        }
        assert_eq!(response.status(), StatusCode::OK, "change {n}");
    }
    let (n, response) = refused.expect("the codes are limited");
    assert!(n <= 20, "refused only after {n} codes");
    assert!(response.headers().contains_key("retry-after"));
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    assert_eq!(app.mails_to("cible@patro.be").await.len(), n);
    // The refused request's other edit was not saved either.
    let me = app.ok(Method::GET, "/api/v1/me", &papa, None).await;
    assert_eq!(me["first_name"], format!("Papa{}", "a".repeat(n - 1)));
}

async fn a_parent_updates_name_and_phone_and_changes_e_mail_with_the_password() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let papa = app.parent_token(&staff, "papa@patro.be").await;
    let me = app
        .ok(
            Method::PATCH,
            "/api/v1/me",
            &papa,
            Some(json!({"first_name": "Papa", "phone": "0412 34 56 78"})),
        )
        .await;
    assert_eq!(me["phone"], "0412/34.56.78");

    let without = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(&papa),
            Some(json!({"email": "nouveau@patro.be"})),
        )
        .await;
    let body = assert_error(
        without,
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_current_password",
    )
    .await;
    assert_eq!(body["field"], "current_password");

    // The new address counts only once the code sent there is entered.
    let with = app
        .ok(
            Method::PATCH,
            "/api/v1/me",
            &papa,
            Some(json!({"email": "nouveau@patro.be", "current_password": PARENT_PASSWORD})),
        )
        .await;
    assert_eq!(with["email"], "papa@patro.be");
    assert_eq!(with["pending_email"], "nouveau@patro.be");
    assert_eq!(
        app.log_in("nouveau@patro.be", PARENT_PASSWORD, "parents")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/me/email/confirm",
            Some(&papa),
            Some(json!({"code": "0000 0000"})),
        )
        .await;
    assert_error(wrong, StatusCode::BAD_REQUEST, "invalid_code").await;
    let code = app.last_code_to("nouveau@patro.be").await;
    let changed = app
        .ok(
            Method::POST,
            "/api/v1/me/email/confirm",
            &papa,
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(changed["email"], "nouveau@patro.be");
    assert!(changed.get("pending_email").is_none());
    app.token("nouveau@patro.be", PARENT_PASSWORD, "parents")
        .await;
    let notice = app.mails_to("papa@patro.be").await;
    assert!(
        notice
            .last()
            .is_some_and(|mail| mail.contains("Votre adresse e-mail Tempatro a été changée")),
        "{notice:?}"
    );
    let audit = app.ok(Method::GET, "/api/v1/audit", &staff, None).await;
    let change = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|act| act["action"] == "email_changed")
        .expect("the change is in the audit");
    assert_eq!(change["changes"][0]["old"], "papa@patro.be");
    assert_eq!(change["changes"][0]["new"], "nouveau@patro.be");

    let cleared = app
        .ok(
            Method::PATCH,
            "/api/v1/me",
            &papa,
            Some(json!({"phone": null})),
        )
        .await;
    assert!(cleared.get("phone").is_none());
}

async fn changing_the_password_keeps_this_session_and_closes_the_others() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let here = app.parent_token(&staff, "papa@patro.be").await;
    let elsewhere = app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;
    let wrong = app
        .call(
            Method::PUT,
            "/api/v1/me/password",
            Some(&here),
            Some(json!({"current_password": "pas le bon", "new_password": "un nouveau mot de passe"})),
        )
        .await;
    assert_error(
        wrong,
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_current_password",
    )
    .await;
    let weak = app
        .call(
            Method::PUT,
            "/api/v1/me/password",
            Some(&here),
            Some(json!({"current_password": PARENT_PASSWORD, "new_password": "court"})),
        )
        .await;
    assert_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    let changed = app
        .call(
            Method::PUT,
            "/api/v1/me/password",
            Some(&here),
            Some(json!({"current_password": PARENT_PASSWORD, "new_password": "un nouveau mot de passe"})),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    app.ok(Method::GET, "/api/v1/me", &here, None).await;
    let closed = app
        .call(Method::GET, "/api/v1/me", Some(&elsewhere), None)
        .await;
    assert_error(closed, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    app.token("papa@patro.be", "un nouveau mot de passe", "parents")
        .await;
}

async fn a_responsable_cannot_change_their_own_role() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let me = app.ok(Method::GET, "/api/v1/me", &staff, None).await;
    let response = app
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{}/staff", me["id"]),
            Some(&staff),
            Some(json!({"role": "animateur"})),
        )
        .await;
    assert_error(response, StatusCode::CONFLICT, "own_role").await;
}
