//! `children add | list | show | edit | link | unlink | history`: the children's sheets as the
//! staff keep them. Each command lives in its own file; the grammar and the list are here.

mod add;
mod edit;
mod history;
mod parents;
mod sheet;

use std::process::ExitCode;

use clap::{Args, Subcommand};
use tempatro_client::ChildrenFilter;
use tempatro_core::api::ChildSummary;
use tempatro_core::{Lang, date};

use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{affiliations, output, values};

pub use add::AddArgs;
pub use edit::EditArgs;
pub(crate) use history::describe as describe_change;

#[derive(Debug, Subcommand)]
pub enum ChildrenCommand {
    /// Inscrit un enfant et l'affilie pour le cycle en cours (formulaire si des options manquent)
    Add(AddArgs),
    /// Liste les enfants avec leur section et leur affiliation
    List(ListArgs),
    /// Affiche la fiche d'un enfant
    Show {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        id: i64,
        /// Écrit la fiche en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Modifie la fiche d'un enfant : seuls les champs indiqués changent
    #[command(override_usage = "tempatro-admin children edit <ENFANT> --champ <VALEUR>…")]
    // Boxed: fourteen optional texts would make every other command as large.
    Edit(Box<EditArgs>),
    /// Lie un enfant au compte d'un parent, qui voit alors sa fiche
    Link {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Adresse e-mail du compte du parent
        #[arg(value_name = "E-MAIL")]
        email: String,
        /// Écrit les parents liés à l'enfant en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Délie un enfant du compte d'un parent, qui ne voit plus sa fiche
    Unlink {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Adresse e-mail du compte du parent
        #[arg(value_name = "E-MAIL")]
        email: String,
        /// Délie sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
    },
    /// Historique de la fiche d'un enfant : qui a changé quoi, et quand
    History {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        id: i64,
        /// Écrit l'historique en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Seulement les enfants de cette section (nom ou numéro)
    #[arg(long, value_name = "SECTION")]
    section: Option<String>,
    /// Section et affiliation de ce cycle, par exemple 2026-2027 (par défaut : le cycle en cours)
    #[arg(long, value_name = "CYCLE")]
    cycle: Option<String>,
    /// Seulement les enfants dont l'affiliation n'est pas payée
    #[arg(long)]
    unpaid: bool,
    /// Seulement les enfants en affiliation solidaire
    #[arg(long)]
    solidarity: bool,
    /// Seulement les enfants liés à aucun compte de parent
    #[arg(long)]
    unlinked: bool,
    /// Écrit un tableau JSON d'enfants sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn run(settings: &Settings, command: ChildrenCommand) -> anyhow::Result<ExitCode> {
    match command {
        ChildrenCommand::Add(args) => add::run(settings, args).await,
        ChildrenCommand::List(args) => list(settings, args).await,
        ChildrenCommand::Show { id, json } => sheet::show(settings, id, json).await,
        ChildrenCommand::Edit(args) => edit::run(settings, *args).await,
        ChildrenCommand::Link { child, email, json } => {
            parents::link(settings, child, &email, json).await
        }
        ChildrenCommand::Unlink { child, email, yes } => {
            parents::unlink(settings, child, &email, yes).await
        }
        ChildrenCommand::History { id, json } => history::show(settings, id, json).await,
    }
}

async fn list(settings: &Settings, args: ListArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let filter = ChildrenFilter {
        section: args.section,
        cycle: values::optional_cycle("--cycle", args.cycle.as_deref())?,
        unpaid: args.unpaid,
        solidarity: args.solidarity,
        unlinked: args.unlinked,
    };
    let children = staff_client(settings)?
        .children(&filter)
        .await
        .map_err(with_session)?;
    let filtered =
        filter.section.is_some() || filter.unpaid || filter.solidarity || filter.unlinked;
    let none = if filtered {
        lang.pick(
            "Aucun enfant ne correspond à ces critères",
            "No child matches these filters",
        )
    } else {
        lang.pick("Aucun enfant", "No child")
    };
    output::list(args.json, &children, none, |children| {
        children_table(children, lang)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn children_table(children: &[ChildSummary], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => [
            "N°",
            "Nom",
            "Date de naissance",
            "Âge",
            "Section",
            "Affiliation",
            "Solidaire",
            "Parents",
        ],
        Lang::En => [
            "No.",
            "Name",
            "Birth date",
            "Age",
            "Section",
            "Affiliation",
            "Solidarity",
            "Parents",
        ],
    });
    for child in children {
        let affiliation = child.affiliation.as_ref();
        table.add_row([
            child.id.to_string(),
            format!("{} {}", child.first_name, child.last_name),
            date::short(child.birth_date),
            child.age.to_string(),
            child
                .section
                .as_ref()
                .map_or(output::NONE.to_owned(), |section| section.label.clone()),
            affiliations::state(affiliation, lang).to_owned(),
            affiliation
                .map_or(output::NONE, |affiliation| {
                    output::yes_no(affiliation.solidarity, lang)
                })
                .to_owned(),
            child.parents.to_string(),
        ]);
    }
    table
}

/// "8 ans", "1 an": ages as a sheet reads them.
fn age(years: u32, lang: Lang) -> String {
    match (lang, years) {
        (Lang::Fr, 0 | 1) => format!("{years} an"),
        (Lang::Fr, _) => format!("{years} ans"),
        (Lang::En, 1) => "1 year old".to_owned(),
        (Lang::En, _) => format!("{years} years old"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use tempatro_core::api::{AffiliationView, SectionView};
    use time::macros::date;

    #[test]
    fn a_line_per_child_with_its_section_and_affiliation() {
        let section = SectionView {
            id: 2,
            name: "Benjamins".to_owned(),
            min_age: 6,
            max_age: 9,
            gender: None,
            position: 1,
            label: "Benjamins 6-9 ans".to_owned(),
        };
        let billy = ChildSummary {
            id: 12,
            first_name: "Billy".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: date!(2018 - 05 - 01),
            age: 8,
            section: Some(section.clone()),
            affiliation: Some(AffiliationView {
                child_id: 12,
                child_name: "Billy LE PIVERT".to_owned(),
                cycle: "2026-2027".parse().unwrap(),
                section: Some(section),
                fee: Amount::from_cents(1500),
                solidarity: true,
                payment: None,
                due: None,
            }),
            parents: 1,
        };
        let unaffiliated = ChildSummary {
            id: 13,
            first_name: "Lily".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: date!(2021 - 03 - 02),
            age: 5,
            section: None,
            affiliation: None,
            parents: 0,
        };
        let text = children_table(&[billy, unaffiliated], Lang::Fr).trim_fmt();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("N°  Nom"), "{text}");
        assert!(
            lines[2].contains("Billy LE PIVERT  01/05/2018")
                && lines[2].contains("Benjamins 6-9 ans  non payée")
                && lines[2].contains("oui"),
            "{text}"
        );
        assert!(lines[3].contains("Lily LE PIVERT"), "{text}");
        assert_eq!(lines[3].matches('—').count(), 3, "{text}");
    }

    #[test]
    fn ages_agree_with_their_number() {
        assert_eq!(age(1, Lang::Fr), "1 an");
        assert_eq!(age(8, Lang::Fr), "8 ans");
        assert_eq!(age(8, Lang::En), "8 years old");
    }
}
