//! `import parents`: each row creates or updates a parent's account and links it to the child
//! the row names. New accounts are active at once, without a password: their owners are e-mailed
//! how to choose one once the file is applied.

use std::collections::HashMap;

use tempatro_core::api::{AuditChange, ImportedRow};
use tempatro_core::import::parents::{ChildRef, ParentColumn, ParentLine};
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

fn account_changes(account: &StoredAccount, write: &ParentWrite<'_>) -> Vec<AuditChange> {
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
        Some(account.first_name.to_string()),
        Some(write.first_name.to_string()),
    );
    note(
        "last_name",
        Some(account.last_name.to_string()),
        Some(write.last_name.to_string()),
    );
    if let Some(phone) = write.phone {
        note(
            "phone",
            account.phone.as_ref().map(ToString::to_string),
            phone.map(ToString::to_string),
        );
    }
    changes
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
        let mut accounts: HashMap<String, StoredAccount> = self
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
        for (line, email) in batch.into_iter().zip(emails) {
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
            let write = ParentWrite {
                email: &line.email,
                first_name: &line.first_name,
                last_name: &line.last_name,
                phone: line.phone.as_ref().map(Option::as_ref),
            };
            let mut changes = Vec::new();
            let created;
            let account = match accounts.get(&email) {
                Some(account) if account.role != Role::Parent => {
                    report.refuse(vec![CellError {
                        line: line.line,
                        column: Some(ParentColumn::Email.name()),
                        problem: ImportProblem::StaffAccount,
                    }]);
                    continue;
                }
                Some(account) => {
                    changes = account_changes(account, &write);
                    if !changes.is_empty() {
                        if let Some(first_line) = self.seen_parents.get(&email) {
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
                        self.tx
                            .update_parent(account.id, &write, &changes, self.actor)
                            .await?;
                    }
                    created = false;
                    account.clone()
                }
                None => {
                    let account = self.tx.create_parent(&write).await?;
                    accounts.insert(email.clone(), account.clone());
                    self.invited.push(account.clone());
                    created = true;
                    account
                }
            };
            self.seen_parents.entry(email.clone()).or_insert(line.line);
            if let Some(child) = child {
                self.seen_links.insert((email.clone(), child.id), line.line);
                if self.tx.link_parent(child.id, &account, self.actor).await? {
                    changes.push(AuditChange {
                        field: "child".to_owned(),
                        old: None,
                        new: Some(child.record.full_name()),
                    });
                }
            }
            let row = ImportedRow {
                line: line.line,
                name: format!(
                    "{} {} <{}>",
                    account.first_name, account.last_name, account.email
                ),
                changes,
            };
            if created {
                report.created(row);
            } else {
                report.updated(row);
            }
        }
        Ok(())
    }
}
