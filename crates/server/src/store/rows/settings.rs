//! Sections and cycles with their fees.

use tempatro_core::{AgeRange, Amount, Cycle, FeeSchedule, Gender, Section};

use super::{count, cycle_from};
use crate::store::StoreError;

#[derive(sqlx::FromRow)]
pub struct SectionRow {
    id: i64,
    name: String,
    min_age: i64,
    max_age: i64,
    gender: Option<String>,
    position: i64,
}

impl TryFrom<SectionRow> for Section {
    type Error = StoreError;

    fn try_from(row: SectionRow) -> Result<Self, StoreError> {
        let (min, max) = (row.min_age, row.max_age);
        let ages = u8::try_from(min)
            .ok()
            .zip(u8::try_from(max).ok())
            .and_then(|(min, max)| AgeRange::new(min, max).ok())
            .ok_or_else(|| StoreError::Corrupt(format!("section ages {min}-{max}")))?;
        Ok(Section {
            id: row.id,
            name: row.name,
            ages,
            gender: row.gender.as_deref().and_then(Gender::parse),
            position: row.position,
        })
    }
}

/// A cycle's fees.
#[derive(sqlx::FromRow)]
pub struct FeesRow {
    normal_fee: i64,
    solidarity_fee: i64,
    sibling_discount: i64,
}

impl From<FeesRow> for FeeSchedule {
    fn from(row: FeesRow) -> FeeSchedule {
        FeeSchedule {
            normal: Amount::from_cents(row.normal_fee),
            solidarity: Amount::from_cents(row.solidarity_fee),
            sibling_discount: Amount::from_cents(row.sibling_discount),
        }
    }
}

/// A cycle with its fees and how many children it has (`affiliated`), as `cycles()` lists it.
#[derive(sqlx::FromRow)]
pub struct CycleRow {
    start_year: i64,
    #[sqlx(flatten)]
    fees: FeesRow,
    affiliated: i64,
}

impl TryFrom<CycleRow> for (Cycle, FeeSchedule, u32) {
    type Error = StoreError;

    fn try_from(row: CycleRow) -> Result<Self, StoreError> {
        Ok((
            cycle_from(row.start_year)?,
            row.fees.into(),
            count(row.affiliated),
        ))
    }
}
