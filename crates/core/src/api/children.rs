//! Children, their sheets, links to parents, affiliations and the audit log.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::SectionView;
use super::double_option;
use crate::child::FieldChange;
use crate::section::Gender;
use crate::{Amount, Cycle, PaymentMethod};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContactView {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DoctorView {
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AddressView {
    pub street: String,
    pub postal_code: u16,
    pub locality: String,
    /// "Rue du Roeulx 23, 7110 Maurage".
    pub line: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImageRightsView {
    pub granted: bool,
    /// When and by whom it was last set; absent until someone sets it.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub set_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentView {
    pub paid_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Amount,
    pub method: PaymentMethod,
}

/// One child's membership for one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AffiliationView {
    pub child_id: i64,
    /// "Billy LE PIVERT".
    pub child_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-2027"))]
    pub cycle: Cycle,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView>,
    /// Euro cents, solidarity and sibling discount applied.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fee: Amount,
    /// The reduced "affiliation solidaire".
    pub solidarity: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// Where its due stands, partial payments included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueBrief>,
}

/// A due in brief, for the records that carry one (affiliations, registrations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DueBrief {
    pub id: i64,
    pub status: crate::payment::DueStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub paid: Amount,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub left: Amount,
    /// `+++100/0000/00196+++`.
    pub reference: String,
}

impl AffiliationView {
    pub fn paid(&self) -> bool {
        self.payment.is_some()
    }
}

/// A line of "Gérer mes enfants", or of the staff's children list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChildSummary {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub age: u32,
    /// The section of the cycle asked for (the current one by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView>,
    /// The affiliation of that cycle, if any; absent for a leader's view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<AffiliationView>,
    /// How many parent accounts are linked.
    pub parents: u32,
}

/// A parent account linked to a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ParentLink {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

/// What a renewal made now would create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RenewalOffer {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2027-2028"))]
    pub cycle: Cycle,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fee: Amount,
    pub solidarity: bool,
}

/// "Vous visualisez la fiche de Billy LE PIVERT". What a caller does not have the right to see is
/// absent: a leader sees names, section and contacts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChildSheet {
    pub id: i64,
    /// Send it back with a change: a save over a newer version is refused.
    pub version: i64,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub age: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressView>,
    /// The section of the current cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_rights: Option<ImageRightsView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_contact: Option<ContactView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_contact: Option<ContactView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor: Option<DoctorView>,
    /// Oldest first.
    #[serde(default)]
    pub affiliations: Vec<AffiliationView>,
    /// Past camps and hikes, "Opont 2025", oldest first.
    #[serde(default)]
    pub camps: Vec<String>,
    pub created_on: Date,
    #[serde(default)]
    pub parents: Vec<ParentLink>,
    /// Present when "Renouveler une affiliation" is possible now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<RenewalOffer>,
}

impl ChildSheet {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DoctorInput {
    pub name: String,
    pub phone: String,
}

/// A change of a sheet: only the fields sent change; `null` clears an optional part. Values as
/// people type them (`01/05/2018`, `0412 34 56 78`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChildPatch {
    /// The `version` of the sheet this change was made on.
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub gender: Option<Option<String>>,
    /// "Rue du Roeulx 23, 7110 Maurage".
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub address: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_rights: Option<bool>,
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactInput>))]
    pub primary_contact: Option<Option<ContactInput>>,
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactInput>))]
    pub secondary_contact: Option<Option<ContactInput>>,
    #[serde(
        default,
        deserialize_with = "double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DoctorInput>))]
    pub doctor: Option<Option<DoctorInput>>,
}

/// Staff: a new child. Unless `affiliate` is false, the child is affiliated for the current cycle,
/// unpaid, in `section_id` or the section its age suggests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewChild {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// A section's name or id, overriding the suggested one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliate: Option<bool>,
    #[serde(default)]
    pub solidarity: bool,
}

/// Staff: links a parent account to a child.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkParent {
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum LinkRequestStatus {
    Pending,
    Approved,
    Rejected,
}

/// "Mon enfant n'apparaît pas": a parent asks the Patro to link a child they do not see.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkRequestInput {
    pub child_first_name: String,
    pub child_last_name: String,
    pub birth_date: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkRequestView {
    pub id: i64,
    pub parent: ParentLink,
    pub child_first_name: String,
    pub child_last_name: String,
    pub birth_date: Date,
    pub message: String,
    pub status: LinkRequestStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// The child it was linked to, once approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Staff: approves a link request by naming the child it is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkRequestApproval {
    pub child_id: i64,
}

/// Staff: records an affiliation's payment. Absent fields: today, the fee, a bank transfer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentInput {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SolidarityInput {
    pub granted: bool,
}

/// Staff: puts a child in another section than the suggested one, for one cycle.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SectionChoice {
    /// A section's name or id.
    pub section: String,
}

/// One line of a child's history: who did what, when, and the fields' old and new values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    /// "Papa de Billy (papa.billy@…)".
    pub actor: String,
    /// `child_created`, `child_updated`, `parent_linked`, `affiliation_paid`…
    pub action: String,
    #[serde(default)]
    pub changes: Vec<AuditChange>,
}

/// A field's old and new values in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditChange {
    /// `primary_contact`, `solidarity`, `payment`…
    pub field: String,
    #[serde(default)]
    pub old: Option<String>,
    #[serde(default)]
    pub new: Option<String>,
}

impl From<FieldChange> for AuditChange {
    fn from(change: FieldChange) -> AuditChange {
        AuditChange {
            field: change.field.key().to_owned(),
            old: change.old,
            new: change.new,
        }
    }
}
