//! The one loop of the app: draw, wait for a key or an answer from the server, update, again.

use crossterm::event::EventStream;
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crate::app::App;
use crate::command::{Command, Outcome};
use crate::runner::Runner;
use crate::screens;

/// Takes over the terminal until the person quits, and gives it back in every case: on return
/// here, and on a panic through the hook `ratatui::try_init` installs.
pub async fn run(app: App, first: Option<Command>, runner: Runner) -> anyhow::Result<()> {
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            ratatui::restore();
            return Err(error.into());
        }
    };
    let result = drive(&mut terminal, app, first, runner).await;
    ratatui::restore();
    result
}

async fn drive(
    terminal: &mut DefaultTerminal,
    mut app: App,
    first: Option<Command>,
    mut runner: Runner,
) -> anyhow::Result<()> {
    let (answers, mut answered) = mpsc::unbounded_channel::<Outcome>();
    runner.report_progress_to(answers.clone());
    let mut events = EventStream::new();
    let mut next = first;
    loop {
        match next.take() {
            Some(Command::Quit) => return Ok(()),
            Some(command) => {
                let request = runner.execute(command);
                let answers = answers.clone();
                tokio::spawn(async move {
                    if let Some(outcome) = request.await {
                        // The loop only stops listening when the app quits.
                        let _ = answers.send(outcome);
                    }
                });
            }
            None => {}
        }
        terminal.draw(|frame| screens::draw(frame, &app))?;
        next = tokio::select! {
            event = events.next() => match event {
                Some(event) => app.update(event?),
                None => return Ok(()),
            },
            Some(outcome) = answered.recv() => {
                runner.record(&outcome);
                app.on_result(outcome)
            }
        };
    }
}
