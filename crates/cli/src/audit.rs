//! `audit list`: the privileged acts (approvals, roles, second factors, tokens, staff logins,
//! e-mail changes), newest first, for a responsable.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::AccountActView;
use tempatro_core::date::parse_date;
use tempatro_core::{Email, Lang};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::output;
use crate::session::staff_client;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Liste les actes, du plus récent au plus ancien
    List {
        /// À partir de ce jour (01/05/2026, 1er mai 2026)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Seulement les actes de ce membre de l'équipe (son adresse e-mail)
        #[arg(long, value_name = "E-MAIL")]
        actor: Option<String>,
        /// Au plus ce nombre d'actes (200 par défaut)
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Écrit un tableau JSON d'actes sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::List {
            since,
            actor,
            limit,
            json,
        } => {
            // Checked here, so that a typo is named by its flag before anything is asked.
            let since = since
                .map(|raw| {
                    parse_date(&raw)
                        .map(|day| day.to_string())
                        .map_err(|error| Error::InvalidValue {
                            flag: "--since",
                            error,
                        })
                })
                .transpose()?;
            let actor = actor
                .map(|raw| {
                    Email::parse(&raw)
                        .map(|email| email.to_string())
                        .map_err(|error| Error::InvalidValue {
                            flag: "--actor",
                            error,
                        })
                })
                .transpose()?;
            let acts = staff_client(settings)?
                .audit(since.as_deref(), actor.as_deref(), limit)
                .await
                .map_err(with_session)?;
            let lang = settings.lang;
            output::list(json, &acts, lang.pick("Aucun acte", "No act"), |acts| {
                table(acts, lang)
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn table(acts: &[AccountActView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["Quand", "Acte", "Par", "Compte", "IP", "Détail"],
        Lang::En => ["When", "Act", "By", "Account", "IP", "Detail"],
    });
    for act in acts {
        let detail = act
            .changes
            .iter()
            .map(|change| match (&change.old, &change.new) {
                (Some(old), Some(new)) => format!("{} : {old} → {new}", change.field),
                (None, Some(new)) => format!("{} : {new}", change.field),
                (Some(old), None) => format!("{} : {old} → —", change.field),
                (None, None) => change.field.clone(),
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        table.add_row([
            output::date_time(act.at),
            act.action.label(lang).to_owned(),
            act.actor.clone(),
            act.account.clone().unwrap_or_default(),
            act.ip.clone().unwrap_or_default(),
            detail,
        ]);
    }
    table
}
