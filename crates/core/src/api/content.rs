//! Documents, news and the help page.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::SectionView;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Who a document is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Audience {
    All,
    Section { id: i64, name: String },
    Activity { id: i64, name: String },
    Child { id: i64, name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DocumentView {
    pub id: i64,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    /// Bytes.
    pub size: u64,
    pub audience: Audience,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewsView {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// For one section only; for everyone when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: OffsetDateTime,
    pub published: bool,
    /// Not yet opened by the caller.
    pub unread: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewsInput {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// A section's name or id; everyone when absent.
    #[serde(default)]
    pub section: Option<String>,
}

/// "Utiliser Tempatro".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HelpPage {
    /// Markdown.
    pub markdown: String,
    /// When staff last replaced it; absent for the text Tempatro ships with.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub updated_at: Option<OffsetDateTime>,
}
