//! The two messages that end a form: the account request is received, the password is changed.
//! Each has one button, "OK", back to the log-in screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;

use crate::app::Screen;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::login::{self, LoginForm};
use crate::texts::T;
use crate::widgets;

pub fn bindings() -> Vec<Binding> {
    vec![
        Binding::new(keys::ENTER, T::Ok),
        Binding::new(keys::BACK, T::KeyBack),
    ]
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCreated {
    pub email: String,
}

impl AccountCreated {
    pub fn perform(&self, action: Action) -> Step {
        match action {
            // The account still waits for the Patro: the focus goes on the button, not in a
            // field, so that q quits right away.
            Action::Activate | Action::Back => Step::go(Screen::Login(LoginForm::returning(
                &self.email,
                login::Focus::LogIn,
            ))),
            _ => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let paragraphs = [
            T::AccountCreatedBody.get(lang),
            T::AccountCreatedApproval.get(lang),
            T::AccountCreatedSpam.get(lang),
        ];
        message(
            frame,
            area,
            T::AccountCreatedTitle.get(lang),
            &paragraphs,
            lang,
        );
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordChanged {
    pub email: String,
}

impl PasswordChanged {
    pub fn perform(&self, action: Action) -> Step {
        match action {
            // Ready to log in with the new password: straight into the password field.
            Action::Activate | Action::Back => Step::go(Screen::Login(LoginForm::returning(
                &self.email,
                login::Focus::Password,
            ))),
            _ => Step::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let paragraphs = [T::PasswordChangedBody.get(lang)];
        message(
            frame,
            area,
            T::PasswordChangedTitle.get(lang),
            &paragraphs,
            lang,
        );
    }
}

fn message(frame: &mut Frame, area: Rect, title: &str, paragraphs: &[&str], lang: Lang) {
    let area = widgets::form_column(area).inner(Margin::new(2, 0));
    let mut lines = vec![
        Line::styled(
            title.to_owned(),
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        )
        .centered(),
    ];
    for paragraph in paragraphs {
        lines.push(Line::raw(""));
        lines.extend(widgets::wrapped(paragraph, area.width, Style::new()));
    }
    lines.push(Line::raw(""));
    let text_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [text, button] = Layout::vertical([Constraint::Length(text_height), Constraint::Length(1)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Paragraph::new(lines), text);
    frame.render_widget(
        Paragraph::new(widgets::button(T::Ok.get(lang), true)),
        button,
    );
}
