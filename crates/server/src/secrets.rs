//! Passwords, session tokens and reset codes: how each secret is made, kept and checked.

use std::sync::{Mutex, OnceLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use tokio::sync::{Semaphore, SemaphorePermit};

use tempatro_core::Password;

use crate::error::Error;

/// Argon2 takes 19 MiB and a core for tens of milliseconds a hash: one hash per core at a time,
/// the others wait their turn. A hundred logins at once then queue and finish, instead of taking
/// 19 MiB each together (and the cores from everything else).
fn hashing() -> &'static Semaphore {
    static HASHING: OnceLock<Semaphore> = OnceLock::new();
    HASHING.get_or_init(|| {
        Semaphore::new(std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
    })
}

/// A turn at hashing, held until the hash is done, even if the request waiting for it is gone.
async fn hashing_turn() -> Result<SemaphorePermit<'static>, Error> {
    hashing()
        .acquire()
        .await
        .map_err(|error| Error::Internal(error.into()))
}

/// Argon2's working memory, kept between hashes: at most one per hashing turn exists. Allocating
/// 19 MiB for each hash and freeing it made the allocator keep freed blocks it could not reuse
/// whole: a hundred logins took the server from 27 to 790 MiB, one hash at a time or not.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `hash` with working memory for `params`, taken from [`MEMORY`] and given back wiped.
fn with_memory<T>(params: &Params, hash: impl FnOnce(&mut [Block]) -> T) -> T {
    let spare = MEMORY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop();
    let mut memory = spare.unwrap_or_default();
    memory.resize(params.block_count(), Block::default());
    let result = hash(&mut memory);
    // What the password left in it goes.
    memory.fill(Block::default());
    MEMORY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(memory);
    result
}

fn hashing_error(error: impl std::fmt::Display) -> Error {
    Error::Internal(anyhow::anyhow!("hashing a password: {error}"))
}

/// Hashes a new password with argon2id (the crate's defaults follow OWASP's recommendation) on a
/// blocking thread: at tens of milliseconds a hash, it would stall the async workers.
pub async fn hash_password(password: &Password) -> Result<String, Error> {
    let password = password.expose().to_owned();
    let turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let params = Params::default();
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .as_salt()
            .decode_b64(&mut salt_bytes)
            .map_err(hashing_error)?;
        let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
        with_memory(&params, |memory| {
            argon2.hash_password_into_with_memory(
                password.as_bytes(),
                salt_bytes,
                &mut output,
                memory,
            )
        })
        .map_err(hashing_error)?;
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(hashing_error)?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&output).map_err(hashing_error)?),
        };
        Ok(hash.to_string())
    })
    .await
    .map_err(|error| Error::Internal(error.into()))?
}

/// Checks a password against a stored hash. With no account to check against, a dummy hash is
/// verified all the same, so that the answer takes as long whether the e-mail exists or not.
pub async fn verify_password(candidate: &str, stored_hash: Option<&str>) -> Result<bool, Error> {
    let candidate = candidate.to_owned();
    // An imported parent has no password until they choose one: nothing matches it.
    let stored = stored_hash
        .filter(|hash| !hash.is_empty())
        .map(str::to_owned);
    let turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let hash = stored.as_deref().unwrap_or(DUMMY_HASH);
        let unreadable = |error: &dyn std::fmt::Display| {
            Error::Internal(anyhow::anyhow!("stored hash unreadable: {error}"))
        };
        let parsed = PasswordHash::new(hash).map_err(|e| unreadable(&e))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(unreadable(&"no salt or no hash"));
        };
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| unreadable(&e))?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(|e| unreadable(&e))?
            .unwrap_or_default();
        let params = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| unreadable(&e))?;
        let mut output = vec![0u8; expected.len()];
        with_memory(&params, |memory| {
            argon2.hash_password_into_with_memory(
                candidate.as_bytes(),
                salt_bytes,
                &mut output,
                memory,
            )
        })
        .map_err(|e| unreadable(&e))?;
        // `Output` compares in constant time.
        let matches = Output::new(&output).map_err(|e| unreadable(&e))? == expected;
        Ok(matches && stored.is_some())
    })
    .await
    .map_err(|error| Error::Internal(error.into()))?
}

/// The argon2id hash of a random password nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8hQ3kqpeHA6Q5jCqn2gIz+8UwEJ8Ol2FHFa1SVrIxSk";

/// A new session token: 256 random bits, hex-encoded. Only its hash is stored.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of a token or code: enough for secrets that are random and long (or short-lived and
/// attempt-limited), and it lets the database look a token up by its hash.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// An 8-digit code e-mailed to reset a password or prove an address, easy to copy: at five
/// attempts a code, guessing one is a one-in-twenty-million chance.
pub fn new_mail_code() -> String {
    format!("{:08}", OsRng.gen_range(0..100_000_000u32))
}

/// "1234 5678", as the e-mail shows a code.
pub fn readable_code(code: &str) -> String {
    let (head, tail) = code.split_at(code.len() / 2);
    format!("{head} {tail}")
}

/// Codes are typed by people: spaces and dashes they add are not part of the code.
pub fn normalize_mail_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Email;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let email = Email::parse("papa@patro.be").unwrap();
        let password = Password::parse("un mot de passe solide", &email).unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("un mot de passe solide", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("un autre mot de passe", Some(&hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn hashes_read_as_the_argon2_crate_writes_them() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"un mot de passe solide", &salt)
            .unwrap()
            .to_string();
        assert!(
            verify_password("un mot de passe solide", Some(&theirs))
                .await
                .unwrap()
        );
        let email = Email::parse("papa@patro.be").unwrap();
        let ours = hash_password(&Password::parse("un mot de passe solide", &email).unwrap())
            .await
            .unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"un mot de passe solide", &parsed)
                .is_ok()
        );
    }

    #[tokio::test]
    async fn without_an_account_nothing_verifies() {
        assert!(!verify_password("anything at all", None).await.unwrap());
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(digest(&a), a);
    }

    #[test]
    fn reset_codes_have_eight_digits_and_read_back_with_spaces() {
        let code = new_mail_code();
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(normalize_mail_code(" 1234 5678 "), "12345678");
        assert_eq!(normalize_mail_code("1234-5678"), "12345678");
    }
}
