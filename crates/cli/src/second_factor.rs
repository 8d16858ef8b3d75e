//! `2fa enable | disable`: the second factor of one's own staff account, with an authenticator
//! app. At a terminal, `enable` shows the QR code and asks for a first code; a script runs it
//! twice: without `--code` to get the secret, then with `--code` to confirm.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Subcommand;
use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use serde::Serialize;
use tempatro_core::Lang;
use tempatro_core::api::SecondFactorCode;

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::output;
use crate::prompt::{blocking, interactive};
use crate::session::staff_client;

#[derive(Debug, Subcommand)]
pub enum SecondFactorCommand {
    /// Active la double authentification : code QR et secret pour l'application, premier code,
    /// puis 10 codes de secours à garder en lieu sûr
    Enable {
        /// Premier code de l'application, qui confirme l'activation en attente (pour les
        /// scripts ; sans lui et hors d'un terminal, la commande affiche le secret et s'arrête)
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// Écrit le secret (puis les codes de secours) en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Désactive la double authentification, sur présentation d'un code de l'application ou d'un
    /// code de secours
    Disable {
        /// Code de l'application
        #[arg(long, value_name = "CODE", conflicts_with = "recovery_code")]
        code: Option<String>,
        /// Un des codes de secours, à la place du code de l'application
        #[arg(long, value_name = "CODE")]
        recovery_code: Option<String>,
        /// Écrit le résultat en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: SecondFactorCommand) -> anyhow::Result<ExitCode> {
    match command {
        SecondFactorCommand::Enable { code, json } => enable(settings, code, json).await,
        SecondFactorCommand::Disable {
            code,
            recovery_code,
            json,
        } => disable(settings, code, recovery_code, json).await,
    }
}

#[derive(Serialize)]
struct Disabled {
    second_factor: &'static str,
}

async fn enable(settings: &Settings, code: Option<String>, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let code = match code {
        // A code confirms the enrolment already waiting: the one whose secret was shown.
        Some(code) => code,
        None => {
            let enrolment = client.begin_second_factor().await.map_err(with_session)?;
            if json {
                output::json(&enrolment)?;
            } else {
                show_secret(&enrolment.otpauth_url, &enrolment.secret, lang)?;
            }
            // One JSON value per run: a script confirms with a second run.
            if json || !interactive() {
                eprintln!(
                    "{}",
                    lang.pick(
                        "Ajoutez ce secret à votre application, puis confirmez avec `tempatro-admin 2fa enable --code CODE` (le code qu'elle affiche).",
                        "Add this secret to your app, then confirm with `tempatro-admin 2fa enable --code CODE` (the code it shows).",
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            ask_code(
                lang,
                lang.pick("Code affiché par l'application :", "Code the app shows:"),
            )
            .await?
        }
    };
    let codes = client
        .confirm_second_factor(&code)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&codes)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::line(lang.pick(
        "Double authentification activée. Codes de secours, chacun utilisable une fois si vous perdez votre téléphone (gardez-les hors de ce téléphone, ils ne seront plus affichés) :",
        "Two-factor authentication is on. Recovery codes, each good once if you lose your phone (keep them off that phone; they will not be shown again):",
    ))?;
    for code in &codes.recovery_codes {
        output::line(&format!("  {code}"))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn disable(
    settings: &Settings,
    code: Option<String>,
    recovery_code: Option<String>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let proof = match (code, recovery_code) {
        (None, None) if interactive() => SecondFactorCode {
            totp: Some(
                ask_code(
                    lang,
                    lang.pick(
                        "Code de l'application (ou un code de secours) :",
                        "Code of the app (or a recovery code):",
                    ),
                )
                .await?,
            ),
            recovery_code: None,
        },
        (None, None) => {
            return Err(Error::MissingFlags {
                flags: vec!["--code", "--recovery-code"],
            }
            .into());
        }
        (totp, recovery_code) => SecondFactorCode {
            totp,
            recovery_code,
        },
    };
    // A person may type either at the prompt: a recovery code is the longer one.
    let proof = match proof.totp {
        Some(typed) if is_recovery_code(&typed) => SecondFactorCode {
            totp: None,
            recovery_code: Some(typed),
        },
        totp => SecondFactorCode { totp, ..proof },
    };
    staff_client(settings)?
        .disable_second_factor(&proof)
        .await
        .map_err(with_session)?;
    output::json_or_line(
        json,
        &Disabled {
            second_factor: "disabled",
        },
        |_| {
            lang.pick(
                "Double authentification désactivée.",
                "Two-factor authentication is off.",
            )
            .to_owned()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The QR code an authenticator app scans, and the secret for one that cannot scan.
fn show_secret(url: &str, secret: &str, lang: Lang) -> std::io::Result<()> {
    if let Ok(code) = QrCode::new(url.as_bytes()) {
        let drawn = code.render::<Dense1x2>().quiet_zone(true).build();
        // Black on white whatever the terminal's colours: on a dark theme the code would
        // otherwise come out as its negative, which some readers do not scan.
        let paint = std::io::stdout().is_terminal();
        for line in drawn.lines() {
            if paint {
                output::line(&format!("\x1b[30;47m{line}\x1b[0m"))?;
            } else {
                output::line(line)?;
            }
        }
    }
    output::line(&match lang {
        Lang::Fr => format!("Secret (à saisir si l'application ne lit pas le code) : {secret}"),
        Lang::En => format!("Secret (to type if the app cannot read the code): {secret}"),
    })
}

/// Whether what a person typed for a code is a recovery code (16 letters and digits, often with
/// dashes) rather than the app's six digits.
pub fn is_recovery_code(typed: &str) -> bool {
    typed.chars().filter(char::is_ascii_alphanumeric).count() > 8
}

/// Asks for a code at the terminal.
pub async fn ask_code(lang: Lang, question: &'static str) -> Result<String, Error> {
    let help = lang
        .pick(
            "Les six chiffres affichés en ce moment par l'application d'authentification",
            "The six digits the authenticator app shows right now",
        )
        .to_owned();
    blocking(move || {
        inquire::Text::new(question)
            .with_help_message(&help)
            .prompt()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_are_the_apps_code_and_sixteen_characters_a_recovery_code() {
        assert!(!is_recovery_code("492039"));
        assert!(!is_recovery_code("492 039"));
        assert!(is_recovery_code("abcd-efgh-jkmn-pqrs"));
        assert!(is_recovery_code("ABCD EFGH JKMN PQRS"));
    }
}
