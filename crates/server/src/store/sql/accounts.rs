use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use tempatro_core::name::sort_key;
use tempatro_core::{AccountId, AccountStatus, Email, Role, TokenScope};

use super::SqlStore;
use crate::store::engine::{Lock, json_list};
use crate::store::rows::accounts::{
    ACCOUNT_COLUMNS, AccountRow, ActRow, SecondFactorRow, SessionRow, TokenRow,
};
use crate::store::rows::{audit_json, from_unix, on_unique, prefixed, unix};
use crate::store::{
    AccountFilter, AccountStore, ActFilter, EmailProof, Hits, LiveSession, NewAccount,
    PrivilegedAct, ProfileUpdate, Pruned, ResetCheck, SecondFactorState, StoreError, StoreResult,
    StoredAccount, StoredAct, StoredToken,
};

/// Whether another active responsable than `id` remains: asked under [`Lock::Responsables`]
/// before taking the role or the account away.
async fn other_responsable(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: AccountId,
) -> StoreResult<bool> {
    let others: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = 'responsable' AND status = 'active' AND id <> $1",
    )
    .bind(id.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(others > 0)
}

/// Ends every session of an account and revokes the API tokens it created.
async fn cut_off(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: AccountId,
    sessions: bool,
    tokens: bool,
    now: OffsetDateTime,
) -> StoreResult<()> {
    if sessions {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id.0)
            .execute(&mut **tx)
            .await?;
    }
    if tokens {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
        )
        .bind(unix(now))
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Removes an account's second factor and recovery codes; whether one was active.
async fn drop_second_factor(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account: AccountId,
) -> StoreResult<bool> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account.0)
        .execute(&mut **tx)
        .await?;
    let removed: Option<Option<i64>> =
        sqlx::query_scalar("DELETE FROM second_factors WHERE account_id = $1 RETURNING enabled_at")
            .bind(account.0)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(matches!(removed, Some(Some(_))))
}

impl SqlStore {
    async fn account_where_id(&self, id: AccountId) -> StoreResult<StoredAccount> {
        self.account(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("account {id} vanished")))
    }
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn create_account(&self, account: NewAccount) -> StoreResult<StoredAccount> {
        let now = unix(OffsetDateTime::now_utc());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, email_normalized, first_name, last_name, sort_key,
                password_hash, role, status, created_at, updated_at, email_verified_at,
                responsable_since)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                CASE WHEN $7 = 'responsable' THEN $9 END) RETURNING id",
        )
        .bind(account.email.as_ref().to_owned())
        .bind(account.email.normalized())
        .bind(account.first_name.as_ref().to_owned())
        .bind(account.last_name.as_ref().to_owned())
        .bind(sort_key(
            account.last_name.as_ref(),
            account.first_name.as_ref(),
        ))
        .bind(account.password_hash)
        .bind(account.role.as_str())
        .bind(account.status.as_str())
        .bind(now)
        .bind(now)
        .bind(account.email_verified.then_some(now))
        .fetch_one(&self.pool)
        .await
        .map_err(|error| on_unique(error, StoreError::DuplicateEmail))?;
        self.account_where_id(AccountId(id)).await
    }

    async fn account(&self, id: AccountId) -> StoreResult<Option<StoredAccount>> {
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredAccount::try_from).transpose()
    }

    async fn account_by_email(&self, email: &Email) -> StoreResult<Option<StoredAccount>> {
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_normalized = $1"
        )))
        .bind(email.normalized())
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredAccount::try_from).transpose()
    }

    async fn accounts(&self, filter: &AccountFilter) -> StoreResult<Vec<StoredAccount>> {
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts
             WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR email_normalized = $2)
               AND ($3 IS NULL OR id IN {})
             ORDER BY created_at, id",
            self.ids(3)
        )))
        .bind(filter.status.map(AccountStatus::as_str))
        .bind(filter.email.as_ref().map(Email::normalized))
        .bind(
            filter
                .ids
                .as_ref()
                .map(|ids| json_list(&ids.iter().map(|id| id.0).collect::<Vec<_>>()))
                .transpose()?,
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredAccount::try_from).collect()
    }

    async fn change_status(
        &self,
        id: AccountId,
        from: AccountStatus,
        to: AccountStatus,
        rejection_reason: Option<&str>,
    ) -> StoreResult<StoredAccount> {
        let updated = sqlx::query(
            "UPDATE accounts SET status = $1, rejection_reason = $2, updated_at = $3
             WHERE id = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(rejection_reason.map(str::to_owned))
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id.0)
        .bind(from.as_str())
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        self.account_where_id(id).await
    }

    async fn set_password(
        &self,
        id: AccountId,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(password_hash.to_owned())
            .bind(unix(OffsetDateTime::now_utc()))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2",
        )
        .bind(id.0)
        .bind(keep.map(str::to_owned))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_used_at)
             VALUES ($1, $2, $3, $4, $3)",
        )
        .bind(token_hash.to_owned())
        .bind(account.0)
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(unix(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_account(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        staff_idle: Duration,
    ) -> StoreResult<Option<LiveSession>> {
        // The account comes with its session: the one statement most requests make.
        let row: Option<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, s.expires_at, s.last_used_at FROM sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.token_hash = $1",
            prefixed(ACCOUNT_COLUMNS, "a")
        )))
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let account = StoredAccount::try_from(row.account)?;
        let idle_over =
            account.role.is_staff() && row.last_used_at + staff_idle.whole_seconds() <= unix(now);
        if row.expires_at <= unix(now) || idle_over {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        Ok(Some(LiveSession {
            account,
            last_used_at: from_unix(row.last_used_at)?,
        }))
    }

    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2 AND last_used_at < $1",
        )
        .bind(unix(at))
        .bind(token_hash.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn save_reset_code(
        &self,
        account: AccountId,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO password_resets (account_id, code_hash, expires_at, attempts) VALUES ($1, $2, $3, 0)
             ON CONFLICT (account_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0",
        )
        .bind(account.0)
        .bind(code_hash.to_owned())
        .bind(unix(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn check_reset_code(
        &self,
        account: AccountId,
        code_hash: &str,
        now: OffsetDateTime,
        max_attempts: u32,
    ) -> StoreResult<ResetCheck> {
        // Every try counts before it is compared, in one statement: of any number sent together,
        // only the first `max_attempts` are compared at all, so a right code hidden among wrong
        // ones cannot slip in after the wrong ones used up the code.
        let counted: Option<String> = sqlx::query_scalar(
            "UPDATE password_resets SET attempts = attempts + 1
             WHERE account_id = $1 AND expires_at > $2 AND attempts < $3
             RETURNING code_hash",
        )
        .bind(account.0)
        .bind(unix(now))
        .bind(i64::from(max_attempts))
        .fetch_optional(&self.pool)
        .await?;
        if counted.as_deref() != Some(code_hash) {
            return Ok(ResetCheck::Refused);
        }
        // Spending it is a conditional DELETE: two confirmations racing with the right code
        // cannot both succeed.
        let spent =
            sqlx::query("DELETE FROM password_resets WHERE account_id = $1 AND code_hash = $2")
                .bind(account.0)
                .bind(code_hash.to_owned())
                .execute(&self.pool)
                .await?;
        Ok(if spent.rows_affected() == 1 {
            ResetCheck::Accepted
        } else {
            ResetCheck::Refused
        })
    }

    async fn save_email_code(
        &self,
        account: AccountId,
        email: &Email,
        code_hash: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO email_verifications (account_id, email, email_normalized, code_hash, expires_at, attempts)
             VALUES ($1, $2, $3, $4, $5, 0)
             ON CONFLICT (account_id) DO UPDATE SET email = excluded.email,
                email_normalized = excluded.email_normalized, code_hash = excluded.code_hash,
                expires_at = excluded.expires_at, attempts = 0",
        )
        .bind(account.0)
        .bind(email.as_ref().to_owned())
        .bind(email.normalized())
        .bind(code_hash.to_owned())
        .bind(unix(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn email_being_proven(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Email>> {
        let email: Option<String> = sqlx::query_scalar(
            "SELECT email FROM email_verifications WHERE account_id = $1 AND expires_at > $2",
        )
        .bind(account.0)
        .bind(unix(now))
        .fetch_optional(&self.pool)
        .await?;
        email
            .map(|email| {
                Email::parse(&email)
                    .map_err(|_| StoreError::Corrupt(format!("email being proven: {email:?}")))
            })
            .transpose()
    }

    async fn check_email_code(
        &self,
        account: AccountId,
        code_hash: &str,
        now: OffsetDateTime,
        max_attempts: u32,
    ) -> StoreResult<Option<EmailProof>> {
        let mut tx = self.write().await?;
        let counted: Option<(i64, String, String)> = sqlx::query_as(
            "UPDATE email_verifications SET attempts = attempts + 1
             WHERE account_id = $1 AND expires_at > $2
             RETURNING attempts, code_hash, email",
        )
        .bind(account.0)
        .bind(unix(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((attempts, expected, email)) = counted else {
            return Ok(None);
        };
        if attempts > i64::from(max_attempts) || expected != code_hash {
            // The attempt stays counted.
            tx.commit().await?;
            return Ok(None);
        }
        let email = Email::parse(&email)
            .map_err(|_| StoreError::Corrupt(format!("email being proven: {email:?}")))?;
        let old: String = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await?;
        let old = Email::parse(&old)
            .map_err(|_| StoreError::Corrupt(format!("account email: {old:?}")))?;
        sqlx::query(
            "UPDATE accounts SET email = $1, email_normalized = $2, email_verified_at = $3, updated_at = $3
             WHERE id = $4",
        )
        .bind(email.as_ref().to_owned())
        .bind(email.normalized())
        .bind(unix(now))
        .bind(account.0)
        .execute(&mut *tx)
        .await
        .map_err(|error| on_unique(error, StoreError::DuplicateEmail))?;
        sqlx::query("DELETE FROM email_verifications WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(if old.normalized() == email.normalized() {
            EmailProof::Verified
        } else {
            EmailProof::Changed { old }
        }))
    }

    async fn mark_email_verified(&self, account: AccountId) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(account.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn count_hit(
        &self,
        action: &str,
        subject: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> StoreResult<Hits> {
        // One statement counts and reads: requests sent together each see their own count. A
        // window that is over starts again at this request.
        let (hits, window_start): (i64, i64) = sqlx::query_as(
            "INSERT INTO rate_limits (action, subject, window_start, hits) VALUES ($1, $2, $3, 1)
             ON CONFLICT (action, subject) DO UPDATE SET
                 hits = CASE WHEN rate_limits.window_start <= $4 THEN 1 ELSE rate_limits.hits + 1 END,
                 window_start = CASE WHEN rate_limits.window_start <= $4
                     THEN excluded.window_start ELSE rate_limits.window_start END
             RETURNING hits, window_start",
        )
        .bind(action.to_owned())
        .bind(subject.to_owned())
        .bind(unix(now))
        .bind(unix(now - window))
        .fetch_one(&self.pool)
        .await?;
        Ok(Hits {
            count: u32::try_from(hits).unwrap_or(u32::MAX),
            window_ends: from_unix(window_start)? + window,
        })
    }

    async fn take_back_hit(&self, action: &str, subject: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE rate_limits SET hits = hits - 1 WHERE action = $1 AND subject = $2 AND hits > 0",
        )
        .bind(action.to_owned())
        .bind(subject.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn forget_hits(&self, action: &str, subject: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_limits WHERE action = $1 AND subject = $2")
            .bind(action.to_owned())
            .bind(subject.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn prune(
        &self,
        token_uses_before: OffsetDateTime,
        windows_before: OffsetDateTime,
    ) -> StoreResult<Pruned> {
        let token_uses = sqlx::query("DELETE FROM token_uses WHERE at < $1")
            .bind(unix(token_uses_before))
            .execute(&self.pool)
            .await?
            .rows_affected();
        let windows = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(unix(windows_before))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(Pruned {
            token_uses,
            windows,
        })
    }

    async fn update_profile(
        &self,
        id: AccountId,
        profile: &ProfileUpdate,
    ) -> StoreResult<StoredAccount> {
        let before = self.account_where_id(id).await?;
        let first_name = profile.first_name.as_ref().unwrap_or(&before.first_name);
        let last_name = profile.last_name.as_ref().unwrap_or(&before.last_name);
        sqlx::query(
            "UPDATE accounts SET first_name = $1, last_name = $2, sort_key = $3,
                phone = CASE WHEN $4 THEN $5 ELSE phone END, updated_at = $6
             WHERE id = $7",
        )
        .bind(first_name.to_string())
        .bind(last_name.to_string())
        .bind(sort_key(last_name.as_ref(), first_name.as_ref()))
        .bind(profile.phone.is_some())
        .bind(
            profile
                .phone
                .as_ref()
                .and_then(|phone| phone.as_ref().map(|p| p.e164().to_owned())),
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        self.account_where_id(id).await
    }

    async fn set_staff(
        &self,
        id: AccountId,
        role: Role,
        sections: &[i64],
    ) -> StoreResult<StoredAccount> {
        let now = OffsetDateTime::now_utc();
        let mut tx = self.write().await?;
        self.engine.lock(&mut tx, Lock::Responsables).await?;
        let (before, status): (String, String) =
            sqlx::query_as("SELECT role, status FROM accounts WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::Missing("account"))?;
        let was_responsable = before == Role::Responsable.as_str();
        let demoted = was_responsable && role != Role::Responsable;
        if demoted
            && status == AccountStatus::Active.as_str()
            && !other_responsable(&mut tx, id).await?
        {
            return Err(StoreError::LastResponsable);
        }
        sqlx::query(
            "UPDATE accounts SET role = $1, updated_at = $2,
                responsable_since = CASE WHEN $1 <> 'responsable' THEN NULL
                    WHEN role = 'responsable' THEN responsable_since ELSE $2 END
             WHERE id = $3",
        )
        .bind(role.as_str())
        .bind(unix(now))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM staff_sections WHERE account_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        for section in sections {
            sqlx::query("INSERT INTO staff_sections (account_id, section_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(*section)
                .execute(&mut *tx)
                .await?;
        }
        cut_off(&mut tx, id, before != role.as_str(), demoted, now).await?;
        // Parents log in without a second factor (their app has no field for it).
        if role == Role::Parent {
            drop_second_factor(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.account_where_id(id).await
    }

    async fn disable_account(&self, id: AccountId) -> StoreResult<StoredAccount> {
        let now = OffsetDateTime::now_utc();
        let mut tx = self.write().await?;
        self.engine.lock(&mut tx, Lock::Responsables).await?;
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1 AND status = 'active'")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
        let role = role.ok_or(StoreError::Conflict)?;
        if role == Role::Responsable.as_str() && !other_responsable(&mut tx, id).await? {
            return Err(StoreError::LastResponsable);
        }
        sqlx::query(
            "UPDATE accounts SET status = 'disabled', updated_at = $1 WHERE id = $2 AND status = 'active'",
        )
        .bind(unix(now))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        cut_off(&mut tx, id, true, true, now).await?;
        tx.commit().await?;
        self.account_where_id(id).await
    }

    async fn staff_sections(&self, id: AccountId) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT section_id FROM staff_sections WHERE account_id = $1 ORDER BY section_id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn second_factor(&self, account: AccountId) -> StoreResult<SecondFactorState> {
        let row: Option<SecondFactorRow> = sqlx::query_as(
            "SELECT a.responsable_since, f.secret, f.enabled_at
             FROM accounts a LEFT JOIN second_factors f ON f.account_id = a.id WHERE a.id = $1",
        )
        .bind(account.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map_or(
            Ok(SecondFactorState::default()),
            SecondFactorState::try_from,
        )
    }

    async fn begin_second_factor(&self, account: AccountId, secret: &str) -> StoreResult<bool> {
        let started = sqlx::query(
            "INSERT INTO second_factors (account_id, secret) VALUES ($1, $2)
             ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret
             WHERE second_factors.enabled_at IS NULL",
        )
        .bind(account.0)
        .bind(secret.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(started.rows_affected() == 1)
    }

    async fn confirm_second_factor(
        &self,
        account: AccountId,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[String],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let confirmed = sqlx::query(
            "UPDATE second_factors SET enabled_at = $1, last_step = $2
             WHERE account_id = $3 AND secret = $4 AND enabled_at IS NULL",
        )
        .bind(unix(now))
        .bind(step)
        .bind(account.0)
        .bind(secret.to_owned())
        .execute(&mut *tx)
        .await?;
        if confirmed.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
        for hash in recovery_code_hashes {
            sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                .bind(account.0)
                .bind(hash.clone())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn accept_totp_step(&self, account: AccountId, step: i64) -> StoreResult<bool> {
        let accepted = sqlx::query(
            "UPDATE second_factors SET last_step = $1
             WHERE account_id = $2 AND enabled_at IS NOT NULL
               AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(account.0)
        .execute(&self.pool)
        .await?;
        Ok(accepted.rows_affected() == 1)
    }

    async fn spend_recovery_code(&self, account: AccountId, code_hash: &str) -> StoreResult<bool> {
        let spent =
            sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1 AND code_hash = $2")
                .bind(account.0)
                .bind(code_hash.to_owned())
                .execute(&self.pool)
                .await?;
        Ok(spent.rows_affected() == 1)
    }

    async fn remove_second_factor(&self, account: AccountId) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let removed = drop_second_factor(&mut tx, account).await?;
        tx.commit().await?;
        Ok(removed)
    }

    async fn reset_second_factor(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let removed = drop_second_factor(&mut tx, account).await?;
        sqlx::query(
            "UPDATE accounts SET responsable_since = $1 WHERE id = $2 AND role = 'responsable'",
        )
        .bind(unix(now))
        .bind(account.0)
        .execute(&mut *tx)
        .await?;
        cut_off(&mut tx, account, true, false, now).await?;
        tx.commit().await?;
        Ok(removed)
    }

    async fn create_token(
        &self,
        name: &str,
        scope: TokenScope,
        token_hash: &str,
        creator: AccountId,
        expires_at: OffsetDateTime,
    ) -> StoreResult<StoredToken> {
        let now = OffsetDateTime::now_utc();
        sqlx::query(
            "INSERT INTO api_tokens (name, scope, token_hash, account_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(name.to_owned())
        .bind(scope.as_str())
        .bind(token_hash.to_owned())
        .bind(creator.0)
        .bind(unix(now))
        .bind(unix(expires_at))
        .execute(&self.pool)
        .await
        .map_err(|error| on_unique(error, StoreError::Duplicate))?;
        Ok(StoredToken {
            name: name.to_owned(),
            scope,
            creator,
            created_at: from_unix(unix(now))?,
            last_used_at: None,
            expires_at: from_unix(unix(expires_at))?,
        })
    }

    async fn tokens(&self) -> StoreResult<Vec<StoredToken>> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT name, scope, account_id, created_at, last_used_at, expires_at FROM api_tokens
             WHERE revoked_at IS NULL ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredToken::try_from).collect()
    }

    async fn revoke_token(&self, name: &str) -> StoreResult<bool> {
        let revoked = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE lower(name) = lower($2) AND revoked_at IS NULL",
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(name.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(revoked.rows_affected() == 1)
    }

    async fn token(&self, token_hash: &str) -> StoreResult<Option<StoredToken>> {
        let row: Option<TokenRow> = sqlx::query_as(
            "SELECT name, scope, account_id, created_at, last_used_at, expires_at FROM api_tokens
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredToken::try_from).transpose()
    }

    async fn record_act(&self, act: &PrivilegedAct) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, account_id, ip, action, changes)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(unix(OffsetDateTime::now_utc()))
        .bind(act.actor.id.map(|id| id.0))
        .bind(act.actor.label.clone())
        .bind(act.account.map(|id| id.0))
        .bind(act.ip.map(|ip| ip.to_string()))
        .bind(act.action.as_str())
        .bind(audit_json(&act.changes)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn acts(&self, filter: &ActFilter) -> StoreResult<Vec<StoredAct>> {
        // The children's changes share the table; the acts on accounts are the ones without a child.
        let mut sql = String::from(
            "SELECT l.at, l.actor, l.action, a.email AS account, l.ip, l.changes
             FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
             WHERE l.child_id IS NULL AND l.action IN (",
        );
        sql.push_str(
            &tempatro_core::audit::AccountAction::ALL
                .iter()
                .map(|action| format!("'{}'", action.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
        );
        sql.push(')');
        let mut next = 1;
        if filter.since.is_some() {
            sql.push_str(&format!(" AND l.at >= ${next}"));
            next += 1;
        }
        if filter.actor.is_some() {
            sql.push_str(&format!(" AND l.actor_id = ${next}"));
            next += 1;
        }
        sql.push_str(&format!(" ORDER BY l.at DESC, l.id DESC LIMIT ${next}"));
        let mut query = sqlx::query_as::<_, ActRow>(sqlx::AssertSqlSafe(sql));
        if let Some(since) = filter.since {
            query = query.bind(unix(since));
        }
        if let Some(actor) = filter.actor {
            query = query.bind(actor.0);
        }
        let rows = query
            .bind(i64::from(filter.limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(StoredAct::try_from).collect()
    }

    async fn record_token_use(
        &self,
        token_hash: &str,
        at: OffsetDateTime,
        method: &str,
        path: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE api_tokens SET last_used_at = CASE WHEN last_used_at > $1 THEN last_used_at ELSE $1 END
             WHERE token_hash = $2 RETURNING id",
        )
        .bind(unix(at))
        .bind(token_hash.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            sqlx::query(
                "INSERT INTO token_uses (token_id, at, method, path) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(unix(at))
            .bind(method.to_owned())
            .bind(path.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
