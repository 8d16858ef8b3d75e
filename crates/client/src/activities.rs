//! Camps and hikes, registrations and the medical sheet.

use reqwest::Method;

use tempatro_core::api::{
    ActivityInput, ActivityPatch, ActivityView, ChildActivity, MedicalConfirmationInput,
    MedicalInput, MedicalReading, MedicalSheetView, ParticipantList, PaymentInput,
    RegistrationInput, RegistrationView,
};

use crate::{Client, Result};

impl Client {
    /// Staff: every activity; parents: those of their children's sections. Soonest first.
    pub async fn activities(&self) -> Result<Vec<ActivityView>> {
        self.send(self.request(Method::GET, "api/v1/activities"))
            .await
    }

    pub async fn activity(&self, id: i64) -> Result<ActivityView> {
        self.send(self.request(Method::GET, &format!("api/v1/activities/{id}")))
            .await
    }

    pub async fn create_activity(&self, activity: &ActivityInput) -> Result<ActivityView> {
        self.send(
            self.request(Method::POST, "api/v1/activities")
                .json(activity),
        )
        .await
    }

    pub async fn update_activity(&self, id: i64, patch: &ActivityPatch) -> Result<ActivityView> {
        self.send(
            self.request(Method::PATCH, &format!("api/v1/activities/{id}"))
                .json(patch),
        )
        .await
    }

    /// "Camps & hikes" of one child: the coming activities of its section, with its registration.
    pub async fn child_activities(&self, child: i64) -> Result<Vec<ChildActivity>> {
        self.send(self.request(Method::GET, &format!("api/v1/children/{child}/activities")))
            .await
    }

    /// Registers a child; past capacity it goes on the waiting list.
    pub async fn register(&self, activity: i64, child: i64) -> Result<RegistrationView> {
        self.send(
            self.request(
                Method::POST,
                &format!("api/v1/activities/{activity}/registrations"),
            )
            .json(&RegistrationInput { child_id: child }),
        )
        .await
    }

    /// Cancels a registration; the first waiting child moves up.
    pub async fn cancel_registration(&self, activity: i64, child: i64) -> Result<RegistrationView> {
        self.send(self.request(
            Method::DELETE,
            &format!("api/v1/activities/{activity}/registrations/{child}"),
        ))
        .await
    }

    /// Staff: registered and waiting children, with the kitchen's extract and, when asked for
    /// (`medical`) inside the medical window, the full sheets, each reading then logged.
    pub async fn participants(&self, activity: i64, medical: bool) -> Result<ParticipantList> {
        let query: &[(&str, &str)] = if medical { &[("medical", "true")] } else { &[] };
        self.send(
            self.request(
                Method::GET,
                &format!("api/v1/activities/{activity}/participants"),
            )
            .query(query),
        )
        .await
    }

    pub async fn record_registration_payment(
        &self,
        activity: i64,
        child: i64,
        payment: &PaymentInput,
    ) -> Result<RegistrationView> {
        self.send(
            self.request(
                Method::PUT,
                &format!("api/v1/activities/{activity}/registrations/{child}/payment"),
            )
            .json(payment),
        )
        .await
    }

    /// The fiche santé: always for the child's parents; for staff only inside an activity's
    /// window, and every such reading is logged.
    pub async fn medical(&self, child: i64) -> Result<MedicalSheetView> {
        self.send(self.request(Method::GET, &format!("api/v1/children/{child}/medical")))
            .await
    }

    pub async fn save_medical(&self, child: i64, sheet: &MedicalInput) -> Result<MedicalSheetView> {
        self.send(
            self.request(Method::PUT, &format!("api/v1/children/{child}/medical"))
                .json(sheet),
        )
        .await
    }

    /// "Les informations sont à jour", before an activity that needs it.
    pub async fn confirm_medical(&self, child: i64, activity: i64) -> Result<MedicalSheetView> {
        self.send(
            self.request(
                Method::POST,
                &format!("api/v1/children/{child}/medical/confirmations"),
            )
            .json(&MedicalConfirmationInput {
                activity_id: activity,
            }),
        )
        .await
    }

    /// Responsable: who read which medical sheet, when and why.
    pub async fn medical_readings(&self, child: Option<i64>) -> Result<Vec<MedicalReading>> {
        let query: Vec<(&str, String)> = child
            .map(|child| vec![("child", child.to_string())])
            .unwrap_or_default();
        self.send(
            self.request(Method::GET, "api/v1/medical-readings")
                .query(&query),
        )
        .await
    }
}
