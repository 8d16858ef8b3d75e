//! Key sequences on "Camps & hikes", the medical sheet, "Documents", the news and the help tab:
//! which request leaves with which values, where each key leads, what is asked first.

mod support;

use std::path::PathBuf;

use crossterm::event::KeyCode;
use tempatro_core::api::Alert;
use tempatro_core::{Lang, RegistrationStatus};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::{Command, DownloadError, Outcome};
use tempatro_tui::screens::dashboard::{Focus, HelpText, MenuItem};
use tempatro_tui::screens::medical_form::{self, MedicalForm};

use support::*;

fn medical_form(app: &App) -> &MedicalForm {
    match app.screen() {
        Screen::MedicalForm(form) => form,
        other => panic!("expected the medical form, got {other:?}"),
    }
}

fn bar(app: &App) -> Vec<(&'static str, &'static str)> {
    tempatro_tui::keys::bar(&app.bindings(), Lang::Fr)
}

#[test]
fn registering_asks_first_and_no_sends_nothing() {
    let mut app = on_camps(Lang::Fr, open_activities());
    press(&mut app, KeyCode::Down);
    assert!(bar(&app).contains(&("i", "inscrire")), "{:?}", bar(&app));
    assert_eq!(press(&mut app, KeyCode::Char('i')), None);
    assert!(screen_text(&app).contains("Inscrire Billy au Camp d'été 2027 (60,00 €) ?"));
    assert_eq!(press(&mut app, KeyCode::Char('n')), None);
    assert!(!screen_text(&app).contains("Inscrire Billy"));
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        Some(Command::Register {
            activity: CAMP,
            child: BILLY,
        })
    );
}

#[test]
fn a_registration_on_the_waiting_list_is_said_and_the_list_read_again() {
    let mut app = on_camps(Lang::Fr, open_activities());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('o'));
    let waiting = registration(
        &summer_camp(),
        RegistrationStatus::Waitlisted,
        Some(1),
        6_000,
        false,
    );
    assert_eq!(
        app.on_result(Outcome::Registered(Ok(waiting))),
        Some(Command::LoadChildActivities(BILLY))
    );
    assert!(
        screen_text(&app).contains("Billy est sur la liste d'attente du Camp d'été 2027 (1er)")
    );
}

#[test]
fn cancelling_asks_first_then_sends() {
    let mut app = on_camps(Lang::Fr, billys_activities());
    assert!(bar(&app).contains(&("a", "désinscrire")), "{:?}", bar(&app));
    assert_eq!(
        press(&mut app, KeyCode::Char('i')),
        None,
        "already registered"
    );
    assert_eq!(press(&mut app, KeyCode::Char('a')), None);
    assert!(
        screen_text(&app).contains("Annuler l'inscription de Billy au Hike de printemps 2027 ?")
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        Some(Command::CancelRegistration {
            activity: HIKE,
            child: BILLY,
        })
    );
    let cancelled = registration(
        &spring_hike(),
        RegistrationStatus::Cancelled,
        None,
        1_500,
        false,
    );
    assert_eq!(
        app.on_result(Outcome::RegistrationCancelled(Ok(cancelled))),
        Some(Command::LoadChildActivities(BILLY))
    );
    assert!(
        screen_text(&app).contains("L'inscription de Billy au Hike de printemps 2027 est annulée.")
    );
}

#[test]
fn a_refused_cancellation_is_said_under_its_activity() {
    let mut app = on_camps(Lang::Fr, billys_activities());
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('o'));
    app.on_result(Outcome::RegistrationCancelled(Err(api_error(
        409,
        "conflict",
        "Les inscriptions sont closes depuis le 10/04/2027",
        None,
    ))));
    let screen = screen_text(&app);
    let hike = screen.find("Hike de printemps 2027").unwrap();
    let refusal = screen.find("⚠ Les inscriptions sont closes").unwrap();
    let camp = screen.find("Camp d'été 2027").unwrap();
    assert!(hike < refusal && refusal < camp, "{screen}");
}

#[test]
fn with_two_children_the_parent_picks_one_and_esc_comes_back_to_the_choice() {
    let mut app = on_dashboard(Lang::Fr, dashboard(2, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Camps));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadChildren));
    let page = children_page(vec![billy_summary(), lucie_summary()]);
    assert_eq!(app.on_result(Outcome::Children(Ok(page))), None);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadChildActivities(LUCIE))
    );
    app.on_result(Outcome::ChildActivities(Ok(Vec::new())));
    assert!(screen_text(&app).contains("Camps & hikes de Lucie LE PIVERT"));
    assert!(screen_text(&app).contains("Aucun camp ni hike à venir pour Lucie"));
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(screen_text(&app).contains("Pour quel enfant ?"));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::Menu(MenuItem::Camps)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_childs_sheet_leads_to_its_camps_and_its_medical_sheet() {
    let mut app = on_billys_sheet(Lang::Fr);
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        Some(Command::LoadChildren)
    );
    let page = children_page(vec![billy_summary(), lucie_summary()]);
    assert_eq!(
        app.on_result(Outcome::Children(Ok(page))),
        Some(Command::LoadChildActivities(BILLY)),
        "the child asked for, though there are two"
    );
    app.on_result(Outcome::ChildActivities(Ok(billys_activities())));
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Some(Command::LoadChild(BILLY)),
        "back to the sheet, read again"
    );
    app.on_result(Outcome::Child(Ok(billy_sheet())));
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        Some(Command::LoadMedical(BILLY))
    );
}

#[test]
fn the_alerts_lead_to_the_payments_or_the_medical_sheet() {
    let alert = |code: &str| Alert {
        code: code.to_owned(),
        message: format!("{code} (Billy LE PIVERT)"),
        child_id: Some(BILLY),
    };
    let mut data = dashboard(1, &[]);
    data.alerts = vec![alert("activity_unpaid"), alert("medical_to_confirm")];
    let mut app = on_dashboard(Lang::Fr, data.clone());
    focus_on(&mut app, Focus::Alert(0));
    // An unpaid stay is paid from "Mes paiements" (tests/payments_keys.rs).
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadDues));
    assert!(matches!(app.screen(), Screen::Payments(_)));
    let mut app = on_dashboard(Lang::Fr, data);
    focus_on(&mut app, Focus::Alert(1));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadMedical(BILLY))
    );
    app.on_result(Outcome::Medical(Ok(billys_medical())));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
}

#[test]
fn camps_lead_to_the_medical_sheet_and_back() {
    let mut app = on_camps(Lang::Fr, billys_activities());
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        Some(Command::LoadMedical(BILLY))
    );
    app.on_result(Outcome::Medical(Ok(billys_medical())));
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Some(Command::LoadChildActivities(BILLY)),
        "the camps are read again: a confirmation shows there"
    );
}

#[test]
fn a_locked_sheet_cannot_be_edited() {
    let mut app = on_medical(Lang::Fr, locked_medical());
    assert!(
        !bar(&app).iter().any(|(key, _)| *key == "m"),
        "{:?}",
        bar(&app)
    );
    assert_eq!(press(&mut app, KeyCode::Char('m')), None);
    assert!(matches!(app.screen(), Screen::Medical(_)));
}

#[test]
fn confirming_asks_first_then_sends_for_the_camp() {
    let mut app = on_medical(Lang::Fr, billys_medical());
    assert!(bar(&app).contains(&("c", "confirmer")), "{:?}", bar(&app));
    assert_eq!(press(&mut app, KeyCode::Char('c')), None);
    assert_eq!(press(&mut app, KeyCode::Esc), None, "Esc answers no");
    assert!(matches!(app.screen(), Screen::Medical(_)));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        Some(Command::ConfirmMedical {
            child: BILLY,
            activity: CAMP,
        })
    );
    app.on_result(Outcome::MedicalConfirmed(Err(api_error(
        409,
        "conflict",
        "Remplissez d'abord la fiche santé de votre enfant",
        None,
    ))));
    assert!(screen_text(&app).contains("⚠ Remplissez d'abord la fiche santé"));
}

#[test]
fn the_form_sends_the_whole_sheet_with_the_consent_and_its_version() {
    let mut app = on_medical_form(Lang::Fr);
    assert_eq!(medical_form(&app).focus, medical_form::Focus::Insurer);
    app.update(ctrl('u'));
    type_text(&mut app, "Partenamut");
    // To the second medicine's name.
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(
        medical_form(&app).focus,
        medical_form::Focus::Medication(1, 0)
    );
    for part in ["Rilatine", "10 mg le matin", "les animateurs"] {
        type_text(&mut app, part);
        press(&mut app, KeyCode::Tab);
    }
    // Past the third medicine and the tetanus date, to "Sait nager".
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(medical_form(&app).focus, medical_form::Focus::CanSwim);
    assert!(bar(&app).contains(&("Espace", "oui/non/non précisé")));
    press(&mut app, KeyCode::Char(' '));
    let Some(Command::SaveMedical { child, draft }) = press(&mut app, KeyCode::Enter) else {
        panic!("expected a save");
    };
    assert_eq!(child, BILLY);
    let input = draft.input();
    assert_eq!(input.version, 3);
    assert!(input.consent, "given before, kept ticked");
    assert_eq!(input.insurer.as_deref(), Some("Partenamut"));
    assert_eq!(input.can_swim, Some(false), "oui, then non");
    assert_eq!(input.medication.len(), 2);
    assert_eq!(input.medication[1].given_by, "les animateurs");
    assert_eq!(input.tetanus_vaccination.as_deref(), Some("14/03/2022"));
    assert_eq!(input.diet, None);
}

#[test]
fn a_medicine_needs_its_three_parts_before_sending() {
    let mut app = on_medical_form(Lang::Fr);
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Rilatine");
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert_eq!(
        medical_form(&app).focus,
        medical_form::Focus::Medication(1, 1)
    );
    assert!(screen_text(&app).contains("⚠ Ce champ est obligatoire"));
}

#[test]
fn the_servers_error_lands_under_its_field() {
    let mut app = on_medical_form(Lang::Fr);
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("Aucune modification à enregistrer."));
    type_text(&mut app, " Mons");
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SaveMedical { .. })
    ));
    app.on_result(Outcome::MedicalSaved(Err(api_error(
        422,
        "invalid_input",
        "Téléphone du contact d'urgence : numéro incomplet : 10 chiffres attendus",
        Some("emergency_contact.phone"),
    ))));
    assert_eq!(
        medical_form(&app).focus,
        medical_form::Focus::EmergencyPhone
    );
    assert!(
        medical_form(&app)
            .emergency_phone
            .error
            .as_deref()
            .is_some_and(|error| error.contains("10 chiffres")),
    );
}

#[test]
fn a_locked_save_says_why_and_a_stale_one_offers_to_reload() {
    let mut app = on_medical_form(Lang::Fr);
    type_text(&mut app, " Mons");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::MedicalSaved(Err(api_error(
        403,
        "medical_locked",
        "La fiche santé ne peut être modifiée que lorsque votre enfant est inscrit à un camp ou à un hike",
        None,
    ))));
    assert!(screen_text(&app).contains("⚠ La fiche santé ne peut être modifiée"));
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::MedicalSaved(Err(api_error(
        409,
        "stale_version",
        "La fiche a été modifiée entre-temps : rechargez-la avant de sauver",
        None,
    ))));
    assert!(medical_form(&app).stale);
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadMedical(BILLY))
    );
    let mut newer = billys_medical();
    newer.version = 4;
    newer.insurer = Some("Mutualité chrétienne".to_owned());
    app.on_result(Outcome::Medical(Ok(newer)));
    assert!(!medical_form(&app).stale);
    assert_eq!(medical_form(&app).insurer.value(), "Mutualité chrétienne");
    assert_eq!(medical_form(&app).initial.version, 4);
}

#[test]
fn leaving_the_form_with_changes_asks_and_a_save_goes_back_to_the_sheet() {
    let mut app = on_medical_form(Lang::Fr);
    type_text(&mut app, " Mons");
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(medical_form(&app).confirm_leave);
    press(&mut app, KeyCode::Char('n'));
    let Some(Command::SaveMedical { draft, .. }) = press(&mut app, KeyCode::Enter) else {
        panic!("expected a save");
    };
    let mut saved = billys_medical();
    saved.insurer = Some(draft.insurer.clone());
    saved.version = 4;
    app.on_result(Outcome::MedicalSaved(Ok(saved)));
    let screen = screen_text(&app);
    assert!(screen.contains("✓ Fiche santé enregistrée"), "{screen}");
    assert!(screen.contains("Mutualité : Solidaris Mons"), "{screen}");
}

#[test]
fn a_download_reports_its_progress_and_where_it_was_saved() {
    let mut app = on_documents(Lang::Fr);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::Download {
            id: RULES,
            filename: "roi-patro.pdf".to_owned(),
        })
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "one download at a time"
    );
    // Progress is news, not the answer: the request is still awaited afterwards.
    assert_eq!(
        app.on_result(Outcome::DownloadProgress {
            id: RULES,
            received: 629_146,
            total: Some(1_258_291),
        }),
        None
    );
    assert!(app.busy());
    assert!(screen_text(&app).contains("roi-patro.pdf : 50 % (615 Ko sur 1,2 Mo)"));
    app.on_result(Outcome::Downloaded(Ok(PathBuf::from(
        "/home/papa/Téléchargements/roi-patro (2).pdf",
    ))));
    assert!(!app.busy());
    assert!(
        screen_text(&app)
            .contains("✓ Enregistré dans /home/papa/Téléchargements/roi-patro (2).pdf")
    );
}

#[test]
fn a_download_that_cannot_be_written_says_where_and_why() {
    let mut app = on_documents(Lang::Fr);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Downloaded(Err(DownloadError::Disk {
        dir: PathBuf::from("/lecture-seule"),
        detail: "Permission denied (os error 13)".to_owned(),
    })));
    assert!(
        screen_text(&app).contains("⚠ Le document n'a pas pu être enregistré dans /lecture-seule")
    );
    assert!(
        press(&mut app, KeyCode::Enter).is_some(),
        "a new attempt is possible"
    );
}

#[test]
fn a_lost_connection_during_a_download_leaves_no_progress_behind() {
    let mut app = on_documents(Lang::Fr);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Downloaded(Err(DownloadError::Server(
        unreachable(),
    ))));
    assert!(matches!(app.screen(), Screen::Unreachable(_)));
    press(&mut app, KeyCode::Esc);
    let screen = screen_text(&app);
    assert!(!screen.contains("Téléchargement de"), "{screen}");
    assert!(press(&mut app, KeyCode::Enter).is_some());
}

#[test]
fn a_news_item_opens_and_esc_reads_the_dashboard_again() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut app, Focus::News(1));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::ReadNews(INSCRIPTIONS))
    );
    app.on_result(Outcome::NewsItem(Ok(two_news().remove(1))));
    assert!(matches!(app.screen(), Screen::NewsReader(_)));
    assert_eq!(press(&mut app, KeyCode::Esc), Some(Command::LoadDashboard));
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::News(1)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_news_leave_the_arrows_with_their_tab() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut app, Focus::News(1));
    assert_eq!(press(&mut app, KeyCode::Tab), Some(Command::LoadHelp));
    match app.screen() {
        Screen::Dashboard(view) => assert_eq!(view.focus, Focus::ChildrenBox),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_help_is_read_once_and_again_after_a_failure() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    assert_eq!(press(&mut app, KeyCode::Tab), Some(Command::LoadHelp));
    app.on_result(Outcome::Help(Err(api_error(
        500, "internal", "Panne", None,
    ))));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Command::LoadDashboard)
    );
    assert_eq!(
        app.on_result(Outcome::Dashboard(Ok(dashboard(1, &[])))),
        Some(Command::LoadHelp),
        "the tab shown without its text asks for it after the dashboard"
    );
    app.on_result(Outcome::Help(Ok(help_page(HELP_FR))));
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        press(&mut app, KeyCode::Tab),
        None,
        "already there: not asked again"
    );
    match app.screen() {
        Screen::Dashboard(view) => assert!(matches!(view.help, HelpText::Loaded(_))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_partly_paid_fee_says_what_is_left() {
    let mut activities = billys_activities();
    if let Some(registration) = &mut activities[1].registration {
        registration.due = Some(tempatro_core::api::DueBrief {
            id: 7,
            status: tempatro_core::payment::DueStatus::PartiallyPaid,
            paid: tempatro_core::Amount::from_cents(2_000),
            left: tempatro_core::Amount::from_cents(4_000),
            reference: "+++100/0000/00196+++".to_owned(),
        });
    }
    let app = on_camps(Lang::Fr, activities);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Frais : 60,00 €, reste 40,00 € à payer"),
        "{screen}"
    );
}
