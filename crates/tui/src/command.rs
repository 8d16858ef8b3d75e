//! What the app asks the outside world to do, and what comes back. The app never waits: it returns
//! a [`Command`], the main loop runs it with the HTTP client, and hands the [`Outcome`] back.

use tempatro_client::Error;
use tempatro_core::api::{AccountView, Dashboard, Notice, SessionCreated};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LogIn {
        email: String,
        password: String,
    },
    SignUp {
        first_name: String,
        last_name: String,
        email: String,
        password: String,
    },
    RequestPasswordReset {
        email: String,
    },
    ConfirmPasswordReset {
        email: String,
        code: String,
        new_password: String,
    },
    LoadDashboard,
    LogOut,
    Quit,
}

#[derive(Debug)]
pub enum Outcome {
    LoggedIn(Result<SessionCreated, Error>),
    SignedUp(Result<AccountView, Error>),
    ResetRequested(Result<Notice, Error>),
    ResetConfirmed(Result<Notice, Error>),
    Dashboard(Result<Dashboard, Error>),
    LoggedOut(Result<(), Error>),
}

impl Outcome {
    pub fn error(&self) -> Option<&Error> {
        match self {
            Outcome::LoggedIn(result) => result.as_ref().err(),
            Outcome::SignedUp(result) => result.as_ref().err(),
            Outcome::ResetRequested(result) => result.as_ref().err(),
            Outcome::ResetConfirmed(result) => result.as_ref().err(),
            Outcome::Dashboard(result) => result.as_ref().err(),
            Outcome::LoggedOut(result) => result.as_ref().err(),
        }
    }
}
