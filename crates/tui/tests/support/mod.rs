//! Helpers shared by the TUI's tests: key presses, typed text, canned answers, rendering.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempatro_core::Cycle;
use tempatro_core::api::{Alert, Dashboard};
use tempatro_tui::app::App;
use tempatro_tui::command::Command;

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn shift_tab() -> Event {
    Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

/// Types `text` letter by letter; typing never sends anything to the server.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(key(KeyCode::Char(c))), None, "typing {c:?}");
    }
}

pub fn press(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(key(code))
}

pub fn api_error(
    status: u16,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> tempatro_client::Error {
    tempatro_client::Error::Api {
        status,
        code: code.to_owned(),
        message: message.to_owned(),
        field: field.map(str::to_owned),
    }
}

pub fn unreachable() -> tempatro_client::Error {
    tempatro_client::Error::Unreachable {
        url: "https://tempatro.patrovaldhaine.be/".to_owned(),
        detail: "connection refused".to_owned(),
    }
}

pub fn dashboard(children_count: u32, alerts: &[&str]) -> Dashboard {
    Dashboard {
        first_name: "Papa".to_owned(),
        last_name: "de Billy".to_owned(),
        patro_name: "Patro du Val d'Haine".to_owned(),
        children_count,
        current_cycle: Cycle::starting_in(2026),
        alerts: alerts
            .iter()
            .map(|message| Alert {
                code: "affiliation_unpaid".to_owned(),
                message: (*message).to_owned(),
                child_id: None,
            })
            .collect(),
        news: Vec::new(),
    }
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| tempatro_tui::screens::draw(frame, app))
        .unwrap();
    terminal
}
