//! Runs the app's commands with the HTTP client, and keeps the session token in step with what
//! the server said: saved after a log-in, deleted after a log-out or a refused token.

use std::future::Future;

use tempatro_client::{ChildrenFilter, Client};
use tempatro_core::Portal;
use tempatro_core::api::{LinkRequestInput, LinkRequestStatus, ProfilePatch};

use crate::command::{ChildrenPage, Command, Outcome};
use crate::session::TokenStore;

pub struct Runner {
    client: Client,
    /// Where the token is kept between runs; none in the demo, whose server dies with the app.
    tokens: Option<TokenStore>,
}

impl Runner {
    pub fn new(client: Client, tokens: Option<TokenStore>) -> Runner {
        Runner { client, tokens }
    }

    /// The request for `command`, ready to be spawned: it owns a copy of the client, so that
    /// keys keep being handled while it runs. `Quit` asks nothing of the server.
    pub fn execute(&self, command: Command) -> impl Future<Output = Option<Outcome>> + 'static {
        let mut client = self.client.clone();
        async move {
            let outcome = match command {
                Command::LogIn { email, password } => {
                    Outcome::LoggedIn(client.log_in(&email, &password, Portal::Parents).await)
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
