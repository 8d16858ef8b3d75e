//! What kind of CSV a Belgian office sends: UTF-8 (with or without Excel's byte order mark) or
//! Windows-1252, Excel's default on a French-speaking Windows; `;` between cells (Excel's choice
//! where the decimal separator is a comma) or `,`.

/// The text encodings a file may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileEncoding {
    Utf8,
    Windows1252,
}

impl FileEncoding {
    /// Reads `--encoding`: `utf-8`, `windows-1252` and their usual other names.
    pub fn parse(input: &str) -> Option<FileEncoding> {
        match input.trim().to_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(FileEncoding::Utf8),
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "ansi" => {
                Some(FileEncoding::Windows1252)
            }
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "UTF-8",
            FileEncoding::Windows1252 => "Windows-1252",
        }
    }
}

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Guesses a file's encoding from its first bytes, and how many of them are a byte order mark to
/// skip. Bytes that are not UTF-8 mean Windows-1252: every byte is a character there, and a
/// French name written in it (`é` = 0xE9) is almost never valid UTF-8 by chance.
pub fn detect_encoding(sample: &[u8]) -> (FileEncoding, usize) {
    if sample.starts_with(UTF8_BOM) {
        return (FileEncoding::Utf8, UTF8_BOM.len());
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (FileEncoding::Utf8, 0),
        // The sample may end in the middle of a character: only a real error counts.
        Err(error) if error.error_len().is_none() => (FileEncoding::Utf8, 0),
        Err(_) => (FileEncoding::Windows1252, 0),
    }
}

/// The separator of the header line: whichever of `;`, `,` and tab is used most outside quotes
/// (`;` when none is, for a one-column file).
pub fn detect_separator(header_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in header_line.bytes() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if quoted => {}
            _ => {
                if let Some(count) = counts.iter_mut().find(|(sep, _)| *sep == c) {
                    count.1 += 1;
                }
            }
        }
    }
    // Ties go to the first in the list: `;`, the Belgian default.
    counts
        .iter()
        .fold(
            (b';', 0),
            |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_means_utf8_and_is_skipped() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFnom;prenom"),
            (FileEncoding::Utf8, 3)
        );
    }

    #[test]
    fn valid_utf8_is_utf8_even_cut_in_the_middle_of_a_character() {
        assert_eq!(detect_encoding("Zoë".as_bytes()), (FileEncoding::Utf8, 0));
        assert_eq!(
            detect_encoding(&"Zoë".as_bytes()[..3]),
            (FileEncoding::Utf8, 0)
        );
    }

    #[test]
    fn excel_s_windows_1252_is_recognised() {
        assert_eq!(
            detect_encoding(b"nom;pr\xE9nom\nDubois;Zo\xEB"),
            (FileEncoding::Windows1252, 0)
        );
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(detect_separator("nom;prenom;date_naissance"), b';');
        assert_eq!(detect_separator("nom,prenom,date_naissance"), b',');
        assert_eq!(detect_separator("nom\tprenom"), b'\t');
        assert_eq!(detect_separator("\"nom, prénom\";date"), b';');
        assert_eq!(detect_separator("nom"), b';');
    }

    #[test]
    fn encodings_are_named_as_people_write_them() {
        assert_eq!(FileEncoding::parse("UTF8"), Some(FileEncoding::Utf8));
        assert_eq!(
            FileEncoding::parse("cp1252"),
            Some(FileEncoding::Windows1252)
        );
        assert_eq!(FileEncoding::parse("ebcdic"), None);
    }
}
