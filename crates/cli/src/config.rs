//! Where the command line keeps its state: the configuration folder, the saved staff session and
//! the optional `config.toml` shared with the parents' app.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::{Deserialize, Serialize};
use tempatro_core::Lang;

use crate::cli::Globals;
use crate::error::Error;

const SESSION_FILE: &str = "admin-session.json";
const CONFIG_FILE: &str = "config.toml";

/// What every command starts from: the language of messages, the configuration folder and the
/// server asked for on the command line or in the environment.
pub struct Settings {
    pub lang: Lang,
    pub paths: Paths,
    server: Option<String>,
    token: Option<TokenSource>,
}

/// Where a script's API token comes from. `--token-file` wins over `TEMPATRO_TOKEN`, as a flag
/// wins over the environment. No `Debug`: the variable holds the secret itself.
pub enum TokenSource {
    File(PathBuf),
    Environment(String),
}

impl TokenSource {
    /// `--token-file`, else a non-empty `TEMPATRO_TOKEN` (an empty one is as good as unset, so
    /// that `TEMPATRO_TOKEN= tempatro-admin …` falls back to the session).
    fn from(file: Option<PathBuf>, variable: Option<String>) -> Option<TokenSource> {
        match (file, variable) {
            (Some(path), _) => Some(TokenSource::File(path)),
            (None, Some(token)) if !token.trim().is_empty() => {
                Some(TokenSource::Environment(token))
            }
            _ => None,
        }
    }

    /// How the source is named in a message: the file's path, or the variable's name.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::File(path) => path.display().to_string(),
            TokenSource::Environment(_) => "TEMPATRO_TOKEN".to_owned(),
        }
    }

    /// The token, trimmed. A file must be readable by its owner only, as ssh asks of a private
    /// key: a secret that others can read is refused before it is ever sent.
    pub fn read(&self) -> Result<String, Error> {
        let token = match self {
            TokenSource::Environment(token) => token.trim().to_owned(),
            TokenSource::File(path) => read_private(path)?.trim().to_owned(),
        };
        // One word: a token has no spaces, and a file with more than one line is not a token file.
        if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::InvalidToken {
                origin: self.describe(),
            });
        }
        Ok(token)
    }
}

#[cfg(unix)]
fn read_private(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;
    let unreadable = |error: io::Error| Error::ReadFile {
        path: path.to_owned(),
        detail: error.to_string(),
    };
    let mut file = fs::File::open(path).map_err(unreadable)?;
    // The mode of the file opened, not of the path looked at before: nothing can swap it between.
    let mode = file.metadata().map_err(unreadable)?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(Error::TokenFileShared {
            path: path.to_owned(),
            mode: mode & 0o777,
        });
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(unreadable)?;
    Ok(text)
}

#[cfg(not(unix))]
fn read_private(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|error| Error::ReadFile {
        path: path.to_owned(),
        detail: error.to_string(),
    })
}

impl Settings {
    pub fn new(globals: Globals) -> Result<Settings, Error> {
        Ok(Settings {
            lang: globals.lang(),
            paths: Paths::locate(globals.config_dir)?,
            server: globals.server,
            token: TokenSource::from(globals.token_file, std::env::var("TEMPATRO_TOKEN").ok()),
        })
    }

    /// The API token given to this run, if any: commands then act with it instead of the saved
    /// session. Read only when a command needs it, so that `login` works beside a broken one.
    pub fn token(&self) -> Option<&TokenSource> {
        self.token.as_ref()
    }

    /// `--server` or `TEMPATRO_SERVER` (clap reads both), else the server of the saved session,
    /// else `server` in config.toml.
    pub fn server_url(&self, saved: Option<&SavedSession>) -> Result<String, Error> {
        if let Some(server) = &self.server {
            return Ok(server.clone());
        }
        if let Some(saved) = saved {
            return Ok(saved.server.clone());
        }
        self.paths
            .configured_server()?
            .ok_or_else(|| Error::NoServer {
                config_file: self.paths.config_file(),
            })
    }
}

pub struct Paths {
    dir: PathBuf,
}

/// The token of a staff session and the server it belongs to. No `Debug`: a token has no business
/// in a log line.
#[derive(Serialize, Deserialize)]
pub struct SavedSession {
    pub server: String,
    pub token: String,
}

#[derive(Deserialize)]
struct ConfigFile {
    server: Option<String>,
}

impl Paths {
    fn locate(dir: Option<PathBuf>) -> Result<Paths, Error> {
        let dir = match dir {
            Some(dir) => dir,
            None => ProjectDirs::from("be", "Patro", "Tempatro")
                .ok_or(Error::NoConfigDir)?
                .config_dir()
                .to_owned(),
        };
        Ok(Paths { dir })
    }

    fn session_file(&self) -> PathBuf {
        self.dir.join(SESSION_FILE)
    }

    fn config_file(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    pub fn load_session(&self) -> Result<Option<SavedSession>, Error> {
        let path = self.session_file();
        let Some(text) = read_if_present(&path)? else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|error| Error::ReadFile {
                path,
                detail: error.to_string(),
            })
    }

    /// Writes the session readable by its owner only, through a temporary file renamed into
    /// place, so that a crash never leaves half a token behind.
    pub fn save_session(&self, session: &SavedSession) -> Result<(), Error> {
        let path = self.session_file();
        let temporary = self.dir.join(format!("{SESSION_FILE}.tmp"));
        let write = || -> io::Result<()> {
            create_private_dir(&self.dir)?;
            let mut file = create_private_file(&temporary)?;
            serde_json::to_writer_pretty(&mut file, session)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&temporary, &path)
        };
        write().map_err(|source| Error::WriteFile { path, source })
    }

    pub fn forget_session(&self) -> Result<(), Error> {
        let path = self.session_file();
        match fs::remove_file(&path) {
            Err(source) if source.kind() != io::ErrorKind::NotFound => {
                Err(Error::WriteFile { path, source })
            }
            _ => Ok(()),
        }
    }

    fn configured_server(&self) -> Result<Option<String>, Error> {
        let path = self.config_file();
        let Some(text) = read_if_present(&path)? else {
            return Ok(None);
        };
        toml::from_str::<ConfigFile>(&text)
            .map(|config| config.server)
            .map_err(|error| Error::ReadFile {
                path,
                detail: error.message().to_owned(),
            })
    }
}

fn read_if_present(path: &Path) -> Result<Option<String>, Error> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Error::ReadFile {
            path: path.to_owned(),
            detail: error.to_string(),
        }),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // `mode` applies only when the file is created: a leftover from an interrupted run keeps
    // whatever it had unless told again.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> io::Result<fs::File> {
    fs::File::create(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> Paths {
        Paths {
            dir: dir.to_owned(),
        }
    }

    fn settings(dir: &Path, server: Option<&str>) -> Settings {
        Settings {
            lang: Lang::Fr,
            paths: paths(dir),
            server: server.map(str::to_owned),
            token: None,
        }
    }

    fn saved(server: &str) -> SavedSession {
        SavedSession {
            server: server.to_owned(),
            token: "secret".to_owned(),
        }
    }

    #[test]
    fn the_server_comes_from_the_flag_then_the_session_then_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(CONFIG_FILE),
            "server = \"https://config.example\"\n",
        )
        .unwrap();
        let session = saved("https://session.example/");

        let flagged = settings(dir.path(), Some("https://flag.example"));
        assert_eq!(
            flagged.server_url(Some(&session)).unwrap(),
            "https://flag.example"
        );
        let plain = settings(dir.path(), None);
        assert_eq!(
            plain.server_url(Some(&session)).unwrap(),
            "https://session.example/"
        );
        assert_eq!(plain.server_url(None).unwrap(), "https://config.example");
    }

    #[test]
    fn without_any_server_the_error_names_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = settings(dir.path(), None).server_url(None).unwrap_err();
        assert!(
            matches!(&error, Error::NoServer { config_file } if config_file.ends_with(CONFIG_FILE)),
            "{error:?}"
        );
    }

    #[test]
    fn a_saved_session_reads_back_and_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(&dir.path().join("nested"));
        assert!(paths.load_session().unwrap().is_none());

        paths
            .save_session(&saved("http://127.0.0.1:8080/"))
            .unwrap();
        let loaded = paths.load_session().unwrap().unwrap();
        assert_eq!(loaded.server, "http://127.0.0.1:8080/");
        assert_eq!(loaded.token, "secret");

        paths.forget_session().unwrap();
        assert!(paths.load_session().unwrap().is_none());
        paths.forget_session().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_session_file_is_private_even_over_a_readable_leftover() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let leftover = dir.path().join(format!("{SESSION_FILE}.tmp"));
        fs::write(&leftover, "old").unwrap();
        fs::set_permissions(&leftover, fs::Permissions::from_mode(0o644)).unwrap();

        paths
            .save_session(&saved("http://127.0.0.1:8080/"))
            .unwrap();

        let mode = fs::metadata(paths.session_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    #[test]
    fn the_token_file_wins_over_the_variable_and_an_empty_variable_is_unset() {
        let file = TokenSource::from(Some(PathBuf::from("nuit.token")), Some("tpt_x".to_owned()));
        assert!(matches!(file, Some(TokenSource::File(_))));
        let variable = TokenSource::from(None, Some(" tpt_x\n".to_owned())).unwrap();
        assert_eq!(variable.read().unwrap(), "tpt_x");
        assert_eq!(variable.describe(), "TEMPATRO_TOKEN");
        assert!(TokenSource::from(None, Some("  ".to_owned())).is_none());
        assert!(TokenSource::from(None, None).is_none());
        let two_words = TokenSource::Environment("tpt_x tpt_y".to_owned());
        assert!(matches!(two_words.read(), Err(Error::InvalidToken { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn a_token_file_others_can_read_is_refused_and_a_private_one_is_trimmed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nuit.token");
        fs::write(&path, "tpt_secret\n").unwrap();
        let source = TokenSource::File(path.clone());

        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let error = source.read().err().unwrap();
        assert!(
            matches!(error, Error::TokenFileShared { mode: 0o640, .. }),
            "{error:?}"
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(source.read().unwrap(), "tpt_secret");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        assert_eq!(source.read().unwrap(), "tpt_secret");
    }

    #[test]
    fn a_corrupt_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SESSION_FILE), "{not json").unwrap();
        fs::write(dir.path().join(CONFIG_FILE), "server = ").unwrap();
        let paths = paths(dir.path());
        for error in [
            paths.load_session().err().unwrap(),
            paths.configured_server().unwrap_err(),
        ] {
            assert!(matches!(error, Error::ReadFile { .. }), "{error:?}");
        }
    }
}
