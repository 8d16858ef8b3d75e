//! Camps and hikes, the medical sheet, documents, news and help, driven against the demo's real
//! server over HTTP with the terminal's own runner: Papa de Billy puts Billy on the summer camp's
//! waiting list, fills in and confirms his medical sheet, and downloads the camp letter.

mod support;

use crossterm::event::KeyCode;
use tempatro_client::Client;
use tempatro_core::Lang;
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::Outcome;
use tempatro_tui::runner::Runner;
use tempatro_tui::screens::dashboard::{Focus, MenuItem};
use tokio::sync::mpsc;

use support::server::{log_in, logged_in, press_and_settle, runner};
use support::*;

/// The year of the demo's coming summer camp: the summer after the current cycle's start.
fn summer(app: &App) -> i32 {
    app.screen()
        .home()
        .expect("a screen behind the dashboard")
        .data
        .current_cycle
        .start_year()
        + 1
}

/// Moves the cursor of "Camps & hikes" or "Documents" down to the entry whose text is `name`.
fn select(app: &mut App, name: &str) {
    let index = match app.screen() {
        Screen::Camps(view) => view
            .activities
            .as_ref()
            .and_then(|items| items.iter().position(|item| item.activity.name == name)),
        Screen::Documents(view) => view
            .documents
            .as_ref()
            .and_then(|documents| documents.iter().position(|doc| doc.title == name)),
        other => panic!("{other:?}"),
    }
    .unwrap_or_else(|| panic!("{name} is not listed:\n{}", screen_text(app)));
    for _ in 0..8 {
        press(app, KeyCode::Up);
    }
    for _ in 0..index {
        press(app, KeyCode::Down);
    }
}

/// Types `text` then Tab, into the form's focused field.
fn fill(app: &mut App, text: &str) {
    type_text(app, text);
    press(app, KeyCode::Tab);
}

fn tab(app: &mut App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Tab);
    }
}

#[tokio::test]
async fn billy_goes_on_the_waiting_list_his_sheet_is_filled_and_confirmed_and_the_letter_saved() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let folder = downloads.path().join("Téléchargements");
    let mut runner: Runner = runner(&demo).with_download_dir(folder.clone());
    let (progress, mut reported) = mpsc::unbounded_channel();
    runner.report_progress_to(progress);
    let mut app = log_in(&demo, 0, &mut runner).await;
    let summer = summer(&app);
    let camp = format!("Camp d'été {summer}");
    let letter = format!("Lettre du camp d'été {summer}");

    // The camp letter is for the camp's participants: not for Billy yet.
    focus_on(&mut app, Focus::Menu(MenuItem::Documents));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(screen.contains("Documents"), "{screen}");
    assert!(!screen.contains(&letter), "{screen}");
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;

    // "Camps & hikes": Billy is Papa's only child, his activities show straight away.
    focus_on(&mut app, Focus::Menu(MenuItem::Camps));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    for expected in [
        "Camps & hikes de Billy LE PIVERT".to_owned(),
        format!("{camp} · Hastière"),
        format!("du 10/07/{summer} au 20/07/{summer}"),
        format!("inscriptions jusqu'au 15/06/{summer}"),
        "Prix : 120,00 € (60,00 € en affiliation solidaire) · liste d'attente".to_owned(),
        format!("Hike de printemps {summer} · Vallée de la Molignée"),
    ] {
        assert!(screen.contains(&expected), "{expected:?} in\n{screen}");
    }

    // His medical sheet cannot be changed yet, and the screen says why.
    press_and_settle(&mut app, &mut runner, KeyCode::Char('s')).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("La fiche santé ne peut être modifiée que lorsque votre enfant est"),
        "{screen}"
    );
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;

    // The camp's only place is taken: Billy goes on the waiting list, first.
    select(&mut app, &camp);
    press(&mut app, KeyCode::Char('i'));
    let screen = screen_text(&app);
    assert!(
        screen.contains(&format!("Inscrire Billy au {camp} (60,00 €) ?")),
        "the solidarity price, Billy's affiliation being solidarity:\n{screen}"
    );
    press_and_settle(&mut app, &mut runner, KeyCode::Char('o')).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains(&format!("Billy est sur la liste d'attente du {camp} (1er)")),
        "{screen}"
    );
    assert!(screen.contains("[Liste d'attente (1er)]"), "{screen}");
    assert!(screen.contains("Frais : 60,00 €, à payer"), "{screen}");

    // Now the sheet is open to changes: every field filled, the consent ticked, saved.
    press_and_settle(&mut app, &mut runner, KeyCode::Char('s')).await;
    let Screen::Medical(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let sheet = view.sheet.as_ref().unwrap();
    assert!(sheet.editable, "{sheet:?}");
    assert_eq!(sheet.confirmations.len(), 1);
    press(&mut app, KeyCode::Char('m'));
    fill(&mut app, "Solidaris");
    fill(&mut app, "0+");
    fill(&mut app, "Pollen, piqûres de guêpe");
    fill(&mut app, "Antihistaminique, appeler les parents");
    fill(&mut app, "Sans porc");
    fill(&mut app, "Asthme léger");
    for part in ["Ventolin", "2 bouffées", "l'enfant lui-même"] {
        fill(&mut app, part);
    }
    tab(&mut app, 6);
    fill(&mut app, "14/03/2022");
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    fill(&mut app, "Maman de Billy");
    fill(&mut app, "0412 34 56 78");
    fill(&mut app, "Dort avec son doudou");
    press(&mut app, KeyCode::Char(' '));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    for expected in [
        "✓ Fiche santé enregistrée",
        "Groupe sanguin : O+",
        "Régime alimentaire : Sans porc",
        "• Ventolin, 2 bouffées, donné par : l'enfant lui-même",
        "Vaccin tétanos : 14/03/2022",
        "Sait nager : oui",
        "Peut faire du sport : oui",
        "Paracétamol autorisé : non",
        "Contact d'urgence : Maman de Billy (0412/34.56.78)",
        "Consentement : donné le",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }

    // "Les informations sont à jour" for the camp.
    press(&mut app, KeyCode::Char('c'));
    assert!(screen_text(&app).contains(&format!(
        "Confirmer que les informations sont à jour pour {camp} ? o/n"
    )));
    press_and_settle(&mut app, &mut runner, KeyCode::Char('o')).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains(&format!(
            "Vous avez confirmé que les informations sont à jour pour {camp}."
        )),
        "{screen}"
    );
    assert!(screen.contains(": confirmée le "), "{screen}");

    // Back on the camps, read again: the confirmation shows there too.
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    let screen = screen_text(&app);
    assert!(screen.contains("fiche santé confirmée le"), "{screen}");

    // Saved on the server, not only on the screen.
    let parent = demo.accounts()[0].clone();
    let mut client = Client::new(&demo.url(), Lang::Fr).unwrap();
    client
        .log_in(
            &parent.email,
            &parent.password,
            tempatro_core::Portal::Parents,
        )
        .await
        .unwrap();
    let medical = client.medical(billy(&app)).await.unwrap();
    assert_eq!(medical.blood_group.as_deref(), Some("O+"));
    assert_eq!(medical.paracetamol_allowed, Some(false));
    assert!(medical.confirmations[0].confirmed_on.is_some());

    // Waiting for the camp, Billy may have its letter: downloaded into the folder given.
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    focus_on(&mut app, Focus::Menu(MenuItem::Documents));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    assert!(screen_text(&app).contains(&letter));
    select(&mut app, &letter);
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let saved = folder.join(format!("lettre-camp-{summer}.pdf"));
    let screen = screen_text(&app);
    assert!(screen.contains("✓ Enregistré dans"), "{screen}");
    assert!(
        screen
            .replace(['│', '\n', '"', ' '], "")
            .contains(&saved.display().to_string().replace(' ', "")),
        "{screen}"
    );
    let bytes = std::fs::read(&saved).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a real PDF");
    let mut last = None;
    while let Ok(outcome) = reported.try_recv() {
        last = Some(outcome);
    }
    match last {
        Some(Outcome::DownloadProgress {
            received, total, ..
        }) => {
            assert_eq!(Some(received), total);
            assert_eq!(received, bytes.len() as u64);
        }
        other => panic!("the progress was reported: {other:?}"),
    }

    // A second download never overwrites the first.
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    assert!(
        folder
            .join(format!("lettre-camp-{summer} (2).pdf"))
            .exists()
    );
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);

    demo.stop().await.unwrap();
}

fn billy(app: &App) -> i64 {
    match app.screen() {
        Screen::Camps(view) => view.child.as_ref().unwrap().id,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_news_are_read_in_full_and_the_help_comes_from_the_server() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    let Screen::Dashboard(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert_eq!(
        view.data.news.len(),
        2,
        "one for all, one for the Benjamins"
    );
    assert!(view.data.news.iter().all(|item| item.unread));
    let screen = screen_text(&app);
    assert!(screen.contains("● "), "{screen}");
    assert!(screen.contains("Souper du Patro le 6 décembre"), "{screen}");

    let souper = view
        .data
        .news
        .iter()
        .position(|item| item.title == "Souper du Patro le 6 décembre")
        .unwrap();
    focus_on(&mut app, Focus::News(souper));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("Le traditionnel souper du Patro aura lieu"),
        "the Markdown's stars are gone:\n{screen}"
    );
    assert!(!screen.contains("**"), "{screen}");
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;
    let Screen::Dashboard(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let item = &view.data.news[souper];
    assert!(!item.unread, "opened, so read: {item:?}");

    press_and_settle(&mut app, &mut runner, KeyCode::Tab).await;
    let screen = screen_text(&app);
    assert!(screen.contains("Utiliser Tempatro"), "{screen}");
    assert!(screen.contains("Le tableau de bord"), "{screen}");
    assert!(!screen.contains("##"), "{screen}");

    demo.stop().await.unwrap();
}

#[tokio::test]
async fn the_help_comes_in_english_to_an_english_app() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let parent = demo.accounts()[0].clone();
    let mut runner = Runner::new(Client::new(&demo.url(), Lang::En).unwrap(), None);
    let (mut app, command) = App::logging_in(Lang::En, &parent.email, &parent.password);
    support::server::settle(&mut app, &mut runner, command).await;
    press_and_settle(&mut app, &mut runner, KeyCode::Tab).await;
    let screen = screen_text(&app);
    assert!(screen.contains("The dashboard"), "{screen}");
    demo.stop().await.unwrap();
}

#[tokio::test]
async fn the_stays_alerts_lead_to_the_payments_and_to_the_medical_sheet() {
    let demo = tempatro_server::demo::start().await.unwrap();
    let (mut app, mut runner) = logged_in(&demo, 0).await;
    let client = |index: usize| {
        let account = demo.accounts()[index].clone();
        let url = demo.url();
        async move {
            let mut client = Client::new(&url, Lang::Fr).unwrap();
            let portal = if index == 0 {
                tempatro_core::Portal::Parents
            } else {
                tempatro_core::Portal::Staff
            };
            client
                .log_in(&account.email, &account.password, portal)
                .await
                .unwrap();
            client
        }
    };
    // Papa puts Billy on the camp's waiting list, elsewhere (another terminal); then the
    // secrétariat takes Léon off the camp, and Billy moves up to the freed place.
    let papa = client(0).await;
    let billy = papa
        .children(&tempatro_client::ChildrenFilter::default())
        .await
        .unwrap()[0]
        .id;
    let camp = papa
        .child_activities(billy)
        .await
        .unwrap()
        .into_iter()
        .find(|item| item.activity.needs_medical)
        .unwrap()
        .activity;
    papa.register(camp.id, billy).await.unwrap();
    let secretariat = client(3).await;
    let leon = secretariat
        .participants(camp.id, false)
        .await
        .unwrap()
        .participants
        .into_iter()
        .find(|participant| participant.first_name == "Léon")
        .unwrap()
        .child_id;
    secretariat
        .cancel_registration(camp.id, leon)
        .await
        .unwrap();

    press_and_settle(&mut app, &mut runner, KeyCode::Char('r')).await;
    let Screen::Dashboard(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let position = |code: &str| {
        view.data
            .alerts
            .iter()
            .position(|alert| alert.code == code)
            .unwrap_or_else(|| panic!("{code} in {:?}", view.data.alerts))
    };
    let (unpaid, to_confirm) = (position("activity_unpaid"), position("medical_to_confirm"));

    // Billy moved up: his camp's fee is due, and its alert leads to "Mes paiements", on it.
    focus_on(&mut app, Focus::Alert(unpaid));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let Screen::Payments(view) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    let due = view.current().expect("a due under the cursor");
    assert_eq!(
        (due.label.as_str(), due.child_id, due.amount.cents()),
        (camp.name.as_str(), billy, 6_000),
        "{:?}",
        view.dues
    );
    let screen = screen_text(&app);
    assert!(screen.contains(&format!("▸ {}", camp.name)), "{screen}");
    press_and_settle(&mut app, &mut runner, KeyCode::Esc).await;

    focus_on(&mut app, Focus::Alert(to_confirm));
    press_and_settle(&mut app, &mut runner, KeyCode::Enter).await;
    let screen = screen_text(&app);
    assert!(
        screen.contains("Fiche santé de Billy LE PIVERT"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} (dès le ", camp.name)),
        "the camp waits for its confirmation:\n{screen}"
    );

    demo.stop().await.unwrap();
}
