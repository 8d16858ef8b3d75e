//! `staff set`: who in the team is a responsable, and which sections each animateur leads.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::StaffRoleInput;
use tempatro_core::{Lang, Role};

use crate::accounts::find;
use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

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
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    #[value(name = "animateur", alias = "leader")]
    Animateur,
    #[value(name = "responsable", alias = "head")]
    Responsable,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Animateur => Role::Animateur,
            RoleArg::Responsable => Role::Responsable,
        }
    }
}

pub async fn run(settings: &Settings, command: StaffCommand) -> anyhow::Result<ExitCode> {
    let StaffCommand::Set {
        email,
        role,
        sections,
        json,
    } = command;
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let account = find(&client, &email).await?;
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
