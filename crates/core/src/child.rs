//! A child's sheet ("fiche"): what is recorded, who may change what, and what changed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Address, BirthDate, Email, Error, Field, Gender, Lang, PersonName, PhoneNumber};

/// Someone to call about the child: usually a parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// "Papa de Billy": how the family wants to be called, first and last name together.
    pub name: PersonName,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
}

/// Which of the two contacts a field belongs to, so that errors name the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactSlot {
    Primary,
    Secondary,
}

fn blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl Contact {
    /// The primary contact must have a phone; the secondary one may have only a name.
    pub fn parse(
        slot: ContactSlot,
        name: &str,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Contact, Error> {
        let (name_field, phone_field, email_field) = match slot {
            ContactSlot::Primary => (
                Field::PrimaryContactName,
                Field::PrimaryContactPhone,
                Field::PrimaryContactEmail,
            ),
            ContactSlot::Secondary => (
                Field::SecondaryContactName,
                Field::SecondaryContactPhone,
                Field::SecondaryContactEmail,
            ),
        };
        let phone = match (blank(phone), slot) {
            (Some(phone), _) => {
                Some(PhoneNumber::parse(phone).map_err(|e| e.in_field(phone_field))?)
            }
            (None, ContactSlot::Primary) => return Err(Error::Required.in_field(phone_field)),
            (None, ContactSlot::Secondary) => None,
        };
        Ok(Contact {
            name: PersonName::parse(name).map_err(|e| e.in_field(name_field))?,
            phone,
            email: blank(email)
                .map(|email| Email::parse(email).map_err(|e| e.in_field(email_field)))
                .transpose()?,
        })
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(phone) = &self.phone {
            write!(f, " · {phone}")?;
        }
        if let Some(email) = &self.email {
            write!(f, " · {email}")?;
        }
        Ok(())
    }
}

/// The family doctor ("médecin traitant").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doctor {
    pub name: PersonName,
    pub phone: PhoneNumber,
}

impl Doctor {
    pub fn parse(name: &str, phone: &str) -> Result<Doctor, Error> {
        Ok(Doctor {
            name: PersonName::parse(name).map_err(|e| e.in_field(Field::DoctorName))?,
            phone: PhoneNumber::parse(phone).map_err(|e| e.in_field(Field::DoctorPhone))?,
        })
    }
}

impl fmt::Display for Doctor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} · {}", self.name, self.phone)
    }
}

/// The parts of a child's sheet that can change. History (affiliations, camps) is not here: it is
/// appended by its own actions, never edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildRecord {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub birth_date: BirthDate,
    pub gender: Option<Gender>,
    pub address: Option<Address>,
    pub image_rights: bool,
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
    pub doctor: Option<Doctor>,
}

impl ChildRecord {
    /// "Billy LE PIVERT".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A field of the sheet, as changes and the audit log name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChildField {
    FirstName,
    LastName,
    BirthDate,
    Gender,
    Address,
    ImageRights,
    PrimaryContact,
    SecondaryContact,
    Doctor,
}

impl ChildField {
    pub fn key(self) -> &'static str {
        match self {
            ChildField::FirstName => "first_name",
            ChildField::LastName => "last_name",
            ChildField::BirthDate => "birth_date",
            ChildField::Gender => "gender",
            ChildField::Address => "address",
            ChildField::ImageRights => "image_rights",
            ChildField::PrimaryContact => "primary_contact",
            ChildField::SecondaryContact => "secondary_contact",
            ChildField::Doctor => "doctor",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ChildField::FirstName => lang.pick("Prénom", "First name"),
            ChildField::LastName => lang.pick("Nom", "Last name"),
            ChildField::BirthDate => lang.pick("Date de naissance", "Birth date"),
            ChildField::Gender => lang.pick("Genre", "Gender"),
            ChildField::Address => lang.pick("Adresse", "Address"),
            ChildField::ImageRights => lang.pick("Droit à l'image", "Image rights"),
            ChildField::PrimaryContact => lang.pick("Contact principal", "Primary contact"),
            ChildField::SecondaryContact => lang.pick("Contact secondaire", "Secondary contact"),
            ChildField::Doctor => lang.pick("Médecin traitant", "Family doctor"),
        }
    }

    /// What parents keep up to date themselves; names and gender are the Patro's records.
    pub fn parent_may_edit(self) -> bool {
        !matches!(
            self,
            ChildField::FirstName | ChildField::LastName | ChildField::Gender
        )
    }
}

/// One field's change, for the audit log: values as people read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: ChildField,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A requested change of a sheet: `None` leaves a field alone; for the optional parts,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildEdit {
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
    pub birth_date: Option<BirthDate>,
    pub gender: Option<Option<Gender>>,
    pub address: Option<Option<Address>>,
    pub image_rights: Option<bool>,
    pub primary_contact: Option<Option<Contact>>,
    pub secondary_contact: Option<Option<Contact>>,
    pub doctor: Option<Option<Doctor>>,
}

fn shown<T: fmt::Display>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

fn yes_no(value: bool) -> Option<String> {
    Some(if value { "oui" } else { "non" }.to_owned())
}

impl ChildEdit {
    /// Refuses, naming it, the first field that only the Patro may change.
    pub fn check_parent_may_apply(&self, record: &ChildRecord) -> Result<(), Error> {
        match self
            .changes(record)
            .into_iter()
            .find(|change| !change.field.parent_may_edit())
        {
            Some(change) => Err(Error::FieldReservedToStaff(change.field)),
            None => Ok(()),
        }
    }

    /// The fields this edit really changes in `record`, with their old and new values. An edit
    /// that repeats what is recorded changes nothing: a double click saves once.
    pub fn changes(&self, record: &ChildRecord) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut note = |field, old: Option<String>, new: Option<String>| {
            if old != new {
                changes.push(FieldChange { field, old, new });
            }
        };
        if let Some(value) = &self.first_name {
            note(
                ChildField::FirstName,
                Some(record.first_name.to_string()),
                Some(value.to_string()),
            );
        }
        if let Some(value) = &self.last_name {
            note(
                ChildField::LastName,
                Some(record.last_name.to_string()),
                Some(value.to_string()),
            );
        }
        if let Some(value) = &self.birth_date {
            note(
                ChildField::BirthDate,
                Some(record.birth_date.to_string()),
                Some(value.to_string()),
            );
        }
        if let Some(value) = &self.gender {
            note(
                ChildField::Gender,
                record.gender.map(|g| g.as_str().to_owned()),
                value.map(|g| g.as_str().to_owned()),
            );
        }
        if let Some(value) = &self.address {
            note(ChildField::Address, shown(&record.address), shown(value));
        }
        if let Some(value) = self.image_rights {
            note(
                ChildField::ImageRights,
                yes_no(record.image_rights),
                yes_no(value),
            );
        }
        if let Some(value) = &self.primary_contact {
            note(
                ChildField::PrimaryContact,
                shown(&record.primary_contact),
                shown(value),
            );
        }
        if let Some(value) = &self.secondary_contact {
            note(
                ChildField::SecondaryContact,
                shown(&record.secondary_contact),
                shown(value),
            );
        }
        if let Some(value) = &self.doctor {
            note(ChildField::Doctor, shown(&record.doctor), shown(value));
        }
        changes
    }

    /// The record with this edit applied.
    pub fn apply(&self, record: &ChildRecord) -> ChildRecord {
        let mut next = record.clone();
        if let Some(value) = &self.first_name {
            next.first_name = value.clone();
        }
        if let Some(value) = &self.last_name {
            next.last_name = value.clone();
        }
        if let Some(value) = self.birth_date {
            next.birth_date = value;
        }
        if let Some(value) = self.gender {
            next.gender = value;
        }
        if let Some(value) = &self.address {
            next.address = value.clone();
        }
        if let Some(value) = self.image_rights {
            next.image_rights = value;
        }
        if let Some(value) = &self.primary_contact {
            next.primary_contact = value.clone();
        }
        if let Some(value) = &self.secondary_contact {
            next.secondary_contact = value.clone();
        }
        if let Some(value) = &self.doctor {
            next.doctor = value.clone();
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn billy() -> ChildRecord {
        ChildRecord {
            first_name: PersonName::parse("Billy").unwrap(),
            last_name: PersonName::parse("LE PIVERT").unwrap(),
            birth_date: BirthDate::new(date!(2018 - 05 - 01), date!(2026 - 11 - 26)).unwrap(),
            gender: None,
            address: Some(Address::parse("Rue du Roeulx 23, 7110 Maurage").unwrap()),
            image_rights: true,
            primary_contact: Some(
                Contact::parse(
                    ContactSlot::Primary,
                    "Papa de Billy",
                    Some("0412/34.56.78"),
                    None,
                )
                .unwrap(),
            ),
            secondary_contact: None,
            doctor: None,
        }
    }

    #[test]
    fn a_changed_phone_is_one_change_with_old_and_new_values() {
        let edit = ChildEdit {
            primary_contact: Some(Some(
                Contact::parse(
                    ContactSlot::Primary,
                    "Papa de Billy",
                    Some("0470 11 22 33"),
                    None,
                )
                .unwrap(),
            )),
            ..ChildEdit::default()
        };
        let changes = edit.changes(&billy());
        assert_eq!(
            changes,
            vec![FieldChange {
                field: ChildField::PrimaryContact,
                old: Some("Papa de Billy · 0412/34.56.78".to_owned()),
                new: Some("Papa de Billy · 0470/11.22.33".to_owned()),
            }]
        );
        let applied = edit.apply(&billy());
        assert_eq!(
            applied.primary_contact.unwrap().phone.unwrap().to_string(),
            "0470/11.22.33"
        );
    }

    #[test]
    fn repeating_what_is_recorded_changes_nothing() {
        let edit = ChildEdit {
            image_rights: Some(true),
            address: Some(Some(
                Address::parse("Rue du Roeulx 23, 7110 Maurage").unwrap(),
            )),
            ..ChildEdit::default()
        };
        assert!(edit.changes(&billy()).is_empty());
    }

    #[test]
    fn parents_may_not_rename_a_child() {
        let edit = ChildEdit {
            first_name: Some(PersonName::parse("William").unwrap()),
            image_rights: Some(false),
            ..ChildEdit::default()
        };
        assert_eq!(
            edit.check_parent_may_apply(&billy()),
            Err(Error::FieldReservedToStaff(ChildField::FirstName))
        );
        let same_name = ChildEdit {
            first_name: Some(PersonName::parse("Billy").unwrap()),
            ..ChildEdit::default()
        };
        assert_eq!(same_name.check_parent_may_apply(&billy()), Ok(()));
    }

    #[test]
    fn which_fields_parents_keep_up_to_date() {
        use ChildField::*;
        for field in [
            BirthDate,
            Address,
            ImageRights,
            PrimaryContact,
            SecondaryContact,
            Doctor,
        ] {
            assert!(field.parent_may_edit(), "{field:?}");
        }
        for field in [FirstName, LastName, Gender] {
            assert!(!field.parent_may_edit(), "{field:?}");
        }
    }

    #[test]
    fn the_primary_contact_needs_a_phone_and_errors_name_the_slot() {
        assert_eq!(
            Contact::parse(ContactSlot::Primary, "Papa de Billy", Some(" "), None),
            Err(Error::Required.in_field(Field::PrimaryContactPhone))
        );
        assert!(Contact::parse(ContactSlot::Secondary, "Maman de Billy", None, None).is_ok());
        assert_eq!(
            Contact::parse(ContactSlot::Secondary, "Maman", Some("0412/34.56.7"), None),
            Err(Error::PhoneIncomplete { expected: 10 }.in_field(Field::SecondaryContactPhone))
        );
        let error = Contact::parse(
            ContactSlot::Primary,
            "Papa",
            Some("0412345678"),
            Some("papa@"),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "E-mail du contact principal : adresse invalide (exemple : prenom.nom@exemple.be)"
        );
    }
}
