//! `cycles`, `sections` and `staff` against the real server.

use predicates::prelude::*;
use tempatro_core::api::{ChildSheet, ChildSummary, CycleView, SectionView};
use tempatro_core::{Amount, Gender};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn cycles_create_then_list_json_decodes_the_cycle_and_its_fees() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = current_cycle().to_string();

    let stdout = app
        .admin_ok(&[
            "cycles",
            "create",
            &cycle,
            "--fee",
            "45",
            "--solidarity-fee",
            "15,00",
            "--sibling-discount",
            "10",
        ])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Cycle {cycle} enregistré : cotisation 45,00 €, affiliation solidaire 15,00 €, réduction dès le deuxième enfant 10,00 €.\n"
        )
    );

    let cycles: Vec<CycleView> = app.admin_json(&["cycles", "list"]).await;
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0].cycle.to_string(), cycle);
    assert!(cycles[0].current);
    assert_eq!(cycles[0].normal_fee, Amount::from_cents(4500));
    assert_eq!(cycles[0].solidarity_fee, Amount::from_cents(1500));
    assert_eq!(cycles[0].sibling_discount, Amount::from_cents(1000));
    let table = app.admin_ok(&["cycles", "list"]).await;
    for expected in [&cycle, "En cours", "45,00 €", "15,00 €"] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cycles_create_again_changes_the_fees_and_show_tells_them() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await.to_string();

    app.admin_ok(&[
        "cycles",
        "create",
        &cycle,
        "--fee",
        "50",
        "--solidarity-fee",
        "20",
    ])
    .await;

    let shown: CycleView = app.admin_json(&["cycles", "show", &cycle]).await;
    assert_eq!(shown.normal_fee, Amount::from_cents(5000));
    assert_eq!(shown.solidarity_fee, Amount::from_cents(2000));
    let text = app.admin_ok(&["cycles", "show", &cycle]).await;
    assert!(
        text.starts_with(&format!("Cycle {cycle} (en cours)\n")),
        "{text}"
    );
    assert!(text.contains("50,00 €"), "{text}");
    let cycles: Vec<CycleView> = app.admin_json(&["cycles", "list"]).await;
    assert_eq!(cycles.len(), 1, "the same cycle, not a second one");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cycle_typo_is_refused_before_anything_is_sent() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut create = app.admin();
    create.args(["cycles", "create", "2026-2028", "--fee", "45"]);
    create.args(["--solidarity-fee", "15"]);
    run(create)
        .await
        .code(1)
        .stdout("")
        .stderr("CYCLE : cycle attendu sous la forme 2026-2027\n");

    assert_eq!(
        app.admin_ok(&["cycles", "list"]).await,
        "Aucun cycle : ouvrez-en un avec `tempatro-admin cycles create`\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sections_set_creates_then_updates_the_section_of_that_name() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let stdout = app
        .admin_ok(&[
            "sections", "set", "Lutins", "--ages", "4-6", "--gender", "fille",
        ])
        .await;
    assert!(
        stdout.starts_with("Section Lutins 4-6 ans créée (n°"),
        "{stdout}"
    );
    // Another case, new ages, no gender given: the same section, still for girls.
    let stdout = app
        .admin_ok(&["sections", "set", "lutins", "--ages", "5-7"])
        .await;
    assert!(stdout.contains("modifiée"), "{stdout}");

    let sections: Vec<SectionView> = app.admin_json(&["sections", "list"]).await;
    let lutins: Vec<&SectionView> = sections
        .iter()
        .filter(|s| s.name.eq_ignore_ascii_case("lutins"))
        .collect();
    assert_eq!(lutins.len(), 1, "{sections:?}");
    assert_eq!((lutins[0].min_age, lutins[0].max_age), (5, 7));
    assert_eq!(lutins[0].gender, Some(Gender::Girl));
    let table = app.admin_ok(&["sections", "list"]).await;
    for expected in ["Benjamins", "6-9 ans", "mixte", "filles"] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_set_makes_an_animateur_who_sees_only_the_children_of_his_section() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let lily: ChildSheet = app
        .admin_json(&[
            "children",
            "add",
            "--first-name",
            "Lily",
            "--last-name",
            "LE PIVERT",
            "--birth-date",
            "02/03/2014",
        ])
        .await;
    tempatro_server::create_staff(
        &app.database_url,
        ANIMATEUR_EMAIL,
        "Anim",
        "Ateur",
        tempatro_core::Role::Responsable,
        STAFF_PASSWORD,
    )
    .await
    .unwrap();

    let stdout = app
        .admin_ok(&[
            "staff",
            "set",
            ANIMATEUR_EMAIL,
            "--role",
            "animateur",
            "--sections",
            "Benjamins",
        ])
        .await;
    assert_eq!(
        stdout,
        format!("Anim Ateur ({ANIMATEUR_EMAIL}) est maintenant animateur : Benjamins 6-9 ans.\n")
    );

    app.log_in_as(ANIMATEUR_EMAIL).await;
    let seen: Vec<ChildSummary> = app.admin_json(&["children", "list"]).await;
    assert_eq!(
        seen.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![billy.id]
    );
    app.admin_ok(&["children", "show", &billy.id.to_string()])
        .await;
    let mut other = app.admin();
    other.args(["children", "show", &lily.id.to_string()]);
    run(other).await.code(1).stdout("");
    let mut cycle = app.admin();
    cycle.args(["cycles", "create", "2030-2031", "--fee", "1"]);
    cycle.args(["--solidarity-fee", "1"]);
    run(cycle).await.code(1).stdout("");
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_set_for_an_unknown_address_exits_1() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut set = app.admin();
    set.args([
        "staff",
        "set",
        "personne@example.be",
        "--role",
        "responsable",
    ]);

    run(set).await.code(1).stderr(predicate::str::contains(
        "Aucun compte à l'adresse personne@example.be",
    ));
}
