//! What the server keeps about camps and hikes: the activities, registrations with their fees,
//! medical sheets, their confirmations and who read them.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use tempatro_core::api::MedicalReading;
use tempatro_core::medical::MedicalSheet;
use tempatro_core::{AccountId, ActivityKind, Amount, Cycle, RegistrationStatus};

use super::{Actor, DueSummary, Payment, StoreResult, StoredChild};

#[derive(Debug, Clone)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub name: String,
    pub place: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub deadline: Date,
    pub sections: Vec<i64>,
    pub price: Amount,
    pub solidarity_price: Option<Amount>,
    pub capacity: Option<u32>,
    pub needs_medical: bool,
    pub leaders: Vec<AccountId>,
}

#[derive(Debug, Clone)]
pub struct StoredActivity {
    pub id: i64,
    pub details: NewActivity,
    pub registered: u32,
    pub waitlisted: u32,
}

#[derive(Debug, Clone)]
pub struct StoredRegistration {
    pub activity_id: i64,
    pub child_id: i64,
    pub status: RegistrationStatus,
    pub fee: Amount,
    /// What is owed and was paid for it; none while the child waits for a place.
    pub due: Option<DueSummary>,
    pub medical_confirmed_on: Option<Date>,
    pub registered_at: OffsetDateTime,
}

/// A registration with what the dashboard says of its camp or hike.
#[derive(Debug, Clone)]
pub struct Stay {
    pub registration: StoredRegistration,
    pub activity_name: String,
    pub starts_on: Date,
    pub needs_medical: bool,
}

/// A child on an activity's list, with what the leaders' list shows of it.
#[derive(Debug, Clone)]
pub struct StoredParticipant {
    pub registration: StoredRegistration,
    pub child: StoredChild,
    pub medical: Option<StoredMedical>,
    /// Its section in the cycle asked for.
    pub section_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct StoredMedical {
    pub sheet: MedicalSheet,
    pub consent_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

#[async_trait]
pub trait ActivityStore {
    async fn create_activity(&self, activity: &NewActivity) -> StoreResult<i64>;
    async fn update_activity(&self, id: i64, activity: &NewActivity) -> StoreResult<()>;
    async fn activity(&self, id: i64) -> StoreResult<Option<StoredActivity>>;
    /// Soonest first.
    async fn activities(&self) -> StoreResult<Vec<StoredActivity>>;

    /// Registers a child, or puts it on the waiting list when the activity is full: the count
    /// and the write are one statement, so two families racing for the last place cannot both
    /// get it. [`StoreError::Duplicate`] if the child is already registered or waiting.
    async fn register(
        &self,
        activity: i64,
        child: i64,
        fee: Amount,
        actor: &Actor,
    ) -> StoreResult<StoredRegistration>;
    /// Cancels a registration and, if it held a place, moves the first waiting child up; returns
    /// the cancelled registration and the child that moved up.
    async fn cancel_registration(
        &self,
        activity: i64,
        child: i64,
        actor: &Actor,
    ) -> StoreResult<(StoredRegistration, Option<i64>)>;
    /// Registered children first, then the waiting list in its order; no cancelled ones.
    async fn registrations_of_activity(
        &self,
        activity: i64,
    ) -> StoreResult<Vec<StoredRegistration>>;
    /// [`Self::registrations_of_activity`] with each child's sheet, medical sheet and section in
    /// `cycle`.
    async fn participants(
        &self,
        activity: i64,
        cycle: Cycle,
    ) -> StoreResult<Vec<StoredParticipant>>;
    /// Every registration of a child, cancelled ones included.
    /// The registrations of these children, each child's in the order registered.
    async fn registrations_of_children(
        &self,
        children: &[i64],
    ) -> StoreResult<Vec<StoredRegistration>>;
    /// The registrations of these children to camps and hikes not ended before `from`, with
    /// their activity, in one query: what a family's dashboard reads.
    async fn coming_stays(&self, children: &[i64], from: Date) -> StoreResult<Vec<Stay>>;
    async fn set_registration_payment(
        &self,
        activity: i64,
        child: i64,
        payment: Option<&Payment>,
        actor: &Actor,
    ) -> StoreResult<StoredRegistration>;
    /// "Les informations sont à jour" for one stay, recorded in the child's audit log.
    async fn confirm_medical(
        &self,
        activity: i64,
        child: i64,
        on: Date,
        actor: &Actor,
    ) -> StoreResult<()>;

    async fn medical(&self, child: i64) -> StoreResult<Option<StoredMedical>>;
    /// Saves the whole sheet if it is still at `version` (0: there is none yet).
    async fn save_medical(
        &self,
        child: i64,
        version: i64,
        sheet: &MedicalSheet,
        changed_fields: &[&str],
        actor: &Actor,
    ) -> StoreResult<StoredMedical>;
    /// `staff` read these children's medical sheets for `activity`: one line each.
    async fn log_medical_readings(
        &self,
        staff: &Actor,
        children: &[i64],
        activity: i64,
    ) -> StoreResult<()>;
    async fn medical_readings(&self, child: Option<i64>) -> StoreResult<Vec<MedicalReading>>;
}
