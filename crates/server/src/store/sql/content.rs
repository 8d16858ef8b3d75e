use async_trait::async_trait;
use time::OffsetDateTime;

use tempatro_core::AccountId;

use super::SqlStore;
use crate::store::engine::json_list;
use crate::store::rows::content::{DOCUMENT_COLUMNS, DocumentRow, NewsRow, audience_columns};
use crate::store::rows::{from_unix, unix};
use crate::store::{
    Actor, ContentStore, NewDocument, NewsAudience, NewsFilter, StoreResult, StoredDocument,
    StoredNews,
};

#[async_trait]
impl ContentStore for SqlStore {
    async fn create_document(&self, document: &NewDocument<'_>, actor: &Actor) -> StoreResult<i64> {
        let (audience, target) = audience_columns(document.audience);
        Ok(sqlx::query_scalar(
            "INSERT INTO documents (title, filename, content_type, size, content, audience, audience_id,
                published_at, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(document.title.to_owned())
        .bind(document.filename.to_owned())
        .bind(document.content_type.to_owned())
        .bind(i64::try_from(document.content.len()).unwrap_or(i64::MAX))
        .bind(document.content.to_vec())
        .bind(audience)
        .bind(target)
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(actor.label.clone())
        .fetch_one(&self.pool)
        .await?)
    }

    async fn documents(&self) -> StoreResult<Vec<StoredDocument>> {
        let rows: Vec<DocumentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY published_at DESC, id DESC"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredDocument::try_from).collect()
    }

    async fn document(&self, id: i64) -> StoreResult<Option<StoredDocument>> {
        let row: Option<DocumentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredDocument::try_from).transpose()
    }

    async fn document_content(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT content FROM documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn delete_document(&self, id: i64) -> StoreResult<bool> {
        let deleted = sqlx::query("DELETE FROM documents WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() == 1)
    }

    async fn create_news(
        &self,
        title: &str,
        body: &str,
        section: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let now = unix(OffsetDateTime::now_utc());
        Ok(sqlx::query_scalar(
            "INSERT INTO news (title, body, section_id, published, published_at, updated_at, author)
             VALUES ($1, $2, $3, TRUE, $4, $5, $6) RETURNING id",
        )
        .bind(title.to_owned())
        .bind(body.to_owned())
        .bind(section)
        .bind(now)
        .bind(now)
        .bind(actor.label.clone())
        .fetch_one(&self.pool)
        .await?)
    }

    async fn update_news(
        &self,
        id: i64,
        title: &str,
        body: &str,
        section: Option<i64>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(
            "UPDATE news SET title = $1, body = $2, section_id = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(title.to_owned())
        .bind(body.to_owned())
        .bind(section)
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn unpublish_news(&self, id: i64) -> StoreResult<bool> {
        let updated =
            sqlx::query("UPDATE news SET published = FALSE, updated_at = $1 WHERE id = $2")
                .bind(unix(OffsetDateTime::now_utc()))
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn news(&self, filter: &NewsFilter<'_>) -> StoreResult<Vec<StoredNews>> {
        let (published_only, sections) = match filter.audience {
            NewsAudience::Everything => (false, None),
            NewsAudience::Published => (true, None),
            NewsAudience::Sections(sections) => (true, Some(json_list(sections)?)),
        };
        let rows: Vec<NewsRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT n.*, EXISTS (SELECT 1 FROM news_reads r
                 WHERE r.news_id = n.id AND r.account_id = $1) AS read
             FROM news n
             WHERE (NOT $2 OR n.published)
               AND ($3 IS NULL OR n.section_id IS NULL OR n.section_id IN {})
               AND ($4 IS NULL OR n.id = $4)
             ORDER BY n.published_at DESC, n.id DESC LIMIT $5",
            self.ids(3)
        )))
        .bind(filter.reader.0)
        .bind(published_only)
        .bind(sections)
        .bind(filter.id)
        .bind(
            filter
                .limit
                .map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX)),
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredNews::try_from).collect()
    }

    async fn mark_news_read(&self, account: AccountId, news: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO news_reads (account_id, news_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(account.0)
        .bind(news)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn page(&self, name: &str) -> StoreResult<Option<(String, OffsetDateTime)>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT markdown, updated_at FROM pages WHERE name = $1")
                .bind(name.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(markdown, updated_at)| Ok((markdown, from_unix(updated_at)?)))
            .transpose()
    }

    async fn set_page(&self, name: &str, markdown: &str) -> StoreResult<OffsetDateTime> {
        let now = OffsetDateTime::now_utc();
        sqlx::query(
            "INSERT INTO pages (name, markdown, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET markdown = excluded.markdown, updated_at = excluded.updated_at",
        )
        .bind(name.to_owned())
        .bind(markdown.to_owned())
        .bind(unix(now))
        .execute(&self.pool)
        .await?;
        Ok(now)
    }
}
