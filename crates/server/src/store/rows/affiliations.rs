//! A child's affiliation for a cycle, with its due.

use super::dues::{DUE_COLUMNS, DueSummaryRow};
use super::{Flag, corrupt, cycle_from};
use crate::store::{StoreResult, StoredAffiliation};

/// An affiliation's columns, prefixed `a_`, for queries that join `affiliations a` and its
/// `dues d`; the due's come after.
pub fn affiliation_columns() -> String {
    format!(
        "a.child_id AS a_child_id, a.cycle AS a_cycle, a.section_id AS a_section_id, \
         a.solidarity AS a_solidarity, {DUE_COLUMNS}"
    )
}

/// The [`affiliation_columns`] of a row, all NULL when a left join found no affiliation.
#[derive(sqlx::FromRow)]
pub struct AffiliationRow {
    #[sqlx(rename = "a_child_id")]
    child_id: Option<i64>,
    #[sqlx(rename = "a_cycle")]
    cycle: Option<i64>,
    #[sqlx(rename = "a_section_id")]
    section_id: Option<i64>,
    #[sqlx(rename = "a_solidarity")]
    solidarity: Option<Flag>,
    #[sqlx(flatten)]
    due: DueSummaryRow,
}

impl AffiliationRow {
    /// The affiliation, `None` when a left join found none.
    pub fn into_affiliation(self) -> StoreResult<Option<StoredAffiliation>> {
        let Some(child_id) = self.child_id else {
            return Ok(None);
        };
        Ok(Some(StoredAffiliation {
            child_id,
            cycle: cycle_from(
                self.cycle
                    .ok_or_else(|| corrupt("affiliation", "without its cycle"))?,
            )?,
            section_id: self.section_id,
            solidarity: self
                .solidarity
                .ok_or_else(|| corrupt("affiliation", "without its solidarity flag"))?
                .0,
            due: self
                .due
                .into_summary()?
                .ok_or_else(|| corrupt("affiliation", "without its due"))?,
        }))
    }
}

/// An affiliation with its child's name, as the list of a cycle's affiliations reads it.
#[derive(sqlx::FromRow)]
pub struct NamedAffiliationRow {
    #[sqlx(flatten)]
    affiliation: AffiliationRow,
    first_name: String,
    last_name: String,
}

impl NamedAffiliationRow {
    pub fn into_named(self) -> StoreResult<Option<(StoredAffiliation, String)>> {
        let name = format!("{} {}", self.first_name, self.last_name);
        Ok(self.affiliation.into_affiliation()?.map(|a| (a, name)))
    }
}

pub fn affiliation_summary(affiliation: &StoredAffiliation) -> String {
    format!(
        "{} · {}{}",
        affiliation.cycle,
        affiliation.due.amount,
        if affiliation.solidarity {
            " · solidaire"
        } else {
            ""
        }
    )
}
