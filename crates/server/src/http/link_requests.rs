//! "Mon enfant n'apparaît pas": a parent asks, the Patro links or declines.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use tempatro_core::api::{
    ApiError, LinkRequestApproval, LinkRequestInput, LinkRequestStatus, LinkRequestView, Rejection,
};
use tempatro_core::{BirthDate, Field, PersonName, Role};

use super::AppState;
use super::extractor::{ApiJson, ApiPath, ApiQuery, ClientIp, CurrentAccount, Responsable};
use super::limits::Limit;
use super::views::parent_link;
use crate::error::{Error, Malformed, Result};
use crate::mail::Mail;
use crate::store::{Actor, LinkDecision, NewLinkRequest, StoreError, StoredLinkRequest};

const MAX_MESSAGE: usize = 1000;

async fn view(state: &AppState, request: &StoredLinkRequest) -> Result<LinkRequestView> {
    let parent = state
        .store
        .account(request.account)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(LinkRequestView {
        id: request.id,
        parent: parent_link(&parent),
        child_first_name: request.child_first_name.clone(),
        child_last_name: request.child_last_name.clone(),
        birth_date: request.birth_date,
        message: request.message.clone(),
        status: request.status,
        created_at: request.created_at,
        child_id: request.child_id,
        reason: request.reason.clone(),
    })
}

/// A parent asks the Patro to link a child they do not see; staff will decide.
#[utoipa::path(
    post, path = "/api/v1/link-requests", tag = "link-requests", request_body = LinkRequestInput,
    security(("bearer" = [])),
    responses(
        (status = 201, body = LinkRequestView),
        (status = 422, body = ApiError),
        (status = 429, description = "Too many requests from this account or source", body = ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ip: ClientIp,
    ApiJson(body): ApiJson<LinkRequestInput>,
) -> Result<(StatusCode, Json<LinkRequestView>)> {
    let first =
        PersonName::parse(&body.child_first_name).map_err(|e| e.in_field(Field::FirstName))?;
    let last = PersonName::parse(&body.child_last_name).map_err(|e| e.in_field(Field::LastName))?;
    let birth = BirthDate::parse(&body.birth_date, state.today())
        .map_err(|e| e.in_field(Field::BirthDate))?;
    let message = body.message.trim();
    if message.chars().count() > MAX_MESSAGE {
        return Err(tempatro_core::Error::TooLong { max: MAX_MESSAGE }
            .in_field(Field::Message)
            .into());
    }
    state
        .limits
        .check(Limit::LinkRequest, &ip, Some(&account.email))
        .await?;
    let request = state
        .store
        .create_link_request(&NewLinkRequest {
            account: account.id,
            child_first_name: first.to_string(),
            child_last_name: last.to_string(),
            birth_date: birth.date(),
            message: message.to_owned(),
        })
        .await?;
    tracing::info!(account = %account.id, request = request.id, "link request filed");
    Ok((StatusCode::CREATED, Json(view(&state, &request).await?)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LinkRequestsQuery {
    /// `pending`, `approved` or `rejected`.
    status: Option<String>,
}

/// A responsable sees every request; anyone else their own.
#[utoipa::path(
    get, path = "/api/v1/link-requests", tag = "link-requests", params(LinkRequestsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = [LinkRequestView]))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentAccount { account, .. }: CurrentAccount,
    ApiQuery(query): ApiQuery<LinkRequestsQuery>,
) -> Result<Json<Vec<LinkRequestView>>> {
    let status = match query.status.as_deref() {
        None => None,
        Some("pending") => Some(LinkRequestStatus::Pending),
        Some("approved") => Some(LinkRequestStatus::Approved),
        Some("rejected") => Some(LinkRequestStatus::Rejected),
        Some(other) => {
            return Err(Error::Malformed(Malformed::UnknownValue {
                field: Some("status".to_owned()),
                value: other.to_owned(),
            }));
        }
    };
    let only = (account.role != Role::Responsable).then_some(account.id);
    let requests = state.store.link_requests(status, only).await?;
    let mut views = Vec::with_capacity(requests.len());
    for request in &requests {
        views.push(view(&state, request).await?);
    }
    Ok(Json(views))
}

async fn decide(
    state: &AppState,
    staff: &crate::store::StoredAccount,
    id: i64,
    decision: LinkDecision,
) -> Result<LinkRequestView> {
    let decided = state
        .store
        .decide_link_request(id, &decision, &Actor::of(staff))
        .await
        .map_err(|error| match error {
            StoreError::Conflict => Error::AlreadyDecided,
            other => other.into(),
        })?;
    if let Some(parent) = state.store.account(decided.account).await? {
        let child_name = format!("{} {}", decided.child_first_name, decided.child_last_name);
        let mail = match &decision {
            LinkDecision::Approve { .. } => Mail::ChildLinked {
                child_name: &child_name,
            },
            LinkDecision::Reject { reason } => Mail::LinkRequestRejected {
                child_name: &child_name,
                reason,
            },
        };
        state.mailer.send(&parent, mail).await;
    }
    view(state, &decided).await
}

/// Staff: links the requesting parent to the child the request is about.
#[utoipa::path(
    post, path = "/api/v1/link-requests/{id}/approve", tag = "link-requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = LinkRequestApproval,
    security(("bearer" = [])),
    responses((status = 200, body = LinkRequestView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub async fn approve(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<LinkRequestApproval>,
) -> Result<Json<LinkRequestView>> {
    state.store.link_request(id).await?.ok_or(Error::NotFound)?;
    state
        .store
        .child(body.child_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(
        decide(
            &state,
            &staff,
            id,
            LinkDecision::Approve {
                child: body.child_id,
            },
        )
        .await?,
    ))
}

/// Staff: declines a request, with a reason that the e-mail passes on.
#[utoipa::path(
    post, path = "/api/v1/link-requests/{id}/reject", tag = "link-requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = Rejection,
    security(("bearer" = [])),
    responses((status = 200, body = LinkRequestView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError))
)]
pub async fn reject(
    State(state): State<AppState>,
    Responsable(staff): Responsable,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Rejection>,
) -> Result<Json<LinkRequestView>> {
    state.store.link_request(id).await?.ok_or(Error::NotFound)?;
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(tempatro_core::Error::Required
            .in_field(Field::Reason)
            .into());
    }
    Ok(Json(
        decide(
            &state,
            &staff,
            id,
            LinkDecision::Reject {
                reason: reason.to_owned(),
            },
        )
        .await?,
    ))
}
