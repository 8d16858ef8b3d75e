//! `import children`: each row creates a child, updates the fields that changed, or changes
//! nothing; a section puts the child in it for the current cycle.

use std::collections::HashMap;

use tempatro_core::Cycle;
use tempatro_core::api::{AuditChange, ImportedRow};
use tempatro_core::import::children::{ChildColumn, ChildLine};
use tempatro_core::import::{CellError, Column, ImportProblem, normalize_header};

use super::{Batches, Report};
use crate::error::Error;
use crate::store::{Actor, ChildWrite, ImportTx, MatchedChild, NewAffiliation, StoreError};

/// What stays known across batches: the sections, and which recorded child each line already
/// took (a child twice in one file is refused, not updated twice).
pub struct ChildImport<'a> {
    pub tx: &'a mut dyn ImportTx,
    pub actor: &'a Actor,
    pub cycle: Cycle,
    /// Section id by folded name, and the names as written, for the message.
    pub sections: HashMap<String, (i64, String)>,
    seen: HashMap<i64, u64>,
}

impl<'a> ChildImport<'a> {
    pub fn new(
        tx: &'a mut dyn ImportTx,
        actor: &'a Actor,
        cycle: Cycle,
        sections: &[tempatro_core::Section],
    ) -> ChildImport<'a> {
        ChildImport {
            tx,
            actor,
            cycle,
            sections: sections
                .iter()
                .map(|s| (normalize_header(&s.name), (s.id, s.name.clone())))
                .collect(),
            seen: HashMap::new(),
        }
    }

    fn section_of(&self, line: &ChildLine) -> Result<Option<(i64, &str)>, CellError> {
        let Some(name) = &line.section else {
            return Ok(None);
        };
        match self.sections.get(&normalize_header(name)) {
            Some((id, name)) => Ok(Some((*id, name.as_str()))),
            None => {
                let mut known: Vec<String> =
                    self.sections.values().map(|(_, n)| n.clone()).collect();
                known.sort();
                Err(CellError {
                    line: line.line,
                    column: Some(ChildColumn::Section.name()),
                    problem: ImportProblem::SectionUnknown {
                        name: name.clone(),
                        known,
                    },
                })
            }
        }
    }

    async fn update(
        &mut self,
        child: &MatchedChild,
        line: &ChildLine,
        section: Option<(i64, String)>,
        report: &mut Report,
    ) -> Result<(), Error> {
        let edit = match line.edit(Some(&child.record)) {
            Ok(edit) => edit,
            Err(error) => {
                report.refuse(vec![error]);
                return Ok(());
            }
        };
        let mut changes: Vec<AuditChange> = edit
            .changes(&child.record)
            .into_iter()
            .map(AuditChange::from)
            .collect();
        let external_id = line
            .external_id
            .clone()
            .or_else(|| child.external_id.clone());
        if external_id != child.external_id {
            changes.push(AuditChange {
                field: "external_id".to_owned(),
                old: child.external_id.clone(),
                new: external_id.clone(),
            });
        }
        if !changes.is_empty() {
            let record = edit.apply(&child.record);
            let write = ChildWrite {
                record: &record,
                external_id: external_id.as_deref(),
            };
            self.tx
                .update_child(child.id, &write, &changes, self.actor)
                .await?;
        }
        if let Some((section_id, name)) = section {
            match child.affiliation {
                Some(Some(current)) if current == section_id => {}
                Some(current) => {
                    let old = current.and_then(|id| {
                        self.sections
                            .values()
                            .find(|(s, _)| *s == id)
                            .map(|(_, n)| n.clone())
                    });
                    let change = AuditChange {
                        field: format!("section {}", self.cycle),
                        old,
                        new: Some(name),
                    };
                    self.tx
                        .move_to_section(
                            child.id,
                            self.cycle,
                            section_id,
                            change.clone(),
                            self.actor,
                        )
                        .await?;
                    changes.push(change);
                }
                None => match self.affiliate(child.id, section_id, &name).await? {
                    Ok(change) => changes.push(change),
                    Err(problem) => {
                        report.refuse(vec![CellError {
                            line: line.line,
                            column: Some(ChildColumn::Section.name()),
                            problem,
                        }]);
                        return Ok(());
                    }
                },
            }
        }
        report.updated(ImportedRow {
            line: line.line,
            name: child.record.full_name(),
            changes,
        });
        Ok(())
    }

    /// Affiliates a child for the current cycle in a section; the cycle must be open.
    async fn affiliate(
        &mut self,
        child: i64,
        section: i64,
        name: &str,
    ) -> Result<Result<AuditChange, ImportProblem>, Error> {
        let affiliation = NewAffiliation {
            cycle: self.cycle,
            section_id: Some(section),
            solidarity: false,
        };
        match self.tx.affiliate(child, &affiliation, self.actor).await {
            Ok(()) => Ok(Ok(AuditChange {
                field: format!("section {}", self.cycle),
                old: None,
                new: Some(name.to_owned()),
            })),
            Err(StoreError::Missing(_)) => Ok(Err(ImportProblem::CycleNotOpen(self.cycle))),
            Err(other) => Err(other.into()),
        }
    }
}

/// The recorded child a line is about: by external id when the file gives one (or, for a child
/// recorded without one, by name and birth date), otherwise by name and birth date.
fn match_one<'f>(
    found: &'f [MatchedChild],
    line: &ChildLine,
    key: &str,
) -> Option<&'f MatchedChild> {
    match &line.external_id {
        Some(id) => found
            .iter()
            .find(|c| c.external_id.as_ref() == Some(id))
            .or_else(|| {
                found
                    .iter()
                    .find(|c| c.external_id.is_none() && c.match_key == key)
            }),
        None => found.iter().find(|c| c.match_key == key),
    }
}

impl Batches<ChildLine> for ChildImport<'_> {
    async fn write_batch(
        &mut self,
        batch: Vec<ChildLine>,
        report: &mut Report,
    ) -> Result<(), Error> {
        if batch.is_empty() {
            return Ok(());
        }
        let last_line = batch.last().map_or(0, |l| l.line);
        let external_ids: Vec<String> =
            batch.iter().filter_map(|l| l.external_id.clone()).collect();
        let keys: Vec<String> = batch.iter().map(ChildLine::match_key).collect();
        let found = self
            .tx
            .find_children(&external_ids, &keys, self.cycle)
            .await?;
        let mut new_children = Vec::new();
        // A new child is known by its external id, or by its key: twice in a batch is an error.
        let mut new_in_batch: HashMap<String, u64> = HashMap::new();
        for (line, key) in batch.into_iter().zip(keys) {
            let recorded = match_one(&found, &line, &key);
            let first = match recorded {
                Some(child) => self.seen.get(&child.id).copied(),
                None => new_in_batch
                    .get(line.external_id.as_ref().unwrap_or(&key))
                    .copied(),
            };
            if let Some(first_line) = first {
                report.refuse(vec![CellError::row(
                    line.line,
                    ImportProblem::Repeated { first_line },
                )]);
                continue;
            }
            let section = match self.section_of(&line) {
                Ok(section) => section.map(|(id, name)| (id, name.to_owned())),
                Err(error) => {
                    report.refuse(vec![error]);
                    continue;
                }
            };
            match recorded {
                Some(child) => {
                    self.seen.insert(child.id, line.line);
                    self.update(child, &line, section, report).await?;
                }
                None => match line.new_record() {
                    Ok(record) => {
                        new_in_batch.insert(
                            line.external_id.clone().unwrap_or_else(|| key.clone()),
                            line.line,
                        );
                        new_children.push((line, record, section));
                    }
                    Err(error) => report.refuse(vec![error]),
                },
            }
        }
        let writes: Vec<ChildWrite<'_>> = new_children
            .iter()
            .map(|(line, record, _)| ChildWrite {
                record,
                external_id: line.external_id.as_deref(),
            })
            .collect();
        let ids = self.tx.create_children(&writes, self.actor).await?;
        for ((line, record, section), id) in new_children.iter().zip(ids) {
            self.seen.insert(id, line.line);
            let mut changes = Vec::new();
            if let Some((section_id, name)) = section {
                match self.affiliate(id, *section_id, name).await? {
                    Ok(change) => changes.push(change),
                    Err(problem) => {
                        report.refuse(vec![CellError {
                            line: line.line,
                            column: Some(ChildColumn::Section.name()),
                            problem,
                        }]);
                        continue;
                    }
                }
            }
            report.created(ImportedRow {
                line: line.line,
                name: record.full_name(),
                changes,
            });
        }
        tracing::debug!(up_to_line = last_line, "import batch written");
        Ok(())
    }
}
