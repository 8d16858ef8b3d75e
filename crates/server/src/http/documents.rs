//! Documents: files staff publish for everyone, a section, an activity's participants or one
//! child, served only to whom they are for.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap};
use axum::response::IntoResponse;
use serde::Deserialize;

use tempatro_core::api::{ApiError, Audience, DocumentView};
use tempatro_core::{Field, Role};

use super::AppState;
use super::children::resolve_section;
use super::extractor::{ApiPath, ApiQuery, CurrentAccount};
use super::scope::Scope;
use crate::error::{Error, Malformed, Result};
use crate::store::{Actor, NewDocument, StoredAudience, StoredDocument};

/// Large enough for a camp letter with photos, small enough for the database to carry.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The types accepted, each with what its content must start with (text must be UTF-8).
fn content_matches(content_type: &str, content: &[u8]) -> bool {
    match content_type {
        "application/pdf" => content.starts_with(b"%PDF-"),
        "image/png" => content.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => content.starts_with(&[0xFF, 0xD8, 0xFF]),
        "text/plain" | "text/markdown" => {
            std::str::from_utf8(content).is_ok() && !content.contains(&0)
        }
        _ => false,
    }
}

/// Keeps the last path component, without control characters, at most 200 characters.
fn clean_filename(raw: &str) -> Option<String> {
    let name = raw.rsplit(['/', '\\']).next()?.trim();
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

fn visible(scope: &Scope, document: &StoredDocument) -> bool {
    scope.staff
        || match document.audience {
            StoredAudience::All => true,
            StoredAudience::Section(id) => scope.sections.contains(&id),
            StoredAudience::Activity(id) => scope.activities.contains(&id),
            StoredAudience::Child(id) => scope.children.contains(&id),
        }
}

async fn view(state: &AppState, document: &StoredDocument) -> Result<DocumentView> {
    let audience = match document.audience {
        StoredAudience::All => Audience::All,
        StoredAudience::Section(id) => Audience::Section {
            id,
            name: state
                .store
                .sections()
                .await?
                .into_iter()
                .find(|s| s.id == id)
                .map(|s| s.name)
                .unwrap_or_default(),
        },
        StoredAudience::Activity(id) => Audience::Activity {
            id,
            name: state
                .store
                .activity(id)
                .await?
                .map(|a| a.details.name)
                .unwrap_or_default(),
        },
        StoredAudience::Child(id) => Audience::Child {
            id,
            name: state
                .store
                .child(id)
                .await?
                .map(|c| c.record.full_name())
                .unwrap_or_default(),
        },
    };
    Ok(DocumentView {
        id: document.id,
        title: document.title.clone(),
        filename: document.filename.clone(),
        content_type: document.content_type.clone(),
        size: document.size,
        audience,
        published_at: document.published_at,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PublishQuery {
    /// Defaults to the file's name.
    title: Option<String>,
    filename: String,
    /// `all`, `section:NAME`, `activity:ID` or `child:ID`.
    #[serde(rename = "for")]
    audience: String,
}

async fn audience(state: &AppState, raw: &str) -> Result<StoredAudience> {
    let unknown = || {
        Error::Malformed(Malformed::UnknownValue {
            field: Some("for".to_owned()),
            value: raw.to_owned(),
        })
    };
    let (kind, target) = raw.split_once(':').unwrap_or((raw, ""));
    let id = || target.trim().parse::<i64>().map_err(|_| unknown());
    Ok(match kind.trim() {
        "all" => StoredAudience::All,
        "section" => {
            StoredAudience::Section(resolve_section(&state.store.sections().await?, target)?.id)
        }
        "activity" => {
            let id = id()?;
            state.store.activity(id).await?.ok_or_else(unknown)?;
            StoredAudience::Activity(id)
        }
        "child" => {
            let id = id()?;
            state.store.child(id).await?.ok_or_else(unknown)?;
            StoredAudience::Child(id)
        }
        _ => return Err(unknown()),
    })
}

/// Responsable: publishes a file (the request's body, with its `Content-Type`): PDF, PNG, JPEG or
/// text, at most 10 MiB.
#[utoipa::path(
    post, path = "/api/v1/documents", tag = "documents", params(PublishQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    security(("bearer" = [])),
    responses(
        (status = 201, body = DocumentView), (status = 403, body = ApiError),
        (status = 413, body = ApiError), (status = 422, description = "Type refused or not matching the content", body = ApiError),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiQuery(query): ApiQuery<PublishQuery>,
    headers: HeaderMap,
    content: Bytes,
) -> Result<(StatusCode, Json<DocumentView>)> {
    if account.role != Role::Responsable {
        return Err(Error::Forbidden);
    }
    if content.len() > MAX_BYTES {
        return Err(Error::FileTooLarge { max_mib: 10 });
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_lowercase())
        .unwrap_or_default();
    if content.is_empty() || !content_matches(&content_type, &content) {
        return Err(tempatro_core::Error::FileType.in_field(Field::File).into());
    }
    let filename = clean_filename(&query.filename)
        .ok_or(tempatro_core::Error::Required.in_field(Field::File))?;
    let title = match query
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(title) if title.chars().count() > 200 => {
            return Err(tempatro_core::Error::TooLong { max: 200 }
                .in_field(Field::Title)
                .into());
        }
        Some(title) => title.to_owned(),
        None => filename.clone(),
    };
    let audience = audience(&state, &query.audience).await?;
    let id = state
        .store
        .create_document(
            &NewDocument {
                title: &title,
                filename: &filename,
                content_type: &content_type,
                audience,
                content: &content,
            },
            &Actor::of(&account),
        )
        .await?;
    tracing::info!(staff = %account.id, document = id, bytes = content.len(), "document published");
    let stored = state.store.document(id).await?.ok_or(Error::NotFound)?;
    Ok((StatusCode::CREATED, Json(view(&state, &stored).await?)))
}

/// The documents meant for the caller, newest first.
#[utoipa::path(
    get, path = "/api/v1/documents", tag = "documents", security(("bearer" = [])),
    responses((status = 200, body = [DocumentView]))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
) -> Result<Json<Vec<DocumentView>>> {
    let scope = Scope::of(&state, &account).await?;
    let mut views = Vec::new();
    for document in state.store.documents().await? {
        if visible(&scope, &document) {
            views.push(view(&state, &document).await?);
        }
    }
    Ok(Json(views))
}

/// The file itself; 404 for whom it is not meant.
#[utoipa::path(
    get, path = "/api/v1/documents/{id}/content", tag = "documents",
    params(("id" = i64, Path, description = "Document id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ApiError))
)]
pub async fn content(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse> {
    let document = state.store.document(id).await?.ok_or(Error::NotFound)?;
    if !visible(&Scope::of(&state, &account).await?, &document) {
        return Err(Error::NotFound);
    }
    let bytes = state
        .store
        .document_content(id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((
        [
            (CONTENT_TYPE, document.content_type.clone()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.filename),
            ),
        ],
        bytes,
    ))
}

/// Responsable: removes a document.
#[utoipa::path(
    delete, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = i64, Path, description = "Document id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub async fn remove(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode> {
    if account.role != Role::Responsable {
        return Err(Error::Forbidden);
    }
    if state.store.delete_document(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_must_be_what_it_says() {
        assert!(content_matches("application/pdf", b"%PDF-1.4 ..."));
        assert!(!content_matches("application/pdf", b"MZ\x90\x00 not a pdf"));
        assert!(content_matches("image/png", b"\x89PNG\r\n\x1a\nrest"));
        assert!(content_matches("text/plain", "Lettre de camp é".as_bytes()));
        assert!(!content_matches("text/plain", b"\xff\xfe\x00"));
        assert!(!content_matches("application/zip", b"PK\x03\x04"));
    }

    #[test]
    fn file_names_lose_their_path() {
        assert_eq!(
            clean_filename("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            clean_filename("C:\\Users\\x\\lettre.pdf").as_deref(),
            Some("lettre.pdf")
        );
        assert_eq!(clean_filename("..").as_deref(), None);
        assert_eq!(clean_filename("  ").as_deref(), None);
    }
}
