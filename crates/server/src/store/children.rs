//! What the server keeps about children: their sheets, parents, affiliations, link requests,
//! camp history and audit log.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use tempatro_core::api::{AuditEntry, LinkRequestStatus};
use tempatro_core::{AccountId, Amount, ChildRecord, Cycle, FieldChange, PaymentMethod};

use super::{Actor, DueSummary, StoreResult, StoredAccount};

#[derive(Debug, Clone)]
pub struct StoredChild {
    pub id: i64,
    pub record: ChildRecord,
    pub image_rights_set_at: Option<OffsetDateTime>,
    pub image_rights_set_by: Option<String>,
    pub created_at: OffsetDateTime,
    pub version: i64,
    /// The secretariat's own identifier, set by imports.
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub paid_on: Date,
    pub amount: Amount,
    pub method: PaymentMethod,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAffiliation {
    pub child_id: i64,
    pub cycle: Cycle,
    pub section_id: Option<i64>,
    pub solidarity: bool,
    /// The fee, and what was paid for it.
    pub due: DueSummary,
}

#[derive(Debug, Clone)]
pub struct NewAffiliation {
    pub cycle: Cycle,
    pub section_id: Option<i64>,
    pub solidarity: bool,
}

/// Which children a list shows, and the cycle whose affiliation it looks at.
#[derive(Debug, Clone)]
pub struct ChildQuery {
    pub cycle: Cycle,
    /// Only this parent's children.
    pub parent: Option<AccountId>,
    /// Only children in one of these sections that cycle (an animateur's reach).
    pub sections_led: Option<Vec<i64>>,
    pub section: Option<i64>,
    pub unpaid: bool,
    pub solidarity: bool,
    pub unlinked: bool,
}

impl ChildQuery {
    pub fn all(cycle: Cycle) -> ChildQuery {
        ChildQuery {
            cycle,
            parent: None,
            sections_led: None,
            section: None,
            unpaid: false,
            solidarity: false,
            unlinked: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChildRow {
    pub child: StoredChild,
    pub affiliation: Option<StoredAffiliation>,
    pub parents: u32,
}

pub struct NewLinkRequest {
    pub account: AccountId,
    pub child_first_name: String,
    pub child_last_name: String,
    pub birth_date: Date,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct StoredLinkRequest {
    pub id: i64,
    pub account: AccountId,
    pub child_first_name: String,
    pub child_last_name: String,
    pub birth_date: Date,
    pub message: String,
    pub status: LinkRequestStatus,
    pub child_id: Option<i64>,
    pub reason: Option<String>,
    pub created_at: OffsetDateTime,
}

pub enum LinkDecision {
    /// Links the requesting parent to this child.
    Approve {
        child: i64,
    },
    Reject {
        reason: String,
    },
}

/// Every write here records itself in the audit log, in the same transaction.
#[async_trait]
pub trait ChildStore {
    /// Creates a child and, if asked, its first affiliation.
    async fn create_child(
        &self,
        record: &ChildRecord,
        affiliation: Option<&NewAffiliation>,
        actor: &Actor,
    ) -> StoreResult<i64>;
    async fn child(&self, id: i64) -> StoreResult<Option<StoredChild>>;
    /// Saves `record` if the sheet is still at `version` ([`StoreError::Conflict`] otherwise).
    async fn update_child(
        &self,
        id: i64,
        version: i64,
        record: &ChildRecord,
        changes: &[FieldChange],
        actor: &Actor,
    ) -> StoreResult<StoredChild>;
    async fn children(&self, query: &ChildQuery) -> StoreResult<Vec<ChildRow>>;

    /// The parents of these children, as (child, parent) by child then account.
    async fn parents_of_children(&self, children: &[i64])
    -> StoreResult<Vec<(i64, StoredAccount)>>;

    async fn parents_of(&self, child: i64) -> StoreResult<Vec<StoredAccount>> {
        Ok(self
            .parents_of_children(&[child])
            .await?
            .into_iter()
            .map(|(_, parent)| parent)
            .collect())
    }
    /// Every parent's account with each child linked to it (`None` for a parent without any),
    /// by name.
    async fn parent_links(&self) -> StoreResult<Vec<(StoredAccount, Option<i64>)>>;
    async fn is_parent(&self, account: AccountId, child: i64) -> StoreResult<bool>;
    /// Links a parent (no change if already linked) and updates the family's fees.
    async fn link_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<()>;
    /// Unlinks a parent; false if they were not linked.
    async fn unlink_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<bool>;

    /// Oldest first.
    async fn affiliations_of(&self, child: i64) -> StoreResult<Vec<StoredAffiliation>>;
    /// [`StoreError::Duplicate`] if it exists, [`StoreError::Missing`] if the cycle is not open.
    async fn create_affiliation(
        &self,
        child: i64,
        affiliation: &NewAffiliation,
        action: &str,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation>;
    async fn set_payment(
        &self,
        child: i64,
        cycle: Cycle,
        payment: Option<&Payment>,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation>;
    async fn set_solidarity(
        &self,
        child: i64,
        cycle: Cycle,
        granted: bool,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation>;
    async fn set_affiliation_section(
        &self,
        child: i64,
        cycle: Cycle,
        section: i64,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation>;
    /// With each affiliation, the child's full name.
    async fn affiliations(
        &self,
        cycle: Option<Cycle>,
        unpaid_only: bool,
    ) -> StoreResult<Vec<(StoredAffiliation, String)>>;
    /// How many of the child's brothers and sisters, born before them, are affiliated that cycle:
    /// 0 for the eldest, who pays the full fee.
    async fn family_rank(&self, child: i64, cycle: Cycle) -> StoreResult<usize>;

    async fn audit_of(&self, child: i64) -> StoreResult<Vec<AuditEntry>>;
    /// Names of the camps and hikes the child was registered for that ended before `today`.
    async fn camps_of(&self, child: i64, today: Date) -> StoreResult<Vec<String>>;
    async fn create_link_request(&self, request: &NewLinkRequest)
    -> StoreResult<StoredLinkRequest>;
    async fn link_requests(
        &self,
        status: Option<LinkRequestStatus>,
        account: Option<AccountId>,
    ) -> StoreResult<Vec<StoredLinkRequest>>;
    async fn link_request(&self, id: i64) -> StoreResult<Option<StoredLinkRequest>>;
    /// Decides a pending request ([`StoreError::Conflict`] if already decided); approving links
    /// the parent to the child in the same transaction.
    async fn decide_link_request(
        &self,
        id: i64,
        decision: &LinkDecision,
        actor: &Actor,
    ) -> StoreResult<StoredLinkRequest>;
}
