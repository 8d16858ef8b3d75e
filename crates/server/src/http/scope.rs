//! What a family may see beyond its children's sheets: the sections, camps and children that
//! documents and news are meant for.

use super::AppState;
use crate::error::Result;
use crate::store::{ChildQuery, StoredAccount};

pub struct Scope {
    /// A responsable sees everything published; an animateur, like a parent, what is meant for
    /// them.
    pub staff: bool,
    pub children: Vec<i64>,
    /// The sections their children are in this cycle.
    pub sections: Vec<i64>,
    /// The activities their children are registered or waiting for.
    pub activities: Vec<i64>,
}

impl Scope {
    pub async fn of(state: &AppState, account: &StoredAccount) -> Result<Scope> {
        let rows = state
            .store
            .children(&ChildQuery {
                parent: Some(account.id),
                ..ChildQuery::all(state.current_cycle())
            })
            .await?;
        let mut activities = Vec::new();
        for row in &rows {
            for registration in state.store.registrations_of_child(row.child.id).await? {
                if registration.status.is_active() {
                    activities.push(registration.activity_id);
                }
            }
        }
        Ok(Scope {
            staff: account.role == tempatro_core::Role::Responsable,
            children: rows.iter().map(|row| row.child.id).collect(),
            sections: rows
                .iter()
                .filter_map(|row| row.affiliation.as_ref().and_then(|a| a.section_id))
                .collect(),
            activities,
        })
    }
}
