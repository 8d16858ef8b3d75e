//! What the app asks the outside world to do, and what comes back. The app never waits: it returns
//! a [`Command`], the main loop runs it with the HTTP client, and hands the [`Outcome`] back.

use std::path::PathBuf;

use tempatro_client::Error;
use tempatro_core::api::{
    AccountView, AffiliationView, ChildActivity, ChildPatch, ChildSheet, ChildSummary, Dashboard,
    DocumentView, DueDetail, DueView, HelpPage, LinkRequestView, MedicalSheetView, NewsView,
    Notice, RegistrationView, SessionCreated,
};

use crate::screens::medical_form::Draft;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LogIn {
        email: String,
        password: String,
        /// The second factor, for an account that has one (a staff member who is also a parent):
        /// the app's six digits, or a recovery code.
        code: Option<String>,
    },
    SignUp {
        first_name: String,
        last_name: String,
        email: String,
        password: String,
    },
    /// "Entrez le code reçu par e-mail".
    VerifyEmail {
        email: String,
        code: String,
    },
    /// "Renvoyer le code".
    ResendVerification {
        email: String,
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
    /// The code sent to the new address of "Gérer mes infos".
    ConfirmEmailChange {
        code: String,
    },
    ChangePassword {
        current: String,
        new: String,
    },
    /// "Utiliser Tempatro", in the app's language.
    LoadHelp,
    /// Opens a news item, which the server then counts as read.
    ReadNews(i64),
    /// "Camps & hikes" of a child: its section's coming activities and where it stands.
    LoadChildActivities(i64),
    Register {
        activity: i64,
        child: i64,
    },
    CancelRegistration {
        activity: i64,
        child: i64,
    },
    /// The child's "fiche santé".
    LoadMedical(i64),
    SaveMedical {
        child: i64,
        draft: Box<Draft>,
    },
    /// "Les informations sont à jour" for one activity.
    ConfirmMedical {
        child: i64,
        activity: i64,
    },
    LoadDocuments,
    /// "Mes paiements": the dues of the parent's children.
    LoadDues,
    /// One due with how to pay it: the Patro's account and the EPC QR code's text.
    LoadDue(i64),
    /// Downloads a document into the downloads folder, under its own name.
    Download {
        id: i64,
        filename: String,
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
    SignedUp(Result<Notice, Error>),
    EmailVerified(Result<(), Error>),
    EmailChangeConfirmed(Result<AccountView, Error>),
    VerificationResent(Result<Notice, Error>),
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
    Help(Result<HelpPage, Error>),
    NewsItem(Result<NewsView, Error>),
    ChildActivities(Result<Vec<ChildActivity>, Error>),
    Registered(Result<RegistrationView, Error>),
    RegistrationCancelled(Result<RegistrationView, Error>),
    Medical(Result<MedicalSheetView, Error>),
    MedicalSaved(Result<MedicalSheetView, Error>),
    MedicalConfirmed(Result<MedicalSheetView, Error>),
    Documents(Result<Vec<DocumentView>, Error>),
    Dues(Result<Vec<DueView>, Error>),
    Due(Result<DueDetail, Error>),
    /// Bytes of a download received so far: news while the request runs, not its answer.
    DownloadProgress {
        id: i64,
        received: u64,
        total: Option<u64>,
    },
    /// Where the document was saved.
    Downloaded(Result<PathBuf, DownloadError>),
    LoggedOut(Result<(), Error>),
}

/// Why a download ended without a file: the server's answer, or the disk.
#[derive(Debug)]
pub enum DownloadError {
    Server(Error),
    /// The file could not be written (folder read-only, disk full…).
    Disk {
        dir: PathBuf,
        detail: String,
    },
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
            Outcome::EmailVerified(result) => result.as_ref().err(),
            Outcome::EmailChangeConfirmed(result) => result.as_ref().err(),
            Outcome::VerificationResent(result) => result.as_ref().err(),
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
            Outcome::Help(result) => result.as_ref().err(),
            Outcome::NewsItem(result) => result.as_ref().err(),
            Outcome::ChildActivities(result) => result.as_ref().err(),
            Outcome::Registered(result) => result.as_ref().err(),
            Outcome::RegistrationCancelled(result) => result.as_ref().err(),
            Outcome::Medical(result) => result.as_ref().err(),
            Outcome::MedicalSaved(result) => result.as_ref().err(),
            Outcome::MedicalConfirmed(result) => result.as_ref().err(),
            Outcome::Documents(result) => result.as_ref().err(),
            Outcome::Dues(result) => result.as_ref().err(),
            Outcome::Due(result) => result.as_ref().err(),
            Outcome::DownloadProgress { .. } => None,
            Outcome::Downloaded(Err(DownloadError::Server(error))) => Some(error),
            Outcome::Downloaded(_) => None,
            Outcome::LoggedOut(result) => result.as_ref().err(),
        }
    }
}
