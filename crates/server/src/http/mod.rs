//! The HTTP JSON API: one module per resource, each with its routes, handlers and OpenAPI paths.

mod accounts;
mod extractor;
mod health;
mod me;
mod openapi;
mod password_resets;
mod sessions;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

use tempatro_core::Lang;

use crate::config::Config;
use crate::error::{Error, REQUEST_LANG};
use crate::mail::Mailer;
use crate::store::Store;

pub use accounts::view as account_view;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub mailer: Arc<Mailer>,
    pub config: Arc<Config>,
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/accounts", post(accounts::sign_up).get(accounts::list))
        .route("/accounts/{id}/approve", post(accounts::approve))
        .route("/accounts/{id}/reject", post(accounts::reject))
        .route("/sessions", post(sessions::log_in))
        .route(
            "/sessions/current",
            axum::routing::delete(sessions::log_out),
        )
        .route("/me", get(me::me))
        .route("/me/dashboard", get(me::dashboard))
        .route("/password-resets", post(password_resets::request))
        .route("/password-resets/confirm", post(password_resets::confirm))
        .route("/openapi.json", get(openapi::document));
    Router::new()
        .route("/healthz", get(health::health))
        .nest("/api/v1", api)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn(request_language))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn not_found() -> Error {
    Error::NotFound
}

/// Answers in the language the caller asked for with `Accept-Language` (French by default).
async fn request_language(request: Request, next: Next) -> Response {
    let lang = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_locale)
        .unwrap_or_default();
    REQUEST_LANG.scope(lang, next.run(request)).await
}
