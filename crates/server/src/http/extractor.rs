//! Who is calling, as extractors: a handler that takes `Responsable` cannot run for anyone else,
//! so each route's rule is written once, in its signature.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OriginalUri};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use time::OffsetDateTime;

use tempatro_core::access::ChildAccess;
use tempatro_core::{AccountStatus, Role};

use super::AppState;
use crate::error::Error;
use crate::secrets::digest;
use crate::store::{StoredAccount, StoredChild};

/// A JSON body whose rejections answer in our error format.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(Error))]
pub struct ApiJson<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct ApiQuery<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Error))]
pub struct ApiPath<T>(pub T);

/// Anyone with a live session on an active account, or a script with an API token (acting as the
/// responsable who created it, within the token's scope).
pub struct CurrentAccount {
    pub account: StoredAccount,
    pub token_hash: String,
    /// The API token's name, when a script is calling.
    pub api_token: Option<String>,
}

impl CurrentAccount {
    /// For what only a person may do (managing tokens, changing a password).
    pub fn require_session(&self) -> Result<(), Error> {
        match self.api_token {
            None => Ok(()),
            Some(_) => Err(Error::Refused {
                code: "session_required",
                error: tempatro_core::Error::SessionRequired,
            }),
        }
    }
}

/// How stale a session's recorded last use may get: far below the staff's idle limit (hours), and
/// far above the time between a person's requests.
const TOUCH_EVERY: time::Duration = time::Duration::minutes(1);

/// API tokens start with this, so that a script's calls skip the session lookup.
pub const API_TOKEN_PREFIX: &str = "tpt_";

async fn by_api_token(
    parts: &Parts,
    state: &AppState,
    token_hash: String,
) -> Result<CurrentAccount, Error> {
    // Nested routers see their own part of the path; the scope rules speak of the whole one.
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(parts.uri.path(), |original| original.0.path());
    let token = state
        .store
        .token(&token_hash)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let now = OffsetDateTime::now_utc();
    if token.expires_at <= now {
        tracing::warn!(token = %token.name, path, "expired API token refused");
        return Err(Error::TokenExpired);
    }
    // Recorded beside the request rather than before it: a script's call must not wait for the
    // write lock an import holds (SQLite has one writer), only the bookkeeping does.
    let (store, hash, method) = (
        state.store.clone(),
        token_hash.clone(),
        parts.method.to_string(),
    );
    let used = path.to_owned();
    state.background.spawn(async move {
        if let Err(error) = store.record_token_use(&hash, now, &method, &used).await {
            tracing::warn!(%error, path = used, "API token use not recorded");
        }
    });
    let account = state
        .store
        .account(token.creator)
        .await?
        .filter(|a| a.status == AccountStatus::Active && a.role == Role::Responsable)
        .ok_or(Error::Unauthenticated)?;
    if !token.scope.allows(parts.method.as_str(), path) {
        return Err(Error::Refused {
            code: "token_scope",
            error: tempatro_core::Error::TokenScope(token.scope),
        });
    }
    tracing::info!(token = %token.name, method = %parts.method, path, "API token used");
    Ok(CurrentAccount {
        account,
        token_hash,
        api_token: Some(token.name),
    })
}

impl FromRequestParts<AppState> for CurrentAccount {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(Error::Unauthenticated)?;
        let token_hash = digest(token);
        if token.starts_with(API_TOKEN_PREFIX) {
            return by_api_token(parts, state, token_hash).await;
        }
        let now = OffsetDateTime::now_utc();
        let session = state
            .store
            .session_account(&token_hash, now, state.config.staff_session_idle)
            .await?
            .ok_or(Error::Unauthenticated)?;
        // Sessions are closed when an account is disabled; this holds even if one was missed.
        if session.account.status != AccountStatus::Active {
            return Err(Error::Unauthenticated);
        }
        // The last use is written at most once a minute, and beside the request: reading stays
        // one statement, and a request never waits for the write lock an import holds.
        if now - session.last_used_at >= TOUCH_EVERY {
            let (store, hash) = (state.store.clone(), token_hash.clone());
            state.background.spawn(async move {
                if let Err(error) = store.touch_session(&hash, now).await {
                    tracing::warn!(%error, "session use not recorded");
                }
            });
        }
        let account = session.account;
        Ok(CurrentAccount {
            account,
            token_hash,
            api_token: None,
        })
    }
}

/// The address of whoever is calling, for the limits: the connection's peer, or, when that peer
/// is a proxy the operator trusts (`--trusted-proxy`), the client that proxy names in
/// `X-Forwarded-For`. Anyone else's `X-Forwarded-For` is ignored, since a client writes what it
/// likes there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// What the limits count per source: an IPv4 address, or an IPv6 address's /64 network (one
    /// home or phone is given a whole /64, so counting single IPv6 addresses would count nothing).
    pub fn subject(&self) -> String {
        match self.0.to_canonical() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => {
                let network = u128::from(ip) & !((1u128 << 64) - 1);
                format!("{}/64", std::net::Ipv6Addr::from(network))
            }
        }
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .ok_or_else(|| {
                Error::Internal(anyhow::anyhow!(
                    "served without the connection's address (into_make_service_with_connect_info)"
                ))
            })?;
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The peer, unless it is a trusted proxy: then the right-most address of `X-Forwarded-For` that
/// is not one (each proxy appends the address it received from, so what is left of the first
/// untrusted one was written by the client and proves nothing).
fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| {
        trusted
            .iter()
            .any(|t| t.to_canonical() == ip.to_canonical())
    };
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return ip,
            // Garbage where the trusted chain should be: the last address known for sure.
            Err(_) => break,
        }
    }
    peer
}

/// A `responsable`: the only role that manages accounts.
pub struct Responsable(pub StoredAccount);

impl FromRequestParts<AppState> for Responsable {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let current = CurrentAccount::from_request_parts(parts, state).await?;
        if current.account.role == Role::Responsable {
            Ok(Responsable(current.account))
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// A `responsable` in person, with a session: what a script must not do with a token (minting
/// tokens, reading the audit).
pub struct ResponsableInPerson(pub CurrentAccount);

impl FromRequestParts<AppState> for ResponsableInPerson {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let current = CurrentAccount::from_request_parts(parts, state).await?;
        current.require_session()?;
        if current.account.role == Role::Responsable {
            Ok(ResponsableInPerson(current))
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// A staff member (animateur or responsable) in person, with a session: what managing one's own
/// second factor needs. An API token never may, whoever created it.
pub struct StaffSession(pub StoredAccount);

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let current = CurrentAccount::from_request_parts(parts, state).await?;
        current.require_session()?;
        if current.account.role.is_staff() {
            Ok(StaffSession(current.account))
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// Loads a child for `caller` with what they may do with it. A child they may not see answers
/// exactly like one that does not exist.
pub async fn child_for(
    state: &AppState,
    caller: &StoredAccount,
    id: i64,
) -> Result<(StoredChild, ChildAccess), Error> {
    let child = state.store.child(id).await?.ok_or(Error::NotFound)?;
    let linked = state.store.is_parent(caller.id, id).await?;
    let leads = if caller.role == Role::Animateur {
        let led = state.store.staff_sections(caller.id).await?;
        let cycle = state.current_cycle();
        state
            .store
            .affiliations_of(id)
            .await?
            .iter()
            .find(|a| a.cycle == cycle)
            .and_then(|a| a.section_id)
            .is_some_and(|section| led.contains(&section))
    } else {
        false
    };
    let access = ChildAccess::of(caller.role, linked, leads);
    if !access.may_read() {
        return Err(Error::NotFound);
    }
    Ok((child, access))
}

/// For the routes only a responsable may use on a child they can see.
pub fn require_manager(access: ChildAccess) -> Result<(), Error> {
    if access.is_manager() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(X_FORWARDED_FOR, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            client_ip(ip("198.51.100.2"), &headers, &[]),
            ip("198.51.100.2")
        );
        assert_eq!(
            client_ip(ip("198.51.100.2"), &headers, &[ip("127.0.0.1")]),
            ip("198.51.100.2")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &[ip("127.0.0.1")]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn what_the_client_wrote_before_the_proxies_is_ignored() {
        let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
        // The client claimed 1.2.3.4; the outer proxy saw it come from 203.0.113.7.
        let headers = forwarded(&["1.2.3.4, 203.0.113.7", "10.0.0.2"]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &forwarded(&["n'importe quoi"]), &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn ipv6_sources_count_by_their_network() {
        assert_eq!(
            ClientIp(ip("2001:db8:1:2:aaaa::1")).subject(),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            ClientIp(ip("2001:db8:1:2:bbbb::9")).subject(),
            ClientIp(ip("2001:db8:1:2::")).subject()
        );
        assert_eq!(ClientIp(ip("::ffff:192.0.2.1")).subject(), "192.0.2.1");
        assert_eq!(ClientIp(ip("192.0.2.1")).subject(), "192.0.2.1");
    }
}
