//! `import parents`: each row creates or updates a parent's account and links it to the child
//! the row names. New accounts are active at once, without a password: their owners are e-mailed
//! how to choose one once the file is applied.

use std::collections::HashMap;

use tempatro_core::api::{AuditChange, ImportedRow};
use tempatro_core::import::parents::{
    ChildRef, ParentColumn, ParentLine, RecordedParent, conflict_with,
};
use tempatro_core::import::{CellError, Column, ImportProblem};
use tempatro_core::{Cycle, Role};

use super::{Batches, Report};
use crate::error::Error;
use crate::store::{Actor, ImportTx, MatchedChild, ParentWrite, StoredAccount};

pub struct ParentImport<'a> {
    pub tx: &'a mut dyn ImportTx,
    pub actor: &'a Actor,
    pub cycle: Cycle,
    /// The first line of each parent, by normalized address: their later lines must agree.
    seen_parents: HashMap<String, u64>,
    /// Parent and child pairs already linked by this file.
    seen_links: HashMap<(String, i64), u64>,
    /// Accounts this file created, to invite once it is applied.
    pub invited: Vec<StoredAccount>,
}

impl<'a> ParentImport<'a> {
    pub fn new(tx: &'a mut dyn ImportTx, actor: &'a Actor, cycle: Cycle) -> ParentImport<'a> {
        ParentImport {
            tx,
            actor,
            cycle,
            seen_parents: HashMap::new(),
            seen_links: HashMap::new(),
            invited: Vec::new(),
        }
    }
}

fn find_child<'f>(children: &'f [MatchedChild], reference: &ChildRef) -> Option<&'f MatchedChild> {
    match reference {
        ChildRef::ExternalId(id) => children.iter().find(|c| c.external_id.as_ref() == Some(id)),
        ChildRef::Key(key) => children.iter().find(|c| &c.match_key == key),
    }
}

/// What a parent's line changes in what is recorded of them (`before`: their account, or the
/// earlier line of this file that creates it).
fn parent_changes(before: &ParentWrite<'_>, write: &ParentWrite<'_>) -> Vec<AuditChange> {
    let mut changes = Vec::new();
    let mut note = |field: &str, old: Option<String>, new: Option<String>| {
        if old != new {
            changes.push(AuditChange {
                field: field.to_owned(),
                old,
                new,
            });
        }
    };
    note(
        "first_name",
        Some(before.first_name.to_string()),
        Some(write.first_name.to_string()),
    );
    note(
        "last_name",
        Some(before.last_name.to_string()),
        Some(write.last_name.to_string()),
    );
    if let Some(phone) = write.phone {
        note(
            "phone",
            before.phone.flatten().map(ToString::to_string),
            phone.map(ToString::to_string),
        );
    }
    changes
}

fn write_of(line: &ParentLine) -> ParentWrite<'_> {
    ParentWrite {
        email: &line.email,
        first_name: &line.first_name,
        last_name: &line.last_name,
        phone: line.phone.as_ref().map(Option::as_ref),
    }
}

fn recorded(account: &StoredAccount) -> ParentWrite<'_> {
    ParentWrite {
        email: &account.email,
        first_name: &account.first_name,
        last_name: &account.last_name,
        phone: Some(account.phone.as_ref()),
    }
}

/// Whose account a line is about: one recorded already, or the `n`th this batch creates.
enum Parent {
    Recorded(StoredAccount),
    New(usize),
}

/// A line accepted: what it does once the batch's accounts exist.
struct Accepted {
    line: usize,
    parent: Parent,
    child: Option<(i64, String)>,
    changes: Vec<AuditChange>,
    created: bool,
}

impl Batches<ParentLine> for ParentImport<'_> {
    async fn write_batch(
        &mut self,
        batch: Vec<ParentLine>,
        report: &mut Report,
    ) -> Result<(), Error> {
        if batch.is_empty() {
            return Ok(());
        }
        let emails: Vec<String> = batch.iter().map(|l| l.email.normalized()).collect();
        let accounts: HashMap<String, StoredAccount> = self
            .tx
            .find_accounts(&emails)
            .await?
            .into_iter()
            .map(|a| (a.email.normalized(), a))
            .collect();
        let (external_ids, keys): (Vec<String>, Vec<String>) =
            batch
                .iter()
                .fold((Vec::new(), Vec::new()), |(mut ids, mut keys), line| {
                    match &line.child {
                        Some(ChildRef::ExternalId(id)) => ids.push(id.clone()),
                        Some(ChildRef::Key(key)) => keys.push(key.clone()),
                        None => {}
                    }
                    (ids, keys)
                });
        let children = self
            .tx
            .find_children(&external_ids, &keys, self.cycle)
            .await?;
        // The lines are checked first; then the batch's new accounts are created in one go, its
        // links made in another, and the report written in the file's order.
        let mut accepted = Vec::with_capacity(batch.len());
        let mut new_lines: Vec<usize> = Vec::new();
        let mut pending: HashMap<String, usize> = HashMap::new();
        for (index, (line, email)) in batch.iter().zip(&emails).enumerate() {
            let child = match &line.child {
                None => None,
                Some(reference) => match find_child(&children, reference) {
                    Some(child) => Some(child),
                    None => {
                        let column = match reference {
                            ChildRef::ExternalId(_) => ParentColumn::ChildExternalId,
                            ChildRef::Key(_) => ParentColumn::ChildLastName,
                        };
                        report.refuse(vec![CellError {
                            line: line.line,
                            column: Some(column.name()),
                            problem: ImportProblem::ChildNotFound,
                        }]);
                        continue;
                    }
                },
            };
            if let Some(child) = child
                && let Some(first_line) = self.seen_links.get(&(email.clone(), child.id))
            {
                report.refuse(vec![CellError::row(
                    line.line,
                    ImportProblem::Repeated {
                        first_line: *first_line,
                    },
                )]);
                continue;
            }
            let mut write = write_of(line);
            let (parent, changes, created) = match (accounts.get(email), pending.get(email)) {
                (Some(account), _) if account.role != Role::Parent => {
                    report.refuse(vec![CellError {
                        line: line.line,
                        column: Some(ParentColumn::Email.name()),
                        problem: ImportProblem::StaffAccount,
                    }]);
                    continue;
                }
                (Some(account), _) => {
                    let verdict = conflict_with(
                        &RecordedParent {
                            status: account.status,
                            verified: account.email_verified_at.is_some(),
                            has_password: !account.password_hash.is_empty(),
                            first_name: &account.first_name,
                            last_name: &account.last_name,
                        },
                        &line.first_name,
                        &line.last_name,
                    );
                    if let Some(conflict) = verdict {
                        report.conflict(CellError {
                            line: line.line,
                            column: Some(ParentColumn::Email.name()),
                            problem: ImportProblem::Conflict(conflict),
                        });
                        continue;
                    }
                    // The names agree as people read them; the account keeps its own spelling.
                    write.first_name = &account.first_name;
                    write.last_name = &account.last_name;
                    let changes = parent_changes(&recorded(account), &write);
                    (Parent::Recorded(account.clone()), changes, false)
                }
                (None, Some(&n)) => {
                    let first = write_of(&batch[new_lines[n]]);
                    let before = ParentWrite {
                        phone: Some(first.phone.flatten()),
                        ..first
                    };
                    (Parent::New(n), parent_changes(&before, &write), false)
                }
                (None, None) => {
                    pending.insert(email.clone(), new_lines.len());
                    new_lines.push(index);
                    (Parent::New(new_lines.len() - 1), Vec::new(), true)
                }
            };
            if !changes.is_empty() {
                if let Some(first_line) = self.seen_parents.get(email) {
                    // Two lines of one parent that disagree: which one is right?
                    report.refuse(vec![CellError {
                        line: line.line,
                        column: Some(ParentColumn::LastName.name()),
                        problem: ImportProblem::Repeated {
                            first_line: *first_line,
                        },
                    }]);
                    continue;
                }
                if let Parent::Recorded(account) = &parent {
                    self.tx
                        .update_parent(account.id, &write, &changes, self.actor)
                        .await?;
                }
            }
            self.seen_parents.entry(email.clone()).or_insert(line.line);
            if let Some(child) = child {
                self.seen_links.insert((email.clone(), child.id), line.line);
            }
            accepted.push(Accepted {
                line: index,
                parent,
                child: child.map(|c| (c.id, c.record.full_name())),
                changes,
                created,
            });
        }

        let writes: Vec<ParentWrite<'_>> = new_lines.iter().map(|&i| write_of(&batch[i])).collect();
        let created = self.tx.create_parents(&writes).await?;
        self.invited.extend(created.iter().cloned());
        let account_of = |parent: &Parent| match parent {
            Parent::Recorded(account) => account.clone(),
            Parent::New(n) => created[*n].clone(),
        };
        let accounts: Vec<StoredAccount> = accepted.iter().map(|a| account_of(&a.parent)).collect();
        let links: Vec<(i64, &StoredAccount)> = accepted
            .iter()
            .zip(&accounts)
            .filter_map(|(a, account)| a.child.as_ref().map(|(child, _)| (*child, account)))
            .collect();
        let mut linked = self.tx.link_parents(&links, self.actor).await?.into_iter();
        for (mut a, account) in accepted.into_iter().zip(accounts) {
            if let Some((_, name)) = a.child
                && linked.next() == Some(true)
            {
                a.changes.push(AuditChange {
                    field: "child".to_owned(),
                    old: None,
                    new: Some(name),
                });
            }
            let row = ImportedRow {
                line: batch[a.line].line,
                name: format!(
                    "{} {} <{}>",
                    account.first_name, account.last_name, account.email
                ),
                changes: a.changes,
            };
            if a.created {
                report.created(row);
            } else {
                report.updated(row);
            }
        }
        Ok(())
    }
}
