//! `activities create | edit`: a camp or a hike from flags, or from a short form when a person is
//! at the keyboard and some are missing; then changes to it, field by field.

use std::process::ExitCode;

use clap::{ArgGroup, Args};
use inquire::validator::Validation;
use tempatro_core::api::{ActivityInput, ActivityPatch, SectionView};
use tempatro_core::{ActivityKind, Amount, Lang, date};

use super::summary;
use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::values::{self, Switch};
use crate::{output, prompt};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Camp,
    Hike,
}

impl From<KindArg> for ActivityKind {
    fn from(kind: KindArg) -> ActivityKind {
        match kind {
            KindArg::Camp => ActivityKind::Camp,
            KindArg::Hike => ActivityKind::Hike,
        }
    }
}

#[derive(Debug, Default, Args)]
pub struct CreateArgs {
    /// Camp ou hike
    #[arg(long, value_enum, value_name = "TYPE")]
    kind: Option<KindArg>,
    /// Nom, par exemple "Camp d'été 2027"
    #[arg(long, value_name = "NOM")]
    name: Option<String>,
    /// Lieu, par exemple Opont
    #[arg(long, value_name = "LIEU")]
    place: Option<String>,
    /// Premier jour, JJ/MM/AAAA
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// Dernier jour, JJ/MM/AAAA
    #[arg(long, value_name = "DATE")]
    end: Option<String>,
    /// Sections invitées, séparées par des virgules (noms ou numéros)
    #[arg(long, value_name = "SECTIONS", value_delimiter = ',')]
    sections: Vec<String>,
    /// Prix, en euros (120 ou 120,00)
    #[arg(long, value_name = "MONTANT")]
    price: Option<String>,
    /// Prix pour les enfants en affiliation solidaire, en euros
    #[arg(long, value_name = "MONTANT")]
    solidarity_price: Option<String>,
    /// Nombre de places ; au-delà, les enfants vont en liste d'attente
    #[arg(long, value_name = "N")]
    capacity: Option<u32>,
    /// Dernier jour pour s'inscrire ou se désinscrire, JJ/MM/AAAA
    #[arg(long, value_name = "DATE")]
    deadline: Option<String>,
    /// Les parents confirment la fiche santé avant le départ
    #[arg(long)]
    needs_medical: bool,
    /// Animateurs responsables : adresses e-mail séparées par des virgules
    #[arg(long, value_name = "E-MAILS", value_delimiter = ',')]
    leaders: Vec<String>,
    /// Écrit l'activité créée en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Default, Args)]
#[command(group(ArgGroup::new("changes").required(true).multiple(true)))]
pub struct EditArgs {
    /// Numéro de l'activité (colonne N° de `activities list`)
    #[arg(value_name = "ACTIVITÉ")]
    id: i64,
    /// Nom
    #[arg(long, value_name = "NOM", group = "changes")]
    name: Option<String>,
    /// Lieu
    #[arg(long, value_name = "LIEU", group = "changes")]
    place: Option<String>,
    /// Premier jour, JJ/MM/AAAA
    #[arg(long, value_name = "DATE", group = "changes")]
    start: Option<String>,
    /// Dernier jour, JJ/MM/AAAA
    #[arg(long, value_name = "DATE", group = "changes")]
    end: Option<String>,
    /// Dernier jour pour s'inscrire ou se désinscrire, JJ/MM/AAAA
    #[arg(long, value_name = "DATE", group = "changes")]
    deadline: Option<String>,
    /// Sections invitées, séparées par des virgules : remplacent les actuelles
    #[arg(
        long,
        value_name = "SECTIONS",
        value_delimiter = ',',
        group = "changes"
    )]
    sections: Option<Vec<String>>,
    /// Prix, en euros
    #[arg(long, value_name = "MONTANT", group = "changes")]
    price: Option<String>,
    /// Nombre de places
    #[arg(long, value_name = "N", group = "changes")]
    capacity: Option<u32>,
    /// Fiche santé à confirmer avant le départ, ou non
    #[arg(long, value_enum, value_name = "true|false", group = "changes")]
    needs_medical: Option<Switch>,
    /// Animateurs responsables, séparés par des virgules : remplacent les actuels ("" les retire)
    #[arg(long, value_name = "E-MAILS", value_delimiter = ',', group = "changes")]
    leaders: Option<Vec<String>>,
    /// Écrit l'activité modifiée en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn create(settings: &Settings, mut args: CreateArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let missing = missing(&args);
    if !missing.is_empty() && !prompt::interactive() {
        return Err(Error::MissingFlags { flags: missing }.into());
    }
    // The flags given are read before any question or call: a typo is told at once, by its flag.
    check(&args)?;
    let client = staff_client(settings)?;
    if !missing.is_empty() {
        let sections = if args.sections.is_empty() {
            client.sections().await.map_err(with_session)?
        } else {
            Vec::new()
        };
        args = prompt::blocking(move || ask(args, sections, lang)).await?;
    }
    let json = args.json;
    let input = input(args)?;
    let activity = client.create_activity(&input).await.map_err(with_session)?;
    if json {
        output::json(&activity)?;
    } else {
        let (id, summary) = (activity.id, summary(&activity, lang));
        output::line(&match lang {
            Lang::Fr => format!("Activité n°{id} créée : {summary}."),
            Lang::En => format!("Activity no. {id} created: {summary}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The required flags not given, in the order of the usage line.
fn missing(args: &CreateArgs) -> Vec<&'static str> {
    [
        (args.kind.is_none(), "--kind"),
        (args.name.is_none(), "--name"),
        (args.place.is_none(), "--place"),
        (args.start.is_none(), "--start"),
        (args.end.is_none(), "--end"),
        (values::items(&args.sections).is_empty(), "--sections"),
        (args.price.is_none(), "--price"),
        (args.capacity.is_none(), "--capacity"),
        (args.deadline.is_none(), "--deadline"),
    ]
    .into_iter()
    .filter_map(|(missing, flag)| missing.then_some(flag))
    .collect()
}

/// Reads every date and amount given, so that a mistake names its flag.
fn check(args: &CreateArgs) -> Result<(), Error> {
    for (flag, value) in [
        ("--start", &args.start),
        ("--end", &args.end),
        ("--deadline", &args.deadline),
    ] {
        if let Some(value) = value {
            values::date(flag, value)?;
        }
    }
    for (flag, value) in [
        ("--price", &args.price),
        ("--solidarity-price", &args.solidarity_price),
    ] {
        if let Some(value) = value {
            values::amount(flag, value)?;
        }
    }
    Ok(())
}

/// The activity to send: dates in the one form the server reads, amounts as typed (they were
/// checked), sections and leaders without blanks.
fn input(args: CreateArgs) -> Result<ActivityInput, Error> {
    let day = |flag: &'static str, value: Option<String>| -> Result<String, Error> {
        values::date(flag, value.as_deref().unwrap_or_default()).map(date::short)
    };
    Ok(ActivityInput {
        kind: args
            .kind
            .map(|kind| ActivityKind::from(kind).as_str().to_owned())
            .unwrap_or_default(),
        name: args.name.unwrap_or_default().trim().to_owned(),
        place: args.place.unwrap_or_default().trim().to_owned(),
        starts_on: day("--start", args.start)?,
        ends_on: day("--end", args.end)?,
        deadline: day("--deadline", args.deadline)?,
        sections: values::items(&args.sections),
        price: args.price.unwrap_or_default().trim().to_owned(),
        solidarity_price: args
            .solidarity_price
            .map(|price| price.trim().to_owned())
            .filter(|price| !price.is_empty()),
        capacity: args.capacity,
        needs_medical: args.needs_medical,
        leaders: values::items(&args.leaders),
    })
}

/// The form: asks what the flags did not say, each answer checked as the server will check it.
fn ask(
    mut args: CreateArgs,
    sections: Vec<SectionView>,
    lang: Lang,
) -> Result<CreateArgs, inquire::InquireError> {
    let required = move |input: &str| {
        Ok(if input.trim().is_empty() {
            Validation::Invalid(
                lang.pick("Ce champ est obligatoire", "This field is required")
                    .into(),
            )
        } else {
            Validation::Valid
        })
    };
    let a_date = move |input: &str| {
        Ok(match tempatro_core::date::parse_date(input) {
            Ok(_) => Validation::Valid,
            Err(error) => Validation::Invalid(error.message(lang).into()),
        })
    };
    let date_placeholder = lang.pick("JJ/MM/AAAA", "DD/MM/YYYY");
    if args.kind.is_none() {
        let chosen = inquire::Select::new(lang.pick("Type :", "Kind:"), vec!["camp", "hike"])
            .raw_prompt()?
            .index;
        args.kind = Some([KindArg::Camp, KindArg::Hike][chosen]);
    }
    if args.name.is_none() {
        args.name = Some(
            inquire::Text::new(lang.pick("Nom :", "Name:"))
                .with_placeholder(lang.pick("Camp d'été 2027", "Summer camp 2027"))
                .with_validator(required)
                .prompt()?,
        );
    }
    if args.place.is_none() {
        args.place = Some(
            inquire::Text::new(lang.pick("Lieu :", "Place:"))
                .with_validator(required)
                .prompt()?,
        );
    }
    for (slot, question) in [
        (&mut args.start, lang.pick("Premier jour :", "First day:")),
        (&mut args.end, lang.pick("Dernier jour :", "Last day:")),
        (
            &mut args.deadline,
            lang.pick("Date limite d'inscription :", "Registration deadline:"),
        ),
    ] {
        if slot.is_none() {
            *slot = Some(
                inquire::Text::new(question)
                    .with_placeholder(date_placeholder)
                    .with_validator(a_date)
                    .prompt()?,
            );
        }
    }
    if values::items(&args.sections).is_empty() {
        let labels: Vec<String> = sections
            .iter()
            .map(|section| section.label.clone())
            .collect();
        let chosen = inquire::MultiSelect::new(lang.pick("Sections :", "Sections:"), labels)
            .with_help_message(lang.pick(
                "Espace pour cocher, Entrée pour valider",
                "Space to tick, Enter to confirm",
            ))
            .with_validator(
                move |chosen: &[inquire::list_option::ListOption<&String>]| {
                    Ok(if chosen.is_empty() {
                        Validation::Invalid(
                            lang.pick(
                                "Choisissez au moins une section",
                                "Choose at least one section",
                            )
                            .into(),
                        )
                    } else {
                        Validation::Valid
                    })
                },
            )
            .raw_prompt()?;
        args.sections = chosen
            .into_iter()
            .map(|option| sections[option.index].name.clone())
            .collect();
    }
    if args.price.is_none() {
        args.price = Some(
            inquire::Text::new(lang.pick("Prix :", "Price:"))
                .with_placeholder("120,00")
                .with_validator(move |input: &str| {
                    Ok(match Amount::parse(input) {
                        Ok(_) => Validation::Valid,
                        Err(error) => Validation::Invalid(error.message(lang).into()),
                    })
                })
                .prompt()?,
        );
    }
    if args.capacity.is_none() {
        args.capacity = Some(
            inquire::CustomType::<u32>::new(lang.pick("Nombre de places :", "Places:"))
                .with_error_message(lang.pick(
                    "Un nombre entier, par exemple 12",
                    "A whole number, such as 12",
                ))
                .prompt()?,
        );
    }
    Ok(args)
}

pub async fn edit(settings: &Settings, args: EditArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let patch = patch(&args)?;
    let activity = staff_client(settings)?
        .update_activity(args.id, &patch)
        .await
        .map_err(with_session)?;
    if args.json {
        output::json(&activity)?;
    } else {
        let (id, summary) = (activity.id, summary(&activity, lang));
        output::line(&match lang {
            Lang::Fr => format!("Activité n°{id} modifiée : {summary}."),
            Lang::En => format!("Activity no. {id} changed: {summary}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The change to send: only the flags given, dates and amounts read first so that a typo names
/// its flag before anything is sent.
fn patch(args: &EditArgs) -> Result<ActivityPatch, Error> {
    let day = |flag: &'static str, value: &Option<String>| -> Result<Option<String>, Error> {
        value
            .as_deref()
            .map(|value| values::date(flag, value).map(date::short))
            .transpose()
    };
    if let Some(price) = &args.price {
        values::amount("--price", price)?;
    }
    let text = |value: &Option<String>| value.as_deref().map(|text| text.trim().to_owned());
    Ok(ActivityPatch {
        name: text(&args.name),
        place: text(&args.place),
        starts_on: day("--start", &args.start)?,
        ends_on: day("--end", &args.end)?,
        deadline: day("--deadline", &args.deadline)?,
        sections: args.sections.as_deref().map(values::items),
        price: text(&args.price),
        capacity: args.capacity.map(Some),
        solidarity_price: None,
        needs_medical: args.needs_medical.map(bool::from),
        leaders: args.leaders.as_deref().map(values::items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_flags_every_required_one_is_named_in_order() {
        assert_eq!(
            missing(&CreateArgs::default()),
            vec![
                "--kind",
                "--name",
                "--place",
                "--start",
                "--end",
                "--sections",
                "--price",
                "--capacity",
                "--deadline"
            ]
        );
    }

    #[test]
    fn dates_are_sent_in_one_form_and_blanks_are_dropped() {
        let args = CreateArgs {
            kind: Some(KindArg::Camp),
            name: Some(" Camp d'été 2027 ".to_owned()),
            place: Some("Opont".to_owned()),
            start: Some("10/7/2027".to_owned()),
            end: Some("2027-07-20".to_owned()),
            sections: vec!["Benjamins".to_owned(), " ".to_owned()],
            price: Some("120".to_owned()),
            capacity: Some(12),
            deadline: Some("15.06.2027".to_owned()),
            leaders: vec![" chef@patro-valdhaine.be".to_owned()],
            ..CreateArgs::default()
        };
        let input = input(args).unwrap();
        assert_eq!(input.kind, "camp");
        assert_eq!(input.name, "Camp d'été 2027");
        assert_eq!(
            (
                input.starts_on.as_str(),
                input.ends_on.as_str(),
                input.deadline.as_str()
            ),
            ("10/07/2027", "20/07/2027", "15/06/2027")
        );
        assert_eq!(input.sections, vec!["Benjamins"]);
        assert_eq!(input.leaders, vec!["chef@patro-valdhaine.be"]);
        assert_eq!(input.solidarity_price, None);
    }

    #[test]
    fn a_wrong_date_or_price_names_its_flag() {
        let args = CreateArgs {
            end: Some("31/06/2027".to_owned()),
            ..CreateArgs::default()
        };
        let error = check(&args).unwrap_err();
        assert!(error.message(Lang::Fr).starts_with("--end : "), "{error}");
        let args = EditArgs {
            price: Some("cent vingt".to_owned()),
            ..EditArgs::default()
        };
        let error = patch(&args).unwrap_err();
        assert!(error.message(Lang::En).starts_with("--price: "), "{error}");
    }

    #[test]
    fn an_edit_sends_only_what_was_given_and_an_empty_leader_list_clears_it() {
        let args = EditArgs {
            id: 3,
            capacity: Some(14),
            needs_medical: Some(Switch::Off),
            leaders: Some(vec![String::new()]),
            ..EditArgs::default()
        };
        let patch = patch(&args).unwrap();
        assert_eq!(patch.capacity, Some(Some(14)));
        assert_eq!(patch.needs_medical, Some(false));
        assert_eq!(patch.leaders, Some(Vec::new()));
        assert_eq!(patch.name, None);
        assert_eq!(patch.sections, None);
        let sent = serde_json::to_value(&patch).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"capacity": 14, "needs_medical": false, "leaders": []})
        );
    }
}
