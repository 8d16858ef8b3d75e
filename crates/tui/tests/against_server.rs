//! The app driven against the real server of the demo, over HTTP, with the same runner as the
//! terminal: only the keyboard and the screen are missing.

mod support;

use crossterm::event::KeyCode;
use tempatro_client::Client;
use tempatro_core::{CycleCalendar, Lang};
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::Command;
use tempatro_tui::runner::Runner;
use tempatro_tui::session::TokenStore;

use support::*;

/// Runs `command` and every command the answers lead to, as the main loop does.
async fn settle(app: &mut App, runner: &mut Runner, command: Command) {
    let mut next = Some(command);
    while let Some(command) = next {
        let outcome = runner
            .execute(command)
            .await
            .expect("only Quit has no answer");
        runner.record(&outcome);
        next = app.on_result(outcome);
    }
}

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
    press(&mut app, KeyCode::Char('k'));
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
