//! Everything the server keeps, behind one interface. Handlers speak to [`Store`] only, so a second
//! database engine is a second implementation of these traits, not a change to the handlers.

mod accounts;
mod activities;
mod children;
mod content;
mod dues;
mod engine;
mod imports;
mod rows;
mod settings;
mod sql;

pub use accounts::{
    AccountFilter, AccountStore, ActFilter, EmailProof, Hits, LiveSession, NewAccount,
    PrivilegedAct, ProfileUpdate, Pruned, ResetCheck, SecondFactorState, StoredAccount, StoredAct,
    StoredToken,
};
pub use activities::{
    ActivityStore, NewActivity, Stay, StoredActivity, StoredMedical, StoredParticipant,
    StoredRegistration,
};
pub use children::{
    ChildQuery, ChildRow, ChildStore, LinkDecision, NewAffiliation, NewLinkRequest, Payment,
    StoredAffiliation, StoredChild, StoredLinkRequest,
};
pub use content::{
    ContentStore, NewDocument, NewsAudience, NewsFilter, StoredAudience, StoredDocument, StoredNews,
};
pub use dues::{
    DueFilter, DueKind, DueStore, DueSummary, ImportedLine, StoredBankLine, StoredDue,
    StoredPayment,
};
pub use engine::Engine;
pub use imports::{ChildWrite, ImportStore, ImportTx, MatchedChild, ParentWrite};
pub use settings::SettingsStore;
pub use sql::SqlStore;

use tempatro_core::AccountId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("an account already uses this e-mail")]
    DuplicateEmail,
    /// A unique name or key is taken (a section's name, a child's affiliation for a cycle).
    #[error("already exists")]
    Duplicate,
    /// Something the write refers to does not exist (a cycle not opened yet, a deleted section).
    #[error("missing reference: {0}")]
    Missing(&'static str),
    /// The row changed between reading it and writing it (a concurrent update won).
    #[error("the record changed meanwhile")]
    Conflict,
    /// The change would leave no active responsable to manage the Patro.
    #[error("the last active responsable")]
    LastResponsable,
    /// Another import holds the import lock.
    #[error("another import is running")]
    Busy,
    #[error("stored data is not valid any more: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Connections a server keeps to its database unless told otherwise.
pub const DEFAULT_POOL: u32 = 8;

/// All of it: what the server is given.
pub trait Store:
    AccountStore
    + ActivityStore
    + ChildStore
    + ContentStore
    + DueStore
    + ImportStore
    + SettingsStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: AccountStore
        + ActivityStore
        + ChildStore
        + ContentStore
        + DueStore
        + ImportStore
        + SettingsStore
        + Send
        + Sync
        + 'static
{
}

/// Who made a change, as the audit log records it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<AccountId>,
    /// "Papa de Billy (papa.billy@…)": kept even if the account goes.
    pub label: String,
}

impl Actor {
    pub fn of(account: &StoredAccount) -> Actor {
        Actor {
            id: Some(account.id),
            label: format!(
                "{} {} ({})",
                account.first_name, account.last_name, account.email
            ),
        }
    }
}
