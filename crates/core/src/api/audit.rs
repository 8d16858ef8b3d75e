//! The audit of privileged acts, as `tempatro-admin audit list` reads it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::children::AuditChange;
use crate::audit::AccountAction;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountActView {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    /// "Secrétariat du Patro (secretariat@…)", or the address typed for a failed login.
    pub actor: String,
    pub action: AccountAction,
    /// The account the act was about, by its address, if it still exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Where the request came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default)]
    pub changes: Vec<AuditChange>,
}
