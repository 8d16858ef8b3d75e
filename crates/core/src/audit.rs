//! The privileged acts a Patro must be able to account for afterwards: who let whom in, who gave
//! whom which rights, who signed in on the staff side. Changes to children's records have their own
//! actions, written by the store beside each change.

use serde::{Deserialize, Serialize};

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountAction {
    AccountApproved,
    AccountRejected,
    /// A staff member's role or sections.
    StaffChanged,
    AccountDisabled,
    SecondFactorEnabled,
    SecondFactorDisabled,
    /// The server's operator removed a lost second factor.
    SecondFactorReset,
    TokenCreated,
    TokenRevoked,
    StaffLogin,
    StaffLoginFailed,
    EmailChanged,
}

impl AccountAction {
    pub const ALL: [AccountAction; 12] = [
        AccountAction::AccountApproved,
        AccountAction::AccountRejected,
        AccountAction::StaffChanged,
        AccountAction::AccountDisabled,
        AccountAction::SecondFactorEnabled,
        AccountAction::SecondFactorDisabled,
        AccountAction::SecondFactorReset,
        AccountAction::TokenCreated,
        AccountAction::TokenRevoked,
        AccountAction::StaffLogin,
        AccountAction::StaffLoginFailed,
        AccountAction::EmailChanged,
    ];

    /// The name stored in the audit log's `action` column, beside the children's actions.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::AccountApproved => "account_approved",
            AccountAction::AccountRejected => "account_rejected",
            AccountAction::StaffChanged => "staff_changed",
            AccountAction::AccountDisabled => "account_disabled",
            AccountAction::SecondFactorEnabled => "second_factor_enabled",
            AccountAction::SecondFactorDisabled => "second_factor_disabled",
            AccountAction::SecondFactorReset => "second_factor_reset",
            AccountAction::TokenCreated => "token_created",
            AccountAction::TokenRevoked => "token_revoked",
            AccountAction::StaffLogin => "staff_login",
            AccountAction::StaffLoginFailed => "staff_login_failed",
            AccountAction::EmailChanged => "email_changed",
        }
    }

    pub fn parse(stored: &str) -> Option<AccountAction> {
        AccountAction::ALL
            .into_iter()
            .find(|action| action.as_str() == stored)
    }

    /// What the staff command line prints.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AccountAction::AccountApproved => lang.pick("compte approuvé", "account approved"),
            AccountAction::AccountRejected => lang.pick("compte refusé", "account rejected"),
            AccountAction::StaffChanged => {
                lang.pick("rôle ou sections changés", "role or sections changed")
            }
            AccountAction::AccountDisabled => lang.pick("compte désactivé", "account disabled"),
            AccountAction::SecondFactorEnabled => {
                lang.pick("double authentification activée", "two-factor enabled")
            }
            AccountAction::SecondFactorDisabled => {
                lang.pick("double authentification désactivée", "two-factor disabled")
            }
            AccountAction::SecondFactorReset => {
                lang.pick("double authentification réinitialisée", "two-factor reset")
            }
            AccountAction::TokenCreated => lang.pick("jeton créé", "token created"),
            AccountAction::TokenRevoked => lang.pick("jeton révoqué", "token revoked"),
            AccountAction::StaffLogin => lang.pick("connexion à l'intranet", "staff login"),
            AccountAction::StaffLoginFailed => {
                lang.pick("connexion à l'intranet refusée", "staff login failed")
            }
            AccountAction::EmailChanged => {
                lang.pick("adresse e-mail changée", "e-mail address changed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_stored_name() {
        for action in AccountAction::ALL {
            assert_eq!(AccountAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AccountAction::parse("child_updated"), None);
    }

    #[test]
    fn stored_names_are_the_serde_names() {
        for action in AccountAction::ALL {
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                serde_json::Value::String(action.as_str().to_owned())
            );
        }
    }
}
