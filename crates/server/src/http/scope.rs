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
        let children: Vec<i64> = rows.iter().map(|row| row.child.id).collect();
        let activities = state
            .store
            .registrations_of_children(&children)
            .await?
            .into_iter()
            .filter(|registration| registration.status.is_active())
            .map(|registration| registration.activity_id)
            .collect();
        Ok(Scope {
            staff: account.role == tempatro_core::Role::Responsable,
            children,
            sections: rows
                .iter()
                .filter_map(|row| row.affiliation.as_ref().and_then(|a| a.section_id))
                .collect(),
            activities,
        })
    }
}
