//! The parents file: one row per parent and child (a parent of two children has two rows), as a
//! spreadsheet joined from a family list has it. A row without a child only records the parent.

use time::Date;

use super::{CellError, Column, ImportProblem, Layout, match_key};
use crate::name::sort_key;
use crate::{AccountStatus, BirthDate, Email, Lang, PersonName, PhoneNumber};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentColumn {
    Email,
    LastName,
    FirstName,
    Phone,
    ChildExternalId,
    ChildLastName,
    ChildFirstName,
    ChildBirthDate,
}

impl Column for ParentColumn {
    const ALL: &'static [ParentColumn] = &[
        ParentColumn::Email,
        ParentColumn::LastName,
        ParentColumn::FirstName,
        ParentColumn::Phone,
        ParentColumn::ChildExternalId,
        ParentColumn::ChildLastName,
        ParentColumn::ChildFirstName,
        ParentColumn::ChildBirthDate,
    ];

    fn name(self) -> &'static str {
        match self {
            ParentColumn::Email => "email",
            ParentColumn::LastName => "nom",
            ParentColumn::FirstName => "prenom",
            ParentColumn::Phone => "telephone",
            ParentColumn::ChildExternalId => "enfant_external_id",
            ParentColumn::ChildLastName => "enfant_nom",
            ParentColumn::ChildFirstName => "enfant_prenom",
            ParentColumn::ChildBirthDate => "enfant_date_naissance",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            ParentColumn::Email => &["e_mail", "courriel", "adresse_email", "mail"],
            ParentColumn::LastName => &["last_name", "nom_de_famille", "surname"],
            ParentColumn::FirstName => &["first_name", "given_name"],
            ParentColumn::Phone => &["phone", "tel", "gsm", "telephone_portable"],
            ParentColumn::ChildExternalId => &["child_external_id", "enfant_id_externe"],
            ParentColumn::ChildLastName => &["child_last_name", "nom_enfant"],
            ParentColumn::ChildFirstName => &["child_first_name", "prenom_enfant"],
            ParentColumn::ChildBirthDate => &[
                "child_birth_date",
                "date_naissance_enfant",
                "enfant_date_de_naissance",
            ],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            ParentColumn::Email | ParentColumn::LastName | ParentColumn::FirstName
        )
    }
}

/// How a parent's row names their child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildRef {
    ExternalId(String),
    /// A [`match_key`].
    Key(String),
}

/// One valid row of the parents file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentLine {
    pub line: u64,
    pub email: Email,
    pub last_name: PersonName,
    pub first_name: PersonName,
    /// `None` when the file has no phone column: the recorded number stays.
    pub phone: Option<Option<PhoneNumber>>,
    pub child: Option<ChildRef>,
}

impl Layout<ParentColumn> {
    pub fn parent(
        &self,
        line: u64,
        row: &[&str],
        today: Date,
    ) -> Result<ParentLine, Vec<CellError>> {
        let cells = self.cells(line, row).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let email = cells.parse(ParentColumn::Email, &mut errors, Email::parse);
        let last_name = cells.parse(ParentColumn::LastName, &mut errors, PersonName::parse);
        let first_name = cells.parse(ParentColumn::FirstName, &mut errors, PersonName::parse);
        let phone = match cells.get(ParentColumn::Phone) {
            None => None,
            Some("") => Some(None),
            Some(_) => cells
                .parse(ParentColumn::Phone, &mut errors, PhoneNumber::parse)
                .map(Some),
        };
        let child = match cells.filled(ParentColumn::ChildExternalId) {
            Some(id) => Some(ChildRef::ExternalId(id.to_owned())),
            None => {
                let parts = [
                    ParentColumn::ChildLastName,
                    ParentColumn::ChildFirstName,
                    ParentColumn::ChildBirthDate,
                ]
                .map(|c| cells.filled(c));
                match parts {
                    [None, None, None] => None,
                    [Some(last), Some(first), Some(_)] => cells
                        .parse(ParentColumn::ChildBirthDate, &mut errors, |v| {
                            BirthDate::parse(v, today)
                        })
                        .map(|born| ChildRef::Key(match_key(last, first, born.date()))),
                    _ => {
                        errors.push(cells.error(
                            ParentColumn::ChildBirthDate,
                            ImportProblem::ChildReferenceIncomplete,
                        ));
                        None
                    }
                }
            }
        };
        match (email, last_name, first_name) {
            (Some(email), Some(last_name), Some(first_name)) if errors.is_empty() => {
                Ok(ParentLine {
                    line,
                    email,
                    last_name,
                    first_name,
                    phone,
                    child,
                })
            }
            _ => Err(errors),
        }
    }
}

/// What an export writes for one parent and one of their children (or none).
pub struct ParentExport<'a> {
    pub email: &'a str,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub phone: Option<&'a PhoneNumber>,
    pub child_external_id: Option<&'a str>,
    pub child_last_name: Option<&'a str>,
    pub child_first_name: Option<&'a str>,
    pub child_birth_date: Option<Date>,
}

pub fn export_row(parent: &ParentExport<'_>) -> Vec<String> {
    let text = |value: Option<&str>| value.unwrap_or_default().to_owned();
    vec![
        parent.email.to_owned(),
        parent.last_name.to_owned(),
        parent.first_name.to_owned(),
        parent.phone.map(ToString::to_string).unwrap_or_default(),
        text(parent.child_external_id),
        text(parent.child_last_name),
        text(parent.child_first_name),
        parent
            .child_birth_date
            .map(crate::date::short)
            .unwrap_or_default(),
    ]
}

/// Why a row of the parents' file may not touch the account its address already belongs to. The
/// file links children only to accounts whose holder is known to own the address, and never renames
/// anyone: a stranger who signed up with a parent's address, or a parent who changed theirs, must
/// not receive a child by the next import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountConflict {
    /// Waiting for the Patro: nobody has vouched for it yet.
    Pending,
    Rejected,
    Disabled,
    /// Its holder has chosen a password but never proven the address.
    Unverified,
    /// The account is someone else's by name: "Alice Martin" on file, "Bob Martin" recorded.
    NameDiffers {
        recorded: String,
    },
}

/// What an existing parent's account is, for [`conflict_with`].
pub struct RecordedParent<'a> {
    pub status: AccountStatus,
    pub verified: bool,
    /// Accounts the import created have none until their holder proves the address with the
    /// invitation's code: nobody else can log in to them.
    pub has_password: bool,
    pub first_name: &'a PersonName,
    pub last_name: &'a PersonName,
}

/// Whether a row naming `first_name last_name` may use this account. Names are compared as people
/// read them: case, accents and hyphens aside ("DUBOIS" is "Dubois").
pub fn conflict_with(
    account: &RecordedParent<'_>,
    first_name: &PersonName,
    last_name: &PersonName,
) -> Option<AccountConflict> {
    match account.status {
        AccountStatus::Pending => return Some(AccountConflict::Pending),
        AccountStatus::Rejected => return Some(AccountConflict::Rejected),
        AccountStatus::Disabled => return Some(AccountConflict::Disabled),
        AccountStatus::Active => {}
    }
    if !account.verified && account.has_password {
        return Some(AccountConflict::Unverified);
    }
    let same = sort_key(account.last_name.as_ref(), account.first_name.as_ref())
        == sort_key(last_name.as_ref(), first_name.as_ref());
    (!same).then(|| AccountConflict::NameDiffers {
        recorded: format!("{} {}", account.first_name, account.last_name),
    })
}

impl AccountConflict {
    pub fn message(&self, lang: Lang) -> String {
        let text = |fr: &str, en: &str| lang.pick(fr, en).to_owned();
        match self {
            AccountConflict::Pending => text(
                "cette adresse est celle d'une demande de compte en attente : validez-la (ou refusez-la) avant de lier un enfant",
                "this address belongs to a pending account request: approve (or reject) it before linking a child",
            ),
            AccountConflict::Rejected => text(
                "cette adresse est celle d'un compte refusé",
                "this address belongs to a rejected account",
            ),
            AccountConflict::Disabled => text(
                "cette adresse est celle d'un compte désactivé",
                "this address belongs to a disabled account",
            ),
            AccountConflict::Unverified => text(
                "le titulaire de cette adresse ne l'a pas encore confirmée",
                "the holder of this address has not confirmed it yet",
            ),
            AccountConflict::NameDiffers { recorded } => match lang {
                Lang::Fr => format!(
                    "cette adresse est celle du compte de {recorded} : le fichier donne un autre nom, et l'import ne renomme pas un compte"
                ),
                Lang::En => format!(
                    "this address belongs to {recorded}'s account: the file gives another name, and the import does not rename accounts"
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 26);

    fn name(text: &str) -> PersonName {
        PersonName::parse(text).unwrap()
    }

    #[test]
    fn only_an_active_account_whose_holder_owns_the_address_and_bears_the_name_is_used() {
        let (alice, martin) = (name("Alice"), name("Martin"));
        let account = |status, verified, has_password| RecordedParent {
            status,
            verified,
            has_password,
            first_name: &alice,
            last_name: &martin,
        };
        let check = |recorded: RecordedParent<'_>| {
            conflict_with(&recorded, &name("ALICE"), &name("MARTIN"))
        };
        assert_eq!(check(account(AccountStatus::Active, true, true)), None);
        // Created by an earlier import: nobody has logged in to it yet.
        assert_eq!(check(account(AccountStatus::Active, false, false)), None);
        assert_eq!(
            check(account(AccountStatus::Active, false, true)),
            Some(AccountConflict::Unverified)
        );
        assert_eq!(
            check(account(AccountStatus::Pending, true, true)),
            Some(AccountConflict::Pending)
        );
        assert_eq!(
            check(account(AccountStatus::Rejected, true, true)),
            Some(AccountConflict::Rejected)
        );
        assert_eq!(
            check(account(AccountStatus::Disabled, true, true)),
            Some(AccountConflict::Disabled)
        );
        let bob = conflict_with(
            &account(AccountStatus::Active, true, true),
            &name("Bob"),
            &name("Martin"),
        );
        assert_eq!(
            bob,
            Some(AccountConflict::NameDiffers {
                recorded: "Alice Martin".to_owned()
            })
        );
        assert!(
            bob.unwrap()
                .message(Lang::Fr)
                .contains("l'import ne renomme pas un compte")
        );
    }

    fn read(header: &str, row: &str) -> Result<ParentLine, Vec<CellError>> {
        let layout: Layout<ParentColumn> = Layout::from_header(header.split(';')).unwrap();
        layout.parent(3, &row.split(';').collect::<Vec<_>>(), TODAY)
    }

    #[test]
    fn a_child_is_named_by_external_id_or_by_name_and_birth_date() {
        let header =
            "email;nom;prenom;enfant_external_id;enfant_nom;enfant_prenom;enfant_date_naissance";
        let by_id = read(header, "claire@exemple.be;Dubois;Claire;Z-1;;;").unwrap();
        assert_eq!(by_id.child, Some(ChildRef::ExternalId("Z-1".into())));
        let by_name = read(
            header,
            "claire@exemple.be;Dubois;Claire;;DUBOIS;Zoe;14/03/2016",
        )
        .unwrap();
        assert_eq!(
            by_name.child,
            Some(ChildRef::Key(match_key(
                "Dubois",
                "Zoë",
                date!(2016 - 03 - 14)
            )))
        );
        let none = read(header, "claire@exemple.be;Dubois;Claire;;;;").unwrap();
        assert_eq!(none.child, None);
    }

    #[test]
    fn a_child_named_by_halves_is_refused() {
        let header = "email;nom;prenom;enfant_nom;enfant_prenom;enfant_date_naissance";
        let errors = read(header, "claire@exemple.be;Dubois;Claire;Dubois;Zoë;").unwrap_err();
        assert_eq!(errors[0].problem, ImportProblem::ChildReferenceIncomplete);
    }

    #[test]
    fn an_exported_row_reads_back() {
        let header: Vec<&str> = ParentColumn::ALL.iter().map(|c| c.name()).collect();
        let phone = PhoneNumber::parse("0470112233").unwrap();
        let row = export_row(&ParentExport {
            email: "claire@exemple.be",
            last_name: "Dubois",
            first_name: "Claire",
            phone: Some(&phone),
            child_external_id: None,
            child_last_name: Some("Dubois"),
            child_first_name: Some("Zoë"),
            child_birth_date: Some(date!(2016 - 03 - 14)),
        });
        let line = read(&header.join(";"), &row.join(";")).unwrap();
        assert_eq!(line.phone, Some(Some(phone)));
        assert_eq!(line.email.to_string(), "claire@exemple.be");
    }
}
