//! The server's one error type, and how each case answers over HTTP: a status and a JSON body
//! `{code, message, field}` whose message is in the caller's language.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use sqlx::postgres::PgDatabaseError;
use sqlx::sqlite::SqliteError;
use tower_http::timeout::TimeoutError;

use tempatro_core::account::LoginRefusal;
use tempatro_core::api::ApiError;
use tempatro_core::{Field, Lang};

use crate::store::StoreError;

tokio::task_local! {
    /// The language of the request being answered, set by the `lang` middleware, so that an error
    /// turned into a response deep in a handler still speaks the caller's language.
    pub static REQUEST_LANG: Lang;
}

pub fn request_lang() -> Lang {
    REQUEST_LANG.try_with(|lang| *lang).unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not parse into a domain value: 422 naming the field.
    #[error(transparent)]
    Invalid(#[from] tempatro_core::Error),
    /// A body or query that is not even the right shape: 400.
    #[error("malformed request: {0:?}")]
    Malformed(Malformed),
    #[error("no valid session")]
    Unauthenticated,
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    #[error("login refused: {0:?}")]
    LoginRefused(LoginRefusal),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("duplicate e-mail")]
    DuplicateEmail,
    /// A state change that the rules refuse, or that a concurrent change made impossible.
    #[error("conflict: {0}")]
    Conflict(tempatro_core::Error),
    #[error("concurrent update")]
    ConcurrentUpdate,
    /// A sheet saved over a newer version.
    #[error("stale version")]
    StaleVersion,
    /// A domain rule that reserves something to the Patro (a parent renaming a child).
    #[error("reserved: {0}")]
    Reserved(tempatro_core::Error),
    #[error("cycle {0} not open")]
    CycleNotOpen(tempatro_core::Cycle),
    #[error("unknown section {0:?}")]
    UnknownSection(String),
    #[error("no account with e-mail {0:?}")]
    UnknownAccount(String),
    #[error("section name taken")]
    SectionNameTaken,
    #[error("no affiliation for {0}")]
    NoAffiliation(tempatro_core::Cycle),
    #[error("already decided")]
    AlreadyDecided,
    #[error("wrong current password")]
    WrongCurrentPassword,
    #[error("own role")]
    OwnRole,
    #[error("token name taken")]
    TokenNameTaken,
    /// A rule that closes something to the caller for now, with the rule's own explanation (a
    /// medical sheet outside its window).
    #[error("refused ({code}): {error}")]
    Refused {
        code: &'static str,
        error: tempatro_core::Error,
    },
    #[error("file too large")]
    FileTooLarge { max_mib: u64 },
    /// Another import holds the lock: a nightly job retries later.
    #[error("another import is running")]
    ImportRunning,
    /// Too many wrong passwords for an address from this source, or from this source at all.
    #[error("too many failed logins")]
    TooManyAttempts { retry_after: u64 },
    /// A right password for an account with a second factor, and no code with it.
    #[error("second factor required")]
    TotpRequired,
    /// A login whose second factor code is wrong, already used, or a spent recovery code.
    #[error("wrong second factor code")]
    TotpInvalid,
    /// A wrong code from someone already logged in (confirming or removing a second factor):
    /// their session is fine, so not a 401.
    #[error("wrong code")]
    WrongCode,
    /// A responsable past the grace period without a second factor.
    #[error("second factor overdue")]
    SecondFactorOverdue,
    #[error("second factor already active")]
    SecondFactorActive,
    #[error("no enrolment waiting")]
    NoEnrolment,
    #[error("no second factor")]
    NoSecondFactor,
    /// Disabling or demoting the last active responsable.
    #[error("last responsable")]
    LastResponsable,
    /// Sections given to someone made a parent.
    #[error("sections for a parent")]
    SectionsForParent,
    /// A limit of `http::limits` (sign-ups, reset or verification codes, link requests).
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// An API token past its expiry.
    #[error("API token expired")]
    TokenExpired,
    #[error("invalid or expired reset code")]
    InvalidResetCode,
    #[error("invalid or expired verification code")]
    InvalidVerificationCode,
    /// Approving, or linking by import, an account whose owner has not proven the address.
    #[error("e-mail address not verified")]
    EmailNotVerified,
    /// The request's body stopped coming, or took longer than its deadline.
    #[error("request timed out")]
    RequestTimeout,
    /// The database gave up waiting for a lock or a connection: the same request a little later
    /// should go through.
    #[error("database busy: {0}")]
    ServerBusy(sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Seconds a client is told to wait before sending again a request the database was too busy for:
/// long enough for the usual holder (a Patro's nightly file, a bank statement) to be done, short
/// enough for a person to wait.
const RETRY_AFTER_SECONDS: u32 = 5;

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::DuplicateEmail => Error::DuplicateEmail,
            StoreError::Conflict => Error::ConcurrentUpdate,
            StoreError::Busy => Error::ImportRunning,
            StoreError::LastResponsable => Error::LastResponsable,
            StoreError::Database(error) if database_busy(&error) => Error::ServerBusy(error),
            other => Error::Internal(other.into()),
        }
    }
}

/// Whether the database refused for now rather than for good: it gave up waiting for a lock
/// another writer held, or for a free connection.
fn database_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(error) => {
            let Some(code) = error.code() else {
                return false;
            };
            if error.try_downcast_ref::<SqliteError>().is_some() {
                sqlite_busy(&code)
            } else if error.try_downcast_ref::<PgDatabaseError>().is_some() {
                postgres_busy(&code)
            } else {
                false
            }
        }
        _ => false,
    }
}

/// `SQLITE_BUSY` (another connection holds the lock) and `SQLITE_LOCKED` (a table locked by another
/// statement or a connection sharing the cache), whatever their extended code: the primary code
/// is its low byte.
fn sqlite_busy(extended_code: &str) -> bool {
    const SQLITE_BUSY: i32 = 5;
    const SQLITE_LOCKED: i32 = 6;
    extended_code
        .parse::<i32>()
        .is_ok_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
}

/// `lock_not_available` (a `lock_timeout` ran out), `deadlock_detected` and
/// `serialization_failure`: each says that the same transaction, started again, may succeed.
fn postgres_busy(sqlstate: &str) -> bool {
    matches!(sqlstate, "55P03" | "40P01" | "40001")
}

/// Whether a body failed because it stopped coming (the idle timeout of the router's layer).
pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |error| error.source())
        .any(|error| error.is::<TimeoutError>())
}

/// What is wrong with a request that did not reach the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    NotJson,
    MissingField(String),
    UnknownValue {
        field: Option<String>,
        value: String,
    },
    WrongType {
        field: Option<String>,
    },
    UnknownStatus(String),
    /// A body that ended before its end: the connection closed, or its chunks did not parse.
    IncompleteBody,
    Other,
}

impl Malformed {
    /// Reads serde's description of a body that is JSON but not of the expected shape, which
    /// axum passes on as text (`portal: unknown variant `admin`, expected …`).
    fn from_serde_text(text: &str) -> Malformed {
        let detail = text
            .split_once("target type: ")
            .map_or(text, |(_, rest)| rest);
        let quoted = |after: &str| -> Option<String> {
            let start = detail.find(after)? + after.len();
            let rest = &detail[start..];
            rest.find('`').map(|end| rest[..end].to_owned())
        };
        let path = detail
            .split_once(": ")
            .map(|(path, _)| path)
            .filter(|path| !path.contains(' ') && !path.is_empty())
            .map(str::to_owned);
        if let Some(field) = quoted("missing field `") {
            Malformed::MissingField(field)
        } else if let Some(value) = quoted("unknown variant `") {
            Malformed::UnknownValue { field: path, value }
        } else if detail.contains("invalid type") {
            Malformed::WrongType { field: path }
        } else {
            Malformed::Other
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Malformed::MissingField(field) => Some(field),
            Malformed::UnknownValue { field, .. } | Malformed::WrongType { field } => {
                field.as_deref()
            }
            Malformed::UnknownStatus(_) => Some("status"),
            Malformed::NotJson | Malformed::IncompleteBody | Malformed::Other => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let detail = match self {
            Malformed::NotJson => lang
                .pick(
                    "le corps de la requête doit être du JSON (Content-Type: application/json)",
                    "the request body must be JSON (Content-Type: application/json)",
                )
                .to_owned(),
            Malformed::MissingField(field) if fr => format!("le champ « {field} » est manquant"),
            Malformed::MissingField(field) => format!("the field “{field}” is missing"),
            Malformed::UnknownValue { field, value } => match (field, fr) {
                (Some(field), true) => {
                    format!("valeur « {value} » inconnue pour le champ « {field} »")
                }
                (None, true) => format!("valeur « {value} » inconnue"),
                (Some(field), false) => format!("unknown value “{value}” for the field “{field}”"),
                (None, false) => format!("unknown value “{value}”"),
            },
            Malformed::WrongType { field } => match (field, fr) {
                (Some(field), true) => format!("type de valeur invalide pour le champ « {field} »"),
                (None, true) => "type de valeur invalide".to_owned(),
                (Some(field), false) => format!("wrong value type for the field “{field}”"),
                (None, false) => "wrong value type".to_owned(),
            },
            Malformed::UnknownStatus(raw) if fr => format!(
                "statut « {raw} » inconnu (attendu : pending, active, rejected ou disabled)"
            ),
            Malformed::UnknownStatus(raw) => {
                format!("unknown status “{raw}” (expected: pending, active, rejected or disabled)")
            }
            Malformed::IncompleteBody => lang
                .pick(
                    "le corps de la requête n'est pas arrivé en entier",
                    "the request body did not arrive whole",
                )
                .to_owned(),
            Malformed::Other => lang.pick("forme inattendue", "unexpected shape").to_owned(),
        };
        format!(
            "{} {detail}",
            lang.pick("Requête mal formée :", "Malformed request:")
        )
    }
}

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        if timed_out(&rejection) {
            return Error::RequestTimeout;
        }
        Error::Malformed(match &rejection {
            JsonRejection::JsonDataError(_) => Malformed::from_serde_text(&rejection.body_text()),
            _ => Malformed::NotJson,
        })
    }
}

impl From<QueryRejection> for Error {
    fn from(rejection: QueryRejection) -> Self {
        Error::Malformed(Malformed::from_serde_text(&rejection.body_text()))
    }
}

impl From<PathRejection> for Error {
    fn from(_: PathRejection) -> Self {
        Error::NotFound
    }
}

impl Error {
    fn status(&self) -> StatusCode {
        match self {
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Malformed(_) | Error::InvalidResetCode | Error::InvalidVerificationCode => {
                StatusCode::BAD_REQUEST
            }
            Error::Unauthenticated
            | Error::InvalidCredentials
            | Error::TotpRequired
            | Error::TotpInvalid
            | Error::TokenExpired => StatusCode::UNAUTHORIZED,
            Error::SecondFactorOverdue => StatusCode::FORBIDDEN,
            Error::WrongCode | Error::SectionsForParent => StatusCode::UNPROCESSABLE_ENTITY,
            Error::SecondFactorActive
            | Error::NoEnrolment
            | Error::NoSecondFactor
            | Error::LastResponsable => StatusCode::CONFLICT,
            Error::LoginRefused(_) | Error::Forbidden => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::DuplicateEmail
            | Error::Conflict(_)
            | Error::ConcurrentUpdate
            | Error::StaleVersion
            | Error::CycleNotOpen(_)
            | Error::SectionNameTaken
            | Error::AlreadyDecided
            | Error::OwnRole
            | Error::TokenNameTaken
            | Error::EmailNotVerified
            | Error::ImportRunning => StatusCode::CONFLICT,
            Error::Reserved(_) | Error::Refused { .. } => StatusCode::FORBIDDEN,
            Error::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnknownSection(_) | Error::UnknownAccount(_) | Error::WrongCurrentPassword => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Error::NoAffiliation(_) => StatusCode::NOT_FOUND,
            Error::TooManyAttempts { .. } | Error::TooManyRequests { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Error::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Error::ServerBusy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self, lang: Lang) -> ApiError {
        let text = |fr: &str, en: &str| lang.pick(fr, en).to_owned();
        let (code, message, field) = match self {
            Error::Invalid(error) => (
                "invalid_input",
                capitalize(&error.message(lang)),
                error.field().map(Field::key),
            ),
            Error::Malformed(malformed) => (
                "malformed_request",
                malformed.message(lang),
                malformed.field(),
            ),
            Error::Unauthenticated => (
                "unauthenticated",
                text(
                    "Votre session a expiré ou n'existe pas : veuillez vous connecter.",
                    "Your session has expired or does not exist: please log in.",
                ),
                None,
            ),
            Error::InvalidCredentials => (
                "invalid_credentials",
                text(
                    "E-mail ou mot de passe incorrect.",
                    "Wrong e-mail or password.",
                ),
                None,
            ),
            Error::LoginRefused(refusal) => {
                (refusal.code(), refusal.message(lang).to_owned(), None)
            }
            Error::Forbidden => (
                "forbidden",
                text(
                    "Vous n'êtes pas autorisé à accéder à cette page",
                    "You are not allowed to access this page",
                ),
                None,
            ),
            Error::NotFound => (
                "not_found",
                text("Cette page n'existe pas.", "This page does not exist."),
                None,
            ),
            Error::DuplicateEmail => (
                "duplicate_email",
                text(
                    "Un compte existe déjà avec cette adresse e-mail. Vous avez oublié votre mot de passe ? Réinitialisez-le depuis la page de connexion.",
                    "An account already exists with this e-mail address. Forgot your password? Reset it from the login page.",
                ),
                Some(Field::Email.key()),
            ),
            Error::Conflict(error) => ("conflict", capitalize(&error.message(lang)), None),
            Error::ImportRunning => (
                "import_running",
                text(
                    "Un autre import est en cours : réessayez quand il sera terminé.",
                    "Another import is running: try again once it has finished.",
                ),
                None,
            ),
            Error::ConcurrentUpdate => (
                "concurrent_update",
                text(
                    "Quelqu'un d'autre vient de modifier ces données : rechargez et réessayez.",
                    "Someone else just changed this data: reload and try again.",
                ),
                None,
            ),
            Error::InvalidResetCode => (
                "invalid_reset_code",
                text(
                    "Code invalide ou expiré. Demandez un nouveau code.",
                    "Invalid or expired code. Ask for a new one.",
                ),
                Some(Field::ResetCode.key()),
            ),
            Error::StaleVersion => (
                "stale_version",
                text(
                    "La fiche a été modifiée entre-temps : rechargez-la avant de sauver",
                    "The sheet was changed meanwhile: reload it before saving",
                ),
                None,
            ),
            Error::Reserved(error) => ("reserved_to_staff", capitalize(&error.message(lang)), None),
            Error::CycleNotOpen(cycle) => (
                "cycle_not_open",
                if lang == Lang::Fr {
                    format!(
                        "Le cycle {cycle} n'est pas encore ouvert : le Patro doit d'abord en fixer les cotisations."
                    )
                } else {
                    format!("The cycle {cycle} is not open yet: the Patro must first set its fees.")
                },
                Some(Field::Cycle.key()),
            ),
            Error::UnknownSection(name) => (
                "unknown_section",
                if lang == Lang::Fr {
                    format!("Section : « {name} » n'existe pas")
                } else {
                    format!("Section: “{name}” does not exist")
                },
                Some(Field::Section.key()),
            ),
            Error::UnknownAccount(email) => (
                "unknown_account",
                if lang == Lang::Fr {
                    format!("E-mail : aucun compte avec l'adresse « {email} »")
                } else {
                    format!("E-mail: no account with the address “{email}”")
                },
                Some(Field::Email.key()),
            ),
            Error::SectionNameTaken => (
                "section_name_taken",
                text(
                    "Une section porte déjà ce nom.",
                    "A section already has this name.",
                ),
                Some("name"),
            ),
            Error::NoAffiliation(cycle) => (
                "no_affiliation",
                if lang == Lang::Fr {
                    format!("Pas d'affiliation pour le cycle {cycle}.")
                } else {
                    format!("No affiliation for the cycle {cycle}.")
                },
                Some(Field::Cycle.key()),
            ),
            Error::AlreadyDecided => (
                "already_decided",
                text(
                    "Cette demande a déjà été traitée.",
                    "This request has already been handled.",
                ),
                None,
            ),
            Error::WrongCurrentPassword => (
                "wrong_current_password",
                text("Mot de passe actuel : incorrect", "Current password: wrong"),
                Some("current_password"),
            ),
            Error::TokenNameTaken => (
                "token_name_taken",
                text(
                    "Un jeton porte déjà ce nom.",
                    "A token already has this name.",
                ),
                Some(Field::Name.key()),
            ),
            Error::InvalidVerificationCode => (
                "invalid_code",
                text(
                    "Code invalide ou expiré. Demandez un nouveau code.",
                    "Invalid or expired code. Ask for a new one.",
                ),
                Some(Field::VerificationCode.key()),
            ),
            Error::EmailNotVerified => (
                "email_not_verified",
                text(
                    "Cette adresse e-mail n'a pas encore été confirmée par son titulaire.",
                    "This e-mail address has not been confirmed by its owner yet.",
                ),
                None,
            ),
            Error::OwnRole => (
                "own_role",
                text(
                    "Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre responsable.",
                    "You cannot change your own role: ask another responsable.",
                ),
                None,
            ),
            Error::Refused { code, error } => (*code, capitalize(&error.message(lang)), None),
            Error::FileTooLarge { max_mib } => (
                "file_too_large",
                if lang == Lang::Fr {
                    format!("Fichier trop lourd : {max_mib} Mio au maximum.")
                } else {
                    format!("File too large: at most {max_mib} MiB.")
                },
                Some(Field::File.key()),
            ),
            Error::TooManyAttempts { retry_after } => (
                "too_many_attempts",
                if lang == Lang::Fr {
                    format!(
                        "Trop de tentatives de connexion. Réessayez dans {}, ou réinitialisez votre mot de passe.",
                        minutes(*retry_after)
                    )
                } else {
                    format!(
                        "Too many login attempts. Try again in {}, or reset your password.",
                        minutes(*retry_after)
                    )
                },
                None,
            ),
            Error::TooManyRequests { retry_after } => (
                "too_many_requests",
                if lang == Lang::Fr {
                    format!(
                        "Trop de demandes en peu de temps. Réessayez dans {}.",
                        minutes(*retry_after)
                    )
                } else {
                    format!(
                        "Too many requests in a short time. Try again in {}.",
                        minutes(*retry_after)
                    )
                },
                None,
            ),
            Error::TokenExpired => (
                "token_expired",
                text(
                    "Ce jeton d'API a expiré : un responsable doit en créer un nouveau (tempatro-admin tokens create).",
                    "This API token has expired: a responsable must create a new one (tempatro-admin tokens create).",
                ),
                None,
            ),
            Error::TotpRequired => (
                "totp_required",
                text(
                    "Entrez le code à six chiffres de l'application, ou un code de secours.",
                    "Enter the six-digit code of the app, or a recovery code.",
                ),
                Some("totp"),
            ),
            Error::TotpInvalid => (
                "totp_invalid",
                text(
                    "Code de double authentification incorrect, déjà utilisé ou expiré.",
                    "Wrong, already used or expired two-factor code.",
                ),
                Some("totp"),
            ),
            Error::WrongCode => (
                "totp_invalid",
                text(
                    "Code : incorrect, déjà utilisé ou expiré. Entrez celui que l'application affiche maintenant.",
                    "Code: wrong, already used or expired. Enter the one the app shows now.",
                ),
                Some("totp"),
            ),
            Error::SecondFactorOverdue => (
                "second_factor_required",
                text(
                    "Les responsables doivent activer la double authentification, et le délai pour le faire est passé : demandez à l'administrateur du serveur de le rouvrir (`tempatro-server staff reset-2fa`).",
                    "Responsables must turn on two-factor authentication, and the time to do so is over: ask the server's administrator to reopen it (`tempatro-server staff reset-2fa`).",
                ),
                None,
            ),
            Error::SecondFactorActive => (
                "second_factor_active",
                text(
                    "La double authentification est déjà activée sur ce compte : désactivez-la d'abord pour changer de téléphone.",
                    "Two-factor authentication is already on for this account: turn it off first to change phones.",
                ),
                None,
            ),
            Error::NoEnrolment => (
                "no_enrolment",
                text(
                    "Aucune activation de la double authentification n'attend de code : recommencez l'activation.",
                    "No two-factor activation is waiting for a code: start the activation again.",
                ),
                None,
            ),
            Error::NoSecondFactor => (
                "no_second_factor",
                text(
                    "La double authentification n'est pas activée sur ce compte.",
                    "Two-factor authentication is not on for this account.",
                ),
                None,
            ),
            Error::LastResponsable => (
                "last_responsable",
                text(
                    "C'est le dernier responsable actif : nommez d'abord un autre responsable, sans quoi plus personne ne pourrait gérer le Patro.",
                    "This is the last active responsable: first make someone else responsable, or nobody could manage the Patro any more.",
                ),
                None,
            ),
            Error::SectionsForParent => (
                "sections_for_parent",
                text(
                    "Sections : un parent n'anime aucune section.",
                    "Sections: a parent leads no section.",
                ),
                Some("sections"),
            ),
            Error::RequestTimeout => (
                "request_timeout",
                text(
                    "La requête est arrivée trop lentement : le serveur a cessé de l'attendre. Réessayez.",
                    "The request arrived too slowly: the server stopped waiting for it. Try again.",
                ),
                None,
            ),
            Error::ServerBusy(_) => (
                "server_busy",
                text(
                    "Le serveur est très occupé en ce moment : réessayez dans quelques secondes.",
                    "The server is very busy right now: try again in a few seconds.",
                ),
                None,
            ),
            Error::Internal(_) => (
                "internal",
                text(
                    "Une erreur inattendue s'est produite du côté du Patro. Réessayez dans quelques minutes.",
                    "An unexpected error occurred on the Patro's side. Try again in a few minutes.",
                ),
                None,
            ),
        };
        ApiError {
            code: code.to_owned(),
            message,
            field: field.map(str::to_owned),
        }
    }
}

/// "1 minute", "15 minutes" (the same words in French and English): a wait rounded up to the
/// minute.
fn minutes(seconds: u64) -> String {
    match seconds.div_ceil(60) {
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Error::Internal(error) => tracing::error!(error = ?error, "request failed"),
            Error::ServerBusy(error) => tracing::warn!(%error, "database busy: asked to retry"),
            _ => {}
        }
        let mut response = (self.status(), Json(self.body(request_lang()))).into_response();
        let retry_after = match self {
            Error::ServerBusy(_) => Some(u64::from(RETRY_AFTER_SECONDS)),
            Error::TooManyAttempts { retry_after } | Error::TooManyRequests { retry_after } => {
                Some(retry_after)
            }
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field_and_starts_with_a_capital() {
        let error = Error::Invalid(tempatro_core::Error::Required.in_field(Field::FirstName));
        let body = error.body(Lang::Fr);
        assert_eq!(body.code, "invalid_input");
        assert_eq!(body.message, "Prénom : ce champ est obligatoire");
        assert_eq!(body.field.as_deref(), Some("first_name"));
        assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn serde_descriptions_become_french_sentences_naming_the_field() {
        let cases = [
            (
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20",
                Malformed::MissingField("password".to_owned()),
                "Requête mal formée : le champ « password » est manquant",
            ),
            (
                "Failed to deserialize the JSON body into the target type: portal: unknown variant `admin`, expected `parents` or `staff` at line 1 column 50",
                Malformed::UnknownValue {
                    field: Some("portal".to_owned()),
                    value: "admin".to_owned(),
                },
                "Requête mal formée : valeur « admin » inconnue pour le champ « portal »",
            ),
            (
                "Failed to deserialize the JSON body into the target type: email: invalid type: integer `1`, expected a string at line 1 column 10",
                Malformed::WrongType {
                    field: Some("email".to_owned()),
                },
                "Requête mal formée : type de valeur invalide pour le champ « email »",
            ),
        ];
        for (text, expected, message) in cases {
            let malformed = Malformed::from_serde_text(text);
            assert_eq!(malformed, expected, "{text}");
            assert_eq!(malformed.message(Lang::Fr), message);
        }
    }

    #[test]
    fn busy_and_locked_codes_of_both_engines_are_recognised() {
        // SQLite's extended codes: BUSY, BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT, LOCKED,
        // LOCKED_SHAREDCACHE, LOCKED_VTAB.
        for code in ["5", "261", "517", "773", "6", "262", "518"] {
            assert!(sqlite_busy(code), "{code}");
        }
        // ERROR, CANTOPEN, CONSTRAINT, CONSTRAINT_UNIQUE, IOERR_LOCK (a disk fault, not a wait).
        for code in ["1", "14", "19", "2067", "3850", "", "busy"] {
            assert!(!sqlite_busy(code), "{code}");
        }
        for code in ["55P03", "40P01", "40001"] {
            assert!(postgres_busy(code), "{code}");
        }
        // unique_violation, query_canceled, undefined_table.
        for code in ["23505", "57014", "42P01", "5", "6"] {
            assert!(!postgres_busy(code), "{code}");
        }
    }

    #[test]
    fn a_pool_timeout_answers_503_with_retry_after() {
        let busy = || Error::from(StoreError::Database(sqlx::Error::PoolTimedOut));
        let response = busy().into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[RETRY_AFTER], "5");
        let body = busy().body(Lang::Fr);
        assert_eq!(body.code, "server_busy");
        assert_eq!(
            body.message,
            "Le serveur est très occupé en ce moment : réessayez dans quelques secondes."
        );
        assert_eq!(
            busy().body(Lang::En).message,
            "The server is very busy right now: try again in a few seconds."
        );
    }

    /// The error SQLite really gives a writer that finds another one in place, and one it gives
    /// for good.
    #[tokio::test]
    async fn sqlite_busy_answers_503_and_a_constraint_still_500() {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::{ConnectOptions, Connection};

        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("busy.db"))
            .create_if_missing(true)
            .busy_timeout(std::time::Duration::ZERO);
        let mut first = options.connect().await.unwrap();
        let mut second = options.connect().await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER UNIQUE)")
            .execute(&mut first)
            .await
            .unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut first)
            .await
            .unwrap();
        let waited = sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut second)
            .await
            .unwrap_err();
        let error = Error::from(StoreError::Database(waited));
        assert!(matches!(error, Error::ServerBusy(_)), "{error:?}");
        assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);

        let refused = sqlx::query("INSERT INTO t VALUES (1), (1)")
            .execute(&mut first)
            .await
            .unwrap_err();
        let error = Error::from(StoreError::Database(refused));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        first.close().await.unwrap();
        second.close().await.unwrap();
    }

    #[test]
    fn internal_errors_never_show_their_cause() {
        let error = Error::Internal(anyhow::anyhow!("disk on fire at /var/lib"));
        assert!(!error.body(Lang::Fr).message.contains("disk"));
    }
}
