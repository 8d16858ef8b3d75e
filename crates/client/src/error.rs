use tempatro_core::Lang;

/// Everything a call to the server can end with, short of success.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("Le serveur du Patro ne répond pas (maintenance ?) : {url}")]
    Unreachable { url: String, detail: String },
    /// The server answered with an error; `message` is already in the user's language.
    #[error("{message}")]
    Api {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
    },
    /// 409 `import_running`: another import holds the lock; the file was not read.
    #[error("{message}")]
    ImportRunning { message: String },
    #[error("Adresse du serveur invalide : « {url} »")]
    InvalidUrl { url: String },
    #[error(
        "Adresse du serveur refusée : « {url} ». Utilisez https:// (http:// n'est accepté que vers cette machine)."
    )]
    InsecureUrl { url: String },
    #[error("Réponse du serveur illisible : {0}")]
    Decode(String),
}

impl Error {
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Error::Unreachable { .. })
    }

    /// The HTTP status of a server error, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::ImportRunning { .. } => Some(409),
            _ => None,
        }
    }

    /// The error's stable code (`account_pending`, `invalid_credentials`…), if the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            Error::ImportRunning { .. } => Some("import_running"),
            _ => None,
        }
    }

    /// The input field a server error is about (`email`, `password`…).
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Api { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The sentence to show, in `lang`. Server messages arrive already translated.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Api { message, .. } | Error::ImportRunning { message }, _) => message.clone(),
            (_, Lang::Fr) => self.to_string(),
            (Error::Unreachable { url, .. }, Lang::En) => {
                format!("The Patro's server does not answer (maintenance?): {url}")
            }
            (Error::InvalidUrl { url }, Lang::En) => format!("Invalid server address: “{url}”"),
            (Error::InsecureUrl { url }, Lang::En) => format!(
                "Server address refused: “{url}”. Use https:// (http:// is accepted only towards this machine)."
            ),
            (Error::Decode(detail), Lang::En) => {
                format!("Unreadable answer from the server: {detail}")
            }
        }
    }
}
