//! The app driven against the real server of the demo, over HTTP, with the same runner as the
//! terminal: only the keyboard and the screen are missing.

mod support;

use crossterm::event::KeyCode;
use tempatro_client::Client;
use tempatro_core::{CycleCalendar, Lang};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::Command;
use tempatro_tui::runner::Runner;
use tempatro_tui::screens::dashboard::{Focus, MenuItem};
use tempatro_tui::session::TokenStore;

use support::server::{logged_in, press_and_settle, settle};
use support::*;

fn current_cycle() -> tempatro_core::Cycle {
    CycleCalendar::default().cycle_of(time::OffsetDateTime::now_utc().date())
}

#[tokio::test]
async fn the_demo_parent_logs_in_and_sees_one_child_and_the_current_cycle() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let parent = demo.accounts()[0].clone();
    let dir = tempfile::tempdir().unwrap();
    let tokens = TokenStore::new(dir.path().join("session-token"));
    let client = Client::new(&demo.url(), Lang::Fr).unwrap();
    let mut runner = Runner::new(client, Some(tokens.clone()));

    let (mut app, command) = App::logging_in(Lang::Fr, &parent.email, &parent.password);
    settle(&mut app, &mut runner, command).await;

    let Screen::Dashboard(view) = app.screen() else {
        panic!("expected the dashboard, got {:?}", app.screen());
    };
    assert_eq!(view.data.children_count, 1);
    assert_eq!(view.data.current_cycle, current_cycle());
    let screen = format!("{}", render(&app).backend());
    assert!(
        screen.contains("Vous avez 1 enfant lié à"),
        "the children box is drawn:\n{screen}"
    );
    assert!(
        tokens.load().unwrap().is_some(),
        "the token is kept for the next start"
    );

    // The next start resumes with the saved token, without logging in.
    let saved = tokens.load().unwrap().unwrap();
    let client = Client::new(&demo.url(), Lang::Fr)
        .unwrap()
        .with_token(saved);
    let mut runner = Runner::new(client, Some(tokens.clone()));
    let (mut app, command) = App::resuming(Lang::Fr);
    settle(&mut app, &mut runner, command).await;
    assert!(
        matches!(app.screen(), Screen::Dashboard(_)),
        "{:?}",
        app.screen()
    );

    // "Se déconnecter": the last menu entry.
    focus_on(&mut app, Focus::Menu(MenuItem::LogOut));
    let command = press(&mut app, KeyCode::Enter).unwrap();
    assert_eq!(command, Command::LogOut);
    settle(&mut app, &mut runner, command).await;
    assert!(
        matches!(app.screen(), Screen::Login(_)),
        "{:?}",
        app.screen()
    );
    assert_eq!(tokens.load().unwrap(), None, "the token file is deleted");

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn a_new_account_waits_for_the_patro_before_logging_in() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let client = Client::new(&demo.url(), Lang::Fr).unwrap();
    let mut runner = Runner::new(client, None);
    let mut app = App::new(Lang::Fr);

    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    for text in [
        "Zoë",
        "Lepivert",
        "zoe.lepivert@exemple.be",
        "un long mot de passe",
    ] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "un long mot de passe");
    let command = press(&mut app, KeyCode::Enter).unwrap();
    settle(&mut app, &mut runner, command).await;
    assert!(
        matches!(app.screen(), Screen::VerifyEmail(_)),
        "{:?}",
        app.screen()
    );
    // The code, as the parent reads it in the e-mail.
    demo.settle().await;
    let code = std::fs::read_dir(demo.outbox())
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .filter(|mail| mail.contains("zoe.lepivert@exemple.be"))
        .find_map(|mail| {
            mail.lines()
                .map(str::trim)
                .find(|line| {
                    line.len() == 9 && line.chars().filter(char::is_ascii_digit).count() == 8
                })
                .map(str::to_owned)
        })
        .expect("the sign-up e-mail carries a code");
    type_text(&mut app, &code);
    let command = press(&mut app, KeyCode::Enter).unwrap();
    settle(&mut app, &mut runner, command).await;
    assert!(
        matches!(app.screen(), Screen::AccountCreated(_)),
        "{:?}",
        app.screen()
    );

    press(&mut app, KeyCode::Enter);
    app.update(shift_tab());
    type_text(&mut app, "un long mot de passe");
    let command = press(&mut app, KeyCode::Enter).unwrap();
    settle(&mut app, &mut runner, command).await;
    let Screen::Login(form) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let banner = format!("{:?}", form.banner);
    assert!(
        banner.contains("en attente de validation"),
        "the server's reason is shown: {banner}"
    );
    assert_eq!(form.email.value(), "zoe.lepivert@exemple.be");

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn a_server_that_does_not_answer_shows_the_maintenance_screen() {
    // Port 9 (discard) is closed on loopback: the connection is refused at once.
    let client = Client::new("http://127.0.0.1:9", Lang::Fr).unwrap();
    let mut runner = Runner::new(client, None);
    let (mut app, command) = App::resuming(Lang::Fr);
    settle(&mut app, &mut runner, command).await;
    let Screen::Unreachable(unreachable) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert_eq!(unreachable.retry, Command::LoadDashboard);
}

/// From the dashboard to "Gérer mes enfants", then the first child's sheet.
async fn open_first_sheet(app: &mut App, runner: &mut Runner) {
    press(app, KeyCode::Down);
    press_and_settle(app, runner, KeyCode::Enter).await;
    press_and_settle(app, runner, KeyCode::Enter).await;
    assert!(
        matches!(app.screen(), Screen::ChildSheet(_)),
        "{:?}",
        app.screen()
    );
}

fn billy_id(app: &App) -> i64 {
    match app.screen() {
        Screen::ChildSheet(view) => view.id,
        Screen::ChildForm(form) => form.sheet_view.id,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn papa_sees_billy_with_both_badges_opens_his_sheet_and_saves_a_new_phone() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;

    press(&mut app, KeyCode::Down);
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    for expected in [
        "Gérer la fiche de mon enfant",
        "Vous avez 1 fiche liée à votre compte",
        "Billy LE PIVERT",
        "1er mai 2018 (8 ans)",
        "Benjamins",
        "[Affiliation non payée] [Affiliation solidaire]",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }

    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    for expected in [
        "Vous visualisez la fiche de Billy LE PIVERT",
        "Domicilié à : Rue du Roeulx 23,",
        "● non payée  ● solidaire",
        "Vous avez autorisé l'utilisation",
        "Contact principal : Papa de Billy",
        "Historique des camps : Thimougies 2023, Fernelmont 2024, Opont 2025",
        "Médecin traitant : Docteur Pivert",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }

    press(&mut app, KeyCode::Char('m'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    app.update(ctrl('u'));
    type_text(&mut app, "0499 11 22 33");
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(screen.contains("Modifications enregistrées"), "{screen}");
    assert!(screen.contains("0499/11.22.33"), "{screen}");

    // Saved on the server, not only on the screen.
    let id = billy_id(&app);
    let mut client = Client::new(&demo.url(), Lang::Fr).unwrap();
    let parent = demo.accounts()[0].clone();
    client
        .log_in(
            &parent.email,
            &parent.password,
            tempatro_core::Portal::Parents,
        )
        .await
        .unwrap();
    let sheet = client.child(id).await.unwrap();
    assert_eq!(
        sheet.primary_contact.unwrap().phone.as_deref(),
        Some("0499/11.22.33")
    );

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn a_save_over_mamans_newer_change_is_refused_and_the_form_reloads_it() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    open_first_sheet(&mut app, &mut runner).await;
    press(&mut app, KeyCode::Char('m'));
    let id = billy_id(&app);

    // Maman de Billy saves the address meanwhile, from her own session.
    let maman = demo.accounts()[1].clone();
    let mut client = Client::new(&demo.url(), Lang::Fr).unwrap();
    client
        .log_in(
            &maman.email,
            &maman.password,
            tempatro_core::Portal::Parents,
        )
        .await
        .unwrap();
    let sheet = client.child(id).await.unwrap();
    client
        .update_child(
            id,
            &tempatro_core::api::ChildPatch {
                version: sheet.version,
                address: Some(Some("Rue de Bray 2, 7110 Maurage".to_owned())),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    app.update(ctrl('u'));
    type_text(&mut app, "0499 11 22 33");
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("La fiche a été modifiée entre-temps : rechargez-la avant de sauver"),
        "{screen}"
    );
    let Screen::ChildForm(form) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert!(form.stale);

    press_and_settle(&mut app, &mut runner, KeyCode::Char('r')).await;
    let Screen::ChildForm(form) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert!(!form.stale);
    assert_eq!(form.address.value(), "Rue de Bray 2, 7110 Maurage");

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn billys_sheet_says_what_renewal_is_possible() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    // The unpaid affiliation's alert leads to "Mes paiements" (tests/payments_against_server.rs):
    // the sheet is reached from "Gérer mes enfants".
    focus_on(&mut app, Focus::Menu(MenuItem::Children));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let Screen::ChildSheet(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let offer = view.sheet.as_ref().unwrap().renewal.clone();
    assert!(screen_text(&app).contains("Vous visualisez la fiche de Billy LE PIVERT"));

    press_and_settle(&mut app, &mut runner, KeyCode::Char('r')).await;
    let screen = screen_text(&app);
    match offer {
        // Within the renewal months: the offer is confirmed and recorded.
        Some(offer) => {
            assert!(screen.contains(&offer.cycle.to_string()), "{screen}");
            press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
            let screen = screen_text(&app);
            assert!(screen.contains("est enregistrée"), "{screen}");
        }
        None => assert!(
            screen.contains("Le renouvellement n'est pas ouvert pour le moment.")
                || screen.contains("existe déjà"),
            "{screen}"
        ),
    }

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn the_second_family_sees_both_children_and_reports_a_third() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 2).await;
    press(&mut app, KeyCode::Down);
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("Vous avez 2 fiches liées à votre compte"),
        "{screen}"
    );
    assert!(screen.contains("Zoë DUBOIS"), "{screen}");
    assert!(screen.contains("Léon DUBOIS"), "{screen}");
    assert_eq!(
        screen.matches("[Affiliation non payée]").count(),
        1,
        "only Léon's is unpaid:\n{screen}"
    );

    press(&mut app, KeyCode::Char('n'));
    for text in ["Jules", "DUBOIS", "02/02/2022"] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("Votre demande a été envoyée au Patro"),
        "{screen}"
    );
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("pour Jules DUBOIS : en attente du Patro."),
        "{screen}"
    );

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn papa_changes_his_phone_in_gerer_mes_infos() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    focus_on(&mut app, Focus::Menu(MenuItem::Infos));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    assert!(screen_text(&app).contains("papa.billy@patrovaldhaine.be"));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    app.update(ctrl('u'));
    type_text(&mut app, "0499 11 22 33");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("Vos informations ont été enregistrées."),
        "{screen}"
    );
    assert!(screen.contains("0499/11.22.33"), "{screen}");

    demo.stop().await.unwrap();
}
