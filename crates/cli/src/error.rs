//! Every way a command can end short of success, with its sentence in both languages and its exit
//! code: 4 when another import is running, 3 when the server does not answer, 2 when flags are
//! missing or the file to import cannot be read, 1 for everything refused or invalid.

use std::io;
use std::path::PathBuf;

use tempatro_core::Lang;

pub const REFUSED: u8 = 1;
pub const USAGE: u8 = 2;
pub const UNREACHABLE: u8 = 3;
/// Another import holds the server's lock: a cron job tries again later.
pub const BUSY: u8 = 4;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Client(#[from] tempatro_client::Error),
    #[error("Vous n'êtes pas connecté : lancez `tempatro-admin login --email …`")]
    NotLoggedIn,
    #[error(
        "Vous êtes connecté à {saved}, pas à {asked} : lancez `tempatro-admin login --email …` pour ce serveur"
    )]
    OtherServer { saved: String, asked: String },
    #[error("Votre session a expiré ou a été fermée : lancez `tempatro-admin login --email …`")]
    SessionExpired,
    #[error(
        "Aucun serveur indiqué : utilisez --server URL, TEMPATRO_SERVER, ou la ligne `server = \"https://…\"` dans {}",
        config_file.display()
    )]
    NoServer { config_file: PathBuf },
    #[error(
        "Dossier de configuration introuvable (pas de dossier personnel) : indiquez-en un avec --config-dir ou TEMPATRO_CONFIG_DIR"
    )]
    NoConfigDir,
    #[error("Fichier illisible : {} ({detail})", path.display())]
    ReadFile { path: PathBuf, detail: String },
    /// The file given to `import`: a usage error, unlike a document or a statement the server
    /// would refuse.
    #[error("Fichier illisible : {} ({detail})", path.display())]
    UnreadableFile { path: PathBuf, detail: String },
    #[error("Impossible d'écrire {} : {source}", path.display())]
    WriteFile { path: PathBuf, source: io::Error },
    #[error("Aucun compte à l'adresse {email}")]
    UnknownAccount { email: String },
    #[error(
        "Mot de passe manquant : utilisez --password-stdin ou TEMPATRO_PASSWORD (aucune question n'est posée hors d'un terminal)"
    )]
    PasswordRequired,
    #[error(
        "Cette action demande une confirmation : relancez avec --yes (aucune question n'est posée hors d'un terminal)"
    )]
    ConfirmationRequired,
    #[error("Abandon : rien n'a été modifié")]
    Cancelled,
    #[error("La question n'a pas pu être posée : {0}")]
    Prompt(String),
    #[error("Impossible de lire l'entrée standard : {0}")]
    Stdin(io::Error),
    #[error(
        "Il manque {} (aucune question n'est posée hors d'un terminal)",
        flags.join(", ")
    )]
    MissingFlags { flags: Vec<&'static str> },
    #[error("{flag} : {}", error.message(Lang::Fr))]
    InvalidValue {
        flag: &'static str,
        error: tempatro_core::Error,
    },
    #[error(
        "Aucun cycle en cours : indiquez --cycle, ou créez-le avec `tempatro-admin cycles create`"
    )]
    NoCurrentCycle,
    #[error("{child} n'est lié à aucun compte à l'adresse {email}")]
    NotLinked { child: String, email: String },
    #[error("L'enfant n°{child} n'a pas d'affiliation pour {cycle}")]
    NoAffiliation {
        child: i64,
        cycle: tempatro_core::Cycle,
    },
    #[error(
        "{flag} : « {input} » n'est pas un public connu : all, section:NOM, activity:N° ou child:N°"
    )]
    InvalidAudience { flag: &'static str, input: String },
    #[error(
        "Type de fichier refusé : {} (acceptés : .pdf, .png, .jpg, .jpeg, .txt, .md)",
        path.display()
    )]
    UnsupportedFile { path: PathBuf },
    #[error(
        "Format du relevé non reconnu : indiquez --format coda, camt053 ou csv (un CSV avec --columns)"
    )]
    UnknownStatementFormat,
    #[error(
        "--columns : « {input} » : indiquez 3 à 5 en-têtes séparés par des virgules, dans l'ordre date,montant,communication[,contrepartie[,identifiant]]"
    )]
    InvalidColumns { input: String },
    #[error("--columns ne sert qu'aux relevés CSV (--format csv)")]
    ColumnsOnlyForCsv,
    #[error(
        "Fichier du jeton refusé : {} est accessible à d'autres que vous (droits {mode:03o}) ; rendez-le privé avec `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    TokenFileShared { path: PathBuf, mode: u32 },
    #[error("{origin} doit contenir le jeton d'API seul (tpt_…), sans espace ni seconde ligne")]
    InvalidToken { origin: String },
    #[error(
        "Jeton refusé par le serveur (session expirée ou inexistante) : le jeton de {origin} est inconnu, a été révoqué, ou son créateur n'est plus responsable ; un responsable peut en créer un autre avec `tempatro-admin tokens create`"
    )]
    TokenRejected { origin: String },
    #[error(
        "{}",
        if matches.is_empty() {
            format!("Aucun camp ni hike nommé « {name} » (voyez `tempatro-admin activities list`)")
        } else {
            format!("Plusieurs camps ou hikes s'appellent « {name} » : indiquez leur numéro ({})", numbers(matches))
        }
    )]
    UnknownActivity { name: String, matches: Vec<i64> },
    #[error("Aucun jeton nommé « {name} » (voyez `tempatro-admin tokens list`)")]
    UnknownToken { name: String },
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Client(error) if error.is_unreachable() => UNREACHABLE,
            Error::Client(tempatro_client::Error::ImportRunning { .. }) => BUSY,
            // Like a required flag clap finds missing: the command was not complete.
            Error::MissingFlags { .. } | Error::UnreadableFile { .. } => USAGE,
            _ => REFUSED,
        }
    }

    /// True when the error is about one account only, so that a command working through several
    /// can report it and go on with the next; anything else (no session, no server) stops it.
    pub fn concerns_one_account(&self) -> bool {
        match self {
            Error::UnknownAccount { .. } => true,
            // 401 and 403 say the caller may not act at all, whichever the account.
            Error::Client(error) => {
                matches!(error.status(), Some(status) if (400..500).contains(&status) && status != 401 && status != 403)
            }
            _ => false,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::Fr {
            return self.to_string();
        }
        match self {
            Error::Client(error) => error.message(lang),
            Error::NotLoggedIn => {
                "You are not logged in: run `tempatro-admin login --email …`".to_owned()
            }
            Error::OtherServer { saved, asked } => format!(
                "You are logged in to {saved}, not to {asked}: run `tempatro-admin login --email …` for this server"
            ),
            Error::SessionExpired => {
                "Your session has expired or was closed: run `tempatro-admin login --email …`"
                    .to_owned()
            }
            Error::NoServer { config_file } => format!(
                "No server given: use --server URL, TEMPATRO_SERVER, or the line `server = \"https://…\"` in {}",
                config_file.display()
            ),
            Error::NoConfigDir => {
                "No configuration folder (no home folder): give one with --config-dir or TEMPATRO_CONFIG_DIR"
                    .to_owned()
            }
            Error::ReadFile { path, detail } => {
                format!("Unreadable file: {} ({detail})", path.display())
            }
            Error::UnreadableFile { path, detail } => {
                format!("Unreadable file: {} ({detail})", path.display())
            }
            Error::WriteFile { path, source } => {
                format!("Cannot write {}: {source}", path.display())
            }
            Error::UnknownAccount { email } => format!("No account with the address {email}"),
            Error::PasswordRequired => {
                "Password missing: use --password-stdin or TEMPATRO_PASSWORD (nothing is asked outside a terminal)"
                    .to_owned()
            }
            Error::ConfirmationRequired => {
                "This action needs a confirmation: run it again with --yes (nothing is asked outside a terminal)"
                    .to_owned()
            }
            Error::Cancelled => "Cancelled: nothing was changed".to_owned(),
            Error::Prompt(detail) => format!("The question could not be asked: {detail}"),
            Error::Stdin(source) => format!("Cannot read the standard input: {source}"),
            Error::MissingFlags { flags } => format!(
                "Missing {} (nothing is asked outside a terminal)",
                flags.join(", ")
            ),
            Error::InvalidValue { flag, error } => format!("{flag}: {}", error.message(lang)),
            Error::NoCurrentCycle => {
                "No current cycle: give --cycle, or create it with `tempatro-admin cycles create`"
                    .to_owned()
            }
            Error::NotLinked { child, email } => {
                format!("{child} is not linked to any account with the address {email}")
            }
            Error::NoAffiliation { child, cycle } => {
                format!("Child no. {child} has no affiliation for {cycle}")
            }
            Error::InvalidAudience { flag, input } => format!(
                "{flag}: “{input}” is not a known audience: all, section:NAME, activity:NO or child:NO"
            ),
            Error::UnsupportedFile { path } => format!(
                "File type refused: {} (accepted: .pdf, .png, .jpg, .jpeg, .txt, .md)",
                path.display()
            ),
            Error::UnknownStatementFormat => {
                "Statement format not recognised: give --format coda, camt053 or csv (a CSV with --columns)"
                    .to_owned()
            }
            Error::InvalidColumns { input } => format!(
                "--columns: “{input}”: give 3 to 5 headers separated by commas, in the order date,amount,communication[,counterparty[,id]]"
            ),
            Error::ColumnsOnlyForCsv => {
                "--columns is only for CSV statements (--format csv)".to_owned()
            }
            Error::TokenFileShared { path, mode } => format!(
                "Token file refused: {} is open to others than you (mode {mode:03o}); make it private with `chmod 600 {}`",
                path.display(),
                path.display()
            ),
            Error::InvalidToken { origin } => format!(
                "{origin} must hold the API token alone (tpt_…), with no space nor second line"
            ),
            Error::TokenRejected { origin } => format!(
                "Token refused by the server (session expired or unknown): the token of {origin} is unknown, was revoked, or its creator is no longer a responsable; a responsable can create another one with `tempatro-admin tokens create`"
            ),
            Error::UnknownToken { name } => {
                format!("No token named “{name}” (see `tempatro-admin tokens list`)")
            }
            Error::UnknownActivity { name, matches } if matches.is_empty() => {
                format!("No camp or hike named “{name}” (see `tempatro-admin activities list`)")
            }
            Error::UnknownActivity { name, matches } => format!(
                "Several camps or hikes are named “{name}”: give their number ({})",
                numbers(matches)
            ),
        }
    }
}

/// "3, 7".
fn numbers(ids: &[i64]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A server refusal on a call made with the saved session: a 401 there means the session is gone,
/// which the staff member fixes by logging in again, whatever the server's own wording.
pub fn with_session(error: tempatro_client::Error) -> Error {
    // An expired API token is no session to open again: the server's message says what to do.
    if error.status() == Some(401) && error.code() != Some("token_expired") {
        Error::SessionExpired
    } else {
        Error::Client(error)
    }
}

impl From<inquire::InquireError> for Error {
    fn from(error: inquire::InquireError) -> Error {
        match error {
            inquire::InquireError::OperationCanceled
            | inquire::InquireError::OperationInterrupted => Error::Cancelled,
            other => Error::Prompt(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: &str, message: &str) -> tempatro_client::Error {
        tempatro_client::Error::Api {
            status: 401,
            code: code.to_owned(),
            message: message.to_owned(),
            field: None,
        }
    }

    #[test]
    fn an_expired_token_says_so_rather_than_asking_for_a_login() {
        let expired = "Ce jeton d'API a expiré : un responsable doit en créer un nouveau (tempatro-admin tokens create).";
        let error = with_session(refused("token_expired", expired));
        assert_eq!(error.to_string(), expired);
        let gone = with_session(refused("unauthenticated", "Votre session a expiré"));
        assert!(matches!(gone, Error::SessionExpired), "{gone:?}");
    }
}
