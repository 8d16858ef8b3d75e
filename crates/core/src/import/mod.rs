//! The secretariat's spreadsheets: reading a CSV file's header and rows into domain values, with a
//! French reason, a line and a column for every cell refused, and writing the same columns back out
//! so that an export can be imported again unchanged.
//!
//! What is read here is one row at a time: matching rows with what is already recorded, and
//! applying them, belong to the server.

pub mod children;
mod format;
pub mod parents;

use std::fmt;

use crate::name::{fold, words};
use crate::{Error, Lang};

pub use format::{FileEncoding, detect_encoding, detect_separator};

/// A column an import file may have: its canonical French header and the other spellings accepted.
pub trait Column: Copy + Eq + fmt::Debug + 'static {
    /// In the order an export writes them.
    const ALL: &'static [Self];

    /// The header an export writes, e.g. `date_naissance`.
    fn name(self) -> &'static str;

    /// Other headers read as this column, already normalized (see [`normalize_header`]).
    fn aliases(self) -> &'static [&'static str];

    fn required(self) -> bool;
}

/// `Date de naissance`, `date-naissance` and `DATE_NAISSANCE` are one header: lower case, no
/// accents, words joined by `_`.
pub fn normalize_header(header: &str) -> String {
    let folded = fold(header.trim_start_matches('\u{feff}'));
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// How a child is recognised without an `external_id`: last name, first name and birth date,
/// ignoring case, accents, hyphens and spacing (`Zoë Dubois` is `ZOE DUBOIS`).
pub fn match_key(last_name: &str, first_name: &str, birth_date: time::Date) -> String {
    format!("{}|{}|{birth_date}", words(last_name), words(first_name))
}

/// Which column is where in a file, read from its header.
#[derive(Debug, Clone)]
pub struct Layout<C> {
    columns: Vec<C>,
}

impl<C: Column> Layout<C> {
    /// Refuses unknown, repeated and missing columns, naming each; the order is free.
    pub fn from_header<'a>(
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<Layout<C>, Vec<HeaderProblem>> {
        let mut columns = Vec::new();
        let mut problems = Vec::new();
        for header in headers {
            let normalized = normalize_header(header);
            let found = C::ALL.iter().copied().find(|column| {
                column.name() == normalized || column.aliases().contains(&normalized.as_str())
            });
            match found {
                Some(column) if columns.contains(&column) => {
                    problems.push(HeaderProblem::Repeated(header.trim().to_owned()));
                }
                Some(column) => columns.push(column),
                None => problems.push(HeaderProblem::Unknown {
                    name: header.trim().to_owned(),
                    accepted: C::ALL.iter().map(|c| c.name()).collect(),
                }),
            }
        }
        for column in C::ALL {
            if column.required() && !columns.contains(column) {
                problems.push(HeaderProblem::Missing(column.name()));
            }
        }
        if problems.is_empty() {
            Ok(Layout { columns })
        } else {
            Err(problems)
        }
    }

    pub fn has(&self, column: C) -> bool {
        self.columns.contains(&column)
    }

    /// A row's cells by column; refused if it has more or fewer cells than the header.
    pub fn cells<'a>(&self, line: u64, row: &[&'a str]) -> Result<Cells<'a, C>, CellError> {
        if row.len() != self.columns.len() {
            return Err(CellError {
                line,
                column: None,
                problem: ImportProblem::CellCount {
                    found: row.len(),
                    expected: self.columns.len(),
                },
            });
        }
        Ok(Cells {
            line,
            values: self
                .columns
                .iter()
                .copied()
                .zip(row.iter().copied())
                .collect(),
        })
    }
}

/// One row's cells, each trimmed, by column.
pub struct Cells<'a, C> {
    line: u64,
    values: Vec<(C, &'a str)>,
}

impl<'a, C: Column> Cells<'a, C> {
    pub fn line(&self) -> u64 {
        self.line
    }

    /// `None` if the file has no such column; `Some("")` for an empty cell.
    pub fn get(&self, column: C) -> Option<&'a str> {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, value)| value.trim())
    }

    /// The non-empty value of a column, if the file has it and the cell is filled.
    pub fn filled(&self, column: C) -> Option<&'a str> {
        self.get(column).filter(|value| !value.is_empty())
    }

    pub fn error(&self, column: C, problem: ImportProblem) -> CellError {
        CellError {
            line: self.line,
            column: Some(column.name()),
            problem,
        }
    }

    /// Parses a cell with a value type's parser, locating its error.
    pub fn parse<T>(
        &self,
        column: C,
        errors: &mut Vec<CellError>,
        parse: impl FnOnce(&'a str) -> Result<T, Error>,
    ) -> Option<T> {
        let value = self.get(column)?;
        match parse(value) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                errors.push(self.error(column, ImportProblem::Value(unlocated(error))));
                None
            }
        }
    }
}

/// The column is named by the report: a field label in the message would repeat it.
fn unlocated(error: Error) -> Error {
    match error {
        Error::Invalid { error, .. } => *error,
        other => other,
    }
}

/// `oui`/`non` as a secretariat types it; an empty cell is "no".
pub fn parse_yes_no(input: &str) -> Option<bool> {
    match fold(input.trim()).as_str() {
        "oui" | "o" | "yes" | "y" | "1" | "x" | "vrai" | "true" => Some(true),
        "non" | "n" | "no" | "0" | "" | "faux" | "false" => Some(false),
        _ => None,
    }
}

pub fn yes_no(value: bool) -> &'static str {
    if value { "oui" } else { "non" }
}

/// What is wrong with a file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    Unknown {
        name: String,
        accepted: Vec<&'static str>,
    },
    Repeated(String),
    Missing(&'static str),
}

impl HeaderProblem {
    /// The column it is about, as the file or the documentation names it.
    pub fn column(&self) -> &str {
        match self {
            HeaderProblem::Unknown { name, .. } | HeaderProblem::Repeated(name) => name,
            HeaderProblem::Missing(name) => name,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (HeaderProblem::Unknown { name, accepted }, Lang::Fr) => format!(
                "colonne inconnue « {name} » (colonnes acceptées : {})",
                accepted.join(", ")
            ),
            (HeaderProblem::Unknown { name, accepted }, Lang::En) => format!(
                "unknown column “{name}” (accepted columns: {})",
                accepted.join(", ")
            ),
            (HeaderProblem::Repeated(name), Lang::Fr) => format!("colonne en double « {name} »"),
            (HeaderProblem::Repeated(name), Lang::En) => format!("column “{name}” appears twice"),
            (HeaderProblem::Missing(name), Lang::Fr) => {
                format!("colonne obligatoire absente : {name}")
            }
            (HeaderProblem::Missing(name), Lang::En) => format!("required column missing: {name}"),
        }
    }
}

/// A refused cell (or row, without a column), 1-based line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub line: u64,
    pub column: Option<&'static str>,
    pub problem: ImportProblem,
}

impl CellError {
    pub fn row(line: u64, problem: ImportProblem) -> CellError {
        CellError {
            line,
            column: None,
            problem,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// A value's own parser refused it (a date, a phone number, an e-mail address…).
    Value(Error),
    YesNo,
    Gender,
    SectionUnknown {
        name: String,
        known: Vec<String>,
    },
    CellCount {
        found: usize,
        expected: usize,
    },
    /// The same child (or parent and child) appears on an earlier line.
    Repeated {
        first_line: u64,
    },
    NotUtf8,
    /// The CSV itself cannot be read at this line (an unclosed quote…).
    Malformed(String),
    /// The primary contact needs a phone number, and a contact a name, phone or e-mail.
    ContactIncomplete,
    /// A parent's row names a child only partly (a name without the birth date…).
    ChildReferenceIncomplete,
    ChildNotFound,
    /// A section was given but the cycle it is for is not open yet.
    CycleNotOpen(crate::Cycle),
    /// The address belongs to a leader's or the secretariat's account.
    StaffAccount,
    /// The address belongs to an account the file may not use.
    Conflict(parents::AccountConflict),
}

impl ImportProblem {
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let pick = |fr_text: &str, en_text: &str| {
            if fr {
                fr_text.to_owned()
            } else {
                en_text.to_owned()
            }
        };
        match self {
            ImportProblem::Value(error) => error.message(lang),
            ImportProblem::YesNo => pick("« oui » ou « non » attendu", "“oui” or “non” expected"),
            ImportProblem::Gender => pick(
                "« garçon » ou « fille » attendu (ou M / F)",
                "“garçon” or “fille” expected (or M / F)",
            ),
            ImportProblem::SectionUnknown { name, known } => {
                if fr {
                    format!(
                        "section inconnue « {name} » (sections : {})",
                        known.join(", ")
                    )
                } else {
                    format!("unknown section “{name}” (sections: {})", known.join(", "))
                }
            }
            ImportProblem::CellCount { found, expected } => {
                if fr {
                    format!("la ligne a {found} colonnes, l'en-tête en a {expected}")
                } else {
                    format!("the line has {found} columns, the header has {expected}")
                }
            }
            ImportProblem::Repeated { first_line } => {
                if fr {
                    format!("déjà présent à la ligne {first_line}")
                } else {
                    format!("already on line {first_line}")
                }
            }
            ImportProblem::NotUtf8 => pick(
                "caractères illisibles : le fichier n'est pas en UTF-8 (essayez --encoding windows-1252)",
                "unreadable characters: the file is not UTF-8 (try --encoding windows-1252)",
            ),
            ImportProblem::Malformed(detail) => {
                if fr {
                    format!("ligne CSV mal formée ({detail})")
                } else {
                    format!("malformed CSV line ({detail})")
                }
            }
            ImportProblem::ContactIncomplete => pick(
                "le premier contact doit avoir un numéro de téléphone",
                "the first contact needs a phone number",
            ),
            ImportProblem::ChildReferenceIncomplete => pick(
                "pour désigner l'enfant, donnez son external_id, ou son nom, son prénom et sa date de naissance",
                "to name the child, give its external_id, or its last name, first name and birth date",
            ),
            ImportProblem::ChildNotFound => pick(
                "aucun enfant enregistré ne correspond",
                "no recorded child matches",
            ),
            ImportProblem::CycleNotOpen(cycle) => {
                if fr {
                    format!("le cycle {cycle} n'est pas encore ouvert : pas de section possible")
                } else {
                    format!("the {cycle} cycle is not open yet: no section can be given")
                }
            }
            ImportProblem::StaffAccount => pick(
                "cette adresse est celle d'un compte d'animateur ou du secrétariat",
                "this address belongs to a leader's or the secretariat's account",
            ),
            ImportProblem::Conflict(conflict) => conflict.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn headers_are_read_whatever_their_case_accents_and_spacing() {
        assert_eq!(normalize_header("Date de naissance"), "date_de_naissance");
        assert_eq!(normalize_header("\u{feff}Prénom"), "prenom");
        assert_eq!(normalize_header(" CODE-POSTAL "), "code_postal");
        assert_eq!(normalize_header("Droit à l'image"), "droit_a_l_image");
    }

    #[test]
    fn a_child_is_the_same_whatever_the_accents_case_and_hyphens() {
        let day = date!(2018 - 05 - 01);
        assert_eq!(
            match_key("Dubois", "Zoë", day),
            match_key("DUBOIS ", "zoe", day)
        );
        assert_eq!(
            match_key("Le Pivert", "Jean-Pierre", day),
            match_key("LE-PIVERT", "jean pierre", day)
        );
        assert_ne!(
            match_key("Dubois", "Zoë", day),
            match_key("Dubois", "Zoë", date!(2018 - 05 - 02))
        );
    }

    #[test]
    fn yes_and_no_are_read_as_typed() {
        for yes in ["oui", "OUI", "x", "1", "Yes"] {
            assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
        }
        for no in ["non", "", "0", "No"] {
            assert_eq!(parse_yes_no(no), Some(false), "{no}");
        }
        assert_eq!(parse_yes_no("peut-être"), None);
    }
}
