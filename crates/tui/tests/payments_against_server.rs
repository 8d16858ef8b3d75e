//! "Mes paiements" against the demo's real server over HTTP: Papa de Billy finds Billy's unpaid
//! affiliation of this cycle (the solidarity fee), opens it, reads the Patro's IBAN and the
//! structured communication, and the QR code drawn on the screen reads back as the server's EPC
//! payload.

mod support;

use crossterm::event::KeyCode;
use tempatro_client::Client;
use tempatro_core::api::DueKind;
use tempatro_core::payment::DueStatus;
use tempatro_core::{Lang, Portal};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::screens::dashboard::{Focus, MenuItem};

use support::qr::read_qr;
use support::server::{logged_in, press_and_settle};
use support::*;

/// The current cycle, as the dashboard says it.
fn cycle(app: &App) -> String {
    app.screen()
        .home()
        .expect("a screen behind the dashboard")
        .data
        .current_cycle
        .to_string()
}

#[tokio::test]
async fn papa_finds_billys_affiliation_and_its_qr_code_reads_as_the_servers_payload() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    let affiliation = format!("Affiliation {}", cycle(&app));

    focus_on(&mut app, Focus::Menu(MenuItem::Payments));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let Screen::Payments(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let dues = view.dues.clone().expect("Billy's dues");
    let index = dues
        .iter()
        .position(|due| due.kind == DueKind::Affiliation && due.label == affiliation)
        .unwrap_or_else(|| panic!("{affiliation} in {dues:?}"));
    let due = dues[index].clone();
    assert_eq!(due.child_name, "Billy LE PIVERT");
    assert_eq!(due.status, DueStatus::Unpaid);
    assert_eq!(due.amount.cents(), 1_500, "the solidarity fee");
    let first_settled = dues
        .iter()
        .position(|due| due.status == DueStatus::Paid)
        .expect("the cycles before, paid");
    assert!(
        index < first_settled,
        "what is still to pay comes first: {dues:?}"
    );
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    let screen = screen_text(&app);
    for expected in [
        "Mes paiements".to_owned(),
        format!("▸ {affiliation}"),
        "15,00 €  non payé".to_owned(),
        format!("Billy LE PIVERT · {}", due.reference),
    ] {
        assert!(screen.contains(&expected), "{expected:?} in\n{screen}");
    }

    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let Screen::PaymentDetail(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let transfer = view.transfer.clone().expect("a transfer to make");
    assert_eq!(transfer.iban, "BE68 5390 0754 7034");
    assert_eq!(transfer.reference, due.reference);
    let screen = screen_text(&app);
    for expected in [
        format!("{affiliation} · Billy LE PIVERT"),
        "Statut : non payé".to_owned(),
        "Montant à payer : 15,00 €".to_owned(),
        "IBAN : BE68 5390 0754 7034".to_owned(),
        "Patro du Val d'Haine".to_owned(),
        format!("┃  {}  ┃", due.reference),
    ] {
        assert!(screen.contains(&expected), "{expected:?} in\n{screen}");
    }
    // The payload the server gave, read back off the screen, at 80×24 and in a big terminal.
    assert_eq!(
        read_qr(render(&app).backend().buffer()),
        transfer.epc_payload
    );
    assert_eq!(
        read_qr(render_at(&app, 100, 50).backend().buffer()),
        transfer.epc_payload
    );
    // And it is the due's: another client asking the server gets the same text, with the
    // structured communication's 12 digits and the amount left.
    let mut papa = Client::new(&demo.url(), Lang::Fr).unwrap();
    let account = demo.accounts()[0].clone();
    papa.log_in(&account.email, &account.password, Portal::Parents)
        .await
        .unwrap();
    let detail = papa.due(due.id).await.unwrap();
    assert_eq!(detail.transfer.unwrap().epc_payload, transfer.epc_payload);
    let digits: String = due.reference.chars().filter(char::is_ascii_digit).collect();
    assert!(transfer.epc_payload.starts_with("BCD\n002\n1\nSCT\n"));
    assert!(
        transfer
            .epc_payload
            .contains("\nBE68539007547034\nEUR15.00\n")
    );
    assert!(transfer.epc_payload.contains(&digits), "{digits}");

    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    assert!(matches!(app.screen(), Screen::Payments(_)));
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::Menu(MenuItem::Payments)),
        other => panic!("{other:?}"),
    }

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn the_unpaid_affiliation_alert_and_the_red_badge_lead_to_the_affiliation() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    let affiliation = format!("Affiliation {}", cycle(&app));
    let Screen::Dashboard(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let alert = view
        .data
        .alerts
        .iter()
        .position(|alert| alert.code == "affiliation_unpaid")
        .unwrap_or_else(|| panic!("{:?}", view.data.alerts));

    focus_on(&mut app, Focus::Alert(alert));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let Screen::Payments(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert_eq!(view.current().unwrap().label, affiliation);
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;

    focus_on(&mut app, Focus::Menu(MenuItem::Children));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    assert!(screen_text(&app).contains("[Affiliation non payée]"));
    press_and_settle(&mut app, &mut runner, KeyCode::Char('p')).await;
    let Screen::Payments(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert_eq!(view.current().unwrap().label, affiliation);
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    assert!(matches!(app.screen(), Screen::Children(_)));

    demo.stop().await.unwrap();
}
