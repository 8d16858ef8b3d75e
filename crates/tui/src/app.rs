//! The whole state of the app and the only two ways it changes: a key press ([`App::update`]) and
//! the answer to a request ([`App::on_result`]). Both are synchronous and pure: whatever needs the
//! network or the disk leaves as a [`Command`] for the main loop.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tempatro_client::Error;
use tempatro_core::Lang;

use crate::command::{Command, Outcome};
use crate::form::Banner;
use crate::keys::{self, Action, Binding};
use crate::screens::Step;
use crate::screens::dashboard::DashboardView;
use crate::screens::done::{AccountCreated, PasswordChanged};
use crate::screens::forgot_password::ForgotPassword;
use crate::screens::login::LoginForm;
use crate::screens::sign_up::SignUpForm;
use crate::screens::unreachable::Unreachable;
use crate::texts::T;

#[derive(Debug)]
pub enum Screen {
    /// A saved session is being checked before anything else is shown.
    Starting,
    Login(LoginForm),
    SignUp(SignUpForm),
    AccountCreated(AccountCreated),
    ForgotPassword(ForgotPassword),
    PasswordChanged(PasswordChanged),
    Dashboard(DashboardView),
    Unreachable(Unreachable),
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
            Screen::ForgotPassword(form) => form.typing(),
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
            Screen::AccountCreated(_) | Screen::PasswordChanged(_) => {
                crate::screens::done::bindings()
            }
            Screen::ForgotPassword(form) => form.bindings(),
            Screen::Dashboard(view) => view.bindings(),
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
            Screen::AccountCreated(done) => done.perform(action),
            Screen::ForgotPassword(form) => form.perform(action, lang),
            Screen::PasswordChanged(done) => done.perform(action),
            Screen::Dashboard(view) => view.perform(action, lang),
            Screen::Unreachable(unreachable) => unreachable.perform(action),
        }
    }

    fn type_key(&mut self, key: &KeyEvent) {
        match &mut self.screen {
            Screen::Login(form) => form.type_key(key),
            Screen::SignUp(form) => form.type_key(key),
            Screen::ForgotPassword(form) => form.type_key(key),
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
            Step::Run(_) if self.busy() => None,
            Step::Run(command) => Some(self.run(command)),
        }
    }

    fn run(&mut self, command: Command) -> Command {
        self.in_flight = Some(command.clone());
        command
    }

    /// Takes the answer to the request in flight; may ask for the next one.
    pub fn on_result(&mut self, outcome: Outcome) -> Option<Command> {
        // An answer nobody waits for (there is none in the normal flow) changes nothing.
        let command = self.in_flight.take()?;
        let lang = self.lang;
        let logging_out = matches!(outcome, Outcome::LoggedOut(_));
        if !logging_out && let Some(Error::Unreachable { url, .. }) = outcome.error() {
            let previous = match std::mem::replace(&mut self.screen, Screen::Starting) {
                Screen::Unreachable(unreachable) => unreachable.previous,
                other => Box::new(other),
            };
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
        match outcome {
            Outcome::LoggedIn(Ok(_)) => Some(self.run(Command::LoadDashboard)),
            Outcome::LoggedIn(Err(error)) => {
                if let Screen::Login(form) = &mut self.screen {
                    form.show_error(&error, lang);
                }
                None
            }
            Outcome::SignedUp(Ok(account)) => {
                self.screen = Screen::AccountCreated(AccountCreated {
                    email: account.email,
                });
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
                None
            }
            Outcome::Dashboard(Err(error)) => {
                if error.status() == Some(401) {
                    self.screen = Screen::Login(LoginForm::with_banner(Banner::Info(
                        T::SessionExpired.get(lang).to_owned(),
                    )));
                    return None;
                }
                let banner = Banner::Error(error.message(lang));
                match &mut self.screen {
                    Screen::Dashboard(view) => view.banner = Some(banner),
                    Screen::Login(form) => form.banner = Some(banner),
                    _ => self.screen = Screen::Login(LoginForm::with_banner(banner)),
                }
                None
            }
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
