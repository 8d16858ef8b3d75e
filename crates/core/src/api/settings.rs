//! The Patro's configuration as the API shows it: sections, cycles and their fees, staff roles.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::section::Gender;
use crate::{Amount, Cycle, Role};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SectionView {
    pub id: i64,
    pub name: String,
    /// Youngest age taken.
    pub min_age: u8,
    /// First age no longer taken: "Benjamins 6-9 ans" take 6, 7 and 8.
    pub max_age: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    pub position: i64,
    /// "Benjamins 6-9 ans".
    pub label: String,
}

/// Creates or replaces a section.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SectionInput {
    pub name: String,
    /// `6-9`: from 6 included to 9 excluded.
    pub ages: String,
    /// `boy`, `girl`, or absent for a mixed section.
    #[serde(default)]
    pub gender: Option<String>,
    /// Place in lists; after the others when absent.
    #[serde(default)]
    pub position: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CycleView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-2027"))]
    pub cycle: Cycle,
    pub current: bool,
    pub first_day: Date,
    pub last_day: Date,
    /// Euro cents.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub normal_fee: Amount,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub solidarity_fee: Amount,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub sibling_discount: Amount,
    /// How many children are affiliated for it.
    pub affiliations: u32,
}

/// Opens a cycle, or changes its fees. Amounts as people type them (`45`, `45,00`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CycleInput {
    pub cycle: String,
    pub normal_fee: String,
    pub solidarity_fee: String,
    #[serde(default)]
    pub sibling_discount: Option<String>,
}

/// Sets a staff member's role and, for an animateur, the sections they lead.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffRoleInput {
    pub role: Role,
    /// Section names or ids.
    #[serde(default)]
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffView {
    pub account: super::AccountView,
    pub sections: Vec<SectionView>,
}
