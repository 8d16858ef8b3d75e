//! `tokens create | list | revoke`, and scripts acting with a token from `TEMPATRO_TOKEN` or
//! `--token-file` instead of a session, against the real server.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempatro_core::TokenScope;
use tempatro_core::api::{DueView, ReminderReport, TokenCreated, TokenView};

use crate::helpers::*;

/// `tokens create` by the logged-in responsable; the secret from stdout, alone on its line.
async fn create_token(app: &TestApp, name: &str, scope: &str) -> String {
    let stdout = app
        .admin_ok(&["tokens", "create", "--name", name, "--scope", scope])
        .await;
    let token = stdout.trim_end_matches('\n');
    assert!(
        token.starts_with("tpt_") && !token.contains(char::is_whitespace),
        "the token alone on stdout: {stdout:?}"
    );
    token.to_owned()
}

/// The binary as a cron job runs it: its own configuration folder with no session in it, the
/// server from `TEMPATRO_SERVER` and the token from `TEMPATRO_TOKEN`.
fn script(app: &TestApp, config_dir: &Path, token: &str) -> Command {
    let mut command = admin(config_dir);
    command
        .env("TEMPATRO_SERVER", app.server.url())
        .env("TEMPATRO_TOKEN", token);
    command
}

/// The responsable logged in, the current cycle open and Billy added: one due, 45 €, unpaid.
async fn billy_owes_his_affiliation(app: &TestApp) {
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    app.add_billy().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_prints_the_token_once_on_stdout_and_the_advice_on_stderr() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut create = app.admin();
    create.args([
        "tokens",
        "create",
        "--name",
        "releves-nocturnes",
        "--scope",
        "payments",
    ]);
    let assert = run(create).await.success();
    let stdout = stdout_of(&assert);
    assert!(stdout.starts_with("tpt_"), "{stdout:?}");
    assert_eq!(stdout.lines().count(), 1, "the token alone: {stdout:?}");
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("Jeton « releves-nocturnes » créé (portée paiements, valable jusqu'au ")
            && stderr.contains("il ne sera plus affiché"),
        "{stderr}"
    );

    let created: TokenCreated = app
        .admin_json(&["tokens", "create", "--name", "exports", "--scope", "export"])
        .await;
    assert!(created.token.starts_with("tpt_"), "{created:?}");
    assert_eq!(created.view.name, "exports");
    assert_eq!(created.view.scope, TokenScope::Export);
    assert_eq!(created.view.created_by, "Cheffe Responsable");
    assert_eq!(created.view.last_used_at, None);
    assert_eq!(
        created.view.expires_at - created.view.created_at,
        time::Duration::days(365),
        "a year unless told"
    );
    let quarterly: TokenCreated = app
        .admin_json(&[
            "tokens",
            "create",
            "--name",
            "trimestre",
            "--scope",
            "read",
            "--expires",
            "12w",
        ])
        .await;
    assert_eq!(
        quarterly.view.expires_at - quarterly.view.created_at,
        time::Duration::days(84)
    );
    // A lifetime that does not read, or is too long, is told before anything is sent.
    for (expires, refusal) in [
        ("3 mois", "--expires : durée illisible"),
        (
            "731d",
            "--expires : un jeton vit au plus 730 jours (deux ans)",
        ),
    ] {
        let mut refused = app.admin();
        refused.args([
            "tokens",
            "create",
            "--name",
            "refuse",
            "--scope",
            "read",
            "--expires",
            expires,
        ]);
        run(refused)
            .await
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with(refusal));
    }

    // A name the server would refuse is told before anything is sent, naming its flag.
    let mut bad = app.admin();
    bad.args([
        "tokens",
        "create",
        "--name",
        "avec espace",
        "--scope",
        "read",
    ]);
    run(bad)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with("--name : "));
    // A scope that does not exist is a usage error.
    let mut unknown = app.admin();
    unknown.args(["tokens", "create", "--name", "x", "--scope", "tout"]);
    run(unknown).await.code(2);
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_the_tokens_and_when_they_were_used_never_their_secret() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let secret = create_token(&app, "releves-nocturnes", "payments").await;

    let table = app.admin_ok(&["tokens", "list"]).await;
    for expected in [
        "Nom",
        "Portée",
        "Créé par",
        "Dernière utilisation",
        "releves-nocturnes",
        "paiements",
        "Cheffe Responsable",
        "jamais",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
    assert!(!table.contains(&secret), "{table}");

    let dir = tempfile::tempdir().unwrap();
    let mut used = script(&app, dir.path(), &secret);
    used.args(["payments", "list", "--json"]);
    run(used).await.success();

    let mut list = app.admin();
    list.args(["tokens", "list", "--json"]);
    let stdout = stdout_of(&run(list).await.success());
    assert!(!stdout.contains(&secret), "{stdout}");
    assert!(!stdout.contains("tpt_"), "{stdout}");
    let tokens: Vec<TokenView> = serde_json::from_str(&stdout).expect("a list of tokens");
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    assert_eq!(tokens[0].name, "releves-nocturnes");
    assert_eq!(tokens[0].scope, TokenScope::Payments);
    assert!(tokens[0].last_used_at.is_some(), "{tokens:?}");

    assert!(table.contains("Expire le"), "{table}");
    let english = app.admin_ok(&["--lang", "en", "tokens", "list"]).await;
    for expected in ["Scope", "Last used", "Expires on", "payments"] {
        assert!(english.contains(expected), "{expected:?} in\n{english}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payments_token_reads_and_reminds_but_cannot_add_a_child() {
    let app = spawn_app().await;
    billy_owes_his_affiliation(&app).await;
    let token = create_token(&app, "releves-nocturnes", "payments").await;
    // A configuration folder with no session: the token alone lets the script in.
    let cron = tempfile::tempdir().unwrap();

    let mut list = script(&app, cron.path(), &token);
    list.args(["payments", "list", "--json"]);
    let stdout = stdout_of(&run(list).await.success());
    let dues: Vec<DueView> = serde_json::from_str(&stdout).expect("a list of dues");
    assert_eq!(dues.len(), 1, "{dues:?}");

    let mut remind = script(&app, cron.path(), &token);
    remind.args(["payments", "remind", "--dry-run", "--json"]);
    let stdout = stdout_of(&run(remind).await.success());
    let report: ReminderReport = serde_json::from_str(&stdout).expect("a reminder report");
    assert!(report.dry_run);

    let mut add = script(&app, cron.path(), &token);
    add.args([
        "children",
        "add",
        "--first-name",
        "Bobby",
        "--last-name",
        "LE PIVERT",
        "--birth-date",
        "02/06/2019",
    ]);
    run(add)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "Ce jeton (portée « paiements ») ne permet pas cette action",
        ));
    assert!(
        !cron.path().join("admin-session.json").exists(),
        "a script never saves a session"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_file_is_read_when_private_and_refused_when_others_can_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    billy_owes_his_affiliation(&app).await;
    let token = create_token(&app, "releves", "payments").await;
    let cron = tempfile::tempdir().unwrap();
    let file = cron.path().join("releves.token");
    // As `tokens create > fichier` leaves it: the token and a newline.
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let file_arg = file.to_str().unwrap();
    let with_file = || {
        let mut command = admin(cron.path());
        command.env("TEMPATRO_SERVER", app.server.url()).args([
            "--token-file",
            file_arg,
            "payments",
            "list",
            "--json",
        ]);
        command
    };

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let stdout = stdout_of(&run(with_file()).await.success());
    let dues: Vec<DueView> = serde_json::from_str(&stdout).expect("a list of dues");
    assert_eq!(dues.len(), 1, "{dues:?}");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    run(with_file())
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "accessible à d'autres que vous (droits 644)",
        ))
        .stderr(predicate::str::contains(format!("chmod 600 {file_arg}")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_token_is_refused_at_once() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let token = create_token(&app, "releves-nocturnes", "payments").await;
    let cron = tempfile::tempdir().unwrap();
    let mut before = script(&app, cron.path(), &token);
    before.args(["payments", "list"]);
    run(before).await.success();

    // Without a terminal the confirmation is a flag, and an unknown name is told as such.
    let mut unconfirmed = app.admin();
    unconfirmed.args(["tokens", "revoke", "releves-nocturnes"]);
    run(unconfirmed)
        .await
        .code(1)
        .stderr(predicate::str::contains("relancez avec --yes"));
    let mut unknown = app.admin();
    unknown.args(["tokens", "revoke", "inconnu", "--yes"]);
    run(unknown)
        .await
        .code(1)
        .stderr("Aucun jeton nommé « inconnu » (voyez `tempatro-admin tokens list`)\n");

    let stdout = app
        .admin_ok(&["tokens", "revoke", "releves-nocturnes", "--yes"])
        .await;
    assert_eq!(
        stdout,
        "Jeton « releves-nocturnes » révoqué : les scripts qui l'utilisent sont refusés dès maintenant.\n"
    );
    let mut after = script(&app, cron.path(), &token);
    after.args(["payments", "list"]);
    run(after)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "Jeton refusé par le serveur (session expirée ou inexistante) : le jeton de TEMPATRO_TOKEN est inconnu, a été révoqué",
        ));
    let tokens: Vec<TokenView> = app.admin_json(&["tokens", "list"]).await;
    assert!(tokens.is_empty(), "{tokens:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_cannot_create_list_or_revoke_tokens() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let token = create_token(&app, "import-nocturne", "import").await;
    let cron = tempfile::tempdir().unwrap();

    // Tokens are beyond every scope, reading them included.
    let beyond_the_scope = "Ce jeton (portée « imports ») ne permet pas cette action";
    for (args, refusal) in [
        (
            &[
                "tokens",
                "create",
                "--name",
                "plus-de-droits",
                "--scope",
                "payments",
            ][..],
            beyond_the_scope,
        ),
        (
            &["tokens", "revoke", "import-nocturne", "--yes"],
            beyond_the_scope,
        ),
        (&["tokens", "list"], beyond_the_scope),
    ] {
        let mut command = script(&app, cron.path(), &token);
        command.args(args);
        run(command)
            .await
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(refusal));
    }
    let tokens: Vec<TokenView> = app.admin_json(&["tokens", "list"]).await;
    assert_eq!(tokens.len(), 1, "{tokens:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_in_the_environment_does_not_stand_in_for_the_session_at_logout() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let token = create_token(&app, "releves", "payments").await;

    let mut logout = app.admin();
    logout.env("TEMPATRO_TOKEN", &token).arg("logout");
    run(logout)
        .await
        .success()
        .stdout(predicate::str::starts_with("Session fermée sur "));
    assert!(!app.session_file().exists());

    // The token still works, and the session is gone for the commands without it.
    let mut with_token = app.admin();
    with_token
        .env("TEMPATRO_TOKEN", &token)
        .args(["payments", "list"]);
    run(with_token).await.success();
    let mut without = app.admin();
    without.args(["tokens", "list"]);
    run(without)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("Vous n'êtes pas connecté"));
}
