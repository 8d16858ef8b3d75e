//! `help set | show`: the parents' "Utiliser Tempatro" page, one Markdown text the staff replace
//! whole. Not this command line's own help, which is `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::Lang;

use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{output, values};

#[derive(Debug, Subcommand)]
pub enum HelpCommand {
    /// Remplace la page par le contenu d'un fichier Markdown
    Set {
        /// Le fichier Markdown (- : l'entrée standard)
        #[arg(long, value_name = "FICHIER")]
        file: PathBuf,
        /// Écrit la page enregistrée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Écrit la page telle que les parents la lisent, en Markdown
    Show {
        /// Écrit la page et sa date de mise à jour en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: HelpCommand) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    match command {
        HelpCommand::Set { file, json } => {
            let markdown = values::text_file(&file)?;
            let page = staff_client(settings)?
                .set_help(&markdown)
                .await
                .map_err(with_session)?;
            if json {
                output::json(&page)?;
            } else {
                let lines = page.markdown.lines().count();
                output::line(&match lang {
                    Lang::Fr => format!(
                        "Page « Utiliser Tempatro » remplacée ({lines} {}) : les parents la lisent dès maintenant.",
                        if lines <= 1 { "ligne" } else { "lignes" }
                    ),
                    Lang::En => format!(
                        "Page “Utiliser Tempatro” replaced ({lines} {}): parents read it from now on.",
                        if lines == 1 { "line" } else { "lines" }
                    ),
                })?;
            }
        }
        HelpCommand::Show { json } => {
            let page = staff_client(settings)?.help().await.map_err(with_session)?;
            if json {
                output::json(&page)?;
            } else {
                // The Markdown as it is, so that `help show > aide.md`, edit, `help set` round-trips.
                output::line(page.markdown.trim_end())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
