//! Where downloaded documents go, and how they are written there: into the person's downloads
//! folder, under the document's own name, never over a file already there ("lettre (2).pdf").

use std::io;
use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

/// The downloads folder ("Téléchargements"), or the home folder on systems without one.
pub fn default_dir() -> PathBuf {
    directories::UserDirs::new()
        .map(|dirs| {
            dirs.download_dir()
                .map_or_else(|| dirs.home_dir().to_path_buf(), Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The document's name as a file name of this folder: no folder of its own, nothing hidden
/// that a server could slip in ("../", control characters).
pub fn safe_name(filename: &str) -> String {
    let last = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let name = last.trim().trim_start_matches('.').to_owned();
    if name.is_empty() {
        "document".to_owned()
    } else {
        name
    }
}

/// The `n`th name tried: the name itself, then "lettre (2).pdf", "lettre (3).pdf"…
pub fn numbered(name: &str, n: u32) -> String {
    if n <= 1 {
        return name.to_owned();
    }
    match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{} ({n}){}", &name[..dot], &name[dot..]),
        _ => format!("{name} ({n})"),
    }
}

/// Writes `bytes` into `dir` under `filename`, or the first numbered name not taken. The file is
/// created only if it does not exist, so that two downloads at once cannot overwrite each other.
pub async fn save(dir: &Path, filename: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    tokio::fs::create_dir_all(dir).await?;
    let name = safe_name(filename);
    for n in 1..=1000 {
        let path = dir.join(numbered(&name, n));
        let opened = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await;
        match opened {
            Ok(mut file) => {
                file.write_all(bytes).await?;
                file.flush().await?;
                return Ok(path);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{name}: 1000 fichiers portent déjà ce nom"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_copy_gets_a_number_before_its_extension() {
        assert_eq!(numbered("lettre-camp-2027.pdf", 1), "lettre-camp-2027.pdf");
        assert_eq!(
            numbered("lettre-camp-2027.pdf", 2),
            "lettre-camp-2027 (2).pdf"
        );
        assert_eq!(numbered("LISEZMOI", 3), "LISEZMOI (3)");
    }

    #[test]
    fn a_name_cannot_leave_the_folder() {
        assert_eq!(safe_name("../../.bashrc"), "bashrc");
        assert_eq!(safe_name("C:\\temp\\lettre.pdf"), "lettre.pdf");
        assert_eq!(safe_name("a\u{7}b.pdf"), "ab.pdf");
        assert_eq!(safe_name(".."), "document");
        assert_eq!(safe_name(""), "document");
    }

    #[tokio::test]
    async fn nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = save(dir.path(), "lettre.pdf", b"un").await.unwrap();
        let second = save(dir.path(), "lettre.pdf", b"deux").await.unwrap();
        assert_eq!(first, dir.path().join("lettre.pdf"));
        assert_eq!(second, dir.path().join("lettre (2).pdf"));
        assert_eq!(std::fs::read(&first).unwrap(), b"un");
        assert_eq!(std::fs::read(&second).unwrap(), b"deux");
    }

    #[tokio::test]
    async fn a_missing_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("Téléchargements");
        let path = save(&inside, "lettre.pdf", b"x").await.unwrap();
        assert_eq!(path, inside.join("lettre.pdf"));
    }
}
