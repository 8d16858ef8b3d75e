//! Runs the app's commands with the HTTP client, and keeps the session token in step with what
//! the server said: saved after a log-in, deleted after a log-out or a refused token.

use std::future::Future;
use std::path::PathBuf;

use tempatro_client::{ChildrenFilter, Client, DuesFilter};
use tempatro_core::Portal;
use tempatro_core::api::{LinkRequestInput, LinkRequestStatus, LogIn, ProfilePatch};
use tokio::sync::mpsc::UnboundedSender;

use crate::command::{ChildrenPage, Command, DownloadError, Outcome};
use crate::downloads;
use crate::session::TokenStore;

pub struct Runner {
    client: Client,
    /// Where the token is kept between runs; none in the demo, whose server dies with the app.
    tokens: Option<TokenStore>,
    /// Where documents are saved; the person's downloads folder unless told otherwise.
    download_dir: Option<PathBuf>,
    /// Where a download's progress is reported while it runs: the main loop's own channel.
    progress: Option<UnboundedSender<Outcome>>,
}

impl Runner {
    pub fn new(client: Client, tokens: Option<TokenStore>) -> Runner {
        Runner {
            client,
            tokens,
            download_dir: None,
            progress: None,
        }
    }

    /// Saves downloads into `dir` rather than the downloads folder (tests use a temporary one).
    pub fn with_download_dir(mut self, dir: PathBuf) -> Runner {
        self.download_dir = Some(dir);
        self
    }

    /// Sends [`Outcome::DownloadProgress`] to `sender` while a download runs.
    pub fn report_progress_to(&mut self, sender: UnboundedSender<Outcome>) {
        self.progress = Some(sender);
    }

    /// The request for `command`, ready to be spawned: it owns a copy of the client, so that
    /// keys keep being handled while it runs. `Quit` asks nothing of the server.
    pub fn execute(&self, command: Command) -> impl Future<Output = Option<Outcome>> + 'static {
        let mut client = self.client.clone();
        let download_dir = self.download_dir.clone();
        let progress = self.progress.clone();
        async move {
            let outcome = match command {
                Command::LogIn {
                    email,
                    password,
                    code,
                } => {
                    // Six digits are the app's code; anything longer is a recovery code.
                    let (totp, recovery_code) = match code {
                        Some(code) if code.trim().chars().count() > 8 => (None, Some(code)),
                        code => (code, None),
                    };
                    Outcome::LoggedIn(
                        client
                            .log_in_with(&LogIn {
                                email,
                                password,
                                portal: Portal::Parents,
                                totp,
                                recovery_code,
                            })
                            .await,
                    )
                }
                Command::SignUp {
                    first_name,
                    last_name,
                    email,
                    password,
                } => Outcome::SignedUp(
                    client
                        .sign_up(&tempatro_core::api::SignUp {
                            first_name,
                            last_name,
                            email,
                            password,
                        })
                        .await,
                ),
                Command::ConfirmEmailChange { code } => {
                    Outcome::EmailChangeConfirmed(client.confirm_email_change(&code).await)
                }
                Command::VerifyEmail { email, code } => {
                    Outcome::EmailVerified(client.verify_email(&email, &code).await)
                }
                Command::ResendVerification { email } => {
                    Outcome::VerificationResent(client.resend_verification(&email).await)
                }
                Command::RequestPasswordReset { email } => {
                    Outcome::ResetRequested(client.request_password_reset(&email).await)
                }
                Command::ConfirmPasswordReset {
                    email,
                    code,
                    new_password,
                } => Outcome::ResetConfirmed(
                    client
                        .confirm_password_reset(&email, &code, &new_password)
                        .await,
                ),
                Command::LoadDashboard => Outcome::Dashboard(client.dashboard().await),
                Command::LoadChildren => Outcome::Children(children_page(&client).await),
                Command::LoadChild(id) => Outcome::Child(client.child(id).await),
                Command::SaveChild { id, patch } => {
                    Outcome::ChildSaved(client.update_child(id, &patch).await)
                }
                Command::Renew(id) => Outcome::Renewed(client.renew(id).await),
                Command::RequestLink {
                    first_name,
                    last_name,
                    birth_date,
                    message,
                } => Outcome::LinkRequested(
                    client
                        .request_link(&LinkRequestInput {
                            child_first_name: first_name,
                            child_last_name: last_name,
                            birth_date,
                            message,
                        })
                        .await,
                ),
                Command::LoadProfile => Outcome::Profile(client.me().await),
                Command::SaveProfile {
                    first_name,
                    last_name,
                    phone,
                    email,
                    current_password,
                } => Outcome::ProfileSaved(
                    client
                        .update_profile(&ProfilePatch {
                            first_name,
                            last_name,
                            phone,
                            email,
                            current_password,
                        })
                        .await,
                ),
                Command::ChangePassword { current, new } => {
                    Outcome::PasswordChanged(client.change_password(&current, &new).await)
                }
                Command::LoadHelp => Outcome::Help(client.help().await),
                Command::ReadNews(id) => Outcome::NewsItem(client.news_item(id).await),
                Command::LoadChildActivities(child) => {
                    Outcome::ChildActivities(client.child_activities(child).await)
                }
                Command::Register { activity, child } => {
                    Outcome::Registered(client.register(activity, child).await)
                }
                Command::CancelRegistration { activity, child } => Outcome::RegistrationCancelled(
                    client.cancel_registration(activity, child).await,
                ),
                Command::LoadMedical(child) => Outcome::Medical(client.medical(child).await),
                Command::SaveMedical { child, draft } => {
                    Outcome::MedicalSaved(client.save_medical(child, &draft.input()).await)
                }
                Command::ConfirmMedical { child, activity } => {
                    Outcome::MedicalConfirmed(client.confirm_medical(child, activity).await)
                }
                Command::LoadDocuments => Outcome::Documents(client.documents().await),
                // A parent's filter is their own children whatever it says: none is needed.
                Command::LoadDues => Outcome::Dues(client.dues(&DuesFilter::default()).await),
                Command::LoadDue(id) => Outcome::Due(client.due(id).await),
                Command::Download { id, filename } => {
                    let dir = download_dir.unwrap_or_else(downloads::default_dir);
                    Outcome::Downloaded(download(&client, id, &filename, dir, progress).await)
                }
                Command::LogOut => Outcome::LoggedOut(client.log_out().await),
                Command::Quit => return None,
            };
            Some(outcome)
        }
    }

    /// Takes note of an outcome before the app sees it.
    pub fn record(&mut self, outcome: &Outcome) {
        // A token that cannot be saved or deleted on disk changes nothing for this run; at worst
        // the next start asks to log in, or finds a token the server refuses and drops.
        match outcome {
            Outcome::LoggedIn(Ok(session)) => {
                self.client.set_token(Some(session.token.clone()));
                if let Some(tokens) = &self.tokens {
                    let _ = tokens.save(&session.token);
                }
            }
            Outcome::LoggedOut(_) => self.forget_token(),
            outcome if outcome.session_lost() => self.forget_token(),
            _ => {}
        }
    }

    fn forget_token(&mut self) {
        self.client.set_token(None);
        if let Some(tokens) = &self.tokens {
            let _ = tokens.delete();
        }
    }
}

/// The children, then the parent's pending link requests. The requests are only a reminder under
/// the list: failing to read them must not hide the children, so their error is dropped.
async fn children_page(client: &Client) -> Result<ChildrenPage, tempatro_client::Error> {
    let children = client.children(&ChildrenFilter::default()).await?;
    let pending_requests = client
        .link_requests(None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.status == LinkRequestStatus::Pending)
        .collect();
    Ok(ChildrenPage {
        children,
        pending_requests,
    })
}

/// Downloads a document and saves it; the progress goes out as the bytes come, once per
/// percent (or per 256 kB when the size is unknown), not for every network chunk.
async fn download(
    client: &Client,
    id: i64,
    filename: &str,
    dir: PathBuf,
    progress: Option<UnboundedSender<Outcome>>,
) -> Result<PathBuf, DownloadError> {
    let mut reported = None;
    let bytes = client
        .download_document(id, |received, total| {
            let step = match total {
                Some(total) if total > 0 => received.saturating_mul(100) / total,
                _ => received / (256 * 1024),
            };
            if reported != Some(step)
                && let Some(progress) = &progress
            {
                reported = Some(step);
                // Nobody listens once the app has quit; the download ends with it.
                let _ = progress.send(Outcome::DownloadProgress {
                    id,
                    received,
                    total,
                });
            }
        })
        .await
        .map_err(DownloadError::Server)?;
    downloads::save(&dir, filename, &bytes)
        .await
        .map_err(|error| DownloadError::Disk {
            dir,
            detail: error.to_string(),
        })
}
