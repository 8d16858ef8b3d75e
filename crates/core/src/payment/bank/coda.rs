//! CODA, the Belgian banks' statement format (Febelfin, "CODA: Coded statement of account",
//! version 2): fixed-width records of 128 characters, one per line, usually in Windows-1252.
//!
//! Records: `0` header, `1` old balance (opens a statement: account and statement number),
//! `2.1` movement, `2.2` and `2.3` its continuations, `3.x` information, `4` free
//! communication, `8` new balance (closes the statement), `9` trailer. A file may hold several
//! statements, each `0 1 … 8 9`. Positions below are 1-based, as in the standard.
//!
//! Globalised movements: a bank may book several transfers as one global movement (detail
//! number 0000) and list them after it as details (same sequence number, detail number 0001, 0002…);
//! Belgian banks do this for incoming transfers with a structured communication, and each detail
//! then carries one payer's communication. So for each sequence number, this parser keeps the
//! details when there are any and drops the global movement they add up to; otherwise it keeps the
//! movement. A statement's total is the same either way. Nested globalisation (details that are
//! themselves global, rare) is not unfolded further: all the details of the sequence are kept.
//!
//! Line identity: `account/balance date/statement/sequence/detail`, e.g.
//! `BE68539007547034/020926/001/0001/0000`. Statement numbers start again each year, so the
//! old-balance date (positions 59–64 of record 1, kept as written) tells two years' statement 001
//! apart; a bank sends the same values again when it sends the statement again.

use std::collections::HashSet;

use time::{Date, Month};

use super::{BankFileProblem, BankLine, decode_text, line_error, non_empty, reference_in};
use crate::payment::StructuredReference;
use crate::{Amount, Error};

pub const RECORD_LENGTH: usize = 128;

/// The statement a movement belongs to, from its record 1.
#[derive(Debug, Clone)]
struct Statement {
    account: String,
    number: String,
    balance_date: String,
}

/// A movement being assembled from its 2.1, 2.2 and 2.3 records.
#[derive(Debug)]
struct Movement {
    /// Which statement of the file, to keep sequence numbers of different statements apart.
    statement_index: usize,
    id: String,
    sequence: String,
    detail: String,
    date: Date,
    amount: Amount,
    structured: Option<StructuredReference>,
    /// Set when the communication is free text (or a structured one that is not a Belgian
    /// structured communication), so that 2.2 and 2.3 records add its continuation.
    free_text: Option<String>,
    counterparty: Option<String>,
}

/// A record's text, addressed by the standard's 1-based inclusive positions.
struct Record {
    chars: Vec<char>,
}

impl Record {
    fn field(&self, from: usize, to: usize) -> String {
        self.chars[from - 1..to].iter().collect()
    }

    fn at(&self, position: usize) -> char {
        self.chars[position - 1]
    }
}

pub fn parse(bytes: &[u8]) -> Result<Vec<BankLine>, Error> {
    let text = decode_text(bytes);
    let mut statement: Option<Statement> = None;
    let mut statements = 0;
    let mut movements: Vec<Movement> = Vec::new();
    let mut records = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // An empty line, or the end-of-file mark of old DOS tools, carries nothing: tolerated
        // wherever it is, chiefly the partial last line many exports end with.
        if raw.chars().all(|c| c.is_whitespace() || c == '\u{1a}') {
            continue;
        }
        let record = Record {
            chars: raw.chars().collect(),
        };
        if record.chars.len() != RECORD_LENGTH {
            return Err(line_error(
                line,
                BankFileProblem::RecordLength {
                    found: record.chars.len(),
                },
            ));
        }
        records += 1;
        match (record.at(1), record.at(2)) {
            ('0' | '4' | '9', _) | ('3', '1'..='3') => {}
            ('1', _) => {
                statements += 1;
                statement = Some(Statement {
                    account: account_number(&record),
                    number: record.field(3, 5).trim().to_owned(),
                    balance_date: record.field(59, 64),
                });
            }
            ('8', _) => {
                if statement.take().is_none() {
                    return Err(line_error(line, BankFileProblem::OutsideStatement));
                }
            }
            ('2', '1') => {
                let current = statement
                    .as_ref()
                    .ok_or_else(|| line_error(line, BankFileProblem::OutsideStatement))?;
                let movement = movement(&record, current, statements, line)?;
                movements.push(movement);
            }
            ('2', '2' | '3') => {
                let movement = movements
                    .last_mut()
                    .filter(|movement| {
                        statement.is_some()
                            && movement.statement_index == statements
                            && movement.sequence == record.field(3, 6)
                            && movement.detail == record.field(7, 10)
                    })
                    .ok_or_else(|| line_error(line, BankFileProblem::OrphanContinuation))?;
                continue_movement(movement, &record);
            }
            (kind, article) => {
                let found = if matches!(kind, '2' | '3') {
                    format!("{kind}.{article}")
                } else {
                    kind.to_string()
                };
                return Err(line_error(line, BankFileProblem::RecordType { found }));
            }
        }
    }
    if records == 0 {
        return Err(Error::BankFileEmpty);
    }
    Ok(keep_details_over_globals(movements)
        .into_iter()
        .map(into_line)
        .collect())
}

/// Positions 6–42 hold the account in a layout given by position 2: `0` Belgian account number
/// (12 digits), `1` foreign account number, `2` Belgian IBAN (16 characters), `3` foreign IBAN
/// (up to 34), each followed by the currency.
fn account_number(record: &Record) -> String {
    let end = match record.at(2) {
        '0' => 17,
        '2' => 21,
        _ => 39,
    };
    record.field(6, end).trim().to_owned()
}

fn movement(
    record: &Record,
    statement: &Statement,
    statement_index: usize,
    line: usize,
) -> Result<Movement, Error> {
    let sequence = record.field(3, 6);
    let detail = record.field(7, 10);
    let amount = signed_amount(record.at(32), &record.field(33, 47))
        .ok_or_else(|| line_error(line, BankFileProblem::Amount))?;
    let value_date = record.field(48, 53);
    let entry_date = record.field(116, 121);
    // The entry (booking) date is the statement's; a few banks leave it at zeros, and then the
    // value date is the best there is.
    let date = if entry_date == "000000" {
        date_ddmmyy(&value_date)
    } else {
        date_ddmmyy(&entry_date)
    }
    .ok_or_else(|| line_error(line, BankFileProblem::Date))?;
    let communication = record.field(63, 115);
    let (structured, free_text) = if record.at(62) == '1' {
        // Types 101 and 102 are the Belgian structured communication, its 12 digits following.
        let belgian = matches!(record.field(63, 65).as_str(), "101" | "102")
            .then(|| StructuredReference::parse(&record.field(66, 77)).ok())
            .flatten();
        match belgian {
            Some(reference) => (Some(reference), None),
            // Another structured kind (a direct debit's mandate, a card number…) or one with a
            // wrong check: kept as text for the secretariat to read.
            None => (None, Some(communication)),
        }
    } else {
        (None, Some(communication))
    };
    Ok(Movement {
        statement_index,
        id: format!(
            "{}/{}/{}/{sequence}/{detail}",
            statement.account, statement.balance_date, statement.number
        ),
        sequence,
        detail,
        date,
        amount,
        structured,
        free_text,
        counterparty: None,
    })
}

/// 2.2: positions 11–63 continue the communication. 2.3: 11–47 the counterparty's account,
/// 48–82 its name, 83–125 the end of the communication.
fn continue_movement(movement: &mut Movement, record: &Record) {
    let continuation = if record.at(2) == '2' {
        record.field(11, 63)
    } else {
        movement.counterparty = non_empty(&record.field(48, 82));
        record.field(83, 125)
    };
    if let Some(text) = movement.free_text.as_mut() {
        text.push_str(&continuation);
    }
}

/// Position 32 is the sign (`0` credit, `1` debit), 33–47 the amount in 15 digits of which 3
/// decimals; euros have no thousandths, so a non-zero third decimal is an unreadable amount.
fn signed_amount(sign: char, digits: &str) -> Option<Amount> {
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let thousandths: i64 = digits.parse().ok()?;
    if thousandths % 10 != 0 {
        return None;
    }
    let cents = thousandths / 10;
    match sign {
        '0' => Some(Amount::from_cents(cents)),
        '1' => Some(Amount::from_cents(-cents)),
        _ => None,
    }
}

/// `DDMMYY`, years 2000 to 2099: CODA has no century, and statements before 2000 are no concern
/// of a Patro's payments.
fn date_ddmmyy(text: &str) -> Option<Date> {
    if text.len() != 6 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let day: u8 = text[0..2].parse().ok()?;
    let month: u8 = text[2..4].parse().ok()?;
    let year: i32 = text[4..6].parse().ok()?;
    Date::from_calendar_date(2000 + year, Month::try_from(month).ok()?, day).ok()
}

fn keep_details_over_globals(movements: Vec<Movement>) -> Vec<Movement> {
    let detailed: HashSet<(usize, String)> = movements
        .iter()
        .filter(|movement| movement.detail != "0000")
        .map(|movement| (movement.statement_index, movement.sequence.clone()))
        .collect();
    movements
        .into_iter()
        .filter(|movement| {
            movement.detail != "0000"
                || !detailed.contains(&(movement.statement_index, movement.sequence.clone()))
        })
        .collect()
}

fn into_line(movement: Movement) -> BankLine {
    let communication = movement.free_text.as_deref().and_then(non_empty);
    BankLine {
        reference: reference_in(movement.structured, communication.as_deref()),
        id: movement.id,
        date: movement.date,
        amount: movement.amount,
        counterparty: movement.counterparty,
        communication,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Lang;
    use time::macros::date;

    /// Builds a 128-character record from (1-based position, text) pairs over spaces.
    pub(crate) fn record(fields: &[(usize, &str)]) -> String {
        let mut chars = vec![' '; RECORD_LENGTH];
        for (position, text) in fields {
            for (offset, c) in text.chars().enumerate() {
                chars[position - 1 + offset] = c;
            }
        }
        chars.into_iter().collect()
    }

    pub(crate) fn header() -> String {
        record(&[
            (1, "00000"),
            (6, "030926"),
            (12, "725"),
            (15, "05"),
            (128, "2"),
        ])
    }

    pub(crate) fn old_balance(statement: &str) -> String {
        record(&[
            (1, "12"),
            (3, statement),
            (6, "BE68539007547034"),
            (40, "EUR"),
            (43, "0"),
            (44, "000000001000000"),
            (59, "020926"),
            (65, "PATRO SAINT-EXEMPLE ASBL"),
            (126, statement),
        ])
    }

    pub(crate) fn movement(
        sequence: &str,
        detail: &str,
        sign: &str,
        thousandths: &str,
        structured: bool,
        communication: &str,
    ) -> String {
        record(&[
            (1, "21"),
            (3, sequence),
            (7, detail),
            (11, "EBANKREF0000000000001"),
            (32, sign),
            (33, thousandths),
            (48, "030926"),
            (54, "00150000"),
            (62, if structured { "1" } else { "0" }),
            (63, communication),
            (116, "030926"),
            (122, "001"),
            (125, "0"),
            (126, "1"),
            (128, "0"),
        ])
    }

    pub(crate) fn counterparty(sequence: &str, detail: &str, name: &str) -> String {
        record(&[
            (1, "23"),
            (3, sequence),
            (7, detail),
            (11, "BE71096123456769"),
            (48, name),
            (126, "0"),
            (128, "0"),
        ])
    }

    pub(crate) fn new_balance() -> String {
        record(&[
            (1, "8001"),
            (5, "BE68539007547034"),
            (42, "0"),
            (43, "000000001045000"),
        ])
    }

    pub(crate) fn trailer() -> String {
        record(&[
            (1, "9"),
            (17, "000005"),
            (23, "000000000000000"),
            (128, "2"),
        ])
    }

    fn file(records: &[String]) -> String {
        records.join("\r\n") + "\r\n"
    }

    fn statement_with(movements: &[String]) -> String {
        let mut records = vec![header(), old_balance("001")];
        records.extend_from_slice(movements);
        records.extend([new_balance(), trailer()]);
        file(&records)
    }

    #[test]
    fn a_structured_credit_gives_its_reference_amount_date_and_payer() {
        let text = statement_with(&[
            movement(
                "0001",
                "0000",
                "0",
                "000000000045000",
                true,
                "101090933755493",
            ),
            counterparty("0001", "0000", "DUPONT-EXEMPLE MARIE"),
        ]);
        let lines = parse(text.as_bytes()).unwrap();
        assert_eq!(
            lines,
            vec![BankLine {
                id: "BE68539007547034/020926/001/0001/0000".to_owned(),
                date: date!(2026 - 09 - 03),
                amount: Amount::from_cents(4500),
                counterparty: Some("DUPONT-EXEMPLE MARIE".to_owned()),
                reference: Some(StructuredReference::parse("090933755493").unwrap()),
                communication: None,
            }]
        );
    }

    #[test]
    fn a_free_communication_runs_over_its_continuation_records() {
        let full = "Camp des Chevaliers pour Léon et Zoé, voir +++123/1234/12328+++ merci";
        // The standard cuts the text at the field's width, even inside a word.
        let first: String = full.chars().take(53).collect();
        let rest: String = full.chars().skip(53).collect();
        let text = statement_with(&[
            movement("0002", "0000", "0", "000000000120000", false, &first),
            record(&[(1, "22"), (3, "0002"), (7, "0000"), (11, &rest)]),
            counterparty("0002", "0000", "EXEMPLAIRE JEAN"),
        ]);
        let lines = parse(text.as_bytes()).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].communication.as_deref(), Some(full));
        assert_eq!(
            lines[0].reference,
            Some(StructuredReference::parse("+++123/1234/12328+++").unwrap())
        );
    }

    #[test]
    fn a_debit_is_negative() {
        let text = statement_with(&[movement(
            "0003",
            "0000",
            "1",
            "000000000012340",
            false,
            "Location salle",
        )]);
        let lines = parse(text.as_bytes()).unwrap();
        assert_eq!(lines[0].amount, Amount::from_cents(-1234));
        assert_eq!(lines[0].reference, None);
        assert_eq!(lines[0].communication.as_deref(), Some("Location salle"));
    }

    #[test]
    fn details_replace_the_global_movement_they_add_up_to() {
        let text = statement_with(&[
            movement("0004", "0000", "0", "000000000090000", false, ""),
            movement(
                "0004",
                "0001",
                "0",
                "000000000045000",
                true,
                "101090933755493",
            ),
            movement(
                "0004",
                "0002",
                "0",
                "000000000045000",
                true,
                "101123123412328",
            ),
            movement("0005", "0000", "0", "000000000010000", false, "Don"),
        ]);
        let lines = parse(text.as_bytes()).unwrap();
        let ids: Vec<&str> = lines.iter().map(|line| line.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "BE68539007547034/020926/001/0004/0001",
                "BE68539007547034/020926/001/0004/0002",
                "BE68539007547034/020926/001/0005/0000",
            ]
        );
    }

    #[test]
    fn a_structured_communication_with_a_wrong_check_is_kept_as_text() {
        let text = statement_with(&[movement(
            "0001",
            "0000",
            "0",
            "000000000045000",
            true,
            "101090933755494",
        )]);
        let lines = parse(text.as_bytes()).unwrap();
        assert_eq!(lines[0].reference, None);
        assert_eq!(lines[0].communication.as_deref(), Some("101090933755494"));
    }

    #[test]
    fn windows_1252_names_are_decoded() {
        let mut bytes = Vec::new();
        let text = statement_with(&[
            movement(
                "0001",
                "0000",
                "0",
                "000000000045000",
                true,
                "101090933755493",
            ),
            counterparty("0001", "0000", "HÉLÈNE EXEMPLE"),
        ]);
        bytes.extend(encoding_rs::WINDOWS_1252.encode(&text).0.iter());
        let lines = parse(&bytes).unwrap();
        assert_eq!(lines[0].counterparty.as_deref(), Some("HÉLÈNE EXEMPLE"));
    }

    fn error_of(records: &[String]) -> String {
        parse(file(records).as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn a_short_record_is_refused_with_its_line() {
        let mut short = movement("0001", "0000", "0", "000000000045000", false, "x");
        short.pop();
        assert_eq!(
            error_of(&[header(), old_balance("001"), short]),
            "Ligne 3 : enregistrement de 127 caractères au lieu de 128"
        );
    }

    #[test]
    fn an_unknown_record_type_is_refused_with_its_line() {
        let odd = record(&[(1, "7")]);
        assert_eq!(
            error_of(&[header(), odd]),
            "Ligne 2 : type d'enregistrement « 7 » inconnu"
        );
        let odd = record(&[(1, "24"), (3, "0001")]);
        let error = parse(file(&[header(), old_balance("001"), odd]).as_bytes()).unwrap_err();
        assert_eq!(error.message(Lang::En), "Line 3: unknown record type “2.4”");
    }

    #[test]
    fn a_non_digit_amount_is_refused_with_its_line() {
        let records = [
            header(),
            old_balance("001"),
            movement("0001", "0000", "0", "000000000045000", false, "a"),
            counterparty("0001", "0000", "X"),
            movement("0002", "0000", "0", "00000000004500A", false, "b"),
        ];
        assert_eq!(error_of(&records), "Ligne 5 : montant illisible");
    }

    #[test]
    fn a_wrong_sign_or_thousandths_make_the_amount_unreadable() {
        for (sign, digits) in [("2", "000000000045000"), ("0", "000000000045001")] {
            let records = [
                header(),
                old_balance("001"),
                movement("0001", "0000", sign, digits, false, "a"),
            ];
            assert_eq!(error_of(&records), "Ligne 3 : montant illisible");
        }
    }

    #[test]
    fn an_impossible_date_is_refused_with_its_line() {
        let mut bad = movement("0001", "0000", "0", "000000000045000", false, "a");
        bad.replace_range(115..121, "310226");
        assert_eq!(
            error_of(&[header(), old_balance("001"), bad]),
            "Ligne 3 : date impossible ou illisible"
        );
    }

    #[test]
    fn a_movement_outside_a_statement_is_refused() {
        let records = [
            header(),
            movement("0001", "0000", "0", "000000000045000", false, "a"),
        ];
        assert!(error_of(&records).starts_with("Ligne 2 : mouvement hors d'un extrait"));
    }

    #[test]
    fn a_continuation_must_follow_its_movement() {
        let records = [
            header(),
            old_balance("001"),
            movement("0001", "0000", "0", "000000000045000", false, "a"),
            counterparty("0002", "0000", "X"),
        ];
        assert_eq!(
            error_of(&records),
            "Ligne 4 : suite d'un mouvement sans son enregistrement 2.1"
        );
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(parse(b""), Err(Error::BankFileEmpty));
        assert_eq!(parse(b"\r\n\r\n"), Err(Error::BankFileEmpty));
    }

    #[test]
    fn lf_endings_and_no_final_newline_are_read_too() {
        let text = [
            header(),
            old_balance("001"),
            movement(
                "0001",
                "0000",
                "0",
                "000000000045000",
                true,
                "101090933755493",
            ),
            new_balance(),
            trailer(),
        ]
        .join("\n");
        assert_eq!(parse(text.as_bytes()).unwrap().len(), 1);
    }
}
