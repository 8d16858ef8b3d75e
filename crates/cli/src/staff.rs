//! `staff set | disable`: who in the team is a responsable, which sections each animateur leads,
//! and who leaves it.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::StaffRoleInput;
use tempatro_core::{Lang, Role};

use crate::accounts::find;
use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{output, prompt};

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Donne un rôle à un membre de l'équipe et, à un animateur, les sections qu'il anime
    Set {
        /// Adresse e-mail du compte
        #[arg(value_name = "E-MAIL")]
        email: String,
        /// Le rôle : un animateur lit les enfants de ses sections, un responsable fait tout
        #[arg(long, value_enum, value_name = "RÔLE")]
        role: RoleArg,
        /// Sections animées, séparées par des virgules (noms ou numéros)
        #[arg(long, value_name = "SECTIONS", value_delimiter = ',')]
        sections: Vec<String>,
        /// Écrit le membre de l'équipe en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Désactive un compte (quelqu'un qui quitte l'équipe) : ses sessions se ferment et ses jetons
    /// d'API sont révoqués aussitôt
    Disable {
        /// Adresse e-mail du compte
        #[arg(value_name = "E-MAIL")]
        email: String,
        /// Désactive sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit le compte désactivé en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    /// Quitte l'équipe mais garde son compte de parent ; ses sessions se ferment
    #[value(name = "parent")]
    Parent,
    #[value(name = "animateur", alias = "leader")]
    Animateur,
    #[value(name = "responsable", alias = "head")]
    Responsable,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Parent => Role::Parent,
            RoleArg::Animateur => Role::Animateur,
            RoleArg::Responsable => Role::Responsable,
        }
    }
}

pub async fn run(settings: &Settings, command: StaffCommand) -> anyhow::Result<ExitCode> {
    match command {
        StaffCommand::Set {
            email,
            role,
            sections,
            json,
        } => set(settings, &email, role, &sections, json).await,
        StaffCommand::Disable { email, yes, json } => disable(settings, &email, yes, json).await,
    }
}

async fn disable(
    settings: &Settings,
    email: &str,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    let account = find(&client, email).await?;
    prompt::confirm(
        yes,
        match lang {
            Lang::Fr => format!(
                "Désactiver le compte de {} ({}) ?",
                account.full_name(),
                account.email
            ),
            Lang::En => format!(
                "Disable the account of {} ({})?",
                account.full_name(),
                account.email
            ),
        },
        lang.pick(
            "Ses sessions se ferment et ses jetons d'API sont révoqués dès maintenant.",
            "Their sessions end and their API tokens are revoked from now on.",
        )
        .to_owned(),
        lang,
    )
    .await?;
    let disabled = client
        .disable_account(account.id)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &disabled, |account| {
        let (name, email) = (account.full_name(), &account.email);
        match lang {
            Lang::Fr => format!(
                "Compte de {name} ({email}) désactivé : ses sessions sont fermées et ses jetons d'API révoqués."
            ),
            Lang::En => format!(
                "Account of {name} ({email}) disabled: their sessions are closed and their API tokens revoked."
            ),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn set(
    settings: &Settings,
    email: &str,
    role: RoleArg,
    sections: &[String],
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let account = find(&client, email).await?;
    let input = StaffRoleInput {
        role: role.into(),
        sections: sections
            .iter()
            .map(|section| section.trim().to_owned())
            .filter(|section| !section.is_empty())
            .collect(),
    };
    let staff = client
        .set_staff_role(account.id, &input)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&staff)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (name, email, role) = (
        staff.account.full_name(),
        &staff.account.email,
        staff.account.role.label(lang),
    );
    let sections: Vec<&str> = staff
        .sections
        .iter()
        .map(|section| section.label.as_str())
        .collect();
    output::line(&match (lang, sections.is_empty()) {
        (Lang::Fr, true) => format!("{name} ({email}) est maintenant {role}."),
        (Lang::Fr, false) => format!(
            "{name} ({email}) est maintenant {role} : {}.",
            sections.join(", ")
        ),
        (Lang::En, true) => format!("{name} ({email}) is now {role}."),
        (Lang::En, false) => format!("{name} ({email}) is now {role}: {}.", sections.join(", ")),
    })?;
    Ok(ExitCode::SUCCESS)
}
