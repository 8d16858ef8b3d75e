//! `affiliations list | pay | unpay | solidarity | add | section` against the real server.

use predicates::prelude::*;
use tempatro_core::api::{AffiliationView, ChildSummary};
use tempatro_core::{Amount, PaymentMethod};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn pay_then_unpay_an_affiliation() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let stdout = app.admin_ok(&["affiliations", "pay", &id]).await;
    let today = tempatro_core::date::short(time::OffsetDateTime::now_utc().date());
    assert_eq!(
        stdout,
        format!(
            "Affiliation {cycle} de Billy LE PIVERT (n°{id}) payée : 45,00 € le {today}, par virement.\n"
        )
    );
    let unpaid: Vec<AffiliationView> = app.admin_json(&["affiliations", "list", "--unpaid"]).await;
    assert!(unpaid.is_empty(), "{unpaid:?}");
    let table = app.admin_ok(&["affiliations", "list"]).await;
    assert!(
        table.contains(&format!("payée le {today} (virement, 45,00 €)")),
        "{table}"
    );

    let mut unpay = app.admin();
    unpay.args(["affiliations", "unpay", &id]);
    run(unpay)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    let all: Vec<AffiliationView> = app.admin_json(&["affiliations", "list"]).await;
    assert!(all[0].paid(), "still paid without --yes");

    let stdout = app.admin_ok(&["affiliations", "unpay", &id, "--yes"]).await;
    assert_eq!(
        stdout,
        format!(
            "Paiement de l'affiliation {cycle} de Billy LE PIVERT (n°{id}) annulé : elle est de nouveau non payée.\n"
        )
    );
    let unpaid: Vec<ChildSummary> = app.admin_json(&["children", "list", "--unpaid"]).await;
    assert_eq!(unpaid.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn pay_records_the_amount_date_and_method_given() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await;
    let billy = app.add_billy().await;
    // The cycle's first day: in the past whatever day the test runs.
    let first_day = format!("1/9/{}", cycle.start_year());

    let paid: AffiliationView = app
        .admin_json(&[
            "affiliations",
            "pay",
            &billy.id.to_string(),
            "--cycle",
            &cycle.to_string(),
            "--amount",
            "40,50",
            "--date",
            &first_day,
            "--method",
            "liquide",
        ])
        .await;

    // 40,50 € of a 45,00 € fee: received, but not paid in full.
    assert!(paid.payment.is_none());
    let due = paid.due.expect("the affiliation's due");
    assert_eq!(due.status, tempatro_core::payment::DueStatus::PartiallyPaid);
    assert_eq!(
        (due.paid, due.left),
        (Amount::from_cents(4050), Amount::from_cents(450))
    );

    let rest: AffiliationView = app
        .admin_json(&[
            "affiliations",
            "pay",
            &billy.id.to_string(),
            "--cycle",
            &cycle.to_string(),
            "--date",
            &first_day,
            "--method",
            "liquide",
        ])
        .await;
    let payment = rest.payment.expect("paid in full");
    assert_eq!(payment.amount, Amount::from_cents(4500));
    assert_eq!(
        tempatro_core::date::short(payment.paid_on),
        format!("01/09/{}", cycle.start_year())
    );
    assert_eq!(payment.method, PaymentMethod::Cash);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_amount_is_told_before_anything_is_sent() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;

    let mut pay = app.admin();
    pay.args(["affiliations", "pay", &billy.id.to_string()])
        .args(["--amount", "quarante"]);
    run(pay)
        .await
        .code(1)
        .stderr("--amount : montant attendu en euros, par exemple 45 ou 45,50\n");

    let mut english = app.admin();
    english
        .args(["--lang", "en", "affiliations", "pay", &billy.id.to_string()])
        .args(["--cycle", "2026"]);
    run(english)
        .await
        .code(1)
        .stderr("--cycle: cycle expected as 2026-2027\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn solidarity_grant_then_revoke_changes_the_fee() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let granted: AffiliationView = app
        .admin_json(&["affiliations", "solidarity", &id, "--grant"])
        .await;
    assert!(granted.solidarity);
    assert_eq!(granted.fee, Amount::from_cents(1500));
    let solidarity: Vec<ChildSummary> = app.admin_json(&["children", "list", "--solidarity"]).await;
    assert_eq!(solidarity.len(), 1);

    let stdout = app
        .admin_ok(&["affiliations", "solidarity", &id, "--revoke"])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Affiliation solidaire retirée à Billy LE PIVERT (n°{id}) pour {cycle} : cotisation 45,00 €.\n"
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn add_for_the_next_cycle_then_change_its_section() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let next = current_cycle().next().to_string();
    app.admin_ok(&[
        "cycles",
        "create",
        &next,
        "--fee",
        "50",
        "--solidarity-fee",
        "20",
    ])
    .await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let stdout = app
        .admin_ok(&["affiliations", "add", &id, "--cycle", &next])
        .await;
    assert!(
        stdout.starts_with(&format!(
            "Affiliation {next} de Billy LE PIVERT (n°{id}) créée : "
        )) && stdout.contains("50,00 €, non payée"),
        "{stdout}"
    );

    let moved: AffiliationView = app
        .admin_json(&[
            "affiliations",
            "section",
            &id,
            "Chevaliers",
            "--cycle",
            &next,
        ])
        .await;
    assert_eq!(moved.section.expect("a section").name, "Chevaliers");
    let listed: Vec<AffiliationView> = app
        .admin_json(&["affiliations", "list", "--cycle", &next])
        .await;
    assert_eq!(listed.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_current_cycle_pay_asks_for_one() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let lily: tempatro_core::api::ChildSheet = app
        .admin_json(&[
            "children",
            "add",
            "--first-name",
            "Lily",
            "--last-name",
            "LE PIVERT",
            "--birth-date",
            "02/03/2012",
            "--no-affiliation",
        ])
        .await;
    assert!(lily.affiliations.is_empty());

    let mut pay = app.admin();
    pay.args(["affiliations", "pay", &lily.id.to_string()]);
    run(pay).await.code(1).stderr(predicate::str::starts_with(
        "Aucun cycle en cours : indiquez --cycle",
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_animateur_may_not_pay() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await;
    let billy = app.add_billy().await;
    app.animateur(ANIMATEUR_EMAIL, "Benjamins").await;
    app.log_in_as(ANIMATEUR_EMAIL).await;

    let mut pay = app.admin();
    pay.args(["affiliations", "pay", &billy.id.to_string()])
        .args(["--cycle", &cycle.to_string()]);
    let assert = run(pay).await.code(1).stdout("");

    assert!(!stderr_of(&assert).is_empty(), "the refusal is explained");
    app.log_in_as_staff().await;
    let unpaid: Vec<AffiliationView> = app.admin_json(&["affiliations", "list", "--unpaid"]).await;
    assert_eq!(unpaid.len(), 1, "still unpaid");
}
