//! `links list | approve | reject`: the parents' "Mon enfant n'apparaît pas" requests.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::{LinkRequestStatus, LinkRequestView};
use tempatro_core::{Lang, date};

use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{output, prompt};

#[derive(Debug, Subcommand)]
pub enum LinksCommand {
    /// Liste les demandes de liaison des parents (« Mon enfant n'apparaît pas »)
    List {
        /// Seulement les demandes de ce statut
        #[arg(long, value_enum, value_name = "STATUT")]
        status: Option<LinkStatusArg>,
        /// Écrit un tableau JSON de demandes sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Accepte une demande : lie l'enfant indiqué au compte du parent
    Approve {
        /// Numéro de la demande (colonne N° de `links list`)
        #[arg(value_name = "DEMANDE")]
        id: i64,
        /// Numéro de l'enfant dont il s'agit (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Écrit la demande acceptée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Refuse une demande, avec un motif que le parent lira
    Reject {
        /// Numéro de la demande (colonne N° de `links list`)
        #[arg(value_name = "DEMANDE")]
        id: i64,
        /// Motif du refus, montré au parent
        #[arg(long, value_name = "TEXTE")]
        reason: String,
        /// Refuse sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit la demande refusée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LinkStatusArg {
    /// en attente
    Pending,
    /// acceptée
    Approved,
    /// refusée
    Rejected,
}

impl From<LinkStatusArg> for LinkRequestStatus {
    fn from(status: LinkStatusArg) -> LinkRequestStatus {
        match status {
            LinkStatusArg::Pending => LinkRequestStatus::Pending,
            LinkStatusArg::Approved => LinkRequestStatus::Approved,
            LinkStatusArg::Rejected => LinkRequestStatus::Rejected,
        }
    }
}

fn status_label(status: LinkRequestStatus, lang: Lang) -> &'static str {
    match status {
        LinkRequestStatus::Pending => lang.pick("en attente", "pending"),
        LinkRequestStatus::Approved => lang.pick("acceptée", "approved"),
        LinkRequestStatus::Rejected => lang.pick("refusée", "rejected"),
    }
}

pub async fn run(settings: &Settings, command: LinksCommand) -> anyhow::Result<ExitCode> {
    match command {
        LinksCommand::List { status, json } => list(settings, status.map(Into::into), json).await,
        LinksCommand::Approve { id, child, json } => approve(settings, id, child, json).await,
        LinksCommand::Reject {
            id,
            reason,
            yes,
            json,
        } => reject(settings, id, &reason, yes, json).await,
    }
}

async fn list(
    settings: &Settings,
    status: Option<LinkRequestStatus>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let requests = staff_client(settings)?
        .link_requests(status)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&requests)?;
    } else if requests.is_empty() {
        output::line(&match (status, lang) {
            (None, _) => lang
                .pick("Aucune demande de liaison", "No link request")
                .to_owned(),
            (Some(status), Lang::Fr) => {
                format!("Aucune demande de liaison {}", status_label(status, lang))
            }
            (Some(status), Lang::En) => {
                format!("No {} link request", status_label(status, lang))
            }
        })?;
    } else {
        let mut table = output::listing(match lang {
            Lang::Fr => [
                "N°",
                "Parent",
                "Enfant",
                "Naissance",
                "Message",
                "Statut",
                "Reçue le",
            ],
            Lang::En => [
                "No.",
                "Parent",
                "Child",
                "Born",
                "Message",
                "Status",
                "Received on",
            ],
        });
        for request in &requests {
            table.add_row([
                request.id.to_string(),
                format!("{} <{}>", request.parent.name, request.parent.email),
                child_name(request),
                date::short(request.birth_date),
                request.message.clone(),
                status_label(request.status, lang).to_owned(),
                date::short(request.created_at.date()),
            ]);
        }
        output::table(table)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn child_name(request: &LinkRequestView) -> String {
    format!("{} {}", request.child_first_name, request.child_last_name)
}

async fn approve(settings: &Settings, id: i64, child: i64, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let request = client
        .approve_link_request(id, child)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&request)?;
    } else {
        // The name on the sheet, not the one the parent typed: a wrong number shows at once.
        let name = match client.child(child).await {
            Ok(sheet) => sheet.full_name(),
            Err(_) => child_name(&request),
        };
        let (parent, email) = (&request.parent.name, &request.parent.email);
        output::line(&match lang {
            Lang::Fr => format!(
                "Demande n°{id} acceptée : {name} (n°{child}) est lié au compte de {parent} ({email})."
            ),
            Lang::En => format!(
                "Request no. {id} approved: {name} (no. {child}) is linked to the account of {parent} ({email})."
            ),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn reject(
    settings: &Settings,
    id: i64,
    reason: &str,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    if !yes {
        // Only to name the request in the question: the server says itself if it does not exist.
        let requests = client.link_requests(None).await.map_err(with_session)?;
        let question = match requests.iter().find(|request| request.id == id) {
            Some(request) => {
                let (name, parent) = (child_name(request), &request.parent.name);
                match lang {
                    Lang::Fr => format!("Refuser la demande de {parent} pour {name} ?"),
                    Lang::En => format!("Reject the request of {parent} for {name}?"),
                }
            }
            None => match lang {
                Lang::Fr => format!("Refuser la demande de liaison n°{id} ?"),
                Lang::En => format!("Reject the link request no. {id}?"),
            },
        };
        let help = match lang {
            Lang::Fr => format!("Motif montré au parent : {reason}"),
            Lang::En => format!("Reason shown to the parent: {reason}"),
        };
        prompt::confirm(false, question, help, lang).await?;
    }
    let request = client
        .reject_link_request(id, reason)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&request)?;
    } else {
        let (name, parent) = (child_name(&request), &request.parent.name);
        output::line(&match lang {
            Lang::Fr => format!("Demande n°{id} de {parent} pour {name} refusée."),
            Lang::En => format!("Request no. {id} of {parent} for {name} rejected."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
