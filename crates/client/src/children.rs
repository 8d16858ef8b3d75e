//! Children, links, affiliations and the audit log.

use reqwest::Method;

use tempatro_core::Cycle;
use tempatro_core::api::{
    AffiliationView, AuditEntry, ChildPatch, ChildSheet, ChildSummary, LinkParent,
    LinkRequestApproval, LinkRequestInput, LinkRequestStatus, LinkRequestView, NewChild,
    ParentLink, PaymentInput, Rejection, SectionChoice, SolidarityInput,
};

use crate::{Client, Result};

/// Which children to list. Parents always get their own; animateurs those of their sections.
#[derive(Debug, Clone, Default)]
pub struct ChildrenFilter {
    /// A section's name or id.
    pub section: Option<String>,
    /// The cycle whose section and affiliation the list shows (the current one by default).
    pub cycle: Option<Cycle>,
    /// Only children whose affiliation of that cycle is unpaid.
    pub unpaid: bool,
    /// Only children with the solidarity fee that cycle.
    pub solidarity: bool,
    /// Only children no parent account is linked to.
    pub unlinked: bool,
}

impl Client {
    pub async fn children(&self, filter: &ChildrenFilter) -> Result<Vec<ChildSummary>> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(section) = &filter.section {
            query.push(("section", section.clone()));
        }
        if let Some(cycle) = filter.cycle {
            query.push(("cycle", cycle.to_string()));
        }
        for (flag, name) in [
            (filter.unpaid, "unpaid"),
            (filter.solidarity, "solidarity"),
            (filter.unlinked, "unlinked"),
        ] {
            if flag {
                query.push((name, "true".to_owned()));
            }
        }
        self.send(self.request(Method::GET, "api/v1/children").query(&query))
            .await
    }

    pub async fn child(&self, id: i64) -> Result<ChildSheet> {
        self.send(self.request(Method::GET, &format!("api/v1/children/{id}")))
            .await
    }

    /// Staff: a new child, affiliated for the current cycle unless told otherwise.
    pub async fn create_child(&self, child: &NewChild) -> Result<ChildSheet> {
        self.send(self.request(Method::POST, "api/v1/children").json(child))
            .await
    }

    /// Saves changed fields; refused with 409 if the sheet changed since `patch.version`.
    pub async fn update_child(&self, id: i64, patch: &ChildPatch) -> Result<ChildSheet> {
        self.send(
            self.request(Method::PATCH, &format!("api/v1/children/{id}"))
                .json(patch),
        )
        .await
    }

    pub async fn child_history(&self, id: i64) -> Result<Vec<AuditEntry>> {
        self.send(self.request(Method::GET, &format!("api/v1/children/{id}/history")))
            .await
    }

    pub async fn link_parent(&self, child: i64, email: &str) -> Result<Vec<ParentLink>> {
        let body = LinkParent {
            email: email.to_owned(),
        };
        self.send(
            self.request(Method::POST, &format!("api/v1/children/{child}/parents"))
                .json(&body),
        )
        .await
    }

    pub async fn unlink_parent(&self, child: i64, account: i64) -> Result<()> {
        self.send_empty(self.request(
            Method::DELETE,
            &format!("api/v1/children/{child}/parents/{account}"),
        ))
        .await
    }

    /// "Renouveler une affiliation".
    pub async fn renew(&self, child: i64) -> Result<AffiliationView> {
        self.send(self.request(Method::POST, &format!("api/v1/children/{child}/renewal")))
            .await
    }

    /// Staff: affiliates a child for a cycle outside the renewal window.
    pub async fn affiliate(
        &self,
        child: i64,
        cycle: Option<Cycle>,
        section: Option<&str>,
        solidarity: bool,
    ) -> Result<AffiliationView> {
        let body = serde_json::json!({
            "cycle": cycle.map(|c| c.to_string()),
            "section": section,
            "solidarity": solidarity,
        });
        self.send(
            self.request(
                Method::POST,
                &format!("api/v1/children/{child}/affiliations"),
            )
            .json(&body),
        )
        .await
    }

    pub async fn affiliations(
        &self,
        cycle: Option<Cycle>,
        unpaid: bool,
    ) -> Result<Vec<AffiliationView>> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(cycle) = cycle {
            query.push(("cycle", cycle.to_string()));
        }
        if unpaid {
            query.push(("unpaid", "true".to_owned()));
        }
        self.send(
            self.request(Method::GET, "api/v1/affiliations")
                .query(&query),
        )
        .await
    }

    pub async fn record_affiliation_payment(
        &self,
        child: i64,
        cycle: Cycle,
        payment: &PaymentInput,
    ) -> Result<AffiliationView> {
        self.send(
            self.request(
                Method::PUT,
                &format!("api/v1/children/{child}/affiliations/{cycle}/payment"),
            )
            .json(payment),
        )
        .await
    }

    pub async fn cancel_affiliation_payment(
        &self,
        child: i64,
        cycle: Cycle,
    ) -> Result<AffiliationView> {
        self.send(self.request(
            Method::DELETE,
            &format!("api/v1/children/{child}/affiliations/{cycle}/payment"),
        ))
        .await
    }

    pub async fn set_solidarity(
        &self,
        child: i64,
        cycle: Cycle,
        granted: bool,
    ) -> Result<AffiliationView> {
        self.send(
            self.request(
                Method::PUT,
                &format!("api/v1/children/{child}/affiliations/{cycle}/solidarity"),
            )
            .json(&SolidarityInput { granted }),
        )
        .await
    }

    pub async fn set_affiliation_section(
        &self,
        child: i64,
        cycle: Cycle,
        section: &str,
    ) -> Result<AffiliationView> {
        self.send(
            self.request(
                Method::PUT,
                &format!("api/v1/children/{child}/affiliations/{cycle}/section"),
            )
            .json(&SectionChoice {
                section: section.to_owned(),
            }),
        )
        .await
    }

    /// "Mon enfant n'apparaît pas".
    pub async fn request_link(&self, request: &LinkRequestInput) -> Result<LinkRequestView> {
        self.send(
            self.request(Method::POST, "api/v1/link-requests")
                .json(request),
        )
        .await
    }

    /// Staff: every request of that status; a parent: their own.
    pub async fn link_requests(
        &self,
        status: Option<LinkRequestStatus>,
    ) -> Result<Vec<LinkRequestView>> {
        let mut query: Vec<(&str, &str)> = Vec::new();
        if let Some(status) = status {
            query.push((
                "status",
                match status {
                    LinkRequestStatus::Pending => "pending",
                    LinkRequestStatus::Approved => "approved",
                    LinkRequestStatus::Rejected => "rejected",
                },
            ));
        }
        self.send(
            self.request(Method::GET, "api/v1/link-requests")
                .query(&query),
        )
        .await
    }

    pub async fn approve_link_request(&self, id: i64, child: i64) -> Result<LinkRequestView> {
        self.send(
            self.request(Method::POST, &format!("api/v1/link-requests/{id}/approve"))
                .json(&LinkRequestApproval { child_id: child }),
        )
        .await
    }

    pub async fn reject_link_request(&self, id: i64, reason: &str) -> Result<LinkRequestView> {
        self.send(
            self.request(Method::POST, &format!("api/v1/link-requests/{id}/reject"))
                .json(&Rejection {
                    reason: reason.to_owned(),
                }),
        )
        .await
    }
}
