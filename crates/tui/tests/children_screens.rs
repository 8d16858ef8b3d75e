//! The children's screens drawn at 80×24 ("Gérer mes enfants", the sheet, "Modifier les infos",
//! the renewal, "Mon enfant n'apparaît pas", "Gérer mes infos") and compared with their reviewed
//! snapshots in `tests/snapshots`.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_tui::app::App;
use tempatro_tui::command::{Command, Outcome};
use tempatro_tui::screens::dashboard::{Focus, MenuItem};

use support::*;

#[test]
fn children_list_with_both_badges() {
    let app = on_children(Lang::Fr, vec![billy_summary(), lucie_summary()]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn children_list_with_the_second_child_selected_and_a_pending_request() {
    let mut app = on_dashboard(Lang::Fr, dashboard(2, &[]));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let mut page = children_page(vec![billy_summary(), lucie_summary()]);
    page.pending_requests
        .push(tempatro_core::api::LinkRequestView {
            id: 3,
            parent: tempatro_core::api::ParentLink {
                account_id: 1,
                name: "Papa de Billy".to_owned(),
                email: "papa.billy@patrovaldhaine.be".to_owned(),
            },
            child_first_name: "Zoé".to_owned(),
            child_last_name: "LE PIVERT".to_owned(),
            birth_date: time::macros::date!(2021 - 03 - 14),
            message: String::new(),
            status: tempatro_core::api::LinkRequestStatus::Pending,
            created_at: time::macros::datetime!(2026-11-20 18:00 UTC),
            child_id: None,
            reason: None,
        });
    app.on_result(Outcome::Children(Ok(page)));
    press(&mut app, KeyCode::Down);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn children_list_empty() {
    let app = on_children(Lang::Fr, Vec::new());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn children_list_in_english() {
    let app = on_children(Lang::En, vec![billy_summary(), lucie_summary()]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_sheet() {
    let app = on_billys_sheet(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_sheet_in_english() {
    let app = on_billys_sheet(Lang::En);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_sheet_with_little_known_yet() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Enter);
    let mut sheet = billy_sheet();
    sheet.address = None;
    sheet.image_rights = None;
    sheet.secondary_contact = None;
    sheet.doctor = None;
    sheet.camps.clear();
    sheet.affiliations.truncate(0);
    sheet.section = None;
    app.on_result(Outcome::Child(Ok(sheet)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_sheet_scrolled_in_a_short_terminal() {
    let mut app = on_billys_sheet(Lang::Fr);
    press(&mut app, KeyCode::PageDown);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 16)).unwrap();
    terminal
        .draw(|frame| tempatro_tui::screens::draw(frame, &app))
        .unwrap();
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn child_form() {
    let app = on_billys_form(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_form_with_an_incomplete_phone() {
    let mut app = on_billys_form(Lang::Fr);
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Backspace);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "caught before the server"
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_form_with_the_servers_error_under_the_address() {
    let mut app = on_billys_form(Lang::Fr);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, " bis");
    let command = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(command, Some(Command::SaveChild { .. })),
        "{command:?}"
    );
    app.on_result(Outcome::ChildSaved(Err(api_error(
        422,
        "invalid_input",
        "Adresse : adresse attendue sous la forme « Rue du Roeulx 23, 7110 Maurage »",
        Some("address"),
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_form_refused_because_the_sheet_changed_meanwhile() {
    let mut app = on_billys_form(Lang::Fr);
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ChildSaved(Err(api_error(
        409,
        "stale_version",
        "La fiche a été modifiée entre-temps : rechargez-la avant de sauver",
        None,
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_form_asks_before_leaving_unsaved_changes() {
    let mut app = on_billys_form(Lang::Fr);
    type_text(&mut app, "x");
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn child_sheet_after_saving() {
    let mut app = on_billys_form(Lang::Fr);
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    let mut saved = billy_sheet();
    saved.version += 1;
    saved.primary_contact.as_mut().unwrap().phone = Some("0412/34.56.79".to_owned());
    app.on_result(Outcome::ChildSaved(Ok(saved)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn renewal_offer() {
    let mut app = on_billys_sheet(Lang::Fr);
    assert_eq!(press(&mut app, KeyCode::Char('r')), None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn renewal_done() {
    let mut app = on_billys_sheet(Lang::Fr);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::Renew(BILLY)));
    app.on_result(Outcome::Renewed(Ok(affiliation(BILLY, 2027, false, true))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn renewal_refused_outside_the_window() {
    let mut app = on_billys_sheet(Lang::Fr);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('o'));
    app.on_result(Outcome::Renewed(Err(api_error(
        409,
        "conflict",
        "Le renouvellement des affiliations est ouvert de juin à octobre",
        None,
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn renewal_not_open() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadChild(BILLY))
    );
    let mut sheet = billy_sheet();
    sheet.renewal = None;
    app.on_result(Outcome::Child(Ok(sheet)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn link_request_form() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Zoé");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "LE PIVERT");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "31/02/2021");
    press(&mut app, KeyCode::Tab);
    assert_eq!(press(&mut app, KeyCode::Enter), None, "no such date");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn link_request_sent() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Char('n'));
    for text in ["Zoé", "LE PIVERT", "14/03/2021"] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    let command = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(command, Some(Command::RequestLink { .. })),
        "{command:?}"
    );
    app.on_result(Outcome::LinkRequested(Ok(
        tempatro_core::api::LinkRequestView {
            id: 3,
            parent: tempatro_core::api::ParentLink {
                account_id: 1,
                name: "Papa de Billy".to_owned(),
                email: "papa.billy@patrovaldhaine.be".to_owned(),
            },
            child_first_name: "Zoé".to_owned(),
            child_last_name: "LE PIVERT".to_owned(),
            birth_date: time::macros::date!(2021 - 03 - 14),
            message: String::new(),
            status: tempatro_core::api::LinkRequestStatus::Pending,
            created_at: time::macros::datetime!(2026-11-20 18:00 UTC),
            child_id: None,
            reason: None,
        },
    )));
    insta::assert_snapshot!(render(&app).backend());
}

fn on_profile(lang: Lang) -> App {
    let mut app = on_dashboard(lang, dashboard(1, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Infos));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadProfile));
    app.on_result(Outcome::Profile(Ok(papa_account())));
    app
}

#[test]
fn profile() {
    let app = on_profile(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn profile_new_email_without_the_current_password() {
    let mut app = on_profile(Lang::Fr);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    app.update(ctrl('u'));
    type_text(&mut app, "papa@exemple.be");
    press(&mut app, KeyCode::Tab);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    insta::assert_snapshot!(render(&app).backend());
}

/// A new address is saved, then waits for the code sent to it; a wrong code is said under the
/// field, the right one makes it the login.
#[test]
fn profile_new_email_waits_for_its_code() {
    let mut app = on_profile(Lang::Fr);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    app.update(ctrl('u'));
    type_text(&mut app, "papa@exemple.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "le mot de passe actuel");
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SaveProfile { .. })
    ));
    let mut waiting = papa_account();
    waiting.pending_email = Some("papa@exemple.be".to_owned());
    app.on_result(Outcome::ProfileSaved(Ok(waiting)));
    insta::assert_snapshot!(
        "profile_new_email_waiting_for_its_code",
        render(&app).backend()
    );

    type_text(&mut app, "0000 0000");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::ConfirmEmailChange {
            code: "0000 0000".to_owned()
        })
    );
    app.on_result(Outcome::EmailChangeConfirmed(Err(api_error(
        400,
        "invalid_code",
        "Code invalide ou expiré. Demandez un nouveau code.",
        Some("code"),
    ))));
    insta::assert_snapshot!("profile_new_email_wrong_code", render(&app).backend());

    app.update(ctrl('u'));
    type_text(&mut app, "1234 5678");
    assert!(press(&mut app, KeyCode::Enter).is_some());
    let mut changed = papa_account();
    changed.email = "papa@exemple.be".to_owned();
    app.on_result(Outcome::EmailChangeConfirmed(Ok(changed)));
    insta::assert_snapshot!("profile_new_email_confirmed", render(&app).backend());
}

#[test]
fn profile_password_too_short_and_saved_details() {
    let mut app = on_profile(Lang::Fr);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "-Billy");
    let command = press(&mut app, KeyCode::Tab);
    assert_eq!(command, None);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SaveProfile { .. })
    ));
    let mut account = papa_account();
    account.last_name = "de Billy-Billy".to_owned();
    app.on_result(Outcome::ProfileSaved(Ok(account)));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un mot de passe actuel");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "court");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "court");
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_with_the_alert_focused() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_billys_alert());
    focus_on(&mut app, Focus::Alert(0));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn the_new_screens_survive_a_tiny_terminal() {
    let mut apps = vec![
        on_children(Lang::Fr, vec![billy_summary(), lucie_summary()]),
        on_billys_sheet(Lang::Fr),
        on_billys_form(Lang::Fr),
        on_profile(Lang::En),
    ];
    let mut renewal = on_billys_sheet(Lang::Fr);
    press(&mut renewal, KeyCode::Char('r'));
    apps.push(renewal);
    let mut link = on_children(Lang::Fr, Vec::new());
    press(&mut link, KeyCode::Char('n'));
    apps.push(link);
    let mut leaving = on_billys_form(Lang::Fr);
    type_text(&mut leaving, "x");
    press(&mut leaving, KeyCode::Esc);
    apps.push(leaving);
    let mut scrolled = on_billys_sheet(Lang::Fr);
    for _ in 0..20 {
        press(&mut scrolled, KeyCode::PageDown);
    }
    apps.push(scrolled);
    for app in &apps {
        for (width, height) in [(1, 1), (2, 2), (10, 4), (30, 8), (79, 23), (200, 60)] {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| tempatro_tui::screens::draw(frame, app))
                .unwrap_or_else(|error| panic!("{width}×{height}: {error}"));
        }
    }
}
