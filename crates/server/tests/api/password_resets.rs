use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PARENT_PASSWORD, TestApp, assert_error, spawn_app};

on_each_engine!(
    the_answer_is_the_same_whether_the_email_exists_or_not,
    a_code_resets_the_password_once_and_closes_open_sessions,
    a_wrong_code_is_refused_and_five_wrong_guesses_burn_the_code,
    a_new_code_replaces_the_previous_one,
    a_weak_new_password_is_refused_without_spending_the_code,
    a_code_for_an_unknown_account_is_simply_invalid,
    wrong_codes_sent_with_the_right_one_do_not_beat_the_five_attempts,
    a_stopping_server_sends_the_codes_it_queued,
);

const NEW_PASSWORD: &str = "un tout nouveau mot de passe";

async fn ask_code(app: &TestApp, email: &str) -> Value {
    let response = app
        .post("/api/v1/password-resets", json!({"email": email}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    response.json().await.unwrap()
}

fn code_in(mail: &str) -> String {
    crate::helpers::code_in(mail).expect("a code in the e-mail")
}

async fn confirm(app: &TestApp, email: &str, code: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/password-resets/confirm",
        json!({"email": email, "code": code, "new_password": password}),
    )
    .send()
    .await
    .unwrap()
}

async fn app_with_parent() -> (TestApp, String) {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa@patro.be", &staff).await;
    let token = app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;
    (app, token)
}

async fn the_answer_is_the_same_whether_the_email_exists_or_not() {
    let (app, _) = app_with_parent().await;
    let known = ask_code(&app, "papa@patro.be").await;
    let unknown = ask_code(&app, "personne@patro.be").await;
    assert_eq!(known, unknown);
    assert!(app.mails_to("personne@patro.be").await.is_empty());
}

async fn a_code_resets_the_password_once_and_closes_open_sessions() {
    let (app, old_token) = app_with_parent().await;
    ask_code(&app, "papa@patro.be").await;
    let code = code_in(app.mails_to("papa@patro.be").await.last().unwrap());

    let response = confirm(&app, "papa@patro.be", &code, NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);

    let old_session = app
        .get("/api/v1/me")
        .bearer_auth(&old_token)
        .send()
        .await
        .unwrap();
    assert_error(old_session, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_error(
        app.log_in("papa@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    app.token("papa@patro.be", NEW_PASSWORD, "parents").await;

    let reused = confirm(&app, "papa@patro.be", &code, "encore un autre mot de passe").await;
    assert_error(reused, StatusCode::BAD_REQUEST, "invalid_reset_code").await;
}

async fn a_wrong_code_is_refused_and_five_wrong_guesses_burn_the_code() {
    let (app, _) = app_with_parent().await;
    ask_code(&app, "papa@patro.be").await;
    let code = code_in(app.mails_to("papa@patro.be").await.last().unwrap());
    let wrong = if code.starts_with('0') {
        "1111 1111"
    } else {
        "0000 0000"
    };
    for _ in 0..5 {
        let body = assert_error(
            confirm(&app, "papa@patro.be", wrong, NEW_PASSWORD).await,
            StatusCode::BAD_REQUEST,
            "invalid_reset_code",
        )
        .await;
        assert_eq!(body["field"], "code");
    }
    let right_but_late = confirm(&app, "papa@patro.be", &code, NEW_PASSWORD).await;
    assert_error(
        right_but_late,
        StatusCode::BAD_REQUEST,
        "invalid_reset_code",
    )
    .await;
}

async fn a_new_code_replaces_the_previous_one() {
    let (app, _) = app_with_parent().await;
    ask_code(&app, "papa@patro.be").await;
    let first = code_in(app.mails_to("papa@patro.be").await.last().unwrap());
    ask_code(&app, "papa@patro.be").await;
    let second = code_in(app.mails_to("papa@patro.be").await.last().unwrap());
    if first != second {
        let stale = confirm(&app, "papa@patro.be", &first, NEW_PASSWORD).await;
        assert_error(stale, StatusCode::BAD_REQUEST, "invalid_reset_code").await;
    }
    let fresh = confirm(&app, "papa@patro.be", &second, NEW_PASSWORD).await;
    assert_eq!(fresh.status(), StatusCode::OK);
}

async fn a_weak_new_password_is_refused_without_spending_the_code() {
    let (app, _) = app_with_parent().await;
    ask_code(&app, "papa@patro.be").await;
    let code = code_in(app.mails_to("papa@patro.be").await.last().unwrap());
    let weak = confirm(&app, "papa@patro.be", &code, "court").await;
    let body = assert_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "password");
    let strong = confirm(&app, "papa@patro.be", &code, NEW_PASSWORD).await;
    assert_eq!(strong.status(), StatusCode::OK);
}

async fn a_code_for_an_unknown_account_is_simply_invalid() {
    let app = spawn_app().await;
    let response = confirm(&app, "personne@patro.be", "1234 5678", NEW_PASSWORD).await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_reset_code").await;
}

async fn wrong_codes_sent_with_the_right_one_do_not_beat_the_five_attempts() {
    let (app, _) = app_with_parent().await;
    for round in 0..4 {
        ask_code(&app, "papa@patro.be").await;
        let code = code_in(app.mails_to("papa@patro.be").await.last().unwrap()).replace(' ', "");
        let app = &app;
        let wrong = |n: u32| {
            let guess = format!("{:08}", (code.parse::<u32>().unwrap() + n) % 100_000_000);
            async move { confirm(app, "papa@patro.be", &guess, NEW_PASSWORD).await }
        };
        let guesses = futures_util::future::join_all((1..=15).map(wrong));
        let right = confirm(app, "papa@patro.be", &code, NEW_PASSWORD);
        let (guesses, right) = tokio::join!(guesses, right);
        for response in guesses {
            assert_error(response, StatusCode::BAD_REQUEST, "invalid_reset_code").await;
        }
        // Every try is counted before it is compared: never more than five are counted against
        // a code, so at most four wrong ones were compared before a right one that passes.
        let counted = app
            .sql("SELECT MAX(attempts) FROM password_resets")
            .await
            .unwrap_or(0);
        assert!(counted <= 5, "round {round}: {counted} tries counted");
        if right.status() == StatusCode::OK {
            assert_eq!(counted, 0, "round {round}: a spent code is gone");
        } else {
            assert_error(right, StatusCode::BAD_REQUEST, "invalid_reset_code").await;
            assert_eq!(counted, 5, "round {round}: the code is used up");
        }
        // Whatever happened, the code is dead now.
        assert_error(
            confirm(app, "papa@patro.be", &code, NEW_PASSWORD).await,
            StatusCode::BAD_REQUEST,
            "invalid_reset_code",
        )
        .await;
    }
}

async fn a_stopping_server_sends_the_codes_it_queued() {
    let (app, _) = app_with_parent().await;
    let before = app.mails_to("papa@patro.be").await.len();
    // A second server on the same outbox, stopped as soon as it has answered.
    let server = app.second_server().await;
    let asked = app
        .http
        .post(format!("{}/api/v1/password-resets", server.url()))
        .json(&json!({"email": "papa@patro.be"}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    server.stop().await.unwrap();
    let mails = app.mails_to("papa@patro.be").await;
    assert_eq!(mails.len(), before + 1);
    assert!(code_in(mails.last().unwrap()).len() == 9, "{mails:?}");
}
