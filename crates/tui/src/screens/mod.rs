//! One module per screen, each holding the screen's state, its keys and its drawing; this module
//! draws whichever screen is current inside the common frame.

pub mod camps;
pub mod child_form;
pub mod child_sheet;
pub mod children;
pub mod dashboard;
pub mod documents;
pub mod done;
pub mod forgot_password;
pub mod link_request;
pub mod login;
pub mod medical;
pub mod medical_form;
pub mod news;
pub mod payment_detail;
pub mod payments;
pub mod profile;
pub mod renewal;
pub mod sign_up;
pub mod unreachable;
pub mod verify_email;

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
    /// Shows the screen and runs the request that fills it; nothing happens if another request
    /// is still on its way, as for `Run`.
    Open(Box<Screen>, Command),
}

impl Step {
    pub fn go(screen: Screen) -> Step {
        Step::Go(Box::new(screen))
    }

    pub fn open(screen: Screen, command: Command) -> Step {
        Step::Open(Box::new(screen), command)
    }

    /// Back to a screen seen before, read again from the server: what it shows may have changed
    /// since (a renewal, a saved sheet).
    pub fn back_to(screen: Screen) -> Step {
        let reload = match &screen {
            Screen::Dashboard(_) => Some(Command::LoadDashboard),
            Screen::Children(_) => Some(Command::LoadChildren),
            Screen::ChildSheet(view) => Some(Command::LoadChild(view.id)),
            Screen::Camps(view) => Some(match &view.child {
                Some(child) => Command::LoadChildActivities(child.id),
                None => Command::LoadChildren,
            }),
            Screen::Medical(view) => Some(Command::LoadMedical(view.child_id)),
            Screen::Documents(_) => Some(Command::LoadDocuments),
            // A due may have been paid meanwhile (a bank statement read by the Patro).
            Screen::Payments(_) => Some(Command::LoadDues),
            _ => None,
        };
        match reload {
            Some(command) => Step::open(screen, command),
            None => Step::go(screen),
        }
    }
}

/// Draws the app. Takes the state by shared reference: drawing never changes it.
pub fn draw(frame: &mut Frame, app: &App) {
    let lang = app.lang();
    let status = if app.busy() {
        Some(T::PleaseWait.get(lang).to_owned())
    } else {
        app.screen().home().map(|home| home.data.patro_name.clone())
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
        Screen::VerifyEmail(form) => form.draw(frame, area, lang),
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
        Screen::Children(list) => {
            list.draw(frame, area, lang);
            None
        }
        Screen::ChildSheet(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::ChildForm(form) => form.draw(frame, area, lang),
        Screen::Renewal(renewal) => {
            renewal.draw(frame, area, lang);
            None
        }
        Screen::LinkRequest(form) => form.draw(frame, area, lang),
        Screen::Profile(form) => form.draw(frame, area, lang),
        Screen::NewsReader(reader) => {
            reader.draw(frame, area, lang);
            None
        }
        Screen::Camps(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::Medical(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::MedicalForm(form) => form.draw(frame, area, lang),
        Screen::Documents(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::Payments(view) => {
            view.draw(frame, area, lang);
            None
        }
        Screen::PaymentDetail(view) => {
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
