//! `accounts list | approve | reject` against the real server.

use predicates::prelude::*;
use tempatro_core::api::AccountView;
use tempatro_core::{AccountStatus, Role};

use crate::helpers::*;

const MAMAN_EMAIL: &str = "maman.billy@example.be";

#[tokio::test(flavor = "multi_thread")]
async fn list_pending_json_decodes_back_into_the_pending_accounts() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.sign_up("Maman", "de Billy", MAMAN_EMAIL).await;
    app.log_in_as_staff().await;

    let mut list = app.admin();
    list.args(["accounts", "list", "--status", "pending", "--json"]);
    let assert = run(list).await.success();

    let accounts: Vec<AccountView> =
        serde_json::from_str(&stdout_of(&assert)).expect("a JSON array of AccountView");
    let listed: Vec<(&str, String, AccountStatus, bool)> = accounts
        .iter()
        .map(|a| (a.email.as_str(), a.full_name(), a.status, a.email_verified))
        .collect();
    assert_eq!(
        listed,
        [
            (
                PARENT_EMAIL,
                "Papa de Billy".to_owned(),
                AccountStatus::Pending,
                true
            ),
            (
                MAMAN_EMAIL,
                "Maman de Billy".to_owned(),
                AccountStatus::Pending,
                true
            ),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_a_table_for_people() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;

    let mut list = app.admin();
    list.args(["accounts", "list"]);
    let assert = run(list).await.success();

    let table = stdout_of(&assert);
    // The server's clock is UTC, as the table's day is.
    let created = tempatro_core::date::short(time::OffsetDateTime::now_utc().date());
    for expected in [
        "E-mail",
        "Créé le",
        PARENT_EMAIL,
        "Papa de Billy",
        "en attente",
        &created,
        STAFF_EMAIL,
        "responsable",
        "actif",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_list_says_so() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut list = app.admin();
    list.args(["accounts", "list", "--status", "pending"]);

    run(list)
        .await
        .success()
        .stdout("Aucun compte en attente\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn approve_activates_the_account_and_mails_the_parent() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;

    let mut approve = app.admin();
    // Typed in another case than at sign-up: addresses are matched case-insensitively.
    approve.args(["accounts", "approve", "Papa.Billy@Example.be"]);
    run(approve).await.success().stdout(
        "Compte de Papa de Billy (papa.billy@example.be) validé : un e-mail d'activation lui a été envoyé.\n",
    );

    app.parent_log_in(PARENT_EMAIL)
        .await
        .expect("an approved parent logs in");
    let activation = app
        .outbox()
        .await
        .into_iter()
        .filter(|mail| mail.contains(PARENT_EMAIL) && mail.contains("Bonne nouvelle"))
        .count();
    assert_eq!(activation, 1, "one activation e-mail in the outbox");
}

#[tokio::test(flavor = "multi_thread")]
async fn approve_goes_through_every_address_and_fails_at_the_end_for_an_unknown_one() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.sign_up("Maman", "de Billy", MAMAN_EMAIL).await;
    app.log_in_as_staff().await;

    let mut approve = app.admin();
    approve.args([
        "accounts",
        "approve",
        PARENT_EMAIL,
        "inconnu@example.be",
        MAMAN_EMAIL,
    ]);
    let assert = run(approve)
        .await
        .code(1)
        .stderr("inconnu@example.be : Aucun compte à l'adresse inconnu@example.be\n");

    let stdout = stdout_of(&assert);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    for email in [PARENT_EMAIL, MAMAN_EMAIL] {
        app.parent_log_in(email)
            .await
            .unwrap_or_else(|error| panic!("{email} is approved: {error:?}"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_its_owner_has_not_confirmed_is_not_approved_and_the_list_says_so() {
    let app = spawn_app().await;
    app.unverified_sign_up("Papa", "de Billy", PARENT_EMAIL)
        .await;
    app.log_in_as_staff().await;

    let mut list = app.admin();
    list.args(["accounts", "list", "--status", "pending"]);
    let table = stdout_of(&run(list).await.success());
    let row = table
        .lines()
        .find(|line| line.contains(PARENT_EMAIL))
        .expect("the pending account is listed");
    assert!(table.contains("Confirmée"), "{table}");
    assert!(row.contains(" non "), "{row}");

    let mut approve = app.admin();
    approve.args(["accounts", "approve", PARENT_EMAIL]);
    run(approve).await.code(1).stderr(format!(
        "{PARENT_EMAIL} : Cette adresse e-mail n'a pas encore été confirmée par son titulaire.\n"
    ));
    assert!(app.parent_log_in(PARENT_EMAIL).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn audit_list_shows_the_approval_and_filters_by_actor_and_day() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;
    app.admin_ok(&["accounts", "approve", PARENT_EMAIL]).await;

    let mut list = app.admin();
    list.args(["audit", "list"]);
    let table = stdout_of(&run(list).await.success());
    for expected in [
        "Acte",
        "compte approuvé",
        STAFF_EMAIL,
        PARENT_EMAIL,
        "status : active",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }

    let acts: Vec<tempatro_core::api::AccountActView> = app
        .admin_json(&["audit", "list", "--actor", STAFF_EMAIL])
        .await;
    // The approval, and before it the staff member's own login.
    assert_eq!(acts.len(), 2, "{acts:?}");
    assert_eq!(acts[0].account.as_deref(), Some(PARENT_EMAIL));
    assert_eq!(acts[1].action.as_str(), "staff_login");

    let mut later = app.admin();
    later.args(["audit", "list", "--since", "1er janvier 2999"]);
    run(later).await.success().stdout("Aucun acte\n");

    let mut typo = app.admin();
    typo.args(["audit", "list", "--since", "hier"]);
    let stderr = stderr_of(&run(typo).await.code(predicate::ne(0)));
    assert!(stderr.starts_with("--since"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_an_account_twice_is_refused_by_the_server() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;
    let mut first = app.admin();
    first.args(["accounts", "approve", PARENT_EMAIL]);
    run(first).await.success();

    let mut second = app.admin();
    second.args(["accounts", "approve", PARENT_EMAIL]);

    run(second)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!("{PARENT_EMAIL} : ")));
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_with_yes_refuses_the_account_and_mails_the_reason() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;

    let mut reject = app.admin();
    reject.args([
        "accounts",
        "reject",
        PARENT_EMAIL,
        "--reason",
        "Aucun enfant inscrit à ce nom",
        "--yes",
    ]);
    run(reject).await.success().stdout(
        "Demande de compte de Papa de Billy (papa.billy@example.be) refusée : un e-mail avec le motif lui a été envoyé.\n",
    );

    let error = app
        .parent_log_in(PARENT_EMAIL)
        .await
        .expect_err("a rejected parent cannot log in");
    assert_eq!(error.code(), Some("account_rejected"), "{error:?}");
    assert!(
        app.outbox()
            .await
            .iter()
            .any(|mail| mail.contains("Aucun enfant inscrit à ce nom")),
        "the reason is mailed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_without_a_terminal_needs_yes_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;

    let mut reject = app.admin();
    reject.args(["accounts", "reject", PARENT_EMAIL, "--reason", "Inconnu"]);
    run(reject)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));

    let mut list = app.admin();
    list.args(["accounts", "list", "--status", "pending", "--json"]);
    let accounts: Vec<AccountView> =
        serde_json::from_str(&stdout_of(&run(list).await.success())).unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].status, AccountStatus::Pending);
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_an_unknown_address_exits_with_code_1() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut approve = app.admin();
    approve.args(["accounts", "approve", "personne@example.be"]);

    run(approve)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "Aucun compte à l'adresse personne@example.be",
        ));
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_without_a_session_exits_with_code_1() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;

    let mut approve = app.admin();
    approve.args(["accounts", "approve", PARENT_EMAIL]);

    run(approve)
        .await
        .code(1)
        .stderr("Vous n'êtes pas connecté : lancez `tempatro-admin login --email …`\n");
    let error = app.parent_log_in(PARENT_EMAIL).await.unwrap_err();
    assert_eq!(error.code(), Some("account_pending"), "{error:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_animateur_may_not_approve_and_is_told_once() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.sign_up("Maman", "de Billy", MAMAN_EMAIL).await;
    tempatro_server::create_staff(
        &app.database_url,
        "animateur@patro-valdhaine.be",
        "Anim",
        "Ateur",
        Role::Animateur,
        STAFF_PASSWORD,
    )
    .await
    .unwrap();
    let mut login = app.admin();
    login
        .args(["login", "--email", "animateur@patro-valdhaine.be"])
        .args(["--password-stdin"])
        .write_stdin(STAFF_PASSWORD);
    run(login).await.success();

    let mut approve = app.admin();
    approve.args(["accounts", "approve", PARENT_EMAIL, MAMAN_EMAIL]);
    let assert = run(approve).await.code(1).stdout("");

    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let error = app.parent_log_in(PARENT_EMAIL).await.unwrap_err();
    assert_eq!(error.code(), Some("account_pending"), "{error:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_pipe_ends_the_listing_quietly() {
    let app = spawn_app().await;
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    app.log_in_as_staff().await;
    let (reader, writer) = std::io::pipe().unwrap();
    // The reader is gone before the binary starts: its first write meets a broken pipe.
    drop(reader);

    let mut list = admin_process(&app.config_dir);
    list.env("TEMPATRO_SERVER", app.server.url())
        .args(["accounts", "list", "--json"])
        .stdin(std::process::Stdio::null())
        .stdout(writer);
    let output = tokio::task::spawn_blocking(move || list.output().unwrap())
        .await
        .unwrap();

    assert!(output.status.success(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}
