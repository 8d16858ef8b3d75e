//! "Utiliser Tempatro": one page of Markdown that staff can replace.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use tempatro_core::api::{ApiError, HelpPage};
use tempatro_core::{Field, Lang};

use super::AppState;
use super::extractor::{ApiJson, Responsable};
use crate::error::{Result, request_lang};

const PAGE: &str = "help";
const MAX_LEN: usize = 50_000;

/// The text Tempatro ships with, in the spirit of the parents' guide.
const DEFAULT_FR: &str = include_str!("help/fr.md");
const DEFAULT_EN: &str = include_str!("help/en.md");

#[utoipa::path(
    get, path = "/api/v1/help", tag = "help",
    responses((status = 200, body = HelpPage))
)]
pub async fn show(State(state): State<AppState>) -> Result<Json<HelpPage>> {
    Ok(Json(match state.store.page(PAGE).await? {
        Some((markdown, updated_at)) => HelpPage {
            markdown,
            updated_at: Some(updated_at),
        },
        None => HelpPage {
            markdown: match request_lang() {
                Lang::Fr => DEFAULT_FR,
                Lang::En => DEFAULT_EN,
            }
            .to_owned(),
            updated_at: None,
        },
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HelpInput {
    markdown: String,
}

/// Responsable: replaces the page.
#[utoipa::path(
    put, path = "/api/v1/help", tag = "help", request_body = HelpInput,
    security(("bearer" = [])),
    responses((status = 200, body = HelpPage), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn replace(
    State(state): State<AppState>,
    Responsable(_staff): Responsable,
    ApiJson(body): ApiJson<HelpInput>,
) -> Result<Json<HelpPage>> {
    let markdown = body.markdown.trim();
    if markdown.is_empty() {
        return Err(tempatro_core::Error::Required.in_field(Field::Body).into());
    }
    if markdown.chars().count() > MAX_LEN {
        return Err(tempatro_core::Error::TooLong { max: MAX_LEN }
            .in_field(Field::Body)
            .into());
    }
    let updated_at = state.store.set_page(PAGE, markdown).await?;
    Ok(Json(HelpPage {
        markdown: markdown.to_owned(),
        updated_at: Some(updated_at),
    }))
}
