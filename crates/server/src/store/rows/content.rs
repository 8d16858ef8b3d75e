//! Documents and news.

use super::{Flag, from_unix};
use crate::store::{StoreError, StoredAudience, StoredDocument, StoredNews};

pub const DOCUMENT_COLUMNS: &str =
    "id, title, filename, content_type, size, audience, audience_id, published_at";

/// How a document's audience is stored: its kind, and the id it names.
pub fn audience_columns(audience: StoredAudience) -> (&'static str, Option<i64>) {
    match audience {
        StoredAudience::All => ("all", None),
        StoredAudience::Section(id) => ("section", Some(id)),
        StoredAudience::Activity(id) => ("activity", Some(id)),
        StoredAudience::Child(id) => ("child", Some(id)),
    }
}

/// The [`DOCUMENT_COLUMNS`] of a row.
#[derive(sqlx::FromRow)]
pub struct DocumentRow {
    id: i64,
    title: String,
    filename: String,
    content_type: String,
    size: i64,
    audience: String,
    audience_id: Option<i64>,
    published_at: i64,
}

impl TryFrom<DocumentRow> for StoredDocument {
    type Error = StoreError;

    fn try_from(row: DocumentRow) -> Result<Self, StoreError> {
        let audience = match (row.audience.as_str(), row.audience_id) {
            ("all", _) => StoredAudience::All,
            ("section", Some(id)) => StoredAudience::Section(id),
            ("activity", Some(id)) => StoredAudience::Activity(id),
            ("child", Some(id)) => StoredAudience::Child(id),
            (other, _) => return Err(StoreError::Corrupt(format!("audience {other:?}"))),
        };
        Ok(StoredDocument {
            id: row.id,
            title: row.title,
            filename: row.filename,
            content_type: row.content_type,
            size: u64::try_from(row.size).unwrap_or(0),
            audience,
            published_at: from_unix(row.published_at)?,
        })
    }
}

/// A row of `news` with whether the reader has read it (`read`).
#[derive(sqlx::FromRow)]
pub struct NewsRow {
    id: i64,
    title: String,
    body: String,
    section_id: Option<i64>,
    published: Flag,
    published_at: i64,
    read: Flag,
}

impl TryFrom<NewsRow> for StoredNews {
    type Error = StoreError;

    fn try_from(row: NewsRow) -> Result<Self, StoreError> {
        Ok(StoredNews {
            id: row.id,
            title: row.title,
            body: row.body,
            section: row.section_id,
            published: row.published.0,
            published_at: from_unix(row.published_at)?,
            read: row.read.0,
        })
    }
}
