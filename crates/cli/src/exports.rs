//! `export children | parents | affiliations | dues | participants:ACTIVITY`: a list for the
//! leaders or the secretariat's spreadsheet, as CSV (what Excel opens: `;` between cells, UTF-8
//! with its byte order mark) or as JSON (an array of objects keyed by column). The children and
//! parents lists have the columns their imports read, so that an exported file imports again
//! unchanged.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use tempatro_client::{Client, ExportList};
use tempatro_core::Lang;
use tempatro_core::api::ExportTable;
use tempatro_core::import::normalize_header;

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::imports::parse_separator;
use crate::session::staff_client;
use crate::{output, values};

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// La liste : children, parents, affiliations, dues, ou participants:ACTIVITÉ (numéro ou nom
    /// du camp ou hike, colonne N° de `activities list`)
    #[arg(value_name = "LISTE", value_parser = parse_list)]
    list: ListArg,
    /// Le cycle, par exemple 2026-2027 (par défaut : le cycle en cours)
    #[arg(long, value_name = "CYCLE")]
    cycle: Option<String>,
    /// Seulement les enfants de cette section
    #[arg(long, value_name = "SECTION")]
    section: Option<String>,
    /// csv (par défaut : séparé par des ;, UTF-8 avec BOM pour Excel) ou json (un tableau d'objets)
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "csv")]
    format: FormatArg,
    /// Écrit dans ce fichier au lieu de la sortie standard (remplacé d'un coup, jamais à moitié)
    #[arg(long, short, value_name = "FICHIER", value_hint = clap::ValueHint::FilePath)]
    output: Option<PathBuf>,
    /// Séparateur du CSV : ';' (par défaut), ',' ou tab
    #[arg(long, value_name = "SÉPARATEUR", value_parser = parse_separator, default_value = ";")]
    separator: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

/// The list asked for; a camp or hike as typed, resolved once the server can be asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListArg {
    Plain(ExportList),
    Participants(String),
}

fn parse_list(input: &str) -> Result<ListArg, String> {
    let input = input.trim();
    let (name, activity) = match input.split_once(':') {
        Some((name, activity)) => (name, Some(activity.trim())),
        None => (input, None),
    };
    let list = match (normalize_header(name).as_str(), activity) {
        ("children" | "enfants", None) => ExportList::Children,
        ("parents", None) => ExportList::Parents,
        ("affiliations", None) => ExportList::Affiliations,
        ("dues" | "paiements" | "payments", None) => ExportList::Dues,
        ("participants", Some(activity)) if !activity.is_empty() => {
            return Ok(ListArg::Participants(activity.to_owned()));
        }
        ("participants", _) => {
            return Err(
                "participants:ACTIVITÉ attendu, par exemple participants:3 (numéro de `activities list`)"
                    .to_owned(),
            );
        }
        _ => {
            return Err(
                "children, parents, affiliations, dues ou participants:ACTIVITÉ attendu".to_owned(),
            );
        }
    };
    Ok(ListArg::Plain(list))
}

pub async fn run(settings: &Settings, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let cycle = values::optional_cycle("--cycle", args.cycle.as_deref())?;
    let client = staff_client(settings)?;
    let list = match &args.list {
        ListArg::Plain(list) => *list,
        ListArg::Participants(activity) => ExportList::Participants {
            activity: activity_id(&client, activity).await?,
        },
    };
    let table = client
        .export(list, cycle, args.section.as_deref())
        .await
        .map_err(with_session)?;
    let write = |out: &mut dyn Write| match args.format {
        FormatArg::Csv => write_csv(&table, args.separator, out),
        FormatArg::Json => write_json(&table, out),
    };
    match &args.output {
        None => {
            let mut stdout = io::stdout().lock();
            write(&mut stdout)?;
            stdout.flush()?;
        }
        Some(path) => {
            write_file(path, write)?;
            let rows = table.rows.len();
            let path = path.display();
            output::line(&match lang {
                Lang::Fr => format!(
                    "{rows} ligne{} exportée{} dans {path}",
                    if rows > 1 { "s" } else { "" },
                    if rows > 1 { "s" } else { "" }
                ),
                Lang::En => format!(
                    "{rows} row{} exported to {path}",
                    if rows == 1 { "" } else { "s" }
                ),
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A camp or hike by its number, else by its name (ignoring case and accents), which must then
/// be one activity's only.
async fn activity_id(client: &Client, input: &str) -> Result<i64, Error> {
    if let Ok(id) = input.parse::<i64>() {
        return Ok(id);
    }
    let wanted = normalize_header(input);
    let activities = client.activities().await.map_err(with_session)?;
    let found: Vec<_> = activities
        .iter()
        .filter(|activity| normalize_header(&activity.name) == wanted)
        .collect();
    match found.as_slice() {
        [activity] => Ok(activity.id),
        [] => Err(Error::UnknownActivity {
            name: input.to_owned(),
            matches: Vec::new(),
        }),
        several => Err(Error::UnknownActivity {
            name: input.to_owned(),
            matches: several.iter().map(|activity| activity.id).collect(),
        }),
    }
}

/// The file replaced whole: written beside it first, then renamed over it, so that a reader (or
/// a failed run) never sees half a list.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = |source: io::Error| Error::WriteFile {
        path: path.to_owned(),
        source,
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partiel"));
    let result = File::create(&partial).and_then(|file| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()
    });
    if let Err(error) = result.and_then(|()| fs::rename(&partial, path)) {
        let _ = fs::remove_file(&partial);
        return Err(failed(error));
    }
    Ok(())
}

/// The byte order mark, the header, the rows: quoted where a cell needs it.
pub fn write_csv(table: &ExportTable, separator: u8, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .delimiter(separator)
        // Excel on Windows, the secretariat's, expects its own line ends.
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(&table.columns)?;
    for row in &table.rows {
        csv.write_record(row)?;
    }
    csv.flush()
}

/// `[{"nom": "LE PIVERT", "prenom": "Billy", …}, …]`, the keys in the columns' order.
pub fn write_json(table: &ExportTable, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Objects(table))?;
    writeln!(out)
}

struct Objects<'a>(&'a ExportTable);

struct Object<'a> {
    columns: &'a [String],
    cells: &'a [String],
}

impl Serialize for Objects<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            seq.serialize_element(&Object {
                columns: &self.0.columns,
                cells: row,
            })?;
        }
        seq.end()
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, cell) in self.columns.iter().zip(self.cells) {
            map.serialize_entry(column, cell)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ExportTable {
        ExportTable {
            columns: vec!["nom".to_owned(), "prenom".to_owned(), "rue".to_owned()],
            rows: vec![vec![
                "LE PIVERT".to_owned(),
                "Billy".to_owned(),
                "Rue du Roeulx 23; arrière \"B\"".to_owned(),
            ]],
        }
    }

    #[test]
    fn csv_starts_with_the_bom_and_quotes_what_needs_it() {
        let mut out = Vec::new();
        write_csv(&table(), b';', &mut out).unwrap();
        assert!(out.starts_with(BOM));
        let text = String::from_utf8(out[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "nom;prenom;rue\r\nLE PIVERT;Billy;\"Rue du Roeulx 23; arrière \"\"B\"\"\"\r\n"
        );
        let mut comma = Vec::new();
        write_csv(&table(), b',', &mut comma).unwrap();
        assert!(String::from_utf8(comma).unwrap().contains("nom,prenom,rue"));
    }

    #[test]
    fn json_objects_keep_the_columns_order() {
        let mut out = Vec::new();
        write_json(&table(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let nom = text.find("\"nom\"").unwrap();
        let prenom = text.find("\"prenom\"").unwrap();
        let rue = text.find("\"rue\"").unwrap();
        assert!(nom < prenom && prenom < rue, "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value[0]["prenom"], "Billy");
    }

    #[test]
    fn lists_are_read_in_english_or_french() {
        assert_eq!(
            parse_list("children"),
            Ok(ListArg::Plain(ExportList::Children))
        );
        assert_eq!(
            parse_list("Enfants"),
            Ok(ListArg::Plain(ExportList::Children))
        );
        assert_eq!(
            parse_list("participants:3"),
            Ok(ListArg::Participants("3".to_owned()))
        );
        assert_eq!(
            parse_list("participants:Camp d'été"),
            Ok(ListArg::Participants("Camp d'été".to_owned()))
        );
        assert!(parse_list("participants").is_err());
        assert!(parse_list("participants:").is_err());
        assert!(parse_list("children:3").is_err());
        assert!(parse_list("animaux").is_err());
    }
}
