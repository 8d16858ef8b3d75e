//! What the app asks the outside world to do, and what comes back. The app never waits: it returns
//! a [`Command`], the main loop runs it with the HTTP client, and hands the [`Outcome`] back.

use tempatro_client::Error;
use tempatro_core::api::{
    AccountView, AffiliationView, ChildPatch, ChildSheet, ChildSummary, Dashboard, LinkRequestView,
    Notice, SessionCreated,
};

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
    /// "Gérer mes enfants": the parent's children and their pending link requests.
    LoadChildren,
    LoadChild(i64),
    SaveChild {
        id: i64,
        patch: Box<ChildPatch>,
    },
    Renew(i64),
    /// "Mon enfant n'apparaît pas".
    RequestLink {
        first_name: String,
        last_name: String,
        birth_date: String,
        message: String,
    },
    LoadProfile,
    /// "Gérer mes infos": only the fields given change; `phone: Some(None)` clears the phone.
    SaveProfile {
        first_name: Option<String>,
        last_name: Option<String>,
        phone: Option<Option<String>>,
        email: Option<String>,
        current_password: Option<String>,
    },
    ChangePassword {
        current: String,
        new: String,
    },
    LogOut,
    Quit,
}

/// What "Gérer mes enfants" shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildrenPage {
    pub children: Vec<ChildSummary>,
    /// The parent's link requests the Patro has not handled yet.
    pub pending_requests: Vec<LinkRequestView>,
}

#[derive(Debug)]
pub enum Outcome {
    LoggedIn(Result<SessionCreated, Error>),
    SignedUp(Result<AccountView, Error>),
    ResetRequested(Result<Notice, Error>),
    ResetConfirmed(Result<Notice, Error>),
    Dashboard(Result<Dashboard, Error>),
    Children(Result<ChildrenPage, Error>),
    Child(Result<ChildSheet, Error>),
    ChildSaved(Result<ChildSheet, Error>),
    Renewed(Result<AffiliationView, Error>),
    LinkRequested(Result<LinkRequestView, Error>),
    Profile(Result<AccountView, Error>),
    ProfileSaved(Result<AccountView, Error>),
    PasswordChanged(Result<(), Error>),
    LoggedOut(Result<(), Error>),
}

impl Outcome {
    /// Whether the server no longer knows the session: any request but a log-in answered 401.
    pub fn session_lost(&self) -> bool {
        !matches!(self, Outcome::LoggedIn(_) | Outcome::LoggedOut(_))
            && self.error().and_then(Error::status) == Some(401)
    }

    pub fn error(&self) -> Option<&Error> {
        match self {
            Outcome::LoggedIn(result) => result.as_ref().err(),
            Outcome::SignedUp(result) => result.as_ref().err(),
            Outcome::ResetRequested(result) => result.as_ref().err(),
            Outcome::ResetConfirmed(result) => result.as_ref().err(),
            Outcome::Dashboard(result) => result.as_ref().err(),
            Outcome::Children(result) => result.as_ref().err(),
            Outcome::Child(result) => result.as_ref().err(),
            Outcome::ChildSaved(result) => result.as_ref().err(),
            Outcome::Renewed(result) => result.as_ref().err(),
            Outcome::LinkRequested(result) => result.as_ref().err(),
            Outcome::Profile(result) => result.as_ref().err(),
            Outcome::ProfileSaved(result) => result.as_ref().err(),
            Outcome::PasswordChanged(result) => result.as_ref().err(),
            Outcome::LoggedOut(result) => result.as_ref().err(),
        }
    }
}
