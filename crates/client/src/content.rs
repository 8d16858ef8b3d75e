//! Documents, news and the help page.

use reqwest::Method;

use tempatro_core::api::{DocumentView, HelpPage, NewsInput, NewsView};

use crate::{Client, Error, Result};

impl Client {
    /// Publishes a file for `audience`: `all`, `section:NAME`, `activity:ID` or `child:ID`.
    pub async fn publish_document(
        &self,
        title: &str,
        filename: &str,
        content_type: &str,
        audience: &str,
        bytes: Vec<u8>,
    ) -> Result<DocumentView> {
        self.send(
            self.request(Method::POST, "api/v1/documents")
                .query(&[("title", title), ("filename", filename), ("for", audience)])
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes),
        )
        .await
    }

    /// The documents meant for the caller, newest first.
    pub async fn documents(&self) -> Result<Vec<DocumentView>> {
        self.send(self.request(Method::GET, "api/v1/documents"))
            .await
    }

    /// Downloads a document, calling `progress(received, total)` as the bytes arrive.
    pub async fn download_document(
        &self,
        id: i64,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<Vec<u8>> {
        let mut response = self
            .execute(self.request(Method::GET, &format!("api/v1/documents/{id}/content")))
            .await?;
        let total = response.content_length();
        let mut bytes = Vec::with_capacity(total.unwrap_or(0).try_into().unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|source| Error::Decode(source.to_string()))?
        {
            bytes.extend_from_slice(&chunk);
            progress(bytes.len() as u64, total);
        }
        Ok(bytes)
    }

    pub async fn remove_document(&self, id: i64) -> Result<()> {
        self.send_empty(self.request(Method::DELETE, &format!("api/v1/documents/{id}")))
            .await
    }

    /// "News du Patro" for the caller, latest first; staff may ask for unpublished ones too.
    pub async fn news(&self, include_unpublished: bool) -> Result<Vec<NewsView>> {
        let query: &[(&str, &str)] = if include_unpublished {
            &[("all", "true")]
        } else {
            &[]
        };
        self.send(self.request(Method::GET, "api/v1/news").query(query))
            .await
    }

    /// Reads one news item, which marks it read.
    pub async fn news_item(&self, id: i64) -> Result<NewsView> {
        self.send(self.request(Method::GET, &format!("api/v1/news/{id}")))
            .await
    }

    pub async fn publish_news(&self, news: &NewsInput) -> Result<NewsView> {
        self.send(self.request(Method::POST, "api/v1/news").json(news))
            .await
    }

    pub async fn update_news(&self, id: i64, news: &NewsInput) -> Result<NewsView> {
        self.send(
            self.request(Method::PUT, &format!("api/v1/news/{id}"))
                .json(news),
        )
        .await
    }

    pub async fn unpublish_news(&self, id: i64) -> Result<NewsView> {
        self.send(self.request(Method::POST, &format!("api/v1/news/{id}/unpublish")))
            .await
    }

    /// "Utiliser Tempatro".
    pub async fn help(&self) -> Result<HelpPage> {
        self.send(self.request(Method::GET, "api/v1/help")).await
    }

    pub async fn set_help(&self, markdown: &str) -> Result<HelpPage> {
        self.send(
            self.request(Method::PUT, "api/v1/help")
                .json(&serde_json::json!({ "markdown": markdown })),
        )
        .await
    }
}
