//! What the server keeps for everyone to read: documents, news and pages.

use async_trait::async_trait;
use time::OffsetDateTime;

use tempatro_core::AccountId;

use super::{Actor, StoreResult};

/// Who a document is for, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredAudience {
    All,
    Section(i64),
    Activity(i64),
    Child(i64),
}

#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub id: i64,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub audience: StoredAudience,
    pub published_at: OffsetDateTime,
}

pub struct NewDocument<'a> {
    pub title: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub audience: StoredAudience,
    pub content: &'a [u8],
}

#[derive(Debug, Clone)]
pub struct StoredNews {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub section: Option<i64>,
    pub published: bool,
    pub published_at: OffsetDateTime,
    /// Whether the reader named in the [`NewsFilter`] has opened it.
    pub read: bool,
}

/// Which news items to read, for whom.
#[derive(Debug, Clone, Copy)]
pub struct NewsFilter<'a> {
    /// Whose read marks come with the items.
    pub reader: AccountId,
    pub audience: NewsAudience<'a>,
    pub id: Option<i64>,
    /// The latest ones only.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
pub enum NewsAudience<'a> {
    /// Published or not: what the responsables manage.
    Everything,
    /// Published items, whatever their section.
    Published,
    /// Published items for everyone or for one of these sections.
    Sections(&'a [i64]),
}

#[async_trait]
pub trait ContentStore {
    async fn create_document(&self, document: &NewDocument<'_>, actor: &Actor) -> StoreResult<i64>;
    /// Newest first, without their content.
    async fn documents(&self) -> StoreResult<Vec<StoredDocument>>;
    async fn document(&self, id: i64) -> StoreResult<Option<StoredDocument>>;
    async fn document_content(&self, id: i64) -> StoreResult<Option<Vec<u8>>>;
    async fn delete_document(&self, id: i64) -> StoreResult<bool>;

    async fn create_news(
        &self,
        title: &str,
        body: &str,
        section: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<i64>;
    async fn update_news(
        &self,
        id: i64,
        title: &str,
        body: &str,
        section: Option<i64>,
    ) -> StoreResult<bool>;
    async fn unpublish_news(&self, id: i64) -> StoreResult<bool>;
    /// Latest first.
    async fn news(&self, filter: &NewsFilter<'_>) -> StoreResult<Vec<StoredNews>>;
    async fn mark_news_read(&self, account: AccountId, news: i64) -> StoreResult<()>;

    async fn page(&self, name: &str) -> StoreResult<Option<(String, OffsetDateTime)>>;
    async fn set_page(&self, name: &str, markdown: &str) -> StoreResult<OffsetDateTime>;
}
