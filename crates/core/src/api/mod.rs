//! The JSON shapes that travel between the server and its clients. Requests carry raw strings,
//! which the server parses into domain values; responses carry what the screens show.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::account::{AccountStatus, Portal, Role};
use crate::cycle::Cycle;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error answer: a stable machine `code`, a `message` for people (French unless the request
/// asked for English with `Accept-Language`), and the input `field` it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// "Créez votre compte !"
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignUp {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
}

/// "Se connecter", on one of the two sides.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LogIn {
    pub email: String,
    pub password: String,
    pub portal: Portal,
    /// The six digits of the authenticator app, for an account with a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp: Option<String>,
    /// One of the account's recovery codes, instead of `totp` when the phone is lost; spent once
    /// used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub status: AccountStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// "0412/34.56.78", set in "Gérer mes infos".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Why the Patro declined the request, for a rejected account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
    /// Whether its owner proved the address with the code e-mailed to it.
    #[serde(default)]
    pub email_verified: bool,
    /// The address its owner asked to change to, until they enter the code sent there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<String>,
}

impl AccountView {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionCreated {
    /// The bearer token: shown once, kept hashed by the server.
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
    pub account: AccountView,
    /// Something the person must know at this login (a responsable without a second factor is
    /// told until when they may still log in without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// An enrolment started: the secret to give the authenticator app, as text and as the
/// `otpauth://` URL a QR code carries. Not active until a first code confirms it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecondFactorEnrolment {
    /// Base32, as authenticator apps take it when typed.
    pub secret: String,
    pub otpauth_url: String,
}

/// A proof of the second factor: a code of the authenticator app, or a recovery code.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecondFactorCode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// The single-use codes that stand in for the phone, shown once when the second factor is
/// activated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// One line of "Actions spéciales": something the family has to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Alert {
    pub code: String,
    pub message: String,
    /// The child it is about, so that a screen can lead there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_id: Option<i64>,
}

/// The parents' "Tableau de bord".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Dashboard {
    pub first_name: String,
    pub last_name: String,
    /// The Patro's name, for the title bar ("Patro du Val d'Haine").
    pub patro_name: String,
    /// "Vous avez N enfant(s) lié(s) à votre compte".
    pub children_count: u32,
    /// "Cycle d'affiliation en cours : 2026-2027".
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-2027"))]
    pub current_cycle: Cycle,
    /// "Actions spéciales".
    pub alerts: Vec<Alert>,
    /// "News du Patro", latest first.
    #[serde(default)]
    pub news: Vec<NewsView>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetConfirm {
    pub email: String,
    pub code: String,
    pub new_password: String,
}

/// "Entrez le code reçu par e-mail": proves the address of an account being created.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmailVerification {
    pub email: String,
    pub code: String,
}

/// "Renvoyer le code".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VerificationResend {
    pub email: String,
}

/// The code sent to the new address of "Gérer mes infos".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmailChangeConfirm {
    pub code: String,
}

/// A plain acknowledgement with a sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Notice {
    pub message: String,
}

/// Creates an API token for a script.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenInput {
    pub name: String,
    pub scope: crate::TokenScope,
    /// Days the token lives, 1 to 730; a year when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenView {
    pub name: String,
    pub scope: crate::TokenScope,
    /// Who created it; the token acts with their rights, within its scope.
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<OffsetDateTime>,
    /// From then on, the token is refused (401 `token_expired`).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

/// A new token: the secret is shown this once, and only its hash is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenCreated {
    pub token: String,
    #[serde(flatten)]
    pub view: TokenView,
}

/// "Gérer mes infos": the fields sent change. A new e-mail needs the current password.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProfilePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// `null` removes the phone.
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Rejection {
    pub reason: String,
}

mod activities;
mod audit;
mod children;
mod content;
mod imports;
mod payments;
mod settings;

pub use activities::*;
pub use audit::*;
pub use children::*;
pub use content::*;
pub use imports::*;
pub use payments::*;
pub use settings::*;

/// Reads a field that may be absent (leave alone), `null` (clear) or a value (set), as
/// `None`, `Some(None)` and `Some(Some(value))`.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
