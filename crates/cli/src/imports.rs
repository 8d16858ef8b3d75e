//! `import children | parents FILE`: the secretariat's spreadsheets, applied by the server in one
//! transaction, all or nothing.
//!
//! The file is never held in memory: it is read in chunks of 64 KiB on a thread of its own,
//! transcoded chunk by chunk from Windows-1252 to UTF-8 when it is not UTF-8 already (a stateful
//! `encoding_rs` decoder; UTF-8 and its byte order mark pass through, the server skips the mark),
//! and each chunk is sent as part of the request's body as soon as it is ready, through a channel of
//! a few chunks. A progress bar follows the bytes sent when stderr is a terminal.
//!
//! Exit codes, for cron:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | the file was applied, or a dry run found nothing to refuse |
//! | 1 | rows were refused (nothing was written; the refused lines are listed), or the server refused the import (scope of the token, not a responsable…) |
//! | 2 | usage: a bad flag, a file that cannot be opened or read |
//! | 3 | the server cannot be reached |
//! | 4 | another import is running: nothing was read, try again later |

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Args, Subcommand};
use encoding_rs::{Decoder, WINDOWS_1252};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tempatro_client::ImportOptions;
use tempatro_core::Lang;
use tempatro_core::api::{AuditChange, ImportKind, ImportedRow, ListImportReport};
use tempatro_core::import::{FileEncoding, detect_encoding};
use tokio::sync::mpsc;

use crate::config::Settings;
use crate::error::{Error, REFUSED, with_session};
use crate::session::staff_client;
use crate::{children, documents, output};

/// Read and sent in pieces of this size; the encoding is guessed from the first one.
const CHUNK: usize = 64 * 1024;

/// Chunks read ahead of the upload: what the memory holds of the file, whatever its size.
const CHUNKS_AHEAD: usize = 4;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Importe le fichier des enfants (CSV) : crée, met à jour, affilie dans une section
    Children(ImportArgs),
    /// Importe le fichier des parents (CSV, une ligne par parent et par enfant) : crée les
    /// comptes, les lie aux enfants
    Parents(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Le fichier CSV (ou - pour l'entrée standard)
    #[arg(value_name = "FICHIER", value_hint = clap::ValueHint::FilePath)]
    file: PathBuf,
    /// Vérifie tout le fichier et dit ce qu'il ferait, sans rien écrire
    #[arg(long)]
    dry_run: bool,
    /// Écrit le rapport de l'import en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
    /// Encodage du fichier : utf-8 ou windows-1252 (par défaut : reconnu sur ses 64 premiers Ko)
    #[arg(long, value_name = "ENCODAGE", value_parser = parse_encoding)]
    encoding: Option<FileEncoding>,
    /// Séparateur des colonnes : ';', ',' ou tab (par défaut : reconnu par le serveur sur l'en-tête)
    #[arg(long, value_name = "SÉPARATEUR", value_parser = parse_separator)]
    separator: Option<u8>,
    /// Fichier des parents : refuse tout le fichier si une adresse est celle d'un compte que
    /// l'import ne peut pas utiliser (par défaut, ces lignes sont mises de côté et listées)
    #[arg(long)]
    strict: bool,
}

fn parse_encoding(input: &str) -> Result<FileEncoding, String> {
    FileEncoding::parse(input).ok_or_else(|| "utf-8 ou windows-1252 attendu".to_owned())
}

/// `;`, `,` or a tab, also by their names, as a shell makes them easier to type.
pub fn parse_separator(input: &str) -> Result<u8, String> {
    match input.trim_matches(' ').to_lowercase().as_str() {
        ";" | "semicolon" | "point-virgule" => Ok(b';'),
        "," | "comma" | "virgule" => Ok(b','),
        "tab" | "\t" | "\\t" | "tabulation" => Ok(b'\t'),
        _ => Err("';', ',' ou tab attendu".to_owned()),
    }
}

pub async fn run(settings: &Settings, command: ImportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ImportCommand::Children(args) => import(settings, ImportKind::Children, args).await,
        ImportCommand::Parents(args) => import(settings, ImportKind::Parents, args).await,
    }
}

async fn import(
    settings: &Settings,
    kind: ImportKind,
    args: ImportArgs,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    // The file first: a wrong path is told before anything else, and is a usage error.
    let mut source = Source::open(&args.file)?;
    let first = source.first_chunk()?;
    let encoding = args.encoding.unwrap_or_else(|| detect_encoding(&first).0);
    let client = staff_client(settings)?;
    let progress = progress(source.size, lang);
    let failure = Arc::new(Mutex::new(None));
    let body = upload(
        source,
        first,
        encoding,
        progress.clone(),
        Arc::clone(&failure),
        lang,
    );
    let options = ImportOptions {
        dry_run: args.dry_run,
        separator: args.separator,
        strict: args.strict,
    };
    let result = match kind {
        ImportKind::Children => client.import_children(body, options).await,
        ImportKind::Parents => client.import_parents(body, options).await,
    };
    progress.finish_and_clear();
    // A file that failed to read half-way breaks the upload: that, not the network, is the cause.
    if let Some(detail) = failure.lock().map_or(None, |mut slot| slot.take()) {
        return Err(Error::UnreadableFile {
            path: args.file,
            detail,
        }
        .into());
    }
    let report = result.map_err(with_session)?;
    if args.json {
        output::json(&report)?;
    } else {
        output::line(&text(&report, lang))?;
    }
    if clean(&report) {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{}", refusal(&report, lang));
    Ok(ExitCode::from(REFUSED))
}

/// Where the rows come from: a file, or the standard input.
struct Source {
    reader: Box<dyn Read + Send>,
    path: PathBuf,
    /// Known for a file, not for a pipe.
    size: Option<u64>,
}

impl Source {
    fn open(path: &Path) -> Result<Source, Error> {
        if path == Path::new("-") {
            return Ok(Source {
                reader: Box::new(io::stdin()),
                path: path.to_owned(),
                size: None,
            });
        }
        let unreadable = |error: io::Error| Error::UnreadableFile {
            path: path.to_owned(),
            detail: error.to_string(),
        };
        let file = File::open(path).map_err(unreadable)?;
        let metadata = file.metadata().map_err(unreadable)?;
        if metadata.is_dir() {
            return Err(unreadable(io::Error::other(
                "c'est un dossier / is a directory",
            )));
        }
        Ok(Source {
            reader: Box::new(file),
            path: path.to_owned(),
            size: Some(metadata.len()),
        })
    }

    /// Up to [`CHUNK`] bytes, fewer only at the end of the input.
    fn read_chunk(&mut self) -> io::Result<Vec<u8>> {
        let mut chunk = vec![0; CHUNK];
        let mut filled = 0;
        while filled < CHUNK {
            match self.reader.read(&mut chunk[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        chunk.truncate(filled);
        Ok(chunk)
    }

    /// The first chunk, read before the upload starts: its bytes decide the encoding.
    fn first_chunk(&mut self) -> Result<Vec<u8>, Error> {
        self.read_chunk().map_err(|error| match self.size {
            None => Error::Stdin(error),
            Some(_) => Error::UnreadableFile {
                path: self.path.clone(),
                detail: error.to_string(),
            },
        })
    }
}

/// The request's body: the chunks as a thread reads and transcodes them, at most
/// [`CHUNKS_AHEAD`] of them waiting. A read error ends the body, and is kept in `failure`.
fn upload(
    mut source: Source,
    first: Vec<u8>,
    encoding: FileEncoding,
    progress: ProgressBar,
    failure: Arc<Mutex<Option<String>>>,
    lang: Lang,
) -> impl futures_util::TryStream<Ok = Vec<u8>, Error = io::Error> + Send + 'static {
    let (sender, receiver) = mpsc::channel::<io::Result<Vec<u8>>>(CHUNKS_AHEAD);
    std::thread::spawn(move || {
        let mut transcoder = Transcoder::new(encoding);
        let mut chunk = first;
        loop {
            let last = chunk.len() < CHUNK;
            progress.inc(chunk.len() as u64);
            let out = transcoder.push(&chunk, last);
            if !out.is_empty() && sender.blocking_send(Ok(out)).is_err() {
                // The upload stopped (the server answered early): nothing more to read.
                return;
            }
            if last {
                break;
            }
            chunk = match source.read_chunk() {
                Ok(chunk) => chunk,
                Err(error) => {
                    if let Ok(mut slot) = failure.lock() {
                        *slot = Some(error.to_string());
                    }
                    let _ = sender.blocking_send(Err(error));
                    return;
                }
            };
        }
        // Everything is sent: what is left is the server's work.
        progress.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
        );
        progress.set_message(lang.pick(
            "Le serveur termine l'import…",
            "The server is finishing the import…",
        ));
        progress.enable_steady_tick(Duration::from_millis(120));
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

/// Bytes of the file in, UTF-8 out. Windows-1252 goes through a decoder that keeps its state
/// from one chunk to the next (none is needed for a single-byte encoding, but the chunk edges are
/// then never a question); UTF-8 is passed on untouched.
pub struct Transcoder {
    decoder: Option<Decoder>,
}

impl Transcoder {
    pub fn new(encoding: FileEncoding) -> Transcoder {
        Transcoder {
            decoder: match encoding {
                FileEncoding::Utf8 => None,
                FileEncoding::Windows1252 => Some(WINDOWS_1252.new_decoder_without_bom_handling()),
            },
        }
    }

    /// The UTF-8 of `input`; `last` for the final chunk (possibly empty).
    pub fn push(&mut self, input: &[u8], last: bool) -> Vec<u8> {
        let Some(decoder) = &mut self.decoder else {
            return input.to_vec();
        };
        let capacity = decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len() * 3 + 16);
        let mut out = String::with_capacity(capacity);
        let (_, read, _) = decoder.decode_to_string(input, &mut out, last);
        debug_assert_eq!(read, input.len(), "the buffer holds the worst case");
        out.into_bytes()
    }
}

/// A bar on stderr when a person watches it; a hidden one otherwise (cron, a redirection).
fn progress(size: Option<u64>, lang: Lang) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let template = match size {
        Some(_) => "{msg} [{bar:30}] {done}/{size}",
        None => "{spinner} {msg} {done}",
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .expect("a valid template")
            .with_key(
                "done",
                move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&documents::size(state.pos(), lang));
                },
            )
            .with_key(
                "size",
                move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&documents::size(state.len().unwrap_or(0), lang));
                },
            )
            .progress_chars("=> "),
    );
    bar.set_message(lang.pick("Envoi du fichier", "Sending the file"));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Whether the run ends with 0: applied, or a dry run with nothing refused.
fn clean(report: &ListImportReport) -> bool {
    report.refused_rows == 0 && report.refused.is_empty() && (report.applied || report.dry_run)
}

/// "3 enfants créés, 1 mis à jour, 12 inchangés, 0 refusé".
fn counts(report: &ListImportReport, lang: Lang) -> String {
    let created = report.created_count;
    let updated = report.updated_count;
    let unchanged = report.unchanged;
    let refused = report.refused_rows;
    // What a file not applied would have done is said in the conditional of the infinitive.
    let done = report.applied;
    match lang {
        Lang::Fr => {
            let s = |n: u64| if n > 1 { "s" } else { "" };
            let noun = match report.kind {
                ImportKind::Children => "enfant",
                ImportKind::Parents => "parent",
            };
            let (create, update) = if done {
                (format!("créé{}", s(created)), "mis à jour")
            } else {
                ("à créer".to_owned(), "à mettre à jour")
            };
            format!(
                "{created} {noun}{} {create}, {updated} {update}, {unchanged} inchangé{}, {refused} refusé{}",
                s(created),
                s(unchanged),
                s(refused)
            )
        }
        Lang::En => {
            let noun = match (report.kind, created == 1) {
                (ImportKind::Children, true) => "child",
                (ImportKind::Children, false) => "children",
                (ImportKind::Parents, true) => "parent",
                (ImportKind::Parents, false) => "parents",
            };
            let (create, update) = if done {
                ("created", "updated")
            } else {
                ("to create", "to update")
            };
            format!(
                "{created} {noun} {create}, {updated} {update}, {unchanged} unchanged, {refused} refused"
            )
        }
    }
}

/// The report for people: what happened in one sentence, then each line created, updated (with
/// each change) or refused (with its column and why).
fn text(report: &ListImportReport, lang: Lang) -> String {
    let file = match (report.kind, lang) {
        (ImportKind::Children, Lang::Fr) => "des enfants",
        (ImportKind::Parents, Lang::Fr) => "des parents",
        (ImportKind::Children, Lang::En) => "children",
        (ImportKind::Parents, Lang::En) => "parents",
    };
    let rows = report.rows;
    let read = match lang {
        Lang::Fr => format!("{rows} ligne{} lue{}", plural_s(rows), plural_s(rows)),
        Lang::En => format!("{rows} line{} read", if rows == 1 { "" } else { "s" }),
    };
    let summary = match lang {
        Lang::Fr => format!("Fichier {file}, {read} : {}.", counts(report, lang)),
        Lang::En => format!("The {file} file, {read}: {}.", counts(report, lang)),
    };
    let outcome = match (report.dry_run, report.applied, lang) {
        (true, _, Lang::Fr) => "Essai à blanc : rien n'a été écrit.".to_owned(),
        (true, _, Lang::En) => "Dry run: nothing was written.".to_owned(),
        (false, true, Lang::Fr) => format!("Import {file} appliqué."),
        (false, true, Lang::En) => format!("The {file} file was imported."),
        (false, false, Lang::Fr) => format!("Import {file} refusé : rien n'a été écrit."),
        (false, false, Lang::En) => {
            format!("The {file} import was refused: nothing was written.")
        }
    };
    let mut text = format!("{outcome}\n{summary}");
    if report.invitations > 0 {
        let n = report.invitations;
        text.push('\n');
        text.push_str(&match lang {
            Lang::Fr => format!(
                "{n} nouveau{} compte{} de parent : chacun reçoit un e-mail pour choisir son mot de passe.",
                if n > 1 { "x" } else { "" },
                plural_s(n)
            ),
            Lang::En => format!(
                "{n} new parent account{}: each is e-mailed how to choose a password.",
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    let created_title = match (report.applied, lang) {
        (true, Lang::Fr) => "Créés :",
        (false, Lang::Fr) => "À créer :",
        (true, Lang::En) => "Created:",
        (false, Lang::En) => "To create:",
    };
    let updated_title = match (report.applied, lang) {
        (true, Lang::Fr) => "Mis à jour :",
        (false, Lang::Fr) => "À mettre à jour :",
        (true, Lang::En) => "Updated:",
        (false, Lang::En) => "To update:",
    };
    for (title, rows, count) in [
        (created_title, &report.created, report.created_count),
        (updated_title, &report.updated, report.updated_count),
    ] {
        if rows.is_empty() {
            continue;
        }
        text.push_str(&format!("\n\n{title}\n"));
        text.push_str(&rows_list(rows, lang));
        let more = count.saturating_sub(rows.len() as u64);
        if more > 0 {
            text.push_str(&match lang {
                Lang::Fr => format!(
                    "\n  … et {more} autre{} (seules les 1 000 premières lignes sont listées)",
                    plural_s(more)
                ),
                Lang::En => {
                    format!("\n  … and {more} more (only the first 1,000 lines are listed)")
                }
            });
        }
    }
    if !report.refused.is_empty() {
        text.push_str(&format!("\n\n{}\n", lang.pick("Refusés :", "Refused:")));
        let lines: Vec<String> = report
            .refused
            .iter()
            .map(|cell| format!("  {}", refused_line(cell, lang)))
            .collect();
        text.push_str(&lines.join("\n"));
        let listed: BTreeSet<u64> = report.refused.iter().map(|cell| cell.line).collect();
        let more = report.refused_rows.saturating_sub(listed.len() as u64);
        if more > 0 {
            text.push_str(&match lang {
                Lang::Fr => format!(
                    "\n  … et {more} autre{} ligne{} refusée{} (seules les 1 000 premières erreurs sont listées)",
                    plural_s(more),
                    plural_s(more),
                    plural_s(more)
                ),
                Lang::En => format!(
                    "\n  … and {more} more refused line{} (only the first 1,000 errors are listed)",
                    if more == 1 { "" } else { "s" }
                ),
            });
        }
    }
    if !report.conflicts.is_empty() {
        text.push_str(&format!(
            "\n\n{}\n",
            lang.pick(
                "Mis de côté, à régler à la main (ces lignes n'ont rien changé) :",
                "Set aside, to resolve by hand (these lines changed nothing):"
            )
        ));
        let lines: Vec<String> = report
            .conflicts
            .iter()
            .map(|cell| format!("  {}", refused_line(cell, lang)))
            .collect();
        text.push_str(&lines.join("\n"));
        let more = report
            .conflict_rows
            .saturating_sub(report.conflicts.len() as u64);
        if more > 0 {
            text.push_str(&match lang {
                Lang::Fr => format!("\n  … et {more} autre{}", plural_s(more)),
                Lang::En => format!("\n  … and {more} more"),
            });
        }
    }
    text
}

fn plural_s(count: u64) -> &'static str {
    if count > 1 { "s" } else { "" }
}

/// "  ligne 4  Billy LE PIVERT", each change under it: "    Prénom : Bily → Billy".
fn rows_list(rows: &[ImportedRow], lang: Lang) -> String {
    let width = rows
        .iter()
        .map(|row| row.line.to_string().len())
        .max()
        .unwrap_or(1);
    let word = lang.pick("ligne", "line");
    rows.iter()
        .map(|row| {
            let mut entry = format!("  {word} {:<width$}  {}", row.line, row.name);
            for change in &row.changes {
                entry.push_str("\n      ");
                entry.push_str(&describe(change, lang));
            }
            entry
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A change as the child's history writes it, with the parents' fields named too.
fn describe(change: &AuditChange, lang: Lang) -> String {
    children::describe_change(change, lang)
}

/// "ligne 7, colonne date_naissance : cette date n'existe pas".
fn refused_line(cell: &tempatro_core::api::RefusedCell, lang: Lang) -> String {
    let separator = lang.pick(" : ", ": ");
    match (&cell.column, lang) {
        (Some(column), Lang::Fr) => format!(
            "ligne {}, colonne {column}{separator}{}",
            cell.line, cell.message
        ),
        (Some(column), Lang::En) => format!(
            "line {}, column {column}{separator}{}",
            cell.line, cell.message
        ),
        (None, _) => format!(
            "{} {}{separator}{}",
            lang.pick("ligne", "line"),
            cell.line,
            cell.message
        ),
    }
}

/// On stderr when the run ends with 1, so that a cron log says why without the details.
fn refusal(report: &ListImportReport, lang: Lang) -> String {
    let rows = report.refused_rows;
    match (rows, lang) {
        (0, Lang::Fr) => {
            "En-tête du fichier refusé : rien n'a été écrit. Corrigez-le et relancez l'import."
                .to_owned()
        }
        (0, Lang::En) => {
            "The file's header was refused: nothing was written. Fix it and run the import again."
                .to_owned()
        }
        (rows, Lang::Fr) => format!(
            "{rows} ligne{} refusée{} : rien n'a été écrit. Corrigez le fichier et relancez l'import.",
            plural_s(rows),
            plural_s(rows)
        ),
        (rows, Lang::En) => format!(
            "{rows} line{} refused: nothing was written. Fix the file and run the import again.",
            if rows == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::api::RefusedCell;

    #[test]
    fn windows_1252_becomes_utf8_chunk_by_chunk_and_utf8_passes_through() {
        let mut transcoder = Transcoder::new(FileEncoding::Windows1252);
        let mut out = transcoder.push(b"pr\xE9nom;No\xEB", false);
        out.extend(transcoder.push(b"lle;\x80", false));
        out.extend(transcoder.push(b"", true));
        assert_eq!(String::from_utf8(out).unwrap(), "prénom;Noëlle;€");

        let mut utf8 = Transcoder::new(FileEncoding::Utf8);
        let bom_and_half_a_letter = b"\xEF\xBB\xBFZo\xC3";
        assert_eq!(
            utf8.push(bom_and_half_a_letter, false),
            bom_and_half_a_letter
        );
        assert_eq!(utf8.push(b"\xAB", true), b"\xAB");
    }

    #[test]
    fn separators_and_encodings_are_read_as_typed() {
        assert_eq!(parse_separator(";"), Ok(b';'));
        assert_eq!(parse_separator("virgule"), Ok(b','));
        assert_eq!(parse_separator("TAB"), Ok(b'\t'));
        assert!(parse_separator("|").is_err());
        assert_eq!(parse_encoding("cp1252"), Ok(FileEncoding::Windows1252));
        assert!(parse_encoding("ebcdic").is_err());
    }

    fn report(created: usize, updated: usize, unchanged: u64, refused: u64) -> ListImportReport {
        let row = |line| ImportedRow {
            line,
            name: "Zoë Dubois".to_owned(),
            changes: Vec::new(),
        };
        ListImportReport {
            kind: ImportKind::Children,
            dry_run: false,
            applied: refused == 0,
            rows: created as u64 + updated as u64 + unchanged + refused,
            created_count: created as u64,
            created: (0..created as u64).map(|n| row(n + 2)).collect(),
            updated_count: updated as u64,
            updated: (0..updated as u64).map(|n| row(n + 20)).collect(),
            unchanged,
            refused_rows: refused,
            refused: (0..refused)
                .map(|n| RefusedCell {
                    line: n + 40,
                    column: (n == 0).then(|| "date_naissance".to_owned()),
                    message: "cette date n'existe pas".to_owned(),
                })
                .collect(),
            conflict_rows: 0,
            conflicts: Vec::new(),
            invitations: 0,
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(
            counts(&report(3, 1, 12, 0), Lang::Fr),
            "3 enfants créés, 1 mis à jour, 12 inchangés, 0 refusé"
        );
        assert_eq!(
            counts(&report(1, 0, 1, 0), Lang::Fr),
            "1 enfant créé, 0 mis à jour, 1 inchangé, 0 refusé"
        );
        assert_eq!(
            counts(&report(1, 0, 0, 2), Lang::Fr),
            "1 enfant à créer, 0 à mettre à jour, 0 inchangé, 2 refusés"
        );
        assert_eq!(
            counts(&report(1, 2, 0, 0), Lang::En),
            "1 child created, 2 updated, 0 unchanged, 0 refused"
        );
    }

    #[test]
    fn refused_cells_name_their_line_and_column() {
        let text = text(&report(0, 0, 0, 2), Lang::Fr);
        assert!(
            text.contains(
                "Refusés :\n  ligne 40, colonne date_naissance : cette date n'existe pas\n  ligne 41 : cette date n'existe pas"
            ),
            "{text}"
        );
        assert!(!clean(&report(0, 0, 0, 2)));
        assert!(clean(&report(1, 0, 0, 0)));
        let mut dry = report(1, 0, 0, 0);
        (dry.dry_run, dry.applied) = (true, false);
        assert!(clean(&dry));
    }

    #[test]
    fn more_refused_rows_than_listed_are_counted() {
        let mut many = report(0, 0, 0, 1);
        many.refused_rows = 1500;
        let text = text(&many, Lang::Fr);
        assert!(text.contains("… et 1499 autres lignes refusées"), "{text}");
    }
}
