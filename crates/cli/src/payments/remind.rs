//! `payments remind`: one e-mail per family for what it has left unpaid too long. The server
//! decides who is due one (unpaid after its configured days, at most once a week per due) and
//! records it; a weekly cron line is all it takes.

use std::process::ExitCode;

use tempatro_core::Lang;
use tempatro_core::api::ReminderReport;

use super::plural;
use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

pub async fn remind(settings: &Settings, dry_run: bool, json: bool) -> anyhow::Result<ExitCode> {
    let report = staff_client(settings)?
        .send_reminders(dry_run)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&report)?;
    } else {
        output::line(&heading(&report, settings.lang))?;
        if !report.reminders.is_empty() {
            output::line("")?;
            output::table(table(&report, settings.lang))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "Rappel envoyé à 2 familles :", or what a dry run would send, or why nothing went.
fn heading(report: &ReminderReport, lang: Lang) -> String {
    let families = report.reminders.len();
    if families == 0 {
        return lang
            .pick(
                "Aucun rappel à envoyer : rien n'est impayé depuis assez longtemps, ou un rappel est parti il y a moins d'une semaine.",
                "No reminder to send: nothing has been unpaid long enough, or a reminder went less than a week ago.",
            )
            .to_owned();
    }
    match (report.dry_run, lang) {
        (false, Lang::Fr) => format!(
            "Rappel envoyé par e-mail à {families} {} :",
            plural(families, "famille", "familles")
        ),
        (false, Lang::En) => format!(
            "Reminder e-mailed to {families} {}:",
            if families == 1 { "family" } else { "families" }
        ),
        (true, Lang::Fr) => format!(
            "Simulation, rien n'est envoyé : {families} {} {} un rappel :",
            plural(families, "famille", "familles"),
            plural(families, "recevrait", "recevraient")
        ),
        (true, Lang::En) => format!(
            "Dry run, nothing is sent: {families} {} would get a reminder:",
            if families == 1 { "family" } else { "families" }
        ),
    }
}

/// One row per due, the family's addresses on its first row only: a family gets one e-mail for
/// all its children's dues, and the table reads that way.
fn table(report: &ReminderReport, lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => [
            "E-mail",
            "Parents",
            "Enfant",
            "Objet",
            "Reste",
            "Communication",
        ],
        Lang::En => ["E-mail", "Parents", "Child", "For", "Left", "Reference"],
    });
    for reminder in &report.reminders {
        for (index, due) in reminder.dues.iter().enumerate() {
            let (email, name) = if index == 0 {
                (reminder.email.clone(), reminder.name.clone())
            } else {
                (String::new(), String::new())
            };
            table.add_row([
                email,
                name,
                due.child_name.clone(),
                due.label.clone(),
                due.left.to_string(),
                due.reference.clone(),
            ]);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::tests::billy_due;
    use tempatro_core::api::Reminder;

    fn report(dry_run: bool) -> ReminderReport {
        let mut camp = billy_due();
        camp.label = "Camp d'été 2027".to_owned();
        ReminderReport {
            dry_run,
            reminders: vec![Reminder {
                email: "papa@patro.be, maman@patro.be".to_owned(),
                name: "Papa de Billy, Maman de Billy".to_owned(),
                dues: vec![billy_due(), camp],
            }],
        }
    }

    #[test]
    fn a_family_is_named_once_for_all_its_dues() {
        let text = table(&report(false), Lang::Fr).trim_fmt();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[2].starts_with("papa@patro.be, maman@patro.be  "),
            "{text}"
        );
        assert!(
            lines[3].trim_start().starts_with("Billy LE PIVERT"),
            "{text}"
        );
        assert!(lines[3].contains("Camp d'été 2027"), "{text}");
    }

    #[test]
    fn the_heading_says_whether_anything_was_sent() {
        assert_eq!(
            heading(&report(false), Lang::Fr),
            "Rappel envoyé par e-mail à 1 famille :"
        );
        assert_eq!(
            heading(&report(true), Lang::Fr),
            "Simulation, rien n'est envoyé : 1 famille recevrait un rappel :"
        );
        let none = ReminderReport {
            dry_run: false,
            reminders: Vec::new(),
        };
        assert!(heading(&none, Lang::En).starts_with("No reminder to send"));
    }
}
