//! The staff's second factor: codes of an authenticator app (TOTP, RFC 6238, by `totp-rs`) and
//! the recovery codes that stand in for a lost phone.

use rand::Rng;
use rand::rngs::OsRng;
use time::OffsetDateTime;
use totp_rs::{Builder, Secret, Totp};

use crate::error::Error;

/// How many recovery codes an activation gives.
pub const RECOVERY_CODES: usize = 10;

/// Letters and digits nobody mistakes for one another (no 0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// 16 characters of 31: 79 random bits a code, out of reach of guessing.
const RECOVERY_LENGTH: usize = 16;

/// A new secret: 160 random bits, the key size RFC 4226 recommends for HMAC-SHA-1 (the algorithm
/// every authenticator app reads), in base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// SHA-1, six digits, 30-second steps and one step of tolerance either side (a phone's clock a
/// little off): the defaults every authenticator app understands.
fn totp(secret: &str, issuer: &str, account: &str) -> Result<Totp, Error> {
    let secret = Secret::try_from_base32(secret)
        .map_err(|error| Error::Internal(anyhow::anyhow!("stored TOTP secret: {error}")))?;
    // The URL's label separates issuer and account with a colon: neither may hold one.
    let issuer = issuer.replace(':', " ");
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(issuer.as_str()))
        .with_account_name(account.replace(':', " "))
        .build()
        .map_err(|error| Error::Internal(anyhow::anyhow!("TOTP parameters: {error}")))
}

/// The `otpauth://` URL an authenticator app reads from a QR code.
pub fn otpauth_url(secret: &str, issuer: &str, account: &str) -> Result<String, Error> {
    totp(secret, issuer, account)?
        .to_url()
        .map_err(|error| Error::Internal(anyhow::anyhow!("otpauth URL: {error}")))
}

/// The time step of `code` if it is right at `now`, which the caller must then accept only once.
pub fn check(secret: &str, code: &str, now: OffsetDateTime) -> Result<Option<i64>, Error> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(now) = u64::try_from(now.unix_timestamp()) else {
        return Ok(None);
    };
    Ok(totp(secret, "", "")?
        .check(&code, now)
        .and_then(|step| i64::try_from(step).ok()))
}

/// Ten new recovery codes, as people read them (`abcd-efgh-jkmn-pqrs`).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..RECOVERY_LENGTH)
                .map(|_| char::from(RECOVERY_ALPHABET[OsRng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            raw.as_bytes()
                .chunks(4)
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// A recovery code as typed (dashes, spaces, capitals or not) reduced to what is hashed.
pub fn normalize_recovery_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_of_the_current_step_or_a_neighbour_passes_and_others_do_not() {
        let secret = new_secret();
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_015).unwrap();
        let totp = totp(&secret, "Patro", "chef@patro.be").unwrap();
        let code = totp.generate(1_800_000_015).to_string();
        assert_eq!(check(&secret, &code, now).unwrap(), Some(60_000_000));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(&secret, &spaced, now).unwrap(), Some(60_000_000));
        let previous = totp.generate(1_800_000_015 - 30).to_string();
        assert_eq!(check(&secret, &previous, now).unwrap(), Some(59_999_999));
        let old = totp.generate(1_800_000_015 - 120).to_string();
        assert_eq!(check(&secret, &old, now).unwrap(), None);
        assert_eq!(check(&secret, "abcdef", now).unwrap(), None);
    }

    #[test]
    fn the_url_names_the_patro_and_the_account() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "Patro: Val", "chef@patro.be").unwrap();
        assert!(url.starts_with("otpauth://totp/Patro%20%20Val:"), "{url}");
        assert!(url.contains(&format!("secret={secret}")), "{url}");
        assert!(url.contains("chef%40patro.be"), "{url}");
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 10);
        assert_eq!(codes[0].len(), 19);
        assert_eq!(
            normalize_recovery_code(&codes[0].to_uppercase().replace('-', " ")),
            codes[0].replace('-', "")
        );
    }
}
