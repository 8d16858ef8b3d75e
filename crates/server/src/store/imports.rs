//! Nightly imports: one transaction for a whole file, written batch by batch as the file streams
//! in, and kept only if every row was accepted.

use async_trait::async_trait;

use tempatro_core::api::AuditChange;
use tempatro_core::{AccountId, ChildRecord, Cycle, Email, PersonName, PhoneNumber};

use super::{Actor, NewAffiliation, StoreResult, StoredAccount};

/// A recorded child as an import compares it with a row.
#[derive(Debug, Clone)]
pub struct MatchedChild {
    pub id: i64,
    pub external_id: Option<String>,
    pub match_key: String,
    pub record: ChildRecord,
    /// Its affiliation in the cycle asked for: `Some(section)` if affiliated (the section may be
    /// unset), `None` if not.
    pub affiliation: Option<Option<i64>>,
}

/// A child's sheet as an import writes it.
pub struct ChildWrite<'a> {
    pub record: &'a ChildRecord,
    pub external_id: Option<&'a str>,
}

/// A parent's account as an import writes it.
pub struct ParentWrite<'a> {
    pub email: &'a Email,
    pub first_name: &'a PersonName,
    pub last_name: &'a PersonName,
    /// `None` leaves the recorded number.
    pub phone: Option<Option<&'a PhoneNumber>>,
}

#[async_trait]
pub trait ImportStore {
    /// Opens an import's transaction, holding the import lock until it is committed or dropped
    /// (dropping rolls everything back). [`super::StoreError::Busy`] if another import runs.
    async fn begin_import(&self) -> StoreResult<Box<dyn ImportTx>>;
}

/// What an import does inside its transaction. Every write is audited under `actor`.
#[async_trait]
pub trait ImportTx: Send {
    /// The children having one of these external ids or match keys, with their affiliation in
    /// `cycle`.
    async fn find_children(
        &mut self,
        external_ids: &[String],
        match_keys: &[String],
        cycle: Cycle,
    ) -> StoreResult<Vec<MatchedChild>>;

    /// Creates the children, returning their ids in the same order.
    async fn create_children(
        &mut self,
        children: &[ChildWrite<'_>],
        actor: &Actor,
    ) -> StoreResult<Vec<i64>>;

    async fn update_child(
        &mut self,
        id: i64,
        child: &ChildWrite<'_>,
        changes: &[AuditChange],
        actor: &Actor,
    ) -> StoreResult<()>;

    /// [`super::StoreError::Missing`] if the cycle is not open.
    async fn affiliate(
        &mut self,
        child: i64,
        affiliation: &NewAffiliation,
        actor: &Actor,
    ) -> StoreResult<()>;

    async fn move_to_section(
        &mut self,
        child: i64,
        cycle: Cycle,
        section: i64,
        change: AuditChange,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Accounts by normalized e-mail address.
    async fn find_accounts(&mut self, emails: &[String]) -> StoreResult<Vec<StoredAccount>>;

    /// Active parent accounts without a password yet (their owners choose one with a reset
    /// code), returned in the same order.
    async fn create_parents(
        &mut self,
        parents: &[ParentWrite<'_>],
    ) -> StoreResult<Vec<StoredAccount>>;

    async fn update_parent(
        &mut self,
        id: AccountId,
        parent: &ParentWrite<'_>,
        changes: &[AuditChange],
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Links each child to the parent beside it and updates the families' fees; for each pair,
    /// false if they were linked already.
    async fn link_parents(
        &mut self,
        links: &[(i64, &StoredAccount)],
        actor: &Actor,
    ) -> StoreResult<Vec<bool>>;

    async fn commit(self: Box<Self>) -> StoreResult<()>;
}
