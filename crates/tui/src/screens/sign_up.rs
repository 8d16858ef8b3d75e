//! "Créez votre compte !": first name, last name, e-mail, password twice.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::login::{self, LoginForm};
use crate::texts::T;
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    FirstName,
    LastName,
    Email,
    Password,
    Confirmation,
    Submit,
}

const ORDER: [Focus; 6] = [
    Focus::FirstName,
    Focus::LastName,
    Focus::Email,
    Focus::Password,
    Focus::Confirmation,
    Focus::Submit,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpForm {
    pub first_name: Field,
    pub last_name: Field,
    pub email: Field,
    pub password: Field,
    pub confirmation: Field,
    pub focus: Focus,
    pub banner: Option<Banner>,
}

impl SignUpForm {
    /// A new form, with the e-mail already typed on the log-in screen if any.
    pub fn new(email: &str) -> SignUpForm {
        SignUpForm {
            first_name: Field::text(T::FirstName, &["first_name"]),
            last_name: Field::text(T::LastName, &["last_name"]),
            email: Field::text(T::Email, &["email"]).with_value(email.trim()),
            password: Field::password(T::Password, &["password"]).with_hint(T::PasswordHint),
            confirmation: Field::password(T::PasswordConfirmation, &["password_confirmation"]),
            focus: Focus::FirstName,
            banner: None,
        }
    }

    pub fn typing(&self) -> bool {
        self.focus != Focus::Submit
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let enter = match self.focus {
            Focus::Confirmation | Focus::Submit => T::KeyConfirm,
            _ => T::KeyNextField,
        };
        keys::form(enter, self.typing(), T::KeyBack)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        match action {
            Action::Next => self.focus = form::step(&ORDER, self.focus, true),
            Action::Previous => self.focus = form::step(&ORDER, self.focus, false),
            Action::Back => {
                return Step::go(Screen::Login(LoginForm::returning(
                    self.email.value(),
                    login::Focus::SignUp,
                )));
            }
            Action::Activate => match self.focus {
                Focus::Confirmation | Focus::Submit => return self.submit(lang),
                _ => self.focus = form::step(&ORDER, self.focus, true),
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        if let Some(field) = self.focused_field() {
            field.type_key(key);
        }
    }

    fn focused_field(&mut self) -> Option<&mut Field> {
        match self.focus {
            Focus::FirstName => Some(&mut self.first_name),
            Focus::LastName => Some(&mut self.last_name),
            Focus::Email => Some(&mut self.email),
            Focus::Password => Some(&mut self.password),
            Focus::Confirmation => Some(&mut self.confirmation),
            Focus::Submit => None,
        }
    }

    fn fields_mut(&mut self) -> [(Focus, &mut Field); 5] {
        [
            (Focus::FirstName, &mut self.first_name),
            (Focus::LastName, &mut self.last_name),
            (Focus::Email, &mut self.email),
            (Focus::Password, &mut self.password),
            (Focus::Confirmation, &mut self.confirmation),
        ]
    }

    /// Checks what needs no server (every field filled, the same password twice), then asks the
    /// server, which checks the rest.
    fn submit(&mut self, lang: Lang) -> Step {
        self.banner = None;
        for (_, field) in self.fields_mut() {
            field.error = None;
            field.require(lang);
        }
        if !self.password.value().is_empty()
            && !self.confirmation.value().is_empty()
            && self.password.value() != self.confirmation.value()
        {
            self.confirmation.error = Some(tempatro_core::Error::PasswordsDiffer.message(lang));
        }
        let first_wrong = self
            .fields_mut()
            .into_iter()
            .find(|(_, field)| field.error.is_some())
            .map(|(focus, _)| focus);
        if let Some(focus) = first_wrong {
            self.focus = focus;
            return Step::Stay;
        }
        Step::Run(Command::SignUp {
            first_name: self.first_name.value().trim().to_owned(),
            last_name: self.last_name.value().trim().to_owned(),
            email: self.email.value().trim().to_owned(),
            password: self.password.value().to_owned(),
        })
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(
            &mut [
                &mut self.first_name,
                &mut self.last_name,
                &mut self.email,
                &mut self.password,
                &mut self.confirmation,
            ],
            &mut self.banner,
            error,
            lang,
        );
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area);
        let intro = T::SignUpIntro.get(lang);
        let intro_width = area.width.saturating_sub(4);
        let [title, intro_area, _, fields, banner, button] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(widgets::height(intro, intro_width)),
            Constraint::Length(1),
            Constraint::Length(10),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(widgets::heading(T::SignUpTitle.get(lang)), title);
        frame.render_widget(
            Paragraph::new(widgets::wrapped(intro, intro_width, Style::new())),
            intro_area.inner(Margin::new(2, 0)),
        );
        let all = [
            (Focus::FirstName, &self.first_name),
            (Focus::LastName, &self.last_name),
            (Focus::Email, &self.email),
            (Focus::Password, &self.password),
            (Focus::Confirmation, &self.confirmation),
        ];
        let cursor = widgets::fields(frame, fields, &all, self.focus, lang);
        widgets::form_banner(frame, banner, self.banner.as_ref());
        frame.render_widget(
            Paragraph::new(widgets::button(
                T::SignUpButton.get(lang),
                self.focus == Focus::Submit,
            )),
            button,
        );
        cursor
    }
}
