//! "News du Patro": staff publish, edit and unpublish; families read, and what they have not
//! opened yet is marked.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use tempatro_core::api::{ApiError, NewsInput, NewsView};
use tempatro_core::medical::parse_text;
use tempatro_core::{Field, Role};

use super::AppState;
use super::children::resolve_section;
use super::extractor::{ApiJson, ApiPath, ApiQuery, CurrentAccount};
use super::scope::Scope;
use super::views::section_view;
use crate::error::{Error, Result, request_lang};
use crate::store::{Actor, NewsAudience, NewsFilter, StoredAccount, StoredNews};

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 20_000;

/// What the caller may read: a responsable every published item, a family (or an animateur) the
/// items for everyone and for its children's sections.
fn audience<'a>(account: &StoredAccount, sections: &'a [i64]) -> NewsAudience<'a> {
    if account.role == Role::Responsable {
        NewsAudience::Published
    } else {
        NewsAudience::Sections(sections)
    }
}

async fn views(state: &AppState, items: &[StoredNews]) -> Result<Vec<NewsView>> {
    let lang = request_lang();
    let sections = state.store.sections().await?;
    Ok(items
        .iter()
        .map(|news| NewsView {
            id: news.id,
            title: news.title.clone(),
            body: news.body.clone(),
            section: news
                .section
                .and_then(|id| sections.iter().find(|s| s.id == id))
                .map(|s| section_view(s, lang)),
            published_at: news.published_at,
            published: news.published,
            unread: !news.read,
        })
        .collect())
}

/// The news meant for the caller, whose children are in `sections` this cycle, latest first;
/// `limit` keeps the first ones.
pub async fn visible_news(
    state: &AppState,
    account: &StoredAccount,
    sections: &[i64],
    limit: Option<usize>,
) -> Result<Vec<NewsView>> {
    let items = state
        .store
        .news(&NewsFilter {
            reader: account.id,
            audience: audience(account, sections),
            id: None,
            limit,
        })
        .await?;
    views(state, &items).await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct NewsQuery {
    /// Staff: unpublished items too.
    #[serde(default)]
    all: bool,
}

#[utoipa::path(
    get, path = "/api/v1/news", tag = "news", params(NewsQuery), security(("bearer" = [])),
    responses((status = 200, body = [NewsView]))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiQuery(query): ApiQuery<NewsQuery>,
) -> Result<Json<Vec<NewsView>>> {
    if query.all && account.role == Role::Responsable {
        let items = state
            .store
            .news(&NewsFilter {
                reader: account.id,
                audience: NewsAudience::Everything,
                id: None,
                limit: None,
            })
            .await?;
        return Ok(Json(views(&state, &items).await?));
    }
    let sections = Scope::of(&state, &account).await?.sections;
    Ok(Json(visible_news(&state, &account, &sections, None).await?))
}

/// One item, which is then read.
#[utoipa::path(
    get, path = "/api/v1/news/{id}", tag = "news",
    params(("id" = i64, Path, description = "News id")),
    security(("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 404, body = ApiError))
)]
pub async fn show(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NewsView>> {
    let sections = Scope::of(&state, &account).await?.sections;
    let audience = match audience(&account, &sections) {
        // A responsable opens any item, published or not.
        NewsAudience::Published => NewsAudience::Everything,
        audience => audience,
    };
    let mut news = state
        .store
        .news(&NewsFilter {
            reader: account.id,
            audience,
            id: Some(id),
            limit: None,
        })
        .await?;
    let mut news = news.pop().ok_or(Error::NotFound)?;
    state.store.mark_news_read(account.id, id).await?;
    news.read = true;
    let mut view = views(&state, std::slice::from_ref(&news)).await?;
    Ok(Json(view.remove(0)))
}

async fn parse(state: &AppState, input: &NewsInput) -> Result<(String, String, Option<i64>)> {
    let title = parse_text(Some(&input.title), Field::Title)?
        .ok_or(tempatro_core::Error::Required.in_field(Field::Title))?;
    if title.chars().count() > MAX_TITLE {
        return Err(tempatro_core::Error::TooLong { max: MAX_TITLE }
            .in_field(Field::Title)
            .into());
    }
    let body = input.body.trim();
    if body.is_empty() {
        return Err(tempatro_core::Error::Required.in_field(Field::Body).into());
    }
    if body.chars().count() > MAX_BODY {
        return Err(tempatro_core::Error::TooLong { max: MAX_BODY }
            .in_field(Field::Body)
            .into());
    }
    let section = match input
        .section
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(wanted) => Some(resolve_section(&state.store.sections().await?, wanted)?.id),
        None => None,
    };
    Ok((title, body.to_owned(), section))
}

/// News speak for the Patro: the responsables write them.
fn require_staff(account: &StoredAccount) -> Result<()> {
    if account.role == tempatro_core::Role::Responsable {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Responsable: publishes a news item, for everyone or one section.
#[utoipa::path(
    post, path = "/api/v1/news", tag = "news", request_body = NewsInput,
    security(("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn publish(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiJson(body): ApiJson<NewsInput>,
) -> Result<Json<NewsView>> {
    require_staff(&account)?;
    let (title, text, section) = parse(&state, &body).await?;
    let id = state
        .store
        .create_news(&title, &text, section, &Actor::of(&account))
        .await?;
    one(&state, &account, id).await
}

async fn one(state: &AppState, account: &StoredAccount, id: i64) -> Result<Json<NewsView>> {
    let news = state
        .store
        .news(&NewsFilter {
            reader: account.id,
            audience: NewsAudience::Everything,
            id: Some(id),
            limit: None,
        })
        .await?;
    let mut view = views(state, &news).await?;
    if view.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(Json(view.remove(0)))
}

/// Responsable: replaces an item's title, text and section.
#[utoipa::path(
    put, path = "/api/v1/news/{id}", tag = "news",
    params(("id" = i64, Path, description = "News id")),
    request_body = NewsInput,
    security(("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewsInput>,
) -> Result<Json<NewsView>> {
    require_staff(&account)?;
    let (title, text, section) = parse(&state, &body).await?;
    if !state.store.update_news(id, &title, &text, section).await? {
        return Err(Error::NotFound);
    }
    one(&state, &account, id).await
}

/// Responsable: takes an item off the families' screens.
#[utoipa::path(
    post, path = "/api/v1/news/{id}/unpublish", tag = "news",
    params(("id" = i64, Path, description = "News id")),
    security(("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn unpublish(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NewsView>> {
    require_staff(&account)?;
    if !state.store.unpublish_news(id).await? {
        return Err(Error::NotFound);
    }
    one(&state, &account, id).await
}
