//! "Vous avez oublié votre mot de passe ?": first the e-mail, to receive a code; then the code and
//! the new password, twice.

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
pub enum Stage {
    AskEmail,
    /// A code was sent (or not: the server answers the same when the address is unknown).
    EnterCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Email,
    SendCode,
    Code,
    NewPassword,
    Confirmation,
    Change,
}

const ASK_EMAIL: [Focus; 2] = [Focus::Email, Focus::SendCode];
const ENTER_CODE: [Focus; 4] = [
    Focus::Code,
    Focus::NewPassword,
    Focus::Confirmation,
    Focus::Change,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForgotPassword {
    pub stage: Stage,
    pub email: Field,
    pub code: Field,
    pub new_password: Field,
    pub confirmation: Field,
    pub focus: Focus,
    /// The server's word on the code it sent.
    pub notice: Option<String>,
    pub banner: Option<Banner>,
}

impl ForgotPassword {
    pub fn new(email: &str) -> ForgotPassword {
        ForgotPassword {
            stage: Stage::AskEmail,
            email: Field::text(T::Email, &["email"]).with_value(email.trim()),
            code: Field::text(T::ResetCode, &["code"]),
            new_password: Field::password(T::NewPassword, &["new_password", "password"])
                .with_hint(T::PasswordHint),
            confirmation: Field::password(T::NewPasswordConfirmation, &["password_confirmation"]),
            focus: Focus::Email,
            notice: None,
            banner: None,
        }
    }

    pub fn email(&self) -> &str {
        self.email.value().trim()
    }

    pub fn typing(&self) -> bool {
        !matches!(self.focus, Focus::SendCode | Focus::Change)
    }

    fn order(&self) -> &'static [Focus] {
        match self.stage {
            Stage::AskEmail => &ASK_EMAIL,
            Stage::EnterCode => &ENTER_CODE,
        }
    }

    pub fn bindings(&self) -> Vec<Binding> {
        let enter = match self.focus {
            Focus::Code | Focus::NewPassword => T::KeyNextField,
            _ => T::KeyConfirm,
        };
        keys::form(enter, self.typing(), T::KeyBack)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        match action {
            Action::Next => self.focus = form::step(self.order(), self.focus, true),
            Action::Previous => self.focus = form::step(self.order(), self.focus, false),
            Action::Back => match self.stage {
                Stage::AskEmail => {
                    return Step::go(Screen::Login(LoginForm::returning(
                        self.email(),
                        login::Focus::ForgotPassword,
                    )));
                }
                Stage::EnterCode => {
                    self.stage = Stage::AskEmail;
                    self.focus = Focus::SendCode;
                    self.banner = None;
                }
            },
            Action::Activate => match self.focus {
                Focus::Email | Focus::SendCode => return self.ask_code(lang),
                Focus::Confirmation | Focus::Change => return self.change(lang),
                Focus::Code | Focus::NewPassword => {
                    self.focus = form::step(self.order(), self.focus, true);
                }
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        let field = match self.focus {
            Focus::Email => &mut self.email,
            Focus::Code => &mut self.code,
            Focus::NewPassword => &mut self.new_password,
            Focus::Confirmation => &mut self.confirmation,
            Focus::SendCode | Focus::Change => return,
        };
        field.type_key(key);
    }

    fn ask_code(&mut self, lang: Lang) -> Step {
        self.banner = None;
        self.email.error = None;
        if !self.email.require(lang) {
            self.focus = Focus::Email;
            return Step::Stay;
        }
        Step::Run(Command::RequestPasswordReset {
            email: self.email().to_owned(),
        })
    }

    /// The server answered the request for a code: on to the second step.
    pub fn code_sent(&mut self, notice: String) {
        self.notice = Some(notice);
        self.stage = Stage::EnterCode;
        self.focus = Focus::Code;
    }

    fn change(&mut self, lang: Lang) -> Step {
        self.banner = None;
        let fields = [
            (Focus::Code, &mut self.code),
            (Focus::NewPassword, &mut self.new_password),
            (Focus::Confirmation, &mut self.confirmation),
        ];
        let mut first_wrong = None;
        for (focus, field) in fields {
            field.error = None;
            if !field.require(lang) {
                first_wrong = first_wrong.or(Some(focus));
            }
        }
        if !self.confirmation.value().is_empty()
            && self.new_password.value() != self.confirmation.value()
        {
            self.confirmation.error = Some(tempatro_core::Error::PasswordsDiffer.message(lang));
            first_wrong = first_wrong.or(Some(Focus::Confirmation));
        }
        if let Some(focus) = first_wrong {
            self.focus = focus;
            return Step::Stay;
        }
        Step::Run(Command::ConfirmPasswordReset {
            email: self.email().to_owned(),
            code: self.code.value().trim().to_owned(),
            new_password: self.new_password.value().to_owned(),
        })
    }

    pub fn show_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        match self.stage {
            Stage::AskEmail => {
                form::show_error(&mut [&mut self.email], &mut self.banner, error, lang);
            }
            Stage::EnterCode => form::show_error(
                &mut [
                    &mut self.code,
                    &mut self.new_password,
                    &mut self.confirmation,
                ],
                &mut self.banner,
                error,
                lang,
            ),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area);
        let text_width = area.width.saturating_sub(4);
        let mut explanation = Vec::new();
        let (fields, button): (Vec<(Focus, &Field)>, (Focus, T)) = match self.stage {
            Stage::AskEmail => {
                explanation.extend(widgets::wrapped(
                    T::ForgotIntro.get(lang),
                    text_width,
                    Style::new(),
                ));
                (
                    vec![(Focus::Email, &self.email)],
                    (Focus::SendCode, T::ForgotButton),
                )
            }
            Stage::EnterCode => {
                if let Some(notice) = &self.notice {
                    explanation.extend(widgets::wrapped(
                        notice,
                        text_width,
                        Style::new().fg(Color::Green),
                    ));
                    explanation.push(Line::raw(""));
                }
                explanation.extend(widgets::wrapped(
                    T::ResetCodeIntro.get(lang),
                    text_width,
                    Style::new(),
                ));
                (
                    vec![
                        (Focus::Code, &self.code),
                        (Focus::NewPassword, &self.new_password),
                        (Focus::Confirmation, &self.confirmation),
                    ],
                    (Focus::Change, T::ResetButton),
                )
            }
        };
        let explanation_height = u16::try_from(explanation.len()).unwrap_or(u16::MAX);
        let fields_height = 2 * u16::try_from(fields.len()).unwrap_or(u16::MAX);
        let [title, _, text, _, fields_area, banner, button_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(explanation_height),
            Constraint::Length(1),
            Constraint::Length(fields_height),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .flex(Flex::Center)
        .areas(area);
        frame.render_widget(widgets::heading(T::ForgotTitle.get(lang)), title);
        frame.render_widget(Paragraph::new(explanation), text.inner(Margin::new(2, 0)));
        let cursor = widgets::fields(frame, fields_area, &fields, self.focus, lang);
        widgets::form_banner(frame, banner, self.banner.as_ref());
        let (button_focus, button_label) = button;
        frame.render_widget(
            Paragraph::new(widgets::button(
                button_label.get(lang),
                self.focus == button_focus,
            )),
            button_area,
        );
        cursor
    }
}
