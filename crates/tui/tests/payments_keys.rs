//! Key sequences on "Mes paiements" and a due's detail: where each key and each alert leads,
//! which due the cursor starts on, which request leaves; and the QR code drawn on the detail,
//! read back as a banking app would.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_core::api::{Alert, DueDetail, DueView};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::{Command, Outcome};
use tempatro_tui::screens::dashboard::{Focus, MenuItem};
use tempatro_tui::screens::payment_detail::PaymentDetail;

use support::qr::{modules, qr_area, read_qr};
use support::*;

fn bar(app: &App) -> Vec<(&'static str, &'static str)> {
    tempatro_tui::keys::bar(&app.bindings(), Lang::Fr)
}

/// The due under the cursor of "Mes paiements".
fn selected(app: &App) -> i64 {
    match app.screen() {
        Screen::Payments(view) => view.current().expect("a due is selected").id,
        other => panic!("expected \"Mes paiements\", got {other:?}"),
    }
}

fn detail(app: &App) -> &PaymentDetail {
    match app.screen() {
        Screen::PaymentDetail(view) => view,
        other => panic!("expected a due's detail, got {other:?}"),
    }
}

fn alert(code: &str, message: &str, child_id: Option<i64>) -> Alert {
    Alert {
        code: code.to_owned(),
        message: message.to_owned(),
        child_id,
    }
}

/// Enter on the dashboard's alert `index`, answered with the family's dues.
fn follow_alert(alerts: Vec<Alert>, index: usize) -> App {
    let mut data = dashboard(2, &[]);
    data.alerts = alerts;
    let mut app = on_dashboard(Lang::Fr, data);
    focus_on(&mut app, Focus::Alert(index));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadDues));
    assert_eq!(app.on_result(Outcome::Dues(Ok(family_dues()))), None);
    app
}

#[test]
fn the_menu_opens_my_payments_with_what_is_still_to_pay_first_newest_first() {
    let app = on_payments(Lang::Fr, family_dues());
    let Screen::Payments(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let order: Vec<i64> = view
        .dues
        .as_ref()
        .unwrap()
        .iter()
        .map(|due| due.id)
        .collect();
    assert_eq!(
        order,
        [
            BILLYS_CAMP,
            LUCIES_AFFILIATION,
            BILLYS_AFFILIATION,
            LUCIES_TSHIRT,
            BILLYS_OLD_AFFILIATION,
            LUCIES_HIKE,
        ],
        "open dues newest first (the same day: the latest created), then settled, then cancelled"
    );
    assert_eq!(selected(&app), BILLYS_CAMP);
    assert_eq!(
        bar(&app),
        [
            ("↑↓", "choisir"),
            ("↵", "détails"),
            ("r", "actualiser"),
            ("Esc", "retour"),
            ("?", "aide"),
            ("q", "quitter"),
        ]
    );
}

#[test]
fn enter_opens_the_due_and_esc_comes_back_to_it_then_to_the_menu_entry() {
    let mut app = on_payments(Lang::Fr, family_dues());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadDue(BILLYS_AFFILIATION))
    );
    // The list's copy shows at once; the transfer comes with the server's answer.
    assert!(screen_text(&app).contains("Affiliation 2026-2027 · Billy LE PIVERT"));
    assert!(screen_text(&app).contains("Chargement…"));
    let due = billys_affiliation_due();
    let answer = DueDetail {
        transfer: Some(transfer(&due, None)),
        due,
    };
    assert_eq!(app.on_result(Outcome::Due(Ok(answer))), None);
    assert!(detail(&app).qr.is_some());
    assert_eq!(
        bar(&app),
        [
            ("r", "actualiser"),
            ("Esc", "retour"),
            ("?", "aide"),
            ("q", "quitter"),
        ]
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadDue(BILLYS_AFFILIATION))
    );
    app.on_result(Outcome::Due(Err(unreachable())));
    assert!(matches!(app.screen(), Screen::Unreachable(_)));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadDue(BILLYS_AFFILIATION)),
        "retried as it was"
    );
    let due = billys_affiliation_due();
    app.on_result(Outcome::Due(Ok(DueDetail {
        transfer: Some(transfer(&due, None)),
        due,
    })));
    assert!(matches!(app.screen(), Screen::PaymentDetail(_)));

    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDues));
    // Read again in another order: the cursor stays on the same due.
    let mut dues = family_dues();
    dues.retain(|due| due.id != BILLYS_CAMP);
    app.on_result(Outcome::Dues(Ok(dues)));
    assert_eq!(selected(&app), BILLYS_AFFILIATION);

    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::Menu(MenuItem::Payments)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn r_reads_the_dues_again_and_a_refusal_shows_above_the_list() {
    let mut app = on_payments(Lang::Fr, family_dues());
    assert_eq!(press(&mut app, KeyCode::Char('r')), Some(Command::LoadDues));
    app.on_result(Outcome::Dues(Err(api_error(
        500,
        "internal",
        "Le serveur a rencontré un problème",
        None,
    ))));
    let screen = screen_text(&app);
    assert!(
        screen.contains("⚠ Le serveur a rencontré un problème"),
        "{screen}"
    );
    assert!(
        screen.contains("Camp d'été 2027"),
        "the list stays: {screen}"
    );
}

#[test]
fn an_unpaid_affiliation_alert_opens_my_payments_on_that_childs_affiliation() {
    let app = follow_alert(
        vec![alert(
            "affiliation_unpaid",
            "Une affiliation n'est pas payée, veuillez la régler ! (Lucie LE PIVERT, 2026-2027)",
            Some(LUCIE),
        )],
        0,
    );
    assert_eq!(selected(&app), LUCIES_AFFILIATION);
    let mut app = follow_alert(
        vec![alert(
            "affiliation_unpaid",
            "Une affiliation n'est pas payée, veuillez la régler ! (Billy LE PIVERT, 2026-2027)",
            Some(BILLY),
        )],
        0,
    );
    assert_eq!(selected(&app), BILLYS_AFFILIATION);
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Some(Command::LoadDashboard),
        "back to the dashboard, read again: the alert may be gone"
    );
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::Alert(0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unpaid_camp_alert_opens_my_payments_on_the_camp_it_names() {
    let mut dues = family_dues();
    // A second camp of Billy's, newer, still to pay: the alert's words tell them apart.
    let mut hike = billys_camp_due();
    hike.id = 232;
    hike.label = "Hike de printemps 2027".to_owned();
    hike.created_on = time::macros::date!(2026 - 11 - 22);
    dues.push(hike);
    let mut data = dashboard(2, &[]);
    data.alerts = vec![alert(
        "activity_unpaid",
        "Les frais de Camp d'été 2027 ne sont pas payés, veuillez les régler ! (Billy LE PIVERT, 60,00 €)",
        Some(BILLY),
    )];
    let mut app = on_dashboard(Lang::Fr, data);
    focus_on(&mut app, Focus::Alert(0));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadDues));
    app.on_result(Outcome::Dues(Ok(dues)));
    assert_eq!(selected(&app), BILLYS_CAMP);
}

#[test]
fn an_alert_for_something_else_to_pay_opens_my_payments_even_without_its_due() {
    // "due_unpaid" for Lucie: her only due of another kind is overpaid, not open; the cursor
    // goes to one of hers still to pay.
    let app = follow_alert(
        vec![alert(
            "due_unpaid",
            "Un paiement est attendu : Sac de couchage (Lucie LE PIVERT, 10,00 €)",
            Some(LUCIE),
        )],
        0,
    );
    assert_eq!(selected(&app), LUCIES_AFFILIATION);
    // About no child in particular: the list, from its top.
    let app = follow_alert(
        vec![alert("due_unpaid", "Un paiement est attendu", None)],
        0,
    );
    assert_eq!(selected(&app), BILLYS_CAMP);
}

#[test]
fn the_other_alerts_keep_their_way() {
    let mut data = dashboard(1, &[]);
    data.alerts = vec![
        alert(
            "medical_to_confirm",
            "La fiche santé de Billy…",
            Some(BILLY),
        ),
        alert(
            "affiliation_missing",
            "Billy n'a pas d'affiliation…",
            Some(BILLY),
        ),
    ];
    let mut app = on_dashboard(Lang::Fr, data.clone());
    focus_on(&mut app, Focus::Alert(0));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadMedical(BILLY))
    );
    let mut app = on_dashboard(Lang::Fr, data);
    focus_on(&mut app, Focus::Alert(1));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadChild(BILLY))
    );
}

#[test]
fn p_on_a_child_with_the_red_badge_opens_its_affiliation_and_esc_comes_back_to_the_list() {
    let mut app = on_children(Lang::Fr, vec![billy_summary(), lucie_summary()]);
    assert!(
        screen_text(&app).contains("(touche p)"),
        "the red badge's tooltip says how:\n{}",
        screen_text(&app)
    );
    assert!(
        app.bindings()
            .iter()
            .any(|binding| binding.keys.short == "p" && !binding.in_bar),
        "in the help, not the bar"
    );
    assert_eq!(press(&mut app, KeyCode::Char('p')), Some(Command::LoadDues));
    app.on_result(Outcome::Dues(Ok(family_dues())));
    assert_eq!(selected(&app), BILLYS_AFFILIATION);
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadChildren));
    assert!(matches!(app.screen(), Screen::Children(_)));
    app.on_result(Outcome::Children(Ok(children_page(vec![
        billy_summary(),
        lucie_summary(),
    ]))));

    // Lucie's affiliation is paid: her payments, the first of hers still to pay first.
    press(&mut app, KeyCode::Down);
    assert_eq!(press(&mut app, KeyCode::Char('p')), Some(Command::LoadDues));
    app.on_result(Outcome::Dues(Ok(family_dues())));
    assert_eq!(selected(&app), LUCIES_AFFILIATION);
}

#[test]
fn nothing_to_pay_means_no_transfer_and_no_code() {
    // The old affiliation, paid: fifth in the list.
    let app = on_payment_detail(Lang::Fr, family_dues(), 4, None);
    let view = detail(&app);
    assert_eq!(view.due.id, BILLYS_OLD_AFFILIATION);
    assert!(view.transfer.is_none() && view.qr.is_none());
    let screen = screen_text(&app);
    assert!(
        screen.contains("Rien à payer : c'est réglé, merci !"),
        "{screen}"
    );
    assert!(!screen.contains("Agrandissez"), "{screen}");
}

#[test]
fn a_due_the_patro_has_no_account_for_says_to_contact_it() {
    let mut app = on_payments(Lang::Fr, vec![billys_affiliation_due()]);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Due(Ok(DueDetail {
        due: billys_affiliation_due(),
        transfer: None,
    })));
    assert!(screen_text(&app).contains("Le Patro n'a pas encore indiqué son compte bancaire"));
}

/// The detail of Billy's affiliation, the code read back from the screen at `width`×`height`.
fn drawn_code(width: u16, height: u16, bic: Option<&str>) -> (String, String) {
    let app = on_payment_detail(Lang::Fr, vec![billys_affiliation_due()], 0, bic);
    let payload = detail(&app).transfer.as_ref().unwrap().epc_payload.clone();
    let terminal = render_at(&app, width, height);
    (read_qr(terminal.backend().buffer()), payload)
}

#[test]
fn the_drawn_qr_code_reads_back_as_the_payload() {
    for (width, height) in [(80, 24), (100, 50), (60, 50), (200, 60)] {
        let (read, payload) = drawn_code(width, height, None);
        assert_eq!(read, payload, "{width}×{height}");
    }
    let (read, payload) = drawn_code(100, 50, Some("GKCCBEBB"));
    assert_eq!(read, payload);
    assert!(payload.starts_with("BCD\n002\n1\nSCT\nGKCCBEBB\nPatro du Val d'Haine\n"));
}

#[test]
fn the_code_keeps_a_light_margin_of_at_least_two_modules() {
    for (width, height, quiet) in [(80, 24, 2), (100, 50, 4)] {
        let app = on_payment_detail(Lang::Fr, vec![billys_affiliation_due()], 0, None);
        let terminal = render_at(&app, width, height);
        let rows = modules(terminal.backend().buffer());
        let side = rows[0].len();
        for (y, row) in rows.iter().enumerate() {
            for (x, dark) in row.iter().enumerate() {
                let margin = x < quiet || y < quiet || x >= side - quiet || y >= side - quiet;
                assert!(!(margin && *dark), "({x}, {y}) at {width}×{height}");
            }
        }
        // The finder pattern's corner starts right after the margin.
        assert!(rows[quiet][quiet], "{width}×{height}");
        assert_eq!(side, 37 + 2 * quiet);
    }
}

#[test]
fn a_terminal_too_small_shows_the_sentence_instead_of_the_code() {
    // The partly paid camp: its details are too tall to leave the code room at 80×24.
    let app = on_payment_detail(Lang::Fr, family_dues(), 0, None);
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .area
            .positions()
            .all(|position| buffer[position].style().bg != Some(ratatui::style::Color::White)),
        "no code drawn"
    );
    assert!(screen_text(&app).contains("Agrandissez la fenêtre pour afficher le code QR"));
    // A bigger terminal shows it, with the standard margin of four modules.
    let terminal = render_at(&app, 100, 50);
    assert_eq!(qr_area(terminal.backend().buffer()).width, 37 + 8);
    // Smaller still, the details are cut, never drawn over.
    let terminal = render_at(&app, 80, 20);
    assert!(format!("{}", terminal.backend()).contains("Camp d'été 2027"));
}

#[test]
fn the_list_says_what_is_left_in_all() {
    let app = on_payments(Lang::Fr, family_dues());
    // 30 € on the camp, 45 € and 15 € on the two affiliations.
    assert!(screen_text(&app).contains("Reste à payer en tout : 90,00 €"));
    let only: Vec<DueView> = family_dues()
        .into_iter()
        .filter(|due| due.id == BILLYS_OLD_AFFILIATION)
        .collect();
    let app = on_payments(Lang::Fr, only);
    assert!(screen_text(&app).contains("Tout est payé, merci !"));
}
