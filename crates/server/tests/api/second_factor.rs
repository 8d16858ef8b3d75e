//! Staff's second factor (enrolment, login, replay, recovery codes, removal, grace period, the
//! operator's reset), off-boarding (disable, demotion) and the staff's session lifetimes.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::OffsetDateTime;
use totp_rs::{Builder, Secret};

use tempatro_core::Role;

use crate::helpers::{
    STAFF_EMAIL, STAFF_PASSWORD, TestApp, assert_error, spawn_app, spawn_app_with,
};

on_each_engine!(
    a_second_factor_is_enrolled_then_asked_at_each_login,
    a_code_is_good_once_and_a_recovery_code_is_spent,
    only_staff_in_person_manage_a_second_factor,
    turning_the_second_factor_off_needs_a_code,
    a_responsable_without_second_factor_is_told_then_refused,
    the_operator_resets_a_lost_phone,
    disabling_an_account_ends_its_sessions_and_tokens,
    demoting_a_responsable_ends_its_sessions_and_tokens,
    the_last_active_responsable_cannot_be_disabled,
    staff_sessions_end_after_hours_unused_and_days_in_all,
    second_factors_and_off_boarding_are_audited,
);

/// The code an authenticator app shows at time step `step`.
fn code_at(secret: &str, step: i64) -> String {
    Builder::new()
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(u64::try_from(step * 30).unwrap())
        .to_string()
}

fn current_step() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp() / 30
}

async fn log_in_with(app: &TestApp, email: &str, extra: Value) -> reqwest::Response {
    let mut body = json!({"email": email, "password": STAFF_PASSWORD, "portal": "staff"});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.post("/api/v1/sessions", body).send().await.unwrap()
}

/// Enrols `token`'s account; returns the secret, the step of the confirming code, and the
/// recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, i64, Vec<String>) {
    let started = app
        .call(Method::POST, "/api/v1/me/second-factor", Some(token), None)
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    let step = current_step();
    let confirmed = app
        .ok(
            Method::POST,
            "/api/v1/me/second-factor/confirmation",
            token,
            Some(json!({"totp": code_at(&secret, step)})),
        )
        .await;
    let codes = confirmed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap().to_owned())
        .collect();
    (secret, step, codes)
}

async fn account_id(app: &TestApp, staff: &str, email: &str) -> i64 {
    let accounts = app
        .ok(
            Method::GET,
            &format!("/api/v1/accounts?email={email}"),
            staff,
            None,
        )
        .await;
    accounts[0]["id"].as_i64().unwrap()
}

async fn database(app: &TestApp) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(&app.config.database_url)
        .await
        .expect("the test reaches its database")
}

async fn a_second_factor_is_enrolled_then_asked_at_each_login() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let started = app
        .call(Method::POST, "/api/v1/me/second-factor", Some(&staff), None)
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap();
    let url = started["otpauth_url"].as_str().unwrap();
    assert!(url.starts_with("otpauth://totp/"), "{url}");
    assert!(url.contains(&format!("secret={secret}")), "{url}");

    // Not active until a first code confirms it.
    assert_eq!(
        log_in_with(&app, STAFF_EMAIL, json!({})).await.status(),
        StatusCode::CREATED
    );
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/me/second-factor/confirmation",
            Some(&staff),
            Some(json!({"totp": "000000"})),
        )
        .await;
    let body = assert_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "totp_invalid").await;
    assert_eq!(body["field"], "totp");
    let step = current_step();
    let confirmed = app
        .ok(
            Method::POST,
            "/api/v1/me/second-factor/confirmation",
            &staff,
            Some(json!({"totp": code_at(secret, step)})),
        )
        .await;
    let codes = confirmed["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    // A second enrolment would replace the phone without proof of the first.
    let again = app
        .call(Method::POST, "/api/v1/me/second-factor", Some(&staff), None)
        .await;
    assert_error(again, StatusCode::CONFLICT, "second_factor_active").await;

    let bare = log_in_with(&app, STAFF_EMAIL, json!({})).await;
    let body = assert_error(bare, StatusCode::UNAUTHORIZED, "totp_required").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("code à six chiffres"),
        "{body}"
    );
    // The parents' side is no way around it.
    let parents = app
        .post(
            "/api/v1/sessions",
            json!({"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "portal": "parents"}),
        )
        .send()
        .await
        .unwrap();
    assert_error(parents, StatusCode::UNAUTHORIZED, "totp_required").await;
    let wrong = log_in_with(&app, STAFF_EMAIL, json!({"totp": "123456"})).await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "totp_invalid").await;
    let right = log_in_with(
        &app,
        STAFF_EMAIL,
        json!({"totp": code_at(secret, step + 1)}),
    )
    .await;
    assert_eq!(right.status(), StatusCode::CREATED);
    let session: Value = right.json().await.unwrap();
    // An account with a second factor is not nagged about it.
    assert!(session.get("notice").is_none(), "{session}");
    app.ok(
        Method::GET,
        "/api/v1/me",
        session["token"].as_str().unwrap(),
        None,
    )
    .await;
}

async fn a_code_is_good_once_and_a_recovery_code_is_spent() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let (secret, step, codes) = enrol(&app, &staff).await;
    // The confirming code itself cannot open a session.
    let replayed = log_in_with(&app, STAFF_EMAIL, json!({"totp": code_at(&secret, step)})).await;
    assert_error(replayed, StatusCode::UNAUTHORIZED, "totp_invalid").await;
    let next = code_at(&secret, step + 1);
    assert_eq!(
        log_in_with(&app, STAFF_EMAIL, json!({"totp": next}))
            .await
            .status(),
        StatusCode::CREATED
    );
    let replayed = log_in_with(&app, STAFF_EMAIL, json!({"totp": next})).await;
    assert_error(replayed, StatusCode::UNAUTHORIZED, "totp_invalid").await;

    // Typed in capitals and with spaces, the recovery code still reads.
    let typed = codes[0].to_uppercase().replace('-', " ");
    assert_eq!(
        log_in_with(&app, STAFF_EMAIL, json!({"recovery_code": typed}))
            .await
            .status(),
        StatusCode::CREATED
    );
    let spent = log_in_with(&app, STAFF_EMAIL, json!({"recovery_code": codes[0]})).await;
    assert_error(spent, StatusCode::UNAUTHORIZED, "totp_invalid").await;
    assert_eq!(
        log_in_with(&app, STAFF_EMAIL, json!({"recovery_code": codes[1]}))
            .await
            .status(),
        StatusCode::CREATED
    );
}

async fn only_staff_in_person_manage_a_second_factor() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let parent = app.parent_token(&staff, "papa@patro.be").await;
    let refused = app
        .call(
            Method::POST,
            "/api/v1/me/second-factor",
            Some(&parent),
            None,
        )
        .await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &staff,
            Some(json!({"name": "script", "scope": "read"})),
        )
        .await;
    let token = created["token"].as_str().unwrap();
    // A token is refused whatever its scope: its scope already, and the route asks for a person.
    let refused = app
        .call(Method::POST, "/api/v1/me/second-factor", Some(token), None)
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Nothing waits for a code until an enrolment starts.
    let early = app
        .call(
            Method::POST,
            "/api/v1/me/second-factor/confirmation",
            Some(&staff),
            Some(json!({"totp": "123456"})),
        )
        .await;
    assert_error(early, StatusCode::CONFLICT, "no_enrolment").await;
}

async fn turning_the_second_factor_off_needs_a_code() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let off = |body: Value| {
        app.call(
            Method::DELETE,
            "/api/v1/me/second-factor",
            Some(&staff),
            Some(body),
        )
    };
    assert_error(
        off(json!({})).await,
        StatusCode::CONFLICT,
        "no_second_factor",
    )
    .await;
    let (_, _, codes) = enrol(&app, &staff).await;
    assert_error(
        off(json!({})).await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
    assert_error(
        off(json!({"totp": "000000"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "totp_invalid",
    )
    .await;
    assert_eq!(
        off(json!({"recovery_code": codes[3]})).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        log_in_with(&app, STAFF_EMAIL, json!({})).await.status(),
        StatusCode::CREATED
    );
}

async fn a_responsable_without_second_factor_is_told_then_refused() {
    let app = spawn_app().await;
    app.create_staff(STAFF_EMAIL, Role::Responsable).await;
    let told = log_in_with(&app, STAFF_EMAIL, json!({})).await;
    assert_eq!(told.status(), StatusCode::CREATED);
    let told: Value = told.json().await.unwrap();
    let notice = told["notice"].as_str().unwrap();
    assert!(notice.contains("double authentification"), "{notice}");
    assert!(notice.contains("tempatro-admin 2fa enable"), "{notice}");

    let strict = spawn_app_with(|config| {
        config.staff_second_factor_grace = time::Duration::ZERO;
    })
    .await;
    strict.create_staff(STAFF_EMAIL, Role::Responsable).await;
    strict.create_staff("anim@patro.be", Role::Animateur).await;
    let refused = log_in_with(&strict, STAFF_EMAIL, json!({})).await;
    assert_error(refused, StatusCode::FORBIDDEN, "second_factor_required").await;
    // Animateurs may choose; only responsables must.
    let animateur = log_in_with(&strict, "anim@patro.be", json!({})).await;
    assert_eq!(animateur.status(), StatusCode::CREATED);
    let animateur: Value = animateur.json().await.unwrap();
    assert!(animateur.get("notice").is_none(), "{animateur}");

    // Enrolled within the grace, a responsable logs in with a code as usual once it is over.
    let enrolled = spawn_app_with(|config| {
        config.staff_second_factor_grace = time::Duration::days(1);
    })
    .await;
    enrolled.create_staff(STAFF_EMAIL, Role::Responsable).await;
    let token = enrolled.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    let (secret, step, _) = enrol(&enrolled, &token).await;
    let mut db = database(&enrolled).await;
    sqlx::query("UPDATE accounts SET responsable_since = responsable_since - 2 * 86400")
        .execute(&mut db)
        .await
        .unwrap();
    let in_time = log_in_with(
        &enrolled,
        STAFF_EMAIL,
        json!({"totp": code_at(&secret, step + 1)}),
    )
    .await;
    assert_eq!(in_time.status(), StatusCode::CREATED);
}

fn reset_2fa(database_url: &str, email: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tempatro-server"))
        .args([
            "staff",
            "reset-2fa",
            "--email",
            email,
            "--database",
            database_url,
        ])
        .output()
        .expect("the server binary runs")
}

async fn the_operator_resets_a_lost_phone() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    enrol(&app, &staff).await;
    let output = reset_2fa(&app.config.database_url, STAFF_EMAIL);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("Double authentification retirée"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Sessions opened with the lost phone end; the password alone opens one again, with the
    // notice to enrol a new phone.
    let ended = app
        .call(Method::GET, "/api/v1/me", Some(&staff), None)
        .await;
    assert_error(ended, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let again = log_in_with(&app, STAFF_EMAIL, json!({})).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert!(again["notice"].is_string(), "{again}");

    let unknown = reset_2fa(&app.config.database_url, "personne@patro.be");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("aucun compte"));
}

/// A second responsable, logged in, with an API token; returns (id, session, token).
async fn colleague(app: &TestApp, staff: &str) -> (i64, String, String) {
    app.create_staff("adjoint@patro.be", Role::Responsable)
        .await;
    let id = account_id(app, staff, "adjoint@patro.be").await;
    let session = app.token("adjoint@patro.be", STAFF_PASSWORD, "staff").await;
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &session,
            Some(json!({"name": "export-adjoint", "scope": "read"})),
        )
        .await;
    let token = created["token"].as_str().unwrap().to_owned();
    app.ok(Method::GET, "/api/v1/children", &token, None).await;
    (id, session, token)
}

async fn disabling_an_account_ends_its_sessions_and_tokens() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let (id, session, token) = colleague(&app, &staff).await;
    let disabled = app
        .ok(
            Method::POST,
            &format!("/api/v1/accounts/{id}/disable"),
            &staff,
            None,
        )
        .await;
    assert_eq!(disabled["status"], "disabled");
    for secret in [&session, &token] {
        let refused = app
            .call(Method::GET, "/api/v1/children", Some(secret), None)
            .await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    }
    let listed = app.ok(Method::GET, "/api/v1/tokens", &staff, None).await;
    assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
    let login = log_in_with(&app, "adjoint@patro.be", json!({})).await;
    assert_error(login, StatusCode::FORBIDDEN, "account_disabled").await;
    let twice = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/disable"),
            Some(&staff),
            None,
        )
        .await;
    assert_error(twice, StatusCode::CONFLICT, "conflict").await;
}

async fn demoting_a_responsable_ends_its_sessions_and_tokens() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let (id, session, token) = colleague(&app, &staff).await;
    enrol(&app, &session).await;
    let with_sections = app
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{id}/staff"),
            Some(&staff),
            Some(json!({"role": "parent", "sections": ["Poussins"]})),
        )
        .await;
    assert_error(
        with_sections,
        StatusCode::UNPROCESSABLE_ENTITY,
        "sections_for_parent",
    )
    .await;
    let demoted = app
        .ok(
            Method::PUT,
            &format!("/api/v1/accounts/{id}/staff"),
            &staff,
            Some(json!({"role": "parent", "sections": []})),
        )
        .await;
    assert_eq!(demoted["account"]["role"], "parent");
    for secret in [&session, &token] {
        let refused = app
            .call(Method::GET, "/api/v1/me", Some(secret), None)
            .await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    }
    let staff_side = log_in_with(&app, "adjoint@patro.be", json!({})).await;
    assert_error(staff_side, StatusCode::FORBIDDEN, "staff_only").await;
    // A parent's app asks for no second factor: a parent has none.
    let parents_side = app
        .post(
            "/api/v1/sessions",
            json!({"email": "adjoint@patro.be", "password": STAFF_PASSWORD, "portal": "parents"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(parents_side.status(), StatusCode::CREATED);
}

async fn the_last_active_responsable_cannot_be_disabled() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let me = account_id(&app, &staff, STAFF_EMAIL).await;
    let refused = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{me}/disable"),
            Some(&staff),
            None,
        )
        .await;
    let body = assert_error(refused, StatusCode::CONFLICT, "last_responsable").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("dernier responsable actif"),
        "{body}"
    );
    // With a colleague, one may leave: the colleague stays to manage the Patro.
    let (other, other_session, _) = colleague(&app, &staff).await;
    app.ok(
        Method::POST,
        &format!("/api/v1/accounts/{me}/disable"),
        &staff,
        None,
    )
    .await;
    let refused = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{other}/disable"),
            Some(&other_session),
            None,
        )
        .await;
    assert_error(refused, StatusCode::CONFLICT, "last_responsable").await;
}

async fn staff_sessions_end_after_hours_unused_and_days_in_all() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let parent = app.parent_token(&staff, "papa@patro.be").await;
    let session: Value = log_in_with(&app, STAFF_EMAIL, json!({}))
        .await
        .json()
        .await
        .unwrap();
    let expires = OffsetDateTime::parse(
        session["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let days = (expires - OffsetDateTime::now_utc()).whole_hours();
    assert!((7 * 24 - 1..=7 * 24).contains(&days), "{days} hours");
    let second = session["token"].as_str().unwrap();

    let mut db = database(&app).await;
    let age = |hours: i64, role: &'static str| {
        format!(
            "UPDATE sessions SET last_used_at = last_used_at - {}
             WHERE account_id IN (SELECT id FROM accounts WHERE role = '{role}')",
            hours * 3600
        )
    };
    // Eleven hours unused: still open, and the use moves the idle limit on.
    sqlx::query(sqlx::AssertSqlSafe(age(11, "responsable")))
        .execute(&mut db)
        .await
        .unwrap();
    app.ok(Method::GET, "/api/v1/me", &staff, None).await;
    app.server.settle().await;
    sqlx::query(sqlx::AssertSqlSafe(age(11, "responsable")))
        .execute(&mut db)
        .await
        .unwrap();
    app.ok(Method::GET, "/api/v1/me", &staff, None).await;
    // The other session was not used for 22 hours: over.
    let idle = app
        .call(Method::GET, "/api/v1/me", Some(second), None)
        .await;
    assert_error(idle, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // A parent's session has no idle limit.
    sqlx::query(sqlx::AssertSqlSafe(age(24 * 20, "parent")))
        .execute(&mut db)
        .await
        .unwrap();
    app.ok(Method::GET, "/api/v1/me", &parent, None).await;

    // However often it is used, a staff session ends after its days.
    sqlx::query(
        "UPDATE sessions SET expires_at = created_at - 1
         WHERE account_id IN (SELECT id FROM accounts WHERE role = 'responsable')",
    )
    .execute(&mut db)
    .await
    .unwrap();
    let over = app
        .call(Method::GET, "/api/v1/me", Some(&staff), None)
        .await;
    assert_error(over, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn second_factors_and_off_boarding_are_audited() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let (_, _, codes) = enrol(&app, &staff).await;
    app.call(
        Method::DELETE,
        "/api/v1/me/second-factor",
        Some(&staff),
        Some(json!({"recovery_code": codes[0]})),
    )
    .await;
    let (id, _, _) = colleague(&app, &staff).await;
    app.ok(
        Method::PUT,
        &format!("/api/v1/accounts/{id}/staff"),
        &staff,
        Some(json!({"role": "animateur", "sections": ["Poussins"]})),
    )
    .await;
    assert!(
        reset_2fa(&app.config.database_url, "adjoint@patro.be")
            .status
            .success()
    );
    app.ok(
        Method::POST,
        &format!("/api/v1/accounts/{id}/disable"),
        &staff,
        None,
    )
    .await;

    let acts = app.ok(Method::GET, "/api/v1/audit", &staff, None).await;
    let acts = acts.as_array().unwrap();
    let act = |action: &str| {
        acts.iter()
            .find(|act| act["action"] == action)
            .unwrap_or_else(|| panic!("no {action} in {acts:?}"))
            .clone()
    };
    let me = act("second_factor_enabled");
    assert!(me["actor"].as_str().unwrap().contains(STAFF_EMAIL), "{me}");
    assert_eq!(me["account"], STAFF_EMAIL);
    act("second_factor_disabled");
    let changed = act("staff_changed");
    assert_eq!(
        changed["changes"],
        json!([
            {"field": "role", "old": "responsable", "new": "animateur"},
            {"field": "sections", "old": null, "new": "Poussins"},
        ])
    );
    let reset = act("second_factor_reset");
    assert_eq!(reset["actor"], "opérateur du serveur");
    assert_eq!(reset["account"], "adjoint@patro.be");
    let disabled = act("account_disabled");
    assert_eq!(disabled["account"], "adjoint@patro.be");
}
