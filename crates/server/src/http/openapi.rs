//! The OpenAPI 3 document, generated from the handlers' annotations and the wire types.

use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use tempatro_core::api;
use tempatro_core::{AccountStatus, Portal, Role};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tempatro API",
        description = "The parents' space and staff back-office of a Patro. Errors answer `{code, message, field}`; messages are in French unless `Accept-Language` asks for English."
    ),
    paths(
        super::health::health,
        super::accounts::sign_up,
        super::accounts::list,
        super::accounts::approve,
        super::accounts::reject,
        super::sessions::log_in,
        super::sessions::log_out,
        super::me::me,
        super::me::dashboard,
        super::password_resets::request,
        super::password_resets::confirm,
        document,
    ),
    components(schemas(
        api::ApiError, api::Health, api::SignUp, api::LogIn, api::AccountView, api::SessionCreated,
        api::Alert, api::Dashboard, api::PasswordResetRequest, api::PasswordResetConfirm,
        api::Notice, api::Rejection, Role, AccountStatus, Portal,
    )),
    modifiers(&BearerToken),
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "health", responses((status = 200, description = "This document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
