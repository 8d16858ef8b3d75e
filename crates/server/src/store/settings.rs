//! The Patro's configuration that lives in the database: sections and cycles with their fees.

use async_trait::async_trait;

use tempatro_core::{AgeRange, Cycle, FeeSchedule, Gender, Section};

use super::StoreResult;

#[async_trait]
pub trait SettingsStore {
    /// In the Patro's order.
    async fn sections(&self) -> StoreResult<Vec<Section>>;
    /// Creates (`id` None) or replaces a section; [`StoreError::Duplicate`] for a taken name.
    async fn save_section(
        &self,
        id: Option<i64>,
        name: &str,
        ages: AgeRange,
        gender: Option<Gender>,
        position: Option<i64>,
    ) -> StoreResult<Section>;

    /// Each opened cycle with its fees and how many children are affiliated, oldest first.
    async fn cycles(&self) -> StoreResult<Vec<(Cycle, FeeSchedule, u32)>>;
    async fn cycle_fees(&self, cycle: Cycle) -> StoreResult<Option<FeeSchedule>>;
    /// Opens a cycle or changes its fees; the unpaid affiliations of the cycle follow.
    async fn save_cycle(&self, cycle: Cycle, fees: &FeeSchedule) -> StoreResult<()>;
}
