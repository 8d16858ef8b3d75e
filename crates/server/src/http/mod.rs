//! The HTTP JSON API: one module per resource, each with its routes, handlers and OpenAPI paths.

mod accounts;
mod activities;
mod affiliations;
mod audit;
mod children;
mod documents;
mod dues;
mod exports;
mod extractor;
mod health;
mod help;
mod imports;
pub mod limits;
mod link_requests;
mod me;
mod medical;
mod news;
mod openapi;
mod password_resets;
mod scope;
mod second_factor;
mod sessions;
mod settings;
mod tokens;
mod verification;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post, put};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use time::{Date, OffsetDateTime};

use tempatro_core::{Cycle, Lang};

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
    /// Work that outlives its request (invitations e-mailed after an import): a stopping server
    /// waits for it.
    pub background: tokio_util::task::TaskTracker,
    /// How many sign-ups, codes and wrong passwords a source or an address may send.
    pub limits: limits::Limits,
}

impl AppState {
    /// Today as the Patro lives it (UTC: a cycle's first day moves by at most two hours).
    pub fn today(&self) -> Date {
        OffsetDateTime::now_utc().date()
    }

    pub fn current_cycle(&self) -> Cycle {
        self.config.cycle_calendar.cycle_of(self.today())
    }
}

pub fn router(state: AppState) -> Router {
    let idle = state.config.request_idle_timeout;
    let api = Router::new()
        .route("/accounts", post(accounts::sign_up).get(accounts::list))
        .route("/accounts/verification", post(verification::verify))
        .route("/accounts/verification/resend", post(verification::resend))
        .route("/accounts/{id}/approve", post(accounts::approve))
        .route("/accounts/{id}/reject", post(accounts::reject))
        .route("/sessions", post(sessions::log_in))
        .route(
            "/sessions/current",
            axum::routing::delete(sessions::log_out),
        )
        .route("/accounts/{id}/staff", put(settings::set_staff))
        .route("/me", get(me::me).patch(me::update_profile))
        .route("/me/dashboard", get(me::dashboard))
        .route("/me/password", put(me::change_password))
        .route(
            "/me/second-factor",
            post(second_factor::enrol).delete(second_factor::disable),
        )
        .route(
            "/me/second-factor/confirmation",
            post(second_factor::confirm),
        )
        .route("/accounts/{id}/disable", post(accounts::disable))
        .route("/me/email/confirm", post(verification::confirm_change))
        .route("/children", get(children::list).post(children::create))
        .route(
            "/children/{id}",
            get(children::show).patch(children::update),
        )
        .route("/children/{id}/history", get(children::history))
        .route("/children/{id}/parents", post(children::link))
        .route(
            "/children/{id}/parents/{account_id}",
            delete(children::unlink),
        )
        .route("/children/{id}/renewal", post(affiliations::renew))
        .route("/children/{id}/affiliations", post(affiliations::affiliate))
        .route(
            "/children/{id}/affiliations/{cycle}/payment",
            put(affiliations::pay).delete(affiliations::unpay),
        )
        .route(
            "/children/{id}/affiliations/{cycle}/solidarity",
            put(affiliations::solidarity),
        )
        .route(
            "/children/{id}/affiliations/{cycle}/section",
            put(affiliations::section),
        )
        .route("/affiliations", get(affiliations::list))
        .route(
            "/link-requests",
            post(link_requests::create).get(link_requests::list),
        )
        .route("/link-requests/{id}/approve", post(link_requests::approve))
        .route("/link-requests/{id}/reject", post(link_requests::reject))
        .route(
            "/sections",
            get(settings::sections).post(settings::create_section),
        )
        .route("/sections/{id}", put(settings::update_section))
        .route("/cycles", get(settings::cycles).post(settings::save_cycle))
        .route("/cycles/{cycle}", get(settings::cycle))
        .route(
            "/activities",
            get(activities::list).post(activities::create),
        )
        .route(
            "/activities/{id}",
            get(activities::show).patch(activities::update),
        )
        .route("/activities/{id}/registrations", post(activities::register))
        .route(
            "/activities/{id}/registrations/{child_id}",
            delete(activities::cancel),
        )
        .route(
            "/activities/{id}/registrations/{child_id}/payment",
            put(activities::pay),
        )
        .route(
            "/activities/{id}/participants",
            get(activities::participants),
        )
        .route("/children/{id}/activities", get(activities::of_child))
        .route(
            "/children/{id}/medical",
            get(medical::show).put(medical::save),
        )
        .route(
            "/children/{id}/medical/confirmations",
            post(medical::confirm),
        )
        .route("/medical-readings", get(medical::readings))
        .route(
            "/documents",
            get(documents::list)
                .post(documents::publish)
                // The body is the file: room for it and a little more, so that a file just
                // over the limit gets our message rather than a bare 413.
                .layer(DefaultBodyLimit::max(documents::MAX_BYTES + 1024)),
        )
        .route("/documents/{id}", delete(documents::remove))
        .route("/documents/{id}/content", get(documents::content))
        .route("/news", get(news::list).post(news::publish))
        .route("/news/{id}", get(news::show).put(news::update))
        .route("/news/{id}/unpublish", post(news::unpublish))
        .route("/help", get(help::show).put(help::replace))
        .route("/dues", get(dues::list).post(dues::create))
        .route("/dues/{id}", get(dues::show))
        .route("/dues/{id}/payments", post(dues::record))
        .route("/dues/{id}/cancel", post(dues::cancel))
        .route(
            "/bank-statements",
            post(dues::import).layer(DefaultBodyLimit::max(dues::MAX_STATEMENT_BYTES + 1024)),
        )
        .route("/bank-lines", get(dues::lines))
        .route("/bank-lines/match", post(dues::match_line))
        .route("/reminders", post(dues::remind))
        .route("/exports/{list}", get(exports::export))
        .route(
            "/imports/children",
            post(imports::children).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/imports/parents",
            post(imports::parents).layer(DefaultBodyLimit::disable()),
        )
        .route("/audit", get(audit::list))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{name}", delete(tokens::revoke))
        .route("/password-resets", post(password_resets::request))
        .route("/password-resets/confirm", post(password_resets::confirm))
        .route("/openapi.json", get(openapi::document));
    Router::new()
        .route("/healthz", get(health::health))
        .nest("/api/v1", api)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn(request_language))
        // A client that stops sending its body would otherwise keep its connection and task, and
        // an import's temporary file, for as long as it likes.
        .layer(RequestBodyTimeoutLayer::new(idle))
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
