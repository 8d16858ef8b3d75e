//! "Entrez le code reçu par e-mail": the step after "Créez votre compte !". The Patro considers a
//! request only once its address is proven, so that nobody can ask for an account in someone
//! else's name.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
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
    Code,
    Confirm,
    Resend,
}

const ORDER: [Focus; 3] = [Focus::Code, Focus::Confirm, Focus::Resend];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyEmail {
    pub email: String,
    pub code: Field,
    pub focus: Focus,
    /// The server's word after "renvoyer le code".
    pub notice: Option<String>,
    pub banner: Option<Banner>,
}

impl VerifyEmail {
    pub fn new(email: &str) -> VerifyEmail {
        VerifyEmail {
            email: email.to_owned(),
            code: Field::text(T::VerificationCode, &["code"]),
            focus: Focus::Code,
            notice: None,
            banner: None,
        }
    }

    pub fn typing(&self) -> bool {
        self.focus == Focus::Code
    }

    pub fn bindings(&self) -> Vec<Binding> {
        keys::form(T::KeyConfirm, self.typing(), T::KeyBack)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        match action {
            Action::Next => self.focus = form::step(&ORDER, self.focus, true),
            Action::Previous => self.focus = form::step(&ORDER, self.focus, false),
            Action::Back => {
                return Step::go(Screen::Login(LoginForm::returning(
                    &self.email,
                    login::Focus::LogIn,
                )));
            }
            Action::Activate => match self.focus {
                Focus::Code | Focus::Confirm => return self.confirm(lang),
                Focus::Resend => {
                    self.banner = None;
                    self.code.error = None;
                    return Step::Run(Command::ResendVerification {
                        email: self.email.clone(),
                    });
                }
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        if self.focus == Focus::Code {
            self.code.type_key(key);
        }
    }

    fn confirm(&mut self, lang: Lang) -> Step {
        self.banner = None;
        self.code.error = None;
        if !self.code.require(lang) {
            self.focus = Focus::Code;
            return Step::Stay;
        }
        Step::Run(Command::VerifyEmail {
            email: self.email.clone(),
            code: self.code.value().trim().to_owned(),
        })
    }

    /// A new code is on its way: the old one no longer works.
    pub fn code_resent(&mut self, notice: String) {
        self.notice = Some(notice);
        self.code = Field::text(T::VerificationCode, &["code"]);
        self.focus = Focus::Code;
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(&mut [&mut self.code], &mut self.banner, error, lang);
        if self.code.error.is_some() {
            self.focus = Focus::Code;
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area);
        let width = area.width.saturating_sub(4);
        let mut text = Vec::new();
        let intro = match lang {
            Lang::Fr => format!(
                "Nous venons d'envoyer un code à 8 chiffres à {}. Il est valable 30 minutes. Le Patro ne traite votre demande qu'une fois votre adresse confirmée.",
                self.email
            ),
            Lang::En => format!(
                "We have just sent an 8-digit code to {}. It is valid for 30 minutes. The Patro looks at your request only once your address is confirmed.",
                self.email
            ),
        };
        text.extend(widgets::wrapped(&intro, width, Style::new()));
        if let Some(notice) = &self.notice {
            text.push(Line::raw(""));
            text.extend(widgets::wrapped(
                notice,
                width,
                Style::new().fg(Color::Green),
            ));
        }
        let text_height = u16::try_from(text.len()).unwrap_or(u16::MAX);
        let [title, _, text_area, _, field, banner, confirm, _, resend] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(text_height),
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(widgets::heading(T::VerifyEmailTitle.get(lang)), title);
        frame.render_widget(Paragraph::new(text), text_area.inner(Margin::new(2, 0)));
        let cursor = widgets::fields(frame, field, &[(Focus::Code, &self.code)], self.focus, lang);
        widgets::form_banner(frame, banner, self.banner.as_ref());
        frame.render_widget(
            Paragraph::new(widgets::button(
                T::VerifyEmailButton.get(lang),
                self.focus == Focus::Confirm,
            )),
            confirm,
        );
        frame.render_widget(
            Paragraph::new(widgets::button(
                T::ResendCode.get(lang),
                self.focus == Focus::Resend,
            )),
            resend,
        );
        cursor
    }
}
