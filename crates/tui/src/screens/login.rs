//! "Connexion à Tempatro": e-mail and password, with the ways to a new account or a new password;
//! and the code of an authenticator app once the server says the account has a second factor.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::Lang;
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::forgot_password::ForgotPassword;
use crate::screens::sign_up::SignUpForm;
use crate::texts::T;
use crate::widgets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Email,
    Password,
    Code,
    LogIn,
    ForgotPassword,
    SignUp,
}

const ORDER: [Focus; 5] = [
    Focus::Email,
    Focus::Password,
    Focus::LogIn,
    Focus::ForgotPassword,
    Focus::SignUp,
];

/// [`ORDER`] with the second factor's code after the password.
const ORDER_WITH_CODE: [Focus; 6] = [
    Focus::Email,
    Focus::Password,
    Focus::Code,
    Focus::LogIn,
    Focus::ForgotPassword,
    Focus::SignUp,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    pub email: Field,
    pub password: Field,
    /// The second factor's code: shown once the server asked for it.
    pub code: Field,
    pub asks_code: bool,
    pub focus: Focus,
    pub banner: Option<Banner>,
}

impl Default for LoginForm {
    fn default() -> LoginForm {
        LoginForm {
            email: Field::text(T::LogInEmail, &["email"]),
            password: Field::password(T::LogInPassword, &["password"]),
            code: Field::text(T::LogInCode, &["totp"]),
            asks_code: false,
            focus: Focus::Email,
            banner: None,
        }
    }
}

impl LoginForm {
    pub fn new() -> LoginForm {
        LoginForm::default()
    }

    pub fn filled(email: &str, password: &str) -> LoginForm {
        let mut form = LoginForm::new();
        form.email = form.email.with_value(email);
        form.password = form.password.with_value(password);
        form.focus = Focus::LogIn;
        form
    }

    pub fn with_banner(banner: Banner) -> LoginForm {
        LoginForm {
            banner: Some(banner),
            ..LoginForm::new()
        }
    }

    /// Back from another screen: the e-mail typed there is kept, and the focus is put back where
    /// the person left, away from the fields so that q quits.
    pub fn returning(email: &str, focus: Focus) -> LoginForm {
        let mut form = LoginForm::new();
        form.email = form.email.with_value(email);
        form.focus = focus;
        form
    }

    pub fn typing(&self) -> bool {
        matches!(self.focus, Focus::Email | Focus::Password | Focus::Code)
    }

    fn order(&self) -> &'static [Focus] {
        if self.asks_code {
            &ORDER_WITH_CODE
        } else {
            &ORDER
        }
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let enter = match self.focus {
            Focus::Email => T::KeyNextField,
            Focus::Password | Focus::Code | Focus::LogIn => T::KeyLogIn,
            Focus::ForgotPassword | Focus::SignUp => T::KeyOpen,
        };
        let mut bindings = vec![Binding::new(keys::ENTER, enter)];
        if self.typing() {
            bindings.push(Binding::new(keys::NEXT_FIELD, T::KeyNextField));
            bindings.push(Binding::help_only(
                keys::PREVIOUS_FIELD,
                T::KeyPreviousField,
            ));
            bindings.push(Binding::new(keys::BACK, T::KeyLeaveField));
        } else {
            bindings.push(Binding::new(keys::NEXT_FIELD, T::KeyNext));
            bindings.push(Binding::help_only(keys::PREVIOUS_FIELD, T::KeyPrevious));
        }
        bindings
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        match action {
            Action::Next => self.focus = form::step(self.order(), self.focus, true),
            Action::Previous => self.focus = form::step(self.order(), self.focus, false),
            Action::Back if self.typing() => self.focus = Focus::LogIn,
            Action::Activate => match self.focus {
                Focus::Email => self.focus = Focus::Password,
                Focus::Password if self.asks_code && self.code.value().trim().is_empty() => {
                    self.focus = Focus::Code;
                }
                Focus::Password | Focus::Code | Focus::LogIn => return self.submit(lang),
                Focus::ForgotPassword => {
                    return Step::go(Screen::ForgotPassword(ForgotPassword::new(
                        self.email.value(),
                    )));
                }
                Focus::SignUp => {
                    return Step::go(Screen::SignUp(SignUpForm::new(self.email.value())));
                }
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        match self.focus {
            Focus::Email => self.email.type_key(key),
            Focus::Password => self.password.type_key(key),
            Focus::Code => self.code.type_key(key),
            _ => {}
        }
    }

    fn submit(&mut self, lang: Lang) -> Step {
        self.banner = None;
        self.email.error = None;
        self.password.error = None;
        self.code.error = None;
        let email_given = self.email.require(lang);
        let password_given = self.password.require(lang);
        let code_given = !self.asks_code || self.code.require(lang);
        if !(email_given && password_given && code_given) {
            return Step::Stay;
        }
        Step::Run(Command::LogIn {
            email: self.email.value().trim().to_owned(),
            password: self.password.value().to_owned(),
            code: Some(self.code.value().trim().to_owned()).filter(|_| self.asks_code),
        })
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        // The account has a second factor: its code is asked for, under the password.
        if matches!(error.code(), Some("totp_required" | "totp_invalid")) {
            self.asks_code = true;
            self.code = Field::text(T::LogInCode, &["totp"]);
            self.focus = Focus::Code;
        }
        form::show_error(
            &mut [&mut self.email, &mut self.password, &mut self.code],
            &mut self.banner,
            error,
            lang,
        );
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area);
        let [
            title,
            _,
            email,
            password,
            code,
            banner,
            button,
            _,
            forgot_question,
            forgot_link,
            _,
            sign_up_question,
            sign_up_link,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(2),
            Constraint::Length(if self.asks_code { 2 } else { 0 }),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(widgets::heading(T::LogInTitle.get(lang)), title);
        let label_width = [T::LogInEmail, T::LogInPassword, T::LogInCode]
            .iter()
            .take(if self.asks_code { 3 } else { 2 })
            .map(|label| u16::try_from(label.get(lang).width()).unwrap_or(u16::MAX))
            .max()
            .unwrap_or(0);
        let cursors = [
            widgets::field(
                frame,
                email,
                &self.email,
                self.focus == Focus::Email,
                label_width,
                lang,
            ),
            widgets::field(
                frame,
                password,
                &self.password,
                self.focus == Focus::Password,
                label_width,
                lang,
            ),
            if self.asks_code {
                widgets::field(
                    frame,
                    code,
                    &self.code,
                    self.focus == Focus::Code,
                    label_width,
                    lang,
                )
            } else {
                None
            },
        ];
        widgets::form_banner(frame, banner, self.banner.as_ref());
        frame.render_widget(
            Paragraph::new(widgets::button(
                T::LogInButton.get(lang),
                self.focus == Focus::LogIn,
            )),
            button,
        );
        let links = [
            (
                T::ForgotQuestion,
                T::ForgotLink,
                Focus::ForgotPassword,
                forgot_question,
                forgot_link,
            ),
            (
                T::NoAccountQuestion,
                T::SignUpLink,
                Focus::SignUp,
                sign_up_question,
                sign_up_link,
            ),
        ];
        for (question, link, focus, question_area, link_area) in links {
            frame.render_widget(
                Paragraph::new(format!("  {}", question.get(lang))),
                question_area,
            );
            frame.render_widget(
                Paragraph::new(Line::from(widgets::link(
                    link.get(lang),
                    self.focus == focus,
                ))),
                link_area,
            );
        }
        cursors.into_iter().flatten().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_in_the_email_field_goes_to_the_password() {
        let mut form = LoginForm::new();
        assert!(matches!(
            form.perform(Action::Activate, Lang::Fr),
            Step::Stay
        ));
        assert_eq!(form.focus, Focus::Password);
    }

    #[test]
    fn logging_in_without_a_password_is_caught_here() {
        let mut form = LoginForm::new();
        form.email = form.email.with_value("papa.billy@patrovaldhaine.be");
        form.focus = Focus::Password;
        assert!(matches!(
            form.perform(Action::Activate, Lang::Fr),
            Step::Stay
        ));
        assert_eq!(
            form.password.error.as_deref(),
            Some("ce champ est obligatoire")
        );
        assert_eq!(form.email.error, None);
    }
}
