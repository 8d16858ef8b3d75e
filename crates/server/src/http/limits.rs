//! Limits that stop floods, not people: how many sign-ups, reset and verification requests, link
//! requests and wrong passwords one source may send, and one address may receive.
//!
//! The counts are kept in the database (`rate_limits`), not in this server's memory: a Patro may
//! run several servers on one PostgreSQL database, and a limit that each of them counted alone
//! would be as many times looser. Each check is one `INSERT … ON CONFLICT … RETURNING` per
//! subject, which counts the request before deciding, so that requests sent together cannot all
//! slip under a limit.
//!
//! A handler calls, once its input is parsed and before it does any work:
//!
//! ```ignore
//! state.limits.check(Limit::SignUp, &ip, Some(&email)).await?;
//! ```
//!
//! with `ip: ClientIp` taken as an extractor argument. Over a limit, the call answers 429
//! `too_many_requests` with `Retry-After`.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use tempatro_core::Email;

use super::extractor::ClientIp;
use crate::error::{Error, Result};
use crate::store::Store;

/// What is being limited. Each has a limit per source IP and one per e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `POST /api/v1/accounts`.
    SignUp,
    /// `POST /api/v1/password-resets`: each one e-mails a code.
    PasswordReset,
    /// Asking for an e-mail verification code (again): each one e-mails a code.
    EmailVerification,
    /// `POST /api/v1/link-requests`: each one lands on a responsable's desk.
    LinkRequest,
}

/// At most `max` requests in `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub max: u32,
    pub window: Duration,
}

/// A family signs up one or two parents; five in an hour from one connection leaves room for a
/// shared one (a school, a Patro's own Wi-Fi on registration day) and stops a script.
pub const SIGN_UPS_PER_IP: Quota = Quota {
    max: 5,
    window: Duration::HOUR,
};
/// Three tries at one address in an hour: a typo in the password, then the right one.
pub const SIGN_UPS_PER_ADDRESS: Quota = Quota {
    max: 3,
    window: Duration::HOUR,
};
/// Five codes an hour to one address: more than anyone waiting for a slow mail sends, too few to
/// bury a mailbox.
pub const RESETS_PER_ADDRESS: Quota = Quota {
    max: 5,
    window: Duration::HOUR,
};
/// Twenty an hour from one connection: several families behind one address may forget their
/// password on the same evening; a script trying addresses is stopped.
pub const RESETS_PER_IP: Quota = Quota {
    max: 20,
    window: Duration::HOUR,
};
/// Verification codes, like reset codes: each one is a mail to someone's inbox.
pub const VERIFICATIONS_PER_ADDRESS: Quota = RESETS_PER_ADDRESS;
pub const VERIFICATIONS_PER_IP: Quota = RESETS_PER_IP;
/// A parent asks for each of their children once; ten an hour is a large family and a few
/// mistakes. Every request is read by a person.
pub const LINK_REQUESTS_PER_ADDRESS: Quota = Quota {
    max: 10,
    window: Duration::HOUR,
};
pub const LINK_REQUESTS_PER_IP: Quota = Quota {
    max: 20,
    window: Duration::HOUR,
};
/// Ten wrong passwords in a quarter of an hour for one address from one source: slow enough to
/// stop guessing, short enough for a parent who mistyped. It closes that address to that source
/// only, never to its owner elsewhere.
pub const LOGIN_FAILURES_PER_ADDRESS_AND_IP: Quota = Quota {
    max: 10,
    window: Duration::minutes(15),
};
/// Fifty wrong passwords in a quarter of an hour from one source, whatever the addresses: room for
/// a busy shared connection, not for a script going through a list of addresses.
pub const LOGIN_FAILURES_PER_IP: Quota = Quota {
    max: 50,
    window: Duration::minutes(15),
};
/// The longest window of all: a count older than this is over, and housekeeping deletes it.
pub const LONGEST_WINDOW: Duration = Duration::HOUR;

impl Limit {
    fn name(self) -> &'static str {
        match self {
            Limit::SignUp => "sign_up",
            Limit::PasswordReset => "password_reset",
            Limit::EmailVerification => "email_verification",
            Limit::LinkRequest => "link_request",
        }
    }

    pub fn per_ip(self) -> Quota {
        match self {
            Limit::SignUp => SIGN_UPS_PER_IP,
            Limit::PasswordReset => RESETS_PER_IP,
            Limit::EmailVerification => VERIFICATIONS_PER_IP,
            Limit::LinkRequest => LINK_REQUESTS_PER_IP,
        }
    }

    pub fn per_address(self) -> Quota {
        match self {
            Limit::SignUp => SIGN_UPS_PER_ADDRESS,
            Limit::PasswordReset => RESETS_PER_ADDRESS,
            Limit::EmailVerification => VERIFICATIONS_PER_ADDRESS,
            Limit::LinkRequest => LINK_REQUESTS_PER_ADDRESS,
        }
    }
}

const LOGIN_BY_IP: &str = "login_ip";
const LOGIN_BY_ADDRESS_AND_IP: &str = "login_address_ip";

/// The limits, counted in the store.
#[derive(Clone)]
pub struct Limits {
    store: Arc<dyn Store>,
}

impl Limits {
    pub fn new(store: Arc<dyn Store>) -> Limits {
        Limits { store }
    }

    /// Counts this request against `limit` for the source `ip` and, when given, the e-mail
    /// `address` it is about; 429 `too_many_requests` (with `Retry-After`) when either is over.
    pub async fn check(&self, limit: Limit, ip: &ClientIp, address: Option<&Email>) -> Result<()> {
        let now = OffsetDateTime::now_utc();
        let action = limit.name();
        let mut subjects = vec![(format!("{action}:ip"), ip.subject(), limit.per_ip())];
        if let Some(address) = address {
            subjects.push((
                format!("{action}:address"),
                address.normalized(),
                limit.per_address(),
            ));
        }
        let mut until: Option<OffsetDateTime> = None;
        for (action, subject, quota) in subjects {
            let hits = self
                .store
                .count_hit(&action, &subject, now, quota.window)
                .await?;
            if hits.count > quota.max {
                until = until.max(Some(hits.window_ends));
            }
        }
        match until {
            None => Ok(()),
            Some(until) => {
                tracing::warn!(limit = action, ip = %ip.0, "request over its limit");
                Err(Error::TooManyRequests {
                    retry_after: retry_after(now, until),
                })
            }
        }
    }

    /// Counts a login attempt for `address` from `ip` before its password is checked; 429
    /// `too_many_attempts` when that address has had too many wrong passwords from that source,
    /// or that source too many on any address.
    pub async fn count_login(&self, ip: &ClientIp, address: &Email) -> Result<()> {
        let now = OffsetDateTime::now_utc();
        let mut until: Option<OffsetDateTime> = None;
        for (action, subject, quota) in [
            (LOGIN_BY_IP, ip.subject(), LOGIN_FAILURES_PER_IP),
            (
                LOGIN_BY_ADDRESS_AND_IP,
                login_subject(ip, address),
                LOGIN_FAILURES_PER_ADDRESS_AND_IP,
            ),
        ] {
            let hits = self
                .store
                .count_hit(action, &subject, now, quota.window)
                .await?;
            if hits.count > quota.max {
                until = until.max(Some(hits.window_ends));
            }
        }
        match until {
            None => Ok(()),
            Some(until) => Err(Error::TooManyAttempts {
                retry_after: retry_after(now, until),
            }),
        }
    }

    /// A right password: the address starts afresh from that source, and the attempt is taken
    /// back from the source's count, which keeps counting only wrong passwords.
    pub async fn login_succeeded(&self, ip: &ClientIp, address: &Email) -> Result<()> {
        self.store
            .forget_hits(LOGIN_BY_ADDRESS_AND_IP, &login_subject(ip, address))
            .await?;
        self.store.take_back_hit(LOGIN_BY_IP, &ip.subject()).await?;
        Ok(())
    }
}

fn login_subject(ip: &ClientIp, address: &Email) -> String {
    format!("{} {}", ip.subject(), address.normalized())
}

/// Whole seconds until `until`, at least one.
fn retry_after(now: OffsetDateTime, until: OffsetDateTime) -> u64 {
    let seconds = (until - now).whole_seconds().max(1);
    u64::try_from(seconds).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_retry_is_at_least_a_second_away() {
        let now = datetime!(2026-12-03 12:00 UTC);
        assert_eq!(retry_after(now, now + Duration::minutes(3)), 180);
        assert_eq!(retry_after(now, now), 1);
        assert_eq!(retry_after(now, now - Duration::minutes(3)), 1);
    }

    #[test]
    fn every_limit_keeps_within_the_longest_window() {
        for limit in [
            Limit::SignUp,
            Limit::PasswordReset,
            Limit::EmailVerification,
            Limit::LinkRequest,
        ] {
            assert!(limit.per_ip().window <= LONGEST_WINDOW, "{limit:?}");
            assert!(limit.per_address().window <= LONGEST_WINDOW, "{limit:?}");
            assert!(limit.per_ip().max >= limit.per_address().max, "{limit:?}");
        }
        assert!(LOGIN_FAILURES_PER_IP.window <= LONGEST_WINDOW);
    }
}
