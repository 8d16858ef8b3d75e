use async_trait::async_trait;

use tempatro_core::{AgeRange, Cycle, FeeSchedule, Gender, Section};

use super::{SqlStore, children::refresh_family_fees};
use crate::store::rows::settings::{CycleRow, FeesRow, SectionRow};
use crate::store::rows::{cycle_year, on_unique};
use crate::store::{SettingsStore, StoreError, StoreResult};

#[async_trait]
impl SettingsStore for SqlStore {
    async fn sections(&self) -> StoreResult<Vec<Section>> {
        let rows: Vec<SectionRow> = sqlx::query_as(
            "SELECT id, name, min_age, max_age, gender, position FROM sections ORDER BY position, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Section::try_from).collect()
    }

    async fn save_section(
        &self,
        id: Option<i64>,
        name: &str,
        ages: AgeRange,
        gender: Option<Gender>,
        position: Option<i64>,
    ) -> StoreResult<Section> {
        let duplicate = |error: sqlx::Error| on_unique(error, StoreError::Duplicate);
        let id = match id {
            Some(id) => {
                let updated = sqlx::query(
                    "UPDATE sections SET name = $1, min_age = $2, max_age = $3, gender = $4,
                     position = COALESCE($5, position) WHERE id = $6",
                )
                .bind(name.to_owned())
                .bind(i64::from(ages.min()))
                .bind(i64::from(ages.max()))
                .bind(gender.map(Gender::as_str))
                .bind(position)
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(duplicate)?;
                if updated.rows_affected() == 0 {
                    return Err(StoreError::Missing("section"));
                }
                id
            }
            None => sqlx::query_scalar(
                "INSERT INTO sections (name, min_age, max_age, gender, position)
                 VALUES ($1, $2, $3, $4, COALESCE($5, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections)))
                 RETURNING id",
            )
            .bind(name.to_owned())
            .bind(i64::from(ages.min()))
            .bind(i64::from(ages.max()))
            .bind(gender.map(Gender::as_str))
            .bind(position)
            .fetch_one(&self.pool)
            .await
            .map_err(duplicate)?,
        };
        let row: SectionRow = sqlx::query_as(
            "SELECT id, name, min_age, max_age, gender, position FROM sections WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        row.try_into()
    }

    async fn cycles(&self) -> StoreResult<Vec<(Cycle, FeeSchedule, u32)>> {
        let rows: Vec<CycleRow> = sqlx::query_as(
            "SELECT start_year, normal_fee, solidarity_fee, sibling_discount,
                    (SELECT COUNT(*) FROM affiliations a WHERE a.cycle = cycles.start_year) AS affiliated
             FROM cycles ORDER BY start_year",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn cycle_fees(&self, cycle: Cycle) -> StoreResult<Option<FeeSchedule>> {
        let row: Option<FeesRow> = sqlx::query_as(
            "SELECT normal_fee, solidarity_fee, sibling_discount FROM cycles WHERE start_year = $1",
        )
        .bind(cycle_year(cycle))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(FeeSchedule::from))
    }

    async fn save_cycle(&self, cycle: Cycle, fees: &FeeSchedule) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO cycles (start_year, normal_fee, solidarity_fee, sibling_discount) VALUES ($1, $2, $3, $4)
             ON CONFLICT (start_year) DO UPDATE SET normal_fee = excluded.normal_fee,
                 solidarity_fee = excluded.solidarity_fee, sibling_discount = excluded.sibling_discount",
        )
        .bind(cycle_year(cycle))
        .bind(fees.normal.cents())
        .bind(fees.solidarity.cents())
        .bind(fees.sibling_discount.cents())
        .execute(&mut *tx)
        .await?;
        let children: Vec<i64> = sqlx::query_scalar(
            "SELECT a.child_id FROM affiliations a JOIN due_balances b ON b.due_id = a.due_id
             WHERE a.cycle = $1 AND b.paid = 0",
        )
        .bind(cycle_year(cycle))
        .fetch_all(&mut *tx)
        .await?;
        for child in children {
            refresh_family_fees(&self.engine, &mut tx, child, cycle).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
