//! The typed HTTP client of Tempatro's API, shared by the parents' TUI and the staff CLI: one place
//! that knows the routes, carries the session token and turns failures into [`Error`].

mod activities;
mod children;
mod content;
mod error;
mod imports;
mod payments;
mod settings;

pub use children::ChildrenFilter;
pub use imports::{ExportList, ImportOptions};
pub use payments::DuesFilter;

use reqwest::{Method, RequestBuilder, StatusCode, Url};
use serde::de::DeserializeOwned;

use tempatro_core::api::{
    AccountActView, AccountView, ApiError, Dashboard, EmailChangeConfirm, EmailVerification,
    Health, LogIn, Notice, PasswordResetConfirm, PasswordResetRequest, RecoveryCodes, Rejection,
    SecondFactorCode, SecondFactorEnrolment, SessionCreated, SignUp, VerificationResend,
};
use tempatro_core::{AccountStatus, Lang, Portal};

pub use error::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    lang: Lang,
    token: Option<String>,
}

impl Client {
    /// A client for the server at `base_url`. Plain `http://` is accepted only towards this machine:
    /// anywhere else the session token would cross the network in clear.
    pub fn new(base_url: &str, lang: Lang) -> Result<Client> {
        let mut base = Url::parse(base_url.trim()).map_err(|_| Error::InvalidUrl {
            url: base_url.to_owned(),
        })?;
        match base.scheme() {
            "https" => {}
            "http" if is_loopback(&base) => {}
            "http" => {
                return Err(Error::InsecureUrl {
                    url: base_url.to_owned(),
                });
            }
            _ => {
                return Err(Error::InvalidUrl {
                    url: base_url.to_owned(),
                });
            }
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("tempatro/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|source| Error::Unreachable {
                url: base_url.to_owned(),
                detail: source.to_string(),
            })?;
        Ok(Client {
            http,
            base,
            lang,
            token: None,
        })
    }

    pub fn with_token(mut self, token: impl Into<String>) -> Client {
        self.token = Some(token.into());
        self
    }

    pub fn set_token(&mut self, token: Option<String>) {
        self.token = token;
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    pub async fn health(&self) -> Result<Health> {
        self.send(self.request(Method::GET, "healthz")).await
    }

    /// "Créez votre compte !": the account starts pending. The answer is the same whether the
    /// address is new or not; the e-mail sent there says which.
    pub async fn sign_up(&self, sign_up: &SignUp) -> Result<Notice> {
        self.send(self.request(Method::POST, "api/v1/accounts").json(sign_up))
            .await
    }

    /// Opens a session and keeps its token for the next calls.
    pub async fn log_in(
        &mut self,
        email: &str,
        password: &str,
        portal: Portal,
    ) -> Result<SessionCreated> {
        self.log_in_with(&LogIn {
            email: email.to_owned(),
            password: password.to_owned(),
            portal,
            totp: None,
            recovery_code: None,
        })
        .await
    }

    /// [`Client::log_in`] with everything a login may carry: the second factor's code, or a
    /// recovery code. Without one, an account that has a second factor gets 401 `totp_required`.
    pub async fn log_in_with(&mut self, body: &LogIn) -> Result<SessionCreated> {
        let session: SessionCreated = self
            .send(self.request(Method::POST, "api/v1/sessions").json(body))
            .await?;
        self.token = Some(session.token.clone());
        Ok(session)
    }

    /// Starts enrolling a second factor: the secret and its `otpauth://` URL.
    pub async fn begin_second_factor(&self) -> Result<SecondFactorEnrolment> {
        self.send(self.request(Method::POST, "api/v1/me/second-factor"))
            .await
    }

    /// Confirms the enrolment with a first code; the answer holds the recovery codes.
    pub async fn confirm_second_factor(&self, totp: &str) -> Result<RecoveryCodes> {
        let body = SecondFactorCode {
            totp: Some(totp.to_owned()),
            recovery_code: None,
        };
        self.send(
            self.request(Method::POST, "api/v1/me/second-factor/confirmation")
                .json(&body),
        )
        .await
    }

    /// Turns the second factor off, with a code of the app or a recovery code.
    pub async fn disable_second_factor(&self, proof: &SecondFactorCode) -> Result<()> {
        self.send_empty(
            self.request(Method::DELETE, "api/v1/me/second-factor")
                .json(proof),
        )
        .await
    }

    /// Staff: disables an account, ending its sessions and revoking its API tokens.
    pub async fn disable_account(&self, id: i64) -> Result<AccountView> {
        self.send(self.request(Method::POST, &format!("api/v1/accounts/{id}/disable")))
            .await
    }

    /// Closes the session on the server and forgets the token.
    pub async fn log_out(&mut self) -> Result<()> {
        self.send_empty(self.request(Method::DELETE, "api/v1/sessions/current"))
            .await?;
        self.token = None;
        Ok(())
    }

    pub async fn me(&self) -> Result<AccountView> {
        self.send(self.request(Method::GET, "api/v1/me")).await
    }

    pub async fn dashboard(&self) -> Result<Dashboard> {
        self.send(self.request(Method::GET, "api/v1/me/dashboard"))
            .await
    }

    /// Asks for a reset code by e-mail. The answer is the same whether the address exists or not.
    pub async fn request_password_reset(&self, email: &str) -> Result<Notice> {
        let body = PasswordResetRequest {
            email: email.to_owned(),
        };
        self.send(
            self.request(Method::POST, "api/v1/password-resets")
                .json(&body),
        )
        .await
    }

    pub async fn confirm_password_reset(
        &self,
        email: &str,
        code: &str,
        new_password: &str,
    ) -> Result<Notice> {
        let body = PasswordResetConfirm {
            email: email.to_owned(),
            code: code.to_owned(),
            new_password: new_password.to_owned(),
        };
        self.send(
            self.request(Method::POST, "api/v1/password-resets/confirm")
                .json(&body),
        )
        .await
    }

    /// "Entrez le code reçu par e-mail": proves the address of a new account.
    pub async fn verify_email(&self, email: &str, code: &str) -> Result<()> {
        let body = EmailVerification {
            email: email.to_owned(),
            code: code.to_owned(),
        };
        self.send_empty(
            self.request(Method::POST, "api/v1/accounts/verification")
                .json(&body),
        )
        .await
    }

    /// "Renvoyer le code". The answer is the same whether the address exists or not.
    pub async fn resend_verification(&self, email: &str) -> Result<Notice> {
        let body = VerificationResend {
            email: email.to_owned(),
        };
        self.send(
            self.request(Method::POST, "api/v1/accounts/verification/resend")
                .json(&body),
        )
        .await
    }

    /// The code sent to the new address of "Gérer mes infos": the change takes effect.
    pub async fn confirm_email_change(&self, code: &str) -> Result<AccountView> {
        let body = EmailChangeConfirm {
            code: code.to_owned(),
        };
        self.send(
            self.request(Method::POST, "api/v1/me/email/confirm")
                .json(&body),
        )
        .await
    }

    /// Staff: the privileged acts, newest first.
    pub async fn audit(
        &self,
        since: Option<&str>,
        actor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<AccountActView>> {
        let limit = limit.map(|limit| limit.to_string());
        let mut query: Vec<(&str, &str)> = Vec::new();
        if let Some(since) = since {
            query.push(("since", since));
        }
        if let Some(actor) = actor {
            query.push(("actor", actor));
        }
        if let Some(limit) = &limit {
            query.push(("limit", limit));
        }
        self.send(self.request(Method::GET, "api/v1/audit").query(&query))
            .await
    }

    /// Staff: accounts, optionally only those of one status or one e-mail.
    pub async fn accounts(
        &self,
        status: Option<AccountStatus>,
        email: Option<&str>,
    ) -> Result<Vec<AccountView>> {
        let mut query: Vec<(&str, &str)> = Vec::new();
        if let Some(status) = status {
            query.push(("status", status.as_str()));
        }
        if let Some(email) = email {
            query.push(("email", email));
        }
        self.send(self.request(Method::GET, "api/v1/accounts").query(&query))
            .await
    }

    pub async fn approve_account(&self, id: i64) -> Result<AccountView> {
        self.send(self.request(Method::POST, &format!("api/v1/accounts/{id}/approve")))
            .await
    }

    pub async fn reject_account(&self, id: i64, reason: &str) -> Result<AccountView> {
        let body = Rejection {
            reason: reason.to_owned(),
        };
        self.send(
            self.request(Method::POST, &format!("api/v1/accounts/{id}/reject"))
                .json(&body),
        )
        .await
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let url = self
            .base
            .join(path)
            .expect("API paths are relative and well-formed");
        self.request_url(method, url)
    }

    pub(crate) fn request_url(&self, method: Method, url: Url) -> RequestBuilder {
        let builder = self
            .http
            .request(method, url)
            .header(reqwest::header::ACCEPT_LANGUAGE, self.lang.code());
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T> {
        let response = self.execute(request).await?;
        response
            .json::<T>()
            .await
            .map_err(|source| Error::Decode(source.to_string()))
    }

    pub(crate) async fn send_empty(&self, request: RequestBuilder) -> Result<()> {
        self.execute(request).await.map(drop)
    }

    pub(crate) async fn execute(&self, request: RequestBuilder) -> Result<reqwest::Response> {
        let response = request.send().await.map_err(|source| Error::Unreachable {
            url: self.base.to_string(),
            detail: source.to_string(),
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().await.unwrap_or_default();
        Err(match serde_json::from_str::<ApiError>(&body) {
            Ok(api) => Error::Api {
                status: status.as_u16(),
                code: api.code,
                message: api.message,
                field: api.field,
            },
            Err(_)
                if status == StatusCode::BAD_GATEWAY
                    || status == StatusCode::SERVICE_UNAVAILABLE
                    || status == StatusCode::GATEWAY_TIMEOUT =>
            {
                Error::Unreachable {
                    url: self.base.to_string(),
                    detail: format!("HTTP {status}"),
                }
            }
            Err(_) => Error::Api {
                status: status.as_u16(),
                code: "unexpected".to_owned(),
                message: format!("HTTP {status}"),
                field: None,
            },
        })
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_accepted_anywhere() {
        assert!(Client::new("https://tempatro.patrovaldhaine.be", Lang::Fr).is_ok());
    }

    #[test]
    fn plain_http_is_accepted_only_on_this_machine() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:8080",
        ] {
            assert!(Client::new(url, Lang::Fr).is_ok(), "{url}");
        }
        for url in [
            "http://tempatro.patrovaldhaine.be",
            "http://192.168.1.10:8080",
        ] {
            assert!(
                matches!(Client::new(url, Lang::Fr), Err(Error::InsecureUrl { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn nonsense_is_an_invalid_url() {
        for url in ["", "tempatro", "ftp://patro.be"] {
            assert!(
                matches!(Client::new(url, Lang::Fr), Err(Error::InvalidUrl { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn a_base_path_is_kept_when_joining_routes() {
        let client = Client::new("https://patro.be/tempatro", Lang::Fr).unwrap();
        let request = client.request(Method::GET, "api/v1/me").build().unwrap();
        assert_eq!(
            request.url().as_str(),
            "https://patro.be/tempatro/api/v1/me"
        );
    }

    #[tokio::test]
    async fn a_server_that_does_not_answer_is_unreachable() {
        // Port 9 (discard) is closed on loopback: the connection is refused at once.
        let client = Client::new("http://127.0.0.1:9", Lang::Fr).unwrap();
        let error = client.health().await.unwrap_err();
        assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
        assert!(error.is_unreachable());
    }
}
