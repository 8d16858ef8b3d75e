//! Issues 2 and 3's whole flows, across the client (the parents' side) and the binary (the
//! staff's).

use tempatro_core::CycleCalendar;
use tempatro_core::api::{ChildPatch, ChildSheet, ContactInput};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_parent_signs_up_is_approved_on_the_command_line_and_sees_the_dashboard() {
    let app = spawn_app().await;

    // Sign-up: the account waits for the Patro.
    app.sign_up("Papa", "de Billy", PARENT_EMAIL).await;
    let refused = app
        .parent_log_in(PARENT_EMAIL)
        .await
        .expect_err("a pending account cannot log in");
    assert_eq!(refused.code(), Some("account_pending"), "{refused:?}");

    // A responsable approves it with the real binary.
    app.log_in_as_staff().await;
    let mut approve = app.admin();
    approve.args(["accounts", "approve", PARENT_EMAIL]);
    run(approve).await.success();

    // The parent is told by e-mail, then logs in and sees the dashboard.
    assert!(
        app.outbox()
            .iter()
            .any(|mail| mail.contains(PARENT_EMAIL) && mail.contains("Bonne nouvelle")),
        "the activation e-mail is in the outbox"
    );
    let parent = app
        .parent_log_in(PARENT_EMAIL)
        .await
        .expect("an approved parent logs in");
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.first_name, "Papa");
    assert_eq!(dashboard.children_count, 0);
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        dashboard.current_cycle,
        CycleCalendar::default().cycle_of(today)
    );
}

/// Issue 3's flow: the staff add and link Billy, the parent sees the unpaid alert and updates a
/// phone, the staff record the payment and the alert is gone.
#[tokio::test(flavor = "multi_thread")]
async fn staff_add_billy_the_parent_edits_his_sheet_and_the_payment_clears_the_alert() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;

    // The staff open the cycle, add Billy and link him, all with the binary.
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let id = billy.id.to_string();
    app.admin_ok(&["children", "link", &id, PARENT_EMAIL]).await;

    // The parent's dashboard: one child, and the unpaid affiliation to settle.
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.children_count, 1);
    let codes: Vec<&str> = dashboard.alerts.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, vec!["affiliation_unpaid"], "{:?}", dashboard.alerts);
    assert_eq!(dashboard.alerts[0].child_id, Some(billy.id));

    // The parent changes the primary contact's phone on the sheet they read.
    let sheet = parent
        .child(billy.id)
        .await
        .expect("the parent reads the sheet");
    let saved = parent
        .update_child(
            billy.id,
            &ChildPatch {
                version: sheet.version,
                primary_contact: Some(Some(ContactInput {
                    name: "Papa de Billy".to_owned(),
                    phone: Some("0499 12 34 56".to_owned()),
                    email: None,
                })),
                ..ChildPatch::default()
            },
        )
        .await
        .expect("the parent may change the contact");
    assert!(saved.version > sheet.version);
    let staff_view: ChildSheet = app.admin_json(&["children", "show", &id]).await;
    assert_eq!(staff_view.primary_contact, saved.primary_contact);

    // The staff record the payment with the binary; the alert is gone.
    app.admin_ok(&["affiliations", "pay", &id]).await;
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.children_count, 1);
    assert!(dashboard.alerts.is_empty(), "{:?}", dashboard.alerts);
}
