//! What the server keeps about accounts: the accounts themselves, sessions, reset codes, failed
//! logins, and the sections a staff member leads.

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use std::net::IpAddr;

use tempatro_core::api::AuditChange;
use tempatro_core::audit::AccountAction;
use tempatro_core::{AccountId, AccountStatus, Email, PersonName, PhoneNumber, Role, TokenScope};

use super::{Actor, StoreResult};

/// An account as stored, with its password hash (which never leaves the server).
#[derive(Debug, Clone)]
pub struct StoredAccount {
    pub id: AccountId,
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub role: Role,
    pub status: AccountStatus,
    pub phone: Option<PhoneNumber>,
    pub rejection_reason: Option<String>,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
    /// When its owner proved the address with a code; `None` until then.
    pub email_verified_at: Option<OffsetDateTime>,
}

impl StoredAccount {
    pub fn to_domain(&self) -> tempatro_core::Account {
        tempatro_core::Account {
            id: self.id,
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            role: self.role,
            status: self.status,
            email_verified: self.email_verified_at.is_some(),
        }
    }
}

pub struct NewAccount {
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub role: Role,
    pub status: AccountStatus,
    pub password_hash: String,
    /// Accounts the operator creates are taken as proven; parents prove theirs with a code.
    pub email_verified: bool,
}

#[derive(Debug, Default, Clone)]
pub struct AccountFilter {
    pub status: Option<AccountStatus>,
    /// Exact address, case-insensitive.
    pub email: Option<Email>,
    /// These accounts only.
    pub ids: Option<Vec<AccountId>>,
}

/// What a right e-mail code proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailProof {
    /// The account's own address, at sign-up (or asked again later).
    Verified,
    /// A new address the owner asked to change to: it is now the account's, and `old` was.
    Changed { old: Email },
}

/// What checking a password-reset code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetCheck {
    /// The code was right and is now spent.
    Accepted,
    /// Wrong, expired, used up, or never asked for: the caller says the same in every case.
    Refused,
}

#[async_trait]
pub trait AccountStore {
    async fn create_account(&self, account: NewAccount) -> StoreResult<StoredAccount>;
    async fn account(&self, id: AccountId) -> StoreResult<Option<StoredAccount>>;
    async fn account_by_email(&self, email: &Email) -> StoreResult<Option<StoredAccount>>;
    async fn accounts(&self, filter: &AccountFilter) -> StoreResult<Vec<StoredAccount>>;
    /// Moves an account from `from` to `to`, only if it is still in `from`: the check and the write
    /// are one statement, so two staff members approving and rejecting at once cannot both win.
    async fn change_status(
        &self,
        id: AccountId,
        from: AccountStatus,
        to: AccountStatus,
        rejection_reason: Option<&str>,
    ) -> StoreResult<StoredAccount>;
    /// Sets a new password hash and closes every session of the account but `keep` (the session
    /// of someone changing their own password stays open).
    async fn set_password(
        &self,
        id: AccountId,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()>;

    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The account behind a live session; expired sessions are deleted on the way. A staff
    /// member's session also ends after `staff_idle` without use.
    async fn session_account(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        staff_idle: Duration,
    ) -> StoreResult<Option<LiveSession>>;
    /// Records that a session was used at `at` (never moving its last use back).
    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<()>;

    /// Replaces any previous code of the account.
    async fn save_reset_code(
        &self,
        account: AccountId,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Checks a code and spends it if right; a wrong guess counts against `max_attempts`.
    async fn check_reset_code(
        &self,
        account: AccountId,
        code_hash: &str,
        now: OffsetDateTime,
        max_attempts: u32,
    ) -> StoreResult<ResetCheck>;

    /// Saves the code sent to `email` to prove it: the account's own address, or the one it asks
    /// to change to. Replaces any previous code of the account.
    async fn save_email_code(
        &self,
        account: AccountId,
        email: &Email,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The address an account is proving, while its code is valid.
    async fn email_being_proven(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Email>>;
    /// Checks an e-mail code: the attempt is counted before the code is compared, in one
    /// statement, so that guesses sent together cannot slip past `max_attempts`. A right code is
    /// spent and marks the address proven, or makes it the account's (a taken address gives
    /// [`StoreError::DuplicateEmail`]). `None`: wrong, expired, used up or never sent.
    async fn check_email_code(
        &self,
        account: AccountId,
        code_hash: &str,
        now: OffsetDateTime,
        max_attempts: u32,
    ) -> StoreResult<Option<EmailProof>>;
    /// Marks the account's address proven (a password reset by a code sent to it proves it too).
    async fn mark_email_verified(&self, account: AccountId) -> StoreResult<()>;

    /// Counts one more request of `action` (a limit's name) by `subject` (an IP, an address) in
    /// the current window of length `window`, opened by this request if the last one is over.
    /// Counting before deciding keeps requests sent together from all slipping under a limit.
    async fn count_hit(
        &self,
        action: &str,
        subject: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> StoreResult<Hits>;
    /// Takes one request back from the count (a login that turned out right).
    async fn take_back_hit(&self, action: &str, subject: &str) -> StoreResult<()>;
    /// Forgets the subject's count.
    async fn forget_hits(&self, action: &str, subject: &str) -> StoreResult<()>;
    /// Deletes the token uses older than `token_uses_before` and the counts of windows opened
    /// before `windows_before`.
    async fn prune(
        &self,
        token_uses_before: OffsetDateTime,
        windows_before: OffsetDateTime,
    ) -> StoreResult<Pruned>;

    /// "Gérer mes infos": the fields given change (`phone: Some(None)` removes it).
    async fn update_profile(
        &self,
        id: AccountId,
        profile: &ProfileUpdate,
    ) -> StoreResult<StoredAccount>;

    /// Sets a staff member's role and the sections an animateur leads, in one go. A change of
    /// role ends the account's sessions (its rights and its sessions' lifetime change with it);
    /// one that takes the role of responsable away also revokes the API tokens it created, and
    /// one back to parent removes the second factor.
    /// [`StoreError::LastResponsable`] if it would leave no active responsable.
    async fn set_staff(
        &self,
        id: AccountId,
        role: Role,
        sections: &[i64],
    ) -> StoreResult<StoredAccount>;
    /// Disables an active account, ends its sessions and revokes the API tokens it created, in one
    /// transaction. [`StoreError::Conflict`] if it is not active any more,
    /// [`StoreError::LastResponsable`] if it is the last active responsable.
    async fn disable_account(&self, id: AccountId) -> StoreResult<StoredAccount>;
    /// The sections an animateur leads.
    async fn staff_sections(&self, id: AccountId) -> StoreResult<Vec<i64>>;

    /// The account's second factor, and since when it is a responsable.
    async fn second_factor(&self, account: AccountId) -> StoreResult<SecondFactorState>;
    /// Starts an enrolment with `secret`, replacing one not confirmed yet. False if a second
    /// factor is already active.
    async fn begin_second_factor(&self, account: AccountId, secret: &str) -> StoreResult<bool>;
    /// Activates the enrolment of `secret` (checked with a code of time step `step`) and stores
    /// the hashes of its recovery codes. False if no enrolment of that secret waits.
    async fn confirm_second_factor(
        &self,
        account: AccountId,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[String],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Accepts a code of time step `step` only if no code of that step or a later one was: the
    /// check and the write are one statement, so a code replayed at once is refused too.
    async fn accept_totp_step(&self, account: AccountId, step: i64) -> StoreResult<bool>;
    /// Spends a recovery code; false if the account has none with that hash.
    async fn spend_recovery_code(&self, account: AccountId, code_hash: &str) -> StoreResult<bool>;
    /// Removes the second factor (active or waiting) and its recovery codes. False if none was
    /// active.
    async fn remove_second_factor(&self, account: AccountId) -> StoreResult<bool>;
    /// The operator's reset when a phone is lost: removes the second factor, ends the account's
    /// sessions, and gives a responsable a new grace period from `now` to enrol again.
    async fn reset_second_factor(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// [`StoreError::Duplicate`] if the name is taken (whatever its case).
    async fn create_token(
        &self,
        name: &str,
        scope: TokenScope,
        token_hash: &str,
        creator: AccountId,
        expires_at: OffsetDateTime,
    ) -> StoreResult<StoredToken>;
    /// Live tokens, oldest first.
    async fn tokens(&self) -> StoreResult<Vec<StoredToken>>;
    /// False if no live token has that name.
    async fn revoke_token(&self, name: &str) -> StoreResult<bool>;
    /// The live token with that hash.
    async fn token(&self, token_hash: &str) -> StoreResult<Option<StoredToken>>;
    async fn record_act(&self, act: &PrivilegedAct) -> StoreResult<()>;
    /// Newest first.
    async fn acts(&self, filter: &ActFilter) -> StoreResult<Vec<StoredAct>>;

    /// Records one use of a token: when, and the request.
    async fn record_token_use(
        &self,
        token_hash: &str,
        at: OffsetDateTime,
        method: &str,
        path: &str,
    ) -> StoreResult<()>;
}

/// A session found live, with its account.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub account: StoredAccount,
    pub last_used_at: OffsetDateTime,
}

/// What the login and the enrolment need to know of an account's second factor.
#[derive(Debug, Clone, Default)]
pub struct SecondFactorState {
    /// When the account last became a responsable (or the upgrade that introduced second
    /// factors, if later); none for other roles.
    pub responsable_since: Option<OffsetDateTime>,
    /// The TOTP secret, active or waiting for its first code.
    pub secret: Option<String>,
    pub enabled: bool,
}

/// A subject's count in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hits {
    /// This request included.
    pub count: u32,
    pub window_ends: OffsetDateTime,
}

/// What housekeeping deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub token_uses: u64,
    pub windows: u64,
}

/// A privileged act, for the audit log.
#[derive(Debug, Clone)]
pub struct PrivilegedAct {
    pub actor: Actor,
    pub action: AccountAction,
    /// Whom it is about.
    pub account: Option<AccountId>,
    pub ip: Option<IpAddr>,
    pub changes: Vec<AuditChange>,
}

/// Which acts `audit list` reads.
#[derive(Debug, Clone, Default)]
pub struct ActFilter {
    pub since: Option<OffsetDateTime>,
    pub actor: Option<AccountId>,
    /// At most this many, the newest.
    pub limit: u32,
}

/// An act as the log keeps it.
#[derive(Debug, Clone)]
pub struct StoredAct {
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: AccountAction,
    /// The address of the account it was about, if it still exists.
    pub account: Option<String>,
    pub ip: Option<String>,
    pub changes: Vec<AuditChange>,
}

#[derive(Debug, Clone)]
pub struct StoredToken {
    pub name: String,
    pub scope: TokenScope,
    pub creator: AccountId,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Default, Clone)]
pub struct ProfileUpdate {
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
    pub phone: Option<Option<PhoneNumber>>,
}
