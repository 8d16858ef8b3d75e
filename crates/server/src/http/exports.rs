//! Lists that go out to the leaders and the secretariat's spreadsheets. `children` and `parents`
//! have exactly the columns their imports read, so that an export can be imported back unchanged.
//! Medical data is in one list only: `participants` of an activity inside its medical window,
//! read by a person (never a token), each sheet's reading logged.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use tempatro_core::api::{ApiError, ContactView, ExportTable, Participant};
use tempatro_core::import::children::{self, ChildColumn};
use tempatro_core::import::parents::{self, ParentColumn, ParentExport};
use tempatro_core::import::{Column, normalize_header};
use tempatro_core::{Amount, Cycle, Field, Lang, Role, Section};

use super::AppState;
use super::activities::participant_list;
use super::extractor::{ApiPath, ApiQuery, CurrentAccount};
use crate::error::{Error, Malformed, Result, request_lang};
use crate::store::{ChildQuery, ChildRow, DueFilter};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `2026-2027`: only the children affiliated that cycle (the current one when absent, with
    /// every child listed).
    cycle: Option<String>,
    /// Only the children in this section that cycle.
    section: Option<String>,
    /// For `participants`: the activity's number.
    activity: Option<i64>,
}

/// Staff lists: `children`, `parents`, `affiliations`, `dues`, `participants` (with `activity`).
#[utoipa::path(
    get, path = "/api/v1/exports/{list}", tag = "exports",
    params(("list" = String, Path, description = "children, parents, affiliations, dues or participants"), ExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ExportTable), (status = 403, body = ApiError),
        (status = 404, description = "Unknown list or activity", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(list): ApiPath<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Json<ExportTable>> {
    if current.account.role != Role::Responsable {
        return Err(Error::Forbidden);
    }
    let sections = state.store.sections().await?;
    let scope = Scope::read(&state, &query, &sections)?;
    let table = match list.as_str() {
        "children" => children_table(&state, &scope, &sections).await?,
        "parents" => parents_table(&state, &scope).await?,
        "affiliations" => affiliations_table(&state, &scope, &sections).await?,
        "dues" => dues_table(&state, &scope).await?,
        "participants" => {
            let activity = query
                .activity
                .ok_or_else(|| Error::Malformed(Malformed::MissingField("activity".to_owned())))?;
            let with_medical = current.api_token.is_none();
            let list = participant_list(
                &state,
                &current.account,
                current.api_token.clone(),
                activity,
                with_medical,
            )
            .await?;
            participants_table(&list.participants, list.medical_window_open && with_medical)
        }
        _ => return Err(Error::NotFound),
    };
    tracing::info!(staff = %current.account.id, token = ?current.api_token, list, rows = table.rows.len(), "list exported");
    Ok(Json(table))
}

/// Which children a list is about.
struct Scope {
    cycle: Cycle,
    /// Only the children affiliated in `cycle` (a cycle was asked for, or a section).
    affiliated_only: bool,
    section: Option<i64>,
}

impl Scope {
    fn read(state: &AppState, query: &ExportQuery, sections: &[Section]) -> Result<Scope> {
        let cycle = query
            .cycle
            .as_deref()
            .map(|raw| raw.parse::<Cycle>().map_err(|e| e.in_field(Field::Cycle)))
            .transpose()?;
        let section = query
            .section
            .as_deref()
            .map(|wanted| {
                sections
                    .iter()
                    .find(|s| normalize_header(&s.name) == normalize_header(wanted))
                    .map(|s| s.id)
                    .ok_or_else(|| Error::UnknownSection(wanted.to_owned()))
            })
            .transpose()?;
        Ok(Scope {
            cycle: cycle.unwrap_or_else(|| state.current_cycle()),
            affiliated_only: cycle.is_some() || section.is_some(),
            section,
        })
    }

    async fn children(&self, state: &AppState) -> Result<Vec<ChildRow>> {
        let mut query = ChildQuery::all(self.cycle);
        query.section = self.section;
        let rows = state.store.children(&query).await?;
        Ok(rows
            .into_iter()
            .filter(|row| !self.affiliated_only || row.affiliation.is_some())
            .collect())
    }
}

fn section_name(sections: &[Section], id: Option<i64>) -> Option<&str> {
    id.and_then(|id| sections.iter().find(|s| s.id == id))
        .map(|s| s.name.as_str())
}

fn euros(amount: Amount) -> String {
    amount.to_plain().replace('.', ",")
}

fn header<C: Column>() -> Vec<String> {
    C::ALL.iter().map(|c| c.name().to_owned()).collect()
}

async fn children_table(
    state: &AppState,
    scope: &Scope,
    sections: &[Section],
) -> Result<ExportTable> {
    let rows = scope
        .children(state)
        .await?
        .iter()
        .map(|row| {
            let section = row
                .affiliation
                .as_ref()
                .and_then(|a| section_name(sections, a.section_id));
            children::export_row(&row.child.record, row.child.external_id.as_deref(), section)
        })
        .collect();
    Ok(ExportTable {
        columns: header::<ChildColumn>(),
        rows,
    })
}

async fn parents_table(state: &AppState, scope: &Scope) -> Result<ExportTable> {
    let children: HashMap<i64, ChildRow> = scope
        .children(state)
        .await?
        .into_iter()
        .map(|row| (row.child.id, row))
        .collect();
    let mut rows = Vec::new();
    for (parent, child) in state.store.parent_links().await? {
        let child = match child {
            Some(id) => match children.get(&id) {
                Some(row) => Some(&row.child),
                // A child outside the list asked for.
                None => continue,
            },
            // A parent without children belongs only to the list of everyone.
            None if scope.affiliated_only => continue,
            None => None,
        };
        let email = parent.email.to_string();
        let last_name = parent.last_name.to_string();
        let first_name = parent.first_name.to_string();
        let child_last_name = child.map(|c| c.record.last_name.to_string());
        let child_first_name = child.map(|c| c.record.first_name.to_string());
        rows.push(parents::export_row(&ParentExport {
            email: &email,
            last_name: &last_name,
            first_name: &first_name,
            phone: parent.phone.as_ref(),
            child_external_id: child.and_then(|c| c.external_id.as_deref()),
            child_last_name: child_last_name.as_deref(),
            child_first_name: child_first_name.as_deref(),
            child_birth_date: child.map(|c| c.record.birth_date.date()),
        }));
    }
    Ok(ExportTable {
        columns: header::<ParentColumn>(),
        rows,
    })
}

async fn affiliations_table(
    state: &AppState,
    scope: &Scope,
    sections: &[Section],
) -> Result<ExportTable> {
    let lang = request_lang();
    let columns = [
        "external_id",
        "nom",
        "prenom",
        "date_naissance",
        "cycle",
        "section",
        "solidarite",
        "montant",
        "paye",
        "reste",
        "statut",
        "communication",
    ];
    let rows = scope
        .children(state)
        .await?
        .iter()
        .filter_map(|row| {
            let affiliation = row.affiliation.as_ref()?;
            let record = &row.child.record;
            Some(vec![
                row.child.external_id.clone().unwrap_or_default(),
                record.last_name.to_string(),
                record.first_name.to_string(),
                tempatro_core::date::short(record.birth_date.date()),
                affiliation.cycle.to_string(),
                section_name(sections, affiliation.section_id)
                    .unwrap_or_default()
                    .to_owned(),
                tempatro_core::import::yes_no(affiliation.solidarity).to_owned(),
                euros(affiliation.due.amount),
                euros(affiliation.due.paid),
                euros(affiliation.due.left()),
                affiliation.due.status().label(lang).to_owned(),
                affiliation.due.reference.to_string(),
            ])
        })
        .collect();
    Ok(ExportTable {
        columns: columns.map(str::to_owned).to_vec(),
        rows,
    })
}

async fn dues_table(state: &AppState, scope: &Scope) -> Result<ExportTable> {
    let lang = request_lang();
    // Dues are the children's of the list: a section narrows them, a cycle too.
    let children = if scope.affiliated_only {
        Some(
            scope
                .children(state)
                .await?
                .iter()
                .map(|row| row.child.id)
                .collect(),
        )
    } else {
        None
    };
    let dues = state
        .store
        .dues(&DueFilter {
            children,
            unpaid: false,
            cycle: None,
            activity: None,
        })
        .await?;
    let columns = [
        "communication",
        "enfant",
        "libelle",
        "montant",
        "paye",
        "reste",
        "statut",
        "cree_le",
    ];
    let rows = dues
        .iter()
        .map(|due| {
            vec![
                due.summary.reference.to_string(),
                due.child_name.clone(),
                due.label.clone(),
                euros(due.summary.amount),
                euros(due.summary.paid),
                euros(due.summary.left()),
                due.summary.status().label(lang).to_owned(),
                tempatro_core::date::short(due.created_at.date()),
            ]
        })
        .collect();
    Ok(ExportTable {
        columns: columns.map(str::to_owned).to_vec(),
        rows,
    })
}

fn contact_text(contact: &ContactView) -> String {
    [
        Some(contact.name.clone()),
        contact.phone.clone(),
        contact.email.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// With `medical`, the columns of the medical sheet too: only inside the window, for a person.
fn participants_table(participants: &[Participant], medical: bool) -> ExportTable {
    let lang = Lang::Fr;
    let mut columns = vec!["nom", "prenom", "section", "statut", "contacts"];
    if medical {
        columns.extend([
            "allergies",
            "conduite_allergies",
            "regime",
            "affections",
            "medicaments",
            "groupe_sanguin",
            "vaccin_tetanos",
            "medecin",
        ]);
    }
    let rows = participants
        .iter()
        .map(|p| {
            let mut row = vec![
                p.last_name.clone(),
                p.first_name.clone(),
                p.section.clone().unwrap_or_default(),
                p.status.label(lang).to_owned(),
                p.emergency_contacts
                    .iter()
                    .map(contact_text)
                    .collect::<Vec<_>>()
                    .join(" | "),
            ];
            if medical {
                let sheet = p.medical.as_ref();
                let text = |value: Option<&String>| value.cloned().unwrap_or_default();
                row.extend([
                    text(sheet.and_then(|s| s.allergies.as_ref())),
                    text(sheet.and_then(|s| s.allergy_actions.as_ref())),
                    text(sheet.and_then(|s| s.diet.as_ref())),
                    text(sheet.and_then(|s| s.conditions.as_ref())),
                    sheet
                        .map(|s| {
                            s.medication
                                .iter()
                                .map(|m| format!("{} ({}, {})", m.name, m.dose, m.given_by))
                                .collect::<Vec<_>>()
                                .join(" | ")
                        })
                        .unwrap_or_default(),
                    text(sheet.and_then(|s| s.blood_group.as_ref())),
                    sheet
                        .and_then(|s| s.tetanus_vaccination)
                        .map(tempatro_core::date::short)
                        .unwrap_or_default(),
                    sheet
                        .and_then(|s| s.doctor.as_ref())
                        .map(|d| format!("{} · {}", d.name, d.phone))
                        .unwrap_or_default(),
                ]);
            }
            row
        })
        .collect();
    ExportTable {
        columns: columns.into_iter().map(str::to_owned).collect(),
        rows,
    }
}
