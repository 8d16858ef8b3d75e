//! Issues 2, 3 and 5's whole flows, across the client (the parents' side) and the binary (the
//! staff's).

use tempatro_client::DuesFilter;
use tempatro_core::api::{ChildPatch, ChildSheet, ContactInput};
use tempatro_core::payment::DueStatus;
use tempatro_core::{Amount, CycleCalendar};

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
            .await
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

/// Issue 5's flow: the parent reads the structured communication of Billy's affiliation where the
/// app shows it ("Mes paiements", the due's transfer details) and pays by transfer with it; the
/// bank's CODA statement holding that transfer is imported with the binary; the due is paid and
/// the dashboard's alert is gone, with nobody matching anything by hand.
#[tokio::test(flavor = "multi_thread")]
async fn the_parent_pays_with_the_communication_and_the_imported_statement_settles_it() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    app.admin_ok(&["children", "link", &billy.id.to_string(), PARENT_EMAIL])
        .await;

    // "Mes paiements": one due, and the transfer to make for it.
    let dues = parent
        .dues(&DuesFilter::default())
        .await
        .expect("the parent's dues");
    assert_eq!(dues.len(), 1, "{dues:?}");
    let id = dues[0].id;
    let transfer = parent
        .due(id)
        .await
        .expect("the due's detail")
        .transfer
        .expect("something to pay, and the Patro's account");
    assert_eq!(transfer.amount, Amount::from_cents(4500));
    assert_eq!(transfer.iban, "BE68 5390 0754 7034");
    let dashboard = parent.dashboard().await.expect("the dashboard");
    let codes: Vec<&str> = dashboard.alerts.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, vec!["affiliation_unpaid"], "{:?}", dashboard.alerts);

    // The bank's statement holds the transfer with the communication the parent read.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("extrait.cod");
    std::fs::write(&file, coda(&transfer.reference, transfer.amount.cents()))
        .expect("the statement is written");
    let mut import = app.admin();
    import.args(["payments", "import", file.to_str().expect("a UTF-8 path")]);
    let stdout = stdout_of(&run(import).await.code(0));
    assert!(
        stdout.contains("Rapprochées, montant exact     1"),
        "{stdout}"
    );

    // Paid, from the bank, with nothing left to pay and no alert.
    let detail = parent.due(id).await.expect("the due's detail");
    assert_eq!(detail.due.status, DueStatus::Paid);
    assert_eq!(detail.due.left, Amount::from_cents(0));
    assert!(detail.due.payments.iter().all(|payment| payment.from_bank));
    assert!(detail.transfer.is_none(), "nothing left to transfer");
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert!(dashboard.alerts.is_empty(), "{:?}", dashboard.alerts);
}
