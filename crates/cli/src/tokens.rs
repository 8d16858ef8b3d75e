//! `tokens create | list | revoke`: the API tokens a responsable gives to scripts and cron jobs.
//! The server lets only a person manage them (a token cannot mint another); the secret is shown
//! once, alone on its line of stdout, so that `> fichier` keeps exactly it.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::TokenView;
use tempatro_core::token::{TokenLifetime, parse_token_name};
use tempatro_core::{Lang, TokenScope};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::{output, prompt};

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Crée un jeton pour un script : il est écrit une seule fois, seul sur sa ligne
    Create {
        /// Nom du jeton, tel que le journal et `tokens list` le montrent (lettres, chiffres, - _ .)
        #[arg(long, value_name = "NOM")]
        name: String,
        /// Ce que le jeton permet : toutes les portées lisent, chacune n'écrit que dans son domaine
        #[arg(long, value_enum, value_name = "PORTÉE")]
        scope: ScopeArg,
        /// Durée de validité : un nombre de jours suivi de d (90d) ou de semaines suivi de w
        /// (12w) ; 365 jours si omise, 730 au plus
        #[arg(long, value_name = "DURÉE")]
        expires: Option<String>,
        /// Écrit le jeton créé (secret compris) en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Liste les jetons : nom, portée, créateur, dernière utilisation, expiration (jamais le jeton
    /// lui-même)
    List {
        /// Écrit un tableau JSON de jetons sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Révoque un jeton : les scripts qui l'utilisent sont refusés dès maintenant
    Revoke {
        /// Nom du jeton
        #[arg(value_name = "NOM")]
        name: String,
        /// Révoque sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScopeArg {
    /// importe les enfants et les parents ; ne lit rien
    #[value(name = "import", alias = "imports")]
    Import,
    /// lit les exports (les listes envoyées aux animateurs) ; n'écrit rien
    #[value(name = "export", alias = "exports")]
    Export,
    /// lit et écrit paiements attendus, relevés bancaires, lignes bancaires et rappels
    #[value(name = "payments", alias = "paiements")]
    Payments,
    /// lit les listes et fiches des enfants, sans les fiches santé ; n'écrit rien
    #[value(name = "read", alias = "lecture")]
    Read,
}

impl From<ScopeArg> for TokenScope {
    fn from(scope: ScopeArg) -> TokenScope {
        match scope {
            ScopeArg::Import => TokenScope::Import,
            ScopeArg::Export => TokenScope::Export,
            ScopeArg::Payments => TokenScope::Payments,
            ScopeArg::Read => TokenScope::Read,
        }
    }
}

pub async fn run(settings: &Settings, command: TokensCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokensCommand::Create {
            name,
            scope,
            expires,
            json,
        } => create(settings, &name, scope.into(), expires.as_deref(), json).await,
        TokensCommand::List { json } => list(settings, json).await,
        TokensCommand::Revoke { name, yes } => revoke(settings, &name, yes).await,
    }
}

async fn create(
    settings: &Settings,
    name: &str,
    scope: TokenScope,
    expires: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let name = parse_token_name(name).map_err(|error| Error::InvalidValue {
        flag: "--name",
        error,
    })?;
    let lifetime = expires
        .map(TokenLifetime::parse)
        .transpose()
        .map_err(|error| Error::InvalidValue {
            flag: "--expires",
            error,
        })?
        .unwrap_or_default();
    let created = staff_client(settings)?
        .create_token(&name, scope, Some(lifetime.in_days()))
        .await
        .map_err(with_session)?;
    if json {
        output::json(&created)?;
    } else {
        output::line(&created.token)?;
    }
    // On stderr, so that stdout holds the secret alone.
    let (name, scope) = (&created.view.name, created.view.scope.label(lang));
    let until = output::date_time(created.view.expires_at);
    eprintln!(
        "{}",
        match lang {
            Lang::Fr => format!(
                "Jeton « {name} » créé (portée {scope}, valable jusqu'au {until}) : conservez-le en lieu sûr, dans un fichier lisible par vous seul (chmod 600) ; il ne sera plus affiché."
            ),
            Lang::En => format!(
                "Token “{name}” created (scope {scope}, valid until {until}): keep it safe, in a file only you can read (chmod 600); it will not be shown again."
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}

async fn list(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let tokens = staff_client(settings)?
        .tokens()
        .await
        .map_err(with_session)?;
    output::list(
        json,
        &tokens,
        lang.pick("Aucun jeton", "No token"),
        |tokens| table(tokens, lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn table(tokens: &[TokenView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => [
            "Nom",
            "Portée",
            "Créé par",
            "Créé le",
            "Dernière utilisation",
            "Expire le",
        ],
        Lang::En => [
            "Name",
            "Scope",
            "Created by",
            "Created on",
            "Last used",
            "Expires on",
        ],
    });
    for token in tokens {
        table.add_row([
            token.name.clone(),
            token.scope.label(lang).to_owned(),
            token.created_by.clone(),
            output::date_time(token.created_at),
            token.last_used_at.map_or_else(
                || lang.pick("jamais", "never").to_owned(),
                output::date_time,
            ),
            output::date_time(token.expires_at),
        ]);
    }
    table
}

async fn revoke(settings: &Settings, name: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    prompt::confirm(
        yes,
        match lang {
            Lang::Fr => format!("Révoquer le jeton « {name} » ?"),
            Lang::En => format!("Revoke the token “{name}”?"),
        },
        lang.pick(
            "Les scripts qui l'utilisent seront refusés dès maintenant.",
            "The scripts using it will be refused from now on.",
        )
        .to_owned(),
        lang,
    )
    .await?;
    client
        .revoke_token(name)
        .await
        .map_err(|error| match error.status() {
            Some(404) => Error::UnknownToken {
                name: name.to_owned(),
            },
            _ => with_session(error),
        })?;
    output::line(&match lang {
        Lang::Fr => format!(
            "Jeton « {name} » révoqué : les scripts qui l'utilisent sont refusés dès maintenant."
        ),
        Lang::En => {
            format!("Token “{name}” revoked: the scripts using it are refused from now on.")
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn every_scope_of_the_core_has_its_flag_value() {
        for (arg, code) in [
            (ScopeArg::Import, "import"),
            (ScopeArg::Export, "export"),
            (ScopeArg::Payments, "payments"),
            (ScopeArg::Read, "read"),
        ] {
            assert_eq!(TokenScope::from(arg).as_str(), code);
            assert_eq!(TokenScope::parse(code), Some(arg.into()));
        }
    }

    #[test]
    fn the_list_says_never_for_a_token_not_used_yet() {
        let token = TokenView {
            name: "releves-nocturnes".to_owned(),
            scope: TokenScope::Payments,
            created_by: "Cheffe Responsable".to_owned(),
            created_at: datetime!(2026-07-01 12:30 UTC),
            last_used_at: None,
            expires_at: datetime!(2027-07-01 12:30 UTC),
        };
        let text = table(&[token], Lang::Fr).trim_fmt();
        for expected in [
            "Dernière utilisation",
            "Expire le",
            "releves-nocturnes",
            "paiements",
            "01/07/2026 14:30",
            "01/07/2027 14:30",
            "jamais",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }
}
