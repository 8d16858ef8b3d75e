//! `children history`: the audit log of a child, oldest first, as the server keeps it.

use std::process::ExitCode;

use tempatro_core::api::{AuditChange, AuditEntry};
use tempatro_core::{ChildField, Gender, Lang};

use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;
use crate::values::gender_label;

pub async fn show(settings: &Settings, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let entries = staff_client(settings)?
        .child_history(id)
        .await
        .map_err(with_session)?;
    let none = match lang {
        Lang::Fr => format!("Aucune modification enregistrée pour l'enfant n°{id}"),
        Lang::En => format!("No change recorded for child no. {id}"),
    };
    output::list(json, &entries, &none, |entries| table(entries, lang))?;
    Ok(ExitCode::SUCCESS)
}

fn table(entries: &[AuditEntry], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["Date", "Qui", "Action", "Changements"],
        Lang::En => ["Date", "Who", "Action", "Changes"],
    });
    for entry in entries {
        let changes: Vec<String> = entry
            .changes
            .iter()
            .map(|change| describe(change, lang))
            .collect();
        table.add_row([
            output::date_time(entry.at),
            entry.actor.clone(),
            action(&entry.action, lang),
            changes.join("\n"),
        ]);
    }
    table
}

/// "Contact principal : Papa · 0412 34 56 78 → Papa · 0499 99 99 99".
pub(crate) fn describe(change: &AuditChange, lang: Lang) -> String {
    let value = |value: &Option<String>| match value.as_deref() {
        None | Some("") => output::NONE.to_owned(),
        // The log keeps the API's codes for a gender: `boy` reads "garçon".
        Some(code) if change.field == ChildField::Gender.key() => Gender::parse(code).map_or_else(
            || code.to_owned(),
            |gender| gender_label(gender, lang).to_owned(),
        ),
        Some(text) => text.to_owned(),
    };
    let separator = lang.pick(" : ", ": ");
    format!(
        "{}{separator}{} → {}",
        field(&change.field, lang),
        value(&change.old),
        value(&change.new)
    )
}

/// A field's name for people. The sheet's fields are core's; the others are those of links and
/// affiliations, which the server suffixes with their cycle ("payment 2026-2027"). A field this
/// version does not know is shown as the server names it rather than hidden.
fn field(key: &str, lang: Lang) -> String {
    if let Ok(field) = serde_json::from_value::<ChildField>(serde_json::Value::from(key)) {
        return field.label(lang).to_owned();
    }
    let (name, cycle) = match key.split_once(' ') {
        Some((name, cycle)) => (name, Some(cycle)),
        None => (key, None),
    };
    let label = match name {
        "name" => lang.pick("Nom", "Name"),
        "parent" => lang.pick("Parent", "Parent"),
        "affiliation" => lang.pick("Affiliation", "Affiliation"),
        "section" => lang.pick("Section", "Section"),
        "solidarity" => lang.pick("Affiliation solidaire", "Solidarity fee"),
        "payment" => lang.pick("Paiement", "Payment"),
        // What an import changes besides the sheet: a child's id in the secretariat's files, a
        // parent's phone, the child a parent's row links.
        "external_id" => lang.pick("Identifiant externe", "External id"),
        "phone" => lang.pick("Téléphone", "Phone"),
        "child" => lang.pick("Enfant", "Child"),
        _ => return key.to_owned(),
    };
    match cycle {
        Some(cycle) => format!("{label} {cycle}"),
        None => label.to_owned(),
    }
}

/// What was done, for people; an action this version does not know reads as its code.
fn action(code: &str, lang: Lang) -> String {
    let label = match code {
        "child_created" => lang.pick("fiche créée", "sheet created"),
        "child_updated" => lang.pick("fiche modifiée", "sheet changed"),
        "parent_linked" => lang.pick("parent lié", "parent linked"),
        "parent_unlinked" => lang.pick("parent délié", "parent unlinked"),
        "affiliation_created" => lang.pick("affiliation créée", "affiliation created"),
        "affiliation_renewed" => lang.pick("affiliation renouvelée", "affiliation renewed"),
        "affiliation_paid" => lang.pick("paiement enregistré", "payment recorded"),
        "affiliation_unpaid" => lang.pick("paiement annulé", "payment cancelled"),
        "solidarity_granted" => {
            lang.pick("affiliation solidaire accordée", "solidarity fee granted")
        }
        "solidarity_revoked" => {
            lang.pick("affiliation solidaire retirée", "solidarity fee revoked")
        }
        "section_changed" => lang.pick("section changée", "section changed"),
        other => return other.replace('_', " "),
    };
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_change_reads_old_then_new_under_its_french_name() {
        let entry = AuditEntry {
            at: datetime!(2026-10-03 08:05 UTC),
            actor: "Papa de Billy (papa.billy@example.be)".to_owned(),
            action: "child_updated".to_owned(),
            changes: vec![
                AuditChange {
                    field: "primary_contact".to_owned(),
                    old: Some("Papa de Billy · 0412 34 56 78".to_owned()),
                    new: Some("Papa de Billy · 0499 99 99 99".to_owned()),
                },
                AuditChange {
                    field: "gender".to_owned(),
                    old: None,
                    new: Some("boy".to_owned()),
                },
                AuditChange {
                    field: "address".to_owned(),
                    old: None,
                    new: Some("Rue du Roeulx 23, 7110 Maurage".to_owned()),
                },
            ],
        };
        let text = table(&[entry], Lang::Fr).trim_fmt();
        for expected in [
            "03/10/2026 10:05",
            "fiche modifiée",
            "Contact principal : Papa de Billy · 0412 34 56 78 → Papa de Billy · 0499 99 99 99",
            "Adresse : — → Rue du Roeulx 23, 7110 Maurage",
            "Genre : — → garçon",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }

    #[test]
    fn unknown_codes_are_shown_rather_than_hidden() {
        assert_eq!(action("camp_added", Lang::Fr), "camp added");
        assert_eq!(field("payment 2026-2027", Lang::Fr), "Paiement 2026-2027");
        assert_eq!(
            field("solidarity 2026-2027", Lang::En),
            "Solidarity fee 2026-2027"
        );
        assert_eq!(field("medical_notes", Lang::Fr), "medical_notes");
    }
}
