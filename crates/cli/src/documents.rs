//! `documents add | list | remove`: files the Patro publishes for everyone, a section, an
//! activity's participants or one child; parents download theirs in the app.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use tempatro_core::Lang;
use tempatro_core::api::{Audience, DocumentView};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::{output, prompt};

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// Publie un fichier (PDF, image PNG ou JPEG, texte) pour les parents concernés
    Add {
        /// Le fichier à publier
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Pour qui : all, section:NOM, activity:N° (ses participants) ou child:N°
        #[arg(long = "for", value_name = "PUBLIC")]
        audience: String,
        /// Titre montré aux parents (par défaut : le nom du fichier sans son extension)
        #[arg(long, value_name = "TITRE")]
        title: Option<String>,
        /// Écrit le document publié en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Liste les documents publiés, les plus récents d'abord
    List {
        /// Écrit un tableau JSON de documents sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Supprime un document : les parents ne le voient plus
    Remove {
        /// Numéro du document (colonne N° de `documents list`)
        #[arg(value_name = "DOCUMENT")]
        id: i64,
        /// Supprime sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

pub async fn run(settings: &Settings, command: DocumentsCommand) -> anyhow::Result<ExitCode> {
    match command {
        DocumentsCommand::Add {
            file,
            audience,
            title,
            json,
        } => add(settings, &file, &audience, title.as_deref(), json).await,
        DocumentsCommand::List { json } => list(settings, json).await,
        DocumentsCommand::Remove { id, yes } => remove(settings, id, yes).await,
    }
}

/// The content type the server is told, from the file's extension: the kinds parents can open on
/// any machine. Anything else is refused here rather than uploaded for nothing.
fn content_type(path: &Path) -> Result<&'static str, Error> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_lowercase);
    match extension.as_deref() {
        Some("pdf") => Ok("application/pdf"),
        Some("png") => Ok("image/png"),
        Some("jpg" | "jpeg") => Ok("image/jpeg"),
        Some("txt" | "md") => Ok("text/plain"),
        _ => Err(Error::UnsupportedFile {
            path: path.to_owned(),
        }),
    }
}

/// `--for` as the server reads it, checked here so that a typo is told before the upload: `all`,
/// `section:NAME`, `activity:ID` or `child:ID`.
fn audience(input: &str) -> Result<String, Error> {
    let invalid = || Error::InvalidAudience {
        flag: "--for",
        input: input.to_owned(),
    };
    let text = input.trim();
    if text.eq_ignore_ascii_case("all") {
        return Ok("all".to_owned());
    }
    let (kind, value) = text.split_once(':').ok_or_else(invalid)?;
    let (kind, value) = (kind.trim().to_lowercase(), value.trim());
    match kind.as_str() {
        "section" if !value.is_empty() => Ok(format!("section:{value}")),
        "activity" | "child" if value.parse::<i64>().is_ok_and(|id| id > 0) => {
            Ok(format!("{kind}:{value}"))
        }
        _ => Err(invalid()),
    }
}

async fn add(
    settings: &Settings,
    path: &Path,
    audience_input: &str,
    title: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let content_type = content_type(path)?;
    let audience = audience(audience_input)?;
    let filename = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = match title.map(str::trim).filter(|title| !title.is_empty()) {
        Some(title) => title.to_owned(),
        None => path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| filename.clone()),
    };
    let bytes = std::fs::read(path).map_err(|error| Error::ReadFile {
        path: path.to_owned(),
        detail: error.to_string(),
    })?;
    let document = staff_client(settings)?
        .publish_document(&title, &filename, content_type, &audience, bytes)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&document)?;
    } else {
        let (id, title, filename, size, audience) = (
            document.id,
            &document.title,
            &document.filename,
            size(document.size, lang),
            for_whom(&document.audience, lang),
        );
        output::line(&match lang {
            Lang::Fr => {
                format!("Document n°{id} publié pour {audience} : {title} ({filename}, {size}).")
            }
            Lang::En => {
                format!("Document no. {id} published for {audience}: {title} ({filename}, {size}).")
            }
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// "tout le monde", "la section Benjamins", "les participants de « Camp d'été 2027 »", "Billy LE
/// PIVERT": whom a document is for, after "pour".
fn for_whom(audience: &Audience, lang: Lang) -> String {
    match (audience, lang) {
        (Audience::All, _) => lang.pick("tout le monde", "everyone").to_owned(),
        (Audience::Section { name, .. }, Lang::Fr) => format!("la section {name}"),
        (Audience::Section { name, .. }, Lang::En) => format!("the {name} section"),
        (Audience::Activity { name, .. }, Lang::Fr) => format!("les participants de « {name} »"),
        (Audience::Activity { name, .. }, Lang::En) => format!("the participants of “{name}”"),
        (Audience::Child { name, .. }, _) => name.clone(),
    }
}

/// "12 Ko", "1,5 Mo": a size as a file manager shows it, French units in French.
pub fn size(bytes: u64, lang: Lang) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < KIB {
        return format!("{bytes} {}", lang.pick("octets", "bytes"));
    }
    let (whole, tenths, unit) = if bytes < MIB {
        (bytes / KIB, bytes % KIB * 10 / KIB, lang.pick("Ko", "KB"))
    } else {
        (bytes / MIB, bytes % MIB * 10 / MIB, lang.pick("Mo", "MB"))
    };
    let comma = lang.pick(",", ".");
    if tenths == 0 || whole >= 10 {
        format!("{whole} {unit}")
    } else {
        format!("{whole}{comma}{tenths} {unit}")
    }
}

async fn list(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let documents = staff_client(settings)?
        .documents()
        .await
        .map_err(with_session)?;
    output::list(
        json,
        &documents,
        lang.pick(
            "Aucun document : publiez-en un avec `tempatro-admin documents add`",
            "No document: publish one with `tempatro-admin documents add`",
        ),
        |documents| table(documents, lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn table(documents: &[DocumentView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["N°", "Titre", "Fichier", "Taille", "Pour", "Publié le"],
        Lang::En => ["No.", "Title", "File", "Size", "For", "Published on"],
    });
    for document in documents {
        table.add_row([
            document.id.to_string(),
            document.title.clone(),
            document.filename.clone(),
            size(document.size, lang),
            for_whom(&document.audience, lang),
            output::day(document.published_at),
        ]);
    }
    table
}

async fn remove(settings: &Settings, id: i64, yes: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    // Read first to name the document in the question and in the answer; a wrong number is told
    // by the server's refusal to delete it.
    let documents = client.documents().await.map_err(with_session)?;
    let document = documents.iter().find(|document| document.id == id);
    if !yes {
        let question = match (document, lang) {
            (Some(document), Lang::Fr) => format!(
                "Supprimer le document « {} » ({}, pour {}) ?",
                document.title,
                document.filename,
                for_whom(&document.audience, lang)
            ),
            (Some(document), Lang::En) => format!(
                "Delete the document “{}” ({}, for {})?",
                document.title,
                document.filename,
                for_whom(&document.audience, lang)
            ),
            (None, Lang::Fr) => format!("Supprimer le document n°{id} ?"),
            (None, Lang::En) => format!("Delete document no. {id}?"),
        };
        let help = lang.pick(
            "Les parents ne pourront plus le télécharger",
            "Parents will no longer be able to download it",
        );
        prompt::confirm(false, question, help.to_owned(), lang).await?;
    }
    client.remove_document(id).await.map_err(with_session)?;
    output::line(&match (document, lang) {
        (Some(document), Lang::Fr) => {
            format!("Document n°{id} supprimé : {}.", document.title)
        }
        (Some(document), Lang::En) => format!("Document no. {id} deleted: {}.", document.title),
        (None, Lang::Fr) => format!("Document n°{id} supprimé."),
        (None, Lang::En) => format!("Document no. {id} deleted."),
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_type_follows_the_extension_whatever_its_case() {
        assert_eq!(
            content_type(Path::new("lettre.PDF")).unwrap(),
            "application/pdf"
        );
        assert_eq!(content_type(Path::new("a.jpeg")).unwrap(), "image/jpeg");
        assert_eq!(content_type(Path::new("notes.md")).unwrap(), "text/plain");
        let error = content_type(Path::new("liste.xlsx")).unwrap_err();
        assert_eq!(
            error.message(Lang::Fr),
            "Type de fichier refusé : liste.xlsx (acceptés : .pdf, .png, .jpg, .jpeg, .txt, .md)"
        );
        assert!(content_type(Path::new("sans-extension")).is_err());
    }

    #[test]
    fn audiences_are_checked_before_the_upload() {
        assert_eq!(audience("all").unwrap(), "all");
        assert_eq!(audience("section: Benjamins").unwrap(), "section:Benjamins");
        assert_eq!(audience("activity:3").unwrap(), "activity:3");
        assert_eq!(audience("Child:12").unwrap(), "child:12");
        for wrong in ["tous", "section:", "activity:camp", "child:-1", "parent:3"] {
            let error = audience(wrong).unwrap_err();
            assert!(
                error.message(Lang::Fr).starts_with("--for : « "),
                "{wrong}: {error}"
            );
        }
    }

    #[test]
    fn sizes_read_as_a_file_manager_shows_them() {
        assert_eq!(size(512, Lang::Fr), "512 octets");
        assert_eq!(size(12 * 1024, Lang::Fr), "12 Ko");
        assert_eq!(size(1536 * 1024, Lang::Fr), "1,5 Mo");
        assert_eq!(size(1536 * 1024, Lang::En), "1.5 MB");
    }
}
