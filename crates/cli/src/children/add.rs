//! `children add`: a new child from flags, or from a short form when a person is at the keyboard
//! and some are missing.

use std::process::ExitCode;

use clap::Args;
use inquire::validator::Validation;
use tempatro_core::api::{ChildSheet, NewChild, SectionView};
use tempatro_core::{Address, BirthDate, Lang, PersonName};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::values::GenderArg;
use crate::{affiliations, output, prompt};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Prénom de l'enfant
    #[arg(long, value_name = "PRÉNOM")]
    first_name: Option<String>,
    /// Nom de famille de l'enfant
    #[arg(long, value_name = "NOM")]
    last_name: Option<String>,
    /// Date de naissance, JJ/MM/AAAA
    #[arg(long, value_name = "DATE")]
    birth_date: Option<String>,
    /// Adresse, par exemple "Rue du Roeulx 23, 7110 Maurage"
    #[arg(long, value_name = "ADRESSE")]
    address: Option<String>,
    /// Section de l'affiliation (nom ou numéro ; par défaut : selon l'âge)
    #[arg(long, value_name = "SECTION")]
    section: Option<String>,
    /// Genre de l'enfant, pour les sections réservées aux garçons ou aux filles
    #[arg(long, value_enum, value_name = "GENRE")]
    gender: Option<GenderArg>,
    /// N'affilie pas l'enfant pour le cycle en cours
    #[arg(long, conflicts_with_all = ["section", "solidarity"])]
    no_affiliation: bool,
    /// Affiliation solidaire (cotisation réduite)
    #[arg(long)]
    solidarity: bool,
    /// Écrit la fiche de l'enfant créé en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn run(settings: &Settings, mut args: AddArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let missing: Vec<&'static str> = [
        (args.first_name.is_none(), "--first-name"),
        (args.last_name.is_none(), "--last-name"),
        (args.birth_date.is_none(), "--birth-date"),
    ]
    .into_iter()
    .filter_map(|(missing, flag)| missing.then_some(flag))
    .collect();
    if !missing.is_empty() && !prompt::interactive() {
        return Err(Error::MissingFlags { flags: missing }.into());
    }
    // Before any question: a staff member who is not logged in should not fill a form for nothing.
    let client = staff_client(settings)?;
    if !missing.is_empty() {
        let sections = if args.section.is_none() && !args.no_affiliation {
            client.sections().await.map_err(with_session)?
        } else {
            Vec::new()
        };
        args = prompt::blocking(move || ask(args, sections, lang)).await?;
    }
    let child = NewChild {
        first_name: args.first_name.unwrap_or_default(),
        last_name: args.last_name.unwrap_or_default(),
        birth_date: args.birth_date.unwrap_or_default(),
        gender: args.gender.map(GenderArg::code),
        address: args.address.filter(|address| !address.trim().is_empty()),
        section: args.section,
        affiliate: args.no_affiliation.then_some(false),
        solidarity: args.solidarity,
    };
    let sheet = client.create_child(&child).await.map_err(with_session)?;
    output::json_or_line(args.json, &sheet, |sheet| created(sheet, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// "Enfant n°12 créé : Billy LE PIVERT, Benjamins 6-9 ans, affilié pour 2026-2027 (45,00 €, non
/// payé)."
fn created(sheet: &ChildSheet, lang: Lang) -> String {
    let (id, name) = (sheet.id, sheet.full_name());
    // A new child has at most the one affiliation just made.
    let Some(affiliation) = sheet.affiliations.last() else {
        return match lang {
            Lang::Fr => format!("Enfant n°{id} créé : {name}, sans affiliation."),
            Lang::En => format!("Child no. {id} created: {name}, without affiliation."),
        };
    };
    let section = affiliation
        .section
        .as_ref()
        .or(sheet.section.as_ref())
        .map_or_else(String::new, |section| format!(", {}", section.label));
    let (cycle, fee) = (affiliation.cycle, affiliations::fee(affiliation, lang));
    let paid = affiliation.paid();
    match lang {
        Lang::Fr => format!(
            "Enfant n°{id} créé : {name}{section}, affilié pour {cycle} ({fee}, {}).",
            if paid { "payé" } else { "non payé" }
        ),
        Lang::En => format!(
            "Child no. {id} created: {name}{section}, affiliated for {cycle} ({fee}, {}).",
            if paid { "paid" } else { "unpaid" }
        ),
    }
}

/// The form: asks what the flags did not say, each answer checked as the server will check it so
/// that a typo is fixed on the spot rather than after a refusal.
fn ask(
    mut args: AddArgs,
    sections: Vec<SectionView>,
    lang: Lang,
) -> Result<AddArgs, inquire::InquireError> {
    let today = time::OffsetDateTime::now_utc().date();
    let select_help = lang.pick(
        "↑↓ pour choisir, Entrée pour valider, tapez pour filtrer",
        "↑↓ to move, Enter to select, type to filter",
    );
    let name_valid = move |input: &str| {
        Ok(match PersonName::parse(input) {
            Ok(_) => Validation::Valid,
            Err(error) => Validation::Invalid(error.message(lang).into()),
        })
    };
    if args.first_name.is_none() {
        args.first_name = Some(
            inquire::Text::new(lang.pick("Prénom :", "First name:"))
                .with_validator(name_valid)
                .prompt()?,
        );
    }
    if args.last_name.is_none() {
        args.last_name = Some(
            inquire::Text::new(lang.pick("Nom :", "Last name:"))
                .with_validator(name_valid)
                .prompt()?,
        );
    }
    if args.birth_date.is_none() {
        args.birth_date = Some(
            inquire::Text::new(lang.pick("Date de naissance :", "Birth date:"))
                .with_placeholder(lang.pick("JJ/MM/AAAA", "DD/MM/YYYY"))
                .with_validator(move |input: &str| {
                    Ok(match BirthDate::parse(input, today) {
                        Ok(_) => Validation::Valid,
                        Err(error) => Validation::Invalid(error.message(lang).into()),
                    })
                })
                .prompt()?,
        );
    }
    if args.address.is_none() {
        let address = inquire::Text::new(lang.pick("Adresse :", "Address:"))
            .with_placeholder("Rue du Roeulx 23, 7110 Maurage")
            .with_help_message(
                lang.pick("Facultatif : Entrée pour passer", "Optional: Enter to skip"),
            )
            .with_validator(move |input: &str| {
                Ok(match input.trim() {
                    "" => Validation::Valid,
                    text => match Address::parse(text) {
                        Ok(_) => Validation::Valid,
                        Err(error) => Validation::Invalid(error.message(lang).into()),
                    },
                })
            })
            .prompt()?;
        args.address = Some(address).filter(|address| !address.trim().is_empty());
    }
    if args.gender.is_none() {
        let choices = vec![
            lang.pick("non précisé", "not given"),
            lang.pick("garçon", "boy"),
            lang.pick("fille", "girl"),
        ];
        let chosen = inquire::Select::new(lang.pick("Genre :", "Gender:"), choices)
            .with_help_message(select_help)
            .raw_prompt()?
            .index;
        args.gender = [None, Some(GenderArg::Boy), Some(GenderArg::Girl)][chosen];
    }
    if !sections.is_empty() {
        let mut choices = vec![lang.pick("selon l'âge", "by age").to_owned()];
        choices.extend(sections.iter().map(|section| section.label.clone()));
        let chosen = inquire::Select::new(lang.pick("Section :", "Section:"), choices)
            .with_help_message(select_help)
            .raw_prompt()?
            .index;
        // Sent by number: a name could be shared by a boys' and a girls' section.
        args.section = chosen
            .checked_sub(1)
            .map(|index| sections[index].id.to_string());
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use tempatro_core::api::AffiliationView;
    use time::macros::date;

    fn benjamins() -> SectionView {
        SectionView {
            id: 2,
            name: "Benjamins".to_owned(),
            min_age: 6,
            max_age: 9,
            gender: None,
            position: 1,
            label: "Benjamins 6-9 ans".to_owned(),
        }
    }

    fn billy(affiliations: Vec<AffiliationView>) -> ChildSheet {
        ChildSheet {
            id: 12,
            version: 1,
            first_name: "Billy".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: date!(2018 - 05 - 01),
            age: 8,
            gender: None,
            address: None,
            section: Some(benjamins()),
            image_rights: None,
            primary_contact: None,
            secondary_contact: None,
            doctor: None,
            affiliations,
            camps: Vec::new(),
            created_on: date!(2026 - 09 - 01),
            parents: Vec::new(),
            renewal: None,
        }
    }

    #[test]
    fn the_new_child_is_told_with_its_number_and_affiliation() {
        let affiliation = AffiliationView {
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            cycle: "2026-2027".parse().unwrap(),
            section: Some(benjamins()),
            fee: Amount::from_cents(4500),
            solidarity: false,
            payment: None,
            due: None,
        };
        assert_eq!(
            created(&billy(vec![affiliation]), Lang::Fr),
            "Enfant n°12 créé : Billy LE PIVERT, Benjamins 6-9 ans, affilié pour 2026-2027 (45,00 €, non payé)."
        );
        assert_eq!(
            created(&billy(Vec::new()), Lang::Fr),
            "Enfant n°12 créé : Billy LE PIVERT, sans affiliation."
        );
    }
}
