//! Where the app keeps its files, and which server it talks to.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tempatro_core::Lang;

/// The app's two directories: `config.toml` in one, the session token in the other. Behind a
/// struct so that tests point both at a temporary directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// The platform's directories for Tempatro (`~/.config/tempatro`, `~/.local/share/tempatro`
    /// on Linux), if the system has a home directory.
    pub fn system() -> Option<Paths> {
        directories::ProjectDirs::from("be", "Patro", "Tempatro").map(|dirs| Paths {
            config_dir: dirs.config_dir().to_owned(),
            data_dir: dirs.data_dir().to_owned(),
        })
    }

    pub fn under(root: &Path) -> Paths {
        Paths {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn token_file(&self) -> PathBuf {
        self.data_dir.join("session-token")
    }
}

#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    server: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", self.message(Lang::Fr))]
    NoServer { config_file: Option<PathBuf> },
    #[error("{}", self.message(Lang::Fr))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{}", self.message(Lang::Fr))]
    Invalid { path: PathBuf, detail: String },
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ConfigError::NoServer { config_file }, Lang::Fr) => {
                let file = match config_file {
                    Some(path) => format!("dans {} ", path.display()),
                    None => "dans le fichier config.toml de Tempatro ".to_owned(),
                };
                format!(
                    "L'adresse du serveur du Patro n'est pas configurée. Indiquez-la :\n  \
                     - avec l'option --server https://…\n  \
                     - ou avec la variable d'environnement TEMPATRO_SERVER\n  \
                     - ou {file}avec la ligne : server = \"https://…\"\n\
                     Pour essayer Tempatro sans serveur : tempatro --demo"
                )
            }
            (ConfigError::NoServer { config_file }, Lang::En) => {
                let file = match config_file {
                    Some(path) => format!("in {} ", path.display()),
                    None => "in Tempatro's config.toml file ".to_owned(),
                };
                format!(
                    "The Patro's server address is not configured. Give it:\n  \
                     - with the option --server https://…\n  \
                     - or with the environment variable TEMPATRO_SERVER\n  \
                     - or {file}with the line: server = \"https://…\"\n\
                     To try Tempatro without a server: tempatro --demo"
                )
            }
            (ConfigError::Unreadable { path, source }, Lang::Fr) => {
                format!("Impossible de lire {} : {source}", path.display())
            }
            (ConfigError::Unreadable { path, source }, Lang::En) => {
                format!("Cannot read {}: {source}", path.display())
            }
            (ConfigError::Invalid { path, detail }, Lang::Fr) => {
                format!(
                    "{} n'est pas un fichier TOML valide : {detail}",
                    path.display()
                )
            }
            (ConfigError::Invalid { path, detail }, Lang::En) => {
                format!("{} is not a valid TOML file: {detail}", path.display())
            }
        }
    }
}

/// The server's address: from `--server` or `TEMPATRO_SERVER` (which clap merges into
/// `given`), else from `config.toml`.
pub fn server_url(given: Option<&str>, paths: Option<&Paths>) -> Result<String, ConfigError> {
    if let Some(url) = given.map(str::trim).filter(|url| !url.is_empty()) {
        return Ok(url.to_owned());
    }
    let Some(paths) = paths else {
        return Err(ConfigError::NoServer { config_file: None });
    };
    let path = paths.config_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(ConfigError::NoServer {
                config_file: Some(path),
            });
        }
        Err(source) => return Err(ConfigError::Unreadable { path, source }),
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|error| ConfigError::Invalid {
        path: path.clone(),
        detail: error.message().to_owned(),
    })?;
    file.server
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty())
        .ok_or(ConfigError::NoServer {
            config_file: Some(path),
        })
}

/// The language of the screens: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the
/// first one set), else French.
pub fn lang(given: Option<Lang>, locale: impl Fn(&str) -> Option<String>) -> Lang {
    given.unwrap_or_else(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| locale(name).filter(|value| !value.is_empty()))
            .map_or(Lang::Fr, |value| Lang::from_locale(&value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_config(text: &str) -> (tempfile::TempDir, Paths) {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(paths.config_file(), text).unwrap();
        (dir, paths)
    }

    #[test]
    fn the_command_line_wins_over_the_config_file() {
        let (_dir, paths) = with_config("server = \"https://file.example\"\n");
        let url = server_url(Some("https://flag.example"), Some(&paths)).unwrap();
        assert_eq!(url, "https://flag.example");
    }

    #[test]
    fn the_config_file_is_read_when_nothing_else_is_given() {
        let (_dir, paths) = with_config("server = \"https://file.example\"\n");
        assert_eq!(
            server_url(None, Some(&paths)).unwrap(),
            "https://file.example"
        );
        assert_eq!(
            server_url(Some("  "), Some(&paths)).unwrap(),
            "https://file.example"
        );
    }

    #[test]
    fn no_address_anywhere_says_how_to_give_one() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let error = server_url(None, Some(&paths)).unwrap_err();
        assert!(matches!(error, ConfigError::NoServer { .. }), "{error:?}");
        let message = error.message(Lang::Fr);
        assert!(message.contains("--server"), "{message}");
        assert!(message.contains("TEMPATRO_SERVER"), "{message}");
        assert!(message.contains("config.toml"), "{message}");
        assert!(message.contains("tempatro --demo"), "{message}");
    }

    #[test]
    fn a_config_file_without_server_or_broken_is_reported() {
        let (_dir, paths) = with_config("# nothing yet\n");
        assert!(matches!(
            server_url(None, Some(&paths)),
            Err(ConfigError::NoServer { .. })
        ));
        let (_dir, paths) = with_config("server = \n");
        assert!(matches!(
            server_url(None, Some(&paths)),
            Err(ConfigError::Invalid { .. })
        ));
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_locale() {
        let english = |name: &str| (name == "LANG").then(|| "en_GB.UTF-8".to_owned());
        assert_eq!(lang(None, english), Lang::En);
        assert_eq!(lang(Some(Lang::Fr), english), Lang::Fr);
        let lc_all_french = |name: &str| match name {
            "LC_ALL" => Some("fr_BE.UTF-8".to_owned()),
            _ => Some("en_US.UTF-8".to_owned()),
        };
        assert_eq!(lang(None, lc_all_french), Lang::Fr);
        assert_eq!(lang(None, |_| None), Lang::Fr);
    }
}
