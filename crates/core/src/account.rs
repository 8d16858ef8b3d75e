//! Accounts: who may log in, on which side, and how an account's status may change.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Email, Error, Lang, PersonName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Parent,
    Animateur,
    Responsable,
}

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Animateur | Role::Responsable)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Parent => "parent",
            Role::Animateur => "animateur",
            Role::Responsable => "responsable",
        }
    }

    pub fn parse(input: &str) -> Option<Role> {
        match input.trim().to_lowercase().as_str() {
            "parent" => Some(Role::Parent),
            "animateur" => Some(Role::Animateur),
            "responsable" => Some(Role::Responsable),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Parent => "parent",
            Role::Animateur => lang.pick("animateur", "leader"),
            Role::Responsable => lang.pick("responsable", "head"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    /// Signed up, waiting for the Patro to confirm this is a member's parent.
    Pending,
    Active,
    Rejected,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Active => "active",
            AccountStatus::Rejected => "rejected",
            AccountStatus::Disabled => "disabled",
        }
    }

    pub fn parse(input: &str) -> Option<AccountStatus> {
        match input.trim().to_lowercase().as_str() {
            "pending" => Some(AccountStatus::Pending),
            "active" => Some(AccountStatus::Active),
            "rejected" => Some(AccountStatus::Rejected),
            "disabled" => Some(AccountStatus::Disabled),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AccountStatus::Pending => lang.pick("en attente", "pending"),
            AccountStatus::Active => lang.pick("actif", "active"),
            AccountStatus::Rejected => lang.pick("refusé", "rejected"),
            AccountStatus::Disabled => lang.pick("désactivé", "disabled"),
        }
    }

    /// The only moves between statuses: a pending sign-up is approved or rejected; an active
    /// account can be disabled and enabled again; a rejected request can still be approved when the
    /// Patro finds it was a mistake. Nothing goes back to pending.
    pub fn apply(self, change: StatusChange) -> Result<AccountStatus, Error> {
        use AccountStatus::*;
        match (self, change) {
            (Pending | Rejected, StatusChange::Approve) => Ok(Active),
            (Pending, StatusChange::Reject) => Ok(Rejected),
            (Active, StatusChange::Disable) => Ok(Disabled),
            (Disabled, StatusChange::Enable) => Ok(Active),
            (from, change) => Err(Error::StatusChange { from, change }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusChange {
    Approve,
    Reject,
    Disable,
    Enable,
}

impl StatusChange {
    pub(crate) fn verb_fr(self) -> &'static str {
        match self {
            StatusChange::Approve => "valider",
            StatusChange::Reject => "refuser",
            StatusChange::Disable => "désactiver",
            StatusChange::Enable => "réactiver",
        }
    }

    pub(crate) fn verb_en(self) -> &'static str {
        match self {
            StatusChange::Approve => "approve",
            StatusChange::Reject => "reject",
            StatusChange::Disable => "disable",
            StatusChange::Enable => "enable",
        }
    }
}

/// Which door someone logs in through: the parents' space or the leaders' intranet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Portal {
    Parents,
    Staff,
}

/// Why a correct e-mail and password still do not open a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Pending, and its holder has not entered the code sent to the address yet.
    EmailUnconfirmed,
    Pending,
    Rejected,
    Disabled,
    StaffOnly,
}

impl LoginRefusal {
    pub fn code(self) -> &'static str {
        match self {
            LoginRefusal::EmailUnconfirmed => "email_unconfirmed",
            LoginRefusal::Pending => "account_pending",
            LoginRefusal::Rejected => "account_rejected",
            LoginRefusal::Disabled => "account_disabled",
            LoginRefusal::StaffOnly => "staff_only",
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            LoginRefusal::EmailUnconfirmed => lang.pick(
                "Confirmez d'abord votre adresse e-mail avec le code qui vous y a été envoyé",
                "First confirm your e-mail address with the code sent to it",
            ),
            LoginRefusal::Pending => lang.pick(
                "Votre compte est en attente de validation par le Patro",
                "Your account is waiting for the Patro's approval",
            ),
            LoginRefusal::Rejected => lang.pick(
                "Votre demande de compte a été refusée par le Patro. Contactez le Patro si vous pensez qu'il s'agit d'une erreur.",
                "The Patro declined your account request. Contact the Patro if you think this is a mistake.",
            ),
            LoginRefusal::Disabled => lang.pick(
                "Votre compte a été désactivé. Contactez le Patro pour le réactiver.",
                "Your account has been disabled. Contact the Patro to enable it again.",
            ),
            LoginRefusal::StaffOnly => lang.pick(
                "L'intranet est réservé aux animateurs",
                "The intranet is for leaders only",
            ),
        }
    }
}

/// An account as the domain knows it, built from parsed parts only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub role: Role,
    pub status: AccountStatus,
    /// Whether its holder proved the address with the code sent to it.
    pub email_verified: bool,
}

impl Account {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// Whether this account may open a session on `portal`, its password being right.
    pub fn may_log_in(&self, portal: Portal) -> Result<(), LoginRefusal> {
        match self.status {
            AccountStatus::Pending if !self.email_verified => {
                return Err(LoginRefusal::EmailUnconfirmed);
            }
            AccountStatus::Pending => return Err(LoginRefusal::Pending),
            AccountStatus::Rejected => return Err(LoginRefusal::Rejected),
            AccountStatus::Disabled => return Err(LoginRefusal::Disabled),
            AccountStatus::Active => {}
        }
        if portal == Portal::Staff && !self.role.is_staff() {
            return Err(LoginRefusal::StaffOnly);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, status: AccountStatus) -> Account {
        Account {
            id: AccountId(1),
            email: Email::parse("papa.billy@patro.be").unwrap(),
            first_name: PersonName::parse("Papa").unwrap(),
            last_name: PersonName::parse("de Billy").unwrap(),
            role,
            status,
            email_verified: true,
        }
    }

    #[test]
    fn the_allowed_moves_between_statuses() {
        use AccountStatus::*;
        use StatusChange::*;
        let allowed = [
            (Pending, Approve, Active),
            (Pending, Reject, Rejected),
            (Rejected, Approve, Active),
            (Active, Disable, Disabled),
            (Disabled, Enable, Active),
        ];
        for (from, change, to) in allowed {
            assert_eq!(from.apply(change), Ok(to), "{from:?} {change:?}");
        }
    }

    #[test]
    fn every_other_move_is_refused() {
        use AccountStatus::*;
        use StatusChange::*;
        let refused = [
            (Active, Approve),
            (Active, Reject),
            (Active, Enable),
            (Pending, Disable),
            (Pending, Enable),
            (Rejected, Reject),
            (Rejected, Disable),
            (Rejected, Enable),
            (Disabled, Approve),
            (Disabled, Reject),
            (Disabled, Disable),
        ];
        for (from, change) in refused {
            assert_eq!(
                from.apply(change),
                Err(Error::StatusChange { from, change }),
                "{from:?} {change:?}"
            );
        }
    }

    #[test]
    fn a_refused_move_reads_as_a_sentence() {
        let error = AccountStatus::Active
            .apply(StatusChange::Approve)
            .unwrap_err();
        assert_eq!(error.to_string(), "impossible de valider un compte actif");
    }

    #[test]
    fn only_an_active_account_logs_in() {
        let cases = [
            (AccountStatus::Pending, Err(LoginRefusal::Pending)),
            (AccountStatus::Rejected, Err(LoginRefusal::Rejected)),
            (AccountStatus::Disabled, Err(LoginRefusal::Disabled)),
            (AccountStatus::Active, Ok(())),
        ];
        for (status, expected) in cases {
            assert_eq!(
                account(Role::Parent, status).may_log_in(Portal::Parents),
                expected
            );
        }
    }

    #[test]
    fn a_parent_is_refused_on_the_staff_side() {
        let parent = account(Role::Parent, AccountStatus::Active);
        assert_eq!(
            parent.may_log_in(Portal::Staff),
            Err(LoginRefusal::StaffOnly)
        );
        assert_eq!(
            LoginRefusal::StaffOnly.message(Lang::Fr),
            "L'intranet est réservé aux animateurs"
        );
    }

    #[test]
    fn staff_log_in_on_both_sides() {
        for role in [Role::Animateur, Role::Responsable] {
            let staff = account(role, AccountStatus::Active);
            assert_eq!(staff.may_log_in(Portal::Staff), Ok(()));
            assert_eq!(staff.may_log_in(Portal::Parents), Ok(()));
        }
    }

    #[test]
    fn a_pending_account_is_told_before_its_side_is_checked() {
        let parent = account(Role::Parent, AccountStatus::Pending);
        assert_eq!(parent.may_log_in(Portal::Staff), Err(LoginRefusal::Pending));
    }

    #[test]
    fn a_pending_account_is_first_asked_to_confirm_its_address() {
        let parent = Account {
            email_verified: false,
            ..account(Role::Parent, AccountStatus::Pending)
        };
        assert_eq!(
            parent.may_log_in(Portal::Parents),
            Err(LoginRefusal::EmailUnconfirmed)
        );
    }

    #[test]
    fn the_full_name_joins_first_and_last() {
        assert_eq!(
            account(Role::Parent, AccountStatus::Active).full_name(),
            "Papa de Billy"
        );
    }
}
