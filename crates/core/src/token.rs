//! API tokens for scripts: what each scope lets a cron job do.

use serde::{Deserialize, Serialize};

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    /// Reading only.
    Read,
    /// Reading, for lists that go out to the leaders.
    Export,
    /// Reading, and bank statements, payments and reminders.
    Payments,
    /// Reading, and the nightly imports of members.
    Import,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Export => "export",
            TokenScope::Payments => "payments",
            TokenScope::Import => "import",
        }
    }

    pub fn parse(input: &str) -> Option<TokenScope> {
        match input.trim().to_lowercase().as_str() {
            "read" => Some(TokenScope::Read),
            "export" => Some(TokenScope::Export),
            "payments" => Some(TokenScope::Payments),
            "import" => Some(TokenScope::Import),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TokenScope::Read => lang.pick("lecture", "read"),
            TokenScope::Export => lang.pick("exports", "exports"),
            TokenScope::Payments => lang.pick("paiements", "payments"),
            TokenScope::Import => lang.pick("imports", "imports"),
        }
    }

    /// Whether a request of this kind is within the scope. Every scope reads; writing is limited
    /// to the scope's own area of the API (its paths under `/api/v1`).
    pub fn allows(self, writes: bool, path: &str) -> bool {
        if !writes {
            return true;
        }
        match self {
            TokenScope::Read | TokenScope::Export => false,
            TokenScope::Payments => {
                // Payments come in; nothing here creates or cancels what families owe.
                (path.starts_with("/api/v1/dues/") && path.ends_with("/payments"))
                    || path.starts_with("/api/v1/bank-statements")
                    || path.starts_with("/api/v1/bank-lines")
                    || path == "/api/v1/reminders"
            }
            TokenScope::Import => path.starts_with("/api/v1/imports"),
        }
    }
}

/// A token's name: what the audit and `tokens list` show, e.g. `import-nocturne`.
pub fn parse_token_name(input: &str) -> Result<String, crate::Error> {
    let name = input.trim();
    if name.is_empty() {
        return Err(crate::Error::Required);
    }
    if name.chars().count() > 60 {
        return Err(crate::Error::TooLong { max: 60 });
    }
    match name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some(c) => Err(crate::Error::ForbiddenCharacter(c)),
        None => Ok(name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_reads() {
        for scope in [
            TokenScope::Read,
            TokenScope::Export,
            TokenScope::Payments,
            TokenScope::Import,
        ] {
            assert!(scope.allows(false, "/api/v1/children"), "{scope:?}");
        }
    }

    #[test]
    fn writing_stays_in_the_scopes_area() {
        assert!(TokenScope::Payments.allows(true, "/api/v1/bank-statements"));
        assert!(TokenScope::Payments.allows(true, "/api/v1/dues/3/payments"));
        assert!(!TokenScope::Payments.allows(true, "/api/v1/children"));
        assert!(!TokenScope::Payments.allows(true, "/api/v1/dues"));
        assert!(!TokenScope::Payments.allows(true, "/api/v1/dues/3/cancel"));
        assert!(TokenScope::Import.allows(true, "/api/v1/imports/children"));
        assert!(!TokenScope::Import.allows(true, "/api/v1/bank-statements"));
        assert!(!TokenScope::Read.allows(true, "/api/v1/dues/3/payments"));
        assert!(!TokenScope::Export.allows(true, "/api/v1/news"));
    }

    #[test]
    fn names_are_short_words() {
        assert_eq!(
            parse_token_name(" import-nocturne ").unwrap(),
            "import-nocturne"
        );
        assert_eq!(
            parse_token_name("import nocturne"),
            Err(crate::Error::ForbiddenCharacter(' '))
        );
        assert_eq!(parse_token_name(""), Err(crate::Error::Required));
    }

    #[test]
    fn scopes_read_their_names() {
        assert_eq!(TokenScope::parse("Payments"), Some(TokenScope::Payments));
        assert_eq!(TokenScope::parse("admin"), None);
    }
}
