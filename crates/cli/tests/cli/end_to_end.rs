//! Issue 2's whole flow, across the client (the parents' side) and the binary (the staff's).

use tempatro_core::CycleCalendar;

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
