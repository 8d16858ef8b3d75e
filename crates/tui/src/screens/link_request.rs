//! "Votre enfant n'apparaît pas ?": the child's names, birth date and a message, sent to the
//! Patro, who links the child's sheet to the account once checked.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::texts::{self, T};
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    FirstName,
    LastName,
    BirthDate,
    Message,
    Send,
}

const ORDER: [Focus; 5] = [
    Focus::FirstName,
    Focus::LastName,
    Focus::BirthDate,
    Focus::Message,
    Focus::Send,
];

#[derive(Debug, Clone)]
pub struct LinkRequestForm {
    pub first_name: Field,
    pub last_name: Field,
    pub birth_date: Field,
    pub message: Field,
    pub focus: Focus,
    pub banner: Option<Banner>,
    /// The Patro has the request: the screen says so, and OK goes back.
    pub sent: bool,
    /// "Gérer mes enfants", to go back to.
    pub back: Box<Screen>,
}

impl LinkRequestForm {
    pub fn new(back: Screen) -> LinkRequestForm {
        LinkRequestForm {
            first_name: Field::text(T::ChildFirstName, &["child_first_name", "first_name"]),
            last_name: Field::text(T::ChildLastName, &["child_last_name", "last_name"]),
            birth_date: Field::text(T::ChildBirthDate, &["birth_date"]).with_hint(T::DateHint),
            message: Field::text(T::LinkMessage, &["message"]),
            focus: Focus::FirstName,
            banner: None,
            sent: false,
            back: Box::new(back),
        }
    }

    pub fn typing(&self) -> bool {
        !self.sent && self.focus != Focus::Send
    }

    pub fn bindings(&self) -> Vec<Binding> {
        if self.sent {
            return vec![
                Binding::new(keys::ENTER, T::Ok),
                Binding::new(keys::BACK, T::KeyBack),
            ];
        }
        let enter = match self.focus {
            Focus::Message | Focus::Send => T::KeySend,
            _ => T::KeyNextField,
        };
        keys::form(enter, self.typing(), T::KeyCancel)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        if self.sent {
            return match action {
                // The list shows the request as pending from now on: it is read again.
                Action::Activate | Action::Back => Step::back_to((*self.back).clone()),
                _ => Step::Stay,
            };
        }
        match action {
            Action::Next => self.focus = form::step(&ORDER, self.focus, true),
            Action::Previous => self.focus = form::step(&ORDER, self.focus, false),
            Action::Back => return Step::go((*self.back).clone()),
            Action::Activate => match self.focus {
                Focus::Message | Focus::Send => return self.send(lang),
                _ => self.focus = form::step(&ORDER, self.focus, true),
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        let field = match self.focus {
            Focus::FirstName => &mut self.first_name,
            Focus::LastName => &mut self.last_name,
            Focus::BirthDate => &mut self.birth_date,
            Focus::Message => &mut self.message,
            Focus::Send => return,
        };
        field.type_key(key);
    }

    fn send(&mut self, lang: Lang) -> Step {
        self.banner = None;
        let mut first_wrong = None;
        for (focus, field) in [
            (Focus::FirstName, &mut self.first_name),
            (Focus::LastName, &mut self.last_name),
            (Focus::BirthDate, &mut self.birth_date),
        ] {
            field.error = None;
            if !field.require(lang) {
                first_wrong = first_wrong.or(Some(focus));
            }
        }
        if self.birth_date.error.is_none()
            && let Err(error) = tempatro_core::date::parse_date(self.birth_date.value())
        {
            self.birth_date.error = Some(texts::sentence(&error.message(lang)));
            first_wrong = first_wrong.or(Some(Focus::BirthDate));
        }
        if let Some(focus) = first_wrong {
            self.focus = focus;
            return Step::Stay;
        }
        Step::Run(Command::RequestLink {
            first_name: self.first_name.value().trim().to_owned(),
            last_name: self.last_name.value().trim().to_owned(),
            birth_date: self.birth_date.value().trim().to_owned(),
            message: self.message.value().trim().to_owned(),
        })
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(
            &mut [
                &mut self.first_name,
                &mut self.last_name,
                &mut self.birth_date,
                &mut self.message,
            ],
            &mut self.banner,
            error,
            lang,
        );
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area);
        let text_width = area.width.saturating_sub(4);
        if self.sent {
            let mut lines = vec![
                Line::styled(
                    format!("✓ {}", T::LinkSentTitle.get(lang)),
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                )
                .centered(),
                Line::raw(""),
            ];
            lines.extend(widgets::wrapped(
                T::LinkSent.get(lang),
                text_width,
                Style::new(),
            ));
            lines.push(Line::raw(""));
            let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
            let [text, button] =
                Layout::vertical([Constraint::Length(height), Constraint::Length(1)])
                    .flex(Flex::Center)
                    .areas(area);
            frame.render_widget(Paragraph::new(lines), text.inner(Margin::new(2, 0)));
            frame.render_widget(
                Paragraph::new(widgets::button(T::Ok.get(lang), true)),
                button,
            );
            return None;
        }
        let intro = T::LinkIntro.get(lang);
        let [title, intro_area, _, fields_area, banner, button] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(widgets::height(intro, text_width)),
            Constraint::Length(1),
            Constraint::Length(8),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(widgets::heading(T::LinkTitle.get(lang)), title);
        frame.render_widget(
            Paragraph::new(widgets::wrapped(intro, text_width, Style::new())),
            intro_area.inner(Margin::new(2, 0)),
        );
        let fields = [
            (Focus::FirstName, &self.first_name),
            (Focus::LastName, &self.last_name),
            (Focus::BirthDate, &self.birth_date),
            (Focus::Message, &self.message),
        ];
        let cursor = widgets::fields(frame, fields_area, &fields, self.focus, lang);
        widgets::form_banner(frame, banner, self.banner.as_ref());
        frame.render_widget(
            Paragraph::new(widgets::button(
                T::LinkButton.get(lang),
                self.focus == Focus::Send,
            )),
            button,
        );
        cursor
    }
}
