use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::spawn_app;

on_each_engine!(
    staff_create_makes_an_account_that_logs_in_while_the_server_runs,
    staff_create_refuses_a_weak_password_and_a_duplicate,
);

pub fn staff_create(database_url: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tempatro-server"))
        .args([
            "staff",
            "create",
            "--email",
            email,
            "--first-name",
            "Claire",
            "--last-name",
            "Secrétariat",
            "--role",
            "responsable",
            "--database",
            database_url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn staff_create_makes_an_account_that_logs_in_while_the_server_runs() {
    let app = spawn_app().await;
    let output = staff_create(
        &app.config.database_url,
        "chef@patro.be",
        "le mot de passe du chef",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("Compte responsable créé pour Claire Secrétariat")
    );
    app.token("chef@patro.be", "le mot de passe du chef", "staff")
        .await;
}

async fn staff_create_refuses_a_weak_password_and_a_duplicate() {
    let app = spawn_app().await;
    let weak = staff_create(&app.config.database_url, "chef@patro.be", "court");
    assert!(!weak.status.success());
    assert!(
        String::from_utf8_lossy(&weak.stderr).contains("Mot de passe : au moins 12 caractères")
    );

    assert!(
        staff_create(
            &app.config.database_url,
            "chef@patro.be",
            "le mot de passe du chef"
        )
        .status
        .success()
    );
    let twice = staff_create(
        &app.config.database_url,
        "CHEF@patro.be",
        "le mot de passe du chef",
    );
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("existe déjà"));
}
