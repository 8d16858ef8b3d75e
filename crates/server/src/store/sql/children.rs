use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::{Any, Transaction};

use crate::store::engine::{Engine, ListOf, Lock, json_list};
use time::{Date, OffsetDateTime};

use tempatro_core::api::{AuditChange, AuditEntry, LinkRequestStatus};
use tempatro_core::{AccountId, Amount, ChildRecord, Cycle, FeeSchedule, FieldChange};

use super::dues::{clear_payments, create_due, record_payment};
use super::{SqlStore, audit};
use crate::store::rows::accounts::{ACCOUNT_COLUMNS, ParentRow, parent_label};
use crate::store::rows::affiliations::{
    AffiliationRow, NamedAffiliationRow, affiliation_columns, affiliation_summary,
};
use crate::store::rows::children::{
    AuditEntryRow, CHILD_COLUMNS, ChildListRow, ChildSheetRow, LinkRequestRow,
    child_created_changes, link_status_str,
};
use crate::store::rows::settings::FeesRow;
use crate::store::rows::{
    Flag, RECORD_COLUMNS, audit_json, bind_record, child_assignments, cycle_from, cycle_year, iso,
    on_unique, placeholders, prefixed, unix,
};
use crate::store::{
    AccountStore, Actor, ChildQuery, ChildRow, ChildStore, DueKind, LinkDecision, NewAffiliation,
    NewLinkRequest, Payment, StoreError, StoreResult, StoredAccount, StoredAffiliation,
    StoredChild, StoredLinkRequest,
};

/// The fees of a child's family for a cycle: brothers and sisters (children sharing a parent)
/// affiliated that cycle are ranked eldest first, and every unpaid affiliation among them gets
/// the fee of its rank. Affiliations with a payment keep what they were paid for.
pub(super) async fn refresh_family_fees(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    child: i64,
    cycle: Cycle,
) -> StoreResult<Vec<i64>> {
    // Whoever recomputes fees waits for any other recomputation to end, then reads the family
    // as committed (each statement sees a new snapshot at read committed).
    engine.lock(tx, Lock::FamilyFees).await?;
    let year = cycle_year(cycle);
    let Some(fees) = sqlx::query_as::<_, FeesRow>(
        "SELECT normal_fee, solidarity_fee, sibling_discount FROM cycles WHERE start_year = $1",
    )
    .bind(year)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Err(StoreError::Missing("cycle"));
    };
    let schedule = FeeSchedule::from(fees);
    let family: Vec<(i64, Flag, i64, Flag, i64)> = sqlx::query_as(
        "SELECT a.child_id, a.solidarity, a.due_id, b.paid > 0 AS paid, b.amount AS fee
         FROM affiliations a JOIN children c ON c.id = a.child_id
         JOIN due_balances b ON b.due_id = a.due_id
         WHERE a.cycle = $1 AND NOT b.cancelled AND a.child_id IN (
             SELECT $2 UNION
             SELECT p2.child_id FROM child_parents p1
             JOIN child_parents p2 ON p1.account_id = p2.account_id WHERE p1.child_id = $2)
         ORDER BY c.birth_date, c.id",
    )
    .bind(year)
    .bind(child)
    .fetch_all(&mut **tx)
    .await?;
    for (rank, &(_, Flag(solidarity), due_id, Flag(paid), stored_fee)) in family.iter().enumerate()
    {
        let fee = schedule.fee(rank, solidarity);
        if !paid && fee.cents() != stored_fee {
            sqlx::query("UPDATE dues SET amount = $1 WHERE id = $2")
                .bind(fee.cents())
                .bind(due_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(family.into_iter().map(|(member, ..)| member).collect())
}

/// Links between parents and children changed: the fees of each child and of its parent's other
/// children (its brothers and sisters, or former ones) are worked out again, each family once.
pub(super) async fn refresh_families_of(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    links: &[(i64, i64)],
) -> StoreResult<()> {
    if links.is_empty() {
        return Ok(());
    }
    let children: Vec<i64> = links.iter().map(|(child, _)| *child).collect();
    let parents: Vec<i64> = links.iter().map(|(_, parent)| *parent).collect();
    // One query finds where fees may move: the unpaid affiliations of the children and of the
    // parents' children. Most links (a new family, fees all paid) find none.
    let unpaid: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT a.child_id, a.cycle FROM affiliations a JOIN due_balances b ON b.due_id = a.due_id
         WHERE b.paid = 0 AND a.child_id IN (
             SELECT child_id FROM child_parents WHERE account_id IN {}
             UNION SELECT CAST(value AS BIGINT) FROM {})
         ORDER BY a.child_id, a.cycle",
        engine.list(1, ListOf::Ids),
        engine.list_source(2)
    )))
    .bind(json_list(&parents)?)
    .bind(json_list(&children)?)
    .fetch_all(&mut **tx)
    .await?;
    let mut done = HashSet::new();
    for (member, cycle) in unpaid {
        if done.contains(&(member, cycle)) {
            continue;
        }
        for sibling in refresh_family_fees(engine, tx, member, cycle_from(cycle)?).await? {
            done.insert((sibling, cycle));
        }
    }
    Ok(())
}

/// Every cycle in which a child has an unpaid affiliation: where a change of family moves fees.
pub(super) async fn refresh_all_fees_of(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    child: i64,
) -> StoreResult<()> {
    let cycles: Vec<i64> = sqlx::query_scalar(
        "SELECT a.cycle FROM affiliations a JOIN due_balances b ON b.due_id = a.due_id
             WHERE a.child_id = $1 AND b.paid = 0",
    )
    .bind(child)
    .fetch_all(&mut **tx)
    .await?;
    for cycle in cycles {
        refresh_family_fees(engine, tx, child, cycle_from(cycle)?).await?;
    }
    Ok(())
}

impl SqlStore {
    async fn affiliation_in(
        tx: &mut Transaction<'static, Any>,
        child: i64,
        cycle: Cycle,
    ) -> StoreResult<StoredAffiliation> {
        let row: Option<AffiliationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM affiliations a JOIN dues d ON d.id = a.due_id
             WHERE a.child_id = $1 AND a.cycle = $2",
            affiliation_columns()
        )))
        .bind(child)
        .bind(cycle_year(cycle))
        .fetch_optional(&mut **tx)
        .await?;
        row.map(AffiliationRow::into_affiliation)
            .transpose()?
            .flatten()
            .ok_or(StoreError::Missing("affiliation"))
    }
}

#[async_trait]
impl ChildStore for SqlStore {
    async fn create_child(
        &self,
        record: &ChildRecord,
        affiliation: Option<&NewAffiliation>,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let now = unix(OffsetDateTime::now_utc());
        let columns = RECORD_COLUMNS.len();
        let query = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "INSERT INTO children ({}, image_rights_set_at, image_rights_set_by, created_at)
             VALUES ({}) RETURNING id",
            RECORD_COLUMNS.join(", "),
            placeholders(1, columns + 3)
        )));
        let id: i64 = bind_record!(query, record)
            .bind(now)
            .bind(actor.label.clone())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let changes = child_created_changes(record);
        audit(&mut tx, actor, Some(id), "child_created", &changes).await?;
        if let Some(affiliation) = affiliation {
            insert_affiliation(
                &self.engine,
                &mut tx,
                id,
                affiliation,
                "affiliation_created",
                actor,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn child(&self, id: i64) -> StoreResult<Option<StoredChild>> {
        let row: Option<ChildSheetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS} FROM children c WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredChild::try_from).transpose()
    }

    async fn update_child(
        &self,
        id: i64,
        version: i64,
        record: &ChildRecord,
        changes: &[FieldChange],
        actor: &Actor,
    ) -> StoreResult<StoredChild> {
        let mut tx = self.write().await?;
        let image_rights_changed = changes
            .iter()
            .any(|change| change.field == tempatro_core::ChildField::ImageRights);
        let n = RECORD_COLUMNS.len();
        let query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE children SET {}, version = version + 1 WHERE id = ${} AND version = ${}",
            child_assignments(),
            n + 4,
            n + 5
        )));
        let updated = bind_record!(query, record)
            .bind(image_rights_changed)
            .bind(unix(OffsetDateTime::now_utc()))
            .bind(actor.label.clone())
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        let audit_changes: Vec<AuditChange> =
            changes.iter().cloned().map(AuditChange::from).collect();
        audit(&mut tx, actor, Some(id), "child_updated", &audit_changes).await?;
        if changes
            .iter()
            .any(|change| change.field == tempatro_core::ChildField::BirthDate)
        {
            // Birth order decides who pays the full fee in a family.
            refresh_all_fees_of(&self.engine, &mut tx, id).await?;
        }
        tx.commit().await?;
        self.child(id).await?.ok_or(StoreError::Missing("child"))
    }

    async fn children(&self, query: &ChildQuery) -> StoreResult<Vec<ChildRow>> {
        // A family's children are found through its links (an index), not by testing every
        // child: the filter is written only when asked for, since `$2 IS NULL OR …` keeps the
        // planner from using the index.
        let family = if query.parent.is_some() {
            "c.id IN (SELECT child_id FROM child_parents WHERE account_id = $2)"
        } else {
            "$2 IS NULL"
        };
        let rows: Vec<ChildListRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CHILD_COLUMNS}, {},
                (SELECT COUNT(*) FROM child_parents p WHERE p.child_id = c.id) AS parents
             FROM children c LEFT JOIN affiliations a ON a.child_id = c.id AND a.cycle = $1
             LEFT JOIN dues d ON d.id = a.due_id LEFT JOIN due_balances b ON b.due_id = a.due_id
             WHERE {family}
               AND ($3 IS NULL OR a.section_id = $3)
               AND (NOT $4 OR (a.child_id IS NOT NULL AND NOT b.cancelled AND b.paid < b.amount))
               AND (NOT $5 OR a.solidarity)
               AND (NOT $6 OR NOT EXISTS (SELECT 1 FROM child_parents p WHERE p.child_id = c.id))
             ORDER BY c.sort_key, c.id",
            affiliation_columns()
        )))
        .bind(i64::from(query.cycle.start_year()))
        .bind(query.parent.map(|p| p.0))
        .bind(query.section)
        .bind(query.unpaid)
        .bind(query.solidarity)
        .bind(query.unlinked)
        .fetch_all(&self.pool)
        .await?;
        let mut children = Vec::with_capacity(rows.len());
        for row in rows {
            let affiliation = row.affiliation.into_affiliation()?;
            if let Some(led) = &query.sections_led {
                let in_reach = affiliation
                    .as_ref()
                    .and_then(|a| a.section_id)
                    .is_some_and(|section| led.contains(&section));
                if !in_reach {
                    continue;
                }
            }
            children.push(ChildRow {
                child: row.child.try_into()?,
                affiliation,
                parents: u32::try_from(row.parents).unwrap_or(u32::MAX),
            });
        }
        Ok(children)
    }

    async fn parents_of_children(
        &self,
        children: &[i64],
    ) -> StoreResult<Vec<(i64, StoredAccount)>> {
        if children.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<ParentRow<i64>> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, p.child_id FROM child_parents p JOIN accounts a ON a.id = p.account_id
             WHERE p.child_id IN {} ORDER BY p.child_id, a.id",
            prefixed(ACCOUNT_COLUMNS, "a"),
            self.ids(1)
        )))
        .bind(json_list(children)?)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.child_id, row.account.try_into()?)))
            .collect()
    }

    async fn parent_links(&self) -> StoreResult<Vec<(StoredAccount, Option<i64>)>> {
        let rows: Vec<ParentRow<Option<i64>>> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, p.child_id FROM accounts a LEFT JOIN child_parents p ON p.account_id = a.id
             WHERE a.role = 'parent'
             ORDER BY a.sort_key, a.id, p.child_id",
            prefixed(ACCOUNT_COLUMNS, "a")
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.account.try_into()?, row.child_id)))
            .collect()
    }

    async fn is_parent(&self, account: AccountId, child: i64) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(1 AS BIGINT) FROM child_parents WHERE account_id = $1 AND child_id = $2",
        )
        .bind(account.0)
        .bind(child)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    async fn link_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        link_in(&self.engine, &mut tx, child, parent, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unlink_parent(
        &self,
        child: i64,
        parent: &StoredAccount,
        actor: &Actor,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let unlinked =
            sqlx::query("DELETE FROM child_parents WHERE child_id = $1 AND account_id = $2")
                .bind(child)
                .bind(parent.id.0)
                .execute(&mut *tx)
                .await?;
        if unlinked.rows_affected() == 0 {
            return Ok(false);
        }
        let change = AuditChange {
            field: "parent".to_owned(),
            old: Some(parent_label(parent)),
            new: None,
        };
        audit(&mut tx, actor, Some(child), "parent_unlinked", &[change]).await?;
        refresh_families_of(&self.engine, &mut tx, &[(child, parent.id.0)]).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn affiliations_of(&self, child: i64) -> StoreResult<Vec<StoredAffiliation>> {
        let rows: Vec<AffiliationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM affiliations a JOIN dues d ON d.id = a.due_id
             WHERE a.child_id = $1 ORDER BY a.cycle",
            affiliation_columns()
        )))
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .filter_map(|row| row.into_affiliation().transpose())
            .collect()
    }

    async fn create_affiliation(
        &self,
        child: i64,
        affiliation: &NewAffiliation,
        action: &str,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let created =
            insert_affiliation(&self.engine, &mut tx, child, affiliation, action, actor).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn set_payment(
        &self,
        child: i64,
        cycle: Cycle,
        payment: Option<&Payment>,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        match payment {
            Some(payment) => record_payment(&mut tx, before.due.id, payment, &actor.label).await?,
            None => {
                clear_payments(&mut tx, before.due.id).await?;
                // Unpaid again: its fee follows the family's again.
                refresh_family_fees(&self.engine, &mut tx, child, cycle).await?;
            }
        }
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        let change = AuditChange {
            field: format!("payment {cycle}"),
            old: Some(format!("{} / {}", before.due.paid, before.due.amount)),
            new: Some(format!("{} / {}", after.due.paid, after.due.amount)),
        };
        let action = if payment.is_some() {
            "affiliation_paid"
        } else {
            "affiliation_unpaid"
        };
        audit(&mut tx, actor, Some(child), action, &[change]).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn set_solidarity(
        &self,
        child: i64,
        cycle: Cycle,
        granted: bool,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        sqlx::query("UPDATE affiliations SET solidarity = $1 WHERE child_id = $2 AND cycle = $3")
            .bind(granted)
            .bind(child)
            .bind(cycle_year(cycle))
            .execute(&mut *tx)
            .await?;
        refresh_family_fees(&self.engine, &mut tx, child, cycle).await?;
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        let change = AuditChange {
            field: format!("solidarity {cycle}"),
            old: Some(affiliation_summary(&before)),
            new: Some(affiliation_summary(&after)),
        };
        let action = if granted {
            "solidarity_granted"
        } else {
            "solidarity_revoked"
        };
        audit(&mut tx, actor, Some(child), action, &[change]).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn set_affiliation_section(
        &self,
        child: i64,
        cycle: Cycle,
        section: i64,
        actor: &Actor,
    ) -> StoreResult<StoredAffiliation> {
        let mut tx = self.write().await?;
        let before = Self::affiliation_in(&mut tx, child, cycle).await?;
        sqlx::query("UPDATE affiliations SET section_id = $1 WHERE child_id = $2 AND cycle = $3")
            .bind(section)
            .bind(child)
            .bind(cycle_year(cycle))
            .execute(&mut *tx)
            .await?;
        let name = |id: Option<i64>| async move {
            match id {
                Some(id) => {
                    sqlx::query_scalar::<_, String>("SELECT name FROM sections WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(StoreError::from)
                }
                None => Ok(None),
            }
        };
        let change = AuditChange {
            field: format!("section {cycle}"),
            old: name(before.section_id).await?,
            new: name(Some(section)).await?,
        };
        audit(&mut tx, actor, Some(child), "section_changed", &[change]).await?;
        let after = Self::affiliation_in(&mut tx, child, cycle).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn affiliations(
        &self,
        cycle: Option<Cycle>,
        unpaid_only: bool,
    ) -> StoreResult<Vec<(StoredAffiliation, String)>> {
        let rows: Vec<NamedAffiliationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {}, c.first_name, c.last_name
             FROM affiliations a JOIN children c ON c.id = a.child_id
             JOIN dues d ON d.id = a.due_id JOIN due_balances b ON b.due_id = a.due_id
             WHERE ($1 IS NULL OR a.cycle = $1) AND (NOT $2 OR (NOT b.cancelled AND b.paid < b.amount))
             ORDER BY a.cycle, c.sort_key",
            affiliation_columns()
        )))
        .bind(cycle.map(|c| i64::from(c.start_year())))
        .bind(unpaid_only)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .filter_map(|row| row.into_named().transpose())
            .collect()
    }

    async fn family_rank(&self, child: i64, cycle: Cycle) -> StoreResult<usize> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM affiliations a JOIN children c ON c.id = a.child_id
                 JOIN due_balances b ON b.due_id = a.due_id, children me
             WHERE me.id = $2 AND a.cycle = $1 AND a.child_id <> $2 AND NOT b.cancelled
               AND a.child_id IN (SELECT p2.child_id FROM child_parents p1
                   JOIN child_parents p2 ON p1.account_id = p2.account_id WHERE p1.child_id = $2)
               AND (c.birth_date < me.birth_date OR (c.birth_date = me.birth_date AND c.id < me.id))",
        )
        .bind(cycle_year(cycle))
        .bind(child)
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    async fn audit_of(&self, child: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditEntryRow> = sqlx::query_as(
            "SELECT at, actor, action, changes FROM audit_log WHERE child_id = $1 ORDER BY at, id",
        )
        .bind(child)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    async fn camps_of(&self, child: i64, today: Date) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT a.name FROM activities a JOIN registrations r ON r.activity_id = a.id
             WHERE r.child_id = $1 AND r.status = 'registered' AND a.ends_on < $2 ORDER BY a.starts_on",
        )
        .bind(child)
        .bind(iso(today))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_link_request(
        &self,
        request: &NewLinkRequest,
    ) -> StoreResult<StoredLinkRequest> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO link_requests (account_id, child_first_name, child_last_name, birth_date, message, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
        )
        .bind(request.account.0)
        .bind(request.child_first_name.clone())
        .bind(request.child_last_name.clone())
        .bind(iso(request.birth_date))
        .bind(request.message.clone())
        .bind(unix(OffsetDateTime::now_utc()))
        .fetch_one(&self.pool)
        .await?;
        self.link_request(id)
            .await?
            .ok_or(StoreError::Missing("link request"))
    }

    async fn link_requests(
        &self,
        status: Option<LinkRequestStatus>,
        account: Option<AccountId>,
    ) -> StoreResult<Vec<StoredLinkRequest>> {
        let rows: Vec<LinkRequestRow> = sqlx::query_as(
            "SELECT * FROM link_requests WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR account_id = $2)
             ORDER BY created_at, id",
        )
        .bind(status.map(link_status_str))
        .bind(account.map(|a| a.0))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredLinkRequest::try_from).collect()
    }

    async fn link_request(&self, id: i64) -> StoreResult<Option<StoredLinkRequest>> {
        let row: Option<LinkRequestRow> =
            sqlx::query_as("SELECT * FROM link_requests WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(StoredLinkRequest::try_from).transpose()
    }

    async fn decide_link_request(
        &self,
        id: i64,
        decision: &LinkDecision,
        actor: &Actor,
    ) -> StoreResult<StoredLinkRequest> {
        let mut tx = self.write().await?;
        let (status, child, reason) = match decision {
            LinkDecision::Approve { child } => ("approved", Some(*child), None),
            LinkDecision::Reject { reason } => ("rejected", None, Some(reason.clone())),
        };
        let decided = sqlx::query(
            "UPDATE link_requests SET status = $1, child_id = $2, reason = $3 WHERE id = $4 AND status = 'pending'",
        )
        .bind(status)
        .bind(child)
        .bind(reason)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if decided.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        if let Some(child) = child {
            let account: i64 =
                sqlx::query_scalar("SELECT account_id FROM link_requests WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let linked = sqlx::query(
                "INSERT INTO child_parents (child_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(child)
            .bind(account)
            .execute(&mut *tx)
            .await?;
            if linked.rows_affected() == 1 {
                let parent = self
                    .account(AccountId(account))
                    .await?
                    .ok_or(StoreError::Missing("account"))?;
                let change = AuditChange {
                    field: "parent".to_owned(),
                    old: None,
                    new: Some(parent_label(&parent)),
                };
                audit(&mut tx, actor, Some(child), "parent_linked", &[change]).await?;
                refresh_families_of(&self.engine, &mut tx, &[(child, account)]).await?;
            }
        }
        tx.commit().await?;
        self.link_request(id)
            .await?
            .ok_or(StoreError::Missing("link request"))
    }
}

pub(super) async fn insert_affiliation(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    child: i64,
    affiliation: &NewAffiliation,
    action: &str,
    actor: &Actor,
) -> StoreResult<StoredAffiliation> {
    let year = i64::from(affiliation.cycle.start_year());
    let open: Option<i64> =
        sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM cycles WHERE start_year = $1")
            .bind(year)
            .fetch_optional(&mut **tx)
            .await?;
    if open.is_none() {
        return Err(StoreError::Missing("cycle"));
    }
    let due = create_due(
        tx,
        DueKind::Affiliation,
        child,
        &format!("Affiliation {}", affiliation.cycle),
        Amount::from_cents(0),
    )
    .await?;
    sqlx::query(
        "INSERT INTO affiliations (child_id, cycle, section_id, solidarity, due_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(child)
    .bind(year)
    .bind(affiliation.section_id)
    .bind(affiliation.solidarity)
    .bind(due)
    .bind(unix(OffsetDateTime::now_utc()))
    .execute(&mut **tx)
    .await
    .map_err(|error| on_unique(error, StoreError::Duplicate))?;
    refresh_family_fees(engine, tx, child, affiliation.cycle).await?;
    let created = SqlStore::affiliation_in(tx, child, affiliation.cycle).await?;
    let change = AuditChange {
        field: "affiliation".to_owned(),
        old: None,
        new: Some(affiliation_summary(&created)),
    };
    audit(tx, actor, Some(child), action, &[change]).await?;
    Ok(created)
}

/// Links a parent inside the caller's transaction; false if they were already linked.
pub(super) async fn link_in(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    child: i64,
    parent: &StoredAccount,
    actor: &Actor,
) -> StoreResult<bool> {
    Ok(link_all(engine, tx, &[(child, parent)], actor).await?[0])
}

/// Links each child to the parent beside it inside the caller's transaction, with an audit line
/// for each new link and the families' fees worked out again; for each pair, false if they were
/// already linked. A few statements per thousand links.
pub(super) async fn link_all(
    engine: &Engine,
    tx: &mut Transaction<'static, Any>,
    links: &[(i64, &StoredAccount)],
    actor: &Actor,
) -> StoreResult<Vec<bool>> {
    let mut new = HashSet::new();
    for chunk in links.chunks(1000) {
        let rows = engine.values(chunk.len(), 2);
        let mut insert = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "INSERT INTO child_parents (child_id, account_id) VALUES {rows}
             ON CONFLICT DO NOTHING RETURNING child_id, account_id"
        )));
        for (child, parent) in chunk {
            insert = insert.bind(*child).bind(parent.id.0);
        }
        let linked: Vec<(i64, i64)> = insert.fetch_all(&mut **tx).await?;
        new.extend(linked);
    }
    let made: Vec<(i64, &StoredAccount)> = links
        .iter()
        .filter(|(child, parent)| new.contains(&(*child, parent.id.0)))
        .copied()
        .collect();
    let now = unix(OffsetDateTime::now_utc());
    for chunk in made.chunks(1000) {
        let rows = engine.values(chunk.len(), 6);
        let mut log = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO audit_log (at, actor_id, actor, child_id, action, changes) VALUES {rows}"
        )));
        for (child, parent) in chunk {
            let change = AuditChange {
                field: "parent".to_owned(),
                old: None,
                new: Some(parent_label(parent)),
            };
            log = log
                .bind(now)
                .bind(actor.id.map(|id| id.0))
                .bind(actor.label.clone())
                .bind(*child)
                .bind("parent_linked")
                .bind(audit_json(&[change])?);
        }
        log.execute(&mut **tx).await?;
    }
    let pairs: Vec<(i64, i64)> = made
        .iter()
        .map(|(child, parent)| (*child, parent.id.0))
        .collect();
    refresh_families_of(engine, tx, &pairs).await?;
    Ok(links
        .iter()
        .map(|(child, parent)| new.contains(&(*child, parent.id.0)))
        .collect())
}
