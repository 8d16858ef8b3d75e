//! `medical show | access-log`: a child's fiche santé, which the server shows the staff only while
//! the child is at (or about to leave for) a camp or hike, and the log of those readings.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::api::{MedicalReading, MedicalSheetView};
use tempatro_core::{Lang, date};

use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

#[derive(Debug, Subcommand)]
pub enum MedicalCommand {
    /// Affiche la fiche santé d'un enfant : seulement à l'approche et pendant un camp ou un hike
    /// où il est inscrit, et chaque lecture est enregistrée
    Show {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Écrit la fiche en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Qui a lu quelle fiche santé, quand et pour quelle activité (responsables)
    AccessLog {
        /// Seulement les lectures de la fiche de cet enfant
        #[arg(long, value_name = "ENFANT")]
        child: Option<i64>,
        /// Écrit un tableau JSON de lectures sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: MedicalCommand) -> anyhow::Result<ExitCode> {
    match command {
        MedicalCommand::Show { child, json } => show(settings, child, json).await,
        MedicalCommand::AccessLog { child, json } => access_log(settings, child, json).await,
    }
}

/// Outside the window the server answers 403 with a sentence that says why; the error path prints
/// it as it is and exits with 1, like any refusal.
async fn show(settings: &Settings, child: i64, json: bool) -> anyhow::Result<ExitCode> {
    let sheet = staff_client(settings)?
        .medical(child)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &sheet, |sheet| render(sheet, settings.lang))?;
    Ok(ExitCode::SUCCESS)
}

/// The sheet in the order of a paper fiche santé: who to call, what to watch, what to give.
fn render(sheet: &MedicalSheetView, lang: Lang) -> String {
    let none = || output::NONE.to_owned();
    let text = |value: &Option<String>| value.clone().unwrap_or_else(none);
    let answer =
        |value: Option<bool>| value.map_or_else(none, |yes| output::yes_no(yes, lang).to_owned());
    let mut parts = vec![match lang {
        Lang::Fr => format!("Fiche santé de {} (n°{})", sheet.child_name, sheet.child_id),
        Lang::En => format!(
            "Medical sheet of {} (no. {})",
            sheet.child_name, sheet.child_id
        ),
    }];

    let contacts = [
        (
            lang.pick("Contact d'urgence", "Emergency contact"),
            sheet
                .emergency_contact
                .as_ref()
                .map_or_else(none, |contact| {
                    [Some(contact.name.as_str()), contact.phone.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")
                }),
        ),
        (
            lang.pick("Médecin traitant", "Family doctor"),
            sheet
                .doctor
                .as_ref()
                .map_or_else(none, |doctor| format!("{} · {}", doctor.name, doctor.phone)),
        ),
        (
            lang.pick("Mutualité", "Health insurance"),
            text(&sheet.insurer),
        ),
        (
            lang.pick("Groupe sanguin", "Blood group"),
            text(&sheet.blood_group),
        ),
    ];
    parts.push(section(lang.pick("Contacts", "Contacts"), &contacts));

    let health = [
        (lang.pick("Allergies", "Allergies"), text(&sheet.allergies)),
        (
            lang.pick("En cas de réaction", "If it reacts"),
            text(&sheet.allergy_actions),
        ),
        (lang.pick("Régime alimentaire", "Diet"), text(&sheet.diet)),
        (
            lang.pick("Maladies chroniques", "Chronic conditions"),
            text(&sheet.conditions),
        ),
        (
            lang.pick("Vaccin contre le tétanos", "Tetanus vaccination"),
            sheet.tetanus_vaccination.map_or_else(none, date::short),
        ),
    ];
    parts.push(section(lang.pick("Santé", "Health"), &health));

    let medication: Vec<String> = sheet
        .medication
        .iter()
        .map(|medicine| {
            let (name, dose, by) = (&medicine.name, &medicine.dose, &medicine.given_by);
            match lang {
                Lang::Fr => format!("  {name}, {dose}, donné par {by}"),
                Lang::En => format!("  {name}, {dose}, given by {by}"),
            }
        })
        .collect();
    parts.push(format!(
        "{}\n{}",
        lang.pick("Médicaments", "Medication"),
        if medication.is_empty() {
            format!("  {}", lang.pick("aucun", "none"))
        } else {
            medication.join("\n")
        }
    ));

    let activities = [
        (lang.pick("Sait nager", "Can swim"), answer(sheet.can_swim)),
        (
            lang.pick("Peut faire du sport", "May do sports"),
            answer(sheet.may_do_sports),
        ),
        (
            lang.pick("Paracétamol autorisé", "Paracetamol allowed"),
            answer(sheet.paracetamol_allowed),
        ),
        (lang.pick("Remarques", "Remarks"), text(&sheet.remarks)),
    ];
    parts.push(section(lang.pick("Activités", "Activities"), &activities));

    let mut record = vec![
        (
            lang.pick("Consentement donné le", "Consent given on"),
            sheet.consent_given_at.map_or_else(none, output::date_time),
        ),
        (
            lang.pick("Mise à jour le", "Updated on"),
            sheet.updated_at.map_or_else(none, output::date_time),
        ),
    ];
    let confirmations: Vec<(String, String)> = sheet
        .confirmations
        .iter()
        .map(|confirmation| {
            let state = match (confirmation.confirmed_on, lang) {
                (Some(on), Lang::Fr) => format!("confirmée le {}", date::short(on)),
                (Some(on), Lang::En) => format!("confirmed on {}", date::short(on)),
                (None, _) => lang.pick("à confirmer", "to be confirmed").to_owned(),
            };
            (confirmation.activity_name.clone(), state)
        })
        .collect();
    record.extend(
        confirmations
            .iter()
            .map(|(activity, state)| (activity.as_str(), state.clone())),
    );
    parts.push(section(lang.pick("Suivi", "Record"), &record));
    parts.join("\n\n")
}

fn section(title: &str, rows: &[(&str, String)]) -> String {
    format!("{title}\n{}", output::fields(rows))
}

async fn access_log(
    settings: &Settings,
    child: Option<i64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let readings = staff_client(settings)?
        .medical_readings(child)
        .await
        .map_err(with_session)?;
    let none = match (child, lang) {
        (None, _) => lang
            .pick(
                "Aucune lecture de fiche santé enregistrée",
                "No medical sheet reading recorded",
            )
            .to_owned(),
        (Some(child), Lang::Fr) => {
            format!("Aucune lecture enregistrée de la fiche santé de l'enfant n°{child}")
        }
        (Some(child), Lang::En) => {
            format!("No reading recorded of the medical sheet of child no. {child}")
        }
    };
    output::list(json, &readings, &none, |readings| table(readings, lang))?;
    Ok(ExitCode::SUCCESS)
}

fn table(readings: &[MedicalReading], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["Date", "Qui", "Enfant", "Pour"],
        Lang::En => ["Date", "Who", "Child", "For"],
    });
    for reading in readings {
        let (child, id) = (&reading.child_name, reading.child_id);
        let (activity, activity_id) = (&reading.activity_name, reading.activity_id);
        table.add_row([
            output::date_time(reading.at),
            reading.staff.clone(),
            match lang {
                Lang::Fr => format!("{child} (n°{id})"),
                Lang::En => format!("{child} (no. {id})"),
            },
            match lang {
                Lang::Fr => format!("{activity} (n°{activity_id})"),
                Lang::En => format!("{activity} (no. {activity_id})"),
            },
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::api::{ContactView, MedicalConfirmation};
    use tempatro_core::medical::Medication;
    use time::macros::{date, datetime};

    #[test]
    fn a_sheet_reads_like_the_paper_one() {
        let sheet = MedicalSheetView {
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            version: 2,
            doctor: None,
            insurer: Some("Solidaris".to_owned()),
            blood_group: None,
            allergies: Some("arachides".to_owned()),
            allergy_actions: Some("Epipen dans son sac".to_owned()),
            diet: None,
            conditions: None,
            medication: vec![Medication {
                name: "Ventolin".to_owned(),
                dose: "2 bouffées".to_owned(),
                given_by: "l'enfant lui-même".to_owned(),
            }],
            tetanus_vaccination: Some(date!(2024 - 03 - 01)),
            can_swim: Some(true),
            may_do_sports: None,
            paracetamol_allowed: Some(false),
            emergency_contact: Some(ContactView {
                name: "Mamy".to_owned(),
                phone: Some("0471 23 45 67".to_owned()),
                email: None,
            }),
            remarks: None,
            consent_given_at: Some(datetime!(2027-05-01 08:00 UTC)),
            updated_at: None,
            editable: false,
            locked_reason: None,
            confirmations: vec![MedicalConfirmation {
                activity_id: 3,
                activity_name: "Camp d'été 2027".to_owned(),
                starts_on: date!(2027 - 07 - 10),
                confirmed_on: Some(date!(2027 - 06 - 01)),
            }],
        };
        let text = render(&sheet, Lang::Fr);
        assert!(
            text.starts_with("Fiche santé de Billy LE PIVERT (n°12)\n\n"),
            "{text}"
        );
        for expected in [
            "Contact d'urgence  Mamy · 0471 23 45 67",
            "Epipen dans son sac",
            "Ventolin, 2 bouffées, donné par l'enfant lui-même",
            "01/03/2024",
            "Sait nager",
            "01/05/2027 10:00",
            "Camp d'été 2027",
            "confirmée le 01/06/2027",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }
}
