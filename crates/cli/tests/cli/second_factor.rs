//! `2fa enable | disable`, `login --code`, and `staff disable`.

use predicates::prelude::*;
use serde_json::Value;
use tempatro_core::Role;
use totp_rs::{Builder, Secret};

use crate::helpers::*;

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
    time::OffsetDateTime::now_utc().unix_timestamp() / 30
}

/// Enables the second factor with the binary, as a script does; returns the secret, the step of
/// the confirming code and the recovery codes.
async fn enable(app: &TestApp) -> (String, i64, Vec<String>) {
    let started: Value = app.admin_json(&["2fa", "enable"]).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    assert!(
        started["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let step = current_step();
    let confirmed: Value = app
        .admin_json(&["2fa", "enable", "--code", &code_at(&secret, step)])
        .await;
    let codes = confirmed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap().to_owned())
        .collect();
    (secret, step, codes)
}

fn login(app: &TestApp, extra: &[&str]) -> assert_cmd::Command {
    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
        .args(extra)
        .write_stdin(format!("{STAFF_PASSWORD}\n"));
    login
}

#[tokio::test(flavor = "multi_thread")]
async fn enabling_shows_the_secret_and_qr_code_then_login_needs_a_code() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    // For a person: the QR code, the secret, and how to confirm.
    let mut start = app.admin();
    start.args(["2fa", "enable"]);
    let shown = run(start).await.success();
    let stdout = stdout_of(&shown);
    assert!(stdout.contains('█') || stdout.contains('▀'), "{stdout}");
    assert!(stdout.contains("Secret (à saisir"), "{stdout}");
    assert!(stderr_of(&shown).contains("2fa enable --code"));

    // A script starts again (the secret is replaced) and confirms with the new one.
    let (secret, step, codes) = enable(&app).await;
    assert_eq!(codes.len(), 10);

    let mut bare = login(&app, &[]);
    bare.env_remove("TEMPATRO_PASSWORD");
    run(bare)
        .await
        .code(2)
        .stderr(predicate::str::contains("--code"));
    run(login(&app, &["--code", "000000"]))
        .await
        .code(1)
        .stderr(predicate::str::contains(
            "Code de double authentification incorrect",
        ));
    run(login(&app, &["--code", &code_at(&secret, step + 1)]))
        .await
        .success()
        .stdout(predicate::str::contains("Connecté en tant que"));
    run(login(&app, &["--recovery-code", &codes[0]]))
        .await
        .success();
    run(login(&app, &["--recovery-code", &codes[0]]))
        .await
        .code(1);
}

#[tokio::test(flavor = "multi_thread")]
async fn disabling_needs_a_code() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let (_, _, codes) = enable(&app).await;

    let mut without = app.admin();
    without.args(["2fa", "disable"]);
    run(without)
        .await
        .code(2)
        .stderr(predicate::str::contains("--code, --recovery-code"));
    let mut wrong = app.admin();
    wrong.args(["2fa", "disable", "--code", "000000"]);
    run(wrong)
        .await
        .code(1)
        .stderr(predicate::str::contains("Code : incorrect"));
    let disabled: Value = app
        .admin_json(&["2fa", "disable", "--recovery-code", &codes[9]])
        .await;
    assert_eq!(disabled["second_factor"], "disabled");
    run(login(&app, &[])).await.success();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_responsable_without_second_factor_is_told_at_login() {
    let app = spawn_app().await;
    run(login(&app, &[]))
        .await
        .success()
        .stderr(predicate::str::contains("tempatro-admin 2fa enable"));
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_disable_ends_a_colleague_and_refuses_the_last_responsable() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    tempatro_server::create_staff(
        &app.database_url,
        ANIMATEUR_EMAIL,
        "Anim",
        "Ateur",
        Role::Animateur,
        STAFF_PASSWORD,
    )
    .await
    .unwrap();
    let mut colleague = app.client();
    colleague
        .log_in(
            ANIMATEUR_EMAIL,
            STAFF_PASSWORD,
            tempatro_core::Portal::Staff,
        )
        .await
        .unwrap();

    let mut unconfirmed = app.admin();
    unconfirmed.args(["staff", "disable", ANIMATEUR_EMAIL]);
    run(unconfirmed)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    let disabled = app
        .admin_ok(&["staff", "disable", ANIMATEUR_EMAIL, "--yes"])
        .await;
    assert!(
        disabled.contains("désactivé : ses sessions sont fermées"),
        "{disabled}"
    );
    assert_eq!(colleague.me().await.unwrap_err().status(), Some(401));

    let mut last = app.admin();
    last.args(["staff", "disable", STAFF_EMAIL, "--yes"]);
    run(last)
        .await
        .code(1)
        .stderr(predicate::str::contains("dernier responsable actif"));
}
