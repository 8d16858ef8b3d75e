//! "Gérer mes infos": the parent's own name, phone and e-mail (a new e-mail needs the current
//! password, since it becomes the login, and counts once the code sent to it is entered here), and
//! a password change.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tempatro_core::api::AccountView;
use tempatro_core::{Email, Lang, PhoneNumber};
use unicode_width::UnicodeWidthStr;

use crate::app::Screen;
use crate::command::Command;
use crate::form::{self, Banner, Field};
use crate::keys::{self, Action, Binding};
use crate::rows::{self, Row};
use crate::screens::Step;
use crate::screens::dashboard::DashboardView;
use crate::texts::{self, T};
use crate::widgets;

/// The server's own minimum; checked here too, to say it before sending.
const PASSWORD_MIN: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    FirstName,
    LastName,
    Phone,
    Email,
    EmailPassword,
    SaveDetails,
    /// Shown while a new address waits for its code.
    EmailCode,
    ConfirmEmail,
    CurrentPassword,
    NewPassword,
    Confirmation,
    SavePassword,
}

const ORDER: [Focus; 12] = [
    Focus::FirstName,
    Focus::LastName,
    Focus::Phone,
    Focus::Email,
    Focus::EmailPassword,
    Focus::SaveDetails,
    Focus::EmailCode,
    Focus::ConfirmEmail,
    Focus::CurrentPassword,
    Focus::NewPassword,
    Focus::Confirmation,
    Focus::SavePassword,
];

const ORDER_WITHOUT_CODE: [Focus; 10] = [
    Focus::FirstName,
    Focus::LastName,
    Focus::Phone,
    Focus::Email,
    Focus::EmailPassword,
    Focus::SaveDetails,
    Focus::CurrentPassword,
    Focus::NewPassword,
    Focus::Confirmation,
    Focus::SavePassword,
];

#[derive(Debug, Clone)]
pub struct ProfileForm {
    /// The dashboard to go back to.
    pub home: DashboardView,
    /// None until the server answers.
    pub account: Option<AccountView>,
    pub first_name: Field,
    pub last_name: Field,
    pub phone: Field,
    pub email: Field,
    pub email_password: Field,
    /// The code sent to the new address.
    pub email_code: Field,
    pub current_password: Field,
    pub new_password: Field,
    pub confirmation: Field,
    pub focus: Focus,
    /// About the details: saved, or what went wrong.
    pub banner: Option<Banner>,
    /// About the password.
    pub password_banner: Option<Banner>,
}

impl ProfileForm {
    pub fn new(home: DashboardView) -> ProfileForm {
        ProfileForm {
            home,
            account: None,
            first_name: Field::text(T::FirstName, &["first_name"]),
            last_name: Field::text(T::LastName, &["last_name"]),
            phone: Field::text(T::Phone, &["phone"]),
            email: Field::text(T::Email, &["email"]),
            email_password: Field::password(T::CurrentPasswordForEmail, &["current_password"])
                .with_hint(T::CurrentPasswordHint),
            email_code: Field::text(T::VerificationCode, &["code"]),
            current_password: Field::password(T::CurrentPassword, &["current_password"]),
            new_password: Field::password(T::NewPassword, &["new_password", "password"])
                .with_hint(T::PasswordHint),
            confirmation: Field::password(T::NewPasswordConfirmation, &["password_confirmation"]),
            focus: Focus::FirstName,
            banner: None,
            password_banner: None,
        }
    }

    pub fn loaded(&mut self, account: AccountView) {
        self.first_name = self.first_name.clone().with_value(&account.first_name);
        self.last_name = self.last_name.clone().with_value(&account.last_name);
        self.phone = self
            .phone
            .clone()
            .with_value(account.phone.as_deref().unwrap_or_default());
        self.email = self.email.clone().with_value(&account.email);
        self.account = Some(account);
        self.banner = None;
    }

    pub fn typing(&self) -> bool {
        self.account.is_some()
            && !matches!(
                self.focus,
                Focus::SaveDetails | Focus::ConfirmEmail | Focus::SavePassword
            )
    }

    /// The address waiting for its code, if any.
    fn pending_email(&self) -> Option<&str> {
        self.account.as_ref()?.pending_email.as_deref()
    }

    fn order(&self) -> &'static [Focus] {
        if self.pending_email().is_some() {
            &ORDER
        } else {
            &ORDER_WITHOUT_CODE
        }
    }

    pub fn bindings(&self) -> Vec<Binding> {
        if self.account.is_none() {
            return vec![Binding::new(keys::BACK, T::KeyBack)];
        }
        let enter = match self.focus {
            Focus::EmailPassword
            | Focus::SaveDetails
            | Focus::EmailCode
            | Focus::ConfirmEmail
            | Focus::Confirmation
            | Focus::SavePassword => T::KeyConfirm,
            _ => T::KeyNextField,
        };
        keys::form(enter, self.typing(), T::KeyBack)
    }

    pub fn perform(&mut self, action: Action, lang: Lang) -> Step {
        match action {
            Action::Back => {
                return Step::back_to(Screen::Dashboard(self.home.clone()));
            }
            _ if self.account.is_none() => {}
            Action::Next => self.focus = form::step(self.order(), self.focus, true),
            Action::Previous => self.focus = form::step(self.order(), self.focus, false),
            Action::Activate => match self.focus {
                Focus::EmailPassword | Focus::SaveDetails => return self.save_details(lang),
                Focus::EmailCode | Focus::ConfirmEmail => return self.confirm_email(lang),
                Focus::Confirmation | Focus::SavePassword => return self.change_password(lang),
                _ => self.focus = form::step(self.order(), self.focus, true),
            },
            _ => {}
        }
        Step::Stay
    }

    pub fn type_key(&mut self, key: &KeyEvent) {
        let field = match self.focus {
            Focus::FirstName => &mut self.first_name,
            Focus::LastName => &mut self.last_name,
            Focus::Phone => &mut self.phone,
            Focus::Email => &mut self.email,
            Focus::EmailPassword => &mut self.email_password,
            Focus::EmailCode => &mut self.email_code,
            Focus::CurrentPassword => &mut self.current_password,
            Focus::NewPassword => &mut self.new_password,
            Focus::Confirmation => &mut self.confirmation,
            Focus::SaveDetails | Focus::ConfirmEmail | Focus::SavePassword => return,
        };
        field.type_key(key);
    }

    fn save_details(&mut self, lang: Lang) -> Step {
        let Some(account) = &self.account else {
            return Step::Stay;
        };
        self.banner = None;
        let text = |field: &Field| field.value().trim().to_owned();
        let changed = |now: String, was: &str| (now != was).then_some(now);
        let first_name = changed(text(&self.first_name), &account.first_name);
        let last_name = changed(text(&self.last_name), &account.last_name);
        // An emptied field removes the phone.
        let phone = Some(text(&self.phone))
            .filter(|phone| phone != account.phone.as_deref().unwrap_or_default())
            .map(|phone| Some(phone).filter(|phone| !phone.is_empty()));
        let email = Some(text(&self.email))
            .filter(|email| !email.eq_ignore_ascii_case(account.email.trim()));
        for field in [
            &mut self.first_name,
            &mut self.last_name,
            &mut self.phone,
            &mut self.email,
            &mut self.email_password,
        ] {
            field.error = None;
        }
        if first_name.is_none() && last_name.is_none() && phone.is_none() && email.is_none() {
            self.banner = Some(Banner::Info(T::NothingChanged.get(lang).to_owned()));
            return Step::Stay;
        }
        let mut first_wrong = None;
        if first_name.is_some() && !self.first_name.require(lang) {
            first_wrong = first_wrong.or(Some(Focus::FirstName));
        }
        if last_name.is_some() && !self.last_name.require(lang) {
            first_wrong = first_wrong.or(Some(Focus::LastName));
        }
        if let Some(Some(phone)) = &phone
            && let Err(error) = PhoneNumber::parse(phone)
        {
            self.phone.error = Some(texts::sentence(&error.message(lang)));
            first_wrong = first_wrong.or(Some(Focus::Phone));
        }
        if let Some(email) = &email {
            if let Err(error) = Email::parse(email) {
                self.email.error = Some(texts::sentence(&error.message(lang)));
                first_wrong = first_wrong.or(Some(Focus::Email));
            }
            if !self.email_password.require(lang) {
                first_wrong = first_wrong.or(Some(Focus::EmailPassword));
            }
        }
        if let Some(focus) = first_wrong {
            self.focus = focus;
            return Step::Stay;
        }
        let current_password = email
            .is_some()
            .then(|| self.email_password.value().to_owned());
        Step::Run(Command::SaveProfile {
            first_name,
            last_name,
            phone,
            email,
            current_password,
        })
    }

    fn confirm_email(&mut self, lang: Lang) -> Step {
        self.banner = None;
        self.email_code.error = None;
        if !self.email_code.require(lang) {
            self.focus = Focus::EmailCode;
            return Step::Stay;
        }
        Step::Run(Command::ConfirmEmailChange {
            code: self.email_code.value().trim().to_owned(),
        })
    }

    fn change_password(&mut self, lang: Lang) -> Step {
        self.password_banner = None;
        let mut first_wrong = None;
        for (focus, field) in [
            (Focus::CurrentPassword, &mut self.current_password),
            (Focus::NewPassword, &mut self.new_password),
            (Focus::Confirmation, &mut self.confirmation),
        ] {
            field.error = None;
            if !field.require(lang) {
                first_wrong = first_wrong.or(Some(focus));
            }
        }
        let new = self.new_password.value().to_owned();
        if !new.is_empty() && new.chars().count() < PASSWORD_MIN {
            self.new_password.error = Some(texts::sentence(
                &tempatro_core::Error::PasswordTooShort { min: PASSWORD_MIN }.message(lang),
            ));
            first_wrong = first_wrong.or(Some(Focus::NewPassword));
        }
        if !self.confirmation.value().is_empty() && new != self.confirmation.value() {
            self.confirmation.error = Some(texts::sentence(
                &tempatro_core::Error::PasswordsDiffer.message(lang),
            ));
            first_wrong = first_wrong.or(Some(Focus::Confirmation));
        }
        if let Some(focus) = first_wrong {
            self.focus = focus;
            return Step::Stay;
        }
        Step::Run(Command::ChangePassword {
            current: self.current_password.value().to_owned(),
            new,
        })
    }

    /// The details as the server now has them. A new address is not the account's yet: the
    /// code sent there is asked for right below.
    pub fn saved(&mut self, account: AccountView, lang: Lang) {
        self.email_password = self.email_password.clone().with_value("");
        self.email_code = Field::text(T::VerificationCode, &["code"]);
        let waiting = account.pending_email.clone();
        self.loaded(account);
        match waiting {
            Some(email) => {
                self.focus = Focus::EmailCode;
                self.banner = Some(Banner::Info(match lang {
                    Lang::Fr => format!(
                        "✓ Enregistré. Un code a été envoyé à {email} : entrez-le ci-dessous pour confirmer la nouvelle adresse."
                    ),
                    Lang::En => format!(
                        "✓ Saved. A code has been sent to {email}: enter it below to confirm the new address."
                    ),
                }));
            }
            None => {
                self.focus = Focus::SaveDetails;
                self.banner = Some(Banner::Info(format!("✓ {}", T::DetailsSaved.get(lang))));
            }
        }
    }

    /// The new address is the account's now.
    pub fn email_confirmed(&mut self, account: AccountView, lang: Lang) {
        self.email_code = Field::text(T::VerificationCode, &["code"]);
        self.loaded(account);
        self.focus = Focus::SaveDetails;
        self.banner = Some(Banner::Info(format!("✓ {}", T::EmailChanged.get(lang))));
    }

    pub fn show_code_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(&mut [&mut self.email_code], &mut self.banner, error, lang);
        self.focus = Focus::EmailCode;
    }

    pub fn password_changed(&mut self, lang: Lang) {
        for field in [
            &mut self.current_password,
            &mut self.new_password,
            &mut self.confirmation,
        ] {
            *field = field.clone().with_value("");
            field.error = None;
        }
        self.focus = Focus::SavePassword;
        self.password_banner = Some(Banner::Info(format!("✓ {}", T::PasswordSaved.get(lang))));
    }

    pub fn show_details_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(
            &mut [
                &mut self.first_name,
                &mut self.last_name,
                &mut self.phone,
                &mut self.email,
                &mut self.email_password,
            ],
            &mut self.banner,
            error,
            lang,
        );
        self.focus_first_wrong();
    }

    pub fn show_password_error(&mut self, error: &tempatro_client::Error, lang: Lang) {
        form::show_error(
            &mut [
                &mut self.current_password,
                &mut self.new_password,
                &mut self.confirmation,
            ],
            &mut self.password_banner,
            error,
            lang,
        );
        self.focus_first_wrong();
    }

    fn focus_first_wrong(&mut self) {
        let fields = [
            (Focus::FirstName, &self.first_name),
            (Focus::LastName, &self.last_name),
            (Focus::Phone, &self.phone),
            (Focus::Email, &self.email),
            (Focus::EmailPassword, &self.email_password),
            (Focus::EmailCode, &self.email_code),
            (Focus::CurrentPassword, &self.current_password),
            (Focus::NewPassword, &self.new_password),
            (Focus::Confirmation, &self.confirmation),
        ];
        if let Some((focus, _)) = fields.iter().find(|(_, field)| field.error.is_some()) {
            self.focus = *focus;
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang) -> Option<Position> {
        let area = widgets::form_column(area).inner(Margin::new(1, 0));
        if self.account.is_none() {
            let mut lines =
                vec![Line::styled(T::MenuInfos.get(lang), widgets::title_style()).centered()];
            lines.push(Line::raw(""));
            lines.extend(widgets::banner(self.banner.as_ref(), area.width));
            if self.banner.is_none() {
                lines.push(Line::styled(
                    T::Loading.get(lang),
                    Style::new().add_modifier(Modifier::ITALIC),
                ));
            }
            frame.render_widget(Paragraph::new(lines), area);
            return None;
        }
        let field = |field, focus| Row::Field {
            field,
            focused: self.focus == focus,
        };
        let mut rows = vec![
            Row::Text(Line::styled(T::MenuInfos.get(lang), widgets::title_style()).centered()),
            Row::Heading(T::MyDetails.get(lang).to_owned()),
            field(&self.first_name, Focus::FirstName),
            field(&self.last_name, Focus::LastName),
            field(&self.phone, Focus::Phone),
            field(&self.email, Focus::Email),
            field(&self.email_password, Focus::EmailPassword),
        ];
        rows.extend(
            widgets::banner(self.banner.as_ref(), area.width)
                .into_iter()
                .map(Row::Text),
        );
        rows.push(Row::Button {
            label: T::SaveMyDetails.get(lang),
            focused: self.focus == Focus::SaveDetails,
        });
        if let Some(email) = self.pending_email() {
            let waiting = match lang {
                Lang::Fr => format!("Nouvelle adresse en attente de confirmation : {email}"),
                Lang::En => format!("New address waiting to be confirmed: {email}"),
            };
            rows.extend([
                Row::Heading(T::ConfirmNewEmail.get(lang).to_owned()),
                Row::Text(Line::raw(waiting)),
                field(&self.email_code, Focus::EmailCode),
                Row::Button {
                    label: T::ConfirmNewEmail.get(lang),
                    focused: self.focus == Focus::ConfirmEmail,
                },
            ]);
        }
        rows.extend([
            Row::Heading(T::ChangePassword.get(lang).to_owned()),
            field(&self.current_password, Focus::CurrentPassword),
            field(&self.new_password, Focus::NewPassword),
            field(&self.confirmation, Focus::Confirmation),
        ]);
        rows.extend(
            widgets::banner(self.password_banner.as_ref(), area.width)
                .into_iter()
                .map(Row::Text),
        );
        rows.push(Row::Button {
            label: T::ResetButton.get(lang),
            focused: self.focus == Focus::SavePassword,
        });
        let label_width = [
            &self.first_name,
            &self.last_name,
            &self.phone,
            &self.email,
            &self.email_password,
            &self.email_code,
            &self.current_password,
            &self.new_password,
            &self.confirmation,
        ]
        .iter()
        .map(|field| u16::try_from(field.label.get(lang).width()).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0);
        rows::draw(frame, area, &rows, label_width, lang)
    }
}
