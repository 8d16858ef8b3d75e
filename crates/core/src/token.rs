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

    /// Whether a request (`method` and the whole `path`, query left out) is within the scope.
    /// Each scope does one job, reading included: what the job does not need is refused, and no
    /// scope reaches accounts, medical sheets, a child's history or the audit log.
    pub fn allows(self, method: &str, path: &str) -> bool {
        let writes = !matches!(method, "GET" | "HEAD");
        let Some(rest) = path.strip_prefix("/api/v1/") else {
            return false;
        };
        let segments: Vec<&str> = rest.split('/').collect();
        match (self, writes) {
            (TokenScope::Read, false) => reads_children(&segments),
            // The export command finds an activity by its name.
            (TokenScope::Export, false) => matches!(segments[..], ["exports", _] | ["activities"]),
            (TokenScope::Payments, false) => {
                matches!(segments[..], ["dues"] | ["dues", _] | ["bank-lines"])
            }
            // Payments come in; nothing here creates or cancels what families owe.
            (TokenScope::Payments, true) => matches!(
                segments[..],
                ["dues", _, "payments"]
                    | ["bank-statements"]
                    | ["bank-lines", "match"]
                    | ["reminders"]
            ),
            (TokenScope::Import, true) => {
                matches!(segments[..], ["imports", "children" | "parents"])
            }
            (TokenScope::Read | TokenScope::Export, true) | (TokenScope::Import, false) => false,
        }
    }
}

/// The children's lists and sheets, and what names their sections, cycles and activities: never
/// the medical sheet (`/children/{id}/medical`) nor the child's history.
fn reads_children(segments: &[&str]) -> bool {
    matches!(
        segments,
        ["children"]
            | ["children", _]
            | ["children", _, "activities"]
            | ["affiliations"]
            | ["sections"]
            | ["cycles"]
            | ["cycles", _]
            | ["activities"]
            | ["activities", _]
            | ["activities", _, "participants"]
    )
}

/// How long a new token lives: `90d` (days) or `12w` (weeks), a year when not said, two years at
/// most, so that a token forgotten in a script stops working on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(u16);

impl TokenLifetime {
    /// A year: a nightly job's token is renewed with the Patro's year, not every few weeks.
    pub const DEFAULT: TokenLifetime = TokenLifetime(365);
    /// Two years, the longest a secret may sit in a script unrenewed.
    pub const MAX_DAYS: u16 = 730;

    /// `90d`, `90 j`, `12w`, `12 sem` (case ignored).
    pub fn parse(input: &str) -> Result<TokenLifetime, crate::Error> {
        let text = input.trim().to_lowercase();
        if text.is_empty() {
            return Err(crate::Error::Required);
        }
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or(crate::Error::TokenLifetimeUnreadable)?;
        let (number, unit) = text.split_at(split);
        let count: u32 = number
            .parse()
            .map_err(|_| crate::Error::TokenLifetimeUnreadable)?;
        let per_unit = match unit.trim() {
            "d" | "j" => 1,
            "w" | "sem" => 7,
            _ => return Err(crate::Error::TokenLifetimeUnreadable),
        };
        TokenLifetime::days(count.saturating_mul(per_unit))
    }

    /// A lifetime of `days` days, between one day and [`TokenLifetime::MAX_DAYS`].
    pub fn days(days: u32) -> Result<TokenLifetime, crate::Error> {
        match u16::try_from(days) {
            Ok(0) => Err(crate::Error::TokenLifetimeUnreadable),
            Ok(days) if days <= TokenLifetime::MAX_DAYS => Ok(TokenLifetime(days)),
            _ => Err(crate::Error::TokenLifetimeTooLong {
                max_days: TokenLifetime::MAX_DAYS,
            }),
        }
    }

    pub fn in_days(self) -> u16 {
        self.0
    }

    pub fn duration(self) -> time::Duration {
        time::Duration::days(i64::from(self.0))
    }
}

impl Default for TokenLifetime {
    fn default() -> Self {
        TokenLifetime::DEFAULT
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

    const SCOPES: [TokenScope; 4] = [
        TokenScope::Read,
        TokenScope::Export,
        TokenScope::Payments,
        TokenScope::Import,
    ];

    #[test]
    fn no_scope_reads_accounts_medical_sheets_histories_or_the_audit() {
        for scope in SCOPES {
            for path in [
                "/api/v1/accounts",
                "/api/v1/me",
                "/api/v1/me/dashboard",
                "/api/v1/link-requests",
                "/api/v1/children/3/medical",
                "/api/v1/medical-readings",
                "/api/v1/children/3/history",
                "/api/v1/audit",
                "/api/v1/tokens",
                "/api/v1/news",
            ] {
                assert!(!scope.allows("GET", path), "{scope:?} reads {path}");
            }
            assert!(
                !scope.allows("PUT", "/api/v1/children/3/medical"),
                "{scope:?}"
            );
            assert!(!scope.allows("POST", "/api/v1/tokens"), "{scope:?}");
            assert!(
                !scope.allows("GET", "/children"),
                "{scope:?} outside the API"
            );
        }
    }

    #[test]
    fn read_reads_the_children_and_nothing_else() {
        let read = TokenScope::Read;
        for path in [
            "/api/v1/children",
            "/api/v1/children/3",
            "/api/v1/children/3/activities",
            "/api/v1/affiliations",
            "/api/v1/sections",
            "/api/v1/cycles/2026-2027",
            "/api/v1/activities/2/participants",
        ] {
            assert!(read.allows("GET", path), "{path}");
        }
        for path in [
            "/api/v1/exports/children",
            "/api/v1/dues",
            "/api/v1/bank-lines",
        ] {
            assert!(!read.allows("GET", path), "{path}");
        }
        assert!(!read.allows("POST", "/api/v1/children"));
        assert!(!read.allows("PATCH", "/api/v1/children/3"));
    }

    #[test]
    fn export_reads_the_exports_only() {
        let export = TokenScope::Export;
        assert!(export.allows("GET", "/api/v1/exports/participants"));
        assert!(export.allows("GET", "/api/v1/activities"));
        assert!(!export.allows("GET", "/api/v1/children"));
        assert!(!export.allows("GET", "/api/v1/children/3"));
        assert!(!export.allows("GET", "/api/v1/dues"));
        assert!(!export.allows("POST", "/api/v1/news"));
    }

    #[test]
    fn payments_read_and_write_the_payments_only() {
        let payments = TokenScope::Payments;
        assert!(payments.allows("GET", "/api/v1/dues"));
        assert!(payments.allows("GET", "/api/v1/dues/3"));
        assert!(payments.allows("GET", "/api/v1/bank-lines"));
        assert!(payments.allows("POST", "/api/v1/bank-statements"));
        assert!(payments.allows("POST", "/api/v1/bank-lines/match"));
        assert!(payments.allows("POST", "/api/v1/dues/3/payments"));
        assert!(payments.allows("POST", "/api/v1/reminders"));
        assert!(!payments.allows("POST", "/api/v1/dues"));
        assert!(!payments.allows("POST", "/api/v1/dues/3/cancel"));
        assert!(!payments.allows("GET", "/api/v1/children"));
        assert!(!payments.allows("GET", "/api/v1/exports/dues"));
    }

    #[test]
    fn import_imports_and_reads_nothing() {
        let import = TokenScope::Import;
        assert!(import.allows("POST", "/api/v1/imports/children"));
        assert!(import.allows("POST", "/api/v1/imports/parents"));
        assert!(!import.allows("GET", "/api/v1/children"));
        assert!(!import.allows("POST", "/api/v1/bank-statements"));
    }

    #[test]
    fn lifetimes_read_days_and_weeks_up_to_two_years() {
        assert_eq!(TokenLifetime::parse("90d").unwrap().in_days(), 90);
        assert_eq!(TokenLifetime::parse(" 90 J ").unwrap().in_days(), 90);
        assert_eq!(TokenLifetime::parse("12w").unwrap().in_days(), 84);
        assert_eq!(TokenLifetime::parse("2sem").unwrap().in_days(), 14);
        assert_eq!(TokenLifetime::parse("730d").unwrap().in_days(), 730);
        assert_eq!(TokenLifetime::default().in_days(), 365);
        assert_eq!(
            TokenLifetime::parse("731d"),
            Err(crate::Error::TokenLifetimeTooLong { max_days: 730 })
        );
        assert_eq!(
            TokenLifetime::parse("99999999999w"),
            Err(crate::Error::TokenLifetimeUnreadable)
        );
        assert_eq!(
            TokenLifetime::parse("5000w"),
            Err(crate::Error::TokenLifetimeTooLong { max_days: 730 })
        );
        for unreadable in ["90", "0d", "d", "-3d", "3 mois", "1.5w"] {
            assert_eq!(
                TokenLifetime::parse(unreadable),
                Err(crate::Error::TokenLifetimeUnreadable),
                "{unreadable}"
            );
        }
        assert_eq!(TokenLifetime::parse(" "), Err(crate::Error::Required));
        assert_eq!(
            TokenLifetime::days(0),
            Err(crate::Error::TokenLifetimeUnreadable)
        );
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
