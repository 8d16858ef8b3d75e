//! `activities participants | waitlist`: who goes and who waits, with what the leaders and the
//! kitchen need (emergency contacts, allergies, diet); exported for a spreadsheet or a script.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tempatro_core::api::{ContactView, Participant, ParticipantList};
use tempatro_core::{Lang, RegistrationStatus};

use super::{dates, named, plural};
use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::output;
use crate::session::staff_client;

#[derive(Debug, Args)]
pub struct ParticipantsArgs {
    /// Numéro de l'activité (colonne N° de `activities list`)
    #[arg(value_name = "ACTIVITÉ")]
    id: i64,
    /// Exporte la liste : csv (pour un tableur, séparée par des ;) ou json
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    export: Option<ExportFormat>,
    /// Écrit l'export dans ce fichier plutôt que sur la sortie standard
    #[arg(long, short, value_name = "FICHIER", requires = "export")]
    output: Option<PathBuf>,
    /// Écrit la liste en JSON sur la sortie standard (comme --export json)
    #[arg(long)]
    json: bool,
    /// Joint les fiches santé complètes : seulement pendant la fenêtre du séjour, et chaque
    /// lecture est enregistrée
    #[arg(long)]
    medical: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 avec BOM, colonnes séparées par des ; (Excel, LibreOffice)
    Csv,
    /// la liste telle que le serveur la donne
    Json,
}

pub async fn show(settings: &Settings, args: ParticipantsArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let list = staff_client(settings)?
        .participants(args.id, args.medical)
        .await
        .map_err(with_session)?;
    let export = if args.json {
        Some(ExportFormat::Json)
    } else {
        args.export
    };
    let Some(format) = export else {
        output::line(&human(&list, lang))?;
        return Ok(ExitCode::SUCCESS);
    };
    let bytes = match format {
        ExportFormat::Csv => csv(&list, lang).into_bytes(),
        ExportFormat::Json => (serde_json::to_string_pretty(&list)? + "\n").into_bytes(),
    };
    match &args.output {
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
        Some(path) => {
            std::fs::write(path, bytes).map_err(|source| Error::WriteFile {
                path: path.clone(),
                source,
            })?;
            let (activity, count, file) = (
                named(&list.activity.name, list.activity.id, lang),
                u32::try_from(list.participants.len()).unwrap_or(u32::MAX),
                path.display(),
            );
            output::line(&match lang {
                Lang::Fr => format!(
                    "Participants de {activity} exportés dans {file} : {count} {}.",
                    plural(count, "enfant", "enfants")
                ),
                Lang::En => format!(
                    "Participants of {activity} exported to {file}: {count} {}.",
                    plural(count, "child", "children")
                ),
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The participants in the order places go: those registered, then those waiting, first come
/// first.
fn in_order(list: &ParticipantList) -> Vec<&Participant> {
    let mut participants: Vec<&Participant> = list.participants.iter().collect();
    participants.sort_by_key(|participant| {
        (
            participant.status != RegistrationStatus::Registered,
            participant.position.unwrap_or(0),
        )
    });
    participants
}

/// A heading that counts, a word on the medical window when it is open, then the table.
fn human(list: &ParticipantList, lang: Lang) -> String {
    let activity = &list.activity;
    let registered = count(list, RegistrationStatus::Registered);
    let waiting = count(list, RegistrationStatus::Waitlisted);
    let (name, dates) = (
        named(&activity.name, activity.id, lang),
        dates(activity, lang),
    );
    let mut text = match lang {
        Lang::Fr => format!(
            "{name}, {dates} : {registered} {}, {waiting} en liste d'attente.",
            plural(registered, "inscrit", "inscrits")
        ),
        Lang::En => {
            format!("{name}, {dates}: {registered} registered, {waiting} on the waiting list.")
        }
    };
    if list.medical_window_open {
        text.push('\n');
        text.push_str(lang.pick(
            "Fenêtre médicale ouverte : les fiches santé complètes des inscrits sont dans --export json, ou une à une avec `tempatro-admin medical show ENFANT` ; chaque consultation est enregistrée.",
            "Medical window open: the registered children's full medical sheets are in --export json, or one by one with `tempatro-admin medical show CHILD`; every reading is logged.",
        ));
    }
    if list.participants.is_empty() {
        text.push_str("\n\n");
        text.push_str(lang.pick("Aucun participant pour l'instant", "No participant yet"));
        return text;
    }
    let mut table = output::listing(header(lang));
    for participant in in_order(list) {
        table.add_row(row(participant, "\n", lang));
    }
    format!("{text}\n\n{}", table.trim_fmt())
}

fn count(list: &ParticipantList, status: RegistrationStatus) -> u32 {
    let count = list
        .participants
        .iter()
        .filter(|participant| participant.status == status)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

fn header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Fr => [
            "N°",
            "Nom",
            "Section",
            "Statut",
            "Contacts d'urgence",
            "Allergies",
            "Régime",
        ],
        Lang::En => [
            "No.",
            "Name",
            "Section",
            "Status",
            "Emergency contacts",
            "Allergies",
            "Diet",
        ],
    }
}

/// One participant's cells; `between` separates the contacts: a new line in a table, a slash in
/// a spreadsheet cell.
fn row(participant: &Participant, between: &str, lang: Lang) -> [String; 7] {
    let none = || output::NONE.to_owned();
    let contacts: Vec<String> = participant.emergency_contacts.iter().map(contact).collect();
    [
        participant.child_id.to_string(),
        format!("{} {}", participant.first_name, participant.last_name),
        participant.section.clone().unwrap_or_else(none),
        status(participant, lang),
        if contacts.is_empty() {
            none()
        } else {
            contacts.join(between)
        },
        participant.allergies.clone().unwrap_or_else(none),
        participant.diet.clone().unwrap_or_else(none),
    ]
}

/// "inscrit", or "liste d'attente (2)" with the place in the queue.
fn status(participant: &Participant, lang: Lang) -> String {
    let label = participant.status.label(lang);
    match (participant.status, participant.position) {
        (RegistrationStatus::Waitlisted, Some(position)) => format!("{label} ({position})"),
        _ => label.to_owned(),
    }
}

/// "Papa de Billy · 0412 34 56 78": whom to call, and where.
fn contact(contact: &ContactView) -> String {
    match &contact.phone {
        Some(phone) => format!("{} · {phone}", contact.name),
        None => contact.name.clone(),
    }
}

/// The list for a spreadsheet: UTF-8 with a byte-order mark, without which Excel reads the
/// accents as Windows-1252; `;` between columns, which a Belgian Excel expects since its decimal
/// separator is the comma; CRLF line ends, as RFC 4180 writes them.
fn csv(list: &ParticipantList, lang: Lang) -> String {
    let mut text = String::from('\u{feff}');
    let mut line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|value| cell(value)).collect();
        text.push_str(&cells.join(";"));
        text.push_str("\r\n");
    };
    line(&header(lang).map(str::to_owned));
    for participant in in_order(list) {
        line(&row(participant, " / ", lang));
    }
    text
}

/// A cell as a spreadsheet reads it back. The texts come from parents' forms: one starting with
/// `=`, `+`, `-` or `@` would run as a formula when the leaders open the file, so it is prefixed
/// with an apostrophe, as OWASP advises against CSV injection. Quotes surround a cell holding a
/// separator, a quote or a line break, its quotes doubled (RFC 4180).
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub async fn waitlist(settings: &Settings, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let list = staff_client(settings)?
        .participants(id, false)
        .await
        .map_err(with_session)?;
    let waiting: Vec<&Participant> = in_order(&list)
        .into_iter()
        .filter(|participant| participant.status == RegistrationStatus::Waitlisted)
        .collect();
    if json {
        output::json(&waiting)?;
    } else if waiting.is_empty() {
        let activity = named(&list.activity.name, list.activity.id, lang);
        output::line(&match lang {
            Lang::Fr => format!("Personne n'attend une place pour {activity}"),
            Lang::En => format!("Nobody is waiting for a place on {activity}"),
        })?;
    } else {
        let mut table = output::listing(match lang {
            Lang::Fr => ["Position", "N°", "Nom", "Section", "Contacts d'urgence"],
            Lang::En => ["Position", "No.", "Name", "Section", "Emergency contacts"],
        });
        for participant in waiting {
            let [id, name, section, _, contacts, _, _] = row(participant, "\n", lang);
            let position = participant
                .position
                .map_or_else(|| output::NONE.to_owned(), |position| position.to_string());
            table.add_row([position, id, name, section, contacts]);
        }
        output::table(table)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::super::tests::summer_camp;
    use super::*;

    fn participant(id: i64, first_name: &str, position: Option<u32>) -> Participant {
        Participant {
            child_id: id,
            first_name: first_name.to_owned(),
            last_name: "LE PIVERT".to_owned(),
            section: Some("Benjamins".to_owned()),
            status: if position.is_some() {
                RegistrationStatus::Waitlisted
            } else {
                RegistrationStatus::Registered
            },
            position,
            emergency_contacts: vec![
                ContactView {
                    name: "Papa de Billy".to_owned(),
                    phone: Some("0412 34 56 78".to_owned()),
                    email: None,
                },
                ContactView {
                    name: "Mamy".to_owned(),
                    phone: None,
                    email: None,
                },
            ],
            allergies: Some("arachides; \"graves\"".to_owned()),
            diet: Some("=sans porc".to_owned()),
            medical: None,
        }
    }

    fn list() -> ParticipantList {
        ParticipantList {
            activity: summer_camp(),
            medical_window_open: true,
            participants: vec![
                participant(14, "Zoé", Some(2)),
                participant(13, "Lily", Some(1)),
                participant(12, "Billy", None),
            ],
        }
    }

    #[test]
    fn the_csv_has_a_bom_semicolons_and_cells_a_spreadsheet_reads_back() {
        let text = csv(&list(), Lang::Fr);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "N°;Nom;Section;Statut;Contacts d'urgence;Allergies;Régime"
        );
        assert_eq!(
            lines[1],
            "12;Billy LE PIVERT;Benjamins;inscrit;Papa de Billy · 0412 34 56 78 / Mamy;\"arachides; \"\"graves\"\"\";'=sans porc"
        );
        assert!(lines[2].starts_with("13;Lily LE PIVERT;Benjamins;liste d'attente (1);"));
        assert!(lines[3].starts_with("14;Zoé"));
        assert_eq!(lines[4], "", "the last line ends with CRLF too");
    }

    #[test]
    fn the_human_list_counts_and_says_the_medical_window_is_open() {
        let text = human(&list(), Lang::Fr);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "« Camp d'été 2027 » (n°3), du 10/07/2027 au 20/07/2027 : 1 inscrit, 2 en liste d'attente."
        );
        assert!(lines[1].starts_with("Fenêtre médicale ouverte"), "{text}");
        assert!(text.contains("Contacts d'urgence"), "{text}");
        assert!(text.contains("Papa de Billy · 0412 34 56 78"), "{text}");
        let billy = text.find("Billy LE PIVERT").unwrap();
        let lily = text.find("Lily LE PIVERT").unwrap();
        assert!(billy < lily, "registered first\n{text}");
    }
}
