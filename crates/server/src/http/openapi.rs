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
        description = "The parents' space and staff back-office of a Patro. Errors answer `{code, message, field}`; messages are in French unless `Accept-Language` asks for English. Any call may also answer 503 `server_busy` when the database was too busy to answer in time, with a `Retry-After` header giving the seconds to wait before trying again, and any call with a body 408 `request_timeout` when the body stops coming for longer than the server waits (30 seconds by default)."
    ),
    paths(
        super::health::health,
        super::accounts::sign_up,
        super::accounts::list,
        super::accounts::approve,
        super::accounts::reject,
        super::accounts::disable,
        super::sessions::log_in,
        super::sessions::log_out,
        super::second_factor::enrol,
        super::second_factor::confirm,
        super::second_factor::disable,
        super::me::me,
        super::me::dashboard,
        super::password_resets::request,
        super::password_resets::confirm,
        super::me::update_profile,
        super::me::change_password,
        super::children::list,
        super::children::create,
        super::children::show,
        super::children::update,
        super::children::history,
        super::children::link,
        super::children::unlink,
        super::affiliations::renew,
        super::affiliations::affiliate,
        super::affiliations::pay,
        super::affiliations::unpay,
        super::affiliations::solidarity,
        super::affiliations::section,
        super::affiliations::list,
        super::link_requests::create,
        super::link_requests::list,
        super::link_requests::approve,
        super::link_requests::reject,
        super::settings::sections,
        super::settings::create_section,
        super::settings::update_section,
        super::settings::cycles,
        super::settings::cycle,
        super::settings::save_cycle,
        super::settings::set_staff,
        super::activities::list,
        super::activities::show,
        super::activities::create,
        super::activities::update,
        super::activities::of_child,
        super::activities::register,
        super::activities::cancel,
        super::activities::participants,
        super::activities::pay,
        super::medical::show,
        super::medical::save,
        super::medical::confirm,
        super::medical::readings,
        super::documents::publish,
        super::documents::list,
        super::documents::content,
        super::documents::remove,
        super::news::list,
        super::news::show,
        super::news::publish,
        super::news::update,
        super::news::unpublish,
        super::help::show,
        super::help::replace,
        super::dues::list,
        super::dues::show,
        super::dues::create,
        super::dues::record,
        super::dues::cancel,
        super::dues::import,
        super::dues::lines,
        super::dues::match_line,
        super::dues::remind,
        super::exports::export,
        super::imports::children,
        super::imports::parents,
        super::audit::list,
        super::verification::verify,
        super::verification::resend,
        super::verification::confirm_change,
        super::tokens::create,
        super::tokens::list,
        super::tokens::revoke,
        document,
    ),
    components(schemas(
        api::ApiError, api::Health, api::SignUp, api::LogIn, api::AccountView, api::SessionCreated,
        api::SecondFactorEnrolment, api::SecondFactorCode, api::RecoveryCodes,
        api::Alert, api::Dashboard, api::PasswordResetRequest, api::PasswordResetConfirm,
        api::Notice, api::Rejection, Role, AccountStatus, Portal,
        api::ProfilePatch, api::PasswordChange, api::ContactView, api::DoctorView, api::AddressView,
        api::ImageRightsView, api::PaymentView, api::AffiliationView, api::ChildSummary,
        api::ParentLink, api::RenewalOffer, api::ChildSheet, api::ContactInput, api::DoctorInput,
        api::ChildPatch, api::NewChild, api::LinkParent, api::LinkRequestStatus,
        api::LinkRequestInput, api::LinkRequestView, api::LinkRequestApproval, api::PaymentInput,
        api::SolidarityInput, api::SectionChoice, api::AuditEntry, api::AuditChange,
        api::SectionView, api::SectionInput, api::CycleView, api::CycleInput, api::StaffRoleInput,
        api::StaffView, tempatro_core::Gender, tempatro_core::PaymentMethod,
        super::affiliations::AffiliateInput, super::help::HelpInput,
        api::LeaderView, api::ActivityView, api::ActivityInput, api::ActivityPatch,
        api::RegistrationInput, api::RegistrationView, api::ChildActivity, api::Participant,
        api::ParticipantList, api::MedicalConfirmation, api::MedicalSheetView, api::MedicalInput,
        api::MedicalConfirmationInput, api::MedicalReading, api::Audience, api::DocumentView,
        api::NewsView, api::NewsInput, api::HelpPage, tempatro_core::medical::Medication,
        tempatro_core::ActivityKind, tempatro_core::RegistrationStatus,
        api::DueKind, api::DuePayment, api::DueView, api::TransferDetails, api::DueDetail,
        api::DueInput, api::ImportOutcome, api::ImportEntry, api::ImportReport,
        api::BankLineStatus, api::BankLineView, api::BankLineMatch, api::Reminder,
        api::ReminderReport, tempatro_core::payment::DueStatus, api::TokenInput, api::TokenView,
        api::TokenCreated, tempatro_core::TokenScope, api::ImportKind, api::ListImportReport,
        api::ImportedRow, api::RefusedCell, api::ExportTable, api::AccountActView, api::EmailVerification,
        api::VerificationResend, api::EmailChangeConfirm,
        tempatro_core::audit::AccountAction,
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
