//! `medical show | access-log` against the real server: the medical window, from three days
//! before an activity to its last day, decides whether the staff may read a fiche santé.

use predicates::prelude::*;
use tempatro_core::api::{ContactInput, MedicalInput, MedicalReading, MedicalSheetView};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn outside_the_window_the_sheet_is_refused_with_the_reason() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let camp = app.benjamins_camp(30, 40, 12).await;
    let billy_id = billy.id.to_string();
    app.admin_ok(&["activities", "add", &camp.id.to_string(), &billy_id])
        .await;

    let mut show = app.admin();
    show.args(["medical", "show", &billy_id]);
    let assert = run(show).await.code(1).stdout("");

    // The window opens three days before the first day and closes on the last.
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains(&format!(
            "accessible au staff que du {} au {}",
            day(27),
            day(40)
        )),
        "{stderr}"
    );
    let readings: Vec<MedicalReading> = app.admin_json(&["medical", "access-log"]).await;
    assert!(readings.is_empty(), "a refusal is no reading: {readings:?}");
    let log = app.admin_ok(&["medical", "access-log"]).await;
    assert_eq!(log, "Aucune lecture de fiche santé enregistrée\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_child_on_no_activity_has_no_window_at_all() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;

    let mut show = app.admin();
    show.args(["--lang", "en", "medical", "show", &billy.id.to_string()]);
    run(show)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("open to staff only"));
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_the_window_the_sheet_is_shown_and_the_reading_logged() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let billy_id = billy.id.to_string();
    app.admin_ok(&["children", "link", &billy_id, PARENT_EMAIL])
        .await;
    // From yesterday to tomorrow: the window is open today.
    let camp = app.benjamins_camp(-1, 1, 12).await;
    let camp_id = camp.id.to_string();
    app.admin_ok(&["activities", "add", &camp_id, &billy_id])
        .await;
    // The parent fills the sheet, which they may do while Billy is registered to a stay.
    parent
        .save_medical(
            billy.id,
            &MedicalInput {
                version: 0,
                allergies: Some("arachides".to_owned()),
                allergy_actions: Some("Epipen dans la poche avant de son sac".to_owned()),
                diet: Some("sans porc".to_owned()),
                can_swim: Some(true),
                paracetamol_allowed: Some(false),
                emergency_contact: Some(ContactInput {
                    name: "Mamy Pivert".to_owned(),
                    phone: Some("0471 23 45 67".to_owned()),
                    email: None,
                }),
                consent: true,
                ..MedicalInput::default()
            },
        )
        .await
        .expect("the parent fills the medical sheet");

    let text = app.admin_ok(&["medical", "show", &billy_id]).await;
    assert!(
        text.starts_with(&format!(
            "Fiche santé de Billy LE PIVERT (n°{billy_id})\n\n"
        )),
        "{text}"
    );
    for expected in [
        "arachides",
        "Epipen dans la poche avant de son sac",
        "sans porc",
        "Mamy Pivert · ",
        "Sait nager",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let sheet: MedicalSheetView = app.admin_json(&["medical", "show", &billy_id]).await;
    assert_eq!(sheet.child_id, billy.id);
    assert_eq!(sheet.diet.as_deref(), Some("sans porc"));

    let readings: Vec<MedicalReading> = app
        .admin_json(&["medical", "access-log", "--child", &billy_id])
        .await;
    assert_eq!(readings.len(), 2, "one per reading: {readings:?}");
    for reading in &readings {
        assert_eq!(reading.child_id, billy.id);
        assert_eq!(reading.activity_id, camp.id);
        assert!(reading.staff.contains("Cheffe"), "{reading:?}");
    }
    let log = app.admin_ok(&["medical", "access-log"]).await;
    for expected in [
        "Qui",
        "Billy LE PIVERT",
        &format!("Camp d'été 2027 (n°{camp_id})"),
    ] {
        assert!(log.contains(expected), "{expected:?} in\n{log}");
    }
    let nobody = app
        .admin_ok(&["medical", "access-log", "--child", "999"])
        .await;
    assert_eq!(
        nobody,
        "Aucune lecture enregistrée de la fiche santé de l'enfant n°999\n"
    );

    // The participants' list says the window is open (and the server logs that reading too).
    let participants = app
        .admin_ok(&["activities", "participants", &camp_id])
        .await;
    assert!(
        participants.contains("\nFenêtre médicale ouverte : "),
        "{participants}"
    );
    assert!(participants.contains("arachides"), "{participants}");
}
