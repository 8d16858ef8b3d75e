//! Driving the app against the demo's real server, as the main loop does: run a command, hand
//! the answer to the app, run what it asks next.

use crossterm::event::KeyCode;
use tempatro_client::Client;
use tempatro_core::Lang;
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::Command;
use tempatro_tui::runner::Runner;

use super::press;

/// Runs `command` and every command the answers lead to, as the main loop does.
pub async fn settle(app: &mut App, runner: &mut Runner, command: Command) {
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

/// Presses `code` and runs what it asks, as the main loop would.
pub async fn press_and_settle(app: &mut App, runner: &mut Runner, code: KeyCode) {
    if let Some(command) = press(app, code) {
        settle(app, runner, command).await;
    }
}

/// A runner for the demo's server, saving no token.
pub fn runner(demo: &tempatro_server::demo::Demo) -> Runner {
    Runner::new(Client::new(&demo.url(), Lang::Fr).unwrap(), None)
}

/// Logs in with `runner` as the demo's account `index` and settles on the dashboard.
pub async fn log_in(demo: &tempatro_server::demo::Demo, index: usize, runner: &mut Runner) -> App {
    let account = demo.accounts()[index].clone();
    let (mut app, command) = App::logging_in(Lang::Fr, &account.email, &account.password);
    settle(&mut app, runner, command).await;
    assert!(
        matches!(app.screen(), Screen::Dashboard(_)),
        "{:?}",
        app.screen()
    );
    app
}

/// Logs in as the demo's account `index` and settles on the dashboard.
pub async fn logged_in(demo: &tempatro_server::demo::Demo, index: usize) -> (App, Runner) {
    let mut runner = runner(demo);
    let app = log_in(demo, index, &mut runner).await;
    (app, runner)
}
