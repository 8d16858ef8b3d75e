//! The whole state of the app and the only two ways it changes: a key press ([`App::update`]) and
//! the answer to a request ([`App::on_result`]). Both are synchronous and pure: whatever needs the
//! network or the disk leaves as a [`Command`] for the main loop.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tempatro_client::Error;
use tempatro_core::{Lang, RegistrationStatus};

use crate::command::{Command, Outcome};
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::camps::CampsView;
use crate::screens::child_form::ChildForm;
use crate::screens::child_sheet::SheetView;
use crate::screens::children::ChildrenList;
use crate::screens::dashboard::DashboardView;
use crate::screens::documents::DocumentsView;
use crate::screens::done::{AccountCreated, PasswordChanged};
use crate::screens::forgot_password::ForgotPassword;
use crate::screens::link_request::LinkRequestForm;
use crate::screens::login::LoginForm;
use crate::screens::medical::MedicalView;
use crate::screens::medical_form::MedicalForm;
use crate::screens::news::NewsReader;
use crate::screens::payment_detail::PaymentDetail;
use crate::screens::payments::PaymentsView;
use crate::screens::profile::ProfileForm;
use crate::screens::renewal::RenewalView;
use crate::screens::sign_up::SignUpForm;
use crate::screens::unreachable::Unreachable;
use crate::screens::verify_email::VerifyEmail;
use crate::texts::T;

/// Cloned when a screen keeps the one it was opened from, to go back to it.
#[derive(Debug, Clone)]
pub enum Screen {
    /// A saved session is being checked before anything else is shown.
    Starting,
    Login(LoginForm),
    SignUp(SignUpForm),
    /// "Entrez le code reçu par e-mail".
    VerifyEmail(VerifyEmail),
    AccountCreated(AccountCreated),
    ForgotPassword(ForgotPassword),
    PasswordChanged(PasswordChanged),
    Dashboard(DashboardView),
    /// "Gérer mes enfants".
    Children(ChildrenList),
    /// "Vous visualisez la fiche de …".
    ChildSheet(SheetView),
    /// "Modifier les infos".
    ChildForm(Box<ChildForm>),
    /// "Renouveler une affiliation".
    Renewal(RenewalView),
    /// "Mon enfant n'apparaît pas".
    LinkRequest(LinkRequestForm),
    /// "Gérer mes infos".
    Profile(Box<ProfileForm>),
    /// A news item, read in full.
    NewsReader(NewsReader),
    /// "Camps & hikes".
    Camps(CampsView),
    /// The child's "fiche santé".
    Medical(MedicalView),
    MedicalForm(Box<MedicalForm>),
    /// "Documents".
    Documents(DocumentsView),
    /// "Mes paiements".
    Payments(PaymentsView),
    /// One due and how to pay it, with its QR code.
    PaymentDetail(Box<PaymentDetail>),
    Unreachable(Unreachable),
}

impl Screen {
    /// The dashboard this screen was reached from: the parent's name, the Patro's name and the
    /// current cycle, for the screens behind it.
    pub fn home(&self) -> Option<&DashboardView> {
        match self {
            Screen::Dashboard(view) => Some(view),
            Screen::Children(list) => Some(&list.home),
            Screen::ChildSheet(view) => view.back.home(),
            Screen::ChildForm(form) => form.sheet_view.back.home(),
            Screen::Renewal(renewal) => renewal.back.home(),
            Screen::LinkRequest(form) => form.back.home(),
            Screen::Profile(form) => Some(&form.home),
            Screen::NewsReader(reader) => reader.back.home(),
            Screen::Camps(view) => view.back.home(),
            Screen::Medical(view) => view.back.home(),
            Screen::MedicalForm(form) => form.view.back.home(),
            Screen::Documents(view) => Some(&view.home),
            Screen::Payments(view) => view.back.home(),
            Screen::PaymentDetail(view) => view.back.home(),
            Screen::Unreachable(unreachable) => unreachable.previous.home(),
            Screen::Starting
            | Screen::Login(_)
            | Screen::SignUp(_)
            | Screen::VerifyEmail(_)
            | Screen::AccountCreated(_)
            | Screen::ForgotPassword(_)
            | Screen::PasswordChanged(_) => None,
        }
    }
}

#[derive(Debug)]
pub struct App {
    lang: Lang,
    screen: Screen,
    help_open: bool,
    /// The request the main loop is running, kept to retry it if the server does not answer.
    in_flight: Option<Command>,
}

impl App {
    /// Starts on "Connexion à Tempatro".
    pub fn new(lang: Lang) -> App {
        App {
            lang,
            screen: Screen::Login(LoginForm::new()),
            help_open: false,
            in_flight: None,
        }
    }

    /// Starts from a saved session: the dashboard is loaded straight away.
    pub fn resuming(lang: Lang) -> (App, Command) {
        let mut app = App {
            screen: Screen::Starting,
            ..App::new(lang)
        };
        let command = app.run(Command::LoadDashboard);
        (app, command)
    }

    /// Starts by logging in with these credentials, as if typed (the demo does this).
    pub fn logging_in(lang: Lang, email: &str, password: &str) -> (App, Command) {
        let mut app = App {
            screen: Screen::Login(LoginForm::filled(email, password)),
            ..App::new(lang)
        };
        let command = app.run(Command::LogIn {
            email: email.to_owned(),
            password: password.to_owned(),
            code: None,
        });
        (app, command)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn help_open(&self) -> bool {
        self.help_open
    }

    /// Whether a request is on its way; the screens say "Un instant…" meanwhile.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Whether the focus is in a text field, where letters are text and not shortcuts.
    pub fn typing(&self) -> bool {
        match &self.screen {
            Screen::Login(form) => form.typing(),
            Screen::SignUp(form) => form.typing(),
            Screen::VerifyEmail(form) => form.typing(),
            Screen::ForgotPassword(form) => form.typing(),
            Screen::ChildForm(form) => form.typing(),
            Screen::LinkRequest(form) => form.typing(),
            Screen::Profile(form) => form.typing(),
            Screen::MedicalForm(form) => form.typing(),
            _ => false,
        }
    }

    /// The keys of the current screen, in the order the key bar shows them.
    pub fn bindings(&self) -> Vec<Binding> {
        if self.help_open {
            return vec![
                Binding::new(keys::BACK, T::HelpClose),
                Binding::help_only(keys::HELP, T::HelpClose),
                Binding::new(keys::QUIT, T::KeyQuit),
            ];
        }
        self.screen_bindings()
    }

    /// The current screen's keys, whether or not the help overlay covers it.
    pub fn screen_bindings(&self) -> Vec<Binding> {
        let typing = self.typing();
        let mut bindings = match &self.screen {
            Screen::Starting => Vec::new(),
            Screen::Login(form) => form.bindings(),
            Screen::SignUp(form) => form.bindings(),
            Screen::VerifyEmail(form) => form.bindings(),
            Screen::AccountCreated(_) | Screen::PasswordChanged(_) => {
                crate::screens::done::bindings()
            }
            Screen::ForgotPassword(form) => form.bindings(),
            Screen::Dashboard(view) => view.bindings(),
            Screen::Children(list) => list.bindings(),
            Screen::ChildSheet(view) => view.bindings(),
            Screen::ChildForm(form) => form.bindings(),
            Screen::Renewal(renewal) => renewal.bindings(),
            Screen::LinkRequest(form) => form.bindings(),
            Screen::Profile(form) => form.bindings(),
            Screen::NewsReader(reader) => reader.bindings(),
            Screen::Camps(view) => view.bindings(),
            Screen::Medical(view) => view.bindings(),
            Screen::MedicalForm(form) => form.bindings(),
            Screen::Documents(view) => view.bindings(),
            Screen::Payments(view) => view.bindings(),
            Screen::PaymentDetail(view) => view.bindings(),
            Screen::Unreachable(_) => crate::screens::unreachable::bindings(),
        };
        if typing {
            bindings.push(Binding::new(keys::HELP_WHILE_TYPING, T::KeyHelp));
        } else {
            bindings.push(Binding::new(keys::HELP, T::KeyHelp));
            bindings.push(Binding::new(keys::QUIT, T::KeyQuit));
        }
        bindings.push(Binding::help_only(keys::FORCE_QUIT, T::KeyQuitAlways));
        bindings
    }

    pub fn update(&mut self, event: Event) -> Option<Command> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.on_key(&key),
            _ => None,
        }
    }

    fn on_key(&mut self, key: &KeyEvent) -> Option<Command> {
        // Checked before any screen, so that no screen, overlay or field can swallow it.
        if keys::FORCE_QUIT.action_for(key).is_some() {
            return Some(Command::Quit);
        }
        let Some(action) = keys::action_for(&self.bindings(), key) else {
            if !self.help_open {
                self.type_key(key);
            }
            return None;
        };
        match action {
            Action::Quit => Some(Command::Quit),
            Action::Help | Action::Back if self.help_open => {
                self.help_open = false;
                None
            }
            Action::Help => {
                self.help_open = true;
                None
            }
            action => {
                let step = self.perform(action);
                self.follow(step)
            }
        }
    }

    fn perform(&mut self, action: Action) -> Step {
        let lang = self.lang;
        match &mut self.screen {
            Screen::Starting => Step::Stay,
            Screen::Login(form) => form.perform(action, lang),
            Screen::SignUp(form) => form.perform(action, lang),
            Screen::VerifyEmail(form) => form.perform(action, lang),
            Screen::AccountCreated(done) => done.perform(action),
            Screen::ForgotPassword(form) => form.perform(action, lang),
            Screen::PasswordChanged(done) => done.perform(action),
            Screen::Dashboard(view) => view.perform(action),
            Screen::Children(list) => list.perform(action),
            Screen::ChildSheet(view) => view.perform(action),
            Screen::ChildForm(form) => form.perform(action, lang),
            Screen::Renewal(renewal) => renewal.perform(action),
            Screen::LinkRequest(form) => form.perform(action, lang),
            Screen::Profile(form) => form.perform(action, lang),
            Screen::NewsReader(reader) => reader.perform(action),
            Screen::Camps(view) => view.perform(action),
            Screen::Medical(view) => view.perform(action),
            Screen::MedicalForm(form) => form.perform(action, lang),
            Screen::Documents(view) => view.perform(action),
            Screen::Payments(view) => view.perform(action),
            Screen::PaymentDetail(view) => view.perform(action),
            Screen::Unreachable(unreachable) => unreachable.perform(action),
        }
    }

    fn type_key(&mut self, key: &KeyEvent) {
        match &mut self.screen {
            Screen::Login(form) => form.type_key(key),
            Screen::SignUp(form) => form.type_key(key),
            Screen::VerifyEmail(form) => form.type_key(key),
            Screen::ForgotPassword(form) => form.type_key(key),
            Screen::ChildForm(form) => form.type_key(key),
            Screen::LinkRequest(form) => form.type_key(key),
            Screen::Profile(form) => form.type_key(key),
            Screen::MedicalForm(form) => form.type_key(key),
            _ => {}
        }
    }

    fn follow(&mut self, step: Step) -> Option<Command> {
        match step {
            Step::Stay => None,
            Step::Go(screen) => {
                self.screen = *screen;
                None
            }
            // One request at a time: a second Enter while the first is on its way does nothing.
            Step::Run(_) | Step::Open(..) if self.busy() => None,
            Step::Run(command) => Some(self.run(command)),
            Step::Open(screen, command) => {
                self.screen = *screen;
                Some(self.run(command))
            }
        }
    }

    fn run(&mut self, command: Command) -> Command {
        self.in_flight = Some(command.clone());
        command
    }

    /// Takes the answer to the request in flight; may ask for the next one.
    pub fn on_result(&mut self, outcome: Outcome) -> Option<Command> {
        // A download's progress comes while its request runs: it is not the answer.
        if let Outcome::DownloadProgress {
            id,
            received,
            total,
        } = outcome
        {
            if let Screen::Documents(view) = &mut self.screen {
                view.progress(id, received, total);
            }
            return None;
        }
        // An answer nobody waits for (there is none in the normal flow) changes nothing.
        let command = self.in_flight.take()?;
        let lang = self.lang;
        let logging_out = matches!(outcome, Outcome::LoggedOut(_));
        if !logging_out && let Some(Error::Unreachable { url, .. }) = outcome.error() {
            let mut previous = match std::mem::replace(&mut self.screen, Screen::Starting) {
                Screen::Unreachable(unreachable) => unreachable.previous,
                other => Box::new(other),
            };
            // The download stopped with the connection: its progress line goes.
            if let Screen::Documents(view) = &mut *previous {
                view.download = None;
            }
            self.screen = Screen::Unreachable(Unreachable {
                url: url.clone(),
                retry: command,
                previous,
            });
            return None;
        }
        if let Screen::Unreachable(unreachable) = &mut self.screen {
            self.screen = unreachable.take_previous();
        }
        if outcome.session_lost() {
            self.screen = Screen::Login(LoginForm::with_banner(Banner::Info(
                T::SessionExpired.get(lang).to_owned(),
            )));
            return None;
        }
        match outcome {
            Outcome::LoggedIn(Ok(_)) => Some(self.run(Command::LoadDashboard)),
            Outcome::LoggedIn(Err(error)) => {
                let Screen::Login(form) = &mut self.screen else {
                    return None;
                };
                // A request whose address is not confirmed yet: on to the code, with a new one.
                if error.code() == Some("email_unconfirmed") {
                    let email = form.email.value().trim().to_owned();
                    self.screen = Screen::VerifyEmail(VerifyEmail::new(&email));
                    return Some(self.run(Command::ResendVerification { email }));
                }
                form.show_error(&error, lang);
                None
            }
            Outcome::SignedUp(Ok(_)) => {
                if let Screen::SignUp(form) = &self.screen {
                    self.screen = Screen::VerifyEmail(VerifyEmail::new(form.email.value().trim()));
                }
                None
            }
            Outcome::EmailVerified(result) => {
                if let Screen::VerifyEmail(form) = &mut self.screen {
                    match result {
                        Ok(()) => {
                            self.screen = Screen::AccountCreated(AccountCreated {
                                email: form.email.clone(),
                            });
                        }
                        Err(error) => form.show_error(&error, lang),
                    }
                }
                None
            }
            Outcome::VerificationResent(result) => {
                if let Screen::VerifyEmail(form) = &mut self.screen {
                    match result {
                        Ok(notice) => form.code_resent(notice.message),
                        Err(error) => form.show_error(&error, lang),
                    }
                }
                None
            }
            Outcome::SignedUp(Err(error)) => {
                if let Screen::SignUp(form) = &mut self.screen {
                    form.show_error(&error, lang);
                }
                None
            }
            Outcome::ResetRequested(result) => {
                if let Screen::ForgotPassword(form) = &mut self.screen {
                    match result {
                        Ok(notice) => form.code_sent(notice.message),
                        Err(error) => form.show_error(&error, lang),
                    }
                }
                None
            }
            Outcome::ResetConfirmed(result) => {
                if let Screen::ForgotPassword(form) = &mut self.screen {
                    match result {
                        // The screen says it in the person's language; the server's
                        // sentence would only repeat it.
                        Ok(_) => {
                            self.screen = Screen::PasswordChanged(PasswordChanged {
                                email: form.email().to_owned(),
                            });
                        }
                        Err(error) => form.show_error(&error, lang),
                    }
                }
                None
            }
            Outcome::Dashboard(Ok(dashboard)) => {
                match &mut self.screen {
                    Screen::Dashboard(view) => view.refreshed(dashboard),
                    _ => self.screen = Screen::Dashboard(DashboardView::new(dashboard)),
                }
                // The help tab shown without its text: it is read now.
                let needs_help =
                    matches!(&self.screen, Screen::Dashboard(view) if view.needs_help());
                needs_help.then(|| self.run(Command::LoadHelp))
            }
            Outcome::Dashboard(Err(error)) => {
                let banner = Banner::Error(error.message(lang));
                match &mut self.screen {
                    Screen::Dashboard(view) => view.banner = Some(banner),
                    Screen::Login(form) => form.banner = Some(banner),
                    _ => self.screen = Screen::Login(LoginForm::with_banner(banner)),
                }
                None
            }
            Outcome::Children(result) => {
                match (&mut self.screen, result) {
                    (Screen::Children(list), Ok(page)) => list.loaded(page),
                    (Screen::Children(list), Err(error)) => {
                        list.banner = Some(Banner::Error(error.message(lang)));
                    }
                    // "Camps & hikes" starts from the children: the only one, or the one asked
                    // for, is opened straight away.
                    (Screen::Camps(view), Ok(page)) => {
                        let next = view.children_loaded(page);
                        return next.map(|command| self.run(command));
                    }
                    (Screen::Camps(view), Err(error)) => {
                        view.banner = Some(Banner::Error(error.message(lang)));
                    }
                    _ => {}
                }
                None
            }
            Outcome::Child(result) => {
                match &mut self.screen {
                    Screen::ChildSheet(view) => match result {
                        Ok(sheet) => view.loaded(sheet),
                        Err(error) => view.banner = Some(Banner::Error(error.message(lang))),
                    },
                    Screen::Renewal(renewal) => match result {
                        Ok(sheet) => renewal.loaded(&sheet),
                        Err(error) => renewal.refused(error.message(lang)),
                    },
                    Screen::ChildForm(form) => match result {
                        Ok(sheet) => form.reloaded(sheet),
                        Err(error) => form.banner = Some(Banner::Error(error.message(lang))),
                    },
                    _ => {}
                }
                None
            }
            Outcome::ChildSaved(result) => {
                match (&mut self.screen, result) {
                    (Screen::ChildForm(form), Ok(sheet)) => {
                        self.screen = Screen::ChildSheet(form.saved(sheet, lang));
                    }
                    (Screen::ChildForm(form), Err(error)) => form.show_error(&error, lang),
                    // The form was left while its save was on its way: the sheet shows what
                    // was saved all the same.
                    (Screen::ChildSheet(view), Ok(sheet)) if view.id == sheet.id => {
                        view.loaded(sheet);
                    }
                    _ => {}
                }
                None
            }
            Outcome::Renewed(result) => {
                if let Screen::Renewal(renewal) = &mut self.screen {
                    match result {
                        Ok(affiliation) => renewal.done(affiliation),
                        Err(error) => renewal.refused(error.message(lang)),
                    }
                }
                None
            }
            Outcome::LinkRequested(result) => {
                if let Screen::LinkRequest(form) = &mut self.screen {
                    match result {
                        Ok(_) => form.sent = true,
                        Err(error) => form.show_error(&error, lang),
                    }
                }
                None
            }
            Outcome::Profile(result) => {
                if let Screen::Profile(form) = &mut self.screen {
                    match result {
                        Ok(account) => form.loaded(account),
                        Err(error) => form.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::ProfileSaved(result) => {
                if let Screen::Profile(form) = &mut self.screen {
                    match result {
                        Ok(account) => form.saved(account, lang),
                        Err(error) => form.show_details_error(&error, lang),
                    }
                }
                None
            }
            Outcome::EmailChangeConfirmed(result) => {
                if let Screen::Profile(form) = &mut self.screen {
                    match result {
                        Ok(account) => form.email_confirmed(account, lang),
                        Err(error) => form.show_code_error(&error, lang),
                    }
                }
                None
            }
            Outcome::PasswordChanged(result) => {
                if let Screen::Profile(form) = &mut self.screen {
                    match result {
                        Ok(()) => form.password_changed(lang),
                        Err(error) => form.show_password_error(&error, lang),
                    }
                }
                None
            }
            Outcome::Help(result) => {
                if let Screen::Dashboard(view) = &mut self.screen {
                    view.help_loaded(result.map_err(|error| error.message(lang)));
                }
                None
            }
            Outcome::NewsItem(result) => {
                if let Screen::NewsReader(reader) = &mut self.screen {
                    match result {
                        Ok(item) => reader.loaded(item),
                        Err(error) => reader.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::ChildActivities(result) => {
                if let Screen::Camps(view) = &mut self.screen {
                    match result {
                        Ok(activities) => view.activities_loaded(activities),
                        Err(error) => view.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::Registered(result) | Outcome::RegistrationCancelled(result) => {
                let Screen::Camps(view) = &mut self.screen else {
                    return None;
                };
                let next = match result {
                    Ok(registration) if registration.status == RegistrationStatus::Cancelled => {
                        view.cancelled(&registration, lang)
                    }
                    Ok(registration) => view.registered(&registration, lang),
                    Err(error) => {
                        view.refused(error.message(lang));
                        None
                    }
                };
                next.map(|command| self.run(command))
            }
            Outcome::Medical(result) => {
                match (&mut self.screen, result) {
                    (Screen::Medical(view), Ok(sheet)) => view.loaded(sheet),
                    (Screen::Medical(view), Err(error)) => {
                        view.banner = Some(Banner::Error(error.message(lang)));
                    }
                    (Screen::MedicalForm(form), Ok(sheet)) => form.reloaded(sheet),
                    (Screen::MedicalForm(form), Err(error)) => {
                        form.banner = Some(Banner::Error(error.message(lang)));
                    }
                    _ => {}
                }
                None
            }
            Outcome::MedicalSaved(result) => {
                match (&mut self.screen, result) {
                    (Screen::MedicalForm(form), Ok(sheet)) => {
                        self.screen = Screen::Medical(form.saved(sheet, lang));
                    }
                    (Screen::MedicalForm(form), Err(error)) => form.show_error(&error, lang),
                    // The form was left while its save was on its way: the sheet shows what
                    // was saved all the same.
                    (Screen::Medical(view), Ok(sheet)) if view.child_id == sheet.child_id => {
                        view.loaded(sheet);
                    }
                    _ => {}
                }
                None
            }
            Outcome::MedicalConfirmed(result) => {
                if let Screen::Medical(view) = &mut self.screen {
                    match result {
                        Ok(sheet) => view.confirmed(sheet, lang),
                        Err(error) => view.refused(error.message(lang)),
                    }
                }
                None
            }
            Outcome::Documents(result) => {
                if let Screen::Documents(view) = &mut self.screen {
                    match result {
                        Ok(documents) => view.loaded(documents),
                        Err(error) => view.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::Dues(result) => {
                if let Screen::Payments(view) = &mut self.screen {
                    match result {
                        Ok(dues) => view.loaded(dues),
                        Err(error) => view.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::Due(result) => {
                if let Screen::PaymentDetail(view) = &mut self.screen {
                    match result {
                        Ok(detail) => view.loaded(detail),
                        Err(error) => view.banner = Some(Banner::Error(error.message(lang))),
                    }
                }
                None
            }
            Outcome::Downloaded(result) => {
                if let Screen::Documents(view) = &mut self.screen {
                    view.downloaded(result, lang);
                }
                None
            }
            // Handled before anything else, above.
            Outcome::DownloadProgress { .. } => None,
            Outcome::LoggedOut(_) => {
                // The token is forgotten on this machine whatever the server said: the person
                // asked to leave, and nothing is left here to resume the session with.
                self.screen = Screen::Login(LoginForm::with_banner(Banner::Info(
                    T::LoggedOut.get(lang).to_owned(),
                )));
                None
            }
        }
    }
}
