//! Key sequences on the children's screens: which request leaves with which values, where each
//! key leads, and what is never sent twice.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_core::api::{ChildPatch, ContactInput};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::{Command, Outcome};
use tempatro_tui::screens::child_form::{self, ChildForm};
use tempatro_tui::screens::dashboard::{Focus, MenuItem};
use tempatro_tui::screens::profile;
use tempatro_tui::screens::renewal::Stage;

use support::*;

fn form(app: &App) -> &ChildForm {
    match app.screen() {
        Screen::ChildForm(form) => form,
        other => panic!("expected the form, got {other:?}"),
    }
}

fn the_patch(command: Option<Command>) -> ChildPatch {
    match command {
        Some(Command::SaveChild { id, patch }) => {
            assert_eq!(id, BILLY);
            *patch
        }
        other => panic!("expected a save, got {other:?}"),
    }
}

/// Tab to the primary contact's phone, from the birth date.
fn to_primary_phone(app: &mut App) {
    for _ in 0..4 {
        press(app, KeyCode::Tab);
    }
    assert_eq!(form(app).focus, child_form::Focus::PrimaryPhone);
}

#[test]
fn the_children_box_and_the_menu_lead_to_the_list_and_esc_comes_back() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    focus_on(&mut app, Focus::ChildrenBox);
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadChildren));
    assert!(matches!(app.screen(), Screen::Children(_)));
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        None,
        "nothing else leaves while the list is on its way"
    );
    app.on_result(Outcome::Children(Ok(children_page(vec![billy_summary()]))));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::Menu(MenuItem::Children)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn enter_on_an_alert_opens_that_childs_sheet_and_esc_goes_back_to_the_dashboard() {
    // An affiliation to renew is the child's sheet's business; an unpaid one leads to "Mes
    // paiements" (tests/payments_keys.rs).
    let mut data = dashboard_with_billys_alert();
    data.alerts[0].code = "affiliation_missing".to_owned();
    data.alerts[0].message =
        "Billy LE PIVERT n'a pas d'affiliation pour le cycle 2026-2027 : renouvelez-la ou contactez le Patro."
            .to_owned();
    let mut app = on_dashboard(Lang::Fr, data);
    focus_on(&mut app, Focus::Alert(0));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadChild(BILLY))
    );
    app.on_result(Outcome::Child(Ok(billy_sheet())));
    assert!(screen_text(&app).contains("Vous visualisez la fiche de Billy LE PIVERT"));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
    assert!(matches!(app.screen(), Screen::Dashboard(_)));
}

#[test]
fn the_list_opens_the_selected_childs_sheet_and_comes_back_refreshed() {
    let mut app = on_children(Lang::Fr, vec![billy_summary(), lucie_summary()]);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadChild(LUCIE))
    );
    let mut lucie = billy_sheet();
    lucie.id = LUCIE;
    lucie.first_name = "Lucie".to_owned();
    app.on_result(Outcome::Child(Ok(lucie)));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadChildren));
    match app.screen() {
        Screen::Children(list) => assert_eq!(list.selected, 1, "the cursor stays on Lucie"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn saving_sends_only_the_changed_contact_with_the_version_read_and_only_once() {
    let mut app = on_billys_form(Lang::Fr);
    to_primary_phone(&mut app);
    app.update(ctrl('u'));
    type_text(&mut app, "0499 11 22 33");
    let patch = the_patch(press(&mut app, KeyCode::Enter));
    assert_eq!(
        patch,
        ChildPatch {
            version: 7,
            primary_contact: Some(Some(ContactInput {
                name: "Papa de Billy".to_owned(),
                phone: Some("0499 11 22 33".to_owned()),
                email: Some("papa.billy@patrovaldhaine.be".to_owned()),
            })),
            ..ChildPatch::default()
        }
    );
    assert!(app.busy());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "a second Enter while the first save runs sends nothing"
    );
    let mut saved = billy_sheet();
    saved.version = 8;
    saved.primary_contact.as_mut().unwrap().phone = Some("0499/11.22.33".to_owned());
    app.on_result(Outcome::ChildSaved(Ok(saved)));
    let text = screen_text(&app);
    assert!(text.contains("Modifications enregistrées"), "{text}");
    assert!(text.contains("0499/11.22.33"), "{text}");
    match app.screen() {
        Screen::ChildSheet(view) => assert_eq!(view.sheet.as_ref().unwrap().version, 8),
        other => panic!("{other:?}"),
    }
}

#[test]
fn nothing_changed_sends_nothing() {
    let mut app = on_billys_form(Lang::Fr);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert!(screen_text(&app).contains("Aucune modification à enregistrer."));
}

#[test]
fn the_photo_checkbox_is_ticked_with_space_and_sent_alone() {
    let mut app = on_billys_form(Lang::Fr);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focus, child_form::Focus::ImageRights);
    assert!(!app.typing(), "space is a key here, not a character");
    press(&mut app, KeyCode::Char(' '));
    assert!(!form(&app).image_rights);
    let patch = the_patch(press(&mut app, KeyCode::Enter));
    assert_eq!(
        patch,
        ChildPatch {
            version: 7,
            image_rights: Some(false),
            ..ChildPatch::default()
        }
    );
}

#[test]
fn emptying_the_secondary_contact_and_the_address_clears_them() {
    let mut app = on_billys_form(Lang::Fr);
    press(&mut app, KeyCode::Tab);
    app.update(ctrl('u'));
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(form(&app).focus, child_form::Focus::SecondaryName);
    for _ in 0..3 {
        app.update(ctrl('e'));
        app.update(ctrl('u'));
        press(&mut app, KeyCode::Tab);
    }
    let patch = the_patch(press(&mut app, KeyCode::Enter));
    assert_eq!(patch.address, Some(None));
    assert_eq!(patch.secondary_contact, Some(None));
    assert_eq!(patch.primary_contact, None);
}

#[test]
fn a_wrong_phone_is_said_when_leaving_the_field_and_blocks_the_save() {
    let mut app = on_billys_form(Lang::Fr);
    to_primary_phone(&mut app);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        form(&app).primary_phone.error.as_deref(),
        Some("Numéro incomplet : 10 chiffres attendus")
    );
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert_eq!(form(&app).focus, child_form::Focus::PrimaryPhone);
    type_text(&mut app, "9");
    assert_eq!(form(&app).primary_phone.error, None, "typing clears it");
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SaveChild { .. })
    ));
}

#[test]
fn a_contact_without_a_name_is_caught_here() {
    let mut app = on_billys_form(Lang::Fr);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    app.update(ctrl('e'));
    app.update(ctrl('u'));
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert_eq!(
        form(&app).primary_name.error.as_deref(),
        Some("ce champ est obligatoire")
    );
}

#[test]
fn the_servers_error_lands_under_the_field_it_names() {
    let mut app = on_billys_form(Lang::Fr);
    to_primary_phone(&mut app);
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(form(&app).focus, child_form::Focus::DoctorName);
    type_text(&mut app, " junior");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ChildSaved(Err(api_error(
        422,
        "invalid_input",
        "Téléphone du médecin : numéro invalide (exemple : 0412/34.56.78)",
        Some("doctor.phone"),
    ))));
    let form = form(&app);
    assert_eq!(form.focus, child_form::Focus::DoctorPhone);
    assert!(form.doctor_phone.error.is_some());
    assert_eq!(form.banner, None);
    assert_eq!(form.doctor_name.value(), "Docteur Pivert junior", "kept");
}

#[test]
fn a_stale_save_offers_to_reload_and_the_form_starts_over_from_the_new_sheet() {
    let mut app = on_billys_form(Lang::Fr);
    to_primary_phone(&mut app);
    type_text(&mut app, "0");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ChildSaved(Err(api_error(
        409,
        "stale_version",
        "La fiche a été modifiée entre-temps : rechargez-la avant de sauver",
        None,
    ))));
    assert!(form(&app).stale);
    assert!(
        !app.typing(),
        "the focus left the fields, so that r reloads"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadChild(BILLY))
    );
    let mut newer = billy_sheet();
    newer.version = 9;
    newer.address.as_mut().unwrap().line = "Rue de Bray 2, 7110 Maurage".to_owned();
    app.on_result(Outcome::Child(Ok(newer)));
    let form = form(&app);
    assert_eq!(form.version, 9);
    assert!(!form.stale);
    assert_eq!(form.address.value(), "Rue de Bray 2, 7110 Maurage");
    assert_eq!(form.primary_phone.value(), "0412/34.56.78");
}

#[test]
fn ctrl_r_reloads_from_inside_a_field() {
    let mut app = on_billys_form(Lang::Fr);
    type_text(&mut app, "x");
    app.update(key(KeyCode::Backspace));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, " bis");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ChildSaved(Err(api_error(
        409,
        "stale_version",
        "La fiche a été modifiée entre-temps : rechargez-la avant de sauver",
        None,
    ))));
    press(&mut app, KeyCode::Up);
    assert!(app.typing());
    type_text(&mut app, "r");
    assert_eq!(app.update(ctrl('r')), Some(Command::LoadChild(BILLY)));
}

#[test]
fn leaving_with_unsaved_changes_asks_first() {
    let mut app = on_billys_form(Lang::Fr);
    type_text(&mut app, "x");
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(form(&app).confirm_leave);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(
        form(&app).birth_date.value(),
        "01/05/2018x",
        "no letter typed while asking"
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(!form(&app).confirm_leave, "n: back to the form");
    assert_eq!(form(&app).birth_date.value(), "01/05/2018x");
    press(&mut app, KeyCode::Esc);
    assert_eq!(press(&mut app, KeyCode::Char('o')), None);
    match app.screen() {
        Screen::ChildSheet(view) => {
            assert_eq!(
                view.sheet.as_ref().unwrap().birth_date,
                billy_sheet().birth_date
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn leaving_without_changes_asks_nothing() {
    let mut app = on_billys_form(Lang::Fr);
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(matches!(app.screen(), Screen::ChildSheet(_)));
}

#[test]
fn renewal_from_the_sheet_confirms_then_goes_back_to_the_reloaded_sheet() {
    let mut app = on_billys_sheet(Lang::Fr);
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        None,
        "the sheet has the offer"
    );
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::Renew(BILLY)));
    assert_eq!(press(&mut app, KeyCode::Enter), None, "not twice");
    app.on_result(Outcome::Renewed(Ok(affiliation(BILLY, 2027, false, true))));
    assert!(screen_text(&app).contains("2027-2028 est"));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadChild(BILLY))
    );
    assert!(matches!(app.screen(), Screen::ChildSheet(_)));
}

#[test]
fn renewal_cancelled_changes_nothing() {
    let mut app = on_billys_sheet(Lang::Fr);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(matches!(app.screen(), Screen::ChildSheet(_)));
}

#[test]
fn renewal_without_an_offer_says_why_and_sends_nothing() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Char('r'));
    let mut sheet = billy_sheet();
    sheet.renewal = None;
    sheet
        .affiliations
        .push(affiliation(BILLY, 2027, false, false));
    app.on_result(Outcome::Child(Ok(sheet)));
    match app.screen() {
        Screen::Renewal(renewal) => assert!(matches!(renewal.stage, Stage::NotPossible(_))),
        other => panic!("{other:?}"),
    }
    assert!(
        screen_text(&app).contains("pour le cycle 2027-2028 existe déjà"),
        "{}",
        screen_text(&app)
    );
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert!(matches!(app.screen(), Screen::Children(_)));
}

#[test]
fn a_missing_child_is_reported_with_what_was_typed() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Char('n'));
    for text in ["Zoé", "LE PIVERT", "14/03/2021"] {
        type_text(&mut app, text);
        assert_eq!(press(&mut app, KeyCode::Enter), None, "Enter moves on");
    }
    type_text(&mut app, "Inscrite aux Poussins en septembre");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::RequestLink {
            first_name: "Zoé".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: "14/03/2021".to_owned(),
            message: "Inscrite aux Poussins en septembre".to_owned(),
        })
    );
}

#[test]
fn the_profile_sends_only_what_changed_and_a_new_email_needs_the_password() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Infos));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadProfile));
    app.on_result(Outcome::Profile(Ok(papa_account())));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    app.update(ctrl('u'));
    app.update(ctrl('e'));
    app.update(ctrl('u'));
    press(&mut app, KeyCode::Tab);
    app.update(ctrl('u'));
    type_text(&mut app, "papa@exemple.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "demo-papa-billy");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SaveProfile {
            first_name: None,
            last_name: None,
            phone: Some(None),
            email: Some("papa@exemple.be".to_owned()),
            current_password: Some("demo-papa-billy".to_owned()),
        })
    );
    app.on_result(Outcome::ProfileSaved(Err(api_error(
        422,
        "wrong_current_password",
        "Mot de passe actuel : incorrect",
        Some("current_password"),
    ))));
    match app.screen() {
        Screen::Profile(form) => {
            assert_eq!(form.focus, profile::Focus::EmailPassword);
            assert!(form.email_password.error.is_some());
            assert!(form.current_password.error.is_none(), "not the other field");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_password_change_is_checked_here_then_sent() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Infos));
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Profile(Ok(papa_account())));
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "demo-papa-billy");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un nouveau mot de passe");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un autre mot de passe");
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    app.update(ctrl('u'));
    type_text(&mut app, "un nouveau mot de passe");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::ChangePassword {
            current: "demo-papa-billy".to_owned(),
            new: "un nouveau mot de passe".to_owned(),
        })
    );
    app.on_result(Outcome::PasswordChanged(Ok(())));
    assert!(screen_text(&app).contains("Votre mot de passe a été modifié."));
    match app.screen() {
        Screen::Profile(form) => assert_eq!(form.new_password.value(), ""),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_session_lost_on_any_page_leads_to_log_in() {
    let mut app = on_children(Lang::Fr, vec![billy_summary()]);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Child(Err(api_error(
        401,
        "unauthenticated",
        "Votre session a expiré ou n'existe pas : veuillez vous connecter.",
        None,
    ))));
    assert!(matches!(app.screen(), Screen::Login(_)));
}

#[test]
fn an_unreachable_server_keeps_the_form_and_r_retries_the_save() {
    let mut app = on_billys_form(Lang::Fr);
    to_primary_phone(&mut app);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "9");
    let sent = press(&mut app, KeyCode::Enter).unwrap();
    app.on_result(Outcome::ChildSaved(Err(unreachable())));
    assert!(matches!(app.screen(), Screen::Unreachable(_)));
    assert_eq!(press(&mut app, KeyCode::Char('r')), Some(sent));
    let mut saved = billy_sheet();
    saved.version = 8;
    app.on_result(Outcome::ChildSaved(Ok(saved)));
    assert!(matches!(app.screen(), Screen::ChildSheet(_)));
}

#[test]
fn the_key_bar_of_the_sheet_and_the_list_name_the_guides_actions() {
    let app = on_children(Lang::Fr, vec![billy_summary()]);
    let bar = tempatro_tui::keys::bar(&app.bindings(), Lang::Fr);
    assert!(bar.contains(&("↵", "visualiser")), "{bar:?}");
    assert!(bar.contains(&("r", "renouveler l'affiliation")), "{bar:?}");
    let app = on_billys_sheet(Lang::Fr);
    let bar = tempatro_tui::keys::bar(&app.bindings(), Lang::Fr);
    assert!(bar.contains(&("m", "modifier")), "{bar:?}");
    assert!(bar.contains(&("s", "fiche santé")), "{bar:?}");
    assert!(bar.contains(&("c", "camps")), "{bar:?}");
}
