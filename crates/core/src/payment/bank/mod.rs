//! Bank statements as the Patro's bank exports them, read into one shape, [`BankLine`], for
//! reconciliation: Belgian CODA, ISO 20022 camt.053, and CSV with a configurable column mapping.
//!
//! The parsers take the file's bytes and never read files themselves. A file is read whole or
//! refused whole: the first problem is returned with its line number, so that an import can change
//! nothing and say which line is wrong.

pub mod camt053;
pub mod coda;
pub mod csv;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

pub use self::csv::CsvMapping;
use crate::payment::StructuredReference;
use crate::{Amount, Error, Lang};

/// One movement on the Patro's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankLine {
    /// Stable identity of the line, the same each time the same statement is read, so that
    /// importing a statement twice changes nothing. Each format documents how it builds it.
    pub id: String,
    /// The booking date (the value date when a file has no booking date).
    pub date: Date,
    /// Credits positive, debits negative.
    pub amount: Amount,
    /// The other party's name: who paid for a credit, who was paid for a debit.
    pub counterparty: Option<String>,
    /// The structured communication, from the bank's structured field or found in the free text.
    pub reference: Option<StructuredReference>,
    /// The free communication as written by the payer.
    pub communication: Option<String>,
}

impl BankLine {
    pub fn is_credit(&self) -> bool {
        self.amount.cents() > 0
    }
}

/// A statement format, with what it takes to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankFormat {
    Coda,
    Camt053,
    Csv(CsvMapping),
}

impl BankFormat {
    pub fn kind(&self) -> BankFormatKind {
        match self {
            BankFormat::Coda => BankFormatKind::Coda,
            BankFormat::Camt053 => BankFormatKind::Camt053,
            BankFormat::Csv(_) => BankFormatKind::Csv,
        }
    }
}

/// A statement format without its settings: what [`detect`] recognises and what a command line's
/// `--format coda|camt053|csv` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankFormatKind {
    Coda,
    Camt053,
    Csv,
}

impl BankFormatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BankFormatKind::Coda => "coda",
            BankFormatKind::Camt053 => "camt053",
            BankFormatKind::Csv => "csv",
        }
    }
}

impl fmt::Display for BankFormatKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BankFormatKind {
    type Err = Error;

    fn from_str(input: &str) -> Result<BankFormatKind, Error> {
        match input
            .trim()
            .to_ascii_lowercase()
            .replace(['.', '-', '_'], "")
            .as_str()
        {
            "coda" | "cod" => Ok(BankFormatKind::Coda),
            "camt053" | "camt" | "xml" => Ok(BankFormatKind::Camt053),
            "csv" => Ok(BankFormatKind::Csv),
            _ => Err(Error::BankFormatUnknown),
        }
    }
}

/// Reads a statement file.
pub fn parse(format: &BankFormat, bytes: &[u8]) -> Result<Vec<BankLine>, Error> {
    match format {
        BankFormat::Coda => coda::parse(bytes),
        BankFormat::Camt053 => camt053::parse(bytes),
        BankFormat::Csv(mapping) => csv::parse(mapping, bytes),
    }
}

/// Recognises CODA (a first line of 128 characters starting with the header record's `0`) and
/// camt.053 (XML). CSV layouts differ too much to be told from other text: `None`.
pub fn detect(bytes: &[u8]) -> Option<BankFormatKind> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[start] == b'<' {
        return Some(BankFormatKind::Camt053);
    }
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    // Windows-1252 has one byte per character; a UTF-8 export would have more bytes than
    // characters only on lines with accents, which a CODA header does not have at its start.
    let characters = decode_text(first_line).chars().count();
    (characters == coda::RECORD_LENGTH && first_line.first() == Some(&b'0'))
        .then_some(BankFormatKind::Coda)
}

/// What is wrong on a line of a statement file; [`Error::BankFileLine`] adds the line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankFileProblem {
    /// CODA: a record that is not 128 characters long.
    RecordLength {
        found: usize,
    },
    /// CODA: a record type the standard does not define (`7`, `2.4`).
    RecordType {
        found: String,
    },
    /// CODA: a movement or a new balance before the statement's old balance (record 1).
    OutsideStatement,
    /// CODA: a 2.2 or 2.3 record that does not continue the movement before it.
    OrphanContinuation,
    Amount,
    Date,
    /// A currency other than the euro.
    Currency {
        found: String,
    },
    /// camt.053: a credit/debit indicator other than `CRDT` or `DBIT`.
    Direction,
    /// camt.053: XML that does not parse; the detail is the XML parser's, in English.
    Xml {
        detail: String,
    },
    /// CSV that does not parse; the detail is the CSV reader's, in English.
    Csv {
        detail: String,
    },
    /// XML that is not a camt.053 statement (another ISO 20022 message, say).
    NotCamt053,
    /// camt.053: a required element missing from an entry.
    Missing {
        element: String,
    },
    /// CSV: a mapped column absent from the header line.
    MissingColumn {
        column: String,
    },
    /// CSV: a required cell left empty.
    EmptyValue,
    /// CSV: a problem in one column of a row.
    InColumn {
        column: String,
        reason: Box<BankFileProblem>,
    },
}

impl BankFileProblem {
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            BankFileProblem::RecordLength { found } => {
                let plural = if *found > 1 { "s" } else { "" };
                if fr {
                    format!("enregistrement de {found} caractère{plural} au lieu de 128")
                } else {
                    format!("record of {found} character{plural} instead of 128")
                }
            }
            BankFileProblem::RecordType { found } => {
                if fr {
                    format!("type d'enregistrement « {found} » inconnu")
                } else {
                    format!("unknown record type “{found}”")
                }
            }
            BankFileProblem::OutsideStatement => lang
                .pick(
                    "mouvement hors d'un extrait (l'ancien solde, enregistrement 1, manque avant)",
                    "movement outside a statement (the old balance, record 1, is missing before it)",
                )
                .to_owned(),
            BankFileProblem::OrphanContinuation => lang
                .pick(
                    "suite d'un mouvement sans son enregistrement 2.1",
                    "continuation of a movement without its record 2.1",
                )
                .to_owned(),
            BankFileProblem::Amount => lang.pick("montant illisible", "unreadable amount").to_owned(),
            BankFileProblem::Date => lang
                .pick("date impossible ou illisible", "impossible or unreadable date")
                .to_owned(),
            BankFileProblem::Currency { found } => {
                if fr {
                    format!("devise « {found} » : seuls les montants en euros sont acceptés")
                } else {
                    format!("currency “{found}”: only amounts in euros are accepted")
                }
            }
            BankFileProblem::Direction => lang
                .pick(
                    "sens du mouvement illisible (CRDT ou DBIT attendu)",
                    "unreadable direction (CRDT or DBIT expected)",
                )
                .to_owned(),
            BankFileProblem::Xml { detail } => {
                if fr {
                    format!("XML mal formé ({detail})")
                } else {
                    format!("malformed XML ({detail})")
                }
            }
            BankFileProblem::Csv { detail } => {
                if fr {
                    format!("CSV illisible ({detail})")
                } else {
                    format!("unreadable CSV ({detail})")
                }
            }
            BankFileProblem::NotCamt053 => lang
                .pick(
                    "ce fichier XML n'est pas un relevé camt.053 (élément BkToCstmrStmt absent)",
                    "this XML file is not a camt.053 statement (no BkToCstmrStmt element)",
                )
                .to_owned(),
            BankFileProblem::Missing { element } => {
                if fr {
                    format!("élément « {element} » manquant")
                } else {
                    format!("missing element “{element}”")
                }
            }
            BankFileProblem::MissingColumn { column } => {
                if fr {
                    format!("colonne « {column} » introuvable dans l'en-tête")
                } else {
                    format!("column “{column}” not found in the header")
                }
            }
            BankFileProblem::EmptyValue => lang.pick("valeur manquante", "missing value").to_owned(),
            BankFileProblem::InColumn { column, reason } => {
                if fr {
                    format!("colonne « {column} » : {}", reason.message(lang))
                } else {
                    format!("column “{column}”: {}", reason.message(lang))
                }
            }
        }
    }
}

/// `Ligne 7 : montant illisible`, or with the column for CSV,
/// `Ligne 3, colonne « Montant » : montant illisible`.
pub(crate) fn line_message(line: usize, reason: &BankFileProblem, lang: Lang) -> String {
    match (reason, lang) {
        (BankFileProblem::InColumn { column, reason }, Lang::Fr) => {
            format!(
                "Ligne {line}, colonne « {column} » : {}",
                reason.message(lang)
            )
        }
        (BankFileProblem::InColumn { column, reason }, Lang::En) => {
            format!("Line {line}, column “{column}”: {}", reason.message(lang))
        }
        (reason, Lang::Fr) => format!("Ligne {line} : {}", reason.message(lang)),
        (reason, Lang::En) => format!("Line {line}: {}", reason.message(lang)),
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bank exports are UTF-8 (with or without a byte-order mark) or, for older formats and
/// spreadsheets, Windows-1252. Windows-1252 text with accents is almost never valid UTF-8, so
/// valid UTF-8 is taken as UTF-8 and anything else decoded as Windows-1252, which maps every byte.
pub(crate) fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Finds the line of a byte offset in a logarithmic time, so that locating every element of a
/// large file stays linear overall.
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(bytes: &[u8]) -> LineIndex {
        LineIndex {
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(offset, _)| offset)
                .collect(),
        }
    }

    /// The 1-based line the byte at `offset` is on.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&newline| newline < offset) + 1
    }
}

pub(crate) fn line_error(line: usize, reason: BankFileProblem) -> Error {
    Error::BankFileLine { line, reason }
}

/// The structured communication and the free text of a line: a structured communication written
/// in the free text is found there too, and the free text is kept as written.
pub(crate) fn reference_in(
    structured: Option<StructuredReference>,
    communication: Option<&str>,
) -> Option<StructuredReference> {
    structured.or_else(|| communication.and_then(StructuredReference::find_in))
}

/// Trims a text field; `None` when nothing is left.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// FNV-1a, 64 bits: a hash whose value is fixed by its definition, unlike the standard library's,
/// so that an identity derived from it stays the same across releases and machines.
pub(crate) fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc").
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Gives identical rows distinct identities: the first keeps `base`, the next ones `base-2`,
/// `base-3`… in file order, so two identical transfers on one day stay two lines, and reading the
/// same file again gives the same identities.
pub(crate) fn number_duplicates(lines: &mut [BankLine]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for line in lines {
        let count = seen.entry(line.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            line.id = format!("{}-{count}", line.id);
        }
    }
}

/// A decimal amount with a dot, as XML writes it (`45`, `45.5`, `45.00`); digits past the cents
/// must be zeros.
pub(crate) fn parse_decimal(text: &str) -> Option<Amount> {
    let text = text.trim();
    let (units, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if units.is_empty() || units.len() > 13 || !digits(units) || !digits(fraction) {
        return None;
    }
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return None;
    }
    let cents_text = format!("{:0<2}", &fraction[..fraction.len().min(2)]);
    let units: i64 = units.parse().ok()?;
    let cents: i64 = cents_text.parse().ok()?;
    Some(Amount::from_cents(
        units.checked_mul(100)?.checked_add(cents)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_taken_for_camt053_and_a_128_character_header_for_coda() {
        assert_eq!(
            detect(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><Document/>"),
            Some(BankFormatKind::Camt053)
        );
        let header = format!("0{}\r\n1{}", "0".repeat(127), " ".repeat(127));
        assert_eq!(detect(header.as_bytes()), Some(BankFormatKind::Coda));
        assert_eq!(detect(b"Date;Montant\n"), None);
        assert_eq!(detect(format!("1{}", "0".repeat(127)).as_bytes()), None);
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn format_names_are_read_as_a_command_line_gives_them() {
        assert_eq!("CODA".parse(), Ok(BankFormatKind::Coda));
        assert_eq!("camt.053".parse(), Ok(BankFormatKind::Camt053));
        assert_eq!("csv".parse(), Ok(BankFormatKind::Csv));
        assert_eq!(
            "mt940".parse::<BankFormatKind>(),
            Err(Error::BankFormatUnknown)
        );
        assert_eq!(BankFormatKind::Camt053.to_string(), "camt053");
    }

    #[test]
    fn a_line_error_names_its_line_in_both_languages() {
        let error = line_error(7, BankFileProblem::Amount);
        assert_eq!(error.to_string(), "Ligne 7 : montant illisible");
        assert_eq!(error.message(Lang::En), "Line 7: unreadable amount");
    }

    #[test]
    fn text_is_utf8_when_it_can_be_and_windows_1252_otherwise() {
        assert_eq!(decode_text("Hélène".as_bytes()), "Hélène");
        assert_eq!(decode_text(b"\xEF\xBB\xBFH\xC3\xA9l\xC3\xA8ne"), "Hélène");
        assert_eq!(decode_text(b"H\xE9l\xE8ne \x80"), "Hélène €");
    }

    #[test]
    fn decimal_amounts_are_read_to_the_cent() {
        assert_eq!(parse_decimal("45"), Some(Amount::from_cents(4500)));
        assert_eq!(parse_decimal("45.5"), Some(Amount::from_cents(4550)));
        assert_eq!(parse_decimal("1250.05"), Some(Amount::from_cents(125_005)));
        assert_eq!(parse_decimal("45.000"), Some(Amount::from_cents(4500)));
        assert_eq!(parse_decimal("45."), Some(Amount::from_cents(4500)));
        for bad in ["", "45.001", "-45", "4,5", ".5", "1e3", "99999999999999"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn lines_are_counted_from_one() {
        let index = LineIndex::new(b"ab\ncd\n\nef");
        let lines: Vec<usize> = (0..10).map(|offset| index.line_of(offset)).collect();
        assert_eq!(lines, [1, 1, 1, 2, 2, 2, 3, 4, 4, 4]);
    }

    #[test]
    fn the_stable_hash_is_fixed_and_keeps_fields_apart() {
        assert_eq!(stable_hash(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
    }
}
