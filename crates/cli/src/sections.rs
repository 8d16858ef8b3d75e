//! `sections list | set`: the Patro's sections (Poussins, Benjamins…), their ages and order.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::{SectionInput, SectionView};
use tempatro_core::{Gender, Lang};

use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

#[derive(Debug, Subcommand)]
pub enum SectionsCommand {
    /// Liste les sections dans l'ordre du Patro
    List {
        /// Écrit un tableau JSON de sections sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Crée une section, ou modifie celle qui porte ce nom (majuscules ou non)
    Set {
        /// Nom de la section, par exemple Benjamins
        #[arg(value_name = "NOM")]
        name: String,
        /// Âges acceptés : 6-9 prend les enfants de 6, 7 et 8 ans
        #[arg(long, value_name = "ÂGES")]
        ages: String,
        /// Section réservée aux garçons ou aux filles, ou mixte (par défaut : inchangé, mixte pour
        /// une nouvelle section)
        #[arg(long, value_enum, value_name = "GENRE")]
        gender: Option<SectionGender>,
        /// Place dans les listes (par défaut : inchangée, après les autres pour une nouvelle)
        #[arg(long, value_name = "N")]
        position: Option<i64>,
        /// Écrit la section enregistrée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SectionGender {
    #[value(name = "garçon", alias = "garcon", alias = "boy")]
    Boy,
    #[value(name = "fille", alias = "girl")]
    Girl,
    #[value(name = "mixte", alias = "mixed")]
    Mixed,
}

pub async fn run(settings: &Settings, command: SectionsCommand) -> anyhow::Result<ExitCode> {
    match command {
        SectionsCommand::List { json } => list(settings, json).await,
        SectionsCommand::Set {
            name,
            ages,
            gender,
            position,
            json,
        } => set(settings, name, ages, gender, position, json).await,
    }
}

async fn list(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let sections = staff_client(settings)?
        .sections()
        .await
        .map_err(with_session)?;
    if json {
        output::json(&sections)?;
    } else if sections.is_empty() {
        output::line(lang.pick("Aucune section", "No section"))?;
    } else {
        let mut table = output::listing(match lang {
            Lang::Fr => ["N°", "Nom", "Âges", "Genre", "Position"],
            Lang::En => ["No.", "Name", "Ages", "Gender", "Position"],
        });
        for section in &sections {
            table.add_row([
                section.id.to_string(),
                section.name.clone(),
                ages(section, lang),
                gender(section.gender, lang).to_owned(),
                section.position.to_string(),
            ]);
        }
        output::table(table)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn ages(section: &SectionView, lang: Lang) -> String {
    format!(
        "{}-{} {}",
        section.min_age,
        section.max_age,
        lang.pick("ans", "years")
    )
}

fn gender(gender: Option<Gender>, lang: Lang) -> &'static str {
    match gender {
        Some(gender) => gender.label(lang),
        None => lang.pick("mixte", "mixed"),
    }
}

async fn set(
    settings: &Settings,
    name: String,
    ages: String,
    gender: Option<SectionGender>,
    position: Option<i64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let sections = client.sections().await.map_err(with_session)?;
    let wanted = name.trim().to_lowercase();
    let existing = sections
        .iter()
        .find(|section| section.name.trim().to_lowercase() == wanted);
    // The server replaces a section whole: what the flags leave out is sent as it is now, so that
    // changing the ages does not also make a boys' section mixed or move it to the end.
    let gender = match gender {
        Some(SectionGender::Boy) => Some(Gender::Boy),
        Some(SectionGender::Girl) => Some(Gender::Girl),
        Some(SectionGender::Mixed) => None,
        None => existing.and_then(|section| section.gender),
    };
    let input = SectionInput {
        name: name.trim().to_owned(),
        ages,
        gender: gender.map(|gender| gender.as_str().to_owned()),
        position: position.or(existing.map(|section| section.position)),
    };
    let (saved, created) = match existing {
        Some(section) => (client.update_section(section.id, &input).await, false),
        None => (client.create_section(&input).await, true),
    };
    let saved = saved.map_err(with_session)?;
    if json {
        output::json(&saved)?;
    } else {
        let (label, id, position) = (&saved.label, saved.id, saved.position);
        output::line(&match (lang, created) {
            (Lang::Fr, true) => format!("Section {label} créée (n°{id}, position {position})."),
            (Lang::Fr, false) => {
                format!("Section {label} modifiée (n°{id}, position {position}).")
            }
            (Lang::En, true) => format!("Section {label} created (no. {id}, position {position})."),
            (Lang::En, false) => {
                format!("Section {label} updated (no. {id}, position {position}).")
            }
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
