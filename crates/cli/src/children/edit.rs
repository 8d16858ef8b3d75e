//! `children edit`: changes some fields of a sheet. Only what differs from the sheet just read is
//! sent, with that sheet's version, so that a change made meanwhile by a parent is never
//! overwritten unseen: the server refuses with 409 and its message says to reload.

use std::process::ExitCode;

use clap::{ArgGroup, Args};
use tempatro_core::api::{ChildPatch, ChildSheet, ContactInput, ContactView, DoctorInput};
use tempatro_core::{ChildField, Lang, date};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::output;
use crate::session::staff_client;
use crate::values::{self, GenderArg, YesNo};

#[derive(Debug, Default, Args)]
#[command(group(ArgGroup::new("changes").required(true).multiple(true)))]
pub struct EditArgs {
    /// Numéro de l'enfant (colonne N° de `children list`)
    #[arg(value_name = "ENFANT")]
    pub id: i64,
    /// Prénom
    #[arg(long, value_name = "PRÉNOM", group = "changes")]
    pub first_name: Option<String>,
    /// Nom de famille
    #[arg(long, value_name = "NOM", group = "changes")]
    pub last_name: Option<String>,
    /// Date de naissance, JJ/MM/AAAA
    #[arg(long, value_name = "DATE", group = "changes")]
    pub birth_date: Option<String>,
    /// Genre
    #[arg(long, value_enum, value_name = "GENRE", group = "changes")]
    pub gender: Option<GenderArg>,
    /// Adresse, "Rue du Roeulx 23, 7110 Maurage" ("" l'efface)
    #[arg(long, value_name = "ADRESSE", group = "changes")]
    pub address: Option<String>,
    /// Droit à l'image
    #[arg(long, value_enum, value_name = "OUI|NON", group = "changes")]
    pub image_rights: Option<YesNo>,
    /// Nom du contact principal
    #[arg(
        long,
        value_name = "NOM",
        group = "changes",
        help_heading = "Contact principal"
    )]
    pub primary_name: Option<String>,
    /// Téléphone du contact principal
    #[arg(
        long,
        value_name = "TÉLÉPHONE",
        group = "changes",
        help_heading = "Contact principal"
    )]
    pub primary_phone: Option<String>,
    /// E-mail du contact principal ("" l'efface)
    #[arg(
        long,
        value_name = "E-MAIL",
        group = "changes",
        help_heading = "Contact principal"
    )]
    pub primary_email: Option<String>,
    /// Nom du contact secondaire ("" efface le contact secondaire)
    #[arg(
        long,
        value_name = "NOM",
        group = "changes",
        help_heading = "Contact secondaire"
    )]
    pub secondary_name: Option<String>,
    /// Téléphone du contact secondaire ("" l'efface)
    #[arg(
        long,
        value_name = "TÉLÉPHONE",
        group = "changes",
        help_heading = "Contact secondaire"
    )]
    pub secondary_phone: Option<String>,
    /// E-mail du contact secondaire ("" l'efface)
    #[arg(
        long,
        value_name = "E-MAIL",
        group = "changes",
        help_heading = "Contact secondaire"
    )]
    pub secondary_email: Option<String>,
    /// Nom du médecin traitant ("" efface le médecin)
    #[arg(
        long,
        value_name = "NOM",
        group = "changes",
        help_heading = "Médecin traitant"
    )]
    pub doctor_name: Option<String>,
    /// Téléphone du médecin traitant
    #[arg(
        long,
        value_name = "TÉLÉPHONE",
        group = "changes",
        help_heading = "Médecin traitant"
    )]
    pub doctor_phone: Option<String>,
    /// Écrit la fiche modifiée en JSON sur la sortie standard
    #[arg(long)]
    pub json: bool,
}

pub async fn run(settings: &Settings, args: EditArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let sheet = client.child(args.id).await.map_err(with_session)?;
    let (patch, fields) = patch(&sheet, &args)?;
    if fields.is_empty() {
        if args.json {
            output::json(&sheet)?;
        } else {
            output::line(&nothing_to_change(&sheet, lang))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let saved = client
        .update_child(args.id, &patch)
        .await
        .map_err(with_session)?;
    // The server is the judge of what changed: "0412 34 56 78" typed over "0412/34.56.78"
    // differs as text, not as a number.
    let changed: Vec<&str> = fields
        .into_iter()
        .filter(|field| differs(*field, &sheet, &saved))
        .map(|field| field.label(lang))
        .collect();
    if args.json {
        output::json(&saved)?;
    } else if changed.is_empty() {
        output::line(&nothing_to_change(&saved, lang))?;
    } else {
        let (name, id) = (saved.full_name(), saved.id);
        let fields = changed.join(", ");
        output::line(&match lang {
            Lang::Fr => format!("Fiche de {name} (n°{id}) modifiée : {fields}."),
            Lang::En => format!("Sheet of {name} (no. {id}) changed: {fields}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Said both when no flag differs from the sheet and when the server found nothing that did.
fn nothing_to_change(sheet: &ChildSheet, lang: Lang) -> String {
    let name = sheet.full_name();
    match lang {
        Lang::Fr => format!("Rien à modifier : la fiche de {name} a déjà ces valeurs."),
        Lang::En => format!("Nothing to change: the sheet of {name} already says so."),
    }
}

/// Whether `field` reads differently on the sheet saved than on the sheet before.
fn differs(field: ChildField, before: &ChildSheet, after: &ChildSheet) -> bool {
    match field {
        ChildField::FirstName => before.first_name != after.first_name,
        ChildField::LastName => before.last_name != after.last_name,
        ChildField::BirthDate => before.birth_date != after.birth_date,
        ChildField::Gender => before.gender != after.gender,
        ChildField::Address => before.address != after.address,
        ChildField::ImageRights => {
            before.image_rights.as_ref().map(|rights| rights.granted)
                != after.image_rights.as_ref().map(|rights| rights.granted)
        }
        ChildField::PrimaryContact => before.primary_contact != after.primary_contact,
        ChildField::SecondaryContact => before.secondary_contact != after.secondary_contact,
        ChildField::Doctor => before.doctor != after.doctor,
    }
}

/// The change to send, made on `sheet`, and the fields it touches; empty when every flag repeats
/// what the sheet already says. An empty text clears an optional value.
pub fn patch(sheet: &ChildSheet, args: &EditArgs) -> Result<(ChildPatch, Vec<ChildField>), Error> {
    let mut patch = ChildPatch {
        version: sheet.version,
        ..ChildPatch::default()
    };
    let mut fields = Vec::new();

    if let Some(first_name) = text(&args.first_name)
        && first_name != sheet.first_name
    {
        patch.first_name = Some(first_name.to_owned());
        fields.push(ChildField::FirstName);
    }
    if let Some(last_name) = text(&args.last_name)
        && last_name != sheet.last_name
    {
        patch.last_name = Some(last_name.to_owned());
        fields.push(ChildField::LastName);
    }
    if let Some(birth_date) = text(&args.birth_date) {
        let birth_date = values::date("--birth-date", birth_date)?;
        if birth_date != sheet.birth_date {
            patch.birth_date = Some(date::short(birth_date));
            fields.push(ChildField::BirthDate);
        }
    }
    if let Some(gender) = args.gender
        && sheet.gender != Some(gender.into())
    {
        patch.gender = Some(Some(gender.code()));
        fields.push(ChildField::Gender);
    }
    if let Some(address) = text(&args.address) {
        let current = sheet.address.as_ref().map(|address| address.line.as_str());
        let wanted = Some(address).filter(|address| !address.is_empty());
        if wanted != current {
            patch.address = Some(wanted.map(str::to_owned));
            fields.push(ChildField::Address);
        }
    }
    if let Some(image_rights) = args.image_rights.map(bool::from)
        && sheet.image_rights.as_ref().map(|rights| rights.granted) != Some(image_rights)
    {
        patch.image_rights = Some(image_rights);
        fields.push(ChildField::ImageRights);
    }
    if let Some(contact) = contact(
        sheet.primary_contact.as_ref(),
        [&args.primary_name, &args.primary_phone, &args.primary_email],
    ) {
        patch.primary_contact = Some(contact);
        fields.push(ChildField::PrimaryContact);
    }
    if let Some(contact) = contact(
        sheet.secondary_contact.as_ref(),
        [
            &args.secondary_name,
            &args.secondary_phone,
            &args.secondary_email,
        ],
    ) {
        patch.secondary_contact = Some(contact);
        fields.push(ChildField::SecondaryContact);
    }
    if args.doctor_name.is_some() || args.doctor_phone.is_some() {
        let current = sheet.doctor.as_ref();
        let name = text(&args.doctor_name)
            .or(current.map(|doctor| doctor.name.as_str()))
            .unwrap_or_default();
        let phone = text(&args.doctor_phone)
            .or(current.map(|doctor| doctor.phone.as_str()))
            .unwrap_or_default();
        let wanted = (!name.is_empty()).then(|| DoctorInput {
            name: name.to_owned(),
            phone: phone.to_owned(),
        });
        let unchanged = same(wanted.as_ref(), current, |wanted, current| {
            wanted.name == current.name && wanted.phone == current.phone
        });
        if !unchanged {
            patch.doctor = Some(wanted);
            fields.push(ChildField::Doctor);
        }
    }
    Ok((patch, fields))
}

/// A flag's text without the spaces a copy-paste brings.
fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim)
}

/// A contact with the flags given laid over the one recorded: `--primary-phone` alone keeps the
/// name and e-mail, since the server replaces a contact whole. `None` when nothing changes;
/// `Some(None)` when an empty name clears it.
fn contact(
    current: Option<&ContactView>,
    [name, phone, email]: [&Option<String>; 3],
) -> Option<Option<ContactInput>> {
    if name.is_none() && phone.is_none() && email.is_none() {
        return None;
    }
    let merge = |flag: &Option<String>, recorded: Option<&str>| -> Option<String> {
        match flag.as_deref().map(str::trim) {
            Some("") => None,
            Some(value) => Some(value.to_owned()),
            None => recorded.map(str::to_owned),
        }
    };
    let name = merge(name, current.map(|contact| contact.name.as_str()));
    let wanted = name.map(|name| ContactInput {
        name,
        phone: merge(phone, current.and_then(|contact| contact.phone.as_deref())),
        email: merge(email, current.and_then(|contact| contact.email.as_deref())),
    });
    let unchanged = same(wanted.as_ref(), current, |wanted, current| {
        wanted.name == current.name
            && wanted.phone == current.phone
            && wanted.email == current.email
    });
    (!unchanged).then_some(wanted)
}

/// Whether the input wanted says what the view recorded says, none on both sides being the same:
/// the API's inputs and views are different types, with no `==` between them.
fn same<Input, View>(
    wanted: Option<&Input>,
    recorded: Option<&View>,
    says_the_same: impl FnOnce(&Input, &View) -> bool,
) -> bool {
    match (wanted, recorded) {
        (Some(wanted), Some(recorded)) => says_the_same(wanted, recorded),
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn sheet() -> ChildSheet {
        ChildSheet {
            id: 12,
            version: 7,
            first_name: "Billy".to_owned(),
            last_name: "LE PIVERT".to_owned(),
            birth_date: date!(2018 - 05 - 01),
            age: 8,
            gender: None,
            address: None,
            section: None,
            image_rights: None,
            primary_contact: Some(ContactView {
                name: "Papa de Billy".to_owned(),
                phone: Some("0412 34 56 78".to_owned()),
                email: Some("papa.billy@example.be".to_owned()),
            }),
            secondary_contact: None,
            doctor: None,
            affiliations: Vec::new(),
            camps: Vec::new(),
            created_on: date!(2026 - 09 - 01),
            parents: Vec::new(),
            renewal: None,
        }
    }

    #[test]
    fn a_new_phone_keeps_the_contacts_name_and_email_and_the_version() {
        let args = EditArgs {
            primary_phone: Some("0499 99 99 99".to_owned()),
            ..EditArgs::default()
        };
        let (patch, fields) = patch(&sheet(), &args).unwrap();
        assert_eq!(fields, vec![ChildField::PrimaryContact]);
        assert_eq!(patch.version, 7);
        assert_eq!(
            patch.primary_contact,
            Some(Some(ContactInput {
                name: "Papa de Billy".to_owned(),
                phone: Some("0499 99 99 99".to_owned()),
                email: Some("papa.billy@example.be".to_owned()),
            }))
        );
        assert_eq!(patch.first_name, None);
        assert_eq!(patch.secondary_contact, None);
    }

    #[test]
    fn values_the_sheet_already_has_are_not_sent() {
        let args = EditArgs {
            first_name: Some(" Billy ".to_owned()),
            birth_date: Some("1/5/2018".to_owned()),
            primary_phone: Some("0412 34 56 78".to_owned()),
            secondary_name: Some(String::new()),
            ..EditArgs::default()
        };
        let (patch, fields) = patch(&sheet(), &args).unwrap();
        assert!(fields.is_empty(), "{fields:?}");
        assert_eq!(
            patch,
            ChildPatch {
                version: 7,
                ..ChildPatch::default()
            }
        );
    }

    #[test]
    fn empty_texts_clear_optional_parts() {
        let args = EditArgs {
            primary_email: Some(String::new()),
            address: Some(String::new()),
            doctor_name: Some("Docteur Pivert".to_owned()),
            doctor_phone: Some("0412345678".to_owned()),
            ..EditArgs::default()
        };
        let mut recorded = sheet();
        recorded.address = Some(tempatro_core::api::AddressView {
            street: "Rue du Roeulx 23".to_owned(),
            postal_code: 7110,
            locality: "Maurage".to_owned(),
            line: "Rue du Roeulx 23, 7110 Maurage".to_owned(),
        });
        let (patch, fields) = patch(&recorded, &args).unwrap();
        assert_eq!(
            fields,
            vec![
                ChildField::Address,
                ChildField::PrimaryContact,
                ChildField::Doctor
            ]
        );
        assert_eq!(patch.address, Some(None));
        assert_eq!(
            patch.primary_contact.unwrap().unwrap().email,
            None,
            "the e-mail is cleared, the rest kept"
        );
    }

    #[test]
    fn a_wrong_birth_date_names_its_flag() {
        let args = EditArgs {
            birth_date: Some("31/02/2018".to_owned()),
            ..EditArgs::default()
        };
        let error = patch(&sheet(), &args).unwrap_err();
        assert!(
            error.message(Lang::Fr).starts_with("--birth-date : "),
            "{error}"
        );
    }
}
