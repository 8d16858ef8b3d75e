//! One module per screen, each holding the screen's state, its keys and its drawing; this module
//! draws whichever screen is current inside the common frame.

pub mod dashboard;
pub mod done;
pub mod forgot_password;
pub mod login;
pub mod sign_up;
pub mod unreachable;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

use crate::app::{App, Screen};
use crate::command::Command;
use crate::texts::T;
use crate::widgets;

/// What a screen wants after handling a key.
#[derive(Debug)]
pub enum Step {
    Stay,
    Go(Box<Screen>),
    Run(Command),
}

impl Step {
    pub fn go(screen: Screen) -> Step {
        Step::Go(Box::new(screen))
    }
}

/// Draws the app. Takes the state by shared reference: drawing never changes it.
pub fn draw(frame: &mut Frame, app: &App) {
    let lang = app.lang();
    let status = if app.busy() {
        Some(T::PleaseWait.get(lang).to_owned())
    } else if let Screen::Dashboard(view) = app.screen() {
        Some(view.data.patro_name.clone())
    } else {
        None
    };
    let area = widgets::chrome(frame, &app.bindings(), status.as_deref(), lang);
    let cursor = match app.screen() {
        Screen::Starting => {
            let [_, middle, _] = Layout::vertical([
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(area);
            frame.render_widget(Paragraph::new(T::Starting.get(lang)).centered(), middle);
            None
        }
        Screen::Login(form) => form.draw(frame, area, lang),
        Screen::SignUp(form) => form.draw(frame, area, lang),
        Screen::AccountCreated(done) => {
            done.draw(frame, area, lang);
            None
        }
        Screen::ForgotPassword(form) => form.draw(frame, area, lang),
        Screen::PasswordChanged(done) => {
            done.draw(frame, area, lang);
            None
        }
        Screen::Dashboard(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::Unreachable(unreachable) => {
            unreachable.draw(frame, area, lang);
            None
        }
    };
    if app.help_open() {
        widgets::help(frame, &app.screen_bindings(), app.typing(), lang);
    } else if let Some(cursor) = cursor {
        frame.set_cursor_position(cursor);
    }
}
