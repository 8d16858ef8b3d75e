//! The nightly imports of the secretariat's files: children, then parents.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use serde::Deserialize;

use tempatro_core::Role;
use tempatro_core::api::{ApiError, ImportKind, ListImportReport};
use tempatro_core::import::Layout;
use tempatro_core::import::children::ChildColumn;
use tempatro_core::import::parents::ParentColumn;

use super::AppState;
use super::extractor::{ApiQuery, CurrentAccount};
use crate::error::{Error, Malformed, Result, request_lang};
use crate::imports::children::ChildImport;
use crate::imports::parents::ParentImport;
use crate::imports::{Batches, Report, read_csv, receive};
use crate::mail::Mail;
use crate::store::{Actor, ImportTx};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// Reports what the file would do, and writes nothing.
    #[serde(default)]
    dry_run: bool,
    /// `;`, `,` or `tab`; detected from the header when absent.
    separator: Option<String>,
    /// Parents' file: a row whose address belongs to an account the file may not use refuses the
    /// whole file, instead of being set aside in `conflicts`.
    #[serde(default)]
    strict: bool,
}

impl ImportQuery {
    fn separator(&self) -> Result<Option<u8>> {
        match self.separator.as_deref() {
            None => Ok(None),
            Some(";") => Ok(Some(b';')),
            Some(",") => Ok(Some(b',')),
            Some("tab" | "\t") => Ok(Some(b'\t')),
            Some(other) => Err(Error::Malformed(Malformed::UnknownValue {
                field: Some("separator".to_owned()),
                value: other.to_owned(),
            })),
        }
    }
}

/// The secretariat, in person or through a script's token: the audit names the token.
fn importer(current: &CurrentAccount) -> Result<Actor> {
    if current.account.role != Role::Responsable {
        return Err(Error::Forbidden);
    }
    let mut actor = Actor::of(&current.account);
    if let Some(token) = &current.api_token {
        actor.label = format!("{token} (jeton d'API)");
    }
    Ok(actor)
}

/// Responsable (or an `import` token): imports the children file (CSV, UTF-8, the body). The file
/// is received whole before the import takes its lock; every row is checked; the file is applied
/// whole, in one transaction, or not at all.
#[utoipa::path(
    post, path = "/api/v1/imports/children", tag = "imports", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Applied, dry run, or refused rows (`applied` says which)", body = ListImportReport),
        (status = 400, description = "The file did not arrive whole", body = ApiError),
        (status = 403, body = ApiError),
        (status = 408, description = "The file stopped coming, or took longer than the server allows", body = ApiError),
        (status = 409, description = "Another import is running", body = ApiError),
    )
)]
pub async fn children(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Body,
) -> Result<Json<ListImportReport>> {
    let actor = importer(&current)?;
    let separator = query.separator()?;
    let file = receive(body, state.config.upload_timeout).await?;
    let sections = state.store.sections().await?;
    let mut tx = state.store.begin_import().await?;
    let rows = read_csv(file, separator, state.today(), Layout::<ChildColumn>::child);
    let mut report = Report::new(ImportKind::Children, request_lang(), query.strict);
    ChildImport::new(tx.as_mut(), &actor, state.current_cycle(), &sections)
        .run(rows, &mut report)
        .await?;
    let applied = keep(tx, &report, query.dry_run).await?;
    Ok(answer(report, query.dry_run, applied, &actor))
}

/// Responsable (or an `import` token): imports the parents file. New accounts are active and
/// e-mailed how to choose their password once the file is applied; each row's child is linked.
#[utoipa::path(
    post, path = "/api/v1/imports/parents", tag = "imports", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Applied, dry run, or refused rows (`applied` says which)", body = ListImportReport),
        (status = 400, description = "The file did not arrive whole", body = ApiError),
        (status = 403, body = ApiError),
        (status = 408, description = "The file stopped coming, or took longer than the server allows", body = ApiError),
        (status = 409, description = "Another import is running", body = ApiError),
    )
)]
pub async fn parents(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Body,
) -> Result<Json<ListImportReport>> {
    let actor = importer(&current)?;
    let separator = query.separator()?;
    let file = receive(body, state.config.upload_timeout).await?;
    let mut tx = state.store.begin_import().await?;
    let rows = read_csv(
        file,
        separator,
        state.today(),
        Layout::<ParentColumn>::parent,
    );
    let mut report = Report::new(ImportKind::Parents, request_lang(), query.strict);
    let mut import = ParentImport::new(tx.as_mut(), &actor, state.current_cycle());
    import.run(rows, &mut report).await?;
    let invited = std::mem::take(&mut import.invited);
    let applied = keep(tx, &report, query.dry_run).await?;
    if applied {
        report.invitations = invited.len() as u64;
        let mailer = state.mailer.clone();
        // The file is applied whatever happens to the mail: a parent who got nothing can still
        // ask for a code with "Mot de passe oublié ?".
        state.background.spawn(async move {
            for account in invited {
                mailer.send(&account, Mail::Invitation).await;
            }
        });
    }
    Ok(answer(report, query.dry_run, applied, &actor))
}

/// Commits the file if it may be written (no row refused, not a dry run); whether it was. The
/// transaction dropped otherwise rolls everything back.
async fn keep(tx: Box<dyn ImportTx>, report: &Report, dry_run: bool) -> Result<bool> {
    if report.is_clean() && !dry_run {
        tx.commit().await?;
        Ok(true)
    } else {
        Ok(false)
    }
}

fn answer(report: Report, dry_run: bool, applied: bool, actor: &Actor) -> Json<ListImportReport> {
    let outcome = report.finish(dry_run, applied);
    tracing::info!(
        by = %actor.label, kind = ?outcome.kind, applied, rows = outcome.rows,
        created = outcome.created_count, updated = outcome.updated_count,
        refused = outcome.refused_rows, "file imported"
    );
    Json(outcome)
}
