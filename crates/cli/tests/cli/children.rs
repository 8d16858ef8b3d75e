//! `children add | list | show | edit | link | unlink | history` and `links` against the real
//! server.

use predicates::prelude::*;
use tempatro_client::ChildrenFilter;
use tempatro_core::api::{
    AuditEntry, ChildSheet, ChildSummary, LinkRequestInput, LinkRequestStatus, LinkRequestView,
    ParentLink,
};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn add_prints_the_new_childs_number_and_list_json_decodes_it() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let cycle = app.open_current_cycle().await;

    let stdout = app
        .admin_ok(&[
            "children",
            "add",
            "--first-name",
            "Billy",
            "--last-name",
            "LE PIVERT",
            "--birth-date",
            BILLY_BIRTH_DATE,
        ])
        .await;

    let children: Vec<ChildSummary> = app.admin_json(&["children", "list"]).await;
    assert_eq!(children.len(), 1, "{children:?}");
    let billy = &children[0];
    assert_eq!(
        stdout,
        format!(
            "Enfant n°{} créé : Billy LE PIVERT, Benjamins 6-9 ans, affilié pour {cycle} (45,00 €, non payé).\n",
            billy.id
        )
    );
    assert_eq!(
        (billy.first_name.as_str(), billy.last_name.as_str()),
        ("Billy", "LE PIVERT")
    );
    assert_eq!(
        tempatro_core::date::short(billy.birth_date),
        BILLY_BIRTH_DATE
    );
    assert_eq!(billy.section.as_ref().unwrap().name, "Benjamins");
    let affiliation = billy.affiliation.as_ref().expect("affiliated");
    assert_eq!(affiliation.cycle, cycle);
    assert!(!affiliation.paid());
    assert_eq!(billy.parents, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn list_shows_a_table_for_people_and_filters() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    app.admin_ok(&[
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

    let table = app.admin_ok(&["children", "list"]).await;
    for expected in [
        "N°",
        "Date de naissance",
        "Billy LE PIVERT",
        "01/05/2018",
        "Benjamins 6-9 ans",
        "non payée",
        "Lily LE PIVERT",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }

    let unpaid: Vec<ChildSummary> = app.admin_json(&["children", "list", "--unpaid"]).await;
    assert_eq!(
        unpaid.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![billy.id]
    );
    let benjamins: Vec<ChildSummary> = app
        .admin_json(&["children", "list", "--section", "benjamins"])
        .await;
    assert_eq!(benjamins.len(), 1);
    let none = app.admin_ok(&["children", "list", "--solidarity"]).await;
    assert_eq!(none, "Aucun enfant ne correspond à ces critères\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn add_json_and_show_json_decode_into_the_same_sheet() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;

    let created = app.add_billy().await;
    let shown: ChildSheet = app
        .admin_json(&["children", "show", &created.id.to_string()])
        .await;

    assert_eq!(shown, created);
    assert_eq!(
        shown.address.as_ref().map(|a| a.line.as_str()),
        Some("Rue du Roeulx 23, 7110 Maurage")
    );
    let text = app
        .admin_ok(&["children", "show", &created.id.to_string()])
        .await;
    for expected in [
        format!("Fiche de Billy LE PIVERT (n°{})", created.id),
        "Domicilié à".to_owned(),
        "Rue du Roeulx 23, 7110 Maurage".to_owned(),
        "Données de contact".to_owned(),
        "non payée".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected:?} in\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn add_without_a_terminal_says_which_flags_are_missing() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;

    let mut add = app.admin();
    add.args(["children", "add", "--first-name", "Billy"]);
    run(add).await.code(2).stdout("").stderr(
        "Il manque --last-name, --birth-date (aucune question n'est posée hors d'un terminal)\n",
    );

    let children: Vec<ChildSummary> = app.admin_json(&["children", "list"]).await;
    assert!(children.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn add_before_the_cycle_is_open_is_refused_with_the_servers_message() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut add = app.admin();
    add.args(["children", "add", "--first-name", "Billy"])
        .args(["--last-name", "LE PIVERT", "--birth-date", BILLY_BIRTH_DATE]);
    let assert = run(add).await.code(1).stdout("");

    let stderr = stderr_of(&assert);
    assert!(stderr.contains(&current_cycle().to_string()), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_changes_the_primary_phone_and_history_shows_it() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let stdout = app
        .admin_ok(&[
            "children",
            "edit",
            &id,
            "--primary-name",
            "Papa de Billy",
            "--primary-phone",
            "0412 34 56 78",
        ])
        .await;
    assert_eq!(
        stdout,
        format!("Fiche de Billy LE PIVERT (n°{id}) modifiée : Contact principal.\n")
    );
    // Only the phone given: the name is kept from the sheet.
    let edited: ChildSheet = app
        .admin_json(&["children", "edit", &id, "--primary-phone", "0499 99 99 99"])
        .await;

    let contact = edited.primary_contact.expect("a primary contact");
    assert_eq!(contact.name, "Papa de Billy");
    let phone = contact.phone.expect("a phone");
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits, "0499999999", "{phone}");
    let history: Vec<AuditEntry> = app.admin_json(&["children", "history", &id]).await;
    let last = history.last().expect("history entries");
    assert_eq!(last.action, "child_updated");
    assert_eq!(last.changes.len(), 1, "{last:?}");
    assert_eq!(last.changes[0].field, "primary_contact");
    let table = app.admin_ok(&["children", "history", &id]).await;
    for expected in [
        "Qui",
        "fiche créée",
        "fiche modifiée",
        "Contact principal : ",
        " → ",
        STAFF_EMAIL,
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_with_what_the_sheet_already_says_changes_nothing() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    app.admin_ok(&[
        "children",
        "edit",
        &id,
        "--primary-name",
        "Papa de Billy",
        "--primary-phone",
        "0412/34.56.78",
    ])
    .await;
    let before: ChildSheet = app.admin_json(&["children", "show", &id]).await;
    let nothing = "Rien à modifier : la fiche de Billy LE PIVERT a déjà ces valeurs.\n";

    // Not even sent: the sheet already has this date.
    let same_date = app
        .admin_ok(&["children", "edit", &id, "--birth-date", "1/5/2018"])
        .await;
    // Sent, as the text differs, but the server finds the same number.
    let same_phone = app
        .admin_ok(&["children", "edit", &id, "--primary-phone", "0412 34 56 78"])
        .await;

    assert_eq!(same_date, nothing);
    assert_eq!(same_phone, nothing);
    let after: ChildSheet = app.admin_json(&["children", "show", &id]).await;
    assert_eq!(after.version, before.version);
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_refused_by_the_server_shows_its_message_and_exits_1() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;

    let mut edit = app.admin();
    edit.args(["children", "edit", &billy.id.to_string()])
        .args(["--address", "quelque part"]);

    run(edit)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("Adresse"));
}

#[tokio::test(flavor = "multi_thread")]
async fn link_then_unlink_a_parent() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let stdout = app.admin_ok(&["children", "link", &id, PARENT_EMAIL]).await;
    assert_eq!(
        stdout,
        format!("Billy LE PIVERT (n°{id}) est lié au compte de Papa de Billy ({PARENT_EMAIL}).\n")
    );
    let seen = parent.children(&ChildrenFilter::default()).await.unwrap();
    assert_eq!(
        seen.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![billy.id]
    );
    let sheet: ChildSheet = app.admin_json(&["children", "show", &id]).await;
    assert_eq!(
        sheet
            .parents
            .iter()
            .map(|p| p.email.as_str())
            .collect::<Vec<_>>(),
        vec![PARENT_EMAIL]
    );

    // Without --yes nor a terminal, nothing is unlinked.
    let mut unlink = app.admin();
    unlink.args(["children", "unlink", &id, PARENT_EMAIL]);
    run(unlink)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(
        parent
            .children(&ChildrenFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );

    let stdout = app
        .admin_ok(&["children", "unlink", &id, "Papa.Billy@Example.be", "--yes"])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Billy LE PIVERT (n°{id}) n'est plus lié au compte de Papa de Billy ({PARENT_EMAIL}).\n"
        )
    );
    assert!(
        parent
            .children(&ChildrenFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let unlinked: Vec<ChildSummary> = app.admin_json(&["children", "list", "--unlinked"]).await;
    assert_eq!(unlinked.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn link_json_lists_the_parents_and_an_unknown_link_is_told() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();

    let parents: Vec<ParentLink> = app
        .admin_json(&["children", "link", &id, PARENT_EMAIL])
        .await;
    assert_eq!(parents.len(), 1);
    assert_eq!(parents[0].name, "Papa de Billy");

    let mut unlink = app.admin();
    unlink.args(["children", "unlink", &id, "maman@example.be", "--yes"]);
    run(unlink)
        .await
        .code(1)
        .stderr("Billy LE PIVERT n'est lié à aucun compte à l'adresse maman@example.be\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn links_approve_links_the_child_a_parent_asked_for() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    let billy = app.add_billy().await;
    let request = parent
        .request_link(&LinkRequestInput {
            child_first_name: "Billy".to_owned(),
            child_last_name: "Le Pivert".to_owned(),
            birth_date: BILLY_BIRTH_DATE.to_owned(),
            message: "Il est aux Benjamins".to_owned(),
        })
        .await
        .expect("the request is filed");

    let pending: Vec<LinkRequestView> = app
        .admin_json(&["links", "list", "--status", "pending"])
        .await;
    assert_eq!(pending, vec![request.clone()]);
    let table = app.admin_ok(&["links", "list"]).await;
    for expected in [PARENT_EMAIL, "Il est aux Benjamins", "en attente"] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }

    let stdout = app
        .admin_ok(&[
            "links",
            "approve",
            &request.id.to_string(),
            &billy.id.to_string(),
        ])
        .await;

    assert_eq!(
        stdout,
        format!(
            "Demande n°{} acceptée : Billy LE PIVERT (n°{}) est lié au compte de Papa de Billy ({PARENT_EMAIL}).\n",
            request.id, billy.id
        )
    );
    let seen = parent.children(&ChildrenFilter::default()).await.unwrap();
    assert_eq!(
        seen.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![billy.id]
    );
    assert_eq!(
        app.admin_ok(&["links", "list", "--status", "pending"])
            .await,
        "Aucune demande de liaison en attente\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn links_reject_needs_yes_and_keeps_the_reason() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    let request = parent
        .request_link(&LinkRequestInput {
            child_first_name: "Billy".to_owned(),
            child_last_name: "Le Pivert".to_owned(),
            birth_date: BILLY_BIRTH_DATE.to_owned(),
            message: String::new(),
        })
        .await
        .unwrap();
    let id = request.id.to_string();

    let mut reject = app.admin();
    reject.args(["links", "reject", &id, "--reason", "Inconnu"]);
    run(reject)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));

    let rejected: LinkRequestView = app
        .admin_json(&[
            "links",
            "reject",
            &id,
            "--reason",
            "Aucun enfant à ce nom",
            "--yes",
        ])
        .await;
    assert_eq!(rejected.status, LinkRequestStatus::Rejected);
    assert_eq!(rejected.reason.as_deref(), Some("Aucun enfant à ce nom"));
}
