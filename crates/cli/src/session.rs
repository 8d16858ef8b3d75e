//! `login`, `logout`, `whoami`, and the staff client every other command starts from.

use std::io::{self, BufRead, IsTerminal};
use std::process::ExitCode;

use clap::Args;
use tempatro_client::Client;
use tempatro_core::api::LogIn;
use tempatro_core::{Lang, Portal};

use crate::config::{SavedSession, Settings};
use crate::error::{Error, with_session};
use crate::output;
use crate::prompt::interactive;
use crate::second_factor::{ask_code, is_recovery_code};

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Adresse e-mail du compte de l'équipe
    #[arg(long, value_name = "E-MAIL")]
    email: String,
    /// Lit le mot de passe sur la première ligne de l'entrée standard (pour les scripts)
    #[arg(long)]
    password_stdin: bool,
    /// Code de l'application d'authentification, pour un compte à double authentification
    /// (demandé dans un terminal s'il manque)
    #[arg(long, value_name = "CODE", conflicts_with = "recovery_code")]
    code: Option<String>,
    /// Un code de secours, à la place du code de l'application (il ne servira plus)
    #[arg(long, value_name = "CODE")]
    recovery_code: Option<String>,
}

/// The client every command talks to the server with: a script's API token when one is given
/// (`--token-file`, `TEMPATRO_TOKEN`), sent to the server of `--server`, `TEMPATRO_SERVER` or
/// config.toml; otherwise the saved session.
pub fn staff_client(settings: &Settings) -> Result<Client, Error> {
    match settings.token() {
        Some(source) => {
            let token = source.read()?;
            Ok(Client::new(&settings.server_url(None)?, settings.lang)?.with_token(token))
        }
        None => session_client(settings),
    }
}

/// A client carrying the saved session, provided it belongs to the server asked for: the token must
/// never be sent anywhere else.
fn session_client(settings: &Settings) -> Result<Client, Error> {
    let saved = settings.paths.load_session()?.ok_or(Error::NotLoggedIn)?;
    let client = Client::new(&settings.server_url(Some(&saved))?, settings.lang)?;
    let saved_base = Client::new(&saved.server, settings.lang)?;
    if client.base_url() != saved_base.base_url() {
        return Err(Error::OtherServer {
            saved: saved_base.base_url().to_owned(),
            asked: client.base_url().to_owned(),
        });
    }
    Ok(client.with_token(saved.token))
}

pub async fn login(settings: &Settings, args: LoginArgs) -> anyhow::Result<ExitCode> {
    // A broken session file must not stand in the way of the login that replaces it.
    let previous = settings.paths.load_session().ok().flatten();
    let mut client = Client::new(&settings.server_url(previous.as_ref())?, settings.lang)?;
    let password = password(&args, settings.lang)?;
    let mut body = LogIn {
        email: args.email.clone(),
        password,
        portal: Portal::Staff,
        totp: args.code.clone(),
        recovery_code: args.recovery_code.clone(),
    };
    let session = match client.log_in_with(&body).await {
        Err(error) if error.code() == Some("totp_required") => {
            if !interactive() {
                return Err(Error::MissingFlags {
                    flags: vec!["--code", "--recovery-code"],
                }
                .into());
            }
            let typed = ask_code(
                settings.lang,
                settings.lang.pick(
                    "Code de l'application (ou un code de secours) :",
                    "Code of the app (or a recovery code):",
                ),
            )
            .await?;
            // Six digits are the app's code; anything longer is a recovery code.
            if is_recovery_code(&typed) {
                body.recovery_code = Some(typed);
            } else {
                body.totp = Some(typed);
            }
            client.log_in_with(&body).await
        }
        outcome => outcome,
    }
    .map_err(Error::from)?;
    // On stderr, like every message that is not the command's result.
    if let Some(notice) = &session.notice {
        eprintln!("{notice}");
    }
    settings.paths.save_session(&SavedSession {
        server: client.base_url().to_owned(),
        token: session.token,
    })?;
    let account = &session.account;
    let (name, email, role, server) = (
        account.full_name(),
        &account.email,
        account.role.label(settings.lang),
        client.base_url(),
    );
    output::line(&match settings.lang {
        Lang::Fr => format!("Connecté en tant que {name} ({email}, {role}) à {server}"),
        Lang::En => format!("Logged in as {name} ({email}, {role}) to {server}"),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Closes the saved session, whatever API token the environment holds: a token is revoked with
/// `tokens revoke`, never by a logout.
pub async fn logout(settings: &Settings) -> anyhow::Result<ExitCode> {
    let mut client = match session_client(settings) {
        Ok(client) => client,
        Err(Error::NotLoggedIn) => {
            output::line(
                settings
                    .lang
                    .pick("Vous n'étiez pas connecté", "You were not logged in"),
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(error.into()),
    };
    match client.log_out().await.map_err(with_session) {
        // Already closed on the server: forgetting it here is all that is left to do.
        Ok(()) | Err(Error::SessionExpired) => {}
        // Keep the token when the server could not revoke it, so that a retry can.
        Err(error) => return Err(error.into()),
    }
    settings.paths.forget_session()?;
    let server = client.base_url();
    output::line(&match settings.lang {
        Lang::Fr => format!("Session fermée sur {server}"),
        Lang::En => format!("Logged out of {server}"),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn whoami(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let client = staff_client(settings)?;
    let account = client.me().await.map_err(with_session)?;
    if json {
        output::json(&account)?;
    } else {
        let (name, email, role, status, server) = (
            account.full_name(),
            &account.email,
            account.role.label(settings.lang),
            account.status.label(settings.lang),
            client.base_url(),
        );
        output::line(&match settings.lang {
            Lang::Fr => format!("{name} ({email}), {role}, compte {status}, sur {server}"),
            Lang::En => format!("{name} ({email}), {role}, {status} account, on {server}"),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--password-stdin`, else `TEMPATRO_PASSWORD`, else a masked prompt when a person is at the
/// keyboard; a script that gave none is told how, never left waiting on a question.
fn password(args: &LoginArgs, lang: Lang) -> Result<String, Error> {
    let password = if args.password_stdin {
        let mut line = String::new();
        io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(Error::Stdin)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    } else if let Ok(password) = std::env::var("TEMPATRO_PASSWORD") {
        password
    } else if io::stdin().is_terminal() {
        inquire::Password::new(lang.pick("Mot de passe :", "Password:"))
            .with_display_mode(inquire::PasswordDisplayMode::Masked)
            .without_confirmation()
            .prompt()?
    } else {
        return Err(Error::PasswordRequired);
    };
    if password.is_empty() {
        return Err(Error::PasswordRequired);
    }
    Ok(password)
}
