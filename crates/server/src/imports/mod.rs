//! Applying the secretariat's files. The file is first received whole into a temporary file,
//! before the import takes its lock and opens its transaction, so that however slowly it comes it
//! holds back no other writer. Then a blocking thread reads it with the `csv` crate and turns each
//! line into a parsed row or its refused cells, a bounded channel carries them to the async side,
//! which matches and writes them batch by batch inside one transaction. Memory holds a batch, not
//! the file; the transaction is committed only if no line was refused and the run is not a dry
//! run.

pub mod children;
pub mod parents;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use futures_util::StreamExt;
use time::Date;
use tokio::io::{AsyncSeekExt, AsyncWriteExt, BufWriter};
use tokio::sync::mpsc;

use tempatro_core::Lang;

use crate::error::{Error, Malformed, timed_out};
use tempatro_core::api::{ImportKind, ImportedRow, ListImportReport, RefusedCell};
use tempatro_core::import::{CellError, Column, HeaderProblem, ImportProblem, Layout};

/// Rows matched and written together: one lookup query per batch instead of one per row.
pub const BATCH: usize = 1000;

/// Rows listed in each part of a report (created, updated, refused cells): its size stays the
/// same whatever the file's; the counts are always complete.
const MAX_LISTED: usize = 1000;

/// Reads one row with the file's layout: the parsed row, or every refused cell.
pub type ParseRow<C, T> = fn(&Layout<C>, u64, &[&str], Date) -> Result<T, Vec<CellError>>;

/// What the reading thread sends for each line.
pub enum Item<T> {
    Row(T),
    Refused(Vec<CellError>),
    Header(Vec<HeaderProblem>),
}

/// Receives the whole `body` into a temporary file, within `deadline` (and the router's idle
/// timeout between two pieces). The file loses its name at once, so it is gone once closed, even
/// by a crash, and only the server's own user may read it: it holds children's names and
/// addresses.
/// Memory holds a piece of the body, not the file.
pub async fn receive(body: Body, deadline: Duration) -> Result<File, Error> {
    let file = tokio::task::spawn_blocking(|| {
        // Created readable by its owner only, then unnamed at once. (An unnamed file created as
        // such would get the umask's permissions, often readable by all.)
        let (file, name) = tempfile::NamedTempFile::new()?.into_parts();
        name.close()?;
        Ok::<File, std::io::Error>(file)
    })
    .await
    .context("creating the temporary file of an upload")?
    .context("creating the temporary file of an upload")?;
    let mut file = BufWriter::with_capacity(64 * 1024, tokio::fs::File::from_std(file));
    let mut pieces = body.into_data_stream();
    let received = async {
        while let Some(piece) = pieces.next().await {
            let piece = piece.map_err(|error| {
                if timed_out(&error) {
                    Error::RequestTimeout
                } else {
                    Error::Malformed(Malformed::IncompleteBody)
                }
            })?;
            file.write_all(&piece)
                .await
                .context("writing an upload to its temporary file")?;
        }
        file.flush()
            .await
            .context("writing an upload to its temporary file")?;
        Ok::<(), Error>(())
    };
    tokio::time::timeout(deadline, received)
        .await
        .map_err(|_| Error::RequestTimeout)??;
    let mut file = file.into_inner();
    file.rewind()
        .await
        .context("reading back the temporary file of an upload")?;
    Ok(file.into_std().await)
}

/// Reads `file` as CSV on a blocking thread. `separator` is detected from the header when not
/// given; a UTF-8 byte order mark is skipped.
pub fn read_csv<C, T>(
    file: File,
    separator: Option<u8>,
    today: Date,
    parse: ParseRow<C, T>,
) -> mpsc::Receiver<Item<T>>
where
    C: Column + Send,
    T: Send + 'static,
{
    let (sender, receiver) = mpsc::channel(BATCH * 2);
    tokio::task::spawn_blocking(move || {
        let send = |item| sender.blocking_send(item).is_ok();
        let mut input = BufReader::with_capacity(64 * 1024, file);
        let separator = match input.fill_buf() {
            Ok(head) => {
                let bom = usize::from(head.starts_with(b"\xEF\xBB\xBF")) * 3;
                let separator = separator.unwrap_or_else(|| {
                    tempatro_core::import::detect_separator(&String::from_utf8_lossy(&head[bom..]))
                });
                input.consume(bom);
                separator
            }
            Err(error) => {
                send(Item::Refused(vec![CellError::row(
                    1,
                    ImportProblem::Malformed(error.to_string()),
                )]));
                return;
            }
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        let mut layout: Option<Layout<C>> = None;
        loop {
            let line = csv.position().line();
            match csv.read_byte_record(&mut record) {
                Ok(false) => return,
                Ok(true) => {}
                Err(error) => {
                    send(Item::Refused(vec![CellError::row(
                        line,
                        ImportProblem::Malformed(error.to_string()),
                    )]));
                    return;
                }
            }
            let line = record.position().map_or(line, csv::Position::line);
            let Ok(cells) = record
                .iter()
                .map(std::str::from_utf8)
                .collect::<Result<Vec<&str>, _>>()
            else {
                let refused = Item::Refused(vec![CellError::row(line, ImportProblem::NotUtf8)]);
                // An unreadable header leaves nothing to read the rest by.
                if !send(refused) || layout.is_none() {
                    return;
                }
                continue;
            };
            // Spreadsheets leave rows of empty cells after the data.
            if cells.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let item = match &layout {
                None => match Layout::from_header(cells.iter().copied()) {
                    Ok(read) => {
                        layout = Some(read);
                        continue;
                    }
                    Err(problems) => {
                        send(Item::Header(problems));
                        return;
                    }
                },
                Some(layout) => match parse(layout, line, &cells, today) {
                    Ok(row) => Item::Row(row),
                    Err(errors) => Item::Refused(errors),
                },
            };
            if !send(item) {
                // The import stopped listening (the client went away): stop reading.
                return;
            }
        }
    });
    receiver
}

/// An import that writes its rows a batch at a time.
pub trait Batches<T> {
    /// Matches and writes one batch of valid rows, refusing in the report those that cannot be.
    async fn write_batch(&mut self, batch: Vec<T>, report: &mut Report) -> Result<(), Error>;

    /// Takes every line the reading thread sends, batch by batch, until the file ends.
    async fn run(
        &mut self,
        mut items: mpsc::Receiver<Item<T>>,
        report: &mut Report,
    ) -> Result<(), Error> {
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(item) = items.recv().await {
            match item {
                Item::Row(line) => {
                    report.read_row();
                    batch.push(line);
                    if batch.len() == BATCH {
                        self.write_batch(std::mem::take(&mut batch), report).await?;
                    }
                }
                Item::Refused(errors) => {
                    report.read_row();
                    report.refuse(errors);
                }
                Item::Header(problems) => report.refuse_header(problems),
            }
        }
        self.write_batch(batch, report).await
    }
}

/// A report as it fills up.
pub struct Report {
    kind: ImportKind,
    lang: Lang,
    rows: u64,
    created_count: u64,
    created: Vec<ImportedRow>,
    updated_count: u64,
    updated: Vec<ImportedRow>,
    unchanged: u64,
    refused_rows: u64,
    refused: Vec<RefusedCell>,
    /// Rows about an account the file may not use: refused in strict mode, set aside otherwise.
    strict: bool,
    conflict_rows: u64,
    conflicts: Vec<RefusedCell>,
    pub invitations: u64,
}

impl Report {
    pub fn new(kind: ImportKind, lang: Lang, strict: bool) -> Report {
        Report {
            kind,
            lang,
            rows: 0,
            created_count: 0,
            created: Vec::new(),
            updated_count: 0,
            updated: Vec::new(),
            unchanged: 0,
            refused_rows: 0,
            refused: Vec::new(),
            strict,
            conflict_rows: 0,
            conflicts: Vec::new(),
            invitations: 0,
        }
    }

    pub fn read_row(&mut self) {
        self.rows += 1;
    }

    pub fn refuse(&mut self, errors: Vec<CellError>) {
        self.refused_rows += 1;
        for error in errors {
            if self.refused.len() < MAX_LISTED {
                self.refused.push(RefusedCell {
                    line: error.line,
                    column: error.column.map(str::to_owned),
                    message: error.problem.message(self.lang),
                });
            }
        }
    }

    /// A row that would touch an account it may not: in strict mode the file is refused, otherwise
    /// the row changes nothing and is listed for someone to resolve by hand.
    pub fn conflict(&mut self, error: CellError) {
        if self.strict {
            return self.refuse(vec![error]);
        }
        self.conflict_rows += 1;
        if self.conflicts.len() < MAX_LISTED {
            self.conflicts.push(RefusedCell {
                line: error.line,
                column: error.column.map(str::to_owned),
                message: error.problem.message(self.lang),
            });
        }
    }

    pub fn refuse_header(&mut self, problems: Vec<HeaderProblem>) {
        for problem in problems {
            self.refused.push(RefusedCell {
                line: 1,
                column: Some(problem.column().to_owned()),
                message: problem.message(self.lang),
            });
        }
    }

    pub fn created(&mut self, row: ImportedRow) {
        self.created_count += 1;
        if self.created.len() < MAX_LISTED {
            self.created.push(row);
        }
    }

    pub fn updated(&mut self, row: ImportedRow) {
        if row.changes.is_empty() {
            self.unchanged += 1;
            return;
        }
        self.updated_count += 1;
        if self.updated.len() < MAX_LISTED {
            self.updated.push(row);
        }
    }

    /// Whether the file may be written: nothing refused.
    pub fn is_clean(&self) -> bool {
        self.refused.is_empty() && self.refused_rows == 0
    }

    pub fn finish(mut self, dry_run: bool, applied: bool) -> ListImportReport {
        // Cells refused while reading come before those refused while matching a batch.
        self.refused.sort_by_key(|cell| cell.line);
        ListImportReport {
            kind: self.kind,
            dry_run,
            applied,
            rows: self.rows,
            created_count: self.created_count,
            created: self.created,
            updated_count: self.updated_count,
            updated: self.updated,
            unchanged: self.unchanged,
            refused_rows: self.refused_rows,
            refused: self.refused,
            conflict_rows: self.conflict_rows,
            conflicts: self.conflicts,
            invitations: self.invitations,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    use super::*;

    #[tokio::test]
    async fn an_upload_is_kept_whole_in_a_nameless_file_only_its_owner_reads() {
        let csv = "nom;prenom\nDubois;Zoë\n".repeat(10_000);
        let mut file = receive(Body::from(csv.clone()), Duration::from_secs(60))
            .await
            .unwrap();
        let metadata = file.metadata().unwrap();
        assert_eq!(metadata.permissions().mode() & 0o777, 0o600);
        assert_eq!(metadata.nlink(), 0, "no name left in any folder");
        let mut read = String::new();
        file.read_to_string(&mut read).unwrap();
        assert_eq!(read, csv);
    }
}
