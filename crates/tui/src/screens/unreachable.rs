//! "Le serveur du Patro ne répond pas (maintenance ?)": the request can be retried, and the screen
//! underneath, with everything typed in it, is kept for when the server answers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;

use crate::app::Screen;
use crate::command::Command;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::login::LoginForm;
use crate::texts::T;
use crate::widgets;

#[derive(Debug, Clone)]
pub struct Unreachable {
    pub url: String,
    pub retry: Command,
    pub previous: Box<Screen>,
}

pub fn bindings() -> Vec<Binding> {
    vec![
        Binding::new(keys::RETRY, T::KeyRetry),
        Binding::new(keys::BACK, T::KeyBack),
    ]
}

impl Unreachable {
    pub fn perform(&mut self, action: Action) -> Step {
        match action {
            Action::Retry => Step::Run(self.retry.clone()),
            Action::Back => Step::Go(Box::new(self.take_previous())),
            _ => Step::Stay,
        }
    }

    /// The screen to go back to. Before the first answer there was only the start-up message,
    /// which has nothing to go back to: the log-in screen stands in for it.
    pub fn take_previous(&mut self) -> Screen {
        match std::mem::replace(&mut *self.previous, Screen::Starting) {
            Screen::Starting => Screen::Login(LoginForm::new()),
            previous => previous,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let area = widgets::form_column(area).inner(Margin::new(2, 0));
        let mut lines = vec![
            Line::styled(T::UnreachableTitle.get(lang), widgets::error_style()).centered(),
            Line::raw(""),
            Line::from(vec![
                Span::raw(T::UnreachableAddress.get(lang)),
                Span::styled(self.url.clone(), Style::new().add_modifier(Modifier::BOLD)),
            ]),
            Line::raw(""),
        ];
        lines.extend(widgets::wrapped(
            T::UnreachableBody.get(lang),
            area.width,
            Style::new(),
        ));
        lines.push(Line::raw(""));
        lines.extend(widgets::wrapped(
            T::UnreachableContact.get(lang),
            area.width,
            Style::new(),
        ));
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let [area] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        frame.render_widget(Paragraph::new(lines), area);
    }
}
