//! `login`, `logout`, `whoami`, where the server comes from, and the exit codes every command shares.

use std::fs;

use predicates::prelude::*;
use tempatro_core::Role;
use tempatro_core::api::AccountView;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn login_with_password_stdin_then_whoami_json_names_the_staff_member() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
        .write_stdin(format!("{STAFF_PASSWORD}\n"));
    run(login).await.success().stdout(predicate::str::contains(
        "Connecté en tant que Cheffe Responsable (chef@patro-valdhaine.be, responsable)",
    ));

    let mut whoami = app.admin();
    whoami.args(["whoami", "--json"]);
    let assert = run(whoami).await.success();
    let account: AccountView =
        serde_json::from_str(&stdout_of(&assert)).expect("whoami --json is one AccountView");
    assert_eq!(account.email, STAFF_EMAIL);
    assert_eq!(account.role, Role::Responsable);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn the_session_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;

    app.log_in_as_staff().await;

    let mode = fs::metadata(app.session_file())
        .expect("login writes the session file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_password_can_come_from_the_environment() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL])
        .env("TEMPATRO_PASSWORD", STAFF_PASSWORD);

    run(login).await.success();
    assert!(app.session_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_or_a_password_login_says_how_instead_of_asking() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login.args(["login", "--email", STAFF_EMAIL]);

    run(login)
        .await
        .code(1)
        .stderr(predicate::str::contains("--password-stdin"));
    assert!(!app.session_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_with_the_servers_message() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
        .write_stdin("not the password at all\n");

    let assert = run(login).await.code(1).stdout("");
    assert!(
        !assert.get_output().stderr.is_empty(),
        "the refusal is explained on stderr"
    );
    assert!(!app.session_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_parent_cannot_log_in_to_the_staff_side() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;
    let mut approve = app.admin();
    approve.args(["accounts", "approve", PARENT_EMAIL]);
    run(approve).await.success();
    fs::remove_file(app.session_file()).unwrap();

    let mut login = app.admin();
    login
        .args(["login", "--email", PARENT_EMAIL, "--password-stdin"])
        .write_stdin(PARENT_PASSWORD);

    run(login).await.code(1).stderr(predicate::str::contains(
        "L'intranet est réservé aux animateurs",
    ));
    assert!(!app.session_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn whoami_without_a_session_asks_to_log_in() {
    let app = spawn_app().await;

    let mut whoami = app.admin();
    whoami.arg("whoami");

    run(whoami)
        .await
        .code(1)
        .stdout("")
        .stderr("Vous n'êtes pas connecté : lancez `tempatro-admin login --email …`\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_are_in_english_on_request() {
    let app = spawn_app().await;

    let mut flag = app.admin();
    flag.args(["--lang", "en", "whoami"]);
    run(flag)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("You are not logged in"));

    let mut locale = app.admin();
    locale.arg("whoami").env("LANG", "en_GB.UTF-8");
    run(locale)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("You are not logged in"));
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_revokes_the_token_and_forgets_it() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(app.session_file()).unwrap()).unwrap();
    let token = saved["token"].as_str().expect("a token").to_owned();

    let mut logout = app.admin();
    logout.arg("logout");
    run(logout)
        .await
        .success()
        .stdout(predicate::str::starts_with("Session fermée"));

    assert!(!app.session_file().exists());
    let error = app.client().with_token(token).me().await.unwrap_err();
    assert_eq!(error.status(), Some(401), "{error:?}");
    let mut again = app.admin();
    again.arg("logout");
    run(again)
        .await
        .success()
        .stdout("Vous n'étiez pas connecté\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_closed_elsewhere_asks_to_log_in_again() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(app.session_file()).unwrap()).unwrap();
    let mut elsewhere = app.client().with_token(saved["token"].as_str().unwrap());
    elsewhere.log_out().await.unwrap();

    let mut whoami = app.admin();
    whoami.arg("whoami");

    run(whoami).await.code(1).stderr(
        "Votre session a expiré ou a été fermée : lancez `tempatro-admin login --email …`\n",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_of_the_session_is_used_when_none_is_given() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut whoami = app.admin();
    whoami.arg("whoami").env_remove("TEMPATRO_SERVER");

    run(whoami)
        .await
        .success()
        .stdout(predicate::str::contains(STAFF_EMAIL));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_can_come_from_config_toml() {
    let app = spawn_app().await;
    fs::create_dir_all(&app.config_dir).unwrap();
    fs::write(
        app.config_dir.join("config.toml"),
        format!("server = \"{}\"\n", app.server.url()),
    )
    .unwrap();

    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
        .env_remove("TEMPATRO_SERVER")
        .write_stdin(STAFF_PASSWORD);

    run(login).await.success();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_any_server_the_message_says_where_to_set_one() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login
        .args(["login", "--email", STAFF_EMAIL, "--password-stdin"])
        .env_remove("TEMPATRO_SERVER")
        .write_stdin(STAFF_PASSWORD);

    run(login)
        .await
        .code(1)
        .stderr(predicate::str::contains("config.toml"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_is_never_sent_to_another_server() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    // Port 9 is closed: had the token been sent, the answer would be exit code 3.
    let mut whoami = app.admin();
    whoami.args(["--server", "http://127.0.0.1:9", "whoami"]);

    run(whoami)
        .await
        .code(1)
        .stderr(predicate::str::contains("pas à http://127.0.0.1:9/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_does_not_answer_exits_with_code_3() {
    let app = spawn_app().await;

    let mut login = app.admin();
    login
        .args(["--server", "http://127.0.0.1:9", "login"])
        .args(["--email", STAFF_EMAIL, "--password-stdin"])
        .write_stdin(STAFF_PASSWORD);

    run(login).await.code(3).stderr(predicate::str::starts_with(
        "Le serveur du Patro ne répond pas (maintenance ?) : http://127.0.0.1:9/",
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_flag_is_a_usage_error_with_code_2() {
    let config = tempfile::tempdir().unwrap();

    let mut list = admin(config.path());
    list.args(["accounts", "list", "--statut", "pending"]);

    run(list).await.code(2).stdout("");
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_are_printed_for_bash_zsh_and_fish() {
    let config = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let mut completions = admin(config.path());
        completions.args(["completions", shell]);
        run(completions).await.success().stdout(
            predicate::str::contains("tempatro-admin").and(predicate::str::contains("approve")),
        );
    }
}
