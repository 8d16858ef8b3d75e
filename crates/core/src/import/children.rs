//! The children file: one row per child, as the secretariat's member list has it.

use time::Date;

use super::{CellError, Cells, Column, ImportProblem, Layout, match_key, parse_yes_no, yes_no};
use crate::{
    Address, BirthDate, ChildEdit, ChildRecord, Contact, Email, Gender, PersonName, PhoneNumber,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildColumn {
    ExternalId,
    LastName,
    FirstName,
    BirthDate,
    Gender,
    Section,
    Street,
    PostalCode,
    Locality,
    Parent1Name,
    Parent1Email,
    Parent1Phone,
    Parent2Name,
    Parent2Email,
    Parent2Phone,
    ImageRights,
}

impl Column for ChildColumn {
    const ALL: &'static [ChildColumn] = &[
        ChildColumn::ExternalId,
        ChildColumn::LastName,
        ChildColumn::FirstName,
        ChildColumn::BirthDate,
        ChildColumn::Gender,
        ChildColumn::Section,
        ChildColumn::Street,
        ChildColumn::PostalCode,
        ChildColumn::Locality,
        ChildColumn::Parent1Name,
        ChildColumn::Parent1Email,
        ChildColumn::Parent1Phone,
        ChildColumn::Parent2Name,
        ChildColumn::Parent2Email,
        ChildColumn::Parent2Phone,
        ChildColumn::ImageRights,
    ];

    fn name(self) -> &'static str {
        match self {
            ChildColumn::ExternalId => "external_id",
            ChildColumn::LastName => "nom",
            ChildColumn::FirstName => "prenom",
            ChildColumn::BirthDate => "date_naissance",
            ChildColumn::Gender => "sexe",
            ChildColumn::Section => "section",
            ChildColumn::Street => "rue",
            ChildColumn::PostalCode => "code_postal",
            ChildColumn::Locality => "localite",
            ChildColumn::Parent1Name => "nom_parent1",
            ChildColumn::Parent1Email => "email_parent1",
            ChildColumn::Parent1Phone => "tel_parent1",
            ChildColumn::Parent2Name => "nom_parent2",
            ChildColumn::Parent2Email => "email_parent2",
            ChildColumn::Parent2Phone => "tel_parent2",
            ChildColumn::ImageRights => "droit_image",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            ChildColumn::ExternalId => &["id_externe", "identifiant", "matricule", "id"],
            ChildColumn::LastName => &["last_name", "nom_de_famille", "surname"],
            ChildColumn::FirstName => &["first_name", "given_name"],
            ChildColumn::BirthDate => &[
                "birth_date",
                "date_de_naissance",
                "naissance",
                "date_of_birth",
                "birthdate",
            ],
            ChildColumn::Gender => &["gender", "genre"],
            ChildColumn::Section => &[],
            ChildColumn::Street => &["street", "adresse", "address"],
            ChildColumn::PostalCode => &["postal_code", "cp", "zip", "code_postal_localite"],
            ChildColumn::Locality => &["locality", "city", "ville", "commune"],
            ChildColumn::Parent1Name => &["parent1_name", "nom_parent_1"],
            ChildColumn::Parent1Email => &["parent1_email", "email_parent_1", "courriel_parent1"],
            ChildColumn::Parent1Phone => &[
                "parent1_phone",
                "tel_parent_1",
                "telephone_parent1",
                "gsm_parent1",
            ],
            ChildColumn::Parent2Name => &["parent2_name", "nom_parent_2"],
            ChildColumn::Parent2Email => &["parent2_email", "email_parent_2", "courriel_parent2"],
            ChildColumn::Parent2Phone => &[
                "parent2_phone",
                "tel_parent_2",
                "telephone_parent2",
                "gsm_parent2",
            ],
            ChildColumn::ImageRights => &["image_rights", "droit_a_l_image", "droits_image"],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            ChildColumn::LastName | ChildColumn::FirstName | ChildColumn::BirthDate
        )
    }
}

/// What the file says of one contact; each part `None` when the file has no such column, so that
/// an absent column leaves the recorded value alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ContactCells {
    name: Option<Option<PersonName>>,
    email: Option<Option<Email>>,
    phone: Option<Option<PhoneNumber>>,
}

impl ContactCells {
    fn is_absent(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.phone.is_none()
    }

    /// The contact once the file's cells are laid over the recorded one; `None` when nothing is
    /// left of it. A contact without a name in the file keeps its recorded name, or is called
    /// after the family ("Famille DUBOIS").
    fn resolve(&self, recorded: Option<&Contact>, family: &PersonName) -> Option<Contact> {
        let phone = match &self.phone {
            Some(cell) => cell.clone(),
            None => recorded.and_then(|c| c.phone.clone()),
        };
        let email = match &self.email {
            Some(cell) => cell.clone(),
            None => recorded.and_then(|c| c.email.clone()),
        };
        let named = match &self.name {
            Some(cell) => cell.clone(),
            None => recorded.map(|c| c.name.clone()),
        };
        if phone.is_none() && email.is_none() && named.is_none() {
            return None;
        }
        let name = named
            .or_else(|| recorded.map(|c| c.name.clone()))
            .or_else(|| PersonName::parse(&format!("Famille {family}")).ok())?;
        Some(Contact { name, phone, email })
    }
}

/// One valid row of the children file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildLine {
    pub line: u64,
    pub external_id: Option<String>,
    pub last_name: PersonName,
    pub first_name: PersonName,
    pub birth_date: BirthDate,
    gender: Option<Option<Gender>>,
    /// The section this cycle, as written (the server knows the sections).
    pub section: Option<String>,
    address: Option<Option<Address>>,
    parent1: ContactCells,
    parent2: ContactCells,
    image_rights: Option<bool>,
}

const MAX_EXTERNAL_ID: usize = 64;

impl Layout<ChildColumn> {
    /// Reads a row, reporting every refused cell, not just the first.
    pub fn child(&self, line: u64, row: &[&str], today: Date) -> Result<ChildLine, Vec<CellError>> {
        let cells = self.cells(line, row).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let last_name = cells.parse(ChildColumn::LastName, &mut errors, PersonName::parse);
        let first_name = cells.parse(ChildColumn::FirstName, &mut errors, PersonName::parse);
        let birth_date = cells.parse(ChildColumn::BirthDate, &mut errors, |v| {
            BirthDate::parse(v, today)
        });
        let external_id = cells.filled(ChildColumn::ExternalId).map(str::to_owned);
        if external_id
            .as_ref()
            .is_some_and(|id| id.chars().count() > MAX_EXTERNAL_ID)
        {
            errors.push(cells.error(
                ChildColumn::ExternalId,
                ImportProblem::Value(crate::Error::TooLong {
                    max: MAX_EXTERNAL_ID,
                }),
            ));
        }
        let gender = cells.get(ChildColumn::Gender).map(|value| {
            if value.is_empty() {
                return None;
            }
            let gender = Gender::parse(value);
            if gender.is_none() {
                errors.push(cells.error(ChildColumn::Gender, ImportProblem::Gender));
            }
            gender
        });
        let image_rights = cells.get(ChildColumn::ImageRights).and_then(|value| {
            let parsed = parse_yes_no(value);
            if parsed.is_none() {
                errors.push(cells.error(ChildColumn::ImageRights, ImportProblem::YesNo));
            }
            parsed
        });
        let address = address(&cells, &mut errors);
        let parent1 = contact(
            &cells,
            &mut errors,
            [
                ChildColumn::Parent1Name,
                ChildColumn::Parent1Email,
                ChildColumn::Parent1Phone,
            ],
        );
        let parent2 = contact(
            &cells,
            &mut errors,
            [
                ChildColumn::Parent2Name,
                ChildColumn::Parent2Email,
                ChildColumn::Parent2Phone,
            ],
        );
        match (last_name, first_name, birth_date) {
            (Some(last_name), Some(first_name), Some(birth_date)) if errors.is_empty() => {
                Ok(ChildLine {
                    line,
                    external_id,
                    last_name,
                    first_name,
                    birth_date,
                    gender,
                    section: cells.filled(ChildColumn::Section).map(str::to_owned),
                    address,
                    parent1,
                    parent2,
                    image_rights,
                })
            }
            _ => Err(errors),
        }
    }
}

fn address(cells: &Cells<'_, ChildColumn>, errors: &mut Vec<CellError>) -> Option<Option<Address>> {
    let parts = [
        ChildColumn::Street,
        ChildColumn::PostalCode,
        ChildColumn::Locality,
    ];
    if parts.iter().all(|c| cells.get(*c).is_none()) {
        return None;
    }
    let [street, postal_code, locality] = parts.map(|c| cells.get(c).unwrap_or(""));
    if street.is_empty() && postal_code.is_empty() && locality.is_empty() {
        return Some(None);
    }
    // Name the first empty part rather than "the address".
    let empty = parts
        .iter()
        .zip([street, postal_code, locality])
        .find(|(_, value)| value.is_empty());
    if let Some((column, _)) = empty {
        errors.push(cells.error(*column, ImportProblem::Value(crate::Error::Required)));
        return None;
    }
    match crate::PostalCode::parse(postal_code) {
        Err(error) => {
            errors.push(cells.error(ChildColumn::PostalCode, ImportProblem::Value(error)));
            None
        }
        Ok(_) => match Address::new(street, postal_code, locality) {
            Ok(address) => Some(Some(address)),
            Err(error) => {
                errors.push(cells.error(ChildColumn::Street, ImportProblem::Value(error)));
                None
            }
        },
    }
}

fn contact(
    cells: &Cells<'_, ChildColumn>,
    errors: &mut Vec<CellError>,
    [name, email, phone]: [ChildColumn; 3],
) -> ContactCells {
    fn optional<T>(
        cells: &Cells<'_, ChildColumn>,
        errors: &mut Vec<CellError>,
        column: ChildColumn,
        parse: impl FnOnce(&str) -> Result<T, crate::Error>,
    ) -> Option<Option<T>> {
        let value = cells.get(column)?;
        if value.is_empty() {
            return Some(None);
        }
        cells.parse(column, errors, parse).map(Some)
    }
    ContactCells {
        name: optional(cells, errors, name, PersonName::parse),
        email: optional(cells, errors, email, Email::parse),
        phone: optional(cells, errors, phone, PhoneNumber::parse),
    }
}

impl ChildLine {
    /// How the child is recognised when the file has no `external_id` for it.
    pub fn match_key(&self) -> String {
        match_key(
            self.last_name.as_ref(),
            self.first_name.as_ref(),
            self.birth_date.date(),
        )
    }

    /// The sheet this row asks for, laid over the recorded one (`None` for a new child): only the
    /// columns the file has are changed.
    pub fn edit(&self, recorded: Option<&ChildRecord>) -> Result<ChildEdit, CellError> {
        let contact = |cells: &ContactCells, recorded: Option<&Contact>, primary: bool| {
            if cells.is_absent() {
                return Ok(None);
            }
            let resolved = cells.resolve(recorded, &self.last_name);
            if primary && resolved.as_ref().is_some_and(|c| c.phone.is_none()) {
                return Err(CellError {
                    line: self.line,
                    column: Some(ChildColumn::Parent1Phone.name()),
                    problem: ImportProblem::ContactIncomplete,
                });
            }
            Ok(Some(resolved))
        };
        Ok(ChildEdit {
            first_name: Some(self.first_name.clone()),
            last_name: Some(self.last_name.clone()),
            birth_date: Some(self.birth_date),
            gender: self.gender,
            address: self.address.clone(),
            image_rights: self.image_rights,
            primary_contact: contact(
                &self.parent1,
                recorded.and_then(|r| r.primary_contact.as_ref()),
                true,
            )?,
            secondary_contact: contact(
                &self.parent2,
                recorded.and_then(|r| r.secondary_contact.as_ref()),
                false,
            )?,
            doctor: None,
        })
    }

    /// The sheet of a child the file introduces.
    pub fn new_record(&self) -> Result<ChildRecord, CellError> {
        let blank = ChildRecord {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            birth_date: self.birth_date,
            gender: None,
            address: None,
            image_rights: false,
            primary_contact: None,
            secondary_contact: None,
            doctor: None,
        };
        Ok(self.edit(None)?.apply(&blank))
    }
}

/// A recorded child as an export row: the import's columns, in [`Column::ALL`]'s order.
pub fn export_row(
    record: &ChildRecord,
    external_id: Option<&str>,
    section: Option<&str>,
) -> Vec<String> {
    let contact = |c: &Option<Contact>| {
        c.as_ref()
            .map_or([String::new(), String::new(), String::new()], |c| {
                [
                    c.name.to_string(),
                    c.email
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    c.phone
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ]
            })
    };
    let [p1_name, p1_email, p1_phone] = contact(&record.primary_contact);
    let [p2_name, p2_email, p2_phone] = contact(&record.secondary_contact);
    let address = record.address.as_ref();
    vec![
        external_id.unwrap_or_default().to_owned(),
        record.last_name.to_string(),
        record.first_name.to_string(),
        crate::date::short(record.birth_date.date()),
        record
            .gender
            .map(|g| match g {
                Gender::Boy => "garçon",
                Gender::Girl => "fille",
            })
            .unwrap_or_default()
            .to_owned(),
        section.unwrap_or_default().to_owned(),
        address.map(|a| a.street().to_owned()).unwrap_or_default(),
        address
            .map(|a| a.postal_code().to_string())
            .unwrap_or_default(),
        address.map(|a| a.locality().to_owned()).unwrap_or_default(),
        p1_name,
        p1_email,
        p1_phone,
        p2_name,
        p2_email,
        p2_phone,
        yes_no(record.image_rights).to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::{ChildField, Error};

    const TODAY: Date = date!(2026 - 11 - 26);

    fn layout(header: &str) -> Layout<ChildColumn> {
        Layout::from_header(header.split(';')).expect("a valid header")
    }

    fn read(header: &str, row: &str) -> Result<ChildLine, Vec<CellError>> {
        let cells: Vec<&str> = row.split(';').collect();
        layout(header).child(2, &cells, TODAY)
    }

    #[test]
    fn french_headers_english_aliases_and_any_order_are_read() {
        let line = read(
            "Date de naissance;first_name;NOM;Sexe",
            "01/05/2018;Billy;Le Pivert;garçon",
        )
        .unwrap();
        assert_eq!(line.first_name.as_ref() as &str, "Billy");
        assert_eq!(line.birth_date.date(), date!(2018 - 05 - 01));
        assert_eq!(line.gender, Some(Some(Gender::Boy)));
        let iso = read("nom;prenom;date_naissance", "Dubois;Zoë;2016-03-14").unwrap();
        assert_eq!(iso.birth_date.date(), date!(2016 - 03 - 14));
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_named() {
        let problems =
            Layout::<ChildColumn>::from_header(["nom", "prenom", "pointure", "NOM"]).unwrap_err();
        let messages: Vec<String> = problems
            .iter()
            .map(|p| p.message(crate::Lang::Fr))
            .collect();
        assert!(
            messages[0].starts_with("colonne inconnue « pointure »"),
            "{messages:?}"
        );
        assert_eq!(messages[1], "colonne en double « NOM »");
        assert_eq!(messages[2], "colonne obligatoire absente : date_naissance");
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported_with_its_column() {
        let errors = read(
            "nom;prenom;date_naissance;tel_parent1;droit_image;code_postal;rue;localite",
            ";Billy;31/02/2018;0412;peut-être;71100;Rue du Roeulx 23;Maurage",
        )
        .unwrap_err();
        let columns: Vec<_> = errors.iter().map(|e| e.column.unwrap()).collect();
        assert_eq!(
            columns,
            [
                "nom",
                "date_naissance",
                "droit_image",
                "code_postal",
                "tel_parent1"
            ]
        );
        assert_eq!(
            errors[1].problem,
            ImportProblem::Value(Error::DateDoesNotExist)
        );
        assert!(errors.iter().all(|e| e.line == 2));
    }

    #[test]
    fn a_row_with_too_few_cells_is_refused_as_a_whole() {
        let errors = read("nom;prenom;date_naissance", "Dubois;Zoë").unwrap_err();
        assert_eq!(
            errors[0].problem,
            ImportProblem::CellCount {
                found: 2,
                expected: 3
            }
        );
        assert_eq!(errors[0].column, None);
    }

    #[test]
    fn only_the_columns_of_the_file_change_a_recorded_sheet() {
        let header = "nom;prenom;date_naissance;email_parent1;tel_parent1";
        let recorded = read(
            "nom;prenom;date_naissance;nom_parent1;tel_parent1;rue;code_postal;localite;droit_image",
            "Le Pivert;Billy;01/05/2018;Papa de Billy;0412/34.56.78;Rue du Roeulx 23;7110;Maurage;oui",
        )
        .unwrap()
        .new_record()
        .unwrap();
        let line = read(
            header,
            "Le Pivert;Billy;01/05/2018;papa@exemple.be;0412 34 56 78",
        )
        .unwrap();
        let edit = line.edit(Some(&recorded)).unwrap();
        let changes = edit.changes(&recorded);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].field, ChildField::PrimaryContact);
        assert_eq!(
            changes[0].new.as_deref(),
            Some("Papa de Billy · 0412/34.56.78 · papa@exemple.be")
        );
        assert!(edit.apply(&recorded).image_rights);
    }

    #[test]
    fn a_first_contact_needs_a_phone_and_is_named_after_the_family() {
        let header = "nom;prenom;date_naissance;email_parent1;tel_parent1";
        let line = read(header, "Dubois;Zoë;14/03/2016;claire@exemple.be;").unwrap();
        let error = line.new_record().unwrap_err();
        assert_eq!(error.column, Some("tel_parent1"));
        let line = read(header, "Dubois;Zoë;14/03/2016;;0470112233").unwrap();
        let contact = line.new_record().unwrap().primary_contact.unwrap();
        assert_eq!(contact.name.as_ref() as &str, "Famille Dubois");
    }

    #[test]
    fn an_exported_row_reads_back_as_the_same_sheet() {
        let header: Vec<&str> = ChildColumn::ALL.iter().map(|c| c.name()).collect();
        let original = read(
            &header.join(";"),
            "B-17;Le Pivert;Billy;01/05/2018;garçon;Benjamins;Rue du Roeulx 23;7110;Maurage;Papa de Billy;papa@exemple.be;0412/34.56.78;Maman de Billy;;0470 11 22 33;oui",
        )
        .unwrap();
        let record = original.new_record().unwrap();
        let exported = export_row(&record, Some("B-17"), Some("Benjamins"));
        let again = read(&header.join(";"), &exported.join(";")).unwrap();
        assert_eq!(again.new_record().unwrap(), record);
        assert_eq!(again.external_id.as_deref(), Some("B-17"));
        assert_eq!(again.section.as_deref(), Some("Benjamins"));
    }
}
