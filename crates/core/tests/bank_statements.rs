//! The bank statement parsers on sample files shaped like the banks' exports (every name, account
//! and reference in them is invented), and the promise that no input makes them panic.

use proptest::prelude::*;
use tempatro_core::payment::StructuredReference;
use tempatro_core::payment::bank::{self, BankFormat, BankFormatKind, BankLine, CsvMapping};
use tempatro_core::{Amount, Error, Lang};
use time::macros::date;

const CODA: &[u8] = include_bytes!("data/two-statements.cod");
const CAMT: &[u8] = include_bytes!("data/statement.camt053.xml");
const CSV_FR: &[u8] = include_bytes!("data/export-fr.csv");
const CSV_EN: &[u8] = include_bytes!("data/export-en.csv");

fn reference(text: &str) -> Option<StructuredReference> {
    Some(StructuredReference::parse(text).unwrap())
}

fn french_mapping() -> CsvMapping {
    CsvMapping {
        date: "Date valeur".to_owned(),
        amount: "Montant".to_owned(),
        communication: "Communication".to_owned(),
        counterparty: Some("Nom contrepartie".to_owned()),
        id: None,
        separator: None,
    }
}

fn english_mapping() -> CsvMapping {
    CsvMapping {
        date: "Booking date".to_owned(),
        amount: "Amount".to_owned(),
        communication: "Description".to_owned(),
        counterparty: Some("Counterparty".to_owned()),
        id: Some("Transaction ID".to_owned()),
        separator: None,
    }
}

fn summary(lines: &[BankLine]) -> Vec<(i64, Option<StructuredReference>, Option<&str>)> {
    lines
        .iter()
        .map(|line| {
            (
                line.amount.cents(),
                line.reference,
                line.counterparty.as_deref(),
            )
        })
        .collect()
}

#[test]
fn the_coda_sample_gives_both_statements_movements() {
    let lines = bank::parse(&BankFormat::Coda, CODA).unwrap();
    assert_eq!(
        summary(&lines),
        vec![
            (
                4500,
                reference("+++090/9337/55493+++"),
                Some("DUPONT-EXEMPLE MARIE")
            ),
            (
                12000,
                reference("+++123/1234/12328+++"),
                Some("EXEMPLAIRE JEAN-LUC")
            ),
            (-8550, None, Some("ASBL SALLE EXEMPLE")),
            (
                4500,
                reference("+++119/7530/76697+++"),
                Some("EXEMPLE-MARTIN SOPHIE")
            ),
            (
                4500,
                reference("+++000/8000/90655+++"),
                Some("TESTEUR PAUL")
            ),
            (-1234, None, None),
        ]
    );
    assert_eq!(
        lines[1].communication.as_deref(),
        Some("Camp des Chevaliers pour Léon et Zoé +++123/1234/12328+++ merci")
    );
    assert_eq!(lines[0].communication, None);
    assert_eq!(lines[0].date, date!(2026 - 09 - 02));
    assert_eq!(lines[5].date, date!(2026 - 09 - 04));
    assert_eq!(lines[0].id, "BE68539007547034/010926/001/0001/0000");
    assert_eq!(lines[4].id, "BE68539007547034/030926/002/0001/0002");
}

#[test]
fn reading_the_same_file_twice_gives_the_same_identities() {
    for (format, bytes) in samples() {
        let first = bank::parse(&format, bytes).unwrap();
        let again = bank::parse(&format, bytes).unwrap();
        assert_eq!(first, again);
        let mut ids: Vec<&str> = first.iter().map(|line| line.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), first.len(), "{format:?}: identities are unique");
    }
}

#[test]
fn the_camt053_sample_gives_its_three_entries() {
    let lines = bank::parse(&BankFormat::Camt053, CAMT).unwrap();
    assert_eq!(
        summary(&lines),
        vec![
            (
                4500,
                reference("090933755493"),
                Some("Marie Dupont-Exemple")
            ),
            (
                12000,
                reference("123123412328"),
                Some("Jean-Luc Exemplaire")
            ),
            (-8550, None, Some("ASBL Salle Exemple")),
        ]
    );
    let ids: Vec<&str> = lines.iter().map(|line| line.id.as_str()).collect();
    assert_eq!(
        ids,
        ["20260905-0000001", "20260905-0000002", "20260905-0000003"]
    );
    assert_eq!(
        lines[1].communication.as_deref(),
        Some("Camp des Chevaliers pour Léon et Zoé +++123/1234/12328+++ merci")
    );
    assert!(lines.iter().all(|line| line.date == date!(2026 - 09 - 05)));
}

#[test]
fn the_french_csv_sample_is_read_from_windows_1252_after_its_preamble() {
    let lines = bank::parse(&BankFormat::Csv(french_mapping()), CSV_FR).unwrap();
    assert_eq!(
        summary(&lines),
        vec![
            (
                4500,
                reference("090933755493"),
                Some("Marie Dupont-Exemple")
            ),
            (
                12000,
                reference("123123412328"),
                Some("Jean-Luc Exemplaire")
            ),
            (-8550, None, Some("ASBL Salle Exemple")),
            (125_000, None, Some("Commune d'Exemple")),
        ]
    );
    assert_eq!(lines[2].date, date!(2026 - 09 - 06));
    assert_eq!(
        lines[1].communication.as_deref(),
        Some("Camp des Chevaliers pour Léon et Zoé +++123/1234/12328+++")
    );
}

#[test]
fn the_english_csv_sample_is_read_with_its_ids_and_quoted_commas() {
    let lines = bank::parse(&BankFormat::Csv(english_mapping()), CSV_EN).unwrap();
    assert_eq!(
        summary(&lines),
        vec![
            (
                4500,
                reference("090933755493"),
                Some("Marie Dupont-Exemple")
            ),
            (
                12000,
                reference("123123412328"),
                Some("Jean-Luc Exemplaire")
            ),
            (-8550, None, Some("ASBL Salle Exemple")),
        ]
    );
    assert_eq!(lines[0].id, "TX-2026-0901");
    assert_eq!(
        lines[2].communication.as_deref(),
        Some("Location salle, septembre")
    );
    assert_eq!(lines[0].amount, Amount::from_cents(4500));
}

#[test]
fn the_samples_are_recognised() {
    assert_eq!(bank::detect(CODA), Some(BankFormatKind::Coda));
    assert_eq!(bank::detect(CAMT), Some(BankFormatKind::Camt053));
    assert_eq!(bank::detect(CSV_FR), None);
    assert_eq!(bank::detect(CSV_EN), None);
}

/// The CODA sample with one line replaced.
fn coda_with_line(number: usize, edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = CODA.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    edit(&mut lines[number - 1]);
    lines.join(&b'\n')
}

#[test]
fn a_broken_coda_sample_names_the_line() {
    // Line 6 is the first statement's movement 0002; its amount is at positions 33 to 47.
    let bytes = coda_with_line(6, |line| line[40] = b'x');
    assert_eq!(
        bank::parse(&BankFormat::Coda, &bytes)
            .unwrap_err()
            .to_string(),
        "Ligne 6 : montant illisible"
    );
    let bytes = coda_with_line(17, |line| line.truncate(100));
    let error = bank::parse(&BankFormat::Coda, &bytes).unwrap_err();
    assert_eq!(
        error.message(Lang::En),
        "Line 17: record of 100 characters instead of 128"
    );
    let bytes = coda_with_line(6, |line| line[115..121].copy_from_slice(b"320926"));
    assert_eq!(
        bank::parse(&BankFormat::Coda, &bytes)
            .unwrap_err()
            .to_string(),
        "Ligne 6 : date impossible ou illisible"
    );
    let bytes = coda_with_line(24, |line| line[0] = b'5');
    assert_eq!(
        bank::parse(&BankFormat::Coda, &bytes)
            .unwrap_err()
            .to_string(),
        "Ligne 24 : type d'enregistrement « 5 » inconnu"
    );
}

#[test]
fn a_broken_camt053_sample_names_the_line() {
    let text = std::str::from_utf8(CAMT).unwrap();
    let broken = text.replace(
        "<Amt Ccy=\"EUR\">120.00</Amt>",
        "<Amt Ccy=\"EUR\">12O.00</Amt>",
    );
    let line = text
        .lines()
        .position(|line| line.contains("120.00"))
        .unwrap()
        + 1;
    assert_eq!(
        bank::parse(&BankFormat::Camt053, broken.as_bytes())
            .unwrap_err()
            .to_string(),
        format!("Ligne {line} : montant illisible")
    );
    // The last entry's RmtInf left open: the parser stumbles on the TxDtls end on the next line.
    let unclosed = text.replace("septembre</Ustrd></RmtInf>", "septembre</Ustrd>");
    let message = bank::parse(&BankFormat::Camt053, unclosed.as_bytes())
        .unwrap_err()
        .to_string();
    let line = text
        .lines()
        .position(|line| line.contains("septembre</Ustrd></RmtInf>"))
        .unwrap()
        + 2;
    assert!(
        message.starts_with(&format!("Ligne {line} : XML mal formé")),
        "{message}"
    );
}

#[test]
fn a_csv_without_the_mapped_column_names_it() {
    let mapping = CsvMapping {
        amount: "Bedrag".to_owned(),
        ..french_mapping()
    };
    assert_eq!(
        bank::parse(&BankFormat::Csv(mapping), CSV_FR)
            .unwrap_err()
            .to_string(),
        "Ligne 4 : colonne « Bedrag » introuvable dans l'en-tête"
    );
}

#[test]
fn empty_files_are_refused() {
    for (format, _) in samples() {
        assert_eq!(bank::parse(&format, b""), Err(Error::BankFileEmpty));
    }
}

fn samples() -> Vec<(BankFormat, &'static [u8])> {
    vec![
        (BankFormat::Coda, CODA),
        (BankFormat::Camt053, CAMT),
        (BankFormat::Csv(french_mapping()), CSV_FR),
        (BankFormat::Csv(english_mapping()), CSV_EN),
    ]
}

/// A sample with a few bytes changed, inserted or removed, and maybe cut short.
fn mutated() -> impl Strategy<Value = (usize, Vec<u8>)> {
    (
        0..4usize,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
        any::<Option<prop::sample::Index>>(),
    )
        .prop_map(|(which, edits, cut)| {
            let (_, bytes) = &samples()[which];
            let mut bytes = bytes.to_vec();
            for (at, byte, kind) in edits {
                let index = at.index(bytes.len().max(1));
                match kind {
                    0 if index < bytes.len() => bytes[index] = byte,
                    1 => bytes.insert(index.min(bytes.len()), byte),
                    _ if index < bytes.len() => {
                        bytes.remove(index);
                    }
                    _ => {}
                }
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len().max(1)));
            }
            (which, bytes)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_bytes_make_a_parser_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for (format, _) in samples() {
            let _ = bank::parse(&format, &bytes);
        }
        let _ = bank::detect(&bytes);
    }

    #[test]
    fn no_mutated_sample_makes_its_parser_panic((which, bytes) in mutated()) {
        let (format, _) = &samples()[which];
        if let Err(error) = bank::parse(format, &bytes) {
            // Whatever went wrong is said in a sentence, in both languages.
            prop_assert!(!error.to_string().is_empty());
            prop_assert!(!error.message(Lang::En).is_empty());
        }
        let _ = bank::detect(&bytes);
    }

    #[test]
    fn no_mutated_sample_makes_another_parser_panic((_which, bytes) in mutated()) {
        for (format, _) in samples() {
            let _ = bank::parse(&format, &bytes);
        }
    }

    #[test]
    fn text_shaped_like_records_never_panics(lines in prop::collection::vec("[0-9 A-Z+/]{120,130}", 0..6)) {
        let text = lines.join("\r\n");
        let _ = bank::parse(&BankFormat::Coda, text.as_bytes());
    }
}
