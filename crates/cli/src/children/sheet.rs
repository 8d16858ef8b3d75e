//! `children show`: a child's sheet laid out in the parts the guide gives it.

use std::process::ExitCode;

use tempatro_core::api::{ChildSheet, ContactView, ImageRightsView};
use tempatro_core::{Lang, date};

use super::age;
use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{affiliations, output, values};

pub async fn show(settings: &Settings, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let sheet = staff_client(settings)?
        .child(id)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &sheet, |sheet| render(sheet, settings.lang))?;
    Ok(ExitCode::SUCCESS)
}

/// The sheet as text. What the server left out (an animateur does not see the address or the
/// doctor) shows as a dash, like what was never filled in.
pub fn render(sheet: &ChildSheet, lang: Lang) -> String {
    let none = || output::NONE.to_owned();
    let mut parts = Vec::new();
    parts.push(match lang {
        Lang::Fr => format!("Fiche de {} (n°{})", sheet.full_name(), sheet.id),
        Lang::En => format!("Sheet of {} (no. {})", sheet.full_name(), sheet.id),
    });

    let identity = [
        (lang.pick("Nom", "Name"), sheet.full_name()),
        (
            lang.pick("Date de naissance", "Birth date"),
            format!(
                "{} ({})",
                date::short(sheet.birth_date),
                age(sheet.age, lang)
            ),
        ),
        (
            lang.pick("Genre", "Gender"),
            sheet
                .gender
                .map_or_else(none, |gender| values::gender_label(gender, lang).to_owned()),
        ),
        (
            lang.pick("Domicilié à", "Address"),
            sheet
                .address
                .as_ref()
                .map_or_else(none, |address| address.line.clone()),
        ),
        (
            lang.pick("Section", "Section"),
            sheet
                .section
                .as_ref()
                .map_or_else(none, |section| section.label.clone()),
        ),
        (
            lang.pick("Droit à l'image", "Image rights"),
            sheet
                .image_rights
                .as_ref()
                .map_or_else(none, |rights| image_rights(rights, lang)),
        ),
    ];
    parts.push(section("Identification", &identity));

    let contact = |contact: &Option<ContactView>| contact.as_ref().map_or_else(none, show_contact);
    let contacts = [
        (
            lang.pick("Contact principal", "Primary contact"),
            contact(&sheet.primary_contact),
        ),
        (
            lang.pick("Contact secondaire", "Secondary contact"),
            contact(&sheet.secondary_contact),
        ),
    ];
    parts.push(section(
        lang.pick("Données de contact", "Contact details"),
        &contacts,
    ));

    let doctor = [(
        lang.pick("Médecin traitant", "Family doctor"),
        sheet
            .doctor
            .as_ref()
            .map_or_else(none, |doctor| format!("{} · {}", doctor.name, doctor.phone)),
    )];
    parts.push(section(
        lang.pick("Informations médicales", "Medical information"),
        &doctor,
    ));

    let cycles: Vec<(String, String)> = sheet
        .affiliations
        .iter()
        .map(|affiliation| {
            (
                affiliation.cycle.to_string(),
                affiliations::summary(affiliation, lang),
            )
        })
        .collect();
    let mut history: Vec<(&str, String)> = cycles
        .iter()
        .map(|(cycle, summary)| (cycle.as_str(), summary.clone()))
        .collect();
    if history.is_empty() {
        history.push((lang.pick("Affiliations", "Affiliations"), none()));
    }
    if let Some(renewal) = &sheet.renewal {
        let section = renewal
            .section
            .as_ref()
            .map_or_else(String::new, |section| format!("{}, ", section.label));
        let fee = if renewal.solidarity {
            format!("{} {}", renewal.fee, lang.pick("solidaire", "solidarity"))
        } else {
            renewal.fee.to_string()
        };
        history.push((
            lang.pick("Renouvelable", "Renewable"),
            format!("{} ({section}{fee})", renewal.cycle),
        ));
    }
    history.push((
        lang.pick("Camps", "Camps"),
        if sheet.camps.is_empty() {
            none()
        } else {
            sheet.camps.join(", ")
        },
    ));
    history.push((
        lang.pick("Fiche créée le", "Sheet created on"),
        date::short(sheet.created_on),
    ));
    parts.push(section(
        lang.pick("Historiques & documents", "History & documents"),
        &history,
    ));

    let parents: Vec<String> = sheet
        .parents
        .iter()
        .map(|parent| format!("  {} <{}>", parent.name, parent.email))
        .collect();
    parts.push(format!(
        "{}\n{}",
        lang.pick("Parents liés", "Linked parents"),
        if parents.is_empty() {
            format!("  {}", output::NONE)
        } else {
            parents.join("\n")
        }
    ));
    parts.join("\n\n")
}

fn section(title: &str, rows: &[(&str, String)]) -> String {
    format!("{title}\n{}", output::fields(rows))
}

/// "Papa de Billy · 0412 34 56 78 · papa.billy@example.be".
fn show_contact(contact: &ContactView) -> String {
    [
        Some(contact.name.as_str()),
        contact.phone.as_deref(),
        contact.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// "oui (le 01/09/2025, par Papa de Billy)".
fn image_rights(rights: &ImageRightsView, lang: Lang) -> String {
    let answer = output::yes_no(rights.granted, lang);
    let on = rights.set_at.map(|at| date::short(at.date()));
    match (on, &rights.set_by, lang) {
        (Some(on), Some(by), Lang::Fr) => format!("{answer} (le {on}, par {by})"),
        (Some(on), Some(by), Lang::En) => format!("{answer} (on {on}, by {by})"),
        (Some(on), None, Lang::Fr) => format!("{answer} (le {on})"),
        (Some(on), None, Lang::En) => format!("{answer} (on {on})"),
        (None, Some(by), Lang::Fr) => format!("{answer} (par {by})"),
        (None, Some(by), Lang::En) => format!("{answer} (by {by})"),
        (None, None, _) => answer.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::api::{
        AddressView, AffiliationView, DoctorView, ParentLink, PaymentView, SectionView,
    };
    use tempatro_core::{Amount, PaymentMethod};
    use time::macros::{date, datetime};

    fn billy() -> ChildSheet {
        let benjamins = SectionView {
            id: 2,
            name: "Benjamins".to_owned(),
            min_age: 6,
            max_age: 9,
            gender: None,
            position: 1,
            label: "Benjamins 6-9 ans".to_owned(),
        };
        let affiliation = |cycle: &str, payment| AffiliationView {
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            cycle: cycle.parse().unwrap(),
            section: Some(benjamins.clone()),
            fee: Amount::from_cents(4500),
            solidarity: false,
            payment,
            due: None,
        };
        ChildSheet {
            id: 12,
            version: 3,
            first_name: "Billy".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: date!(2018 - 05 - 01),
            age: 8,
            gender: Some(tempatro_core::Gender::Boy),
            address: Some(AddressView {
                street: "Rue du Roeulx 23".to_owned(),
                postal_code: 7110,
                locality: "Maurage".to_owned(),
                line: "Rue du Roeulx 23, 7110 Maurage".to_owned(),
            }),
            section: Some(benjamins.clone()),
            image_rights: Some(ImageRightsView {
                granted: true,
                set_at: Some(datetime!(2025-09-01 10:00 UTC)),
                set_by: Some("Papa de Billy".to_owned()),
            }),
            primary_contact: Some(ContactView {
                name: "Papa de Billy".to_owned(),
                phone: Some("0412 34 56 78".to_owned()),
                email: None,
            }),
            secondary_contact: None,
            doctor: Some(DoctorView {
                name: "Docteur Pivert".to_owned(),
                phone: "0412345678".to_owned(),
            }),
            affiliations: vec![
                affiliation(
                    "2025-2026",
                    Some(PaymentView {
                        paid_on: date!(2025 - 09 - 12),
                        amount: Amount::from_cents(4500),
                        method: PaymentMethod::Transfer,
                    }),
                ),
                affiliation("2026-2027", None),
            ],
            camps: vec!["Fernelmont 2024".to_owned(), "Opont 2025".to_owned()],
            created_on: date!(2021 - 09 - 01),
            parents: vec![ParentLink {
                account_id: 3,
                name: "Papa de Billy".to_owned(),
                email: "papa.billy@example.be".to_owned(),
            }],
            renewal: None,
        }
    }

    #[test]
    fn the_sheet_has_the_guides_parts() {
        let text = render(&billy(), Lang::Fr);
        assert!(text.starts_with("Fiche de Billy LE PIVERT (n°12)\n\nIdentification\n"));
        for expected in [
            "Date de naissance  01/05/2018 (8 ans)",
            "Domicilié à        Rue du Roeulx 23, 7110 Maurage",
            "Droit à l'image    oui (le 01/09/2025, par Papa de Billy)",
            "Contact principal   Papa de Billy · 0412 34 56 78",
            "Contact secondaire  —",
            "Médecin traitant  Docteur Pivert · 0412345678",
            "2025-2026       Benjamins 6-9 ans, 45,00 €, payée le 12/09/2025 (virement, 45,00 €)",
            "2026-2027       Benjamins 6-9 ans, 45,00 €, non payée",
            "Camps           Fernelmont 2024, Opont 2025",
            "Fiche créée le  01/09/2021",
            "Parents liés\n  Papa de Billy <papa.billy@example.be>",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }

    #[test]
    fn what_an_animateur_does_not_see_is_a_dash() {
        let mut sheet = billy();
        sheet.address = None;
        sheet.doctor = None;
        sheet.affiliations.clear();
        let text = render(&sheet, Lang::En);
        for expected in ["Address       —", "Family doctor  —", "Affiliations      —"] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }
}
