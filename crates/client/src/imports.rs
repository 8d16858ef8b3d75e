//! The secretariat's files: imports of children and parents (the file streamed as the request's
//! body), and the lists exported for the leaders.

use std::time::Duration;

use futures_util::TryStream;
use reqwest::Method;

use tempatro_core::Cycle;
use tempatro_core::api::{ExportTable, ListImportReport};

use crate::{Client, Error, Result};

/// An import sends the whole file, and the server applies it as it reads: a large file on a slow
/// line takes longer than the client's usual 30 seconds.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// An export is computed whole before it is answered.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// How to send an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The server reads and checks every row, and writes nothing.
    pub dry_run: bool,
    /// `b';'`, `b','` or `b'\t'`; the server detects it from the header when `None`.
    pub separator: Option<u8>,
    /// Parents' file: a row about an account the file may not use refuses the whole file.
    pub strict: bool,
}

/// The lists the server exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportList {
    Children,
    Parents,
    Affiliations,
    Dues,
    /// The participants of one camp or hike.
    Participants {
        activity: i64,
    },
}

impl ExportList {
    /// The last part of the route.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportList::Children => "children",
            ExportList::Parents => "parents",
            ExportList::Affiliations => "affiliations",
            ExportList::Dues => "dues",
            ExportList::Participants { .. } => "participants",
        }
    }
}

impl Client {
    /// Responsable (or an `import` token): imports the children file. `body` is the file as
    /// UTF-8 text, in chunks; it is sent as it comes, never gathered in memory. Another import
    /// under way is [`Error::ImportRunning`].
    pub async fn import_children<S>(
        &self,
        body: S,
        options: ImportOptions,
    ) -> Result<ListImportReport>
    where
        S: TryStream<Ok = Vec<u8>, Error = std::io::Error> + Send + 'static,
    {
        self.import("api/v1/imports/children", body, options).await
    }

    /// Responsable (or an `import` token): imports the parents file, as [`Client::import_children`].
    pub async fn import_parents<S>(
        &self,
        body: S,
        options: ImportOptions,
    ) -> Result<ListImportReport>
    where
        S: TryStream<Ok = Vec<u8>, Error = std::io::Error> + Send + 'static,
    {
        self.import("api/v1/imports/parents", body, options).await
    }

    async fn import<S>(
        &self,
        path: &str,
        body: S,
        options: ImportOptions,
    ) -> Result<ListImportReport>
    where
        S: TryStream<Ok = Vec<u8>, Error = std::io::Error> + Send + 'static,
    {
        let flag = |on: bool| if on { "true" } else { "false" };
        let mut query = vec![
            ("dry_run", flag(options.dry_run)),
            ("strict", flag(options.strict)),
        ];
        if let Some(separator) = options.separator {
            query.push(("separator", separator_code(separator)));
        }
        let request = self
            .request(Method::POST, path)
            .query(&query)
            .header(reqwest::header::CONTENT_TYPE, "text/csv; charset=utf-8")
            .timeout(IMPORT_TIMEOUT)
            .body(reqwest::Body::wrap_stream(body));
        self.send(request).await.map_err(|error| match error {
            Error::Api {
                status: 409,
                code,
                message,
                ..
            } if code == "import_running" => Error::ImportRunning { message },
            other => other,
        })
    }

    /// Staff (or any token): one list as columns and rows of text. `cycle` and `section` narrow
    /// it (the current cycle by default).
    pub async fn export(
        &self,
        list: ExportList,
        cycle: Option<Cycle>,
        section: Option<&str>,
    ) -> Result<ExportTable> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(cycle) = cycle {
            query.push(("cycle", cycle.to_string()));
        }
        if let Some(section) = section {
            query.push(("section", section.to_owned()));
        }
        if let ExportList::Participants { activity } = list {
            query.push(("activity", activity.to_string()));
        }
        self.send(
            self.request(Method::GET, &format!("api/v1/exports/{}", list.as_str()))
                .query(&query)
                .timeout(EXPORT_TIMEOUT),
        )
        .await
    }
}

/// The API's name of a separator.
fn separator_code(separator: u8) -> &'static str {
    match separator {
        b',' => ",",
        b'\t' => "tab",
        _ => ";",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_lists_have_their_api_names() {
        assert_eq!(separator_code(b';'), ";");
        assert_eq!(separator_code(b','), ",");
        assert_eq!(separator_code(b'\t'), "tab");
        assert_eq!(
            ExportList::Participants { activity: 3 }.as_str(),
            "participants"
        );
    }
}
