//! `payments import`: a bank statement sent to the server, which reconciles it in one transaction.
//! The file is read here only to be sent (and its format recognised, so that a wrong file is told
//! before the upload); the server parses it and names the line of any mistake.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use tempatro_core::api::{ImportEntry, ImportOutcome, ImportReport};
use tempatro_core::payment::bank::detect;
use tempatro_core::{Lang, date};

use super::{ImportArgs, plural};
use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::{documents, output};

/// From this size on, reading and sending take long enough to be shown: a year of a busy
/// account's CODA files. Below it the bar would only flash.
const LARGE_FILE: u64 = 1024 * 1024;

/// Read in pieces of this size, so that the bar moves.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// CODA, le format des banques belges
    Coda,
    /// ISO 20022 camt.053 (XML)
    #[value(name = "camt053", alias = "camt.053")]
    Camt053,
    /// Export CSV d'une banque en ligne (avec --columns)
    Csv,
}

impl FormatArg {
    /// The API's code.
    fn code(self) -> &'static str {
        match self {
            FormatArg::Coda => "coda",
            FormatArg::Camt053 => "camt053",
            FormatArg::Csv => "csv",
        }
    }
}

/// The API's names of the CSV columns, in the order `--columns` gives their headers.
const COLUMN_KEYS: [&str; 5] = ["date", "amount", "communication", "counterparty", "id"];

/// `--columns "Date valeur,Montant,Communication"`: the headers of the export's columns, paired
/// with what the server calls them. Three to five: the last two are optional.
fn columns(input: &str) -> Result<Vec<(&'static str, String)>, Error> {
    let headers: Vec<String> = input.split(',').map(|h| h.trim().to_owned()).collect();
    if !(3..=COLUMN_KEYS.len()).contains(&headers.len()) || headers.iter().any(String::is_empty) {
        return Err(Error::InvalidColumns {
            input: input.to_owned(),
        });
    }
    Ok(COLUMN_KEYS.into_iter().zip(headers).collect())
}

pub async fn import(settings: &Settings, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    // Flags first, file second, server last: each mistake is told before the slower steps.
    let columns = args.columns.as_deref().map(columns).transpose()?;
    let format = match (args.format, &columns) {
        (None | Some(FormatArg::Csv), Some(_)) => Some(FormatArg::Csv),
        (Some(_), Some(_)) => return Err(Error::ColumnsOnlyForCsv.into()),
        (format, None) => format,
    };
    let client = staff_client(settings)?;
    let progress = Progress::new(lang);
    let bytes = read_statement(&args.file, &progress)?;
    let format = match format {
        Some(format) => format.code(),
        None => detect(&bytes)
            .ok_or(Error::UnknownStatementFormat)?
            .as_str(),
    };
    progress.sending(bytes.len() as u64);
    let pairs: Vec<(&str, &str)> = columns
        .iter()
        .flatten()
        .map(|(key, header)| (*key, header.as_str()))
        .collect();
    let result = client
        .import_statement(bytes, Some(format), &pairs, args.dry_run)
        .await;
    progress.done();
    let report = result.map_err(with_session)?;
    if args.json {
        output::json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The free text of what stayed unmatched is what the secretariat matches by hand; the report
    // gives only the structured reference, the kept lines give all. A dry run keeps none.
    let communications = if report.unmatched > 0 && !report.dry_run {
        client
            .bank_lines(None)
            .await
            .map_err(with_session)?
            .into_iter()
            .filter_map(|line| Some((line.id, line.communication.or(line.reference)?)))
            .collect()
    } else {
        HashMap::new()
    };
    output::line(&summary(&report, lang))?;
    let unmatched: Vec<&ImportEntry> = report
        .entries
        .iter()
        .filter(|entry| entry.outcome == ImportOutcome::Unmatched)
        .collect();
    if !unmatched.is_empty() {
        output::line("")?;
        output::line(lang.pick(
            "Lignes non reconnues, à rapprocher avec `tempatro-admin payments match LIGNE DÛ` :\n",
            "Unmatched lines, to match with `tempatro-admin payments match LINE DUE`:\n",
        ))?;
        output::table(unmatched_table(&unmatched, &communications, lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The file's bytes, or the standard input's for `-`, behind a bar when it is large.
fn read_statement(path: &Path, progress: &Progress) -> Result<Vec<u8>, Error> {
    let unreadable = |error: io::Error| Error::ReadFile {
        path: path.to_owned(),
        detail: error.to_string(),
    };
    if path == Path::new("-") {
        // A pipe says nothing of its size: no bar while reading, only once it is sent.
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(Error::Stdin)?;
        return Ok(bytes);
    }
    let mut file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let bar = progress.reading(size);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut chunk = vec![0; CHUNK];
    loop {
        let read = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(unreadable(error)),
        };
        bytes.extend_from_slice(&chunk[..read]);
        if let Some(bar) = &bar {
            bar.inc(read as u64);
        }
    }
    Ok(bytes)
}

/// The bar on stderr: only for a person watching a terminal (stdout and stderr both), only for a
/// large file. Cron, a pipe or a redirection get no escape codes in their logs.
struct Progress {
    bar: ProgressBar,
    terminal: bool,
    /// Whether the bar draws yet. It is given its terminal once only: a new draw target would not
    /// know the lines the previous one drew, and could not clear them.
    drawing: Cell<bool>,
    lang: Lang,
}

impl Progress {
    fn new(lang: Lang) -> Progress {
        Progress {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            terminal: io::stdout().is_terminal() && io::stderr().is_terminal(),
            drawing: Cell::new(false),
            lang,
        }
    }

    /// The bar, drawing from now on, when a file of `size` bytes is worth it.
    fn shown(&self, size: u64) -> Option<&ProgressBar> {
        if !wanted(self.terminal, size) {
            return None;
        }
        if !self.drawing.replace(true) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Some(&self.bar)
    }

    /// The bar that follows the reading of `size` bytes.
    fn reading(&self, size: u64) -> Option<&ProgressBar> {
        let bar = self.shown(size)?;
        let lang = self.lang;
        bar.set_length(size);
        // Sizes as a French file manager writes them ("6,3 Mo"), not indicatif's "6.3 MiB". The
        // template writes into a String, which cannot fail: there is no error to pass on.
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {done}/{size}")
                .expect("a valid template")
                .with_key(
                    "done",
                    move |state: &ProgressState, w: &mut dyn fmt::Write| {
                        let _ = w.write_str(&documents::size(state.pos(), lang));
                    },
                )
                .with_key(
                    "size",
                    move |state: &ProgressState, w: &mut dyn fmt::Write| {
                        let _ = w.write_str(&documents::size(state.len().unwrap_or(0), lang));
                    },
                )
                .progress_chars("=> "),
        );
        bar.set_message(lang.pick("Lecture du relevé", "Reading the statement"));
        Some(bar)
    }

    /// From here on the server has the file: the client sends it whole and the server answers
    /// once every line is reconciled, so all that can be shown is that it is going on.
    fn sending(&self, size: u64) {
        let Some(bar) = self.shown(size) else {
            return;
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
        );
        bar.set_message(self.lang.pick(
            "Envoi au serveur et rapprochement des lignes…",
            "Sending to the server and matching the lines…",
        ));
        bar.enable_steady_tick(Duration::from_millis(120));
    }

    /// Clears the bar before the report is written.
    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// Whether the progress is shown: on a terminal, for a large file.
fn wanted(terminal: bool, size: u64) -> bool {
    terminal && size >= LARGE_FILE
}

/// "Relevé CODA importé : 3 lignes." then the count of each outcome, one under the other.
fn summary(report: &ImportReport, lang: Lang) -> String {
    let format = match report.format.as_str() {
        "coda" => "CODA",
        "camt053" => "camt.053",
        "csv" => "CSV",
        other => other,
    };
    let lines = report.entries.len();
    let heading = match (report.dry_run, lang) {
        (false, Lang::Fr) => format!(
            "Relevé {format} importé : {lines} {}.",
            plural(lines, "ligne", "lignes")
        ),
        (false, Lang::En) => format!(
            "{format} statement imported: {lines} {}.",
            if lines == 1 { "line" } else { "lines" }
        ),
        (true, Lang::Fr) => format!(
            "Relevé {format} lu, simulation (rien n'est enregistré) : {lines} {}.",
            plural(lines, "ligne", "lignes")
        ),
        (true, Lang::En) => format!(
            "{format} statement read, dry run (nothing is saved): {lines} {}.",
            if lines == 1 { "line" } else { "lines" }
        ),
    };
    // The dues paid too much are worth naming: someone has to refund or keep the difference.
    let overpaid: Vec<String> = report
        .entries
        .iter()
        .filter(|entry| entry.outcome == ImportOutcome::Overpaid)
        .filter_map(|entry| entry.due_id)
        .map(|id| format!("{}{id}", lang.pick("n°", "no. ")))
        .collect();
    let overpaid = if overpaid.is_empty() {
        report.overpaid.to_string()
    } else {
        format!("{} ({})", report.overpaid, overpaid.join(", "))
    };
    let rows = [
        (
            lang.pick("Rapprochées, montant exact", "Matched, exact amount"),
            report.matched.to_string(),
        ),
        (
            lang.pick("Rapprochées, paiement partiel", "Matched, partial payment"),
            report.partial.to_string(),
        ),
        (
            lang.pick("Rapprochées, payé en trop", "Matched, overpaid"),
            overpaid,
        ),
        (
            lang.pick("Non reconnues", "Unmatched"),
            report.unmatched.to_string(),
        ),
        (
            lang.pick("Déjà importées", "Already imported"),
            report.already_imported.to_string(),
        ),
        (lang.pick("Débits", "Debits"), report.debits.to_string()),
    ];
    format!("{heading}\n\n{}", output::fields(&rows))
}

fn unmatched_table(
    entries: &[&ImportEntry],
    communications: &HashMap<String, String>,
    lang: Lang,
) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["Ligne", "Date", "Montant", "Contrepartie", "Communication"],
        Lang::En => ["Line", "Date", "Amount", "Counterparty", "Communication"],
    });
    for entry in entries {
        let communication = communications
            .get(&entry.line_id)
            .or(entry.reference.as_ref())
            .map_or_else(|| output::NONE.to_owned(), Clone::clone);
        table.add_row([
            entry.line_id.clone(),
            date::short(entry.date),
            entry.amount.to_string(),
            entry
                .counterparty
                .clone()
                .unwrap_or_else(|| output::NONE.to_owned()),
            communication,
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use time::macros::date;

    fn entry(outcome: ImportOutcome, due_id: Option<i64>) -> ImportEntry {
        ImportEntry {
            line_id: "BE68539007547034/020926/001/0002/0000".to_owned(),
            date: date!(2026 - 09 - 02),
            amount: Amount::from_cents(12_000),
            counterparty: Some("EXEMPLAIRE JEAN-LUC".to_owned()),
            reference: None,
            outcome,
            due_id,
        }
    }

    fn report(dry_run: bool) -> ImportReport {
        ImportReport {
            format: "coda".to_owned(),
            dry_run,
            matched: 1,
            partial: 0,
            overpaid: 1,
            unmatched: 1,
            already_imported: 0,
            debits: 0,
            entries: vec![
                entry(ImportOutcome::Matched, Some(7)),
                entry(ImportOutcome::Overpaid, Some(9)),
                entry(ImportOutcome::Unmatched, None),
            ],
        }
    }

    #[test]
    fn columns_pair_the_headers_with_the_api_names() {
        assert_eq!(
            columns("Date valeur, Montant,Communication").unwrap(),
            [
                ("date", "Date valeur".to_owned()),
                ("amount", "Montant".to_owned()),
                ("communication", "Communication".to_owned()),
            ]
        );
        assert_eq!(columns("a,b,c,d,e").unwrap().len(), 5);
        for wrong in ["Date,Montant", "a,b,c,d,e,f", "Date,,Communication"] {
            let error = columns(wrong).unwrap_err();
            assert!(
                error.message(Lang::Fr).starts_with("--columns : "),
                "{wrong}: {error}"
            );
        }
    }

    #[test]
    fn the_summary_counts_each_outcome_and_names_the_overpaid_dues() {
        let text = summary(&report(false), Lang::Fr);
        assert!(
            text.starts_with("Relevé CODA importé : 3 lignes.\n\n"),
            "{text}"
        );
        for expected in [
            "Rapprochées, montant exact     1",
            "Rapprochées, payé en trop      1 (n°9)",
            "Non reconnues                  1",
            "Débits                         0",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        let dry = summary(&report(true), Lang::En);
        assert!(
            dry.starts_with("CODA statement read, dry run (nothing is saved): 3 lines."),
            "{dry}"
        );
    }

    #[test]
    fn unmatched_lines_show_their_free_communication_when_known() {
        let unmatched = entry(ImportOutcome::Unmatched, None);
        let communications =
            HashMap::from([(unmatched.line_id.clone(), "Camp des Chevaliers".to_owned())]);
        let text = unmatched_table(&[&unmatched], &communications, Lang::Fr).trim_fmt();
        assert!(text.starts_with("Ligne  "), "{text}");
        assert!(
            text.contains("120,00 €  EXEMPLAIRE JEAN-LUC  Camp des Chevaliers"),
            "{text}"
        );
        let bare = unmatched_table(&[&unmatched], &HashMap::new(), Lang::Fr).trim_fmt();
        assert!(bare.trim_end().ends_with(output::NONE), "{bare}");
    }

    #[test]
    fn progress_is_only_for_large_files_on_a_terminal() {
        assert!(wanted(true, LARGE_FILE));
        assert!(!wanted(true, LARGE_FILE - 1));
        assert!(!wanted(false, 20 * LARGE_FILE));
    }
}
