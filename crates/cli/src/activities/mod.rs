//! `activities create | edit | list | show | participants | add | remove | waitlist | pay`: camps
//! and hikes, who goes, who waits and who paid. The grammar, the list and the sheet are here;
//! the other commands live in their own files.

mod create;
mod participants;
mod registrations;

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::ActivityView;
use tempatro_core::{ActivityKind, Lang, date};

use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

pub use create::{CreateArgs, EditArgs};
pub use participants::ParticipantsArgs;
pub use registrations::PayArgs;

#[derive(Debug, Subcommand)]
pub enum ActivitiesCommand {
    /// Crée un camp ou un hike (formulaire si des options manquent)
    #[command(
        override_usage = "tempatro-admin activities create --kind camp|hike --name <NOM> --place <LIEU> --start <DATE> --end <DATE> --sections <SECTIONS> --price <MONTANT> --capacity <N> --deadline <DATE> [OPTIONS]"
    )]
    // Boxed, as are the edit's flags: a dozen texts would make every other command as large.
    Create(Box<CreateArgs>),
    /// Modifie un camp ou un hike : seuls les champs indiqués changent
    #[command(override_usage = "tempatro-admin activities edit <ACTIVITÉ> --champ <VALEUR>…")]
    Edit(Box<EditArgs>),
    /// Liste les camps et les hikes, les plus proches d'abord
    List {
        /// Écrit un tableau JSON d'activités sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Affiche un camp ou un hike : dates, sections, prix, places, responsables
    Show {
        /// Numéro de l'activité (colonne N° de `activities list`)
        #[arg(value_name = "ACTIVITÉ")]
        id: i64,
        /// Écrit l'activité en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Participants : contacts d'urgence, allergies et régime ; export pour un tableur
    Participants(ParticipantsArgs),
    /// Inscrit un enfant (au-delà des places, il va en liste d'attente)
    Add {
        /// Numéro de l'activité (colonne N° de `activities list`)
        #[arg(value_name = "ACTIVITÉ")]
        activity: i64,
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Écrit l'inscription en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Retire un enfant ; le premier de la liste d'attente prend sa place
    Remove {
        /// Numéro de l'activité (colonne N° de `activities list`)
        #[arg(value_name = "ACTIVITÉ")]
        activity: i64,
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Retire sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit l'inscription annulée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Liste d'attente, dans l'ordre où les places se libéreront
    Waitlist {
        /// Numéro de l'activité (colonne N° de `activities list`)
        #[arg(value_name = "ACTIVITÉ")]
        id: i64,
        /// Écrit un tableau JSON de participants en attente sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Enregistre le paiement d'une inscription
    Pay(PayArgs),
}

pub async fn run(settings: &Settings, command: ActivitiesCommand) -> anyhow::Result<ExitCode> {
    match command {
        ActivitiesCommand::Create(args) => create::create(settings, *args).await,
        ActivitiesCommand::Edit(args) => create::edit(settings, *args).await,
        ActivitiesCommand::List { json } => list(settings, json).await,
        ActivitiesCommand::Show { id, json } => show(settings, id, json).await,
        ActivitiesCommand::Participants(args) => participants::show(settings, args).await,
        ActivitiesCommand::Add {
            activity,
            child,
            json,
        } => registrations::add(settings, activity, child, json).await,
        ActivitiesCommand::Remove {
            activity,
            child,
            yes,
            json,
        } => registrations::remove(settings, activity, child, yes, json).await,
        ActivitiesCommand::Waitlist { id, json } => {
            participants::waitlist(settings, id, json).await
        }
        ActivitiesCommand::Pay(args) => registrations::pay(settings, args).await,
    }
}

async fn list(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let activities = staff_client(settings)?
        .activities()
        .await
        .map_err(with_session)?;
    output::list(
        json,
        &activities,
        lang.pick(
            "Aucun camp ni hike : créez-en un avec `tempatro-admin activities create`",
            "No camp or hike: create one with `tempatro-admin activities create`",
        ),
        |activities| table(activities, lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn table(activities: &[ActivityView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => [
            "N°",
            "Type",
            "Nom",
            "Lieu",
            "Dates",
            "Sections",
            "Prix",
            "Inscrits/places",
            "Attente",
            "Date limite",
        ],
        Lang::En => [
            "No.",
            "Kind",
            "Name",
            "Place",
            "Dates",
            "Sections",
            "Price",
            "Registered/places",
            "Waiting",
            "Deadline",
        ],
    });
    for activity in activities {
        let (start, end) = (
            date::short(activity.starts_on),
            date::short(activity.ends_on),
        );
        table.add_row([
            activity.id.to_string(),
            activity.kind.label(lang).to_owned(),
            activity.name.clone(),
            activity.place.clone(),
            if start == end {
                start
            } else {
                format!("{start} – {end}")
            },
            section_names(activity),
            price(activity, lang),
            match activity.capacity {
                Some(capacity) => format!("{}/{capacity}", activity.registered),
                None => activity.registered.to_string(),
            },
            activity.waitlisted.to_string(),
            date::short(activity.deadline),
        ]);
    }
    table
}

async fn show(settings: &Settings, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let activity = staff_client(settings)?
        .activity(id)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &activity, |activity| sheet(activity, settings.lang))?;
    Ok(ExitCode::SUCCESS)
}

fn sheet(activity: &ActivityView, lang: Lang) -> String {
    let (kind, id, name) = (kind_title(activity.kind), activity.id, &activity.name);
    let title = match lang {
        Lang::Fr => format!("{kind} n°{id} : {name}"),
        Lang::En => format!("{kind} no. {id}: {name}"),
    };
    let sections: Vec<&str> = activity
        .sections
        .iter()
        .map(|section| section.label.as_str())
        .collect();
    let places = match (activity.capacity, activity.places_left, lang) {
        (None, _, _) => lang.pick("sans limite", "no limit").to_owned(),
        (Some(capacity), Some(left), Lang::Fr) => {
            format!(
                "{capacity} ({left} {})",
                plural(left, "restante", "restantes")
            )
        }
        (Some(capacity), Some(left), Lang::En) => format!("{capacity} ({left} left)"),
        (Some(capacity), None, _) => capacity.to_string(),
    };
    let leaders: Vec<String> = activity
        .leaders
        .iter()
        .map(|leader| format!("{} <{}>", leader.name, leader.email))
        .collect();
    let rows = [
        (lang.pick("Lieu", "Place"), activity.place.clone()),
        (lang.pick("Dates", "Dates"), dates(activity, lang)),
        (lang.pick("Sections", "Sections"), sections.join(", ")),
        (lang.pick("Prix", "Price"), activity.price.to_string()),
        (
            lang.pick("Prix solidaire", "Solidarity price"),
            activity
                .solidarity_price
                .map_or_else(|| output::NONE.to_owned(), |price| price.to_string()),
        ),
        (lang.pick("Places", "Places"), places),
        (
            lang.pick("Inscrits", "Registered"),
            activity.registered.to_string(),
        ),
        (
            lang.pick("Liste d'attente", "Waiting list"),
            activity.waitlisted.to_string(),
        ),
        (
            lang.pick("Date limite d'inscription", "Registration deadline"),
            date::short(activity.deadline),
        ),
        (
            lang.pick("Fiche santé", "Medical sheet"),
            if activity.needs_medical {
                lang.pick(
                    "à confirmer par les parents avant le départ",
                    "to be confirmed by the parents beforehand",
                )
            } else {
                lang.pick("pas demandée", "not required")
            }
            .to_owned(),
        ),
        (
            lang.pick("Responsables", "Leaders"),
            if leaders.is_empty() {
                output::NONE.to_owned()
            } else {
                leaders.join(", ")
            },
        ),
    ];
    format!("{title}\n\n{}", output::fields(&rows))
}

/// "Camp", "Hike": the kind at the head of a title.
fn kind_title(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Camp => "Camp",
        ActivityKind::Hike => "Hike",
    }
}

/// "Benjamins, Chevaliers": the sections' short names, for a line or a column.
fn section_names(activity: &ActivityView) -> String {
    activity
        .sections
        .iter()
        .map(|section| section.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "du 10/07/2027 au 20/07/2027", or "le 15/03/2027" for a one-day hike.
fn dates(activity: &ActivityView, lang: Lang) -> String {
    let (start, end) = (
        date::short(activity.starts_on),
        date::short(activity.ends_on),
    );
    match (start == end, lang) {
        (true, Lang::Fr) => format!("le {start}"),
        (true, Lang::En) => format!("on {start}"),
        (false, Lang::Fr) => format!("du {start} au {end}"),
        (false, Lang::En) => format!("from {start} to {end}"),
    }
}

/// "120,00 €", or "120,00 € (80,00 € solidaire)".
fn price(activity: &ActivityView, lang: Lang) -> String {
    match activity.solidarity_price {
        Some(reduced) => format!(
            "{} ({reduced} {})",
            activity.price,
            lang.pick("solidaire", "solidarity")
        ),
        None => activity.price.to_string(),
    }
}

/// "Camp d'été 2027 (Benjamins), du 10/07/2027 au 20/07/2027, 120,00 €, 12 places": an
/// activity in one phrase, for the sentence that confirms a change.
fn summary(activity: &ActivityView, lang: Lang) -> String {
    let places = match activity.capacity {
        Some(capacity) => format!("{capacity} {}", plural(capacity, "place", "places")),
        None => lang
            .pick("places illimitées", "no limit on places")
            .to_owned(),
    };
    format!(
        "{} ({}), {}, {}, {places}",
        activity.name,
        section_names(activity),
        dates(activity, lang),
        price(activity, lang)
    )
}

/// "« Camp d'été 2027 » (n°3)": an activity named in a sentence about someone in it.
fn named(name: &str, id: i64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("« {name} » (n°{id})"),
        Lang::En => format!("“{name}” (no. {id})"),
    }
}

/// The singular for 0 and 1, as French counts them (and English too, for "place").
fn plural<'a>(count: u32, one: &'a str, many: &'a str) -> &'a str {
    if count <= 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use tempatro_core::api::{LeaderView, SectionView};
    use time::macros::date;

    pub fn summer_camp() -> ActivityView {
        ActivityView {
            id: 3,
            kind: ActivityKind::Camp,
            name: "Camp d'été 2027".to_owned(),
            place: "Opont".to_owned(),
            starts_on: date!(2027 - 07 - 10),
            ends_on: date!(2027 - 07 - 20),
            deadline: date!(2027 - 06 - 15),
            sections: vec![SectionView {
                id: 2,
                name: "Benjamins".to_owned(),
                min_age: 6,
                max_age: 9,
                gender: None,
                position: 1,
                label: "Benjamins 6-9 ans".to_owned(),
            }],
            price: Amount::from_cents(12000),
            solidarity_price: None,
            capacity: Some(12),
            registered: 11,
            waitlisted: 2,
            places_left: Some(1),
            needs_medical: true,
            leaders: vec![LeaderView {
                account_id: 1,
                name: "Cheffe Responsable".to_owned(),
                email: "chef@patro-valdhaine.be".to_owned(),
            }],
        }
    }

    #[test]
    fn an_activity_reads_in_one_phrase() {
        assert_eq!(
            summary(&summer_camp(), Lang::Fr),
            "Camp d'été 2027 (Benjamins), du 10/07/2027 au 20/07/2027, 120,00 €, 12 places"
        );
        let mut hike = summer_camp();
        hike.ends_on = hike.starts_on;
        hike.capacity = Some(1);
        hike.solidarity_price = Some(Amount::from_cents(500));
        assert_eq!(
            summary(&hike, Lang::En),
            "Camp d'été 2027 (Benjamins), on 10/07/2027, 120,00 € (5,00 € solidarity), 1 place"
        );
    }

    #[test]
    fn the_list_shows_places_taken_out_of_the_capacity() {
        let text = table(&[summer_camp()], Lang::Fr).trim_fmt();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("N°  Type  Nom"), "{text}");
        for expected in ["10/07/2027 – 20/07/2027", "11/12", "15/06/2027", "camp"] {
            assert!(lines[2].contains(expected), "{expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_sheet_says_places_left_and_who_leads() {
        let text = sheet(&summer_camp(), Lang::Fr);
        assert!(text.starts_with("Camp n°3 : Camp d'été 2027\n\n"), "{text}");
        for expected in [
            "12 (1 restante)",
            "Benjamins 6-9 ans",
            "Cheffe Responsable <chef@patro-valdhaine.be>",
            "à confirmer par les parents",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }
}
