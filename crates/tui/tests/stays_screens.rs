//! "Camps & hikes" and the medical sheet drawn at 80×24, compared with their reviewed snapshots
//! in `tests/snapshots`.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::{Lang, RegistrationStatus};
use tempatro_tui::command::{Command, Outcome};

use support::*;

#[test]
fn camps_and_hikes_with_a_registration_and_a_place_on_the_waiting_list() {
    let app = on_camps(Lang::Fr, billys_activities());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn camps_and_hikes_in_english() {
    let app = on_camps(Lang::En, billys_activities());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn camps_and_hikes_asks_before_registering() {
    let mut app = on_camps(Lang::Fr, open_activities());
    press(&mut app, KeyCode::Down);
    assert_eq!(press(&mut app, KeyCode::Char('i')), None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn camps_and_hikes_after_a_registration_on_the_waiting_list() {
    let mut app = on_camps(Lang::Fr, open_activities());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('o'));
    let camp = summer_camp();
    let registered = registration(&camp, RegistrationStatus::Waitlisted, Some(1), 6_000, false);
    assert_eq!(
        app.on_result(Outcome::Registered(Ok(registered.clone()))),
        Some(Command::LoadChildActivities(BILLY))
    );
    let mut activities = open_activities();
    activities[1].registration = Some(registered);
    app.on_result(Outcome::ChildActivities(Ok(activities)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn camps_and_hikes_shows_the_servers_refusal_under_the_activity() {
    let mut app = on_camps(Lang::Fr, open_activities());
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('o'));
    app.on_result(Outcome::Registered(Err(api_error(
        409,
        "conflict",
        "Les inscriptions sont closes depuis le 10/04/2027",
        None,
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn camps_and_hikes_asks_which_child_first() {
    let mut app = on_dashboard(Lang::Fr, dashboard(2, &[]));
    focus_on(
        &mut app,
        tempatro_tui::screens::dashboard::Focus::Menu(
            tempatro_tui::screens::dashboard::MenuItem::Camps,
        ),
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.on_result(Outcome::Children(Ok(children_page(vec![
            billy_summary(),
            lucie_summary()
        ])))),
        None
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_locked_says_why() {
    let app = on_medical(Lang::Fr, locked_medical());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_with_a_confirmation_to_give() {
    let app = on_medical(Lang::Fr, billys_medical());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_scrolled_to_its_end() {
    let mut app = on_medical(Lang::Fr, billys_medical());
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown);
    }
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_in_english() {
    let app = on_medical(Lang::En, billys_medical());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_asks_to_confirm_for_the_camp() {
    let mut app = on_medical(Lang::Fr, billys_medical());
    assert_eq!(press(&mut app, KeyCode::Char('c')), None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_sheet_confirmed() {
    let mut app = on_medical(Lang::Fr, billys_medical());
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('o'));
    let mut sheet = billys_medical();
    sheet.confirmations[0].confirmed_on = Some(time::macros::date!(2026 - 11 - 20));
    app.on_result(Outcome::MedicalConfirmed(Ok(sheet)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_form() {
    let app = on_medical_form(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_form_with_a_wrong_blood_group_under_its_field() {
    let mut app = on_medical_form(Lang::Fr);
    press(&mut app, KeyCode::Tab);
    app.update(ctrl('u'));
    type_text(&mut app, "C+");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "caught before the server"
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_form_at_the_medicines_and_the_yes_no_questions() {
    let mut app = on_medical_form(Lang::Fr);
    // Insurer to conditions, then the first medicine's three parts: the second's name.
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Ventolin");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn medical_form_without_the_consent() {
    let mut sheet = locked_medical();
    sheet.editable = true;
    sheet.locked_reason = None;
    let mut app = on_medical(Lang::Fr, sheet);
    press(&mut app, KeyCode::Char('m'));
    type_text(&mut app, "Solidaris");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "caught before the server"
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn every_new_screen_survives_a_tiny_terminal() {
    let mut apps = vec![
        on_camps(Lang::Fr, billys_activities()),
        on_medical(Lang::Fr, billys_medical()),
        on_medical(Lang::En, locked_medical()),
        on_medical_form(Lang::Fr),
    ];
    let mut asking = on_camps(Lang::Fr, open_activities());
    press(&mut asking, KeyCode::Char('i'));
    apps.push(asking);
    let mut confirming = on_medical(Lang::Fr, billys_medical());
    press(&mut confirming, KeyCode::Char('c'));
    apps.push(confirming);
    let mut wrong = on_medical_form(Lang::Fr);
    type_text(&mut wrong, "x");
    press(&mut wrong, KeyCode::Esc);
    apps.push(wrong);
    for app in &apps {
        for (width, height) in [(1, 1), (2, 2), (10, 4), (30, 8), (79, 23), (200, 60)] {
            render_at(app, width, height);
        }
    }
}
