//! CSV exports, whose layout differs from bank to bank: a mapping names the columns to read.
//!
//! The header line is the first line holding every mapped column (banks often put a few lines
//! about the account before it); names are compared without regard to case or surrounding spaces.
//! The separator is `;`, `,` or a tab, whichever the header line has most of, unless the mapping
//! sets it. Text is UTF-8, with or without a byte-order mark, or Windows-1252 (spreadsheets on
//! Windows). Dates as `01/05/2018` or `2018-05-01`; amounts as `45,00`, `1.250,50` or `45.00`,
//! with a leading `-` for debits.
//!
//! Line identity: the mapped `id` column when there is one and the cell is filled, else a hash of
//! all the row's cells (`csv:` and 16 hexadecimal digits); identical rows are told apart by their
//! order (`-2`, `-3`…).

use serde::{Deserialize, Serialize};

use super::{
    BankFileProblem, BankLine, LineIndex, decode_text, line_error, non_empty, number_duplicates,
    stable_hash,
};
use crate::payment::StructuredReference;
use crate::{Amount, Error};

/// Lines searched for the header before giving up.
const HEADER_SEARCH_LINES: usize = 20;

/// Which header names hold what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvMapping {
    pub date: String,
    pub amount: String,
    pub communication: String,
    #[serde(default)]
    pub counterparty: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    /// `None` to detect `;`, `,` or a tab from the header line.
    #[serde(default)]
    pub separator: Option<u8>,
}

impl CsvMapping {
    /// The mapped columns: required ones first, then the optional ones present in the mapping.
    fn columns(&self) -> Vec<&str> {
        let mut columns = vec![
            self.date.as_str(),
            self.amount.as_str(),
            self.communication.as_str(),
        ];
        columns.extend(self.counterparty.as_deref());
        columns.extend(self.id.as_deref());
        columns
    }
}

/// Where each mapped column sits in a row.
struct Positions {
    date: usize,
    amount: usize,
    communication: usize,
    counterparty: Option<usize>,
    id: Option<usize>,
}

fn same_name(cell: &str, name: &str) -> bool {
    cell.trim().to_lowercase() == name.trim().to_lowercase()
}

pub fn parse(mapping: &CsvMapping, bytes: &[u8]) -> Result<Vec<BankLine>, Error> {
    let text = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(Error::BankFileEmpty);
    }
    let separator = mapping
        .separator
        .unwrap_or_else(|| detect_separator(&text, mapping));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let line_index = LineIndex::new(text.as_bytes());
    let mut positions: Option<Positions> = None;
    // The line most like a header so far, with how many mapped columns it has, to name what is
    // missing there when no line has them all.
    let mut best_row: Option<(usize, usize, ::csv::StringRecord)> = None;
    let mut lines = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = row.map_err(|error| {
            let line = error.position().map_or(index + 1, |position| {
                record_line(&text, &line_index, position.byte())
            });
            line_error(
                line,
                BankFileProblem::Csv {
                    detail: error.to_string(),
                },
            )
        })?;
        let line = row.position().map_or(index + 1, |position| {
            record_line(&text, &line_index, position.byte())
        });
        let Some(found) = positions.as_ref() else {
            if index >= HEADER_SEARCH_LINES {
                break;
            }
            if row.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let matches = mapping
                .columns()
                .into_iter()
                .filter(|column| row.iter().any(|cell| same_name(cell, column)))
                .count();
            if best_row.as_ref().is_none_or(|(_, best, _)| matches > *best) {
                best_row = Some((line, matches, row.clone()));
            }
            positions = header_positions(mapping, &row);
            continue;
        };
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        lines.push(line_of(mapping, found, &row, line)?);
    }
    if positions.is_none() {
        let (line, _, row) = best_row.unwrap_or((1, 0, ::csv::StringRecord::new()));
        let missing = mapping
            .columns()
            .into_iter()
            .find(|column| !row.iter().any(|cell| same_name(cell, column)))
            .unwrap_or(&mapping.date);
        return Err(line_error(
            line,
            BankFileProblem::MissingColumn {
                column: missing.trim().to_owned(),
            },
        ));
    }
    number_duplicates(&mut lines);
    Ok(lines)
}

/// The line a record starts on. The csv crate's own line count goes wrong with CRLF endings and
/// blank lines, and its byte position is where it started reading, before the line ends and blank
/// lines it skipped: those are skipped here too, then the line counted from the offset.
fn record_line(text: &str, line_index: &LineIndex, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while bytes.get(start).is_some_and(|&b| b == b'\r' || b == b'\n') {
        start += 1;
    }
    line_index.line_of(start)
}

fn detect_separator(text: &str, mapping: &CsvMapping) -> u8 {
    let wanted = mapping.date.trim().to_lowercase();
    let header = text
        .lines()
        .take(HEADER_SEARCH_LINES)
        .find(|line| line.to_lowercase().contains(&wanted))
        .or_else(|| text.lines().next())
        .unwrap_or_default();
    let count = |separator: char| header.matches(separator).count();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&separator| count(char::from(separator)))
        .filter(|&separator| count(char::from(separator)) > 0)
        .unwrap_or(b';')
}

fn header_positions(mapping: &CsvMapping, row: &::csv::StringRecord) -> Option<Positions> {
    let find = |name: &str| row.iter().position(|cell| same_name(cell, name));
    Some(Positions {
        date: find(&mapping.date)?,
        amount: find(&mapping.amount)?,
        communication: find(&mapping.communication)?,
        counterparty: match mapping.counterparty.as_deref() {
            Some(name) => Some(find(name)?),
            None => None,
        },
        id: match mapping.id.as_deref() {
            Some(name) => Some(find(name)?),
            None => None,
        },
    })
}

fn line_of(
    mapping: &CsvMapping,
    positions: &Positions,
    row: &::csv::StringRecord,
    line: usize,
) -> Result<BankLine, Error> {
    let in_column = |column: &str, reason: BankFileProblem| {
        line_error(
            line,
            BankFileProblem::InColumn {
                column: column.trim().to_owned(),
                reason: Box::new(reason),
            },
        )
    };
    let cell = |position: usize| row.get(position).unwrap_or("").trim();
    let required = |position: usize, column: &str| {
        let value = cell(position);
        if value.is_empty() {
            Err(in_column(column, BankFileProblem::EmptyValue))
        } else {
            Ok(value)
        }
    };
    let date = crate::date::parse_date(required(positions.date, &mapping.date)?)
        .map_err(|_| in_column(&mapping.date, BankFileProblem::Date))?;
    let amount = signed_amount(required(positions.amount, &mapping.amount)?)
        .ok_or_else(|| in_column(&mapping.amount, BankFileProblem::Amount))?;
    let communication = non_empty(cell(positions.communication));
    // A column that holds only the structured communication (bare digits, say) is read whole;
    // a free text is searched.
    let reference = communication.as_deref().and_then(|text| {
        StructuredReference::parse(text)
            .ok()
            .or_else(|| StructuredReference::find_in(text))
    });
    let id = positions
        .id
        .and_then(|position| non_empty(cell(position)))
        .unwrap_or_else(|| {
            let cells: Vec<&str> = row.iter().map(str::trim).collect();
            format!("csv:{:016x}", stable_hash(&cells))
        });
    Ok(BankLine {
        id,
        date,
        amount,
        counterparty: positions
            .counterparty
            .and_then(|position| non_empty(cell(position))),
        reference,
        communication,
    })
}

/// An amount with an optional leading sign: `-45,00` is a debit, `+45,00` and `45,00` credits.
fn signed_amount(text: &str) -> Option<Amount> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let amount = Amount::parse(unsigned).ok()?;
    Some(if negative {
        Amount::from_cents(-amount.cents())
    } else {
        amount
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use time::macros::date;

    fn french() -> CsvMapping {
        CsvMapping {
            date: "Date valeur".to_owned(),
            amount: "Montant".to_owned(),
            communication: "Communication".to_owned(),
            counterparty: Some("Nom contrepartie".to_owned()),
            id: None,
            separator: None,
        }
    }

    #[test]
    fn a_semicolon_export_with_french_headers_is_read() {
        let text = "Date valeur;Montant;Communication;Nom contrepartie\n\
                    03/09/2026;45,00;+++090/9337/55493+++;Marie Dupont-Exemple\n\
                    04/09/2026;-12,34;Location salle;Salle Exemple SPRL\n";
        let lines = parse(&french(), text.as_bytes()).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].date, date!(2026 - 09 - 03));
        assert_eq!(lines[0].amount, Amount::from_cents(4500));
        assert_eq!(
            lines[0].reference,
            Some(StructuredReference::parse("090933755493").unwrap())
        );
        assert_eq!(
            lines[0].counterparty.as_deref(),
            Some("Marie Dupont-Exemple")
        );
        assert_eq!(lines[1].amount, Amount::from_cents(-1234));
        assert!(lines[1].id.starts_with("csv:"));
    }

    #[test]
    fn lines_before_the_header_are_skipped() {
        let text = "Compte;BE68 5390 0754 7034\n\nDate valeur;Montant;Communication;Nom contrepartie\n\
                    03/09/2026;45,00;Cotisation;X\n";
        let lines = parse(&french(), text.as_bytes()).unwrap();
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn windows_1252_and_a_byte_order_mark_are_read() {
        let text = "Date valeur;Montant;Communication;Nom contrepartie\r\n03/09/2026;45,00;Camp Zoé;Hélène\r\n";
        let latin = encoding_rs::WINDOWS_1252.encode(text).0;
        let lines = parse(&french(), &latin).unwrap();
        assert_eq!(lines[0].communication.as_deref(), Some("Camp Zoé"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let lines = parse(&french(), &bom).unwrap();
        assert_eq!(lines[0].counterparty.as_deref(), Some("Hélène"));
    }

    #[test]
    fn the_id_column_is_used_when_mapped() {
        let mapping = CsvMapping {
            id: Some("Numéro".to_owned()),
            ..french()
        };
        let text = "Numéro;Date valeur;Montant;Communication;Nom contrepartie\n\
                    2026-0042;03/09/2026;45,00;x;y\n";
        assert_eq!(parse(&mapping, text.as_bytes()).unwrap()[0].id, "2026-0042");
    }

    #[test]
    fn identical_rows_stay_distinct_lines() {
        let text = "Date valeur;Montant;Communication;Nom contrepartie\n\
                    03/09/2026;45,00;Camp;X\n03/09/2026;45,00;Camp;X\n";
        let lines = parse(&french(), text.as_bytes()).unwrap();
        assert_eq!(lines[1].id, format!("{}-2", lines[0].id));
    }

    #[test]
    fn rows_are_located_on_their_own_line_whatever_the_line_ends() {
        for text in [
            "Date valeur;Montant;Communication;Nom contrepartie\r\n03/09/2026;45;a;b\r\n\r\n03/09/2026;x;a;b\r\n",
            "Date valeur;Montant;Communication;Nom contrepartie\n03/09/2026;45;a;b\n\n03/09/2026;x;a;b\n",
        ] {
            assert_eq!(
                parse(&french(), text.as_bytes()).unwrap_err().to_string(),
                "Ligne 4, colonne « Montant » : montant illisible"
            );
        }
    }

    #[test]
    fn a_missing_column_is_named() {
        let text = "Date valeur;Somme;Communication;Nom contrepartie\n03/09/2026;45,00;x;y\n";
        let error = parse(&french(), text.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Ligne 1 : colonne « Montant » introuvable dans l'en-tête"
        );
        assert_eq!(
            error.message(Lang::En),
            "Line 1: column “Montant” not found in the header"
        );
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let text = "Date valeur;Montant;Communication;Nom contrepartie\n\
                    03/09/2026;45,00;a;b\n\
                    31/09/2026;45,00;a;b\n";
        assert_eq!(
            parse(&french(), text.as_bytes()).unwrap_err().to_string(),
            "Ligne 3, colonne « Date valeur » : date impossible ou illisible"
        );
        let text = "Date valeur;Montant;Communication;Nom contrepartie\n03/09/2026;quarante;a;b\n";
        assert_eq!(
            parse(&french(), text.as_bytes()).unwrap_err().to_string(),
            "Ligne 2, colonne « Montant » : montant illisible"
        );
        let text = "Date valeur;Montant;Communication;Nom contrepartie\n03/09/2026\n";
        assert_eq!(
            parse(&french(), text.as_bytes()).unwrap_err().to_string(),
            "Ligne 2, colonne « Montant » : valeur manquante"
        );
    }
}
